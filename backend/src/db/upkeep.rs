//! What SQLite needs done in the background that PostgreSQL does by itself: checkpoints (moving
//! the write-ahead log into the database file) and planner statistics.

use std::time::Duration;

use super::{Backend, Db};

/// How often the log is moved into the database file.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

impl Db {
    /// Copies what the write-ahead log holds into the database file without waiting for anyone
    /// (`PASSIVE`: readers and the writer go on). Left to SQLite, the commit that takes the log
    /// past 1,000 pages does this itself, with the file's fsync, inside a customer's request:
    /// in `bench commit` at 1,000 dependents, such a commit spent 21 ms of its 29 there.
    pub async fn checkpoint(&self) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Keeps SQLite's planner statistics in step with the data (PostgreSQL's autovacuum does
    /// this by itself). Statistics taken while a table was nearly empty (`seed`'s `ANALYZE`,
    /// a fresh install) make the planner scan it: the snapshot of a customer with 240 cards
    /// and 1,000 items scanned every card per item, 6.8 ms instead of 1.9 ms. `optimize`
    /// analyzes only the tables that grew or shrank a lot since, with a bounded sample each.
    pub async fn refresh_statistics(&self) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Sqlite {
            sqlx::raw_sql("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }
}

/// Checkpoints every [`CHECKPOINT_EVERY`] for as long as the pool is open. Connections set
/// `wal_autocheckpoint` high (10,000 pages), so a commit checkpoints only if this falls behind.
pub(super) fn spawn_checkpoints(db: Db) {
    // A process without a runtime (none here today) keeps SQLite's own checkpoints at the limit.
    if tokio::runtime::Handle::try_current().is_err() {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if db.pool.is_closed() {
                return;
            }
            if let Err(e) = db.checkpoint().await {
                tracing::warn!(error = %e, "checkpointing the write-ahead log failed");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    /// The write-ahead log's frames, and how many of them are in the database file
    /// (`mxFrame` and `nBackfill` of the wal-index header in the `-shm` file).
    fn log_frames(db: &std::path::Path) -> (u32, u32) {
        let shm = std::fs::read(format!("{}-shm", db.display())).unwrap();
        let at = |offset: usize| u32::from_ne_bytes(shm[offset..offset + 4].try_into().unwrap());
        (at(16), at(96))
    }

    #[tokio::test]
    async fn the_log_reaches_the_database_file_in_the_background() {
        let dir = std::env::temp_dir().join(format!(
            "carryover-upkeep-{}",
            uuid::Uuid::new_v4().simple()
        ));
        let path = dir.join("upkeep.db");
        let db = Db::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        let limit: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(limit, 10_000, "a commit checkpoints only past 10,000 pages");
        // About 200 pages: far below any threshold at which SQLite checkpoints by itself.
        sqlx::raw_sql(
            "CREATE TABLE t (x TEXT); \
             INSERT INTO t SELECT hex(randomblob(2000)) FROM \
             (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) \
              SELECT i FROM n);",
        )
        .execute(&db.pool)
        .await
        .unwrap();
        let (frames, _) = log_frames(&path);
        assert!(frames > 100, "{frames} frames in the log");
        let deadline = Instant::now() + 5 * CHECKPOINT_EVERY;
        loop {
            let (frames, copied) = log_frames(&path);
            if copied == frames {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{copied} of {frames} frames checkpointed after {:?}",
                5 * CHECKPOINT_EVERY
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        db.pool.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
