//! `carryover bench commit`: what committing a card activation costs as its dependents grow,
//! against the floor: the same writes as bare SQL in one transaction.
//!
//! A generated customer (as `seed --customers` makes them) gets `size` dependents on its active
//! card. Each round issues a new card and activates it three ways in turn:
//! - over HTTP: `POST /api/changes` through the whole router (session cookie, CSRF token,
//!   Idempotency-Key, middleware), everything but the socket; the preview before is not timed;
//! - in process: the engine without HTTP (lock, snapshot, plan, apply, invariants, record);
//! - the floor: the engine's own set-based statements and the change's rows, nothing else.
//!
//! The dependents move on to the new card every round, so every round moves all of them.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::StatusCode;
use rand::Rng;
use shared::api::PrincipalKind;
use sqlx::{AssertSqlSafe, Row};

use super::{Client, Table, json, settle};
use crate::AppState;
use crate::changes::card_activation;
use crate::clock::db_time;
use crate::crypto::pan_hash;
use crate::db::new_id;
use crate::migration::{CARD_KINDS, card, snapshot};
use crate::timeline::Actor;

/// Rounds per size when not given: enough for a median and a tail without waiting minutes.
pub(super) fn auto_rounds(size: usize) -> usize {
    (2_000 / size.max(1)).clamp(7, 50)
}

pub async fn commit(
    state: &AppState,
    sizes: &[usize],
    rounds: Option<usize>,
) -> anyhow::Result<()> {
    crate::seed::bulk::seed(&state.db, &state.config.secret, 1, state.clock.now()).await?;
    let customer: String =
        sqlx::query("SELECT id FROM customers WHERE id LIKE 'bulk-%' ORDER BY id DESC LIMIT 1")
            .fetch_one(&state.db.pool)
            .await?
            .try_get(0)?;
    let client = Client::signed_in(state, PrincipalKind::Customer, &customer).await?;
    Table::header("card activation commit", state.db.backend);
    for &size in sizes {
        let mut card = active_card(state, &customer).await?;
        top_up(state, &card, size).await?;
        super::settle_statistics(state).await?;
        let n = rounds.unwrap_or_else(|| auto_rounds(size));
        let mut samples: [Vec<Duration>; 3] = Default::default();
        // One warm-up round per mode (caches, prepared statements), then the measured ones.
        for round in 0..=n {
            for (mode, kept) in samples.iter_mut().enumerate() {
                let (new_card, number) = issue_card(state, &customer, &card).await?;
                let took = match mode {
                    0 => activate(&client, &number).await?,
                    1 => in_process(state, &customer, &new_card).await?,
                    _ => floor(state, &customer, &card, &new_card, size).await?,
                };
                if round > 0 {
                    kept.push(took);
                }
                card = new_card;
            }
            settle(state).await?;
        }
        let moved = on_card(state, &card).await?;
        anyhow::ensure!(moved == size, "{moved} dependents arrived, {size} expected");
        Table::row(size, &mut samples);
    }
    Ok(())
}

/// Preview (not timed), then the commit (timed), as the customer's browser sends them.
async fn activate(client: &Client, number: &str) -> anyhow::Result<Duration> {
    let preview =
        serde_json::json!({"kind": "card_activation", "card_number": number, "expiry": "12/35"});
    let req = client
        .post("/api/changes/preview")
        .body(Body::from(preview.to_string()))?;
    let (status, p) = client.call(req).await?;
    let p = json(&p);
    anyhow::ensure!(status == StatusCode::OK, "preview answered {status}: {p}");
    let body = serde_json::json!({"preview_token": p["preview_token"]}).to_string();
    let req = client
        .post("/api/changes")
        .header("idempotency-key", new_id())
        .body(Body::from(body))?;
    let started = Instant::now();
    let (status, c) = client.call(req).await?;
    let took = started.elapsed();
    anyhow::ensure!(
        status == StatusCode::CREATED,
        "commit answered {status}: {}",
        json(&c)
    );
    Ok(took)
}

async fn in_process(state: &AppState, customer: &str, new_card: &str) -> anyhow::Result<Duration> {
    let mut conn = state.db.pool.acquire().await?;
    let (_, fingerprint) = card_activation::plan(state, &mut conn, customer, new_card).await?;
    drop(conn);
    let started = Instant::now();
    let mut tx = state.db.begin().await?;
    let version = crate::changes::lock_customer(&mut tx, customer).await?;
    let actor = Actor::customer(&mut tx, customer).await?;
    match card_activation::commit(
        state,
        &mut tx,
        &actor,
        customer,
        new_card,
        &fingerprint,
        version,
    )
    .await?
    {
        crate::changes::routes::Outcome::Done(_) => {}
        crate::changes::routes::Outcome::Outdated => anyhow::bail!("the plan went stale"),
    }
    tx.commit().await?;
    Ok(started.elapsed())
}

