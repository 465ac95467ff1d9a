//! The customer's overview: the one customer number first, then everything grouped by what it
//! depends on, so a customer sees what will move when a card, an account or an address changes.

use crate::api;
use crate::components::account::AccountSection;
use crate::components::card::CardSection;
use crate::components::customer::{CustomerNumberPanel, PersonalDetails};
use crate::components::more::{ContractsSection, PreferencesSection};
use crate::locale::use_i18n;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use shared::api::MeResponse;
use shared::{ApiError, ErrorCode};

#[component]
pub fn OverviewPage() -> impl IntoView {
    let i = use_i18n();
    let me = LocalResource::new(api::me);

    view! {
        <h1>{i.t("overview.title")}</h1>
        {move || match me.get() {
            None => view! { <p class="loading" role="status">{i.t("app.loading")}</p> }.into_any(),
            Some(Ok(data)) => overview(data),
            Some(Err(err)) if err.code == ErrorCode::Unauthenticated => {
                view! { <Redirect path="/login"/> }.into_any()
            }
            Some(Err(err)) => load_failed(err, move || me.refetch()),
        }}
    }
}

fn load_failed(err: ApiError, retry: impl Fn() + Send + Sync + 'static) -> AnyView {
    let i = use_i18n();
    let key = match err.code {
        ErrorCode::Unavailable => "error.unavailable",
        ErrorCode::Forbidden => "error.forbidden",
        _ => "error.generic",
    };
    view! {
        <div class="form-alert" role="alert">
            <p>{i.t(key)}</p>
            <button type="button" class="button button--secondary" on:click=move |_| retry()>
                {i.t("app.retry")}
            </button>
        </div>
    }
    .into_any()
}

fn overview(me: MeResponse) -> AnyView {
    let i = use_i18n();
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
    } = me;

    let accounts_view = accounts
        .iter()
        .map(|account| {
            let orders = standing_orders.iter().filter(|o| o.account_id == account.id).cloned().collect();
            let mands = mandates.iter().filter(|m| m.account_id == account.id).cloned().collect();
            view! { <AccountSection account=account.clone() standing_orders=orders mandates=mands/> }
        })
        .collect_view();

    let cards_view = cards
        .into_iter()
        .map(|card| {
            let account_iban = accounts.iter().find(|a| a.id == card.account_id).map(|a| a.iban.clone());
            let on_card = |id: &str| id == card.id;
            let recurring = recurring_payments.iter().filter(|r| on_card(&r.card_id)).cloned().collect();
            let card_alerts = alerts.iter().filter(|a| on_card(&a.card_id)).cloned().collect();
            let card_limits = limits.iter().filter(|l| on_card(&l.card_id)).cloned().collect();
            let tokens = wallet_tokens.iter().filter(|w| on_card(&w.card_id)).cloned().collect();
            view! {
                <CardSection
                    card=card.clone()
                    account_iban=account_iban
                    recurring_payments=recurring
                    alerts=card_alerts
                    limits=card_limits
                    wallet_tokens=tokens
                />
            }
        })
        .collect_view();

    view! {
        <CustomerNumberPanel number=customer.number.clone()/>
        <PersonalDetails customer=customer/>
        <section class="panel" aria-labelledby="accounts-title" data-testid="accounts">
            <h2 id="accounts-title">{i.t("overview.accounts")}</h2>
            {accounts_view}
        </section>
        <section class="panel" aria-labelledby="cards-title" data-testid="cards">
            <h2 id="cards-title">{i.t("overview.cards")}</h2>
            {cards_view}
        </section>
        <ContractsSection contracts=contracts/>
        <PreferencesSection preferences=preferences/>
    }
    .into_any()
}
