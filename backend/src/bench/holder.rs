//! `carryover bench holder`: what approving an account-holder change costs as the account's
//! dependents grow, the same three ways as a card activation's commit (over HTTP, in process,
//! bare SQL).
//!
//! A holder change happens once per account, so every round takes a fresh joint account of two
//! generated customers: the survivor's account, the deceased as a joint holder whose card is on
//! it. Half the dependents hang on the account (standing orders and mandates, renamed to the
//! survivor), half on the deceased's card (payments, alerts, limits, wallet tokens, moved to the
//! survivor's card as the card closes). The survivor has submitted the bereavement and uploaded
//! the certificate, untimed; the timed part is the staff approval that applies it:
//! - over HTTP: `POST /api/staff/cases/{id}/decision` through the whole router;
//! - in process: the same decision without HTTP (`staff::decision::decide_case`);
//! - the floor: the approval's own writes as bare SQL in one transaction, nothing else.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::StatusCode;
use shared::api::{DecisionRequest, PrincipalKind};
use sqlx::Row;

use super::commit::{auto_rounds, on_card, top_up};
use super::{Client, Table, json, settle};
use crate::AppState;
use crate::changes::holder as holder_change;
use crate::changes::routes::Outcome;
use crate::clock::db_time;
use crate::db::new_id;
use crate::migration::holder::{HolderRequest, plan_holder};
use crate::migration::{CARD_KINDS, holder_store};
use crate::precondition::IfMatch;
use crate::staff::{decision, staff_actor};
use crate::timeline::Actor;

const STAFF: &str = "bench-staff";
const REASON: &str = "Death certificate checked";

/// A bereavement waiting for its approval.
struct Case {
    id: String,
    change_id: String,
    survivor: String,
    deceased: String,
    account: String,
    /// The deceased's card (closes) and the survivor's (receives what hung on it).
    closing: String,
    target: String,
}

pub async fn holder(
    state: &AppState,
    sizes: &[usize],
    rounds: Option<usize>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO staff (id, email, name, role, password_hash, active, created_at) \
         SELECT $1, 'bench-staff@example.invalid', 'Bench Agent', 'agent', '-', 1, $2 \
         WHERE NOT EXISTS (SELECT 1 FROM staff WHERE id = $1)",
    )
    .bind(STAFF)
    .bind(db_time(state.clock.now()))
    .execute(&state.db.pool)
    .await?;
    let client = Client::signed_in(state, PrincipalKind::Staff, STAFF).await?;
    let staff = staff_actor(STAFF, "Bench Agent");
    Table::header("holder change approval (bereavement)", state.db.backend);
    for &size in sizes {
        let n = rounds.unwrap_or_else(|| auto_rounds(size));
        let people = new_customers(state, 2 * 3 * (n + 1)).await?;
        let mut pairs = people.chunks(2);
        let mut samples: [Vec<Duration>; 3] = Default::default();
        for round in 0..=n {
            for (mode, kept) in samples.iter_mut().enumerate() {
                let pair = pairs.next().expect("two customers per round and mode");
                let case = bereavement(state, &pair[0], &pair[1], size).await?;
                let took = match mode {
                    0 => approve_over_http(&client, &case).await?,
                    1 => {
                        let started = Instant::now();
                        let req = DecisionRequest {
                            approve: true,
                            reason: REASON.into(),
                        };
                        decision::decide_case(state, &staff, &IfMatch::default(), &case.id, &req)
                            .await?;
                        started.elapsed()
                    }
                    _ => floor(state, &case).await?,
                };
                verify(state, &case, size).await?;
                if round > 0 {
                    kept.push(took);
                }
            }
            // Each round generates its own customers' items: statistics once they are there
            // (they make every statement plan again, so not between measured rounds).
            if round == 0 {
                super::settle_statistics(state).await?;
            } else {
                settle(state).await?;
            }
        }
        Table::row(size, &mut samples);
    }
    Ok(())
}

