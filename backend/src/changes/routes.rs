//! `/api/changes`: preview, commit, list, read.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use shared::api::{
    ChangeList, ChangeResponse, ChangeView, CommitRequest, PreviewRequest, PreviewResponse,
};
use sqlx::AssertSqlSafe;

use super::idempotency::{self, Claim};
use super::{address, card_activation, holder, view};
use crate::AppState;
use crate::auth::CustomerAuth;
use crate::error::{AppError, AppResult, JsonBody};
use crate::migration::Plan;
use crate::migration::token::{self, Claims, Resolved, TokenError};
use crate::precondition::{IfMatch, etag};
use crate::transition::{Table, expect_one};

/// What committing a plan did, or that the state moved on since the preview.
pub enum Outcome {
    Done(Committed),
    Outdated,
}

pub struct Committed {
    pub change_id: String,
    pub created_at: String,
    pub status: &'static str,
    pub plan: Plan,
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/changes/preview", post(preview))
        .route("/api/changes", post(commit).get(list))
        .route("/api/changes/{id}", get(read).delete(cancel))
        .route("/api/changes/disputes", post(super::dispute::dispute))
        .route(
            "/api/changes/{id}/documents",
            post(super::documents::upload)
                // Room for a 10 MB file plus the multipart framing; the handler enforces 10 MB.
                .layer(axum::extract::DefaultBodyLimit::max(
                    super::documents::MAX_BYTES + 64 * 1024,
                )),
        )
}

/// Compute the migration plan for a change without changing anything.
#[utoipa::path(post, path = "/api/changes/preview", tag = "changes", request_body = PreviewRequest,
    responses(
        (status = 200, body = PreviewResponse),
        (status = 401, body = shared::ApiError),
        (status = 422, description = "Invalid input; `field` names it", body = shared::ApiError),
    ))]
pub async fn preview(
    State(state): State<AppState>,
    auth: CustomerAuth,
    JsonBody(req): JsonBody<PreviewRequest>,
) -> AppResult<Json<PreviewResponse>> {
    let change = match req {
        PreviewRequest::CardActivation {
            card_number,
            expiry,
        } => Resolved::CardActivation {
            card_id: {
                auth.refuse_when_acting("enter or see full card numbers")?;
                card_activation::resolve_card(&state, &auth.customer_id, &card_number, &expiry)
                    .await?
            },
        },
        PreviewRequest::Address {
            address: a,
            effective_on,
            keep,
        } => Resolved::Address(address::request(&state, &a, effective_on.as_deref(), keep)?),
        PreviewRequest::Holder {
            account_id,
            reason,
            new_holder_email,
            new_holder_name,
            new_name,
            holder_customer_id,
            cancel,
        } => Resolved::Holder(
            holder::request(
                &state,
                &auth.customer_id,
                holder::Input {
                    account_id,
                    reason,
                    new_holder_email,
                    new_holder_name,
                    new_name,
                    holder_customer_id,
                    cancel,
                },
            )
            .await?,
        ),
    };
    Ok(Json(plan_for(&state, &auth.customer_id, &change).await?))
}

async fn plan_for(
    state: &AppState,
    customer_id: &str,
    change: &Resolved,
) -> AppResult<PreviewResponse> {
    let mut conn = state.db.pool.acquire().await?;
    let (plan, fingerprint) = match change {
        Resolved::CardActivation { card_id } => {
            card_activation::plan(state, &mut conn, customer_id, card_id).await?
        }
        Resolved::Address(req) => address::plan(state, &mut conn, customer_id, req).await?,
        Resolved::Holder(req) => holder::plan(&mut conn, req).await?,
    };
    let claims = Claims {
        customer_id: customer_id.to_string(),
        change: change.clone(),
        fingerprint,
        issued_at: state.clock.now().unix_timestamp(),
    };
    Ok(PreviewResponse {
        plan,
        preview_token: token::sign(&state.config.secret, &claims),
    })
}

/// Apply exactly the previewed plan, in one transaction.
///
/// Requires an `Idempotency-Key` header. The first answer is stored with the key (scoped to the
/// caller) for at least 24 hours: a replay returns it with `Idempotent-Replayed: true`; the same
/// key with a different body is 422 `idempotency_key_reused`; the same key while the first
/// request is still running is 409. Needs a password check younger than 5 minutes.
#[utoipa::path(post, path = "/api/changes", tag = "changes", request_body = CommitRequest,
    params(("Idempotency-Key" = String, Header, min_length = 1, max_length = 255, pattern = "^[!-~]([ -~]*[!-~])?$", description = "A new random value per change")),
    responses(
        (status = 201, body = ChangeResponse),
        (status = 403, description = "`reauth_required`: confirm the password first", body = shared::ApiError),
        (status = 409, description = "`plan_outdated` with the fresh plan in `details`, or the key is in flight", body = shared::ApiError),
        (status = 422, description = "Bad token, missing key, or `idempotency_key_reused`", body = shared::ApiError),
    ))]
