//! `carryover seed --customers N --history-days D`: a past for the generated customers, so the
//! staff dashboard (story 003) has a period to show. Completed changes whose self-service share
//! grows across the period (the hotline-to-self-service shift the story wants measured), staff
//! contacts before assisted changes, decided holder cases, promises kept or broken, and the
//! delivered notification of every change. Deterministic for the same database and arguments.
//! Only generated customers (`bulk-…`) get a past: the demo customers' stories stay as written.

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::Row;
use time::{Duration, OffsetDateTime};

use super::history_words::{Said, change_said, said};
use super::rows::{V, insert_many};
use crate::auth::password::hash_password;
use crate::clock::db_time;
use crate::crypto::random_token;
use crate::db::Db;
use crate::migration::record;
use crate::{outbox, timeline};

/// What one generated past contains, printed by the command and checked by the tests.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Generated {
    pub changes: usize,
    pub self_service: usize,
    pub cases: usize,
    pub promises: usize,
}

const KINDS: &[(&str, u32)] = &[
    ("card_activation", 45),
    ("address", 38),
    ("holder", 10),
    ("card_block", 7),
];

fn pick_kind(rng: &mut StdRng) -> &'static str {
    let total: u32 = KINDS.iter().map(|k| k.1).sum();
    let mut n = rng.gen_range(0..total);
    for (kind, weight) in KINDS {
        if n < *weight {
            return kind;
        }
        n -= weight;
    }
    unreachable!("weights cover the range")
}

