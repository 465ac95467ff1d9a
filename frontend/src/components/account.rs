//! One account with the standing orders and mandates that depend on it.

use crate::i18n::{format_date, format_money, label};
use crate::locale::use_i18n;
use leptos::prelude::*;
use shared::api::{AccountView, MandateView, StandingOrderView};
use shared::domain::format_iban;

#[component]
pub fn AccountSection(
    account: AccountView,
    standing_orders: Vec<StandingOrderView>,
    mandates: Vec<MandateView>,
) -> impl IntoView {
    let i = use_i18n();
    let title_id = format!("account-{}-title", account.id);
    let labelled_by = title_id.clone();
    let holders = account
        .holders
        .into_iter()
        .map(|h| {
            let deceased = h.status == "deceased";
            view! {
                <li>
                    {h.name}
                    {deceased.then(|| view! { " (" {i.t("status.deceased")} ")" })}
                </li>
            }
        })
        .collect_view();
    let status = account.status;

    view! {
        <article class="item" aria-labelledby=labelled_by data-testid=format!("account-{}", account.id)>
            <h3 id=title_id>{account.name}</h3>
            <dl class="facts">
                <div><dt>{i.t("overview.iban")}</dt><dd class="mono" data-testid="iban">{format_iban(&account.iban)}</dd></div>
                <div><dt>{i.t("overview.holders")}</dt><dd><ul class="plain">{holders}</ul></dd></div>
                <div><dt>{i.t("overview.status")}</dt><dd>{move || label(i.lang(), "status", &status)}</dd></div>
            </dl>
            <StandingOrders orders=standing_orders/>
            <Mandates mandates=mandates/>
        </article>
    }
    .into_any()
}

#[component]
fn StandingOrders(orders: Vec<StandingOrderView>) -> impl IntoView {
    let i = use_i18n();
    let items = orders
        .into_iter()
        .map(|o| {
            view! {
                <li class="row">
                    <span class="row__main">
                        <strong>{o.payee}</strong>
                        <span class="row__sub">{o.reference}</span>
                    </span>
                    <span class="row__side">
                        <strong>{move || format_money(i.lang(), &o.amount.amount, &o.amount.currency)}</strong>
                        <span class="row__sub">
                            {move || label(i.lang(), "freq", &o.frequency)} ", " {i.t("overview.next_on")} " "
                            {move || format_date(i.lang(), &o.next_on)}
                        </span>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="dependents" data-testid="standing-orders">
            <h4>{i.t("overview.standing_orders")}</h4>
            <ul class="rows">{items}</ul>
        </section>
    }
    .into_any()
}

#[component]
fn Mandates(mandates: Vec<MandateView>) -> impl IntoView {
    let i = use_i18n();
    let items = mandates
        .into_iter()
        .map(|m| {
            view! {
                <li class="row">
                    <span class="row__main">
                        <strong>{m.creditor}</strong>
                        <span class="row__sub">{i.t("overview.creditor_id")} " " {m.creditor_id}</span>
                    </span>
                    <span class="row__side row__sub">{m.reference}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="dependents" data-testid="mandates">
            <h4>{i.t("overview.mandates")}</h4>
            <ul class="rows">{items}</ul>
        </section>
    }
    .into_any()
}
