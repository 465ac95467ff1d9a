//! Figures for story 003: self-service rate, contacts per resolved request, first-contact
//! resolution, time to complete, deadlines and promises kept, outbox lag, over a date range.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use shared::api::{Count, DailyChanges, MetricsResponse};
use sqlx::Row;

use super::StaffAuth;
use crate::AppState;
use crate::clock::{db_date, parse_db_time};
use crate::error::{AppError, AppResult};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Range {
    /// First day, YYYY-MM-DD in the years 2000–2999 (absent or empty: 30 days ago).
    #[param(pattern = "^(2[0-9]{3}-[0-9]{2}-[0-9]{2})?$")]
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD in the years 2000–2999, inclusive (absent or empty: today).
    #[param(pattern = "^(2[0-9]{3}-[0-9]{2}-[0-9]{2})?$")]
    pub to: Option<String>,
}

/// A day of the period. Bounded to years 2000..=2999: the query reaches a week before `from`
/// and a day after `to`, and at the calendar's ends that arithmetic overflowed (a 500).
fn date(s: Option<&str>, field: &str, default: time::Date) -> AppResult<time::Date> {
    let d = match s {
        None | Some("") => default,
        Some(s) => time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|_| AppError::invalid(field, "Give the date as YYYY-MM-DD."))?,
    };
    if !(2000..=2999).contains(&d.year()) {
        return Err(AppError::invalid(
            field,
            "Give a date between 2000-01-01 and 2999-12-31.",
        ));
    }
    Ok(d)
}

/// The longest period asked for at once (two years): the answer has a point per day.
const MAX_DAYS: i64 = 731;

fn rate(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn quantile(mut v: Vec<f64>, q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    Some(v[((v.len() - 1) as f64 * q).round() as usize])
}

fn seconds_between(a: &str, b: &str) -> Option<f64> {
    Some((parse_db_time(b)? - parse_db_time(a)?).as_seconds_f64())
}

/// The figures for a period.
#[utoipa::path(get, path = "/api/staff/metrics", tag = "staff", params(Range),
    responses((status = 200, body = MetricsResponse), (status = 422, body = shared::ApiError)))]
