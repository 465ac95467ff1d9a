//! Staff decide a case: approve (the previewed holder plan is applied in one transaction) or
//! reject with a reason the customer sees. Four eyes: never the person who submitted the change.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::json;
use shared::api::{CaseView, DecisionRequest, case_etag};
use sqlx::Row;

use super::StaffAuth;
use crate::AppState;
use crate::clock::db_time;
use crate::error::{AppError, AppResult, JsonBody};
use crate::migration::holder::{self, HolderRequest};
use crate::migration::holder_store;
use crate::outbox::{self, Message};
use crate::precondition::IfMatch;
use crate::timeline::{self, Actor, Entry};
use crate::transition::{Table, expect_one};

/// Approve or reject a case.
///
/// One winner: the change moves first (`pending_review` → `completed`/`rejected`), then the case
/// (`open` → decided), each one conditional write whose row count is checked, in the
/// transaction that applies the plan and records the timeline. A customer's cancel or a second
/// decision that lands in between makes this one answer 409 `change_state_changed` and write
/// nothing; a stale `If-Match` is 412.
#[utoipa::path(post, path = "/api/staff/cases/{id}/decision", tag = "staff",
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, max_length = 512, pattern = "^[!-~]([ -~]*[!-~])?$", description = "The case's ETag from GET /api/staff/cases/{id}; stale is 412")),
    request_body = DecisionRequest,
    responses(
        (status = 200, body = CaseView),
        (status = 403, description = "Four eyes: not the submitter", body = shared::ApiError),
        (status = 404, body = shared::ApiError),
        (status = 409, description = "`change_state_changed`: decided, withdrawn or cancelled meanwhile; or `invitation_not_accepted`: a transfer waits for the new holder", body = shared::ApiError),
        (status = 412, description = "`version_mismatch`: the case or its change moved on since the ETag", body = shared::ApiError),
        (status = 422, body = shared::ApiError),
    ))]
pub async fn decide(
    State(state): State<AppState>,
    staff: StaffAuth,
    if_match: IfMatch,
    Path(case_id): Path<String>,
    JsonBody(req): JsonBody<DecisionRequest>,
) -> AppResult<Json<CaseView>> {
    let customer_id = decide_case(&state, &staff.actor(), &if_match, &case_id, &req).await?;
    let view = super::cases::for_customer(&state, &customer_id)
        .await?
        .into_iter()
        .find(|c| c.id == case_id)
        .ok_or(AppError::NotFound)?;
    Ok(Json(view))
}

