//! Every state transition of a change or a case is one conditional write
//! (`UPDATE … WHERE id = $1 AND status IN (…)`) inside the transaction that records it; the
//! caller checks its row count. When it is 0, another request won the race: [`lost`] reads
//! what the row is now, so the loser answers 409 `change_state_changed` (or 412 when its
//! `If-Match` is what no longer holds) and its transaction writes nothing.

use sqlx::Row;

use crate::db::Tx;
use crate::error::AppError;

#[derive(Clone, Copy)]
pub enum Table {
    Changes,
    Cases,
}

impl Table {
    fn select(self) -> &'static str {
        match self {
            Table::Changes => "SELECT status, version FROM changes WHERE id = $1",
            Table::Cases => "SELECT status, version FROM cases WHERE id = $1",
        }
    }
}

/// Checks a transition's row count: exactly one row moved, or the answer for the loser.
pub async fn expect_one(
    tx: &mut Tx,
    table: Table,
    id: &str,
    from: &[&str],
    rows_affected: u64,
) -> Result<(), AppError> {
    match rows_affected {
        1 => Ok(()),
        0 => Err(lost(tx, table, id, from).await),
        n => Err(AppError::Internal(anyhow::anyhow!(
            "a transition of {id} moved {n} rows"
        ))),
    }
}

/// Why a conditional write on `id` matched no row.
pub async fn lost(tx: &mut Tx, table: Table, id: &str, from: &[&str]) -> AppError {
    let row = match sqlx::query(table.select())
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
    {
        Ok(Some(row)) => row,
        Ok(None) => return AppError::NotFound,
        Err(e) => return e.into(),
    };
    let (status, version) = match (row.try_get::<String, _>(0), row.try_get::<i64, _>(1)) {
        (Ok(s), Ok(v)) => (s, v),
        (Err(e), _) | (_, Err(e)) => return e.into(),
    };
    if from.contains(&status.as_str()) {
        // Still in a state we may leave: only the version the client named is gone.
        AppError::VersionMismatch {
            etag: match table {
                Table::Changes => shared::api::change_etag(version),
                // A case's tag also holds its change's version: the client reads it again.
                Table::Cases => String::new(),
            },
        }
    } else {
        AppError::StateChanged { status, version }
    }
}
