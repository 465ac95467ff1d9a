//! The customer's overview: the one customer number first, then everything grouped by what it
//! depends on, so a customer sees what will move when a card, an account or an address changes.
//!
//! The data does not change while the page is shown, so the whole overview is rendered as plain
//! text for one language and rendered again when the language changes: no reactive closure per
//! value, which keeps the wasm small.

use crate::api::{self, ApiResult};
use crate::app::use_session;
use crate::components::account::account_section;
use crate::components::card::{OnCard, card_section};
use crate::components::customer::{customer_number_panel, personal_details};
use crate::components::more::{contracts_section, preferences_section};
use crate::components::upload::cases_section;
use crate::i18n::{Lang, tr};
use crate::locale::use_i18n;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use shared::ErrorCode;
use shared::api::MeResponse;

/// What just happened on the overview, said above everything else.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Blocked {
        last4: String,
        replacement: String,
        waiting: usize,
    },
    Cancelled,
}

impl Notice {
    fn text(&self, lang: Lang) -> String {
        match self {
            Notice::Blocked {
                last4,
                replacement,
                waiting,
            } => {
                let mut text = tr(lang, "block.done")
                    .replace("{card}", last4)
                    .replace("{new}", replacement);
                if *waiting > 0 {
                    let key = if *waiting == 1 {
                        "block.waiting.one"
                    } else {
                        "block.waiting.other"
                    };
                    text.push(' ');
                    text.push_str(&tr(lang, key).replace("{n}", &waiting.to_string()));
                }
                text
            }
            Notice::Cancelled => tr(lang, "overview.scheduled_cancelled").to_owned(),
        }
    }
}

/// Shared with the overview's actions: the data to reload and the notice to show.
#[derive(Clone, Copy)]
pub struct OverviewCtx {
    pub me: LocalResource<ApiResult<MeResponse>>,
    pub notice: RwSignal<Option<Notice>>,
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let me = LocalResource::new(api::me);
    let notice = RwSignal::new(None::<Notice>);
    provide_context(OverviewCtx { me, notice });

    view! {
        <h1>{i.t("overview.title")}</h1>
        <div class="notice-slot" id="overview-notice" tabindex="-1" role="status" data-testid="overview-notice">
            {move || notice.get().map(|n| view! { <p class="notice notice--ok">{n.text(i.lang())}</p> })}
        </div>
        {move || {
            let lang = i.lang();
            match me.get() {
                None => view! { <p class="loading" role="status">{tr(lang, "app.loading")}</p> }.into_any(),
                Some(Ok(data)) => overview(lang, data),
                Some(Err(err)) if err.code == ErrorCode::Unauthenticated => {
                    view! { <Redirect path="/login"/> }.into_any()
                }
                // Staff who act for nobody have no overview of their own: the console.
                Some(Err(err)) if err.code == ErrorCode::Forbidden && session.is_staff() => {
                    view! { <Redirect path="/staff"/> }.into_any()
                }
                Some(Err(err)) => {
                    let key = match err.code {
                        ErrorCode::Unavailable => "error.unavailable",
                        ErrorCode::Forbidden => "error.forbidden",
                        _ => "error.generic",
                    };
                    view! {
                        <div class="form-alert" role="alert">
                            <p>{tr(lang, key)}</p>
                            <button type="button" class="button button--secondary" on:click=move |_| me.refetch()>
                                {tr(lang, "app.retry")}
                            </button>
                        </div>
                    }
                    .into_any()
                }
            }
        }}
    }
}

pub fn overview(lang: Lang, me: MeResponse) -> AnyView {
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
            account_section(lang, account.clone(), orders, mands)
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
            card_section(lang, card, account_iban, on)
        })
        .collect_view();

    view! {
        {customer_number_panel(lang, &customer.number)}
        {personal_details(lang, customer)}
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
