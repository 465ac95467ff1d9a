//! The customer's cases (a holder change under review) as the overview lists them.

use crate::dates::local_date_time;
use crate::i18n::{Lang, label, tr};
use leptos::prelude::*;
use shared::api::CaseView;

/// One case as the customer sees it: status and "We decide by …" (or that it is late).
pub fn case_view(lang: Lang, c: &CaseView) -> AnyView {
    let due = local_date_time(lang, &c.due_at);
    let when = if c.status != "open" {
        None
    } else if c.overdue {
        Some(tr(lang, "case.late").replace("{date}", &due))
    } else {
        Some(tr(lang, "case.decide_by").replace("{date}", &due))
    };
    let status = if c.status == "open" {
        tr(lang, "status.pending_review").to_owned()
    } else {
        label(lang, "status", &c.status)
    };
    view! {
        <li class="row" data-testid="case" data-status=c.status.clone()>
            <span class="row__main">{format!("{} · {status}", label(lang, "kind", &c.kind))}</span>
            {when.map(|w| view! { <span class="row__sub" class:late=c.overdue>{w}</span> })}
        </li>
    }
    .into_any()
}

/// The customer's cases (a holder change under review), for the overview.
pub fn cases_section(lang: Lang, cases: Vec<CaseView>) -> Option<AnyView> {
    (!cases.is_empty()).then(|| {
        view! {
            <section class="panel" aria-labelledby="cases-title" data-testid="cases">
                <h2 id="cases-title">{tr(lang, "case.title")}</h2>
                <ul class="plain">{cases.iter().map(|c| case_view(lang, c)).collect_view()}</ul>
            </section>
        }
        .into_any()
    })
}
