//! Planning an address change: a pure function of the customer's address state and the request.
//! The home address moves; what uses it follows unless it was set separately on purpose or the
//! customer chose to keep it; a card in the post is redirected; old and new address are told.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shared::api::Address;
use shared::domain::address::one_line;

use super::{Action, Plan, Step};

pub const KIND: &str = "address";

#[derive(Debug, Clone, PartialEq)]
pub struct AddressUse {
    pub id: String,
    /// billing | correspondence | statement | card_delivery
    pub purpose: String,
    pub follows_home: bool,
    pub address: Address,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CardInPost {
    pub id: String,
    pub label: String,
    /// ordered | dispatched
    pub delivery_status: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceContract {
    pub id: String,
    pub label: String,
    pub follows_home: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AddressState {
    pub customer_id: String,
    pub customer_version: i64,
    /// None for someone who registered through an invitation and has not given one yet: their
    /// first address is a change like any other, only without a letter to an old address.
    pub home: Option<Address>,
    pub uses: Vec<AddressUse>,
    pub cards_in_post: Vec<CardInPost>,
    pub contracts: Vec<ServiceContract>,
    /// An address change already waiting for its date.
    pub scheduled_change: Option<String>,
}

impl AddressState {
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.customer_id.as_bytes());
        h.update(self.customer_version.to_le_bytes());
        h.update(
            self.home
                .as_ref()
                .map(one_line)
                .unwrap_or_default()
                .as_bytes(),
        );
        for u in &self.uses {
            h.update(u.id.as_bytes());
            h.update(u.version.to_le_bytes());
            h.update([u8::from(u.follows_home)]);
        }
        for c in &self.cards_in_post {
            h.update(c.id.as_bytes());
            h.update(c.delivery_status.as_bytes());
        }
        for c in &self.contracts {
            h.update(c.id.as_bytes());
            h.update(c.version.to_le_bytes());
        }
        hex::encode(h.finalize())
    }
}

/// What the customer asked for, already validated. Stored with a scheduled change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddressRequest {
    pub address: Address,
    /// `YYYY-MM-DD`
    pub effective_on: String,
    /// Ids of items that follow the home address today but should stay where they are.
    #[serde(default)]
    pub keep: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("This is already your address.")]
    Unchanged,
    #[error("An address change is already scheduled. Cancel it first to plan another.")]
    AlreadyScheduled,
    #[error("Only items that follow your home address can be kept separately.")]
    UnknownChoice,
}

fn purpose_label(purpose: &str) -> String {
    match purpose {
        "billing" => "Billing address",
        "correspondence" => "Correspondence address",
        "statement" => "Statement delivery address",
        "card_delivery" => "Card delivery address",
        other => other,
    }
    .to_string()
}

