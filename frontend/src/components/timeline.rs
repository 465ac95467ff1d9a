//! Timeline entries as a list, newest first: the customer's timeline and the staff console's.

use crate::api::TimelineItem;
use crate::dates::local_date_time;
use crate::i18n::{Lang, label, tr};
use crate::timeline_text;
use leptos::prelude::*;

pub fn entries(lang: Lang, items: Vec<TimelineItem>) -> AnyView {
    if items.is_empty() {
        return view! { <p class="muted" data-testid="timeline-empty">{tr(lang, "timeline.empty")}</p> }.into_any();
    }
    let rows = items
        .into_iter()
        .map(|e| {
            view! {
                <li class="timeline__entry" data-testid="timeline-entry" data-kind=e.kind.clone()>
                    <time datetime=e.at.clone() class="timeline__when">{local_date_time(lang, &e.at)}</time>
                    <span class="timeline__what">{timeline_text::summary(lang, &e.data, &e.summary, &|at| local_date_time(lang, at))}</span>
                    <span class="row__sub">{format!("{} · {}", label(lang, "event", &e.kind), timeline_text::actor(lang, &e.data, &e.actor))}</span>
                    {e.reason.map(|r| view! { <span class="row__sub">{format!("{} {r}", tr(lang, "timeline.reason"))}</span> })}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline" data-testid="timeline">{rows}</ol> }.into_any()
}
