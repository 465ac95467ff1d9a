//! `carryover bench reissue`: a bank's portfolio reissue with carry-over, in customers per
//! second, against the floor: the same writes as bare SQL.
//!
//! Generates `customers` customers (as `seed --customers` makes them), each with one active
//! card carrying exactly `dependents` card-bound items (payments, alerts, limits, wallet tokens
//! in turn), then:
//! - the engine: `reissue::run` with `--carry-over` over exactly those customers (the run's
//!   selection is made before the clock starts), the same workers and batches an operator gets;
//! - the floor: a second run over the same customers (now holding the engine's new cards), in
//!   the same transactions (one per batch with a savepoint, the items claimed and marked done),
//!   but the batch's writes as bare SQL, each one statement for the whole batch as the engine
//!   writes them: the new cards inserted active, one move per kind, the old cards replaced, the
//!   customers' versions, the changes, their timeline entries and their letters (their JSON
//!   taken from the engine's, so as large). What the floor leaves out is the engine's reading:
//!   the snapshots, the plans, the counted invariants.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use sqlx::{AssertSqlSafe, Row};

use crate::AppState;
use crate::cards::CARD_COLUMNS;
use crate::clock::db_time;
use crate::crypto::pan_hash;
use crate::db::rows::{self, Val, placeholders};
use crate::db::{Backend, new_id};
use crate::migration::record;
use crate::reissue::{self, Criteria, Options, customer, selection};
use crate::{outbox, timeline};

/// A row of values, each as the store binds it.
macro_rules! vals {
    ($($v:expr),* $(,)?) => { vec![$(Val::from($v)),*] };
}

pub async fn reissue(
    state: &AppState,
    customers: u32,
    dependents: usize,
    workers: Option<usize>,
    batch: usize,
) -> anyhow::Result<()> {
    let workers = workers.unwrap_or(match state.db.backend {
        Backend::Sqlite => 1,
        Backend::Postgres => 4,
    });
    let started = Instant::now();
    let accounts = generate(state, customers, dependents).await?;
    println!(
        "generated {customers} customers with {dependents} dependents each in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    super::settle_statistics(state).await?;

    let engine = reissue::run(
        state,
        Options {
            run_id: Some(format!("bench-engine-{}", new_id())),
            criteria: Criteria {
                accounts_file: Some("(bench cohort)".into()),
                ..Criteria::default()
            },
            accounts: Some(accounts.clone()),
            carry_over: true,
            workers: Some(workers),
            batch,
            report: true,
        },
    )
    .await?;
    anyhow::ensure!(
        engine.carried_over == i64::from(customers) && engine.failed == 0,
        "the engine carried over {} of {customers} customers ({} failed)",
        engine.carried_over,
        engine.failed
    );
    anyhow::ensure!(
        engine.moved == i64::from(customers) * dependents as i64,
        "the engine moved {} dependents, {} expected",
        engine.moved,
        i64::from(customers) * dependents as i64
    );
    super::settle_statistics(state).await?;

    let floor_seconds = floor(state, &accounts, dependents, workers, batch).await?;
    let rate = |n: f64, s: f64| n / s.max(1e-9);
    let n = f64::from(customers);
    println!(
        "card reissue with carry-over on {:?}: {customers} customers, {dependents} dependents each, \
         {workers} worker(s), {batch} customers per transaction",
        state.db.backend
    );
    println!("{:>10} {:>12} {:>10}", "", "customers/s", "seconds");
    println!(
        "{:>10} {:>12.0} {:>10.1}",
        "engine",
        rate(n, engine.seconds),
        engine.seconds
    );
    println!(
        "{:>10} {:>12.0} {:>10.1}",
        "bare SQL",
        rate(n, floor_seconds),
        floor_seconds
    );
    println!(
        "{:>10} {:>11.2}×",
        "engine ×",
        engine.seconds / floor_seconds.max(1e-9)
    );
    Ok(())
}

/// The cohort: generated customers whose cards get exactly `dependents` items. Returns their
/// account ids.
async fn generate(
    state: &AppState,
    customers: u32,
    dependents: usize,
) -> anyhow::Result<Vec<String>> {
    let pool = &state.db.pool;
    let existing: i64 = sqlx::query("SELECT COUNT(*) FROM customers")
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    crate::seed::bulk::seed(
        &state.db,
        &state.config.secret,
        customers,
        state.clock.now(),
    )
    .await?;
    // `seed::bulk` names its customers `bulk-<sequence>`, the sequence nine digits from
    // 200,000,000 + the customers there were: the cohort is one range of ids.
    let first = 200_000_000 + existing;
    let (lo, hi) = (
        format!("bulk-{first}"),
        format!("bulk-{}", first + i64::from(customers) - 1),
    );
    let cohort = "SELECT id FROM cards WHERE customer_id >= $1 AND customer_id <= $2";
    let mut tx = state.db.begin().await?;
    sqlx::query(AssertSqlSafe(format!(
        "DELETE FROM recurring_payments WHERE card_id IN ({cohort})"
    )))
    .bind(&lo)
    .bind(&hi)
    .execute(&mut *tx)
    .await?;
    for k in 0..dependents {
        // Generated values only: the kind's columns and constants.
        let (table, cols, values) = match k % 4 {
            0 => (
                "recurring_payments",
                "id, card_id, merchant, amount, currency, frequency, status, version",
                format!("'Merchant {k}', '9.99', 'EUR', 'monthly', 'active', 1"),
            ),
            1 => (
                "card_alerts",
                "id, card_id, kind, channel, threshold_amount, currency, version",
                "'spend', 'push', '50.00', 'EUR', 1".to_string(),
            ),
            2 => (
                "card_limits",
                "id, card_id, kind, amount, currency, version",
                format!("'online_{k}', '500.00', 'EUR', 1"),
            ),
            _ => (
                "wallet_tokens",
                "id, card_id, wallet, device, status, version",
                format!("'Wallet', 'Phone {k}', 'active', 1"),
            ),
        };
        sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO {table} ({cols}) SELECT id || '-d{k}', id, {values} FROM ({cohort}) cohort"
        )))
        .bind(&lo)
        .bind(&hi)
        .execute(&mut *tx)
        .await?;
    }
    let accounts = sqlx::query(
        "SELECT account_id FROM cards WHERE customer_id >= $1 AND customer_id <= $2 ORDER BY account_id",
    )
    .bind(&lo)
    .bind(&hi)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<Vec<String>, _>>()?;
    tx.commit().await?;
    anyhow::ensure!(
        accounts.len() == customers as usize,
        "generated {} customers' cards, {customers} expected",
        accounts.len()
    );
    Ok(accounts)
}

