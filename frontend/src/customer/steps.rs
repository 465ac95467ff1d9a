//! The step indicator of a flow: an ordered list, the current step marked `aria-current="step"`.

use crate::locale::use_i18n;
use leptos::prelude::*;

#[component]
pub fn StepIndicator(labels: [&'static str; 4], current: Signal<usize>) -> impl IntoView {
    let i = use_i18n();
    let items = labels
        .into_iter()
        .enumerate()
        .map(|(n, key)| {
            view! {
                <li
                    class="steps__item"
                    class:steps__item--done=move || { current.get() > n }
                    aria-current=move || (current.get() == n).then_some("step")
                >
                    <span class="steps__number" aria-hidden="true">{n + 1}</span>
                    <span class="steps__label">{i.t(key)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ol class="steps" aria-label=i.t("flow.progress") data-testid="steps">{items}</ol>
    }
}
