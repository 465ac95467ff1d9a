//! Planning an account-holder change (bereavement, transfer, name change): a pure function of the
//! account's state and the request. Payments, balance and arrears belong to the account and are
//! never part of a holder plan; only names and access move.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::holder_cards::{self, AccountCards, Leaving};
use super::{Action, Plan, Step};

pub const KIND: &str = "holder";

/// The dependent id that stands for an invited new holder who has no customer id yet.
pub const INVITEE: &str = "invitee";

/// Masks an email for plans and timelines: `ne…@example.com`.
pub fn mask(email: &str) -> String {
    super::address_store::mask(email)
}

#[derive(Debug, Clone, PartialEq)]
pub struct HolderSnap {
    pub customer_id: String,
    pub name: String,
    /// active | deceased | removed
    pub status: String,
    pub login_enabled: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub id: String,
    pub label: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HolderState {
    pub account_id: String,
    pub iban: String,
    pub statement_name: String,
    pub holders: Vec<HolderSnap>,
    pub standing_orders: Vec<Named>,
    pub mandates: Vec<Named>,
    pub contracts: Vec<Named>,
    /// Every holder's cards on the account and what hangs on them.
    pub cards: AccountCards,
    pub version: i64,
}

impl HolderState {
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.account_id.as_bytes());
        h.update(self.version.to_le_bytes());
        h.update(self.statement_name.as_bytes());
        for x in &self.holders {
            h.update(
                format!(
                    "{}|{}|{}|{}",
                    x.customer_id, x.name, x.status, x.login_enabled
                )
                .as_bytes(),
            );
        }
        for n in self
            .standing_orders
            .iter()
            .chain(&self.mandates)
            .chain(&self.contracts)
        {
            h.update(format!("{}|{}", n.id, n.name).as_bytes());
        }
        for c in &self.cards.cards {
            h.update(
                format!(
                    "{}|{}|{}|{}",
                    c.cardholder, c.card.id, c.card.status, c.card.version
                )
                .as_bytes(),
            );
        }
        for d in &self.cards.items {
            h.update(format!("{}|{}|{}|{:?}", d.id, d.status, d.version, d.parent).as_bytes());
        }
        hex::encode(h.finalize())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum HolderRequest {
    /// `deceased` was a joint holder; the submitter becomes sole holder.
    Bereavement {
        account_id: String,
        submitter: String,
        deceased: String,
        /// Items on the deceased's cards the customer chose to cancel rather than carry over.
        #[serde(default)]
        cancel: Vec<String>,
    },
    /// The account passes from the submitter to another person, invited by email.
    Transfer {
        account_id: String,
        submitter: String,
        /// The new holder's customer id once known: at preview when the email already belongs
        /// to a customer, otherwise from the accepted invitation when staff approve.
        #[serde(default)]
        new_holder: Option<String>,
        new_holder_name: String,
        /// Where the invitation goes (lower-cased). Empty only in transfers stored before
        /// invitations existed, which named an existing customer.
        #[serde(default)]
        new_holder_email: String,
        /// Items on the submitter's cards they chose to cancel rather than hand over.
        #[serde(default)]
        cancel: Vec<String>,
    },
    /// The submitter's legal name changes.
    NameChange {
        account_id: String,
        submitter: String,
        new_name: String,
    },
}

impl HolderRequest {
    pub fn account_id(&self) -> &str {
        match self {
            HolderRequest::Bereavement { account_id, .. }
            | HolderRequest::Transfer { account_id, .. }
            | HolderRequest::NameChange { account_id, .. } => account_id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("You are not a holder of this account.")]
    NotAHolder,
    #[error("The person named is not a joint holder of this account.")]
    NotJointHolder,
    #[error("You cannot name yourself here.")]
    Yourself,
    #[error("The new name is the same as the current one.")]
    SameName,
    #[error("The new holder already holds this account.")]
    AlreadyHolder,
}

fn step(kind: &str, id: &str, label: &str, action: Action, before: &str, after: &str) -> Step {
    Step {
        choices: Vec::new(),
        dependent_kind: kind.into(),
        dependent_id: id.into(),
        label: label.into(),
        action,
        before: Some(before.into()),
        after: Some(after.into()),
    }
}

pub fn plan_holder(st: &HolderState, req: &HolderRequest) -> Result<Plan, PlanError> {
    let holder = |id: &str| {
        st.holders
            .iter()
            .find(|h| h.customer_id == id && h.status == "active")
    };
    let (submitter, new_name) = match req {
        HolderRequest::Bereavement {
            submitter,
            deceased,
            ..
        } => {
            let me = holder(submitter).ok_or(PlanError::NotAHolder)?;
            if deceased == submitter {
                return Err(PlanError::Yourself);
            }
            holder(deceased).ok_or(PlanError::NotJointHolder)?;
            (me, me.name.clone())
        }
        HolderRequest::Transfer {
            submitter,
            new_holder,
            new_holder_name,
            ..
        } => {
            let me = holder(submitter).ok_or(PlanError::NotAHolder)?;
            if let Some(new_holder) = new_holder {
                if new_holder == submitter {
                    return Err(PlanError::Yourself);
                }
                if holder(new_holder).is_some() {
                    return Err(PlanError::AlreadyHolder);
                }
            }
            (me, new_holder_name.clone())
        }
        HolderRequest::NameChange {
            submitter,
            new_name,
            ..
        } => {
            let me = holder(submitter).ok_or(PlanError::NotAHolder)?;
            if me.name.trim() == new_name.trim() {
                return Err(PlanError::SameName);
            }
            (me, new_name.clone())
        }
    };
    let mut steps = vec![step(
        "statement_name",
        &st.account_id,
        "Name on statements",
        Action::Move,
        &st.statement_name,
        &new_name,
    )];
    for (kind, label, items) in [
        (
            "standing_order",
            "Standing order originator",
            &st.standing_orders,
        ),
        ("mandate", "Direct-debit mandate debtor", &st.mandates),
        ("contract", "Contract billing name", &st.contracts),
    ] {
        for n in items {
            steps.push(step(
                kind,
                &n.id,
                &format!("{label}: {}", n.label),
                Action::Move,
                &n.name,
                &new_name,
            ));
        }
    }
    match req {
        HolderRequest::Bereavement { deceased, .. } => {
            let d = holder(deceased).expect("checked above");
            steps.push(step(
                "holder",
                &d.customer_id,
                &d.name,
                Action::Cancel,
                "joint holder",
                "deceased",
            ));
            steps.push(step(
                "online_access",
                &d.customer_id,
                &format!("Online access of {}", d.name),
                Action::Cancel,
                "open",
                "closed",
            ));
            steps.push(step(
                "holder",
                &submitter.customer_id,
                &submitter.name,
                Action::Move,
                "joint holder",
                "sole holder",
            ));
        }
        HolderRequest::Transfer {
            new_holder,
            new_holder_name,
            new_holder_email,
            ..
        } => {
            // Until the invitation is accepted the new holder has no customer id yet.
            let new_holder = new_holder.as_deref().unwrap_or(INVITEE);
            if !new_holder_email.is_empty() {
                steps.push(step(
                    "invitation",
                    INVITEE,
                    &format!("Invitation by email to {}", mask(new_holder_email)),
                    Action::Notify,
                    "",
                    "accept before approval",
                ));
            }
            steps.push(step(
                "holder",
                &submitter.customer_id,
                &submitter.name,
                Action::Cancel,
                "holder",
                "removed",
            ));
            steps.push(step(
                "holder",
                new_holder,
                new_holder_name,
                Action::Move,
                "—",
                "holder",
            ));
            steps.push(step(
                "online_access",
                new_holder,
                &format!("Online access of {new_holder_name}"),
                Action::Move,
                "—",
                "open",
            ));
        }
        HolderRequest::NameChange { .. } => {
            steps.push(step(
                "customer_name",
                &submitter.customer_id,
                "Your name",
                Action::Move,
                &submitter.name,
                &new_name,
            ));
        }
    }
    let leaving = match req {
        HolderRequest::Bereavement {
            deceased, cancel, ..
        } => Some((
            Leaving {
                who: deceased,
                to: Some(&submitter.customer_id),
                to_name: &submitter.name,
            },
            cancel,
        )),
        HolderRequest::Transfer {
            new_holder,
            new_holder_name,
            cancel,
            ..
        } => Some((
            Leaving {
                who: &submitter.customer_id,
                to: new_holder.as_deref(),
                to_name: new_holder_name,
            },
            cancel,
        )),
        HolderRequest::NameChange { .. } => None,
    };
    if let Some((leaving, cancel)) = leaving {
        steps.extend(holder_cards::plan(&st.cards, &leaving, cancel));
    }
    steps.push(step(
        "payment_history",
        &st.account_id,
        &format!("Payments, balance and arrears of {}", st.iban),
        Action::Keep,
        "account",
        "account",
    ));
    steps.push(step(
        "notification",
        "holder_change",
        "Letter confirming the change",
        Action::Notify,
        "",
        "",
    ));
    Ok(Plan {
        kind: KIND.into(),
        effective_on: None,
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn erika_and_hans() -> HolderState {
        let h = |id: &str, name: &str| HolderSnap {
            customer_id: id.into(),
            name: name.into(),
            status: "active".into(),
            login_enabled: true,
        };
        let n = |id: &str| Named {
            id: id.into(),
            label: id.into(),
            name: "Hans und Erika".into(),
        };
        HolderState {
            account_id: "acc".into(),
            iban: "DE75".into(),
            statement_name: "Hans und Erika".into(),
            holders: vec![h("hans", "Hans"), h("erika", "Erika")],
            standing_orders: vec![n("rent")],
            mandates: vec![n("power"), n("phone")],
            contracts: vec![n("dsl")],
            cards: AccountCards::default(),
            version: 1,
        }
    }

    fn action(p: &Plan, kind: &str, id: &str) -> Action {
        p.steps
            .iter()
            .find(|s| s.dependent_kind == kind && s.dependent_id == id)
            .unwrap()
            .action
    }

    #[test]
    fn bereavement_moves_names_closes_access_and_keeps_the_history() {
        let req = HolderRequest::Bereavement {
            account_id: "acc".into(),
            submitter: "erika".into(),
            deceased: "hans".into(),
            cancel: Vec::new(),
        };
        let p = plan_holder(&erika_and_hans(), &req).unwrap();
        for (kind, id) in [
            ("standing_order", "rent"),
            ("mandate", "power"),
            ("mandate", "phone"),
            ("contract", "dsl"),
            ("statement_name", "acc"),
        ] {
            assert_eq!(action(&p, kind, id), Action::Move, "{kind}");
            assert_eq!(
                p.steps
                    .iter()
                    .find(|s| s.dependent_id == id)
                    .unwrap()
                    .after
                    .as_deref(),
                Some("Erika")
            );
        }
        assert_eq!(action(&p, "online_access", "hans"), Action::Cancel);
        assert_eq!(action(&p, "payment_history", "acc"), Action::Keep);
    }

    #[test]
    fn refuses_what_does_not_fit() {
        let st = erika_and_hans();
        let b = |s: &str, d: &str| HolderRequest::Bereavement {
            account_id: "acc".into(),
            submitter: s.into(),
            deceased: d.into(),
            cancel: Vec::new(),
        };
        assert_eq!(
            plan_holder(&st, &b("lena", "hans")),
            Err(PlanError::NotAHolder)
        );
        assert_eq!(
            plan_holder(&st, &b("erika", "erika")),
            Err(PlanError::Yourself)
        );
        assert_eq!(
            plan_holder(&st, &b("erika", "lena")),
            Err(PlanError::NotJointHolder)
        );
        let same = HolderRequest::NameChange {
            account_id: "acc".into(),
            submitter: "erika".into(),
            new_name: "Erika".into(),
        };
        assert_eq!(plan_holder(&st, &same), Err(PlanError::SameName));
        let to = |who: Option<&str>| HolderRequest::Transfer {
            account_id: "acc".into(),
            submitter: "erika".into(),
            new_holder: who.map(Into::into),
            new_holder_name: "Nora".into(),
            new_holder_email: "nora@example.com".into(),
            cancel: Vec::new(),
        };
        assert_eq!(
            plan_holder(&st, &to(Some("erika"))),
            Err(PlanError::Yourself)
        );
        assert_eq!(
            plan_holder(&st, &to(Some("hans"))),
            Err(PlanError::AlreadyHolder)
        );
    }

    #[test]
    fn a_transfer_to_an_invited_person_names_them_and_says_the_invitation() {
        let req = HolderRequest::Transfer {
            account_id: "acc".into(),
            submitter: "erika".into(),
            new_holder: None,
            new_holder_name: "Nora Neu".into(),
            new_holder_email: "nora@example.com".into(),
            cancel: Vec::new(),
        };
        let p = plan_holder(&erika_and_hans(), &req).unwrap();
        assert_eq!(action(&p, "invitation", INVITEE), Action::Notify);
        assert_eq!(action(&p, "online_access", INVITEE), Action::Move);
        assert_eq!(action(&p, "holder", "erika"), Action::Cancel);
        let inv = p
            .steps
            .iter()
            .find(|s| s.dependent_kind == "invitation")
            .unwrap();
        assert!(inv.label.contains("no…@example.com"), "{}", inv.label);
        assert!(!inv.label.contains("nora@"));
        assert_eq!(action(&p, "standing_order", "rent"), Action::Move);
    }
}
