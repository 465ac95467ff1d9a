//! Planning a card activation: a pure function of the snapshot and the card being activated.

#[cfg(test)]
use super::count;
use super::{ACCOUNT_KINDS, Action, CARD_KINDS, CardSnap, Parent, Plan, Snapshot, Step};

pub const KIND: &str = "card_activation";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("This card is not one of yours.")]
    UnknownCard,
    #[error("This card is already active.")]
    AlreadyActive,
    #[error("This card was blocked and cannot be activated. A replacement has been ordered.")]
    NotActivatable,
}

/// The card a new card takes over from: the one it was issued to replace, else the active card
/// on the same account.
pub fn predecessor<'a>(snap: &'a Snapshot, new: &CardSnap) -> Option<&'a CardSnap> {
    if let Some(old) = new.replaces_card_id.as_deref().and_then(|id| snap.card(id)) {
        return Some(old);
    }
    snap.cards
        .iter()
        .find(|c| c.id != new.id && c.account_id == new.account_id && c.status == "active")
}

pub fn plan_activation(snap: &Snapshot, new_card_id: &str) -> Result<Plan, PlanError> {
    let new = snap.card(new_card_id).ok_or(PlanError::UnknownCard)?;
    match new.status.as_str() {
        "issued" => {}
        "active" => return Err(PlanError::AlreadyActive),
        _ => return Err(PlanError::NotActivatable),
    }
    let old = predecessor(snap, new);
    let mut steps = vec![Step {
        choices: Vec::new(),
        dependent_kind: "card".into(),
        dependent_id: new.id.clone(),
        label: new.display(),
        action: Action::Move,
        before: Some("issued".into()),
        after: Some("active".into()),
    }];
    if let Some(old) = old {
        steps.push(Step {
            choices: Vec::new(),
            dependent_kind: "card".into(),
            dependent_id: old.id.clone(),
            label: old.display(),
            action: Action::Cancel,
            before: Some(old.status.clone()),
            after: Some("replaced".into()),
        });
        for kind in CARD_KINDS {
            for d in snap.on_card(&old.id).filter(|d| d.kind == kind.name) {
                let cancelled = d.status == "cancelled" || d.status == "deleted";
                steps.push(Step {
                    choices: Vec::new(),
                    dependent_kind: d.kind.into(),
                    dependent_id: d.id.clone(),
                    label: d.label.clone(),
                    action: if cancelled {
                        Action::Keep
                    } else {
                        Action::Move
                    },
                    before: Some(old.display()),
                    after: Some(if cancelled {
                        old.display()
                    } else {
                        new.display()
                    }),
                });
            }
        }
    }
    // Items already waiting on this card (a holder change ordered it when the card they were
    // on closed) start working with it.
    for kind in CARD_KINDS.iter().filter(|k| k.wait_sql.is_some()) {
        for d in snap.on_card(&new.id).filter(|d| {
            d.kind == kind.name && matches!(d.status.as_str(), "waiting_for_card" | "suspended")
        }) {
            steps.push(Step {
                choices: Vec::new(),
                dependent_kind: d.kind.into(),
                dependent_id: d.id.clone(),
                label: d.label.clone(),
                action: Action::Move,
                before: Some(d.status.clone()),
                after: Some(new.display()),
            });
        }
    }
    for kind in ACCOUNT_KINDS {
        for d in snap
            .dependents
            .iter()
            .filter(|d| d.kind == kind.name && d.parent == Parent::Account(new.account_id.clone()))
        {
            steps.push(Step {
                choices: Vec::new(),
                dependent_kind: d.kind.into(),
                dependent_id: d.id.clone(),
                label: d.label.clone(),
                action: Action::Keep,
                before: None,
                after: None,
            });
        }
    }
    steps.push(Step {
        choices: Vec::new(),
        dependent_kind: "sign_in".into(),
        dependent_id: snap.customer_id.clone(),
        label: "Sign-in, customer number and password".into(),
        action: Action::Keep,
        before: None,
        after: None,
    });
    Ok(Plan {
        kind: KIND.into(),
        effective_on: None,
        steps,
    })
}

pub const BLOCK_KIND: &str = "card_block";

