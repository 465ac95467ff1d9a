//! The customer as staff see them, and the complete timeline. Every read is recorded.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::json;
use shared::api::{StaffCustomerView, TimelinePage};

use super::StaffAuth;
use crate::AppState;
use crate::customer::timeline::{PageQuery, page};
use crate::error::AppResult;
use crate::timeline::{self, Entry};

/// Records that a staff member looked at a customer; the customer sees it on their timeline.
/// `what` is a code: `overview` | `timeline` | `case` | `document`.
pub async fn record_access(
    state: &AppState,
    staff: &StaffAuth,
    customer_id: &str,
    what: &str,
) -> AppResult<()> {
    let code = what;
    let what = match code {
        "overview" => "the customer overview",
        "timeline" => "the timeline",
        "case" => "a case",
        "document" => "an uploaded document",
        other => other,
    };
    let mut tx = state.db.begin().await?;
    timeline::record(
        &mut tx,
        Entry {
            customer_id,
            at: state.clock.now(),
            kind: "staff_access",
            actor: &staff.actor(),
            summary: format!("{} looked at {what}", staff.name),
            data: timeline::event(
                json!({"staff_id": staff.id, "what": what}),
                "staff_looked",
                json!({"staff": staff.name, "what": code}),
            ),
            internal: false,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Everything the customer sees, plus cases, promises and notes.
#[utoipa::path(get, path = "/api/staff/customers/{id}", tag = "staff", params(("id" = String, Path)),
    responses((status = 200, body = StaffCustomerView), (status = 404, body = shared::ApiError)))]
pub async fn view(
    State(state): State<AppState>,
    staff: StaffAuth,
    Path(id): Path<String>,
) -> AppResult<Json<StaffCustomerView>> {
    super::customer_name(&state, &id).await?;
    let overview = crate::customer::overview::load(&state, &id).await?;
    let promises = super::promises::for_customer(&state, &id).await?;
    let notes = super::notes::for_customer(&state, &id).await?;
    record_access(&state, &staff, &id, "overview").await?;
    Ok(Json(StaffCustomerView {
        overview,
        promises,
        notes,
    }))
}

/// The complete timeline, internal notes included.
#[utoipa::path(get, path = "/api/staff/customers/{id}/timeline", tag = "staff",
    params(("id" = String, Path), PageQuery),
    responses(
        (status = 200, body = TimelinePage),
        (status = 404, body = shared::ApiError),
        (status = 422, description = "`limit` outside 1 to 200", body = shared::ApiError),
    ))]
pub async fn timeline(
    State(state): State<AppState>,
    staff: StaffAuth,
    Path(id): Path<String>,
    crate::error::QueryParams(q): crate::error::QueryParams<PageQuery>,
) -> AppResult<Json<TimelinePage>> {
    super::customer_name(&state, &id).await?;
    record_access(&state, &staff, &id, "timeline").await?;
    Ok(Json(page(&state, &id, &q, true).await?))
}