/// What the floor writes for a customer besides its cards: JSON as large as the engine's.
struct Payloads {
    plan: String,
    data: String,
    letter: String,
    /// What the engine recorded on each customer's item.
    outcome: customer::Outcome,
}

/// The same customers again, as bare SQL in the engine's transactions. Returns the seconds.
async fn floor(
    state: &AppState,
    accounts: &[String],
    dependents: usize,
    workers: usize,
    batch: usize,
) -> anyhow::Result<f64> {
    let pool = &state.db.pool;
    let row = sqlx::query(
        "SELECT c.plan, t.data FROM changes c JOIN timeline t ON t.customer_id = c.customer_id \
         AND t.kind = 'change' WHERE c.kind = 'card_reissue' ORDER BY c.created_at DESC LIMIT 1",
    )
    .fetch_one(pool)
    .await?;
    let payloads = Arc::new(Payloads {
        plan: row.try_get(0)?,
        data: row.try_get(1)?,
        letter: serde_json::json!({"template": "reissued_card", "last4": "0000", "carried_over": true, "moved": 10})
            .to_string(),
        outcome: customer::Outcome::CarriedOver {
            cards: 1,
            moved: i64::try_from(dependents)?,
        },
    });
    // The cards to replace, read beforehand: the engine reads them in its snapshot, the floor
    // is told.
    let run_id = format!("bench-floor-{}", new_id());
    let mut tx = state.db.begin().await?;
    selection::create(
        &mut tx,
        state.db.backend,
        &run_id,
        &Criteria {
            accounts_file: Some("(bench cohort)".into()),
            ..Criteria::default()
        },
        Some(accounts),
        true,
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    let cards: HashMap<String, (String, String)> = sqlx::query(
        "SELECT c.id, c.account_id, c.customer_id FROM cards c JOIN reissue_items i \
         ON i.customer_id = c.customer_id AND i.run_id = $1 WHERE c.status = 'active'",
    )
    .bind(&run_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, (r.try_get(1)?, r.try_get(2)?))))
    .collect::<Result<_, sqlx::Error>>()?;
    let cards = Arc::new(cards);

    let started = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..workers {
        let (state, run_id, cards, payloads) = (
            state.clone(),
            run_id.clone(),
            cards.clone(),
            payloads.clone(),
        );
        set.spawn(async move { floor_worker(&state, &run_id, batch, &cards, &payloads).await });
    }
    while let Some(joined) = set.join_next().await {
        joined??;
    }
    Ok(started.elapsed().as_secs_f64())
}

