//! A tiny row writer for seeding: one INSERT per row from a column list, so the seed data reads
//! as data rather than as a wall of bind calls.

use sqlx::AssertSqlSafe;

use crate::db::Tx;

pub enum V {
    T(String),
    I(i64),
    Null,
}

impl From<&str> for V {
    fn from(s: &str) -> V {
        V::T(s.to_string())
    }
}
impl From<String> for V {
    fn from(s: String) -> V {
        V::T(s)
    }
}
impl From<&String> for V {
    fn from(s: &String) -> V {
        V::T(s.clone())
    }
}
impl From<i64> for V {
    fn from(i: i64) -> V {
        V::I(i)
    }
}
impl From<Option<&str>> for V {
    fn from(s: Option<&str>) -> V {
        s.map_or(V::Null, V::from)
    }
}

pub type Row = Vec<(&'static str, V)>;

pub async fn insert(tx: &mut Tx, table: &str, row: Row) -> Result<(), sqlx::Error> {
    let cols: Vec<&str> = row.iter().map(|(c, _)| *c).collect();
    let params: Vec<String> = (1..=row.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        cols.join(", "),
        params.join(", ")
    );
    // Table and column names come from the seed code, never from input.
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for (_, v) in row {
        q = match v {
            V::T(s) => q.bind(s),
            V::I(i) => q.bind(i),
            V::Null => q.bind(None::<String>),
        };
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// Many rows of one table in as few statements as the databases' parameter limits allow.
pub async fn insert_many(
    tx: &mut Tx,
    table: &str,
    cols: &[&str],
    rows: Vec<Vec<V>>,
) -> Result<(), sqlx::Error> {
    // SQLite allows 32766 parameters per statement, PostgreSQL 65535.
    let per_statement = (30_000 / cols.len()).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<V>> = rows.by_ref().take(per_statement).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..cols.len() {
                n += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("${n}"));
            }
            sql.push(')');
        }
        // Table and column names come from the seed code, never from input.
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for row in chunk {
            for v in row {
                q = match v {
                    V::T(s) => q.bind(s),
                    V::I(i) => q.bind(i),
                    V::Null => q.bind(None::<String>),
                };
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
