//! Property: random bereavements and transfers on accounts with random cards and dependents.
//! Afterwards the leaving holder's live cards are closed and each of their live items went where
//! the plan said: cancelled as chosen, moved to an active card of who stays, or waiting on the
//! card ordered for them; no live card on the account belongs to someone who does not hold it;
//! nothing was lost; everything else is untouched. Seeded (`CARRYOVER_PROPTEST_SEED`).
mod common;

use carryover::migration::holder::{HolderRequest, plan_holder};
use carryover::migration::holder_store;
use common::TestApp;
use common::property::{self, KINDS, all_dependents, pan};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sqlx::Row;

const CASES: u64 = 12;

async fn cards_of(app: &TestApp, customer: &str) -> Vec<(String, String)> {
    sqlx::query("SELECT id, status FROM cards WHERE customer_id = $1 ORDER BY id")
        .bind(customer)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

async fn one_case(app: &TestApp, seed: u64, hash: &str) {
    let mut rng = StdRng::seed_from_u64(seed);
    let (stays, leaves, heir) = (
        format!("hp{seed}-a"),
        format!("hp{seed}-b"),
        format!("hp{seed}-c"),
    );
    let acc = format!("hp{seed}-acc");
    let transfer = rng.gen_bool(0.5);
    let mut tx = app.state.db.begin().await.unwrap();
    for (i, who) in [&stays, &leaves, &heir].into_iter().enumerate() {
        property::customer(&mut tx, who, 600_000_000 + seed as u32 * 3 + i as u32, hash).await;
    }
    property::account(
        &mut tx,
        &acc,
        900 + seed,
        &[(&leaves, "primary"), (&stays, "joint")],
    )
    .await;
    let mut all = Vec::new();
    for (who, n, statuses) in [
        (
            &leaves,
            rng.gen_range(1..=3),
            &["active", "issued", "blocked", "replaced"][..],
        ),
        (
            &stays,
            rng.gen_range(0..=2),
            &["active", "issued", "replaced"][..],
        ),
    ] {
        for i in 0..n {
            let id = format!("{who}-card{i}");
            let status = statuses.choose(&mut rng).unwrap();
            property::card(app, &mut tx, &id, &acc, who, &pan(&mut rng), status, None).await;
            all.push(id);
        }
    }
    let lena_card: String = sqlx::query("SELECT id FROM cards WHERE last4 = '4444'")
        .fetch_one(&mut *tx)
        .await
        .unwrap()
        .get(0);
    all.push(lena_card);
    property::dependents(&mut tx, &mut rng, &format!("hp{seed}"), &all).await;
    tx.commit().await.unwrap();

    let before = all_dependents(app).await;
    let leaving_cards = cards_of(app, &leaves).await;
    let stayer_before = cards_of(app, &stays).await;
    let live = |s: &str| matches!(s, "active" | "issued" | "blocked");
    let closing: Vec<&String> = leaving_cards
        .iter()
        .filter(|(_, s)| live(s))
        .map(|(id, _)| id)
        .collect();
    let cancel: Vec<String> = before
        .iter()
        .filter(|d| rng.gen_bool(0.3) && d.1.starts_with(&format!("hp{seed}")))
        .map(|d| d.1.clone())
        .collect();
    let (to, req) = if transfer {
        (
            heir.clone(),
            HolderRequest::Transfer {
                account_id: acc.clone(),
                submitter: leaves.clone(),
                new_holder: Some(heir.clone()),
                new_holder_name: "Prop Heir".into(),
                new_holder_email: String::new(),
                cancel: cancel.clone(),
            },
        )
    } else {
        (
            stays.clone(),
            HolderRequest::Bereavement {
                account_id: acc.clone(),
                submitter: stays.clone(),
                deceased: leaves.clone(),
                cancel: cancel.clone(),
            },
        )
    };
    // A transfer here is the leaving holder's: the joint holder stays a holder too.
    let target = if transfer {
        None
    } else {
        stayer_before
            .iter()
            .find(|(_, s)| s == "active")
            .map(|(id, _)| id.clone())
    };

    let mut tx = app.state.db.begin().await.unwrap();
    let st = holder_store::load(&mut tx, &acc).await.unwrap();
    plan_holder(&st, &req).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    holder_store::apply(&app.state, &mut tx, &st, &req, property::NOW)
        .await
        .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    tx.commit().await.unwrap();

    let after = all_dependents(app).await;
    assert_eq!(before.len(), after.len(), "seed {seed}: nothing lost");
    for (id, status) in cards_of(app, &leaves).await {
        let was = &leaving_cards.iter().find(|(c, _)| *c == id).unwrap().1;
        let expected = if live(was) { "closed" } else { was.as_str() };
        assert_eq!(status, expected, "seed {seed}: card {id} was {was}");
    }
    let ordered: Vec<(String, String)> = cards_of(app, &to)
        .await
        .into_iter()
        .filter(|c| !stayer_before.contains(c))
        .collect();
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((&b.0, &b.1), (&a.0, &a.1), "seed {seed}");
        let kind = KINDS.iter().find(|k| k.table == b.0).unwrap();
        if !closing.contains(&&b.2) || kind.dormant.contains(&b.3.as_str()) {
            assert_eq!(b, a, "seed {seed}: untouched");
        } else if kind.waiting.is_some() && cancel.contains(&b.1) {
            assert_eq!(&a.2, &b.2, "seed {seed}: {b:?} cancelled where it was");
            assert_eq!(
                a.3, kind.dormant[0],
                "seed {seed}: {b:?} cancelled as chosen"
            );
        } else if let Some(t) = &target {
            assert_eq!(&a.2, t, "seed {seed}: {b:?} moved to the stayer's card");
            if kind.waiting.is_some() {
                assert_eq!(a.3, "active", "seed {seed}: {b:?}");
            }
        } else {
            assert_eq!(ordered.len(), 1, "seed {seed}: one card ordered for {to}");
            assert_eq!(
                ordered[0],
                (a.2.clone(), "issued".to_string()),
                "seed {seed}: {b:?} waits on the ordered card"
            );
            if let Some(waiting) = kind.waiting {
                assert_eq!(a.3, waiting, "seed {seed}: {b:?}");
            }
        }
    }
    let orphaned = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM cards k WHERE k.account_id = '{acc}' \
             AND k.status IN ('active', 'issued', 'blocked') AND NOT EXISTS (SELECT 1 FROM account_holders h \
             WHERE h.account_id = k.account_id AND h.customer_id = k.customer_id AND h.status = 'active')"
        ))
        .await;
    assert_eq!(orphaned, 0, "seed {seed}: no live card of a non-holder");
}

dual_test!(
    random_holder_changes_close_the_cards_and_lose_nothing,
    |app: TestApp| async move {
        let hash = carryover::auth::password::hash_password("pw").unwrap();
        for seed in property::seeds(CASES) {
            one_case(&app, seed, &hash).await;
        }
    }
);