pub fn plan_address(state: &AddressState, req: &AddressRequest) -> Result<Plan, PlanError> {
    if state.scheduled_change.is_some() {
        return Err(PlanError::AlreadyScheduled);
    }
    if state.home.as_ref().map(one_line) == Some(one_line(&req.address)) {
        return Err(PlanError::Unchanged);
    }
    let choosable: Vec<&str> = state
        .uses
        .iter()
        .filter(|u| u.follows_home)
        .map(|u| u.id.as_str())
        .chain(
            state
                .contracts
                .iter()
                .filter(|c| c.follows_home)
                .map(|c| c.id.as_str()),
        )
        .collect();
    if req.keep.iter().any(|k| !choosable.contains(&k.as_str())) {
        return Err(PlanError::UnknownChoice);
    }
    let old = state.home.as_ref().map(one_line).unwrap_or_default();
    let new = one_line(&req.address);
    let step =
        |kind: &str, id: &str, label: String, action: Action, before: &str, after: &str| Step {
            choices: Vec::new(),
            dependent_kind: kind.into(),
            dependent_id: id.into(),
            label,
            action,
            before: Some(before.into()),
            after: Some(after.into()),
        };
    let mut steps = vec![step(
        "home_address",
        &state.customer_id,
        "Home address".into(),
        Action::Move,
        &old,
        &new,
    )];
    if state.home.is_none() {
        steps[0].before = None;
    }
    for u in &state.uses {
        let current = one_line(&u.address);
        let follows = u.follows_home && !req.keep.contains(&u.id);
        let label = if u.follows_home {
            purpose_label(&u.purpose)
        } else {
            format!("{} (set separately)", purpose_label(&u.purpose))
        };
        steps.push(if follows {
            step("address_use", &u.id, label, Action::Move, &current, &new)
        } else {
            step(
                "address_use",
                &u.id,
                label,
                Action::Keep,
                &current,
                &current,
            )
        });
    }
    for c in &state.cards_in_post {
        steps.push(if c.delivery_status == "ordered" {
            step(
                "card_delivery",
                &c.id,
                format!("{} in the post: redirected", c.label),
                Action::Move,
                &old,
                &new,
            )
        } else {
            step(
                "card_delivery",
                &c.id,
                format!("{} already dispatched: the post forwards it", c.label),
                Action::Notify,
                &old,
                &old,
            )
        });
    }
    for c in &state.contracts {
        let follows = c.follows_home && !req.keep.contains(&c.id);
        let label = format!("{}: service address", c.label);
        steps.push(if follows {
            step("contract", &c.id, label, Action::Move, &old, &new)
        } else {
            step("contract", &c.id, label, Action::Keep, &old, &old)
        });
    }
    if state.home.is_some() {
        steps.push(step(
            "notification",
            "old_address",
            "Letter to your old address".into(),
            Action::Notify,
            &old,
            &old,
        ));
    }
    steps.push(step(
        "notification",
        "new_address",
        "Letter to your new address".into(),
        Action::Notify,
        &new,
        &new,
    ));
    steps.push(step(
        "notification",
        "email",
        "Email confirmation".into(),
        Action::Notify,
        "",
        "",
    ));
    Ok(Plan {
        kind: KIND.into(),
        effective_on: Some(req.effective_on.clone()),
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(street: &str) -> Address {
        Address {
            street: street.into(),
            postal_code: "10115".into(),
            city: "Berlin".into(),
            country: "DE".into(),
            extra: None,
            region: None,
        }
    }

    fn state() -> AddressState {
        let usage = |id: &str, purpose: &str, follows: bool, street: &str| AddressUse {
            id: id.into(),
            purpose: purpose.into(),
            follows_home: follows,
            address: addr(street),
            version: 1,
        };
        AddressState {
            customer_id: "c".into(),
            customer_version: 1,
            home: Some(addr("Alte Straße 1")),
            uses: vec![
                usage("billing", "billing", true, "Alte Straße 1"),
                usage("statement", "statement", false, "Postfach 12"),
            ],
            cards_in_post: vec![
                CardInPost {
                    id: "k1".into(),
                    label: "Visa •••• 1111".into(),
                    delivery_status: "ordered".into(),
                },
                CardInPost {
                    id: "k2".into(),
                    label: "Visa •••• 2222".into(),
                    delivery_status: "dispatched".into(),
                },
            ],
            contracts: vec![ServiceContract {
                id: "dsl".into(),
                label: "DSL".into(),
                follows_home: true,
                version: 1,
            }],
            scheduled_change: None,
        }
    }

    fn req(keep: &[&str]) -> AddressRequest {
        AddressRequest {
            address: addr("Neue Straße 2"),
            effective_on: "2026-12-01".into(),
            keep: keep.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn action(plan: &Plan, id: &str) -> Action {
        plan.steps
            .iter()
            .find(|s| s.dependent_id == id)
            .unwrap()
            .action
    }

    #[test]
    fn what_follows_the_home_moves_and_what_was_set_apart_stays() {
        let plan = plan_address(&state(), &req(&[])).unwrap();
        assert_eq!(action(&plan, "c"), Action::Move);
        assert_eq!(action(&plan, "billing"), Action::Move);
        assert_eq!(action(&plan, "statement"), Action::Keep);
        assert_eq!(
            action(&plan, "k1"),
            Action::Move,
            "a card not yet dispatched is redirected"
        );
        assert_eq!(action(&plan, "k2"), Action::Notify);
        assert_eq!(action(&plan, "dsl"), Action::Move);
        assert_eq!(action(&plan, "old_address"), Action::Notify);
        assert_eq!(action(&plan, "new_address"), Action::Notify);
        assert_eq!(plan.effective_on.as_deref(), Some("2026-12-01"));
    }

    #[test]
    fn a_first_address_moves_in_without_a_letter_to_an_old_one() {
        let first = AddressState {
            home: None,
            uses: Vec::new(),
            cards_in_post: Vec::new(),
            contracts: Vec::new(),
            ..state()
        };
        let plan = plan_address(&first, &req(&[])).unwrap();
        let home = plan.steps.iter().find(|s| s.dependent_id == "c").unwrap();
        assert_eq!((home.action, home.before.as_deref()), (Action::Move, None));
        assert!(plan.steps.iter().all(|s| s.dependent_id != "old_address"));
        assert_eq!(action(&plan, "new_address"), Action::Notify);
    }

    #[test]
    fn the_customer_can_keep_items_that_would_follow() {
        let plan = plan_address(&state(), &req(&["billing", "dsl"])).unwrap();
        assert_eq!(action(&plan, "billing"), Action::Keep);
        assert_eq!(action(&plan, "dsl"), Action::Keep);
        assert_eq!(
            plan_address(&state(), &req(&["statement"])),
            Err(PlanError::UnknownChoice)
        );
    }

    #[test]
    fn refuses_no_change_and_a_second_schedule() {
        let mut r = req(&[]);
        r.address = addr("Alte Straße 1");
        assert_eq!(plan_address(&state(), &r), Err(PlanError::Unchanged));
        let mut s = state();
        s.scheduled_change = Some("x".into());
        assert_eq!(
            plan_address(&s, &req(&[])),
            Err(PlanError::AlreadyScheduled)
        );
    }

    #[test]
    fn fingerprint_moves_with_versions() {
        let a = state();
        let mut b = state();
        b.uses[0].version = 2;
        assert_ne!(a.fingerprint(), b.fingerprint());
    }
}
