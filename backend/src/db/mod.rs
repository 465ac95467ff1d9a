//! One store layer for SQLite and PostgreSQL.
//!
//! Queries go through sqlx's `Any` driver with portable SQL: `$1` placeholders (SQLite accepts
//! them too), TEXT ids made by the application, BIGINT numbers, instants as fixed-width RFC 3339
//! text (see [`crate::clock::db_time`]). Booleans are BIGINT 0/1 because `Any` decodes them
//! differently per backend.

pub mod rows;
mod upkeep;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;

pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// An expression that makes the rows of a query one JSON array of arrays
    /// `[[column, …], …]` in `order` (in no set order when empty), as text (`[]` for none).
    /// Read this way, many rows are one value of one row through the driver: with sqlx's SQLite
    /// driver every row is a hand-off between threads, with PostgreSQL a message. The two name
    /// the JSON functions differently.
    pub fn json_rows(self, columns: &str, order: &str) -> String {
        let (aggregate, array) = match self {
            Backend::Sqlite => ("json_group_array", "json_array"),
            Backend::Postgres => ("json_agg", "json_build_array"),
        };
        let order = if order.is_empty() {
            String::new()
        } else {
            format!(" ORDER BY {order}")
        };
        format!("CAST(COALESCE({aggregate}({array}({columns}){order}), '[]') AS TEXT)")
    }

    /// A statement built once per backend (it depends only on the backend) and kept.
    pub fn cached(
        self,
        slots: &'static [OnceLock<String>; 2],
        build: impl FnOnce() -> String,
    ) -> &'static str {
        let slot = match self {
            Backend::Sqlite => &slots[0],
            Backend::Postgres => &slots[1],
        };
        slot.get_or_init(build)
    }

    /// The database behind a connection of the `Any` driver.
    pub fn of(conn: &sqlx::AnyConnection) -> Backend {
        if conn.backend_name() == "PostgreSQL" {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Db {
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            // No JIT, set when the connection starts (a statement would be one more per first
            // use of a connection): every statement here is short, but a batch's snapshot (50
            // customers, correlated subqueries with generous row estimates) costs past
            // `jit_above_cost`, and LLVM then spent 75-160 ms compiling a query that runs in
            // 11 ms (EXPLAIN ANALYZE at 60,000 customers; the reissue ran at a third of its pace).
            Backend::Postgres => {
                let joiner = if url.contains('?') { '&' } else { '?' };
                format!("{url}{joiner}options[jit]=off")
            }
        };
        let opts = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers go on while one writer writes; NORMAL is durable in WAL
                        // mode except for the last transactions on power loss, never corrupting.
                        // A 16 MB page cache (the default is 2 MB): a bulk reissue's batch of 50
                        // customers dirties more than 2 MB, and once the cache spills every read
                        // in the transaction goes to the WAL (204 customers/s against 818).
                        // Checkpoints run in the background (`upkeep`), not in the commit that
                        // happens to fill the log.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                             PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 10000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(opts)
            .await?;
        let db = Db { pool, backend };
        if backend == Backend::Sqlite {
            upkeep::spawn_checkpoints(db.clone());
        }
        Ok(db)
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        MIGRATOR.run(&self.pool).await
    }

    /// Starts a write transaction. On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`)
    /// so that concurrent writers queue on the busy timeout instead of failing mid-transaction.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// [`Db::begin`] for a batch job that may wait as long as another writer takes. SQLite has
    /// no queue for its write lock: a process waiting on the busy timeout polls, and a writer
    /// that commits and begins again at once (another reissue process, say) wins nearly every
    /// time, for as long as its run lasts. So a busy lock is waited for again, not an error.
    pub async fn begin_waiting(&self) -> Result<Tx, sqlx::Error> {
        let mut waited = 0u32;
        loop {
            match self.begin().await {
                Err(e) if self.backend == Backend::Sqlite && is_sqlite_busy(&e) => {
                    waited += 1;
                    tracing::info!(
                        waited_times = waited,
                        "another process holds the database's write lock; waiting for it"
                    );
                }
                other => return other,
            }
        }
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }
}

/// Makes sure the file can be created (`mode=rwc`) and its folder exists.
fn prepare_sqlite_url(url: &str) -> Result<String, sqlx::Error> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !path.is_empty()
        && path != ":memory:"
        && let Some(dir) = std::path::Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|e| sqlx::Error::Configuration(e.into()))?;
    }
    Ok(if query.contains("mode=") {
        url.to_string()
    } else if query.is_empty() {
        format!("sqlite://{path}?mode=rwc")
    } else {
        format!("sqlite://{path}?{query}&mode=rwc")
    })
}

/// SQLite's `SQLITE_BUSY` ("database is locked"): the write lock stayed taken past the busy
/// timeout.
pub fn is_sqlite_busy(e: &sqlx::Error) -> bool {
    // The driver reports SQLite's extended code (SQLITE_BUSY_RECOVERY is 261, …); the primary
    // code is its low byte. The message rules out a PostgreSQL SQLSTATE that happens to parse
    // to such a number (42501 does).
    e.as_database_error().is_some_and(|d| {
        d.code()
            .and_then(|c| c.parse::<i32>().ok())
            .is_some_and(|code| code & 0xff == 5)
            && d.message().contains("locked")
    })
}

/// Boolean columns are BIGINT 0/1 (see the module comment).
pub fn flag(b: bool) -> i64 {
    i64::from(b)
}

/// A new row id: a UUIDv7, time-ordered, so that the rows a transaction inserts land next to
/// each other at the end of each index instead of on a random page each (a bulk reissue wrote
/// about 140 KB of pages per customer with random ids). Never a secret: tokens are keyed hashes.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_urls_get_create_mode() {
        assert_eq!(
            super::prepare_sqlite_url("sqlite://:memory:").unwrap(),
            "sqlite://:memory:?mode=rwc"
        );
        assert_eq!(
            super::prepare_sqlite_url("sqlite://x.db?mode=ro").unwrap(),
            "sqlite://x.db?mode=ro"
        );
    }
}
