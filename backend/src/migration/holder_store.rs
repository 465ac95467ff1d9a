//! The imperative shell of holder changes: read an account's holders and named dependents, and
//! apply an approved plan in the approving transaction.

use sqlx::{AnyConnection, Row};

use super::holder::{HolderRequest, HolderSnap, HolderState, Named};
use super::holder_cards::{AccountCards, HeldCard, Leaving};
use super::holder_cards_store;
use super::{Parent, snapshot};
use crate::AppState;
use crate::db::Tx;
use crate::error::{AppError, AppResult};
use crate::failpoint::Steps;

pub async fn load(conn: &mut AnyConnection, account_id: &str) -> AppResult<HolderState> {
    let acc = sqlx::query("SELECT iban, statement_name, version FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let holders = sqlx::query(
        "SELECT h.customer_id, c.name, h.status, COALESCE(cr.login_enabled, 0) FROM account_holders h \
         JOIN customers c ON c.id = h.customer_id LEFT JOIN credentials cr ON cr.customer_id = c.id \
         WHERE h.account_id = $1 ORDER BY h.role DESC, c.name",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(HolderSnap {
            customer_id: r.try_get(0)?,
            name: r.try_get(1)?,
            status: r.try_get(2)?,
            login_enabled: r.try_get::<i64, _>(3)? == 1,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let standing_orders = named(conn, "SELECT id, payee, originator_name FROM standing_orders WHERE account_id = $1 ORDER BY payee, id", account_id).await?;
    let mandates = named(conn, "SELECT id, creditor, debtor_name FROM mandates WHERE account_id = $1 ORDER BY creditor, id", account_id).await?;
    let contracts = named(conn, "SELECT id, name, billing_name FROM contracts WHERE account_id = $1 AND status = 'active' ORDER BY name, id", account_id).await?;
    let cards = account_cards(conn, account_id, &holders).await?;
    Ok(HolderState {
        account_id: account_id.into(),
        iban: acc.try_get(0)?,
        statement_name: acc.try_get(1)?,
        version: acc.try_get(2)?,
        holders,
        standing_orders,
        mandates,
        contracts,
        cards,
    })
}

/// Every active holder's cards on this account and the card-bound items on them, read through
/// the same snapshot a card change plans from (a holder has one or two people).
async fn account_cards(
    conn: &mut AnyConnection,
    account_id: &str,
    holders: &[HolderSnap],
) -> AppResult<AccountCards> {
    let mut out = AccountCards::default();
    for h in holders.iter().filter(|h| h.status == "active") {
        let snap = snapshot::load(conn, &h.customer_id).await?;
        let here: Vec<&str> = snap
            .cards
            .iter()
            .filter(|c| c.account_id == account_id)
            .map(|c| c.id.as_str())
            .collect();
        out.items.extend(
            snap.dependents
                .iter()
                .filter(|d| matches!(&d.parent, Parent::Card(c) if here.contains(&c.as_str())))
                .cloned(),
        );
        out.cards.extend(
            snap.cards
                .into_iter()
                .filter(|c| c.account_id == account_id)
                .map(|card| HeldCard {
                    cardholder: h.customer_id.clone(),
                    card,
                }),
        );
    }
    Ok(out)
}

async fn named(
    conn: &mut AnyConnection,
    sql: &'static str,
    account_id: &str,
) -> Result<Vec<Named>, sqlx::Error> {
    sqlx::query(sql)
        .bind(account_id)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| {
            Ok(Named {
                id: r.try_get(0)?,
                label: r.try_get(1)?,
                name: r.try_get(2)?,
            })
        })
        .collect()
}

/// The name everything on the account carries after the change.
fn new_name(st: &HolderState, req: &HolderRequest) -> String {
    match req {
        HolderRequest::Bereavement { submitter, .. } => st
            .holders
            .iter()
            .find(|h| &h.customer_id == submitter)
            .map(|h| h.name.clone())
            .unwrap_or_default(),
        HolderRequest::Transfer {
            new_holder_name, ..
        } => new_holder_name.clone(),
        HolderRequest::NameChange { new_name, .. } => new_name.clone(),
    }
}

/// One statement per table; the payment history is not touched.
pub async fn apply(
    state: &AppState,
    tx: &mut Tx,
    st: &HolderState,
    req: &HolderRequest,
    now: &str,
) -> AppResult<()> {
    let mut steps = Steps::new(&state.failpoints);
    let name = new_name(st, req);
    let acc = &st.account_id;
    for sql in [
        "UPDATE accounts SET statement_name = $1, version = version + 1 WHERE id = $2",
        "UPDATE standing_orders SET originator_name = $1, version = version + 1 WHERE account_id = $2",
        "UPDATE mandates SET debtor_name = $1, version = version + 1 WHERE account_id = $2",
        "UPDATE contracts SET billing_name = $1, version = version + 1 WHERE account_id = $2 AND status = 'active'",
    ] {
        sqlx::query(sql)
            .bind(&name)
            .bind(acc)
            .execute(&mut **tx)
            .await?;
        steps.done()?;
    }
    match req {
        HolderRequest::Bereavement {
            submitter,
            deceased,
            ..
        } => {
            sqlx::query("UPDATE account_holders SET status = 'deceased' WHERE account_id = $1 AND customer_id = $2")
                .bind(acc)
                .bind(deceased)
                .execute(&mut **tx)
                .await?;
            sqlx::query("UPDATE account_holders SET role = 'primary' WHERE account_id = $1 AND customer_id = $2")
                .bind(acc)
                .bind(submitter)
                .execute(&mut **tx)
                .await?;
            steps.done()?;
            close_access(tx, deceased).await?;
            sqlx::query(
                "UPDATE customers SET status = 'deceased', version = version + 1 WHERE id = $1",
            )
            .bind(deceased)
            .execute(&mut **tx)
            .await?;
        }
        HolderRequest::Transfer {
            submitter,
            new_holder,
            ..
        } => {
            // Approval fills this in from the accepted invitation; without it nothing may move.
            let new_holder = new_holder
                .as_deref()
                .ok_or_else(|| anyhow::anyhow!("transfer applied without a known new holder"))?;
            sqlx::query("UPDATE account_holders SET status = 'removed' WHERE account_id = $1 AND customer_id = $2")
                .bind(acc)
                .bind(submitter)
                .execute(&mut **tx)
                .await?;
            sqlx::query("DELETE FROM account_holders WHERE account_id = $1 AND customer_id = $2")
                .bind(acc)
                .bind(new_holder)
                .execute(&mut **tx)
                .await?;
            sqlx::query("INSERT INTO account_holders (account_id, customer_id, role, status, since) VALUES ($1, $2, 'primary', 'active', $3)")
                .bind(acc)
                .bind(new_holder)
                .bind(&now[..10])
                .execute(&mut **tx)
                .await?;
            steps.done()?;
            sqlx::query("UPDATE credentials SET login_enabled = 1 WHERE customer_id = $1")
                .bind(new_holder)
                .execute(&mut **tx)
                .await?;
        }
        HolderRequest::NameChange {
            submitter,
            new_name,
            ..
        } => {
            let row = sqlx::query("SELECT phone, email FROM customers WHERE id = $1")
                .bind(submitter)
                .fetch_one(&mut **tx)
                .await?;
            sqlx::query("UPDATE customers SET name = $1, name_folded = $2, version = version + 1 WHERE id = $3")
                .bind(new_name)
                .bind(crate::search_terms::fold(new_name))
                .bind(submitter)
                .execute(&mut **tx)
                .await?;
            steps.done()?;
            let (phone, email): (String, String) = (row.try_get(0)?, row.try_get(1)?);
            crate::search_terms::index(tx, submitter, new_name, &phone, &email).await?;
        }
    }
    steps.done()?;
    let leaving = match req {
        HolderRequest::Bereavement {
            submitter,
            deceased,
            cancel,
            ..
        } => Some((deceased, Some(submitter.as_str()), cancel)),
        HolderRequest::Transfer {
            submitter,
            new_holder,
            cancel,
            ..
        } => Some((submitter, new_holder.as_deref(), cancel)),
        HolderRequest::NameChange { .. } => None,
    };
    match leaving {
        Some((who, to, cancel)) => {
            let to_name = new_name(st, req);
            let leaving = Leaving {
                who,
                to,
                to_name: &to_name,
            };
            let at = crate::clock::parse_db_time(now)
                .ok_or_else(|| anyhow::anyhow!("bad time {now}"))?;
            holder_cards_store::close(state, tx, st, &leaving, cancel, at).await?;
        }
        None => holder_cards_store::check(tx, acc).await?,
    }
    steps.done()?;
    Ok(())
}

/// A deceased person's sign-in is closed and their sessions end.
async fn close_access(tx: &mut Tx, customer_id: &str) -> AppResult<()> {
    sqlx::query("UPDATE credentials SET login_enabled = 0 WHERE customer_id = $1")
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE principal_kind = 'customer' AND principal_id = $1")
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
