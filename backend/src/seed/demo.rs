//! The demo data of API.md (`carryover seed --demo`; refused in production mode).
//! Password `carryover-demo` for every login.

use sqlx::Row as _;

use super::seeder::{Identities, Seeder};
use super::story::MAX_DEPENDENTS;
use crate::auth::password::hash_password;
use crate::config::Secret;
use crate::db::Db;

pub const PASSWORD: &str = "carryover-demo";

pub enum Outcome {
    Seeded,
    AlreadyPresent,
}

/// Seeds into an empty database; a database that already has customers is left alone.
pub async fn seed(db: &Db, secret: &Secret, now: time::OffsetDateTime) -> anyhow::Result<Outcome> {
    let mut tx = db.begin().await?;
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM customers")
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    if count > 0 {
        return Ok(Outcome::AlreadyPresent);
    }
    let hash = hash_password(PASSWORD)?;
    let mut s = Seeder::new(tx, secret, now, hash, Identities::Demo { seq: 0 });
    s.max(MAX_DEPENDENTS).await?;
    s.erika_and_hans().await?;
    s.lena().await?;
    for (email, name, role) in [
        ("agent@example.com", "Alex Agent", "agent"),
        ("supervisor@example.com", "Sam Supervisor", "supervisor"),
        ("admin@example.com", "Ada Admin", "admin"),
    ] {
        s.staff(email, name, role).await?;
    }
    s.tx.commit().await?;
    Ok(Outcome::Seeded)
}
