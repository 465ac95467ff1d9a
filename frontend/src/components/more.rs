//! Contracts and preferences.

use crate::i18n::label;
use crate::locale::use_i18n;
use leptos::prelude::*;
use shared::api::{ContractView, Preferences};

#[component]
pub fn ContractsSection(contracts: Vec<ContractView>) -> impl IntoView {
    let i = use_i18n();
    let empty = contracts.is_empty();
    let rows = contracts
        .into_iter()
        .map(|c| {
            let status = c.status;
            view! {
                <li class="row">
                    <span class="row__main">
                        <strong>{c.name}</strong>
                        <span class="row__sub">{c.provider}</span>
                    </span>
                    <span class="row__side row__sub">{move || label(i.lang(), "status", &status)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="contracts-title" data-testid="contracts">
            <h2 id="contracts-title">{i.t("overview.contracts")}</h2>
            {empty.then(|| view! { <p class="muted">{i.t("overview.none")}</p> })}
            <ul class="rows">{rows}</ul>
        </section>
    }
    .into_any()
}

#[component]
pub fn PreferencesSection(preferences: Preferences) -> impl IntoView {
    let i = use_i18n();
    let Preferences { language, paperless, alert_channel } = preferences;
    view! {
        <section class="panel" aria-labelledby="preferences-title" data-testid="preferences">
            <h2 id="preferences-title">{i.t("overview.preferences")}</h2>
            <dl class="facts">
                <div>
                    <dt>{i.t("overview.pref_language")}</dt>
                    <dd>{move || label(i.lang(), "lang", &language)}</dd>
                </div>
                <div>
                    <dt>{i.t("overview.pref_paperless")}</dt>
                    <dd>{i.t(if paperless { "common.yes" } else { "common.no" })}</dd>
                </div>
                <div>
                    <dt>{i.t("overview.pref_alert_channel")}</dt>
                    <dd>{move || label(i.lang(), "channel", &alert_channel)}</dd>
                </div>
            </dl>
        </section>
    }
    .into_any()
}