pub async fn metrics(
    State(state): State<AppState>,
    _staff: StaffAuth,
    crate::error::QueryParams(r): crate::error::QueryParams<Range>,
) -> AppResult<Json<MetricsResponse>> {
    let today = state.clock.now().date();
    let from = date(r.from.as_deref(), "from", today - time::Duration::days(30))?;
    let to = date(r.to.as_deref(), "to", today)?;
    if to < from {
        return Err(AppError::invalid(
            "to",
            "The end of the period lies before its start.",
        ));
    }
    if to - from > time::Duration::days(MAX_DAYS) {
        return Err(AppError::invalid(
            "from",
            "A period is at most two years long.",
        ));
    }
    // Instants are text: [from, to + 1 day) as prefixes compare correctly.
    let (lo, hi) = (db_date(from), db_date(to + time::Duration::days(1)));
    let pool = &state.db.pool;

    // What customers asked for, by themselves or with staff: a bank's bulk reissue is neither.
    let changes = sqlx::query(
        "SELECT customer_id, kind, channel, created_at, completed_at FROM changes \
         WHERE status = 'completed' AND completed_at >= $1 AND completed_at < $2 \
         AND channel <> 'bulk'",
    )
    .bind(&lo)
    .bind(&hi)
    .fetch_all(pool)
    .await?;
    let contacts = sqlx::query(
        "SELECT customer_id, at FROM timeline WHERE kind IN ('staff_access', 'staff_action') AND at >= $1 AND at < $2",
    )
    .bind(db_date(from - time::Duration::days(7)))
    .bind(&hi)
    .fetch_all(pool)
    .await?;
    let mut contacts_by_customer: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in &contacts {
        contacts_by_customer
            .entry(c.try_get(0)?)
            .or_default()
            .push(c.try_get(1)?);
    }

    let mut by_kind: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_channel: BTreeMap<String, i64> = BTreeMap::new();
    let mut daily: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let (mut self_service, mut first_contact, mut contact_total) = (0, 0, 0);
    let mut durations = Vec::new();
    for c in &changes {
        let customer: String = c.try_get(0)?;
        let channel: String = c.try_get(2)?;
        let created: String = c.try_get(3)?;
        let completed: String = c.try_get(4)?;
        *by_kind.entry(c.try_get(1)?).or_default() += 1;
        *by_channel.entry(channel.clone()).or_default() += 1;
        let day = daily.entry(completed[..10].to_string()).or_default();
        if channel == "self_service" {
            self_service += 1;
            day.0 += 1;
        } else {
            day.1 += 1;
        }
        // Staff contacts in the week before the change was completed belong to this request.
        let week_before = parse_db_time(&completed)
            .map(|t| crate::clock::db_time(t - time::Duration::days(7)))
            .unwrap_or_default();
        let n = contacts_by_customer
            .get(&customer)
            .map(|v| {
                v.iter()
                    .filter(|at| **at >= week_before && **at <= completed)
                    .count()
            })
            .unwrap_or(0);
        contact_total += n;
        if n <= 1 {
            first_contact += 1;
        }
        durations.extend(seconds_between(&created, &completed));
    }

    // Every day of the period has its point, changes or not: a chart's time axis has no gaps.
    let mut day = Some(from);
    while let Some(d) = day.filter(|d| *d <= to) {
        daily.entry(db_date(d)).or_default();
        day = d.next_day();
    }

    let cases = sqlx::query(
        "SELECT due_at, decided_at FROM cases WHERE decided_at >= $1 AND decided_at < $2",
    )
    .bind(&lo)
    .bind(&hi)
    .fetch_all(pool)
    .await?;
    let cases_on_time = cases
        .iter()
        .filter(|c| c.try_get::<String, _>(1).ok() <= c.try_get::<String, _>(0).ok())
        .count();
    let promises =
        sqlx::query("SELECT due_by, kept_at FROM promises WHERE due_by >= $1 AND due_by < $2")
            .bind(&lo)
            .bind(&hi)
            .fetch_all(pool)
            .await?;
    let kept_on_time = promises
        .iter()
        .filter(
            |p| match (p.try_get::<String, _>(0), p.try_get::<Option<String>, _>(1)) {
                (Ok(due), Ok(Some(kept))) => kept <= due,
                _ => false,
            },
        )
        .count();
    let outbox = sqlx::query("SELECT created_at, delivered_at FROM outbox WHERE delivered_at >= $1 AND delivered_at < $2")
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?;
    let lags: Vec<f64> = outbox
        .iter()
        .filter_map(|o| {
            seconds_between(
                &o.try_get::<String, _>(0).ok()?,
                &o.try_get::<String, _>(1).ok()?,
            )
        })
        .collect();

    let counts = |m: BTreeMap<String, i64>| {
        m.into_iter()
            .map(|(key, count)| Count { key, count })
            .collect()
    };
    let n = changes.len();
    Ok(Json(MetricsResponse {
        from: db_date(from),
        to: db_date(to),
        changes_completed: n as i64,
        self_service_rate: rate(self_service, n),
        by_kind: counts(by_kind),
        by_channel: counts(by_channel),
        contacts_per_resolved_request: (n > 0).then(|| contact_total as f64 / n as f64),
        first_contact_resolution: rate(first_contact, n),
        time_to_complete_median_seconds: quantile(durations.clone(), 0.5),
        time_to_complete_p90_seconds: quantile(durations, 0.9),
        cases_decided: cases.len() as i64,
        cases_decided_on_time_rate: rate(cases_on_time, cases.len()),
        promises_due: promises.len() as i64,
        promises_kept_on_time_rate: rate(kept_on_time, promises.len()),
        outbox_delivered: lags.len() as i64,
        outbox_lag_p90_seconds: quantile(lags, 0.9),
        daily: daily
            .into_iter()
            .map(|(date, (self_service, staff))| DailyChanges {
                date,
                self_service,
                staff,
            })
            .collect(),
    }))
}