/// `count` new generated customers, each with an account and an active card.
async fn new_customers(state: &AppState, count: usize) -> anyhow::Result<Vec<String>> {
    crate::seed::bulk::seed(
        &state.db,
        &state.config.secret,
        count as u32,
        state.clock.now(),
    )
    .await?;
    // Bulk ids are `bulk-<sequence>` with sequences of equal width: the newest sort last.
    let rows =
        sqlx::query("SELECT id FROM customers WHERE id LIKE 'bulk-%' ORDER BY id DESC LIMIT $1")
            .bind(count as i64)
            .fetch_all(&state.db.pool)
            .await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// Makes `deceased` a joint holder of the survivor's account with their card on it, gives the
/// account and that card `size` dependents between them, and submits the bereavement with its
/// certificate as the survivor would.
async fn bereavement(
    state: &AppState,
    survivor: &str,
    deceased: &str,
    size: usize,
) -> anyhow::Result<Case> {
    let account = format!("{survivor}-acc");
    let closing = format!("{deceased}-card");
    sqlx::query("UPDATE cards SET account_id = $1 WHERE id = $2")
        .bind(&account)
        .bind(&closing)
        .execute(&state.db.pool)
        .await?;
    sqlx::query(
        "INSERT INTO account_holders (account_id, customer_id, role, status, since) \
         VALUES ($1, $2, 'joint', 'active', '2020-01-01')",
    )
    .bind(&account)
    .bind(deceased)
    .execute(&state.db.pool)
    .await?;
    top_up(state, &closing, size / 2).await?;
    account_items(state, &account, size - size / 2).await?;

    let req = HolderRequest::Bereavement {
        account_id: account.clone(),
        submitter: survivor.into(),
        deceased: deceased.into(),
        cancel: Vec::new(),
    };
    let mut conn = state.db.pool.acquire().await?;
    let (_, fingerprint) = holder_change::plan(&mut conn, &req).await?;
    drop(conn);
    let mut tx = state.db.begin().await?;
    let actor = Actor::customer(&mut tx, survivor).await?;
    let change_id =
        match holder_change::commit(state, &mut tx, &actor, survivor, &req, &fingerprint).await? {
            Outcome::Done(done) => done.change_id,
            Outcome::Outdated => anyhow::bail!("the bereavement's plan went stale"),
        };
    sqlx::query(
        "INSERT INTO change_documents (id, change_id, filename, content_type, size_bytes, sha256, storage_key, created_at) \
         VALUES ($1, $2, 'certificate.pdf', 'application/pdf', 1, $1, $1, $3)",
    )
    .bind(new_id())
    .bind(&change_id)
    .bind(db_time(state.clock.now()))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let id: String = sqlx::query("SELECT id FROM cases WHERE change_id = $1")
        .bind(&change_id)
        .fetch_one(&state.db.pool)
        .await?
        .try_get(0)?;
    Ok(Case {
        id,
        change_id,
        survivor: survivor.into(),
        deceased: deceased.into(),
        account,
        closing,
        target: format!("{survivor}-card"),
    })
}

/// `n` standing orders and mandates on the account, half each, 250 rows per statement.
async fn account_items(state: &AppState, account: &str, n: usize) -> anyhow::Result<()> {
    let mut tx = state.db.begin().await?;
    let rows: Vec<usize> = (0..n).collect();
    for (i, chunk) in rows.chunks(250).enumerate() {
        let (table, cols, row): (_, _, fn(&str, usize) -> String) = if i % 2 == 0 {
            (
                "standing_orders",
                "id, account_id, payee, payee_iban, amount, currency, frequency, next_on, reference, originator_name, status, version",
                |acc, n| {
                    format!(
                        "('bench-{acc}-so{n}', '{acc}', 'Payee {n}', 'DE89370400440532013000', '25.00', 'EUR', 'monthly', '2027-01-01', 'Rent {n}', 'Old Name', 'active', 1)"
                    )
                },
            )
        } else {
            (
                "mandates",
                "id, account_id, creditor, creditor_id, reference, debtor_name, status, version",
                |acc, n| {
                    format!(
                        "('bench-{acc}-md{n}', '{acc}', 'Creditor {n}', 'DE98ZZZ09999999999', 'M-{n}', 'Old Name', 'active', 1)"
                    )
                },
            )
        };
        let values: Vec<String> = chunk.iter().map(|n| row(account, *n)).collect();
        super::insert_generated(&mut tx, table, cols, &values).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn approve_over_http(client: &Client, case: &Case) -> anyhow::Result<Duration> {
    let body = serde_json::json!({"approve": true, "reason": REASON}).to_string();
    let req = client
        .post(&format!("/api/staff/cases/{}/decision", case.id))
        .body(Body::from(body))?;
    let started = Instant::now();
    let (status, res) = client.call(req).await?;
    let took = started.elapsed();
    anyhow::ensure!(
        status == StatusCode::OK,
        "approval answered {status}: {}",
        json(&res)
    );
    Ok(took)
}

/// The writes an approved bereavement must make, and nothing else: the change and the case
/// decided, the names on the account, the holders, the deceased's access, the card-bound items
/// moved and the card closed, the plan, the timeline entry and the letter (their JSON made
/// beforehand).
async fn floor(state: &AppState, case: &Case) -> anyhow::Result<Duration> {
    let req = HolderRequest::Bereavement {
        account_id: case.account.clone(),
        submitter: case.survivor.clone(),
        deceased: case.deceased.clone(),
        cancel: Vec::new(),
    };
    let mut conn = state.db.pool.acquire().await?;
    let st = holder_store::load(&mut conn, &case.account).await?;
    drop(conn);
    let plan = plan_holder(&st, &req).map_err(|e| anyhow::anyhow!("{e}"))?;
    let plan_json = serde_json::to_string(&plan)?;
    let data = serde_json::json!({"case_id": case.id, "change_id": case.change_id, "approved": true, "event": "holder_change_approved"}).to_string();
    let letter = serde_json::json!({"template": "case_decided", "approved": true, "text": REASON})
        .to_string();
    let now = db_time(state.clock.now());
    let name: String = sqlx::query("SELECT name FROM customers WHERE id = $1")
        .bind(&case.survivor)
        .fetch_one(&state.db.pool)
        .await?
        .try_get(0)?;

    let started = Instant::now();
    let mut tx = state.db.begin().await?;
    let by_id = |sql: &'static str, id: &str| sqlx::query(sql).bind(id.to_string());
    by_id(
        "UPDATE customers SET version = version WHERE id = $1",
        &case.survivor,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE changes SET status = 'completed', completed_at = $1, version = version + 1 WHERE id = $2 AND status = 'pending_review'")
        .bind(&now)
        .bind(&case.change_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE cases SET status = 'approved', decided_by = $1, decision_reason = $2, decided_at = $3, version = version + 1 WHERE id = $4 AND status = 'open'")
        .bind(STAFF)
        .bind(REASON)
        .bind(&now)
        .bind(&case.id)
        .execute(&mut *tx)
        .await?;
    for sql in [
        "UPDATE accounts SET statement_name = $1, version = version + 1 WHERE id = $2",
        "UPDATE standing_orders SET originator_name = $1, version = version + 1 WHERE account_id = $2",
        "UPDATE mandates SET debtor_name = $1, version = version + 1 WHERE account_id = $2",
        "UPDATE contracts SET billing_name = $1, version = version + 1 WHERE account_id = $2 AND status = 'active'",
    ] {
        sqlx::query(sql)
            .bind(&name)
            .bind(&case.account)
            .execute(&mut *tx)
            .await?;
    }
    for sql in [
        "UPDATE account_holders SET status = 'deceased' WHERE account_id = $1 AND customer_id = $2",
        "UPDATE cards SET status = 'closed', version = version + 1 WHERE account_id = $1 AND customer_id = $2",
    ] {
        sqlx::query(sql)
            .bind(&case.account)
            .bind(&case.deceased)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "UPDATE account_holders SET role = 'primary' WHERE account_id = $1 AND customer_id = $2",
    )
    .bind(&case.account)
    .bind(&case.survivor)
    .execute(&mut *tx)
    .await?;
    for sql in [
        "UPDATE credentials SET login_enabled = 0 WHERE customer_id = $1",
        "DELETE FROM sessions WHERE principal_kind = 'customer' AND principal_id = $1",
        "UPDATE customers SET status = 'deceased', version = version + 1 WHERE id = $1",
    ] {
        by_id(sql, &case.deceased).execute(&mut *tx).await?;
    }
    for kind in CARD_KINDS {
        sqlx::query(kind.move_sql)
            .bind(&case.target)
            .bind(&case.closing)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE changes SET plan = $1 WHERE id = $2")
        .bind(&plan_json)
        .bind(&case.change_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO timeline (id, customer_id, at, kind, actor_kind, actor_id, actor_name, on_behalf_reason, summary, data, internal) \
         VALUES ($1, $2, $3, 'case', 'staff', $4, 'Bench Agent (staff)', $5, $5, $6, 0)",
    )
    .bind(new_id())
    .bind(&case.survivor)
    .bind(&now)
    .bind(STAFF)
    .bind(REASON)
    .bind(&data)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO outbox (id, customer_id, topic, dedupe_key, payload, created_at, available_at, attempts) \
         VALUES ($1, $2, 'letter', $3, $4, $5, $5, 0)",
    )
    .bind(new_id())
    .bind(&case.survivor)
    .bind(format!("case:{}:decision", case.id))
    .bind(&letter)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(started.elapsed())
}

/// Every way did the whole job: the case approved, the deceased's card closed with nothing left
/// on it, everything it carried on the survivor's card.
async fn verify(state: &AppState, case: &Case, size: usize) -> anyhow::Result<()> {
    let row = sqlx::query(
        "SELECT k.status, c.status FROM cases k JOIN cards c ON c.id = $2 WHERE k.id = $1",
    )
    .bind(&case.id)
    .bind(&case.closing)
    .fetch_one(&state.db.pool)
    .await?;
    let (case_status, card_status): (String, String) = (row.try_get(0)?, row.try_get(1)?);
    anyhow::ensure!(
        (case_status.as_str(), card_status.as_str()) == ("approved", "closed"),
        "case {case_status}, deceased's card {card_status}"
    );
    let left = on_card(state, &case.closing).await?;
    let arrived = on_card(state, &case.target).await?;
    anyhow::ensure!(
        left == 0 && arrived >= size / 2,
        "{left} items left on the closed card, {arrived} on the survivor's"
    );
    Ok(())
}
