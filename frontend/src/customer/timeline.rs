//! The customer's timeline: every change, letter and email, newest first.

use crate::api::{self};
use crate::components::field::error_key;
use crate::components::timeline::entries;
use crate::i18n::tr;
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use crate::side::SignInFirst;
use leptos::prelude::*;
use shared::ErrorCode;

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
                    Some(Err(e)) if e.code == ErrorCode::Unauthenticated => view! { <SignInFirst/> }.into_any(),
                    Some(Err(e)) => view! {
                        <div class="form-alert" role="alert"><p>{tr(lang, error_key(e.code))}</p></div>
                    }.into_any(),
                }
            }}
        </section>
    }
}