/// The writes a card activation must make, and nothing else: the set-based moves, the two
/// cards, the customer's version, the change row and its timeline entry (their JSON made
/// beforehand, as large as the engine's).
async fn floor(
    state: &AppState,
    customer: &str,
    old: &str,
    new: &str,
    size: usize,
) -> anyhow::Result<Duration> {
    let mut conn = state.db.pool.acquire().await?;
    let snap = snapshot::load(&mut conn, customer).await?;
    drop(conn);
    let plan = card::plan_activation(&snap, new).map_err(|e| anyhow::anyhow!("{e}"))?;
    anyhow::ensure!(plan.steps.len() > size, "the plan moves every dependent");
    let plan_json = serde_json::to_string(&plan)?;
    let data = serde_json::json!({"steps": plan.steps}).to_string();
    let now = db_time(state.clock.now());
    let started = Instant::now();
    let mut tx = state.db.begin().await?;
    for kind in CARD_KINDS {
        sqlx::query(kind.move_sql)
            .bind(new)
            .bind(old)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE cards SET status = 'active', version = version + 1 WHERE id = $1")
        .bind(new)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE cards SET status = 'replaced', version = version + 1 WHERE id = $1")
        .bind(old)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE customers SET version = version + 1 WHERE id = $1")
        .bind(customer)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO changes (id, customer_id, kind, status, plan, actor_kind, actor_id, channel, \
         created_at, completed_at, version) VALUES ($1, $2, 'card', 'completed', $3, 'customer', $2, 'web', $4, $4, 1)",
    )
    .bind(new_id())
    .bind(customer)
    .bind(&plan_json)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO timeline (id, customer_id, at, kind, actor_kind, actor_id, actor_name, summary, data, internal) \
         VALUES ($1, $2, $3, 'change', 'customer', $2, 'bench', 'card activated', $4, 0)",
    )
    .bind(new_id())
    .bind(customer)
    .bind(&now)
    .bind(&data)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(started.elapsed())
}

async fn active_card(state: &AppState, customer: &str) -> anyhow::Result<String> {
    Ok(sqlx::query(
        "SELECT id FROM cards WHERE customer_id = $1 AND status = 'active' ORDER BY created_at DESC, id LIMIT 1",
    )
    .bind(customer)
    .fetch_one(&state.db.pool)
    .await?
    .try_get(0)?)
}

/// Card-bound dependents on `card` that a change would move.
pub(super) async fn on_card(state: &AppState, card: &str) -> anyhow::Result<usize> {
    let mut n = 0;
    for table in [
        "recurring_payments",
        "card_alerts",
        "card_limits",
        "wallet_tokens",
    ] {
        let c: i64 = sqlx::query(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table} WHERE card_id = $1"
        )))
        .bind(card)
        .fetch_one(&state.db.pool)
        .await?
        .try_get(0)?;
        n += c as usize;
    }
    Ok(n)
}

/// Adds dependents to `card` until it has `size`, 250 per statement, taking the four card-bound
/// kinds in turn.
pub(super) async fn top_up(state: &AppState, card: &str, size: usize) -> anyhow::Result<()> {
    let have = on_card(state, card).await?;
    anyhow::ensure!(
        have <= size,
        "the card already has {have} dependents; give the sizes in ascending order"
    );
    let rows: Vec<usize> = (have..size).collect();
    let mut tx = state.db.begin().await?;
    for (i, chunk) in rows.chunks(250).enumerate() {
        let (table, cols) = match i % 4 {
            0 => (
                "recurring_payments",
                "id, card_id, merchant, amount, currency, frequency, status, version",
            ),
            1 => (
                "card_alerts",
                "id, card_id, kind, channel, threshold_amount, currency, version",
            ),
            2 => (
                "card_limits",
                "id, card_id, kind, amount, currency, version",
            ),
            _ => (
                "wallet_tokens",
                "id, card_id, wallet, device, status, version",
            ),
        };
        let values: Vec<String> = chunk
            .iter()
            .map(|n| {
                let id = format!("'bench-{card}-{n}', '{card}'");
                match i % 4 {
                    0 => format!("({id}, 'Merchant {n}', '9.99', 'EUR', 'monthly', 'active', 1)"),
                    1 => format!("({id}, 'spend', 'push', '50.00', 'EUR', 1)"),
                    2 => format!("({id}, 'online_{n}', '500.00', 'EUR', 1)"),
                    _ => format!("({id}, 'Wallet', 'Phone {n}', 'active', 1)"),
                }
            })
            .collect();
        super::insert_generated(&mut tx, table, cols, &values).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A new card waiting for activation that replaces `old`; returns its id and typed number.
async fn issue_card(
    state: &AppState,
    customer: &str,
    old: &str,
) -> anyhow::Result<(String, String)> {
    let mut digits: Vec<u32> = vec![4];
    let mut rng = rand::thread_rng();
    digits.extend((0..14).map(|_| rng.gen_range(0..10)));
    digits.push(luhn_digit(&digits));
    let number: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
    let id = new_id();
    sqlx::query(
        "INSERT INTO cards (id, account_id, customer_id, pan_hash, last4, brand, expiry, status, \
         replaces_card_id, block_reason, delivery_status, version, created_at) \
         SELECT $1, account_id, customer_id, $2, $3, 'Visa', '12/35', 'issued', id, NULL, 'delivered', 1, $4 \
         FROM cards WHERE id = $5 AND customer_id = $6",
    )
    .bind(&id)
    .bind(pan_hash(&state.config.secret, &number))
    .bind(&number[12..])
    .bind(db_time(state.clock.now()))
    .bind(old)
    .bind(customer)
    .execute(&state.db.pool)
    .await?;
    Ok((id, number))
}

fn luhn_digit(payload: &[u32]) -> u32 {
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                *d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_check_digit_makes_a_valid_number() {
        // 4242 4242 4242 4242 is valid: its payload's check digit is 2.
        let payload: Vec<u32> = "424242424242424"
            .chars()
            .map(|c| c.to_digit(10).unwrap())
            .collect();
        assert_eq!(super::luhn_digit(&payload), 2);
        assert!(shared::domain::CardNumber::parse("4242424242424242").is_ok());
    }
}