/// The decision without HTTP (the route above, `carryover bench commit`): one transaction that
/// moves the change and the case, applies an approved holder plan and records it. Answers the
/// case's customer.
pub async fn decide_case(
    state: &AppState,
    staff: &Actor,
    if_match: &IfMatch,
    case_id: &str,
    req: &DecisionRequest,
) -> AppResult<String> {
    let staff_id = staff.id.as_deref().unwrap_or_default();
    let staff_name = staff
        .staff
        .as_ref()
        .map(|(name, _)| name.as_str())
        .unwrap_or(&staff.name);
    let reason = shared::domain::text::trimmed(&req.reason).to_string();
    if !(3..=2000).contains(&reason.chars().count()) {
        return Err(AppError::invalid(
            "reason",
            "Give the reason for the decision (at most 2000 characters); the customer reads it.",
        ));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let case = sqlx::query(
        "SELECT k.status, k.customer_id, k.change_id, k.kind, c.actor_kind, c.actor_id, c.request, \
         k.version, c.version FROM cases k LEFT JOIN changes c ON c.id = k.change_id WHERE k.id = $1",
    )
    .bind(case_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let case_version: i64 = case.try_get(7)?;
    let change_version: Option<i64> = case.try_get(8)?;
    if_match.check(&case_etag(case_version, change_version))?;
    let status: String = case.try_get(0)?;
    if status != "open" {
        return Err(AppError::StateChanged {
            status,
            version: case_version,
        });
    }
    let customer_id: String = case.try_get(1)?;
    let change_id: Option<String> = case.try_get(2)?;
    let kind: String = case.try_get(3)?;
    if case.try_get::<Option<String>, _>(4)?.as_deref() == Some("staff")
        && case.try_get::<Option<String>, _>(5)?.as_deref() == Some(staff_id)
    {
        return Err(AppError::Forbidden(
            "Four eyes: a change is decided by someone other than the person who submitted it."
                .into(),
        ));
    }
    let applies_holder_change = kind == "holder_change" && req.approve;
    // The change first, the case second: the same lock order as a customer's cancel.
    if let (Some(change_id), Some(version)) = (&change_id, change_version)
        && (applies_holder_change || !req.approve)
    {
        let to = if req.approve { "completed" } else { "rejected" };
        let moved = sqlx::query(
            "UPDATE changes SET status = $1, completed_at = $2, version = version + 1 \
             WHERE id = $3 AND status = 'pending_review' AND ($4 = 0 OR version = $5)",
        )
        .bind(to)
        .bind(req.approve.then(|| db_time(now)))
        .bind(change_id)
        .bind(i64::from(if_match.is_conditional()))
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_one(
            &mut tx,
            Table::Changes,
            change_id,
            &["pending_review"],
            moved.rows_affected(),
        )
        .await?;
    }
    let decided = sqlx::query(
        "UPDATE cases SET status = $1, decided_by = $2, decision_reason = $3, decided_at = $5, version = version + 1 \
         WHERE id = $4 AND status = 'open' AND ($6 = 0 OR version = $7)",
    )
    .bind(if req.approve { "approved" } else { "rejected" })
    .bind(staff_id)
    .bind(&reason)
    .bind(case_id)
    .bind(db_time(now))
    .bind(i64::from(if_match.is_conditional()))
    .bind(case_version)
    .execute(&mut *tx)
    .await?;
    expect_one(
        &mut tx,
        Table::Cases,
        case_id,
        &["open"],
        decided.rows_affected(),
    )
    .await?;
    let mut actor = staff.clone();
    actor.on_behalf_reason = Some(reason.clone());

    let (summary, event) = if applies_holder_change {
        let change_id = change_id
            .clone()
            .ok_or_else(|| anyhow::anyhow!("holder case without a change"))?;
        let documents: i64 =
            sqlx::query("SELECT COUNT(*) FROM change_documents WHERE change_id = $1")
                .bind(&change_id)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
        if documents == 0 {
            return Err(AppError::invalid(
                "approve",
                "No document has been uploaded yet; it cannot be approved.",
            ));
        }
        let request: HolderRequest = case
            .try_get::<Option<String>, _>(6)?
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok())
            .ok_or_else(|| anyhow::anyhow!("holder change {change_id} has no readable request"))?;
        let request =
            crate::invitations::resolve_new_holder(&mut tx, &change_id, request, &db_time(now))
                .await?;
        // Serialises with the customer's own commits, as they lock this row first.
        crate::changes::lock_customer(&mut tx, &customer_id).await?;
        let st = holder_store::load(&mut tx, request.account_id()).await?;
        let plan = holder::plan_holder(&st, &request).map_err(|e| {
            AppError::Conflict(format!("The change no longer fits the account: {e}"))
        })?;
        holder_store::apply(state, &mut tx, &st, &request, &db_time(now)).await?;
        sqlx::query("UPDATE changes SET plan = $1 WHERE id = $2")
            .bind(serde_json::to_string(&plan).map_err(anyhow::Error::from)?)
            .bind(&change_id)
            .execute(&mut *tx)
            .await?;
        (
            format!("Account-holder change approved by {}: {reason}", staff_name),
            "holder_change_approved",
        )
    } else if req.approve {
        (
            format!("Case closed by {}: {reason}", staff_name),
            "case_closed",
        )
    } else {
        if let Some(change_id) = &change_id {
            crate::invitations::withdraw(&mut tx, change_id, &db_time(now)).await?;
        }
        (
            format!(
                "Request not approved by {}: {reason}. What to do next: reply with the missing document, or call us and quote this case.",
                staff_name
            ),
            "request_rejected",
        )
    };
    timeline::record(
        &mut tx,
        Entry {
            customer_id: &customer_id,
            at: now,
            kind: "case",
            actor: &actor,
            summary: summary.clone(),
            data: timeline::event(
                json!({"case_id": case_id, "change_id": change_id, "approved": req.approve}),
                event,
                json!({"staff": staff_name, "reason": reason}),
            ),
            internal: false,
        },
    )
    .await?;
    outbox::enqueue(
        &mut tx,
        Message {
            customer_id: &customer_id,
            topic: "letter",
            dedupe_key: format!("case:{case_id}:decision"),
            payload: json!({"template": "case_decided", "approved": req.approve, "text": summary}),
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(customer_id)
}
