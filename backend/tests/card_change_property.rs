//! Property: for random customers with random dependents and a random card change, afterwards
//! every dependent that pointed at the old card points at the new one, nothing else changed, and
//! the counts are preserved. Seeded, so a failure names the case that reproduces it.
mod common;

use common::TestApp;
use common::property::{self, KINDS, all_dependents, pan};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use sqlx::Row;

const CASES: u64 = 6;

async fn one_case(app: &TestApp, seed: u64, password_hash: &str) {
    let mut rng = StdRng::seed_from_u64(seed);
    let c = format!("prop-{seed}");
    let mut tx = app.state.db.begin().await.unwrap();
    let number = property::customer(&mut tx, &c, 500_000_000 + seed as u32, password_hash).await;
    let acc = format!("{c}-acc");
    property::account(&mut tx, &acc, seed, &[(&c, "primary")]).await;
    let new_pan = pan(&mut rng);
    let old_status = if rng.gen_bool(0.5) {
        "active"
    } else {
        "blocked"
    };
    let old = format!("{c}-old");
    for (name, status, replaces) in [
        ("old", old_status, None),
        ("new", "issued", Some(old.as_str())),
        ("other", "active", None),
    ] {
        let p = if name == "new" {
            new_pan.clone()
        } else {
            pan(&mut rng)
        };
        let id = format!("{c}-{name}");
        property::card(app, &mut tx, &id, &acc, &c, &p, status, replaces).await;
    }
    let lena_card: String = sqlx::query("SELECT id FROM cards WHERE last4 = '4444'")
        .fetch_one(&mut *tx)
        .await
        .unwrap()
        .get(0);
    // Half on the old card, a quarter on another of the customer's, a quarter on someone
    // else's (which must not move).
    let on = [old.clone(), old.clone(), format!("{c}-other"), lena_card];
    property::dependents(&mut tx, &mut rng, &c, &on).await;
    tx.commit().await.unwrap();

    let before = all_dependents(app).await;
    let client = common::browser_client(&app.base);
    let login = client
        .post(app.url("/api/auth/login"))
        .json(&json!({"login": number, "password": "pw"}))
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
        for seed in property::seeds(CASES) {
            one_case(&app, seed, &hash).await;
        }
    }
);
