//! Random customers, accounts, cards and card dependents for the seeded property tests.

use carryover::db::Tx;
use carryover::seed::{SeedRow, V, insert};
use rand::Rng;
use rand::rngs::StdRng;
use shared::domain::luhn_check_digit;
use sqlx::Row;

use super::TestApp;

pub const NOW: &str = "2026-11-20T09:00:00.000000Z";

/// The seeds of one run: `cases` of them from `CARRYOVER_PROPTEST_SEED` (default 1), so a
/// failure names the seed that reproduces it.
pub fn seeds(cases: u64) -> std::ops::Range<u64> {
    let base: u64 = std::env::var("CARRYOVER_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    base..base + cases
}

pub struct Kind {
    pub table: &'static str,
    pub statuses: &'static [&'static str],
    /// Statuses that no longer pay or alert; empty: the kind has no status of its own.
    pub dormant: &'static [&'static str],
    /// The status a live row has while it waits for a card in the post.
    pub waiting: Option<&'static str>,
}

pub const KINDS: [Kind; 4] = [
    Kind {
        table: "recurring_payments",
        statuses: &["active", "cancelled", "waiting_for_card"],
        dormant: &["cancelled"],
        waiting: Some("waiting_for_card"),
    },
    Kind {
        table: "card_alerts",
        statuses: &[],
        dormant: &[],
        waiting: None,
    },
    Kind {
        table: "card_limits",
        statuses: &[],
        dormant: &[],
        waiting: None,
    },
    Kind {
        table: "wallet_tokens",
        statuses: &["active", "suspended", "deleted"],
        dormant: &["deleted"],
        waiting: Some("suspended"),
    },
];

pub fn pan(rng: &mut StdRng) -> String {
    let mut p = "4".to_string();
    while p.len() < 15 {
        p.push(char::from(b'0' + rng.gen_range(0..10u8)));
    }
    let c = luhn_check_digit(&p);
    format!("{p}{c}")
}

fn row(kind: &Kind, id: &str, card: &str, status: &str) -> SeedRow {
    let mut r: SeedRow = vec![
        ("id", V::from(id)),
        ("card_id", V::from(card)),
        ("version", V::Int(1)),
    ];
    match kind.table {
        "recurring_payments" => r.extend([
            ("merchant", V::from(format!("Merchant {id}"))),
            ("amount", V::from("9.99")),
            ("currency", V::from("EUR")),
            ("frequency", V::from("monthly")),
            ("status", V::from(status)),
        ]),
        "card_alerts" => r.extend([
            ("kind", V::from("online_purchase")),
            ("channel", V::from("sms")),
            ("threshold_amount", V::MaybeText(None)),
            ("currency", V::MaybeText(None)),
        ]),
        "card_limits" => r.extend([
            ("kind", V::from("daily_atm")),
            ("amount", V::from("500.00")),
            ("currency", V::from("EUR")),
        ]),
        _ => r.extend([
            ("wallet", V::from("Google Pay")),
            ("device", V::from("Pixel")),
            ("status", V::from(status)),
        ]),
    }
    r
}

/// (table, id, card_id, status) of every card dependent in the database, by table and id.
pub async fn all_dependents(app: &TestApp) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for k in &KINDS {
        let status = if k.statuses.is_empty() {
            "'-'"
        } else {
            "status"
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, card_id, {status} FROM {} ORDER BY id",
            k.table
        )))
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
        for r in rows {
            out.push((k.table.to_string(), r.get(0), r.get(1), r.get(2)));
        }
    }
    out
}

