//! The customer's current state as the planner sees it: cards and every dependent, with versions.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::{ACCOUNT_KINDS, CARD_KINDS};
use crate::db::Backend;
use crate::db::rows::placeholders;

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
    let row = sqlx::query(AssertSqlSafe(snapshot_sql(Backend::of(conn))))
        .bind(customer_id)
        .fetch_one(&mut *conn)
        .await?;
    decode(&row, customer_id)
}

/// The snapshots of many customers in one statement (a bulk job's batch), in no set order;
/// a customer that does not exist has none.
pub async fn load_many(
    conn: &mut AnyConnection,
    customer_ids: &[&str],
) -> Result<Vec<Snapshot>, sqlx::Error> {
    if customer_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{} IN ({})",
        select_sql(Backend::of(conn)),
        placeholders(1, customer_ids.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for id in customer_ids {
        q = q.bind(*id);
    }
    q.fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| decode(row, &row.try_get::<String, _>(3)?))
        .collect()
}

fn decode(row: &sqlx::any::AnyRow, customer_id: &str) -> Result<Snapshot, sqlx::Error> {
    let customer_version: i64 = row.try_get(0)?;
    let decode = |e| sqlx::Error::Decode(Box::new(e));
    type CardRow = (
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        i64,
    );
    let cards: Vec<CardRow> =
        serde_json::from_str(&row.try_get::<String, _>(1)?).map_err(decode)?;
    let cards = cards
        .into_iter()
        .map(
            |(id, account_id, brand, last4, expiry, status, replaces_card_id, version)| CardSnap {
                id,
                account_id,
                brand,
                last4,
                expiry,
                status,
                replaces_card_id,
                version,
            },
        )
        .collect();
    /// `[kind, id, parent, status, version, label, sort]`, as [`snapshot_sql`] reads them.
    type DependentRow = (String, String, String, String, i64, String, Option<String>);
    let rows: Vec<DependentRow> =
        serde_json::from_str(&row.try_get::<String, _>(2)?).map_err(decode)?;
    let mut dependents = rows
        .into_iter()
        .map(|(kind, id, parent, status, version, label, sort)| {
            let card = CARD_KINDS.iter().position(|k| k.name == kind);
            let account = ACCOUNT_KINDS.iter().position(|k| k.name == kind);
            let (ord, kind, parent) = match (card, account) {
                (Some(i), _) => (i, CARD_KINDS[i].name, Parent::Card(parent)),
                (None, Some(i)) => (
                    CARD_KINDS.len() + i,
                    ACCOUNT_KINDS[i].name,
                    Parent::Account(parent),
                ),
                (None, None) => {
                    return Err(sqlx::Error::Decode(
                        format!("unknown dependent kind {kind}").into(),
                    ));
                }
            };
            let dependent = Dependent {
                kind,
                id,
                parent,
                label,
                status,
                version,
            };
            Ok(((ord, sort), dependent))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    // Reading order, sorted here rather than by the database: byte order, as SQLite's BINARY
    // and PostgreSQL's C collation compare, and half the statement's time went to its sort.
    dependents.sort_unstable_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.id.cmp(&y.id)));
    let dependents = dependents.into_iter().map(|(_, d)| d).collect();
    Ok(Snapshot {
        customer_id: customer_id.to_string(),
        customer_version,
        cards,
        dependents,
    })
}

/// The customer's whole snapshot in one statement and one row: the customer's version, their
/// cards as one JSON array of `[id, account, brand, last4, expiry, status, replaces, version]`,
/// and every dependent of every kind as one JSON array of `[kind, id, parent, status, version,
/// label, sort]` (put in reading order by [`decode`]: kind by kind, then by each kind's sort
/// key). With sqlx's SQLite driver every statement and every row is a hand-off between threads,
/// and over PostgreSQL every statement a round trip: read row by row, that was most of what a
/// large commit spent beyond its writes. The two databases name the JSON functions differently; the rest is the same SQL.
///
/// The lists name the customer as the outer row's `c.id`, never as the bound `$1`: SQLite (as
/// sqlx bundles it, with STAT4) plans a comparison of an indexed column with a bound value by
/// that value, and so prepares the whole statement again each time it is bound (about 0.4 ms
/// of a 10-item commit went there; `GET /api/me` found the same).
pub fn snapshot_sql(backend: Backend) -> &'static str {
    static SQL: [OnceLock<String>; 2] = [OnceLock::new(), OnceLock::new()];
    backend.cached(&SQL, || format!("{} = $1", select_sql(backend)))
}

/// The snapshot's statement up to the customer's id it compares with: `… WHERE c.id`.
fn select_sql(backend: Backend) -> &'static str {
    static SQL: [OnceLock<String>; 2] = [OnceLock::new(), OnceLock::new()];
    backend.cached(&SQL, || {
        let kinds: Vec<&str> = CARD_KINDS
            .iter()
            .map(|k| k.select)
            .chain(ACCOUNT_KINDS.iter().map(|k| k.select))
            .collect();
        format!(
            "SELECT c.version, \
             (SELECT {cards} FROM held_cards WHERE customer_id = c.id), \
             (SELECT {dependents} FROM ({kinds}) x), c.id \
             FROM customers c WHERE c.id",
            cards = backend.json_rows(
                "id, account_id, brand, last4, expiry, status, replaces_card_id, version",
                "created_at, id"
            ),
            dependents =
                backend.json_rows("dep_kind, id, parent, status, version, label, sort", ""),
            kinds = kinds.join(" UNION ALL "),
        )
    })
}
