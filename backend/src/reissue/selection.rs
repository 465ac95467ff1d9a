//! Which cards a run reissues. Chosen once, when the run is created, and kept as its items (one
//! per customer), so a resumed run works through exactly the customers it first selected.

use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, Row};

use crate::clock::db_time;
use crate::db::{Backend, Tx, flag};

/// A month as operators type it: `2027-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    year: u16,
    month: u8,
}

impl YearMonth {
    pub fn parse(s: &str) -> Result<YearMonth, String> {
        let bad = || format!("`{s}` is not a month: write it as YYYY-MM, e.g. 2027-01");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: u16 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        // Cards carry two-digit years (MM/YY), read as 20YY.
        if !(1..=12).contains(&month) || !(2000..=2099).contains(&year) {
            return Err(bad());
        }
        Ok(YearMonth { year, month })
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for YearMonth {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        YearMonth::parse(&s)
    }
}

impl From<YearMonth> for String {
    fn from(m: YearMonth) -> String {
        m.to_string()
    }
}

/// What an operator selected. Stored with the run as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criteria {
    /// Cards whose expiry month is before this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiring_before: Option<YearMonth>,
    /// Cards of this brand (`Visa`, `Mastercard`; any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// The file the account ids were read from; the ids are the run's `reissue_accounts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accounts_file: Option<String>,
}

impl Criteria {
    pub fn is_empty(&self) -> bool {
        self.expiring_before.is_none() && self.brand.is_none() && self.accounts_file.is_none()
    }
}

/// Account ids from a file: one per line; blank lines and `#` comments are ignored.
pub fn read_accounts(path: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let mut ids: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids.dedup();
    anyhow::ensure!(!ids.is_empty(), "{} lists no account ids", path.display());
    Ok(ids)
}

/// Creates the run and its items in the caller's transaction; returns the number of customers
/// selected. Active cards only (a blocked card has its replacement already), and none that
/// already has a replacement on its way.
pub async fn create(
    tx: &mut Tx,
    backend: Backend,
    run_id: &str,
    criteria: &Criteria,
    accounts: Option<&[String]>,
    carry_over: bool,
    now: time::OffsetDateTime,
) -> anyhow::Result<i64> {
    sqlx::query(
        "INSERT INTO reissue_runs (id, criteria, carry_over, total, created_at) \
         VALUES ($1, $2, $3, 0, $4)",
    )
    .bind(run_id)
    .bind(serde_json::to_string(criteria)?)
    .bind(flag(carry_over))
    .bind(db_time(now))
    .execute(&mut **tx)
    .await?;
    if let Some(accounts) = accounts {
        for chunk in accounts.chunks(1_000) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| format!("($1, ${})", i + 2))
                .collect();
            // Placeholders only; the ids are bound.
            let sql = format!(
                "INSERT INTO reissue_accounts (run_id, account_id) VALUES {}",
                rows.join(", ")
            );
            let mut q = sqlx::query(AssertSqlSafe(sql)).bind(run_id);
            for id in chunk {
                q = q.bind(id.as_str());
            }
            q.execute(&mut **tx).await?;
        }
    }
    let card_ids = match backend {
        Backend::Sqlite => "group_concat(c.id, ',')",
        Backend::Postgres => "string_agg(c.id, ',' ORDER BY c.id)",
    };
    let mut sql = format!(
        "INSERT INTO reissue_items (run_id, customer_id, card_ids, status) \
         SELECT $1, c.customer_id, {card_ids}, 'pending' FROM cards c \
         WHERE c.status = 'active' \
         AND NOT EXISTS (SELECT 1 FROM cards n WHERE n.replaces_card_id = c.id)"
    );
    let mut binds: Vec<String> = Vec::new();
    if let Some(before) = criteria.expiring_before {
        binds.push(before.to_string());
        // Expiry is MM/YY: compared as 20YY-MM.
        sql.push_str(&format!(
            " AND ('20' || substr(c.expiry, 4, 2) || '-' || substr(c.expiry, 1, 2)) < ${}",
            binds.len() + 1
        ));
    }
    if let Some(brand) = &criteria.brand {
        binds.push(brand.to_lowercase());
        sql.push_str(&format!(" AND lower(c.brand) = ${}", binds.len() + 1));
    }
    if accounts.is_some() {
        sql.push_str(
            " AND c.account_id IN (SELECT a.account_id FROM reissue_accounts a WHERE a.run_id = $1)",
        );
    }
    sql.push_str(" GROUP BY c.customer_id");
    // Built from the constant parts above; every value is bound.
    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(run_id);
    for b in binds {
        q = q.bind(b);
    }
    let selected = q.execute(&mut **tx).await?.rows_affected();
    let total = i64::try_from(selected)?;
    sqlx::query("UPDATE reissue_runs SET total = $2 WHERE id = $1")
        .bind(run_id)
        .bind(total)
        .execute(&mut **tx)
        .await?;
    Ok(total)
}

/// A run as stored: what it selected and whether it carries dependents over.
pub struct Stored {
    pub criteria: Criteria,
    pub carry_over: bool,
    pub total: i64,
}

pub async fn load(tx: &mut Tx, run_id: &str) -> anyhow::Result<Option<Stored>> {
    let Some(row) =
        sqlx::query("SELECT criteria, carry_over, total FROM reissue_runs WHERE id = $1")
            .bind(run_id)
            .fetch_optional(&mut **tx)
            .await?
    else {
        return Ok(None);
    };
    Ok(Some(Stored {
        criteria: serde_json::from_str(&row.try_get::<String, _>(0)?)?,
        carry_over: row.try_get::<i64, _>(1)? != 0,
        total: row.try_get(2)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_parsed_not_validated() {
        let m = YearMonth::parse("2027-01").unwrap();
        assert_eq!(m.to_string(), "2027-01");
        assert!(YearMonth::parse(" 2027-12 ").is_ok());
        for bad in [
            "2027-13",
            "2027-00",
            "27-01",
            "2027/01",
            "2027-1",
            "１９９９-01",
            "",
            "1999-01",
        ] {
            assert!(YearMonth::parse(bad).is_err(), "{bad}");
        }
        assert!(YearMonth::parse("2026-12").unwrap() < m);
    }

    #[test]
    fn criteria_round_trip_as_stored() {
        let c = Criteria {
            expiring_before: Some(YearMonth::parse("2027-01").unwrap()),
            brand: Some("Visa".into()),
            accounts_file: None,
        };
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(text, r#"{"expiring_before":"2027-01","brand":"Visa"}"#);
        assert_eq!(serde_json::from_str::<Criteria>(&text).unwrap(), c);
        assert!(Criteria::default().is_empty());
    }
}
