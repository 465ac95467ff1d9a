//! Documents for a holder change (a death certificate, a marriage certificate): PDF, JPEG or PNG,
//! at most 10 MB, the type taken from the content (a renamed executable is refused), stored by
//! content hash.

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::api::DocumentView;
use sqlx::Row;

use crate::AppState;
use crate::auth::CustomerAuth;
use crate::clock::db_time;
use crate::db::new_id;
use crate::error::{AppError, AppResult};
use crate::staff::StaffAuth;
use crate::timeline::{self, Entry};

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Documents one change takes: enough for every certificate a holder change needs, and a bound
/// on what one customer can store.
pub const MAX_PER_CHANGE: i64 = 10;

fn too_many() -> AppError {
    AppError::invalid(
        "file",
        format!("A change takes at most {MAX_PER_CHANGE} documents."),
    )
}

async fn document_count(conn: &mut sqlx::AnyConnection, change_id: &str) -> AppResult<i64> {
    Ok(
        sqlx::query("SELECT COUNT(*) FROM change_documents WHERE change_id = $1")
            .bind(change_id)
            .fetch_one(conn)
            .await?
            .try_get(0)?,
    )
}

/// Writes the file under a temporary name, flushes it to disk and only then gives it its name:
/// a crash leaves a stray temporary file, never a truncated document under a real name.
async fn store_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> AppResult<()> {
    use tokio::io::AsyncWriteExt;
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(anyhow::Error::from)?;
    let tmp = dir.join(format!(".{name}.{}.tmp", new_id()));
    let mut file = tokio::fs::File::create(&tmp)
        .await
        .map_err(anyhow::Error::from)?;
    file.write_all(bytes).await.map_err(anyhow::Error::from)?;
    file.sync_all().await.map_err(anyhow::Error::from)?;
    drop(file);
    tokio::fs::rename(&tmp, dir.join(name))
        .await
        .map_err(anyhow::Error::from)?;
    Ok(())
}

/// What the first bytes say the file is; the client's claim is not trusted.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("document");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if cleaned.trim().is_empty() {
        "document".into()
    } else {
        cleaned
    }
}

/// Upload a document (multipart field `file`) to a holder change under review.
#[utoipa::path(post, path = "/api/changes/{id}/documents", tag = "changes", params(("id" = String, Path)),
    request_body(content_type = "multipart/form-data", description = "field `file`: PDF, JPEG or PNG, at most 10 MB"),
    responses(
        (status = 201, body = DocumentView),
        (status = 404, body = shared::ApiError),
        (status = 413, description = "More than 10 MB", body = shared::ApiError),
        (status = 422, description = "Not a PDF, JPEG or PNG, the change takes no (more) documents: at most 10", body = shared::ApiError),
    ))]
