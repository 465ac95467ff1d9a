//! A labelled `<select>`: each language named in itself.

use crate::i18n::{Lang, tr};
use crate::locale::use_i18n;
use leptos::prelude::*;

#[component]
pub fn LangSwitch() -> impl IntoView {
    let i = use_i18n();
    let on_change = move |ev| {
        if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
            i.set(lang);
        }
    };
    view! {
        <div class="lang-switch">
            <label for="lang-select">{i.t("app.lang_label")}</label>
            <select id="lang-select" on:change=on_change prop:value=move || i.lang().tag()>
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <option value=lang.tag() lang=lang.tag() selected=move || i.lang() == lang>
                                {tr(lang, if lang == Lang::De { "lang.de" } else { "lang.en" })}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
