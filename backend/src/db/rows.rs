//! Many rows in one statement. With sqlx's SQLite driver every statement is a hand-off between
//! threads, and over PostgreSQL a round trip: a bulk job (a bank's portfolio reissue) that wrote
//! a row per statement spent most of its time there, not in the database.

use sqlx::AssertSqlSafe;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

use super::{Backend, Tx};

/// One value of a row, as the store layer binds them (TEXT, nullable TEXT, BIGINT).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Text(String),
    MaybeText(Option<String>),
    Int(i64),
}

impl From<String> for Val {
    fn from(s: String) -> Val {
        Val::Text(s)
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Val {
        Val::Text(s.to_owned())
    }
}

impl From<&String> for Val {
    fn from(s: &String) -> Val {
        Val::Text(s.clone())
    }
}

impl From<Option<String>> for Val {
    fn from(s: Option<String>) -> Val {
        Val::MaybeText(s)
    }
}

impl From<Option<&str>> for Val {
    fn from(s: Option<&str>) -> Val {
        Val::MaybeText(s.map(str::to_owned))
    }
}

impl From<i64> for Val {
    fn from(n: i64) -> Val {
        Val::Int(n)
    }
}

pub fn bind<'q>(
    q: Query<'q, sqlx::Any, AnyArguments>,
    v: Val,
) -> Query<'q, sqlx::Any, AnyArguments> {
    match v {
        Val::Text(s) => q.bind(s),
        Val::MaybeText(s) => q.bind(s),
        Val::Int(n) => q.bind(n),
    }
}

/// `$first, $first+1, …` for `n` values.
pub fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `(…), (…), …`: `rows` tuples of `columns` parameters, numbered from `first` in reading order.
/// sqlx looks a numbered parameter's name up by its index, and SQLite finds it by walking every
/// name: quadratic in the parameters, most of a 50-row insert's time. So SQLite gets anonymous
/// `?` (bound in reading order too), which have no names to walk.
pub fn values(backend: Backend, first: usize, rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| match backend {
            Backend::Sqlite => format!("({})", vec!["?"; columns].join(", ")),
            Backend::Postgres => format!("({})", placeholders(first + r * columns, columns)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Both databases take at least 32,766 bound values in a statement; stay well below.
const MAX_BINDS: usize = 30_000;

/// `INSERT INTO table (columns) VALUES (…), (…), …`: the rows in as few statements as the bind
/// limit allows (one, for any batch a job makes). One row is the same statement a single insert
/// would be. Returns the rows inserted.
pub async fn insert(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Val>>,
) -> Result<u64, sqlx::Error> {
    let backend = Backend::of(tx);
    let per_statement = (MAX_BINDS / columns.len().max(1)).max(1);
    let mut inserted = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val>> = rows.by_ref().take(per_statement).collect();
        let values = values(backend, 1, chunk.len(), columns.len());
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {values}",
            columns.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for row in chunk {
            debug_assert_eq!(
                row.len(),
                columns.len(),
                "a row of {table} has every column"
            );
            for v in row {
                q = bind(q, v);
            }
        }
        inserted += q.execute(&mut **tx).await?.rows_affected();
    }
    Ok(inserted)
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_are_numbered_from_the_first() {
        assert_eq!(placeholders(1, 3), "$1, $2, $3");
        assert_eq!(placeholders(4, 1), "$4");
        assert_eq!(placeholders(7, 0), "");
    }
}
