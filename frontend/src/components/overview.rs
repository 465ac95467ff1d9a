//! A customer's data as sections, the same on the customer's overview and in the staff
//! console's read-only view; only the actions differ, and they are passed in.

use crate::components::account::account_section;
use crate::components::card::{OnCard, card_section};
use crate::components::cases::cases_section;
use crate::components::customer::{customer_number_panel, personal_details};
use crate::components::more::{contracts_section, preferences_section};
use crate::i18n::{Lang, tr};
use leptos::prelude::*;
use shared::api::{AccountView, CardView, MeResponse};

/// What the reader may do beside each part. The staff console passes [`Actions::NONE`], so its
/// bundle carries none of the customer's actions.
#[derive(Clone, Copy)]
pub struct Actions {
    /// Under the postal address.
    pub address: fn(Lang) -> Option<AnyView>,
    pub account: fn(Lang, &AccountView) -> Option<AnyView>,
    pub card: fn(Lang, &CardView) -> Option<AnyView>,
}

impl Actions {
    pub const NONE: Actions = Actions {
        address: |_| None,
        account: |_, _| None,
        card: |_, _| None,
    };
}

/// Everything a customer has, grouped by what it depends on; `actions` adds what the reader may
/// do to each part.
pub fn overview(lang: Lang, me: MeResponse, actions: Actions) -> AnyView {
    let MeResponse {
        customer,
        accounts,
        cards,
        standing_orders,
        mandates,
        recurring_payments,
        alerts,
        limits,
        wallet_tokens,
        contracts,
        preferences,
        cases,
        ..
    } = me;

    let accounts_view = accounts
        .iter()
        .map(|account| {
            let orders = standing_orders
                .iter()
                .filter(|o| o.account_id == account.id)
                .cloned()
                .collect();
            let mands = mandates
                .iter()
                .filter(|m| m.account_id == account.id)
                .cloned()
                .collect();
            account_section(lang, account.clone(), orders, mands, actions.account)
        })
        .collect_view();

    let cards_view = cards
        .into_iter()
        .map(|card| {
            let account_iban = accounts
                .iter()
                .find(|a| a.id == card.account_id)
                .map(|a| a.iban.clone());
            let on = OnCard {
                recurring_payments: recurring_payments
                    .iter()
                    .filter(|r| r.card_id == card.id)
                    .cloned()
                    .collect(),
                alerts: alerts
                    .iter()
                    .filter(|a| a.card_id == card.id)
                    .cloned()
                    .collect(),
                limits: limits
                    .iter()
                    .filter(|l| l.card_id == card.id)
                    .cloned()
                    .collect(),
                wallet_tokens: wallet_tokens
                    .iter()
                    .filter(|w| w.card_id == card.id)
                    .cloned()
                    .collect(),
            };
            card_section(lang, card, account_iban, on, actions.card)
        })
        .collect_view();

    view! {
        {customer_number_panel(lang, &customer.number)}
        {personal_details(lang, customer, actions.address)}
        <section class="panel" aria-labelledby="accounts-title" data-testid="accounts">
            <h2 id="accounts-title">{tr(lang, "overview.accounts")}</h2>
            {accounts_view}
        </section>
        <section class="panel" aria-labelledby="cards-title" data-testid="cards">
            <h2 id="cards-title">{tr(lang, "overview.cards")}</h2>
            {cards_view}
        </section>
        {cases_section(lang, cases)}
        {contracts_section(lang, contracts)}
        {preferences_section(lang, preferences)}
    }
    .into_any()
}
