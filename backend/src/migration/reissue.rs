//! Planning a bank's reissue of one card (`carryover reissue`): a pure function of the snapshot,
//! which already holds the replacement the bank issued (status `issued`, `replaces_card_id` the
//! old card).
//!
//! With carry-over (the bank switches the number itself, e.g. a BIN migration) the plan is the
//! card activation's, so the reissue moves exactly what the customer's own activation would.
//! Without it, nothing moves yet: the customer activates the new card as after a replacement
//! they ordered, and everything follows then.

use super::card::{self, PlanError};
use super::{Action, CARD_KINDS, Plan, Snapshot, Step};

pub const KIND: &str = "card_reissue";

pub fn plan(snap: &Snapshot, new_card_id: &str, carry_over: bool) -> Result<Plan, PlanError> {
    let new = snap.card(new_card_id).ok_or(PlanError::UnknownCard)?;
    let old = new
        .replaces_card_id
        .as_deref()
        .and_then(|id| snap.card(id))
        .ok_or(PlanError::UnknownCard)?;
    if carry_over {
        let mut plan = card::plan_activation(snap, new_card_id)?;
        plan.kind = KIND.into();
        return Ok(plan);
    }
    if new.status != "issued" {
        return Err(PlanError::AlreadyActive);
    }
    let mut steps = vec![
        Step {
            choices: Vec::new(),
            dependent_kind: "card".into(),
            dependent_id: new.id.clone(),
            label: new.display(),
            action: Action::Notify,
            before: None,
            after: Some("issued".into()),
        },
        Step {
            choices: Vec::new(),
            dependent_kind: "card".into(),
            dependent_id: old.id.clone(),
            label: old.display(),
            action: Action::Keep,
            before: Some(old.status.clone()),
            after: Some(old.status.clone()),
        },
    ];
    // What hangs on the old card stays there until the customer activates the new one.
    for kind in CARD_KINDS {
        for d in snap.on_card(&old.id).filter(|d| d.kind == kind.name) {
            steps.push(Step {
                choices: Vec::new(),
                dependent_kind: d.kind.into(),
                dependent_id: d.id.clone(),
                label: d.label.clone(),
                action: Action::Keep,
                before: Some(old.display()),
                after: Some(old.display()),
            });
        }
    }
    Ok(Plan {
        kind: KIND.into(),
        effective_on: None,
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migration::card::tests::{card, dep};
    use crate::migration::{Parent, count};

    fn reissued() -> Snapshot {
        let on = |id: &str, card: &str| {
            dep("recurring_payment", id, Parent::Card(card.into()), "active")
        };
        Snapshot {
            customer_id: "c".into(),
            customer_version: 1,
            cards: vec![
                card("old", "active", None),
                card("new", "issued", Some("old")),
                card("other", "active", None),
            ],
            dependents: vec![
                on("netflix", "old"),
                dep("alert", "a1", Parent::Card("old".into()), "active"),
                on("gym", "other"),
            ],
        }
    }

    #[test]
    fn carried_over_a_reissue_moves_what_an_activation_would() {
        let snap = reissued();
        let plan = plan(&snap, "new", true).unwrap();
        let activation = card::plan_activation(&snap, "new").unwrap();
        assert_eq!(plan.kind, KIND);
        assert_eq!(plan.steps, activation.steps);
        // The new card, Netflix and the alert; the other card's gym stays out of it.
        assert_eq!(count(&plan, Action::Move), 3);
        assert!(plan.steps.iter().all(|s| s.dependent_id != "gym"));
    }

    #[test]
    fn without_carry_over_nothing_moves_until_the_customer_activates() {
        let plan = plan(&reissued(), "new", false).unwrap();
        assert_eq!(count(&plan, Action::Move), 0);
        assert_eq!(count(&plan, Action::Cancel), 0);
        let netflix = plan
            .steps
            .iter()
            .find(|s| s.dependent_id == "netflix")
            .unwrap();
        assert_eq!(netflix.action, Action::Keep);
        assert_eq!(plan.steps[0].after.as_deref(), Some("issued"));
    }

    #[test]
    fn a_card_that_replaces_nothing_is_not_a_reissue() {
        let mut snap = reissued();
        snap.cards[1].replaces_card_id = None;
        assert_eq!(plan(&snap, "new", true), Err(PlanError::UnknownCard));
        assert_eq!(plan(&snap, "missing", false), Err(PlanError::UnknownCard));
    }
}
