//! The migration engine: a change is planned by a pure function of the customer's current state
//! ([`Snapshot`]) and the requested change, then applied in one transaction by [`apply`].
//!
//! Each dependent kind is one module that knows its table, how to read its rows into the
//! snapshot, how to plan its part and which single set-based statement moves it. Adding a kind
//! means adding a module and listing it in [`KINDS`]; no other kind changes.

pub mod address;
pub mod address_store;
pub mod apply;
pub mod bulk;
pub mod card;
mod card_bound;
mod counts;
pub mod holder;
pub mod holder_cards;
pub mod holder_cards_store;
pub mod holder_store;
pub mod invariants;
pub mod record;
pub mod reissue;
pub mod snapshot;
pub mod token;

mod alert;
mod limit;
mod mandate;
mod recurring_payment;
mod standing_order;
mod wallet_token;

pub use card_bound::CardBound;
pub use counts::Drift;
pub use snapshot::{CardSnap, Dependent, Parent, Snapshot};

// Plans are the API's own types: what the engine computes is exactly what the customer reviews.
pub use shared::api::{PlanStep as Step, PlanView as Plan, StepAction as Action};

pub fn count(plan: &Plan, action: Action) -> usize {
    plan.steps.iter().filter(|s| s.action == action).count()
}

/// The card-bound kinds, in the order a person reads them on the review page.
pub static CARD_KINDS: [&CardBound; 4] = [
    &recurring_payment::KIND,
    &alert::KIND,
    &limit::KIND,
    &wallet_token::KIND,
];

/// Account-bound kinds: they belong to the account, so a card change keeps them.
pub static ACCOUNT_KINDS: [&card_bound::AccountBound; 2] = [&standing_order::KIND, &mandate::KIND];

/// Every dependent kind the engine knows.
pub fn kind_names() -> impl Iterator<Item = &'static str> {
    CARD_KINDS
        .iter()
        .map(|k| k.name)
        .chain(ACCOUNT_KINDS.iter().map(|k| k.name))
}
