//! The card activations this process previewed, kept for their commit.
//!
//! A commit must apply exactly what the customer saw, so it used to read the customer's whole
//! state again under the lock and compare it with the preview's fingerprint: at 1,000 items that
//! read was a third of the commit. A commit that finds its preview here, and finds the
//! customer's version where the preview read it, skips that read and applies the kept plan.
//!
//! Why that is sound:
//! - every write to a customer's cards or card-bound items by that customer, by staff acting for
//!   them or by the bank's reissue bumps `customers.version` in the same transaction;
//! - the one writer that does not (a holder change moving a leaving holder's items onto this
//!   customer's card) changes what the activation's invariant check compares after the writes:
//!   the rows' counts and the sum of their versions (every write bumps its row's version). On
//!   the kept path a difference there is not a failure but a stale preview (`Drift`), so the
//!   commit rolls back and answers with a fresh plan, as the re-read would.
//!
//! A commit on another replica, after a restart or after eviction does not find its preview and
//! reads the state again: the cache only ever saves work.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use crate::migration::{Plan, Snapshot};

/// Items (dependents read plus steps planned) all kept previews hold together at most; the
/// oldest go first. A 10,000-item preview takes 20,000.
const CAPACITY: usize = 60_000;

/// What a preview read and planned.
pub struct Previewed {
    pub before: Snapshot,
    pub plan: Plan,
}

impl Previewed {
    fn weight(&self) -> usize {
        self.before.dependents.len() + self.plan.steps.len() + 1
    }
}

/// Shared by every request of one process; cheap to clone.
#[derive(Clone, Default)]
pub struct Previews(Arc<Mutex<Kept>>);

#[derive(Default)]
struct Kept {
    by_key: HashMap<String, Previewed>,
    /// Insertion order for eviction; may name keys already taken, which are skipped.
    order: VecDeque<String>,
    weight: usize,
}

/// A preview is the state it read (the fingerprint) and what it plans for (the card).
pub fn key(fingerprint: &str, card_id: &str) -> String {
    format!("{fingerprint}/{card_id}")
}

impl Previews {
    pub fn keep(&self, key: String, previewed: Previewed) {
        let weight = previewed.weight();
        if weight > CAPACITY {
            return;
        }
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = kept.by_key.insert(key.clone(), previewed) {
            kept.weight -= old.weight();
        }
        kept.weight += weight;
        kept.order.push_back(key);
        while kept.weight > CAPACITY {
            let Some(oldest) = kept.order.pop_front() else {
                break;
            };
            if let Some(gone) = kept.by_key.remove(&oldest) {
                kept.weight -= gone.weight();
            }
        }
        if kept.order.len() > 2 * kept.by_key.len() + 64 {
            let Kept { by_key, order, .. } = &mut *kept;
            order.retain(|k| by_key.contains_key(k));
        }
    }

    /// The preview for `key`, removed: a preview is committed at most once.
    pub fn take(&self, key: &str) -> Option<Previewed> {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let previewed = kept.by_key.remove(key)?;
        kept.weight -= previewed.weight();
        Some(previewed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migration::{Dependent, Parent};

    fn previewed(items: usize) -> Previewed {
        let dependent = |i: usize| Dependent {
            kind: "alert",
            id: format!("a{i}"),
            parent: Parent::Card("k".into()),
            label: String::new(),
            status: "active".into(),
            version: 1,
        };
        Previewed {
            before: Snapshot {
                customer_id: "c".into(),
                customer_version: 1,
                cards: Vec::new(),
                dependents: (0..items).map(dependent).collect(),
            },
            plan: Plan {
                kind: "card_activation".into(),
                effective_on: None,
                steps: Vec::new(),
            },
        }
    }

    #[test]
    fn a_preview_is_taken_once() {
        let previews = Previews::default();
        previews.keep(key("f", "k"), previewed(3));
        assert!(previews.take(&key("f", "other")).is_none());
        assert_eq!(
            previews
                .take(&key("f", "k"))
                .unwrap()
                .before
                .dependents
                .len(),
            3
        );
        assert!(previews.take(&key("f", "k")).is_none());
        assert_eq!(previews.0.lock().unwrap().weight, 0);
    }

    #[test]
    fn the_oldest_go_when_full_and_the_weight_stays_bounded() {
        let previews = Previews::default();
        for i in 0..20 {
            previews.keep(key(&i.to_string(), "k"), previewed(CAPACITY / 8));
        }
        let kept = previews.0.lock().unwrap();
        assert!(kept.weight <= CAPACITY, "{}", kept.weight);
        assert!(kept.by_key.contains_key(&key("19", "k")));
        assert!(!kept.by_key.contains_key(&key("0", "k")));
        drop(kept);
        // Too large to keep at all: the commit will read the state again.
        previews.keep(key("huge", "k"), previewed(CAPACITY + 1));
        assert!(previews.take(&key("huge", "k")).is_none());
    }

    #[test]
    fn taken_keys_do_not_pile_up_in_the_order() {
        let previews = Previews::default();
        for i in 0..1_000 {
            previews.keep(key(&i.to_string(), "k"), previewed(1));
            previews.take(&key(&i.to_string(), "k"));
        }
        assert!(previews.0.lock().unwrap().order.len() <= 64 + 1);
    }
}
