//! Changes over HTTP: preview a plan, commit it (idempotent, atomic), read, cancel, dispute.

pub(crate) mod address;
pub mod card_activation;
pub mod dispute;
pub mod documents;
pub(crate) mod holder;
pub mod idempotency;
pub mod routes;
mod view;

pub use routes::router;

/// A change by id, for staff (no ownership check: staff read every customer).
pub async fn read_change(
    state: &crate::AppState,
    id: &str,
) -> crate::error::AppResult<Option<shared::api::ChangeView>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM changes WHERE id = $1",
        view::COLUMNS
    )))
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(row.as_ref().map(view::from_row).transpose()?)
}
