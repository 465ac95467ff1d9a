//! Account-holder changes over HTTP: they are planned like every change, but committing only
//! submits them for review: the change is `pending_review`, a case with a visible deadline opens,
//! and nothing on the account changes until staff approve (story 004).

use shared::domain::Email;
use sqlx::Row;

use super::routes::{Committed, Outcome};
use crate::AppState;
use crate::clock::db_time;
use crate::db::{Tx, new_id};
use crate::error::{AppError, AppResult};
use crate::migration::Plan;
use crate::migration::holder::{self, HolderRequest, PlanError};
use crate::migration::holder_store;
use crate::migration::record::{self, NewChange};
use crate::timeline::Actor;

/// Naming people in transfer previews: a customer may try a few, not probe a list.
const TRANSFER_PREVIEWS: crate::throttle::Limit = crate::throttle::Limit {
    name: "transfer_preview",
    max: 20,
    window: time::Duration::days(1),
    message: "You have named many different people today. Please try again tomorrow or call us.",
};

pub struct Input {
    pub account_id: String,
    pub reason: String,
    pub new_holder_email: Option<String>,
    pub new_holder_name: Option<String>,
    pub new_name: Option<String>,
    pub holder_customer_id: Option<String>,
    pub cancel: Vec<String>,
}

pub async fn request(state: &AppState, customer_id: &str, i: Input) -> AppResult<HolderRequest> {
    // Another customer's account answers like a missing one.
    let mine = sqlx::query("SELECT 1 FROM account_holders WHERE account_id = $1 AND customer_id = $2 AND status = 'active'")
        .bind(&i.account_id)
        .bind(customer_id)
        .fetch_optional(&state.db.pool)
        .await?;
    if mine.is_none() {
        return Err(AppError::invalid(
            "account_id",
            "This is not one of your accounts.",
        ));
    }
    let submitter = customer_id.to_string();
    let account_id = i.account_id.clone();
    match i.reason.as_str() {
        "bereavement" => {
            let deceased = match i.holder_customer_id {
                Some(d) => d,
                None => {
                    let others = sqlx::query(
                        "SELECT customer_id FROM account_holders WHERE account_id = $1 AND customer_id <> $2 AND status = 'active'",
                    )
                    .bind(&account_id)
                    .bind(customer_id)
                    .fetch_all(&state.db.pool)
                    .await?;
                    match others.as_slice() {
                        [one] => one.try_get(0)?,
                        [] => {
                            return Err(AppError::invalid(
                                "holder_customer_id",
                                "This account has no other holder.",
                            ));
                        }
                        _ => {
                            return Err(AppError::invalid(
                                "holder_customer_id",
                                "Say which holder died.",
                            ));
                        }
                    }
                }
            };
            Ok(HolderRequest::Bereavement {
                account_id,
                submitter,
                deceased,
                cancel: cancel_list(i.cancel)?,
            })
        }
        "transfer" => {
            let email = Email::parse(i.new_holder_email.as_deref().unwrap_or_default())
                .map_err(|e| AppError::invalid("new_holder_email", e.message))?;
            // The plan names the new holder by what the customer typed, never by what we know:
            // whether the email belongs to a customer (or a deceased or closed one) must not
            // show. Whoever accepts the invitation becomes the holder, by their own name, at
            // approval (`invitations::resolve_new_holder`).
            let own: Option<String> = sqlx::query("SELECT email FROM customers WHERE id = $1")
                .bind(customer_id)
                .fetch_optional(&state.db.pool)
                .await?
                .map(|r| r.try_get(0))
                .transpose()?;
            if own.as_deref().and_then(|e| Email::parse(e).ok()).as_ref() == Some(&email) {
                return Err(AppError::invalid(
                    "new_holder_email",
                    "This is your own email; enter the new holder's.",
                ));
            }
            let new_holder_name = clean_name(i.new_holder_name.as_deref()).ok_or_else(|| {
                AppError::invalid("new_holder_name", "Enter the new holder's full name.")
            })?;
            crate::throttle::distinct_items(state, &TRANSFER_PREVIEWS, customer_id, email.as_str())
                .await?;
            let new_holder = None;
            Ok(HolderRequest::Transfer {
                account_id,
                submitter,
                new_holder,
                new_holder_name,
                new_holder_email: email.as_str().to_string(),
                cancel: cancel_list(i.cancel)?,
            })
        }
        "name_change" => {
            let name = clean_name(i.new_name.as_deref()).ok_or_else(|| {
                AppError::invalid("new_name", "Enter the new legal name as on the document.")
            })?;
            Ok(HolderRequest::NameChange {
                account_id,
                submitter,
                new_name: name,
            })
        }
        _ => Err(AppError::invalid(
            "reason",
            "The reason is bereavement, transfer or name_change.",
        )),
    }
}

