//! What the customer's own overview offers beside the read-only sections it shares with the
//! staff console: activate or report a card, change the holder, change or cancel a move.

use super::block_card::BlockCard;
use super::scheduled::ScheduledAddress;
use crate::components::overview::Actions;
use crate::i18n::{Lang, tr};
use crate::side::AppLink;
use leptos::prelude::*;
use shared::api::{AccountView, CardView};

pub const OVERVIEW: Actions = Actions {
    address: address_actions,
    account: account_actions,
    card: card_actions,
};

fn address_actions(lang: Lang) -> Option<AnyView> {
    Some(
        view! {
            <ScheduledAddress/>
            <p class="actions">
                <AppLink href="/change/address" class="button button--secondary">{tr(lang, "overview.change_address")}</AppLink>
            </p>
        }
        .into_any(),
    )
}

fn account_actions(lang: Lang, account: &AccountView) -> Option<AnyView> {
    Some(
        view! {
            <p class="actions">
                <AppLink href=format!("/change/holder?account={}", account.id) class="button button--secondary">{tr(lang, "overview.change_holder")}</AppLink>
            </p>
        }
        .into_any(),
    )
}

/// What a customer can do with a card in its state: activate a new one, report an active one.
fn card_actions(lang: Lang, card: &CardView) -> Option<AnyView> {
    match card.status.as_str() {
        "issued" => Some(
            view! {
                <div class="notice notice--info" data-testid="card-pending">
                    <p>{tr(lang, "overview.card_pending")}</p>
                    <AppLink href="/change/card" class="button button--primary">{tr(lang, "overview.activate_card")}</AppLink>
                </div>
            }
            .into_any(),
        ),
        "active" => Some(view! { <BlockCard card_id=card.id.clone() last4=card.last4.clone()/> }.into_any()),
        "blocked" => Some(view! { <p class="muted">{tr(lang, "overview.card_blocked")}</p> }.into_any()),
        _ => None,
    }
}