pub async fn upload(
    State(state): State<AppState>,
    auth: CustomerAuth,
    Path(change_id): Path<String>,
    // Taken as a Result so that ownership is checked first: another customer's change answers
    // 404 whatever the body, and a malformed body gets our JSON error, not axum's text.
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<(StatusCode, Json<DocumentView>)> {
    let row = sqlx::query("SELECT kind, status FROM changes WHERE id = $1 AND customer_id = $2")
        .bind(&change_id)
        .bind(&auth.customer_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.try_get::<String, _>(0)? != "holder" || row.try_get::<String, _>(1)? != "pending_review"
    {
        return Err(AppError::invalid(
            "file",
            "Documents belong to an account-holder change under review.",
        ));
    }
    // Refused before the body is read; checked again in the transaction that records it.
    if document_count(&mut *state.db.pool.acquire().await?, &change_id).await? >= MAX_PER_CHANGE {
        return Err(too_many());
    }
    let mut multipart = multipart.map_err(|_| {
        AppError::invalid(
            "file",
            "Send the document as multipart/form-data with the field `file`.",
        )
    })?;
    let too_large =
        || AppError::TooLarge("The file is larger than 10 MB. Please send a smaller scan.".into());
    let mut field = loop {
        match multipart.next_field().await {
            Ok(Some(f)) if f.name() == Some("file") => break f,
            Ok(Some(_)) => continue,
            Ok(None) => {
                return Err(AppError::invalid(
                    "file",
                    "Attach the document as the form field `file`.",
                ));
            }
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => {
                return Err(AppError::invalid(
                    "file",
                    "The upload could not be read; please try again.",
                ));
            }
        }
    };
    let filename = clean_filename(field.file_name().unwrap_or("document"));
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                bytes.extend_from_slice(&chunk);
                if bytes.len() > MAX_BYTES {
                    return Err(too_large());
                }
            }
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => {
                return Err(AppError::invalid(
                    "file",
                    "The upload was interrupted; please try again.",
                ));
            }
        }
    }
    if bytes.is_empty() {
        return Err(AppError::invalid("file", "The file is empty."));
    }
    let content_type = sniff(&bytes).ok_or_else(|| {
        AppError::invalid(
            "file",
            "Send a PDF, JPEG or PNG file (a photo or scan of the document).",
        )
    })?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    store_file(&state.config.documents_dir, &sha256, &bytes).await?;

    let now = state.clock.now();
    let id = new_id();
    let mut tx = state.db.begin().await?;
    // The document is part of what staff decide on: it moves the change's version (the case's
    // ETag), and only while the change is still under review (it may have been decided meanwhile).
    let still_open = sqlx::query(
        "UPDATE changes SET version = version + 1 WHERE id = $1 AND status = 'pending_review'",
    )
    .bind(&change_id)
    .execute(&mut *tx)
    .await?;
    crate::transition::expect_one(
        &mut tx,
        crate::transition::Table::Changes,
        &change_id,
        &["pending_review"],
        still_open.rows_affected(),
    )
    .await?;
    // The version bump above locks the change: parallel uploads count one after the other.
    if document_count(&mut tx, &change_id).await? >= MAX_PER_CHANGE {
        return Err(too_many());
    }
    sqlx::query(
        "INSERT INTO change_documents (id, change_id, filename, content_type, size_bytes, sha256, storage_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
    )
    .bind(&id)
    .bind(&change_id)
    .bind(&filename)
    .bind(content_type)
    .bind(bytes.len() as i64)
    .bind(&sha256)
    .bind(db_time(now))
    .execute(&mut *tx)
    .await?;
    let actor = auth.actor(&mut tx).await?;
    timeline::record(
        &mut tx,
        Entry {
            customer_id: &auth.customer_id,
            at: now,
            kind: "change",
            actor: &actor,
            summary: format!(
                "Document uploaded: {filename} ({} KB)",
                bytes.len().div_ceil(1024)
            ),
            data: timeline::event(
                json!({"change_id": change_id, "document_id": id}),
                "document_uploaded",
                json!({"filename": filename, "kb": bytes.len().div_ceil(1024)}),
            ),
            internal: false,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(DocumentView {
            id,
            filename,
            content_type: content_type.into(),
            size_bytes: bytes.len() as i64,
            sha256,
            created_at: db_time(now),
        }),
    ))
}

/// A document, inline, for staff reviewing a case.
#[utoipa::path(get, path = "/api/staff/documents/{id}", tag = "staff", params(("id" = String, Path)),
    responses((status = 200, description = "The file"), (status = 404, body = shared::ApiError)))]
pub async fn read(
    State(state): State<AppState>,
    staff: StaffAuth,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let row = sqlx::query(
        "SELECT d.content_type, d.storage_key, d.filename, c.customer_id FROM change_documents d \
         JOIN changes c ON c.id = d.change_id WHERE d.id = $1",
    )
    .bind(&id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let content_type: String = row.try_get(0)?;
    let key: String = row.try_get(1)?;
    let customer_id: String = row.try_get(3)?;
    let bytes = tokio::fs::read(state.config.documents_dir.join(&key))
        .await
        .map_err(|_| AppError::NotFound)?;
    crate::staff::customer::record_access(&state, &staff, &customer_id, "document").await?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, "inline".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            // A customer's upload: shown only inside our own case page (its frame), and allowed
            // to load nothing but itself (the PDF viewer embeds the same URL).
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; object-src 'self'; img-src 'self'; frame-ancestors 'self'"
                    .to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub async fn for_change(state: &AppState, change_id: &str) -> AppResult<Vec<DocumentView>> {
    let rows = sqlx::query(
        "SELECT id, filename, content_type, size_bytes, sha256, created_at FROM change_documents WHERE change_id = $1 ORDER BY created_at, id",
    )
    .bind(change_id)
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(DocumentView {
                id: r.try_get(0)?,
                filename: r.try_get(1)?,
                content_type: r.try_get(2)?,
                size_bytes: r.try_get(3)?,
                sha256: r.try_get(4)?,
                created_at: r.try_get(5)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sniffs_by_content() {
        assert_eq!(super::sniff(b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(super::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(super::sniff(b"MZ\x90\x00 this is an exe"), None);
        assert_eq!(super::sniff(b"\x7fELF"), None);
        assert_eq!(super::clean_filename("../../etc/passwd"), "passwd");
    }
}