/// Blocking a lost or stolen card: the card stops at once; what pays with it waits for the
/// replacement (never cancelled); everything else stays until the replacement is activated.
pub fn plan_block(snap: &Snapshot, card_id: &str) -> Result<Plan, PlanError> {
    let card = snap.card(card_id).ok_or(PlanError::UnknownCard)?;
    if card.status != "active" && card.status != "issued" {
        return Err(PlanError::NotActivatable);
    }
    let mut steps = vec![Step {
        choices: Vec::new(),
        dependent_kind: "card".into(),
        dependent_id: card.id.clone(),
        label: card.display(),
        action: Action::Cancel,
        before: Some(card.status.clone()),
        after: Some("blocked".into()),
    }];
    for kind in CARD_KINDS {
        let waits = kind.wait_sql.is_some();
        for d in snap.on_card(&card.id).filter(|d| d.kind == kind.name) {
            let pauses = waits && d.status == "active";
            steps.push(Step {
                choices: Vec::new(),
                dependent_kind: d.kind.into(),
                dependent_id: d.id.clone(),
                label: d.label.clone(),
                action: if pauses { Action::Notify } else { Action::Keep },
                before: Some(d.status.clone()),
                after: Some(if pauses {
                    "waiting_for_card".into()
                } else {
                    d.status.clone()
                }),
            });
        }
    }
    Ok(Plan {
        kind: BLOCK_KIND.into(),
        effective_on: None,
        steps,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::migration::Dependent;

    pub fn card(id: &str, status: &str, replaces: Option<&str>) -> CardSnap {
        CardSnap {
            id: id.into(),
            account_id: "acc".into(),
            brand: "Visa".into(),
            last4: id.chars().rev().take(4).collect(),
            expiry: "12/29".into(),
            status: status.into(),
            replaces_card_id: replaces.map(Into::into),
            version: 1,
        }
    }

    pub fn dep(kind: &'static str, id: &str, parent: Parent, status: &str) -> Dependent {
        Dependent {
            kind,
            id: id.into(),
            parent,
            label: format!("{kind} {id}"),
            status: status.into(),
            version: 1,
        }
    }

    fn max() -> Snapshot {
        let on_old = |kind, id| dep(kind, id, Parent::Card("old".into()), "active");
        Snapshot {
            customer_id: "max".into(),
            customer_version: 1,
            cards: vec![
                card("old", "active", None),
                card("new", "issued", Some("old")),
            ],
            dependents: vec![
                on_old("recurring_payment", "netflix"),
                on_old("recurring_payment", "spotify"),
                on_old("alert", "a1"),
                on_old("limit", "l1"),
                on_old("wallet_token", "w1"),
                dep(
                    "standing_order",
                    "rent",
                    Parent::Account("acc".into()),
                    "active",
                ),
                dep("mandate", "power", Parent::Account("acc".into()), "active"),
            ],
        }
    }

    #[test]
    fn card_dependents_move_account_dependents_stay() {
        let plan = plan_activation(&max(), "new").unwrap();
        let action = |id: &str| {
            plan.steps
                .iter()
                .find(|s| s.dependent_id == id)
                .unwrap()
                .action
        };
        for id in ["netflix", "spotify", "a1", "l1", "w1", "new"] {
            assert_eq!(action(id), Action::Move, "{id}");
        }
        assert_eq!(action("rent"), Action::Keep);
        assert_eq!(action("power"), Action::Keep);
        assert_eq!(action("old"), Action::Cancel);
        assert_eq!(action("max"), Action::Keep, "sign-in is shown as unchanged");
        assert_eq!(count(&plan, Action::Move), 6);
    }

    #[test]
    fn activation_refuses_active_and_blocked_cards() {
        let mut s = max();
        assert_eq!(plan_activation(&s, "old"), Err(PlanError::AlreadyActive));
        s.cards[1].status = "blocked".into();
        assert_eq!(plan_activation(&s, "new"), Err(PlanError::NotActivatable));
        assert_eq!(plan_activation(&s, "nope"), Err(PlanError::UnknownCard));
    }

    #[test]
    fn waiting_payments_of_a_blocked_card_move_to_its_replacement() {
        let mut s = max();
        s.cards[0].status = "blocked".into();
        s.dependents[0].status = "waiting_for_card".into();
        let plan = plan_activation(&s, "new").unwrap();
        let step = plan
            .steps
            .iter()
            .find(|s| s.dependent_id == "netflix")
            .unwrap();
        assert_eq!(step.action, Action::Move);
        assert_eq!(step.after.as_deref(), Some("Visa •••• wen (12/29)"));
    }

    #[test]
    fn blocking_pauses_payments_and_tokens_and_keeps_the_rest() {
        let plan = plan_block(&max(), "old").unwrap();
        let step = |id: &str| {
            plan.steps
                .iter()
                .find(|s| s.dependent_id == id)
                .unwrap()
                .clone()
        };
        assert_eq!(step("netflix").after.as_deref(), Some("waiting_for_card"));
        assert_eq!(step("w1").action, Action::Notify);
        assert_eq!(step("a1").action, Action::Keep);
        assert!(
            plan.steps
                .iter()
                .all(|s| s.dependent_kind != "standing_order")
        );
        assert_eq!(plan_block(&max(), "nope"), Err(PlanError::UnknownCard));
    }

    #[test]
    fn without_a_predecessor_only_the_card_is_activated() {
        let mut s = max();
        s.cards[0].status = "replaced".into();
        s.cards[1].replaces_card_id = None;
        let plan = plan_activation(&s, "new").unwrap();
        assert_eq!(count(&plan, Action::Move), 1);
    }
}