async fn floor_worker(
    state: &AppState,
    run_id: &str,
    batch: usize,
    cards: &HashMap<String, (String, String)>,
    p: &Payloads,
) -> anyhow::Result<()> {
    let mut claims = customer::Claims::default();
    loop {
        let mut tx = state.db.begin().await?;
        let items = claims
            .next(&mut tx, state.db.backend, run_id, batch)
            .await?;
        if items.is_empty() {
            tx.commit().await?;
            return Ok(());
        }
        let now = db_time(state.clock.now());
        sqlx::query("SAVEPOINT reissue_batch")
            .execute(&mut *tx)
            .await?;
        // (old card, new card, customer) per item.
        let mut pairs = Vec::new();
        let (mut card_rows, mut changes, mut entries, mut letters) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for item in &items {
            let old = item
                .card_ids()
                .next()
                .ok_or_else(|| anyhow::anyhow!("an item without a card"))?;
            let (account, customer) = cards
                .get(old)
                .ok_or_else(|| anyhow::anyhow!("card {old} not read beforehand"))?;
            let new = new_id();
            let pan = format!("4{:015}", rand::random::<u64>() % 1_000_000_000_000_000);
            card_rows.push(vals![
                &new,
                account,
                customer,
                pan_hash(&state.config.secret, &pan),
                &pan[12..],
                "Visa",
                "12/30",
                "active",
                old,
                None::<&str>,
                "ordered",
                1,
                &now
            ]);
            let change = new_id();
            changes.push(vals![
                &change,
                customer,
                "card_reissue",
                "completed",
                &p.plan,
                None::<&str>,
                "bank",
                "",
                None::<&str>,
                "bulk",
                &now,
                &now,
                1,
                None::<&str>
            ]);
            entries.push(vals![
                new_id(),
                customer,
                &now,
                "change",
                "bank",
                None::<&str>,
                "the bank",
                None::<&str>,
                "reissued",
                &p.data,
                0
            ]);
            letters.push(vals![
                new_id(),
                customer,
                "letter",
                format!("change:{change}:reissued_card"),
                &p.letter,
                &now,
                &now,
                0
            ]);
            pairs.push((old.to_owned(), new, customer.clone()));
        }
        let n = pairs.len();
        rows::insert(&mut tx, "cards", &CARD_COLUMNS, card_rows).await?;
        let olds = (0..n)
            .map(|i| format!("${}", 2 * i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        let whens: String = (0..n)
            .map(|i| format!(" WHEN ${} THEN ${}", 2 * i + 1, 2 * i + 2))
            .collect();
        for (table, also) in [
            ("recurring_payments", ", status = 'active'"),
            ("card_alerts", ""),
            ("card_limits", ""),
            ("wallet_tokens", ", status = 'active'"),
        ] {
            let mut q = sqlx::query(AssertSqlSafe(format!(
                "UPDATE {table} SET card_id = CASE card_id{whens} END{also}, version = version + 1 \
                 WHERE card_id IN ({olds})"
            )));
            for (old, new, _) in &pairs {
                q = q.bind(old).bind(new);
            }
            q.execute(&mut *tx).await?;
        }
        let list = placeholders(1, n);
        let mut q = sqlx::query(AssertSqlSafe(format!(
            "UPDATE cards SET status = 'replaced', version = version + 1 WHERE id IN ({list})"
        )));
        for (old, _, _) in &pairs {
            q = q.bind(old);
        }
        q.execute(&mut *tx).await?;
        let mut q = sqlx::query(AssertSqlSafe(format!(
            "UPDATE customers SET version = version + 1 WHERE id IN ({list})"
        )));
        for (_, _, customer) in &pairs {
            q = q.bind(customer);
        }
        q.execute(&mut *tx).await?;
        rows::insert(&mut tx, "changes", &record::COLUMNS, changes).await?;
        rows::insert(&mut tx, "timeline", &timeline::COLUMNS, entries).await?;
        rows::insert(&mut tx, "outbox", &outbox::COLUMNS, letters).await?;
        let done: Vec<(&str, customer::Outcome)> = pairs
            .iter()
            .map(|(_, _, customer)| (customer.as_str(), p.outcome))
            .collect();
        customer::mark_done(&mut tx, run_id, &done, state.clock.now()).await?;
        sqlx::query("RELEASE SAVEPOINT reissue_batch")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
}
