//! What must hold after a plan was applied, checked inside the transaction before commit.
//! Pure: it compares the snapshot before, the snapshot after and the plan.

use std::collections::HashMap;

use super::{Action, CARD_KINDS, Parent, Plan, Snapshot};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    #[error("{kind} {id} disappeared although the plan did not cancel it")]
    Disappeared { kind: String, id: String },
    #[error("{kind} {id} still points at the {status} card {card}")]
    OnDeadCard {
        kind: String,
        id: String,
        card: String,
        status: String,
    },
    #[error("{kind} {id} was planned to move to card {to} but is on {actual:?}")]
    NotMoved {
        kind: String,
        id: String,
        to: String,
        actual: Parent,
    },
    #[error("{kind}: {before} before, {after} after, {cancelled} cancelled")]
    CountChanged {
        kind: String,
        before: usize,
        after: usize,
        cancelled: usize,
    },
}

fn is_dormant(status: &str) -> bool {
    matches!(status, "cancelled" | "deleted")
}

pub fn check(before: &Snapshot, after: &Snapshot, plan: &Plan) -> Result<(), Violation> {
    let cancelled: std::collections::HashSet<&str> = plan
        .steps
        .iter()
        .filter(|s| s.action == Action::Cancel)
        .map(|s| s.dependent_id.as_str())
        .collect();
    let after_by_id: HashMap<(&str, &str), &super::Dependent> = after
        .dependents
        .iter()
        .map(|d| ((d.kind, d.id.as_str()), d))
        .collect();

    for d in &before.dependents {
        if !after_by_id.contains_key(&(d.kind, d.id.as_str()))
            && !cancelled.contains(&d.id.as_str())
        {
            return Err(Violation::Disappeared {
                kind: d.kind.into(),
                id: d.id.clone(),
            });
        }
    }

    let mut counts: HashMap<&str, (usize, usize, usize)> = HashMap::new();
    for d in &before.dependents {
        let e = counts.entry(d.kind).or_default();
        e.0 += 1;
        if cancelled.contains(&d.id.as_str()) {
            e.2 += 1;
        }
    }
    for d in &after.dependents {
        counts.entry(d.kind).or_default().1 += 1;
    }
    for (kind, (b, a, c)) in counts {
        if a + c < b || a > b {
            return Err(Violation::CountChanged {
                kind: kind.into(),
                before: b,
                after: a,
                cancelled: c,
            });
        }
    }

    // A card activation names its target as the first moved card.
    let target = plan
        .steps
        .iter()
        .find(|s| s.dependent_kind == "card" && s.action == Action::Move)
        .map(|s| s.dependent_id.as_str());
    if let Some(to) = target {
        for s in plan
            .steps
            .iter()
            .filter(|s| s.action == Action::Move && s.dependent_kind != "card")
        {
            let Some(d) = after_by_id.get(&(s.dependent_kind.as_str(), s.dependent_id.as_str()))
            else {
                return Err(Violation::Disappeared {
                    kind: s.dependent_kind.clone(),
                    id: s.dependent_id.clone(),
                });
            };
            if d.parent != Parent::Card(to.to_string()) {
                return Err(Violation::NotMoved {
                    kind: s.dependent_kind.clone(),
                    id: s.dependent_id.clone(),
                    to: to.into(),
                    actual: d.parent.clone(),
                });
            }
        }
    }

    for d in &after.dependents {
        let Parent::Card(card_id) = &d.parent else {
            continue;
        };
        let Some(card) = after.card(card_id) else {
            continue;
        };
        let waits = CARD_KINDS
            .iter()
            .any(|k| k.name == d.kind && k.wait_sql.is_some());
        let dead = match card.status.as_str() {
            "replaced" => !is_dormant(&d.status),
            "blocked" => waits && d.status == "active",
            _ => false,
        };
        if dead {
            return Err(Violation::OnDeadCard {
                kind: d.kind.into(),
                id: d.id.clone(),
                card: card.id.clone(),
                status: card.status.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migration::card::plan_activation;
    use crate::migration::card::tests::{card, dep};

    fn before() -> Snapshot {
        Snapshot {
            customer_id: "c".into(),
            customer_version: 1,
            cards: vec![
                card("old", "active", None),
                card("new", "issued", Some("old")),
            ],
            dependents: vec![
                dep(
                    "recurring_payment",
                    "r1",
                    Parent::Card("old".into()),
                    "active",
                ),
                dep("alert", "a1", Parent::Card("old".into()), "active"),
            ],
        }
    }

    fn applied(b: &Snapshot) -> Snapshot {
        let mut a = b.clone();
        a.cards[0].status = "replaced".into();
        a.cards[1].status = "active".into();
        for d in &mut a.dependents {
            d.parent = Parent::Card("new".into());
        }
        a
    }

    #[test]
    fn a_correct_application_passes() {
        let b = before();
        let plan = plan_activation(&b, "new").unwrap();
        assert_eq!(check(&b, &applied(&b), &plan), Ok(()));
    }

    #[test]
    fn a_lost_dependent_is_caught() {
        let b = before();
        let plan = plan_activation(&b, "new").unwrap();
        let mut a = applied(&b);
        a.dependents.pop();
        assert!(matches!(
            check(&b, &a, &plan),
            Err(Violation::Disappeared { .. })
        ));
    }

    #[test]
    fn a_dependent_left_on_the_replaced_card_is_caught() {
        let b = before();
        let plan = plan_activation(&b, "new").unwrap();
        let mut a = applied(&b);
        a.dependents[1].parent = Parent::Card("old".into());
        assert!(matches!(
            check(&b, &a, &plan),
            Err(Violation::NotMoved { .. })
        ));
    }

    #[test]
    fn an_active_payment_on_a_blocked_card_is_caught() {
        let mut b = before();
        b.cards[0].status = "blocked".into();
        let plan = super::super::Plan {
            kind: "card_block".into(),
            effective_on: None,
            steps: vec![],
        };
        assert!(matches!(
            check(&b, &b, &plan),
            Err(Violation::OnDeadCard { .. })
        ));
        b.dependents[0].status = "waiting_for_card".into();
        assert_eq!(check(&b, &b, &plan), Ok(()));
    }
}
