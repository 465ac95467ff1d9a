//! The case queue, sorted by deadline.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use shared::api::{CaseList, CaseView};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::StaffAuth;
use crate::AppState;
use crate::clock::db_time;
use crate::error::{AppError, AppResult};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// `open` (default), `closed` or `overdue`.
    #[param(pattern = "^(open|closed|overdue)$")]
    pub status: Option<String>,
}

/// A case as lists read it: the case's columns, then its customer's name.
pub(crate) const COLUMNS: &str = "k.id, k.change_id, k.customer_id, c.name, k.kind, k.status, k.due_at, \
                                  k.created_at, k.decision_reason, k.version";
pub(crate) const FROM: &str = "cases k JOIN customers c ON c.id = k.customer_id";

/// The values of [`COLUMNS`], in order.
pub(crate) type CaseRow = (
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
);

/// A case as the API shows it at `now`: open past its deadline is overdue.
pub(crate) fn case_view(row: CaseRow, now: &str) -> CaseView {
    let (
        id,
        change_id,
        customer_id,
        customer_name,
        kind,
        status,
        due_at,
        created_at,
        reason,
        version,
    ) = row;
    CaseView {
        overdue: status == "open" && due_at.as_str() < now,
        id,
        change_id,
        customer_id,
        customer_name,
        kind,
        status,
        due_at,
        created_at,
        decision_reason: reason,
        version,
    }
}

fn view(r: &AnyRow, now: &str) -> Result<CaseView, sqlx::Error> {
    let row = (
        r.try_get(0)?,
        r.try_get(1)?,
        r.try_get(2)?,
        r.try_get(3)?,
        r.try_get(4)?,
        r.try_get(5)?,
        r.try_get(6)?,
        r.try_get(7)?,
        r.try_get(8)?,
        r.try_get(9)?,
    );
    Ok(case_view(row, now))
}

/// Cases by status, the nearest deadline first.
#[utoipa::path(get, path = "/api/staff/cases", tag = "staff", params(CaseQuery),
    responses((status = 200, body = CaseList), (status = 422, body = shared::ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    _staff: StaffAuth,
    crate::error::QueryParams(q): crate::error::QueryParams<CaseQuery>,
) -> AppResult<Json<CaseList>> {
    let now = db_time(state.clock.now());
    let sql = match q.status.as_deref().unwrap_or("open") {
        "open" => {
            "SELECT k.id, k.change_id, k.customer_id, c.name, k.kind, k.status, k.due_at, k.created_at, k.decision_reason, k.version \
                   FROM cases k JOIN customers c ON c.id = k.customer_id WHERE k.status = 'open' AND $1 = $1 ORDER BY k.due_at, k.id LIMIT 500"
        }
        "overdue" => {
            "SELECT k.id, k.change_id, k.customer_id, c.name, k.kind, k.status, k.due_at, k.created_at, k.decision_reason, k.version \
                      FROM cases k JOIN customers c ON c.id = k.customer_id WHERE k.status = 'open' AND k.due_at < $1 ORDER BY k.due_at, k.id LIMIT 500"
        }
        "closed" => {
            "SELECT k.id, k.change_id, k.customer_id, c.name, k.kind, k.status, k.due_at, k.created_at, k.decision_reason, k.version \
                     FROM cases k JOIN customers c ON c.id = k.customer_id WHERE k.status <> 'open' AND $1 = $1 ORDER BY k.due_at DESC, k.id LIMIT 500"
        }
        _ => {
            return Err(AppError::invalid(
                "status",
                "status is open, closed or overdue.",
            ));
        }
    };
    let rows = sqlx::query(sql)
        .bind(&now)
        .fetch_all(&state.db.pool)
        .await?;
    let cases = rows
        .iter()
        .map(|r| view(r, &now))
        .collect::<Result<_, _>>()?;
    Ok(Json(CaseList { cases }))
}

pub async fn for_customer(state: &AppState, customer_id: &str) -> AppResult<Vec<CaseView>> {
    let now = db_time(state.clock.now());
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE k.customer_id = $1 ORDER BY k.due_at, k.id"
    )))
    .bind(customer_id)
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| view(r, &now))
        .collect::<Result<_, _>>()?)
}

/// Open cases past their deadline go to the supervisors (escalated once) and the customer is told
/// honestly that we are late.
pub async fn escalate_overdue(state: &AppState) -> AppResult<usize> {
    use serde_json::json;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let rows = sqlx::query("SELECT id, customer_id, due_at FROM cases WHERE status = 'open' AND escalated_at IS NULL AND due_at < $1")
        .bind(db_time(now))
        .fetch_all(&mut *tx)
        .await?;
    let mut escalated_cases = 0;
    for r in &rows {
        let id: String = r.try_get(0)?;
        let customer_id: String = r.try_get(1)?;
        let due_at: String = r.try_get(2)?;
        let escalated = sqlx::query(
            "UPDATE cases SET escalated_at = $1, version = version + 1 \
             WHERE id = $2 AND status = 'open' AND escalated_at IS NULL",
        )
        .bind(db_time(now))
        .bind(&id)
        .execute(&mut *tx)
        .await?;
        if escalated.rows_affected() != 1 {
            // Decided or escalated meanwhile: nobody is late any more.
            continue;
        }
        escalated_cases += 1;
        crate::timeline::record(
            &mut tx,
            crate::timeline::Entry {
                customer_id: &customer_id,
                at: now,
                kind: "case",
                actor: &crate::timeline::Actor::system(),
                summary: format!(
                    "We are late: your case was due by {due_at}. A supervisor has taken it over."
                ),
                data: crate::timeline::event(
                    json!({"case_id": id, "escalated": true}),
                    "case_escalated",
                    json!({"due": due_at}),
                ),
                internal: false,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(escalated_cases)
}

/// One case with its change (the plan to approve) and its documents.
#[utoipa::path(get, path = "/api/staff/cases/{id}", tag = "staff", params(("id" = String, Path)),
    responses(
        (status = 200, body = shared::api::CaseDetail, headers(("ETag" = String, description = "The case and its change, for If-Match on the decision"))),
        (status = 404, body = shared::ApiError),
    ))]
pub async fn detail(
    State(state): State<AppState>,
    staff: StaffAuth,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> AppResult<axum::response::Response> {
    let now = db_time(state.clock.now());
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE k.id = $1"
    )))
    .bind(&id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let case_view = view(&row, &now)?;
    let change = match &case_view.change_id {
        Some(change_id) => crate::changes::read_change(&state, change_id).await?,
        None => None,
    };
    let documents = match &case_view.change_id {
        Some(change_id) => crate::changes::documents::for_change(&state, change_id).await?,
        None => Vec::new(),
    };
    let invitation = match &case_view.change_id {
        Some(change_id) => crate::invitations::for_case(&state, change_id).await?,
        None => None,
    };
    super::customer::record_access(&state, &staff, &case_view.customer_id, "case").await?;
    let detail = shared::api::CaseDetail {
        case_view,
        change,
        documents,
        invitation,
    };
    Ok(axum::response::IntoResponse::into_response((
        crate::precondition::etag(&detail.etag()),
        Json(detail),
    )))
}