/// Rows per table, written in one go per table.
#[derive(Default)]
struct Tables(BTreeMap<&'static str, Vec<Vec<V>>>);

impl Tables {
    fn push(&mut self, table: &'static str, row: Vec<V>) {
        self.0.entry(table).or_default().push(row);
    }
}

const COLUMNS: &[(&str, &[&str])] = &[
    ("changes", &record::COLUMNS),
    ("timeline", &timeline::COLUMNS),
    (
        "cases",
        &[
            "id",
            "change_id",
            "customer_id",
            "kind",
            "status",
            "due_at",
            "decided_by",
            "decision_reason",
            "decided_at",
            "created_at",
            "version",
        ],
    ),
    (
        "promises",
        &[
            "id",
            "customer_id",
            "staff_id",
            "text",
            "due_by",
            "kept_at",
            "flagged_at",
            "created_at",
        ],
    ),
    ("outbox", &DELIVERED),
];

/// A past message is queued and delivered: the queue's columns and when it went out.
const DELIVERED: [&str; 9] = {
    let mut all = [""; 9];
    let mut i = 0;
    while i < outbox::COLUMNS.len() {
        all[i] = outbox::COLUMNS[i];
        i += 1;
    }
    all[8] = "delivered_at";
    all
};

/// Generates `days` days of past, ending yesterday, for every generated customer.
pub async fn seed(db: &Db, days: u32, now: OffsetDateTime) -> anyhow::Result<Generated> {
    let customers: Vec<String> =
        sqlx::query("SELECT id FROM customers WHERE id LIKE 'bulk-%' ORDER BY id")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
    if customers.is_empty() || days == 0 {
        return Ok(Generated::default());
    }
    let (staff_id, staff_name) = history_staff(db, now).await?;
    let mut rng = StdRng::seed_from_u64(customers.len() as u64 * 1_000 + u64::from(days));
    let start = now.date() - Duration::days(i64::from(days));
    let mut t = Tables::default();
    let mut g = Generated::default();
    let mut n = 0u64;
    // Ids differ per run, so a second run adds to the past instead of colliding with it.
    let run = &random_token()[..8];
    for customer in &customers {
        // Half of the customers changed something in the period, a few twice.
        let count = match rng.gen_range(0..100) {
            0..50 => 0,
            50..92 => 1,
            _ => 2,
        };
        for _ in 0..count {
            n += 1;
            let day = rng.gen_range(0..days);
            // The self-service share grows from about 45 % to about 80 % over the period.
            let progress = f64::from(day) / f64::from(days.max(1));
            let self_service = rng.gen_bool(0.45 + 0.35 * progress);
            let kind = pick_kind(&mut rng);
            let created = start.midnight().assume_utc()
                + Duration::days(i64::from(day))
                + Duration::seconds(rng.gen_range(7 * 3600..20 * 3600));
            let took = match (kind, self_service) {
                // A holder change waits for a case decision (due in 2 days): mostly in time, some late.
                ("holder", _) => Duration::minutes(rng.gen_range(90..(5 * 24 * 60) / 2)),
                (_, true) => Duration::seconds(rng.gen_range(60..900)),
                (_, false) => Duration::seconds(rng.gen_range(300..2_700)),
            };
            let completed = (created + took).min(now - Duration::minutes(1));
            let change_id = format!("history-{run}-change-{n}");
            let (actor_kind, actor_id, actor_name, reason) = if self_service {
                ("customer", customer.as_str(), "Customer", None)
            } else {
                (
                    "staff",
                    staff_id.as_str(),
                    staff_name.as_str(),
                    Some("Customer called"),
                )
            };
            t.push(
                "changes",
                vec![
                    V::from(&change_id),
                    V::from(customer),
                    V::from(kind),
                    V::from("completed"),
                    V::from(format!(r#"{{"kind":"{kind}","steps":[]}}"#)),
                    V::MaybeText(None),
                    V::from(actor_kind),
                    V::from(actor_id),
                    V::from(reason),
                    V::from(if self_service {
                        "self_service"
                    } else {
                        "staff"
                    }),
                    V::from(db_time(created)),
                    V::from(db_time(completed)),
                    V::from(1),
                    V::MaybeText(None),
                ],
            );
            timeline(
                &mut t,
                &format!("{change_id}-entry"),
                customer,
                completed,
                "change",
                (actor_kind, actor_id, actor_name),
                reason,
                // Its own generator: the wording never shifts the figures drawn above and below.
                change_said(kind, &mut StdRng::seed_from_u64(n), &staff_name),
            );
            // Who needed the hotline called once, sometimes twice (no first-contact resolution).
            let contacts = if self_service {
                usize::from(rng.gen_bool(0.08))
            } else if rng.gen_bool(0.8) {
                1
            } else {
                2
            };
            for c in 0..contacts {
                let at = created - Duration::minutes(rng.gen_range(1..600) + 600 * c as i64);
                let staff = ("staff", staff_id.as_str(), staff_name.as_str());
                timeline(
                    &mut t,
                    &format!("{change_id}-contact-{c}"),
                    customer,
                    at,
                    "staff_access",
                    staff,
                    Some("Customer called"),
                    said(
                        "staff_looked",
                        format!("{staff_name} looked at the customer overview"),
                        serde_json::json!({"staff": staff_name, "what": "overview"}),
                    ),
                );
            }
            if kind == "holder" {
                g.cases += 1;
                let due = created + Duration::days(2);
                t.push(
                    "cases",
                    vec![
                        V::from(format!("history-{run}-case-{n}")),
                        V::from(&change_id),
                        V::from(customer),
                        V::from("holder"),
                        V::from("approved"),
                        V::from(db_time(due)),
                        V::from(&staff_id),
                        V::from("Document checked"),
                        V::from(db_time(completed)),
                        V::from(db_time(created)),
                        V::from(1),
                    ],
                );
            }
            if !self_service && rng.gen_bool(0.25) {
                g.promises += 1;
                let due = completed + Duration::days(2);
                let kept = rng
                    .gen_bool(0.85)
                    .then(|| completed + Duration::hours(rng.gen_range(1..40)));
                t.push(
                    "promises",
                    vec![
                        V::from(format!("history-{run}-promise-{n}")),
                        V::from(customer),
                        V::from(&staff_id),
                        V::from("Call back to confirm the change"),
                        V::from(db_time(due)),
                        V::from(kept.map(db_time).as_deref()),
                        V::from(kept.is_none().then(|| db_time(due)).as_deref()),
                        V::from(db_time(completed)),
                    ],
                );
            }
            let delivered = completed + Duration::seconds(rng.gen_range(1..180));
            t.push(
                "outbox",
                vec![
                    V::from(format!("history-{run}-outbox-{n}")),
                    V::from(customer),
                    V::from("email"),
                    V::from(format!("{change_id}-email")),
                    V::from("{}"),
                    V::from(db_time(completed)),
                    V::from(db_time(completed)),
                    V::from(1),
                    V::from(db_time(delivered)),
                ],
            );
            g.changes += 1;
            g.self_service += usize::from(self_service);
        }
    }
    let mut tx = db.begin().await?;
    for (table, cols) in COLUMNS {
        let rows = t.0.remove(table).unwrap_or_default();
        insert_many(&mut tx, table, cols, rows).await?;
    }
    tx.commit().await?;
    Ok(g)
}

#[allow(clippy::too_many_arguments)]
fn timeline(
    t: &mut Tables,
    id: &str,
    customer: &str,
    at: OffsetDateTime,
    kind: &str,
    (actor_kind, actor_id, actor_name): (&str, &str, &str),
    reason: Option<&str>,
    said: Said,
) {
    t.push(
        "timeline",
        vec![
            V::from(id),
            V::from(customer),
            V::from(db_time(at)),
            V::from(kind),
            V::from(actor_kind),
            V::from(actor_id),
            V::from(actor_name),
            V::from(reason),
            V::from(said.summary),
            V::from(said.data.to_string()),
            V::from(0),
        ],
    );
}

/// The agent the assisted past is attributed to: the first active agent, or an inactive
/// generated one (nobody can sign in as it) when the database has no staff.
async fn history_staff(db: &Db, now: OffsetDateTime) -> anyhow::Result<(String, String)> {
    if let Some(row) = sqlx::query(
        "SELECT id, name FROM staff WHERE role = 'agent' AND active = 1 ORDER BY email LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?
    {
        return Ok((row.try_get(0)?, row.try_get(1)?));
    }
    let id = "history-agent".to_string();
    let name = "Generated Agent".to_string();
    let mut tx = db.begin().await?;
    super::rows::insert(
        &mut tx,
        "staff",
        vec![
            ("id", V::from(&id)),
            ("email", V::from("history-agent@example.invalid")),
            ("name", V::from(&name)),
            ("role", V::from("agent")),
            ("password_hash", V::from(hash_password(&random_token())?)),
            ("active", V::from(0)),
            ("created_at", V::from(db_time(now))),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok((id, name))
}