/// A customer `id` who signs in with customer number `seq` and the given password hash.
pub async fn customer(tx: &mut Tx, id: &str, seq: u32, password_hash: &str) -> String {
    let number = shared::domain::CustomerNumber::from_sequence(seq);
    insert(
        tx,
        "customers",
        vec![
            ("id", V::from(id)),
            ("number", V::from(number.as_str())),
            ("name", V::from(format!("Prop {id}"))),
            ("name_folded", V::from(format!("prop {id}"))),
            ("email", V::from(format!("{id}@example.com"))),
            ("phone", V::from("1")),
            ("phone_digits", V::from("1")),
            ("language", V::from("en")),
            ("status", V::from("active")),
            ("version", V::Int(1)),
            ("created_at", V::from(NOW)),
        ],
    )
    .await
    .unwrap();
    insert(
        tx,
        "credentials",
        vec![
            ("customer_id", V::from(id)),
            ("password_hash", V::from(password_hash)),
            ("login_enabled", V::Int(1)),
            ("updated_at", V::from(NOW)),
        ],
    )
    .await
    .unwrap();
    insert(
        tx,
        "addresses",
        vec![
            ("id", V::from(format!("{id}-addr"))),
            ("customer_id", V::from(id)),
            ("street", V::from("Weg 1")),
            ("extra", V::MaybeText(None)),
            ("postal_code", V::from("10115")),
            ("city", V::from("Berlin")),
            ("country", V::from("DE")),
            ("valid_from", V::from("2020-01-01")),
            ("valid_to", V::MaybeText(None)),
            ("created_at", V::from(NOW)),
        ],
    )
    .await
    .unwrap();
    number.as_str().to_string()
}

/// An account `id` held by `holders` (customer id, role).
pub async fn account(tx: &mut Tx, id: &str, iban_seed: u64, holders: &[(&str, &str)]) {
    insert(
        tx,
        "accounts",
        vec![
            ("id", V::from(id)),
            ("iban", V::from(format!("DE{iban_seed:020}"))),
            ("name", V::from("Konto")),
            ("statement_name", V::from("Prop")),
            ("currency", V::from("EUR")),
            ("status", V::from("active")),
            ("version", V::Int(1)),
            ("created_at", V::from(NOW)),
        ],
    )
    .await
    .unwrap();
    for (customer, role) in holders {
        insert(
            tx,
            "account_holders",
            vec![
                ("account_id", V::from(id)),
                ("customer_id", V::from(*customer)),
                ("role", V::from(*role)),
                ("status", V::from("active")),
                ("since", V::from("2020-01-01")),
            ],
        )
        .await
        .unwrap();
    }
}

/// A card `id` with number `pan` on account `acc` in `customer`'s name.
#[allow(clippy::too_many_arguments)]
pub async fn card(
    app: &TestApp,
    tx: &mut Tx,
    id: &str,
    acc: &str,
    customer: &str,
    pan: &str,
    status: &str,
    replaces: Option<&str>,
) {
    insert(
        tx,
        "cards",
        vec![
            ("id", V::from(id)),
            ("account_id", V::from(acc)),
            ("customer_id", V::from(customer)),
            (
                "pan_hash",
                V::from(carryover::crypto::pan_hash(&app.state.config.secret, pan)),
            ),
            ("last4", V::from(&pan[12..])),
            ("brand", V::from("Visa")),
            ("expiry", V::from("12/30")),
            ("status", V::from(status)),
            (
                "replaces_card_id",
                replaces.map_or(V::MaybeText(None), V::from),
            ),
            ("block_reason", V::MaybeText(None)),
            ("delivery_status", V::from("delivered")),
            ("version", V::Int(1)),
            ("created_at", V::from(NOW)),
        ],
    )
    .await
    .unwrap();
}

/// Up to five rows of every kind, each on one of `cards` at random, in a random status.
pub async fn dependents(tx: &mut Tx, rng: &mut StdRng, prefix: &str, cards: &[String]) {
    for (ki, k) in KINDS.iter().enumerate() {
        for i in 0..rng.gen_range(0..6) {
            let card = &cards[rng.gen_range(0..cards.len())];
            let status = if k.statuses.is_empty() {
                "-"
            } else {
                k.statuses[rng.gen_range(0..k.statuses.len())]
            };
            insert(
                tx,
                k.table,
                row(k, &format!("{prefix}-{ki}-{i}"), card, status),
            )
            .await
            .unwrap();
        }
    }
}