/// The items to cancel, as ids: at most a few hundred, each as short as an id.
fn cancel_list(ids: Vec<String>) -> AppResult<Vec<String>> {
    if ids.len() > 500 || ids.iter().any(|id| id.is_empty() || id.len() > 64) {
        return Err(AppError::invalid(
            "cancel",
            "List the items to cancel by their ids from the plan.",
        ));
    }
    let mut ids = ids;
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// A person's name as typed, with its spaces tidied: 2 to 120 characters, no digits.
pub fn clean_name(input: Option<&str>) -> Option<String> {
    let name = input
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let n = name.chars().count();
    (2..=120)
        .contains(&n)
        .then_some(name)
        .filter(|name| !name.chars().any(|c| c.is_ascii_digit()))
}

pub fn plan_error(e: PlanError) -> AppError {
    AppError::invalid("account_id", e.to_string())
}

pub async fn plan(
    conn: &mut sqlx::AnyConnection,
    req: &HolderRequest,
) -> AppResult<(Plan, String)> {
    let st = holder_store::load(conn, req.account_id()).await?;
    let plan = holder::plan_holder(&st, req).map_err(plan_error)?;
    Ok((plan, st.fingerprint()))
}

/// Adds `days` business days (Monday to Friday) to an instant.
pub fn business_days_after(t: time::OffsetDateTime, days: u32) -> time::OffsetDateTime {
    let mut t = t;
    let mut left = days;
    while left > 0 {
        t += time::Duration::days(1);
        if !matches!(t.weekday(), time::Weekday::Saturday | time::Weekday::Sunday) {
            left -= 1;
        }
    }
    t
}

pub async fn commit(
    state: &AppState,
    tx: &mut Tx,
    actor: &Actor,
    customer_id: &str,
    req: &HolderRequest,
    fingerprint: &str,
) -> AppResult<Outcome> {
    // Co-holders commit under their own customer locks; the account's row serialises them here.
    sqlx::query("UPDATE accounts SET version = version WHERE id = $1")
        .bind(req.account_id())
        .execute(&mut **tx)
        .await?;
    if let Some(open) = sqlx::query(
        "SELECT change_id FROM cases WHERE account_id = $1 AND kind = 'holder_change' AND status = 'open'",
    )
    .bind(req.account_id())
    .fetch_optional(&mut **tx)
    .await?
    {
        return Err(AppError::ChangePending {
            change_id: open.try_get(0)?,
        });
    }
    let now = state.clock.now();
    if matches!(req, HolderRequest::Transfer { .. }) {
        invitations_left_today(tx, customer_id, now).await?;
    }
    let st = holder_store::load(tx, req.account_id()).await?;
    if st.fingerprint() != fingerprint {
        return Ok(Outcome::Outdated);
    }
    let plan = holder::plan_holder(&st, req).map_err(plan_error)?;
    let due = business_days_after(now, state.config.case_business_days);
    let recorded = record::record(
        tx,
        NewChange {
            customer_id,
            actor,
            plan: &plan,
            status: "pending_review",
            request: Some(serde_json::to_string(req).map_err(anyhow::Error::from)?),
            summary: format!(
                "Account-holder change submitted for review; upload the document. We decide by {}.",
                db_time(due)
            ),
            event: "holder_change_submitted",
            params: serde_json::json!({"due": db_time(due)}),
            confirmation: Some("holder_change_submitted"),
            at: now,
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO cases (id, change_id, customer_id, kind, status, owner_staff_id, due_at, escalated_at, \
         decided_by, decision_reason, created_at, version, account_id) \
         VALUES ($1, $2, $3, 'holder_change', 'open', NULL, $4, NULL, NULL, NULL, $5, 1, $6)",
    )
    .bind(new_id())
    .bind(&recorded.change_id)
    .bind(customer_id)
    .bind(db_time(due))
    .bind(db_time(now))
    .bind(req.account_id())
    .execute(&mut **tx)
    .await?;
    crate::invitations::create(state, tx, actor, &recorded.change_id, req, now).await?;
    Ok(Outcome::Done(Committed {
        change_id: recorded.change_id,
        created_at: recorded.created_at,
        status: "pending_review",
        plan,
    }))
}

/// Invitations are emails to an address the customer chose: a handful a day, no more.
pub const INVITATIONS_PER_DAY: i64 = 5;

async fn invitations_left_today(
    tx: &mut Tx,
    customer_id: &str,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    let day_ago = db_time(now - time::Duration::days(1));
    let rows = sqlx::query(
        "SELECT created_at FROM invitations WHERE inviter_customer_id = $1 AND created_at > $2 \
         ORDER BY created_at",
    )
    .bind(customer_id)
    .bind(&day_ago)
    .fetch_all(&mut **tx)
    .await?;
    if (rows.len() as i64) < INVITATIONS_PER_DAY {
        return Ok(());
    }
    // Free again one day after the oldest of today's invitations.
    let oldest: String = rows[0].try_get(0)?;
    let free_at = crate::clock::parse_db_time(&oldest)
        .map(|t| t + time::Duration::days(1))
        .unwrap_or(now + time::Duration::days(1));
    Err(AppError::Throttled {
        retry_after_secs: (free_at - now).whole_seconds().max(1) as u64,
        message: format!(
            "You can invite at most {INVITATIONS_PER_DAY} people a day. Please try again tomorrow."
        ),
    })
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    #[test]
    fn business_days_skip_weekends() {
        // Friday + 2 business days = Tuesday.
        let friday = datetime!(2026-11-20 09:00 UTC);
        assert_eq!(
            super::business_days_after(friday, 2),
            datetime!(2026-11-24 09:00 UTC)
        );
        let monday = datetime!(2026-11-23 09:00 UTC);
        assert_eq!(
            super::business_days_after(monday, 2),
            datetime!(2026-11-25 09:00 UTC)
        );
    }
}
