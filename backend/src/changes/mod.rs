//! Changes over HTTP: preview a plan, commit it (idempotent, atomic), read, cancel, dispute.

pub(crate) mod address;
pub mod card_activation;
pub mod dispute;
pub mod documents;
pub(crate) mod holder;
pub mod idempotency;
pub mod previews;
pub mod routes;
mod view;

pub use routes::router;

/// Takes the customer's row lock for a commit (PostgreSQL's row lock; SQLite's BEGIN IMMEDIATE
/// already serialised writers) and returns the customer's version under it.
pub async fn lock_customer(
    tx: &mut crate::db::Tx,
    customer_id: &str,
) -> crate::error::AppResult<Option<i64>> {
    use sqlx::Row;
    let row = sqlx::query("UPDATE customers SET version = version WHERE id = $1 RETURNING version")
        .bind(customer_id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

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
