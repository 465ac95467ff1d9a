//! A tiny row writer for seeding: one INSERT per row from a column list, so the seed data reads
//! as data rather than as a wall of bind calls.

use crate::db::Tx;

/// A seed value: the store layer's.
pub use crate::db::rows::Val as V;

pub type Row = Vec<(&'static str, V)>;

pub async fn insert(tx: &mut Tx, table: &str, row: Row) -> Result<(), sqlx::Error> {
    let (cols, values): (Vec<&str>, Vec<V>) = row.into_iter().unzip();
    insert_many(tx, table, &cols, vec![values]).await
}

/// Many rows of one table in as few statements as the databases' parameter limits allow.
pub async fn insert_many(
    tx: &mut Tx,
    table: &str,
    cols: &[&str],
    rows: Vec<Vec<V>>,
) -> Result<(), sqlx::Error> {
    crate::db::rows::insert(tx, table, cols, rows).await?;
    Ok(())
}
