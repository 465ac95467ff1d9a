//! Contracts and preferences.

use crate::components::rows::{Row, rows_list};
use crate::i18n::{Lang, label, tr};
use leptos::prelude::*;
use shared::api::{ContractView, Preferences};

pub fn contracts_section(lang: Lang, contracts: Vec<ContractView>) -> AnyView {
    let empty = contracts.is_empty();
    let rows = contracts
        .into_iter()
        .map(|c| {
            Row::new(c.name)
                .subline(c.provider)
                .side_sub(label(lang, "status", &c.status))
        })
        .collect();
    view! {
        <section class="panel" aria-labelledby="contracts-title" data-testid="contracts">
            <h2 id="contracts-title">{tr(lang, "overview.contracts")}</h2>
            {empty.then(|| view! { <p class="muted">{tr(lang, "overview.none")}</p> })}
            {rows_list(rows)}
        </section>
    }
    .into_any()
}

pub fn preferences_section(lang: Lang, preferences: Preferences) -> AnyView {
    let yes_no = if preferences.paperless {
        "common.yes"
    } else {
        "common.no"
    };
    view! {
        <section class="panel" aria-labelledby="preferences-title" data-testid="preferences">
            <h2 id="preferences-title">{tr(lang, "overview.preferences")}</h2>
            <dl class="facts">
                <div>
                    <dt>{tr(lang, "overview.pref_language")}</dt>
                    <dd>{label(lang, "lang", &preferences.language)}</dd>
                </div>
                <div>
                    <dt>{tr(lang, "overview.pref_paperless")}</dt>
                    <dd>{tr(lang, yes_no)}</dd>
                </div>
                <div>
                    <dt>{tr(lang, "overview.pref_alert_channel")}</dt>
                    <dd>{label(lang, "channel", &preferences.alert_channel)}</dd>
                </div>
            </dl>
        </section>
    }
    .into_any()
}
