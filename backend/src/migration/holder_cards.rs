//! The cards of a person who stops being a holder (deceased, or handing the account over): they
//! close in the holder change's own transaction, and what hangs on them is planned item by item.
//! Pure, like every planner: the shell loads [`AccountCards`] and applies the steps.
//!
//! The default loses nothing: an item moves to an active card of the person who stays (or takes
//! over); without one it waits for a card ordered for them. Where a kind can be cancelled (a
//! deceased person's streaming subscription) the step offers that choice.

use super::{Action, Dependent, Step, snapshot::CardSnap};

/// The dependent id of the card ordered for the remaining or new holder.
pub const NEW_CARD: &str = "new_card";

/// Whether a customer may cancel items of this kind instead of carrying them over.
pub fn cancellable(kind: &str) -> bool {
    super::CARD_KINDS
        .iter()
        .any(|k| k.name == kind && k.cancel_sql.is_some())
}

/// A card on the account and whose it is.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldCard {
    pub cardholder: String,
    pub card: CardSnap,
}

/// The account's cards (every holder's) and the card-bound items on them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccountCards {
    pub cards: Vec<HeldCard>,
    pub items: Vec<Dependent>,
}

/// Who leaves, and who the items go to (`None`: an invitee without a customer id yet).
pub struct Leaving<'a> {
    pub who: &'a str,
    pub to: Option<&'a str>,
    pub to_name: &'a str,
}

/// A card that can still pay or be activated.
pub fn is_live(status: &str) -> bool {
    matches!(status, "active" | "issued" | "blocked")
}

fn is_dormant(status: &str) -> bool {
    matches!(status, "cancelled" | "deleted")
}

impl AccountCards {
    fn on_card<'a>(&'a self, card_id: &'a str) -> impl Iterator<Item = &'a Dependent> + 'a {
        self.items
            .iter()
            .filter(move |d| matches!(&d.parent, super::Parent::Card(c) if c == card_id))
    }

    /// The card items of the leaving person go to: an active card of theirs on this account.
    pub fn target(&self, to: Option<&str>) -> Option<&CardSnap> {
        let to = to?;
        self.cards
            .iter()
            .find(|h| h.cardholder == to && h.card.status == "active")
            .map(|h| &h.card)
    }

    pub fn closing<'a>(&'a self, who: &'a str) -> impl Iterator<Item = &'a CardSnap> + 'a {
        self.cards
            .iter()
            .filter(move |h| h.cardholder == who && is_live(&h.card.status))
            .map(|h| &h.card)
    }
}

/// The steps for the leaving person's cards; `cancel` holds the items the customer chose to
/// cancel (ids of other kinds, or of items not on a closing card, change nothing).
pub fn plan(cards: &AccountCards, leaving: &Leaving, cancel: &[String]) -> Vec<Step> {
    let target = cards.target(leaving.to);
    let mut steps = Vec::new();
    let mut waits = false;
    for card in cards.closing(leaving.who) {
        steps.push(step(
            "card",
            &card.id,
            card.display(),
            Action::Cancel,
            &card.status,
            "closed",
            Vec::new(),
        ));
        for d in cards.on_card(&card.id).filter(|d| !is_dormant(&d.status)) {
            let choices = if cancellable(d.kind) {
                vec![Action::Move, Action::Cancel]
            } else {
                Vec::new()
            };
            let (action, after) = if !choices.is_empty() && cancel.contains(&d.id) {
                (Action::Cancel, "cancelled".to_string())
            } else if let Some(t) = target {
                (Action::Move, t.display())
            } else {
                waits = true;
                (Action::Move, new_card_label(leaving.to_name))
            };
            steps.push(step(
                d.kind,
                &d.id,
                d.label.clone(),
                action,
                &card.display(),
                &after,
                choices,
            ));
        }
    }
    if waits {
        steps.push(step(
            "card",
            NEW_CARD,
            new_card_label(leaving.to_name),
            Action::Move,
            "—",
            "ordered",
            Vec::new(),
        ));
    }
    steps
}

fn new_card_label(name: &str) -> String {
    format!("New card for {name}")
}

