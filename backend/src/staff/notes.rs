//! Shared, append-only notes: an edit is a new version; the old one stays visible.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::json;
use shared::api::{NoteRequest, NoteView};
use sqlx::Row;

use super::StaffAuth;
use crate::AppState;
use crate::clock::db_time;
use crate::db::new_id;
use crate::error::{AppError, AppResult, JsonBody};
use crate::timeline::{self, Entry};

/// Add a note (or a new version of one).
#[utoipa::path(post, path = "/api/staff/customers/{id}/notes", tag = "staff", params(("id" = String, Path)),
    request_body = NoteRequest,
    responses((status = 201, body = NoteView), (status = 404, body = shared::ApiError), (status = 422, body = shared::ApiError)))]
pub async fn add(
    State(state): State<AppState>,
    staff: StaffAuth,
    Path(customer_id): Path<String>,
    JsonBody(req): JsonBody<NoteRequest>,
) -> AppResult<(StatusCode, Json<NoteView>)> {
    let text = shared::domain::text::trimmed(&req.text).to_string();
    if text.is_empty() || text.chars().count() > 4000 {
        return Err(AppError::invalid(
            "text",
            "Write the note (at most 4000 characters).",
        ));
    }
    super::customer_name(&state, &customer_id).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if let Some(old) = &req.supersedes_id {
        let same_customer = sqlx::query("SELECT 1 FROM notes WHERE id = $1 AND customer_id = $2")
            .bind(old)
            .bind(&customer_id)
            .fetch_optional(&mut *tx)
            .await?;
        if same_customer.is_none() {
            return Err(AppError::invalid(
                "supersedes_id",
                "That note does not belong to this customer.",
            ));
        }
    }
    let id = new_id();
    sqlx::query("INSERT INTO notes (id, customer_id, staff_id, text, supersedes_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&id)
        .bind(&customer_id)
        .bind(&staff.id)
        .bind(&text)
        .bind(req.supersedes_id.clone())
        .bind(db_time(now))
        .execute(&mut *tx)
        .await?;
    timeline::record(
        &mut tx,
        Entry {
            customer_id: &customer_id,
            at: now,
            kind: "note",
            actor: &staff.actor(),
            summary: text.clone(),
            data: timeline::event(
                json!({"note_id": id, "supersedes_id": req.supersedes_id}),
                "note",
                json!({"text": text}),
            ),
            internal: true,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(NoteView {
            id,
            text,
            staff_name: staff.name,
            created_at: db_time(now),
            supersedes_id: req.supersedes_id,
        }),
    ))
}

pub async fn for_customer(state: &AppState, customer_id: &str) -> AppResult<Vec<NoteView>> {
    let rows = sqlx::query(
        "SELECT n.id, n.text, s.name, n.created_at, n.supersedes_id FROM notes n JOIN staff s ON s.id = n.staff_id \
         WHERE n.customer_id = $1 ORDER BY n.created_at DESC, n.id",
    )
    .bind(customer_id)
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(NoteView {
                id: r.try_get(0)?,
                text: r.try_get(1)?,
                staff_name: r.try_get(2)?,
                created_at: r.try_get(3)?,
                supersedes_id: r.try_get(4)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}
