//! One card with everything that depends on it: recurring payments, alerts, limits, wallet tokens.

use crate::components::rows::{Row, dependents};
use crate::i18n::{Lang, format_money, label, tr};
use leptos::prelude::*;
use shared::api::{AlertView, CardView, LimitView, RecurringPaymentView, WalletTokenView};
use shared::domain::format_iban;

pub struct OnCard {
    pub recurring_payments: Vec<RecurringPaymentView>,
    pub alerts: Vec<AlertView>,
    pub limits: Vec<LimitView>,
    pub wallet_tokens: Vec<WalletTokenView>,
}

pub fn card_section(
    lang: Lang,
    card: CardView,
    account_iban: Option<String>,
    on: OnCard,
    actions: fn(Lang, &CardView) -> Option<AnyView>,
) -> AnyView {
    let title_id = format!("card-{}-title", card.id);
    let (brand, last4, expiry, status) = (
        card.brand.clone(),
        card.last4.clone(),
        card.expiry.clone(),
        card.status.clone(),
    );
    let labelled_by = title_id.clone();
    let test_id = format!("card-{}", card.last4);
    let extra = actions(lang, &card);
    let nothing = on.recurring_payments.is_empty()
        && on.alerts.is_empty()
        && on.limits.is_empty()
        && on.wallet_tokens.is_empty();
    let money = |m: &shared::api::Money| format_money(lang, &m.amount, &m.currency);

    let recurring = on
        .recurring_payments
        .iter()
        .map(|r| {
            let row = Row::new(r.merchant.clone())
                .side(money(&r.amount))
                .side_sub(label(lang, "freq", &r.frequency));
            if r.status == "active" {
                row.subline(label(lang, "status", &r.status))
            } else {
                row.flag(&r.status, label(lang, "status", &r.status))
            }
        })
        .collect();
    let alerts = on
        .alerts
        .iter()
        .map(|a| {
            let kind = label(lang, "alert", &a.kind);
            let title = match &a.threshold {
                Some(m) => format!("{kind} {}", money(m)),
                None => kind,
            };
            Row::new(title).side_sub(label(lang, "channel", &a.channel))
        })
        .collect();
    let limits = on
        .limits
        .iter()
        .map(|l| Row::new(label(lang, "limit", &l.kind)).side(money(&l.amount)))
        .collect();
    let tokens = on
        .wallet_tokens
        .iter()
        .map(|w| {
            Row::new(w.wallet.clone())
                .subline(format!("{} {}", tr(lang, "overview.wallet_on"), w.device))
                .side_sub(label(lang, "status", &w.status))
        })
        .collect();

    view! {
        <article class="item" aria-labelledby=labelled_by data-testid=test_id>
            <h3 id=title_id class="item__title">
                <span>{brand} " " <span class="mono" data-testid="card-number">{format!("•••• {last4}")}</span></span>
                <span class=format!("badge badge--{status}") data-testid="card-status">{label(lang, "status", &status)}</span>
            </h3>
            <dl class="facts">
                <div><dt>{tr(lang, "overview.expiry")}</dt><dd data-testid="card-expiry">{expiry}</dd></div>
                {account_iban.map(|iban| view! {
                    <div><dt>{tr(lang, "overview.card_account")}</dt><dd class="mono">{format_iban(&iban)}</dd></div>
                })}
            </dl>
            {extra}
            {nothing.then(|| view! { <p class="muted">{tr(lang, "overview.card_no_dependents")}</p> })}
            {dependents("recurring-payments", tr(lang, "overview.recurring_payments"), recurring)}
            {dependents("alerts", tr(lang, "overview.alerts"), alerts)}
            {dependents("limits", tr(lang, "overview.limits"), limits)}
            {dependents("wallet-tokens", tr(lang, "overview.wallet_tokens"), tokens)}
        </article>
    }
    .into_any()
}
