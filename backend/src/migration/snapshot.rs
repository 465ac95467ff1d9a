//! The customer's current state as the planner sees it: cards and every dependent, with versions.

use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::{ACCOUNT_KINDS, CARD_KINDS};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardSnap {
    pub id: String,
    pub account_id: String,
    pub brand: String,
    pub last4: String,
    pub expiry: String,
    pub status: String,
    pub replaces_card_id: Option<String>,
    pub version: i64,
}

impl CardSnap {
    pub fn display(&self) -> String {
        format!("{} •••• {} ({})", self.brand, self.last4, self.expiry)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parent {
    Card(String),
    Account(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependent {
    pub kind: &'static str,
    pub id: String,
    pub parent: Parent,
    pub label: String,
    pub status: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub customer_id: String,
    pub customer_version: i64,
    pub cards: Vec<CardSnap>,
    pub dependents: Vec<Dependent>,
}

impl Snapshot {
    pub fn card(&self, id: &str) -> Option<&CardSnap> {
        self.cards.iter().find(|c| c.id == id)
    }

    pub fn on_card<'a>(&'a self, card_id: &'a str) -> impl Iterator<Item = &'a Dependent> + 'a {
        self.dependents
            .iter()
            .filter(move |d| matches!(&d.parent, Parent::Card(c) if c == card_id))
    }

    /// Binds a plan to the state it was computed from: any version that moves changes it.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.customer_id.as_bytes());
        h.update(self.customer_version.to_le_bytes());
        for c in &self.cards {
            for part in [&c.id, &c.status] {
                h.update(part.as_bytes());
                h.update([0]);
            }
            h.update(c.version.to_le_bytes());
        }
        for d in &self.dependents {
            let parent = match &d.parent {
                Parent::Card(id) | Parent::Account(id) => id,
            };
            for part in [d.kind, &d.id, parent, &d.status] {
                h.update(part.as_bytes());
                h.update([0]);
            }
            h.update(d.version.to_le_bytes());
        }
        hex::encode(h.finalize())
    }
}

pub async fn load(conn: &mut AnyConnection, customer_id: &str) -> Result<Snapshot, sqlx::Error> {
    let customer_version: i64 = sqlx::query("SELECT version FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let cards = sqlx::query(
        "SELECT id, account_id, brand, last4, expiry, status, replaces_card_id, version FROM held_cards \
         WHERE customer_id = $1 ORDER BY created_at, id",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(CardSnap {
            id: r.try_get("id")?,
            account_id: r.try_get("account_id")?,
            brand: r.try_get("brand")?,
            last4: r.try_get("last4")?,
            expiry: r.try_get("expiry")?,
            status: r.try_get("status")?,
            replaces_card_id: r.try_get("replaces_card_id")?,
            version: r.try_get("version")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let mut dependents = Vec::new();
    for k in CARD_KINDS {
        for r in sqlx::query(AssertSqlSafe(k.load_sql))
            .bind(customer_id)
            .fetch_all(&mut *conn)
            .await?
        {
            dependents.push(Dependent {
                kind: k.name,
                id: r.try_get("id")?,
                parent: Parent::Card(r.try_get("card_id")?),
                label: (k.label)(&r)?,
                status: r.try_get("status")?,
                version: r.try_get("version")?,
            });
        }
    }
    for k in ACCOUNT_KINDS {
        for r in sqlx::query(AssertSqlSafe(k.load_sql))
            .bind(customer_id)
            .fetch_all(&mut *conn)
            .await?
        {
            dependents.push(Dependent {
                kind: k.name,
                id: r.try_get("id")?,
                parent: Parent::Account(r.try_get("account_id")?),
                label: (k.label)(&r)?,
                status: r.try_get("status")?,
                version: r.try_get("version")?,
            });
        }
    }
    Ok(Snapshot {
        customer_id: customer_id.to_string(),
        customer_version,
        cards,
        dependents,
    })
}
