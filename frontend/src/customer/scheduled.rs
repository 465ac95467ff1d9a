//! A scheduled address change on the overview: where to, from when, and a way to cancel it.

use super::overview::{Notice, OverviewCtx};
use crate::api;
use crate::components::field::error_key;
use crate::i18n::{format_date, tr};
use crate::locale::use_i18n;
use crate::submit::Submit;
use leptos::prelude::*;

#[component]
pub fn ScheduledAddress() -> impl IntoView {
    let i = use_i18n();
    let ctx = expect_context::<OverviewCtx>();
    // Loaded with the overview (`OverviewCtx::changes`), so this notice is there when the page
    // is and pushes nothing down afterwards.
    let changes = ctx.changes;
    let submit = Submit::new();
    let pending = submit.pending();
    let failed = RwSignal::new(None::<&'static str>);

    let cancel = move |id: String, etag: String| {
        submit.run(async move {
            let result = api::cancel_change(id, etag).await;
            match result {
                Ok(_) => {
                    failed.set(None);
                    ctx.notice.set(Some(Notice::Cancelled));
                    changes.refetch();
                }
                Err(e) => failed.set(Some(error_key(e.code))),
            }
        });
    };

    move || {
        let lang = i.lang();
        let change = changes
            .get()?
            .ok()?
            .into_iter()
            .find(|c| c.kind == "address" && c.status == "scheduled")?;
        let to = change
            .steps
            .iter()
            .find(|s| s.dependent_kind == "home_address")
            .and_then(|s| s.after.clone())
            .unwrap_or_default();
        let title = match &change.effective_on {
            Some(d) => tr(lang, "overview.scheduled_on").replace("{date}", &format_date(lang, d)),
            None => tr(lang, "overview.scheduled").to_owned(),
        };
        let etag = change.etag();
        let id = change.id;
        Some(view! {
            <div class="notice notice--info" data-testid="scheduled-address">
                <p><strong>{title}</strong></p>
                <p>{to}</p>
                {move || failed.get().map(|k| view! { <p class="field__error" role="alert">{tr(lang, k)}</p> })}
                <button type="button" class="button button--secondary" disabled=move || pending.get()
                    on:click=move |_| cancel(id.clone(), etag.clone())>
                    {tr(lang, "overview.scheduled_cancel")}
                </button>
            </div>
        })
    }
}