fn step(
    kind: &str,
    id: &str,
    label: String,
    action: Action,
    before: &str,
    after: &str,
    choices: Vec<Action>,
) -> Step {
    Step {
        dependent_kind: kind.into(),
        dependent_id: id.into(),
        label,
        action,
        before: Some(before.into()),
        after: Some(after.into()),
        choices,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migration::Parent;

    fn card(id: &str, status: &str) -> CardSnap {
        CardSnap {
            id: id.into(),
            account_id: "acc".into(),
            brand: "Mastercard".into(),
            last4: id.into(),
            expiry: "08/28".into(),
            status: status.into(),
            replaces_card_id: None,
            version: 1,
        }
    }

    fn item(kind: &'static str, id: &str, on: &str, status: &str) -> Dependent {
        Dependent {
            kind,
            id: id.into(),
            parent: Parent::Card(on.into()),
            label: id.into(),
            status: status.into(),
            version: 1,
        }
    }

    fn hans_and_erika(erika_has_a_card: bool) -> AccountCards {
        let mut cards = vec![
            HeldCard {
                cardholder: "hans".into(),
                card: card("4444", "active"),
            },
            HeldCard {
                cardholder: "hans".into(),
                card: card("0001", "replaced"),
            },
        ];
        if erika_has_a_card {
            cards.push(HeldCard {
                cardholder: "erika".into(),
                card: card("5555", "active"),
            });
        }
        AccountCards {
            cards,
            items: vec![
                item("recurring_payment", "stream", "4444", "active"),
                item("recurring_payment", "paper", "4444", "active"),
                item("recurring_payment", "old", "4444", "cancelled"),
                item("alert", "alert", "4444", "active"),
            ],
        }
    }

    const ERIKA: Leaving = Leaving {
        who: "hans",
        to: Some("erika"),
        to_name: "Erika",
    };

    fn find<'a>(steps: &'a [Step], id: &str) -> &'a Step {
        steps.iter().find(|s| s.dependent_id == id).unwrap()
    }

    #[test]
    fn the_leaving_persons_live_cards_close_and_their_items_move_to_the_one_who_stays() {
        let steps = plan(&hans_and_erika(true), &ERIKA, &[]);
        let closed = find(&steps, "4444");
        assert_eq!(
            (closed.action, closed.after.as_deref()),
            (Action::Cancel, Some("closed"))
        );
        assert!(
            steps.iter().all(|s| s.dependent_id != "0001"),
            "a replaced card stays as it is"
        );
        for id in ["stream", "paper", "alert"] {
            let s = find(&steps, id);
            assert_eq!(s.action, Action::Move, "{id}");
            assert!(s.after.as_deref().unwrap().contains("5555"), "{id}");
        }
        assert!(
            steps.iter().all(|s| s.dependent_id != "old"),
            "a cancelled item is history"
        );
        assert!(
            steps.iter().all(|s| s.dependent_id != NEW_CARD),
            "nothing waits"
        );
        assert_eq!(
            find(&steps, "stream").choices,
            [Action::Move, Action::Cancel]
        );
        assert!(
            find(&steps, "alert").choices.is_empty(),
            "an alert has no cancel"
        );
    }

    #[test]
    fn without_a_card_to_move_to_the_items_wait_for_a_new_one() {
        let steps = plan(
            &hans_and_erika(false),
            &ERIKA,
            &["stream".into(), "alert".into()],
        );
        let stream = find(&steps, "stream");
        assert_eq!(stream.action, Action::Cancel, "chosen");
        let paper = find(&steps, "paper");
        assert_eq!(paper.action, Action::Move);
        assert_eq!(
            paper.after.as_deref(),
            Some("New card for Erika"),
            "waits for it"
        );
        assert_eq!(
            find(&steps, "alert").action,
            Action::Move,
            "no cancel for alerts"
        );
        assert_eq!(find(&steps, NEW_CARD).after.as_deref(), Some("ordered"));
    }

    #[test]
    fn someone_with_no_cards_on_the_account_closes_nothing() {
        let steps = plan(
            &hans_and_erika(true),
            &Leaving {
                who: "lena",
                to: Some("erika"),
                to_name: "Erika",
            },
            &[],
        );
        assert!(steps.is_empty());
    }
}
