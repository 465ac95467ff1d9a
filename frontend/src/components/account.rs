//! One account with the standing orders and mandates that depend on it.

use crate::components::rows::{Row, dependents};
use crate::i18n::{Lang, format_date, format_money, label, tr};
use leptos::prelude::*;
use shared::api::{AccountView, MandateView, StandingOrderView};
use shared::domain::format_iban;

pub fn account_section(
    lang: Lang,
    account: AccountView,
    standing_orders: Vec<StandingOrderView>,
    mandates: Vec<MandateView>,
    actions: fn(Lang, &AccountView) -> Option<AnyView>,
) -> AnyView {
    let title_id = format!("account-{}-title", account.id);
    let labelled_by = title_id.clone();
    let test_id = format!("account-{}", account.id);
    let extra = actions(lang, &account);
    let holders = account
        .holders
        .into_iter()
        .map(|h| {
            let name = if h.status == "deceased" {
                format!("{} ({})", h.name, tr(lang, "status.deceased"))
            } else {
                h.name
            };
            view! { <li>{name}</li> }
        })
        .collect_view();

    let orders = standing_orders
        .into_iter()
        .map(|o| {
            Row::new(o.payee)
                .subline(o.reference)
                .side(format_money(lang, &o.amount.amount, &o.amount.currency))
                .side_sub(format!(
                    "{}, {} {}",
                    label(lang, "freq", &o.frequency),
                    tr(lang, "overview.next_on"),
                    format_date(lang, &o.next_on)
                ))
        })
        .collect();
    let mandates = mandates
        .into_iter()
        .map(|m| {
            Row::new(m.creditor)
                .subline(format!(
                    "{} {}",
                    tr(lang, "overview.creditor_id"),
                    m.creditor_id
                ))
                .side_sub(m.reference)
        })
        .collect();

    view! {
        <article class="item" aria-labelledby=labelled_by data-testid=test_id>
            <h3 id=title_id>{account.name}</h3>
            <dl class="facts">
                <div><dt>{tr(lang, "overview.iban")}</dt><dd class="mono" data-testid="iban">{format_iban(&account.iban)}</dd></div>
                <div><dt>{tr(lang, "overview.holders")}</dt><dd><ul class="plain">{holders}</ul></dd></div>
                <div><dt>{tr(lang, "overview.status")}</dt><dd>{label(lang, "status", &account.status)}</dd></div>
            </dl>
            {dependents("standing-orders", tr(lang, "overview.standing_orders"), orders)}
            {dependents("mandates", tr(lang, "overview.mandates"), mandates)}
            {extra}
        </article>
    }
    .into_any()
}
