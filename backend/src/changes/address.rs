//! Address changes over HTTP: validate, plan, and commit now or for a move date.

use shared::api::Address;
use shared::domain::PostalAddress;

use super::routes::{Committed, Outcome};
use crate::AppState;
use crate::clock::db_date;
use crate::db::Tx;
use crate::error::{AppError, AppResult};
use crate::migration::address::{self, AddressRequest, PlanError};
use crate::migration::address_store;
use crate::migration::record::{self, NewChange};
use crate::migration::{Action, Plan, count};
use crate::timeline::Actor;

/// How far ahead a move date may lie.
const MAX_AHEAD_DAYS: i64 = 366;

/// Validates the address (every field error at once) and the effective date.
pub fn request(
    state: &AppState,
    input: &Address,
    effective_on: Option<&str>,
    keep: Vec<String>,
) -> AppResult<AddressRequest> {
    let address = PostalAddress::parse(input).map_err(|errors| {
        let first = &errors[0];
        let mut e = shared::ApiError::new(shared::ErrorCode::InvalidInput, first.message.clone()).with_field(first.field.clone());
        e.details = Some(serde_json::json!({
            "errors": errors.iter().map(|e| serde_json::json!({"field": e.field, "message": e.message})).collect::<Vec<_>>()
        }));
        AppError::InvalidDetailed(e)
    })?;
    let today = state.clock.now().date();
    let date = match effective_on.map(str::trim).filter(|s| !s.is_empty()) {
        None => today,
        Some(s) => time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|_| AppError::invalid("effective_on", "Enter the date as YYYY-MM-DD."))?,
    };
    if date < today {
        return Err(AppError::invalid(
            "effective_on",
            "The move date cannot lie in the past.",
        ));
    }
    if date > today + time::Duration::days(MAX_AHEAD_DAYS) {
        return Err(AppError::invalid(
            "effective_on",
            "The move date can be at most 12 months ahead.",
        ));
    }
    Ok(AddressRequest {
        address: address.into_address(),
        effective_on: db_date(date),
        keep,
    })
}

fn plan_error(e: PlanError) -> AppError {
    let field = match e {
        PlanError::UnknownChoice => "keep",
        _ => "address",
    };
    AppError::invalid(field, e.to_string())
}

pub async fn plan(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    customer_id: &str,
    req: &AddressRequest,
) -> AppResult<(Plan, String)> {
    let st = address_store::load(conn, customer_id, &db_date(state.clock.now().date())).await?;
    let plan = address::plan_address(&st, req).map_err(plan_error)?;
    Ok((plan, st.fingerprint()))
}

pub async fn commit(
    state: &AppState,
    tx: &mut Tx,
    actor: &Actor,
    customer_id: &str,
    req: &AddressRequest,
    fingerprint: &str,
) -> AppResult<Outcome> {
    let now = state.clock.now();
    let st = address_store::load(tx, customer_id, &db_date(now.date())).await?;
    if st.fingerprint() != fingerprint {
        return Ok(Outcome::Outdated);
    }
    let plan = address::plan_address(&st, req).map_err(plan_error)?;
    let immediate = req.effective_on <= db_date(now.date());
    if immediate {
        address_store::apply(state, tx, &st, req).await?;
    }
    let status = if immediate { "completed" } else { "scheduled" };
    let moved = count(&plan, Action::Move);
    let recorded = record::record(
        tx,
        NewChange {
            customer_id,
            actor,
            plan: &plan,
            status,
            request: Some(serde_json::to_string(req).map_err(anyhow::Error::from)?),
            summary: if immediate {
                format!("Address changed; {moved} items follow the new address")
            } else {
                format!(
                    "Address change scheduled for {}; {moved} items will follow",
                    req.effective_on
                )
            },
            event: if immediate {
                "address_changed"
            } else {
                "address_change_scheduled"
            },
            params: serde_json::json!({"moved": moved, "effective_on": req.effective_on}),
            confirmation: None,
            at: now,
        },
    )
    .await?;
    let email: String = {
        use sqlx::Row;
        sqlx::query("SELECT email FROM customers WHERE id = $1")
            .bind(customer_id)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?
    };
    address_store::notify(state, tx, actor, &recorded.change_id, &st, req, &email).await?;
    Ok(Outcome::Done(Committed {
        change_id: recorded.change_id,
        created_at: recorded.created_at,
        status,
        plan,
    }))
}
