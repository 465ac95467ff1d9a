//! One card with everything that depends on it: recurring payments, alerts, limits, wallet tokens.

use crate::i18n::{format_money, label};
use crate::locale::use_i18n;
use leptos::prelude::*;
use shared::api::{AlertView, CardView, LimitView, RecurringPaymentView, WalletTokenView};
use shared::domain::format_iban;

#[component]
pub fn CardSection(
    card: CardView,
    account_iban: Option<String>,
    recurring_payments: Vec<RecurringPaymentView>,
    alerts: Vec<AlertView>,
    limits: Vec<LimitView>,
    wallet_tokens: Vec<WalletTokenView>,
) -> impl IntoView {
    let i = use_i18n();
    let title_id = format!("card-{}-title", card.id);
    let labelled_by = title_id.clone();
    let nothing = recurring_payments.is_empty() && alerts.is_empty() && limits.is_empty() && wallet_tokens.is_empty();
    let status = card.status.clone();
    let badge_class = format!("badge badge--{}", card.status);

    view! {
        <article class="item" aria-labelledby=labelled_by data-testid=format!("card-{}", card.last4)>
            <h3 id=title_id class="item__title">
                <span>{card.brand} " " <span class="mono" data-testid="card-number">{format!("•••• {}", card.last4)}</span></span>
                <span class=badge_class data-testid="card-status">{move || label(i.lang(), "status", &status)}</span>
            </h3>
            <dl class="facts">
                <div><dt>{i.t("overview.expiry")}</dt><dd data-testid="card-expiry">{card.expiry}</dd></div>
                {account_iban.map(|iban| view! {
                    <div><dt>{i.t("overview.card_account")}</dt><dd class="mono">{format_iban(&iban)}</dd></div>
                })}
            </dl>
            {nothing.then(|| view! { <p class="muted">{i.t("overview.card_no_dependents")}</p> })}
            {(!recurring_payments.is_empty()).then(|| view! { <RecurringPayments items=recurring_payments/> })}
            {(!alerts.is_empty()).then(|| view! { <Alerts items=alerts/> })}
            {(!limits.is_empty()).then(|| view! { <Limits items=limits/> })}
            {(!wallet_tokens.is_empty()).then(|| view! { <WalletTokens items=wallet_tokens/> })}
        </article>
    }
    .into_any()
}

#[component]
fn RecurringPayments(items: Vec<RecurringPaymentView>) -> impl IntoView {
    let i = use_i18n();
    let rows = items
        .into_iter()
        .map(|r| {
            view! {
                <li class="row">
                    <span class="row__main">
                        <strong>{r.merchant}</strong>
                        <span class="row__sub">{move || label(i.lang(), "status", &r.status)}</span>
                    </span>
                    <span class="row__side">
                        <strong>{move || format_money(i.lang(), &r.amount.amount, &r.amount.currency)}</strong>
                        <span class="row__sub">{move || label(i.lang(), "freq", &r.frequency)}</span>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="dependents" data-testid="recurring-payments">
            <h4>{i.t("overview.recurring_payments")}</h4>
            <ul class="rows">{rows}</ul>
        </section>
    }
    .into_any()
}

#[component]
fn Alerts(items: Vec<AlertView>) -> impl IntoView {
    let i = use_i18n();
    let rows = items
        .into_iter()
        .map(|a| {
            let text = move || {
                let lang = i.lang();
                let kind = label(lang, "alert", &a.kind);
                match &a.threshold {
                    Some(m) => format!("{kind} {}", format_money(lang, &m.amount, &m.currency)),
                    None => kind,
                }
            };
            let channel = a.channel;
            view! {
                <li class="row">
                    <span class="row__main"><strong>{text}</strong></span>
                    <span class="row__side row__sub">{move || label(i.lang(), "channel", &channel)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="dependents" data-testid="alerts">
            <h4>{i.t("overview.alerts")}</h4>
            <ul class="rows">{rows}</ul>
        </section>
    }
    .into_any()
}

#[component]
fn Limits(items: Vec<LimitView>) -> impl IntoView {
    let i = use_i18n();
    let rows = items
        .into_iter()
        .map(|l| {
            let kind = l.kind;
            view! {
                <li class="row">
                    <span class="row__main"><strong>{move || label(i.lang(), "limit", &kind)}</strong></span>
                    <span class="row__side">{move || format_money(i.lang(), &l.amount.amount, &l.amount.currency)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="dependents" data-testid="limits">
            <h4>{i.t("overview.limits")}</h4>
            <ul class="rows">{rows}</ul>
        </section>
    }
    .into_any()
}

#[component]
fn WalletTokens(items: Vec<WalletTokenView>) -> impl IntoView {
    let i = use_i18n();
    let rows = items
        .into_iter()
        .map(|w| {
            let status = w.status;
            view! {
                <li class="row">
                    <span class="row__main">
                        <strong>{w.wallet}</strong>
                        <span class="row__sub">{i.t("overview.wallet_on")} " " {w.device}</span>
                    </span>
                    <span class="row__side row__sub">{move || label(i.lang(), "status", &status)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="dependents" data-testid="wallet-tokens">
            <h4>{i.t("overview.wallet_tokens")}</h4>
            <ul class="rows">{rows}</ul>
        </section>
    }
    .into_any()
}