pub async fn commit(
    State(state): State<AppState>,
    auth: CustomerAuth,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    auth.session.require_recent_reauth(&state)?;
    let req: CommitRequest = serde_json::from_slice(&body).map_err(|_| {
        AppError::invalid("preview_token", "Send the preview_token from the preview.")
    })?;
    let key = idempotency::from_headers(&headers, format!("customer:{}", auth.customer_id), &body)?;
    let key = match idempotency::claim(&state, key).await? {
        Claim::Replay(status, body) => {
            let mut res = json_response(status, body);
            res.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            return Ok(res);
        }
        Claim::New(key) => idempotency::ClaimGuard::new(&state, key),
    };
    let started = std::time::Instant::now();
    let result = commit_claimed(&state, &auth, &req, key.key()).await;
    key.finish(result.is_ok()).await;
    match result {
        Ok((kind, res)) => {
            crate::telemetry::change_committed(&kind, started.elapsed().as_secs_f64());
            Ok(res)
        }
        Err(e) => {
            crate::telemetry::change_rejected(e.code());
            Err(e)
        }
    }
}

async fn commit_claimed(
    state: &AppState,
    auth: &CustomerAuth,
    req: &CommitRequest,
    key: &idempotency::Key,
) -> AppResult<(String, Response)> {
    let bad_token = || {
        AppError::invalid(
            "preview_token",
            "This preview is not valid; please review the change again.",
        )
    };
    let (claims, expired) = match token::verify(
        &state.config.secret,
        &req.preview_token,
        state.clock.now().unix_timestamp(),
    ) {
        Ok(c) => (c, false),
        Err(TokenError::Expired) => {
            // Still tells us what was meant, so the customer gets a fresh plan rather than a dead end.
            let c = token::verify(&state.config.secret, &req.preview_token, i64::MIN / 2)
                .map_err(|_| bad_token())?;
            (c, true)
        }
        Err(TokenError::Malformed) => return Err(bad_token()),
    };
    if claims.customer_id != auth.customer_id {
        return Err(bad_token());
    }

    let mut tx = state.db.begin().await?;
    let version = super::lock_customer(&mut tx, &auth.customer_id).await?;
    let actor = auth.actor(&mut tx).await?;
    let outcome = if expired {
        Outcome::Outdated
    } else {
        match &claims.change {
            Resolved::CardActivation { card_id } => {
                card_activation::commit(
                    state,
                    &mut tx,
                    &actor,
                    &auth.customer_id,
                    card_id,
                    &claims.fingerprint,
                    version,
                )
                .await?
            }
            Resolved::Address(req) => {
                address::commit(
                    state,
                    &mut tx,
                    &actor,
                    &auth.customer_id,
                    req,
                    &claims.fingerprint,
                )
                .await?
            }
            Resolved::Holder(req) => {
                holder::commit(
                    state,
                    &mut tx,
                    &actor,
                    &auth.customer_id,
                    req,
                    &claims.fingerprint,
                )
                .await?
            }
        }
    };
    let done = match outcome {
        Outcome::Done(done) => done,
        Outcome::Outdated => {
            drop(tx);
            let details = match plan_for(state, &auth.customer_id, &claims.change).await {
                Ok(fresh) => json!({"plan": fresh.plan, "preview_token": fresh.preview_token}),
                Err(e) => json!({"plan": null, "reason": e.to_string()}),
            };
            return Err(AppError::PlanOutdated(details));
        }
    };
    let change = ChangeView {
        id: done.change_id,
        effective_on: done.plan.effective_on.clone(),
        kind: done.plan.kind.clone(),
        status: done.status.into(),
        steps: done.plan.steps,
        completed_at: (done.status == "completed").then(|| done.created_at.clone()),
        created_at: done.created_at,
        actor_kind: actor.kind.into(),
        channel: actor.channel().into(),
        version: 1,
    };
    let change_kind = change.kind.clone();
    let body = serde_json::to_string(&ChangeResponse { change }).map_err(anyhow::Error::from)?;
    state.failpoints.stall_point().await;
    idempotency::store(&mut tx, key, state.clock.now(), StatusCode::CREATED, &body).await?;
    tx.commit().await?;
    tracing::info!(kind = %change_kind, "change committed");
    Ok((change_kind, json_response(StatusCode::CREATED, body)))
}

fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The customer's changes, newest first.
#[utoipa::path(get, path = "/api/changes", tag = "changes", responses((status = 200, body = ChangeList)))]
pub async fn list(
    State(state): State<AppState>,
    auth: CustomerAuth,
) -> AppResult<Json<ChangeList>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {} FROM changes WHERE customer_id = $1 ORDER BY created_at DESC, id LIMIT 200",
        view::COLUMNS
    )))
    .bind(&auth.customer_id)
    .fetch_all(&state.db.pool)
    .await?;
    let changes = rows
        .iter()
        .map(view::from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(ChangeList { changes }))
}

/// One change; another customer's id answers 404. The `ETag` is its version, for `If-Match`.
#[utoipa::path(get, path = "/api/changes/{id}", tag = "changes",
    params(("id" = String, Path)),
    responses(
        (status = 200, body = ChangeResponse, headers(("ETag" = String, description = "The change's version, for If-Match"))),
        (status = 404, body = shared::ApiError),
    ))]
pub async fn read(
    State(state): State<AppState>,
    auth: CustomerAuth,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {} FROM changes WHERE id = $1 AND customer_id = $2",
        view::COLUMNS
    )))
    .bind(&id)
    .bind(&auth.customer_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let change = view::from_row(&row)?;
    Ok((etag(&change.etag()), Json(ChangeResponse { change })).into_response())
}

const CANCELLABLE: &[&str] = &["scheduled", "pending_review"];

/// Cancel a change while it is scheduled or pending review.
///
/// One winner: a cancel racing an approval or the scheduler either cancels (and the other finds
/// nothing to do) or gets 409 `change_state_changed` with the state it lost to, writing nothing.
#[utoipa::path(delete, path = "/api/changes/{id}", tag = "changes",
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, max_length = 512, pattern = "^[!-~]([ -~]*[!-~])?$", description = "The ETag of the last read; stale is 412")),
    responses(
        (status = 200, body = ChangeResponse),
        (status = 404, body = shared::ApiError),
        (status = 409, description = "`change_state_changed`: already applied, decided or cancelled; `details.status` says which", body = shared::ApiError),
        (status = 412, description = "`version_mismatch`: the change moved on since the ETag in If-Match", body = shared::ApiError),
        (status = 422, description = "An empty or unreadable If-Match", body = shared::ApiError),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    auth: CustomerAuth,
    if_match: IfMatch,
    Path(id): Path<String>,
) -> AppResult<Json<ChangeResponse>> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let row = sqlx::query("SELECT status, version FROM changes WHERE id = $1 AND customer_id = $2")
        .bind(&id)
        .bind(&auth.customer_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let status: String = sqlx::Row::try_get(&row, 0)?;
    let version: i64 = sqlx::Row::try_get(&row, 1)?;
    if_match.check(&shared::api::change_etag(version))?;
    if !CANCELLABLE.contains(&status.as_str()) {
        return Err(AppError::StateChanged { status, version });
    }
    // With If-Match the write is conditional on the version the client saw too.
    let moved = sqlx::query(
        "UPDATE changes SET status = 'cancelled', version = version + 1 \
         WHERE id = $1 AND status IN ('scheduled', 'pending_review') AND ($2 = 0 OR version = $3)",
    )
    .bind(&id)
    .bind(i64::from(if_match.is_conditional()))
    .bind(version)
    .execute(&mut *tx)
    .await?;
    expect_one(
        &mut tx,
        Table::Changes,
        &id,
        CANCELLABLE,
        moved.rows_affected(),
    )
    .await?;
    sqlx::query("UPDATE cases SET status = 'withdrawn', version = version + 1 WHERE change_id = $1 AND status = 'open'")
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    crate::invitations::withdraw(&mut tx, &id, &crate::clock::db_time(now)).await?;
    let actor = auth.actor(&mut tx).await?;
    crate::timeline::record(
        &mut tx,
        crate::timeline::Entry {
            customer_id: &auth.customer_id,
            at: now,
            kind: "change",
            actor: &actor,
            summary: "Change cancelled before it took effect".into(),
            data: crate::timeline::event(
                json!({"change_id": id, "status": "cancelled"}),
                "change_cancelled",
                json!({}),
            ),
            internal: false,
        },
    )
    .await?;
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {} FROM changes WHERE id = $1",
        view::COLUMNS
    )))
    .bind(&id)
    .fetch_one(&mut *tx)
    .await?;
    let change = view::from_row(&row)?;
    tx.commit().await?;
    Ok(Json(ChangeResponse { change }))
}
