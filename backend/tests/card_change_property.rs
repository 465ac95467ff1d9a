//! Property: for random customers with random dependents and a random card change, afterwards
//! every dependent that pointed at the old card points at the new one, nothing else changed, and
//! the counts are preserved. Seeded, so a failure names the case that reproduces it.
mod common;

use carryover::seed::{SeedRow, V, insert};
use common::TestApp;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use shared::domain::luhn_check_digit;
use sqlx::Row;

const CASES: u64 = 6;

struct Kind {
    table: &'static str,
    statuses: &'static [&'static str],
    /// Status after a move; `None`: the kind has no status of its own.
    dormant: &'static [&'static str],
}

const KINDS: [Kind; 4] = [
    Kind {
        table: "recurring_payments",
        statuses: &["active", "cancelled", "waiting_for_card"],
        dormant: &["cancelled"],
    },
    Kind {
        table: "card_alerts",
        statuses: &[],
        dormant: &[],
    },
    Kind {
        table: "card_limits",
        statuses: &[],
        dormant: &[],
    },
    Kind {
        table: "wallet_tokens",
        statuses: &["active", "suspended", "deleted"],
        dormant: &["deleted"],
    },
];

fn pan(rng: &mut StdRng) -> String {
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
        ("version", V::I(1)),
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
            ("threshold_amount", V::Null),
            ("currency", V::Null),
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

/// (table, id, card_id, status) of every card dependent in the database.
async fn all_dependents(app: &TestApp) -> Vec<(String, String, String, String)> {
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

async fn one_case(app: &TestApp, seed: u64, password_hash: &str) {
    let mut rng = StdRng::seed_from_u64(seed);
    let c = format!("prop-{seed}");
    let secret = &app.state.config.secret;
    let mut tx = app.state.db.begin().await.unwrap();
    let now = "2026-11-20T09:00:00.000000Z";
    let number = shared::domain::CustomerNumber::from_sequence(500_000_000 + seed as u32);
    insert(
        &mut tx,
        "customers",
        vec![
            ("id", V::from(c.as_str())),
            ("number", V::from(number.as_str())),
            ("name", V::from("Prop Erty")),
            ("name_folded", V::from("prop erty")),
            ("email", V::from(format!("{c}@example.com"))),
            ("phone", V::from("1")),
            ("phone_digits", V::from("1")),
            ("language", V::from("en")),
            ("status", V::from("active")),
            ("version", V::I(1)),
            ("created_at", V::from(now)),
        ],
    )
    .await
    .unwrap();
    insert(
        &mut tx,
        "credentials",
        vec![
            ("customer_id", V::from(c.as_str())),
            ("password_hash", V::from(password_hash)),
            ("login_enabled", V::I(1)),
            ("updated_at", V::from(now)),
        ],
    )
    .await
    .unwrap();
    insert(
        &mut tx,
        "addresses",
        vec![
            ("id", V::from(format!("{c}-addr"))),
            ("customer_id", V::from(c.as_str())),
            ("street", V::from("Weg 1")),
            ("extra", V::Null),
            ("postal_code", V::from("10115")),
            ("city", V::from("Berlin")),
            ("country", V::from("DE")),
            ("valid_from", V::from("2020-01-01")),
            ("valid_to", V::Null),
            ("created_at", V::from(now)),
        ],
    )
    .await
    .unwrap();
    let acc = format!("{c}-acc");
    insert(
        &mut tx,
        "accounts",
        vec![
            ("id", V::from(acc.as_str())),
            ("iban", V::from(format!("DE{seed:020}"))),
            ("name", V::from("Konto")),
            ("statement_name", V::from("Prop")),
            ("currency", V::from("EUR")),
            ("status", V::from("active")),
            ("version", V::I(1)),
            ("created_at", V::from(now)),
        ],
    )
    .await
    .unwrap();
    insert(
        &mut tx,
        "account_holders",
        vec![
            ("account_id", V::from(acc.as_str())),
            ("customer_id", V::from(c.as_str())),
            ("role", V::from("primary")),
            ("status", V::from("active")),
            ("since", V::from("2020-01-01")),
        ],
    )
    .await
    .unwrap();
    let new_pan = pan(&mut rng);
    let old_status = if rng.gen_bool(0.5) {
        "active"
    } else {
        "blocked"
    };
    let cards = [
        ("old", old_status, None),
        ("new", "issued", Some(format!("{c}-old"))),
        ("other", "active", None),
    ];
    for (name, status, replaces) in &cards {
        let p = if *name == "new" {
            new_pan.clone()
        } else {
            pan(&mut rng)
        };
        insert(
            &mut tx,
            "cards",
            vec![
                ("id", V::from(format!("{c}-{name}"))),
                ("account_id", V::from(acc.as_str())),
                ("customer_id", V::from(c.as_str())),
                ("pan_hash", V::from(carryover::crypto::pan_hash(secret, &p))),
                ("last4", V::from(&p[12..])),
                ("brand", V::from("Visa")),
                ("expiry", V::from("12/30")),
                ("status", V::from(*status)),
                (
                    "replaces_card_id",
                    replaces.clone().map_or(V::Null, V::from),
                ),
                ("block_reason", V::Null),
                ("delivery_status", V::from("delivered")),
                ("version", V::I(1)),
                ("created_at", V::from(now)),
            ],
        )
        .await
        .unwrap();
    }
    let lena_card: String = sqlx::query("SELECT id FROM cards WHERE last4 = '4444'")
        .fetch_one(&mut *tx)
        .await
        .unwrap()
        .get(0);
    for (ki, k) in KINDS.iter().enumerate() {
        for i in 0..rng.gen_range(0..6) {
            let card = match rng.gen_range(0..4) {
                0 | 1 => format!("{c}-old"),
                2 => format!("{c}-other"),
                _ => lena_card.clone(), // someone else's: must not move
            };
            let status = if k.statuses.is_empty() {
                "-"
            } else {
                k.statuses[rng.gen_range(0..k.statuses.len())]
            };
            insert(
                &mut tx,
                k.table,
                row(k, &format!("{c}-{ki}-{i}"), &card, status),
            )
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();

    let before = all_dependents(app).await;
    let client = common::browser_client(&app.base);
    let login = client
        .post(app.url("/api/auth/login"))
        .json(&json!({"login": number.as_str(), "password": "pw"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200, "seed {seed}");
    let p: serde_json::Value = client
        .post(app.url("/api/changes/preview"))
        .json(&json!({"kind": "card_activation", "card_number": new_pan, "expiry": "12/30"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let res = client
        .post(app.url("/api/changes"))
        .header("idempotency-key", format!("p-{seed}"))
        .json(&json!({"preview_token": p["preview_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "seed {seed}: {p}");
    let after = all_dependents(app).await;

    assert_eq!(before.len(), after.len(), "seed {seed}: counts preserved");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((&b.0, &b.1), (&a.0, &a.1), "seed {seed}");
        let kind = KINDS.iter().find(|k| k.table == b.0).unwrap();
        let was_on_old = b.2 == format!("{c}-old");
        if was_on_old && !kind.dormant.contains(&b.3.as_str()) {
            assert_eq!(
                a.2,
                format!("{c}-new"),
                "seed {seed}: {b:?} follows the new card"
            );
            if !kind.statuses.is_empty() {
                assert_eq!(a.3, "active", "seed {seed}: {b:?} is active again");
            }
        } else {
            assert_eq!(b, a, "seed {seed}: untouched");
        }
    }
}

dual_test!(
    random_card_changes_carry_every_dependent,
    |app: TestApp| async move {
        let hash = carryover::auth::password::hash_password("pw").unwrap();
        let base: u64 = std::env::var("CARRYOVER_PROPTEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        for seed in base..base + CASES {
            one_case(&app, seed, &hash).await;
        }
    }
);
