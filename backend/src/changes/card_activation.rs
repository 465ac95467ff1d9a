//! Card activation over HTTP: turning "here is my new card's number and expiry" into the card it
//! means, and committing its plan.

use shared::domain::{CardNumber, Expiry};
use sqlx::Row;

use super::previews::{self, Previewed};
use super::routes::{Committed, Outcome};
use crate::AppState;
use crate::crypto::pan_hash;
use crate::db::Tx;
use crate::error::{AppError, AppResult};
use crate::migration::card::{self, PlanError};
use crate::migration::{Drift, Plan, apply, snapshot};
use crate::timeline::Actor;

/// Finds the customer's own card for a typed number. The number is hashed and dropped here.
pub async fn resolve_card(
    state: &AppState,
    customer_id: &str,
    number: &str,
    expiry: &str,
) -> AppResult<String> {
    let number =
        CardNumber::parse(number).map_err(|e| AppError::invalid("card_number", e.message))?;
    let expiry = Expiry::parse(expiry).map_err(|e| AppError::invalid("expiry", e.message))?;
    let today = state.clock.now().date();
    if (expiry.year, expiry.month) < (today.year() as u16, u8::from(today.month())) {
        return Err(AppError::invalid(
            "expiry",
            "This expiry date has passed; please check the card.",
        ));
    }
    let row =
        sqlx::query("SELECT id, expiry FROM held_cards WHERE pan_hash = $1 AND customer_id = $2")
            .bind(pan_hash(&state.config.secret, number.digits()))
            .bind(customer_id)
            .fetch_optional(&state.db.pool)
            .await?;
    drop(number);
    let Some(row) = row else {
        return Err(AppError::invalid(
            "card_number",
            "This number does not match a card we issued to you. Please check the digits.",
        ));
    };
    if row.try_get::<String, _>(1)? != expiry.display() {
        return Err(AppError::invalid(
            "expiry",
            "The expiry does not match this card. Please check it.",
        ));
    }
    Ok(row.try_get(0)?)
}

fn plan_error(e: PlanError) -> AppError {
    AppError::invalid("card_number", e.to_string())
}

/// Plans an activation and keeps what it read and planned for the commit ([`previews`]).
pub async fn plan(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    customer_id: &str,
    card_id: &str,
) -> AppResult<(Plan, String)> {
    let before = snapshot::load(conn, customer_id).await?;
    let plan = card::plan_activation(&before, card_id).map_err(plan_error)?;
    let fingerprint = before.fingerprint();
    state.previews.keep(
        previews::key(&fingerprint, card_id),
        Previewed {
            before,
            plan: plan.clone(),
        },
    );
    Ok((plan, fingerprint))
}

/// Commits the activation the customer previewed. `version` is the customer's version under the
/// lock ([`super::lock_customer`]): where it is still the preview's, the kept preview is the
/// state, and nothing is read again.
pub async fn commit(
    state: &AppState,
    tx: &mut Tx,
    actor: &Actor,
    customer_id: &str,
    card_id: &str,
    fingerprint: &str,
    version: Option<i64>,
) -> AppResult<Outcome> {
    let kept = state
        .previews
        .take(&previews::key(fingerprint, card_id))
        .filter(|p| {
            Some(p.before.customer_version) == version && p.before.customer_id == customer_id
        });
    let (previewed, kept) = match kept {
        Some(previewed) => (previewed, true),
        None => {
            let before = snapshot::load(tx, customer_id).await?;
            if before.fingerprint() != fingerprint {
                return Ok(Outcome::Outdated);
            }
            let plan = card::plan_activation(&before, card_id).map_err(plan_error)?;
            (Previewed { before, plan }, false)
        }
    };
    let Previewed { before, plan } = previewed;
    let applied = match apply::card_activation(state, tx, actor, &before, &plan).await {
        Ok(applied) => applied,
        Err(AppError::Internal(e)) if kept && e.is::<Drift>() => {
            tracing::info!(error = %e, "kept preview outdated by a write that kept the version");
            return Ok(Outcome::Outdated);
        }
        Err(e) => return Err(e),
    };
    Ok(Outcome::Done(Committed {
        change_id: applied.change_id,
        created_at: applied.created_at,
        status: "completed",
        plan,
    }))
}
