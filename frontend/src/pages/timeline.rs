//! The customer's timeline: every change, letter and email, newest first.

use crate::api::{self, TimelineItem};
use crate::components::field::error_key;
use crate::dates::local_date_time;
use crate::i18n::{Lang, label, tr};
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use crate::timeline_text;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use shared::ErrorCode;

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

#[component]
pub fn TimelinePage() -> impl IntoView {
    let i = use_i18n();
    let items = LocalResource::new(api::timeline);
    view! {
        <PageHeading text={i.t("timeline.title")}/>
        <section class="panel" aria-labelledby="timeline-intro">
            <p id="timeline-intro">{i.t("timeline.intro")}</p>
            {move || {
                let lang = i.lang();
                match items.get() {
                    None => view! { <p class="loading" role="status">{tr(lang, "app.loading")}</p> }.into_any(),
                    Some(Ok(list)) => entries(lang, list),
                    // Not there yet on this server: nothing to show.
                    Some(Err(e)) if e.code == ErrorCode::NotFound => entries(lang, Vec::new()),
                    Some(Err(e)) if e.code == ErrorCode::Unauthenticated => view! { <Redirect path="/login"/> }.into_any(),
                    Some(Err(e)) => view! {
                        <div class="form-alert" role="alert"><p>{tr(lang, error_key(e.code))}</p></div>
                    }.into_any(),
                }
            }}
        </section>
    }
}
