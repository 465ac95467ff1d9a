//! Invitations of an account transfer (issue 5): the new holder is named by email, invited
//! through the outbox in the transaction that submits the change, and must accept (signed in as
//! the customer with that email, or by registering) before staff can approve.
//!
//! The token in the link is derived from the invitation id under the server secret (HMAC). That
//! lets the outbox render the link when it sends, hours later perhaps, while the database holds
//! neither the token nor anything that yields it without the secret; the row keeps only the
//! token's keyed hash, which is how a link is looked up. A link works once, for 14 days.

pub mod register;
pub mod routes;

use axum::http::StatusCode;
use serde_json::json;
use shared::ErrorCode;
use shared::api::CaseInvitation;
use sqlx::{AnyConnection, Row};

use crate::AppState;
use crate::clock::db_time;
use crate::config::{Config, Secret};
use crate::crypto::keyed_hash;
use crate::db::{Tx, new_id};
use crate::error::{AppError, AppResult};
use crate::migration::holder::{HolderRequest, mask};
use crate::outbox::{self, Message};
use crate::timeline::{self, Actor, Entry};

pub use routes::router;

/// How long a link can be accepted.
pub const VALID_FOR: time::Duration = time::Duration::days(14);

/// The token in the link: 256 bits, unpredictable without the secret.
pub fn link_token(secret: &Secret, invitation_id: &str) -> String {
    keyed_hash(secret, "invitation-link", invitation_id)
}

/// What the row stores to recognise a token.
pub fn token_hash(secret: &Secret, token: &str) -> String {
    keyed_hash(secret, "invitation", token)
}

/// The link the email carries.
pub fn link(config: &Config, invitation_id: &str) -> String {
    format!(
        "{}/invitation/{}",
        config.public_url,
        link_token(&config.secret, invitation_id)
    )
}

/// `DE89370400440532013000` → `DE89 •••• 3000`: enough to recognise, not to read off.
pub fn mask_iban(iban: &str) -> String {
    let chars: Vec<char> = iban.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 8 {
        return "••••".into();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head} •••• {tail}")
}

#[derive(Debug, Clone)]
pub struct Invitation {
    pub id: String,
    pub change_id: String,
    pub account_id: String,
    pub inviter_customer_id: String,
    pub email: String,
    pub name: String,
    /// pending | accepted | withdrawn
    pub status: String,
    pub expires_at: String,
    pub accepted_at: Option<String>,
    pub accepted_customer_id: Option<String>,
}

const COLUMNS: &str = "id, change_id, account_id, inviter_customer_id, email, name, status, \
                       expires_at, accepted_at, accepted_customer_id";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Invitation, sqlx::Error> {
    Ok(Invitation {
        id: r.try_get(0)?,
        change_id: r.try_get(1)?,
        account_id: r.try_get(2)?,
        inviter_customer_id: r.try_get(3)?,
        email: r.try_get(4)?,
        name: r.try_get(5)?,
        status: r.try_get(6)?,
        expires_at: r.try_get(7)?,
        accepted_at: r.try_get(8)?,
        accepted_customer_id: r.try_get(9)?,
    })
}

impl Invitation {
    /// `pending` | `accepted` | `expired` | `withdrawn`, as of `now`.
    pub fn status_at(&self, now: &str) -> &str {
        if self.status == "pending" && self.expires_at.as_str() <= now {
            "expired"
        } else {
            &self.status
        }
    }

    /// Still acceptable; otherwise the 410 that says why.
    pub fn check_open(&self, now: &str) -> AppResult<()> {
        let gone = |code, message: &str| Err(AppError::coded(StatusCode::GONE, code, message));
        match self.status_at(now) {
            "pending" => Ok(()),
            "expired" => gone(
                ErrorCode::InvitationExpired,
                "This invitation has expired. Ask the account holder to send a new one.",
            ),
            "accepted" => gone(
                ErrorCode::InvitationUsed,
                "This invitation was already accepted; a link works once. Sign in to see the account once it is yours.",
            ),
            _ => gone(
                ErrorCode::InvitationWithdrawn,
                "This invitation is no longer valid: the transfer was withdrawn or decided.",
            ),
        }
    }
}

/// A link cut short when copied is told apart from an unknown one: 64 hex digits or 422.
pub fn check_token_shape(token: &str) -> AppResult<()> {
    if token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(AppError::invalid(
            "token",
            "This link is incomplete. Open the complete link from the email.",
        ))
    }
}

pub async fn by_token(
    conn: &mut AnyConnection,
    secret: &Secret,
    token: &str,
) -> AppResult<Option<Invitation>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM invitations WHERE token_hash = $1"
    )))
    .bind(token_hash(secret, &token.to_ascii_lowercase()))
    .fetch_optional(conn)
    .await?;
    Ok(row.as_ref().map(from_row).transpose()?)
}

pub async fn for_change(
    conn: &mut AnyConnection,
    change_id: &str,
) -> AppResult<Option<Invitation>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM invitations WHERE change_id = $1 ORDER BY created_at DESC LIMIT 1"
    )))
    .bind(change_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.as_ref().map(from_row).transpose()?)
}

/// The newest invitation `inviter` sent to `email` (lower-cased), if any.
pub async fn newest_sent(
    conn: &mut AnyConnection,
    inviter_customer_id: &str,
    email: &str,
) -> AppResult<Option<Invitation>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM invitations WHERE inviter_customer_id = $1 AND email = $2 \
         ORDER BY created_at DESC LIMIT 1"
    )))
    .bind(inviter_customer_id)
    .bind(email)
    .fetch_optional(conn)
    .await?;
    Ok(row.as_ref().map(from_row).transpose()?)
}

/// Invites the new holder of a transfer, in the transaction that submits it: the row, the email
/// (outbox) and the inviter's timeline entry with the masked recipient.
pub async fn create(
    state: &AppState,
    tx: &mut Tx,
    actor: &Actor,
    change_id: &str,
    req: &HolderRequest,
    now: time::OffsetDateTime,
) -> AppResult<()> {
    let HolderRequest::Transfer {
        account_id,
        submitter,
        new_holder_name,
        new_holder_email,
        ..
    } = req
    else {
        return Ok(());
    };
    let id = new_id();
    let expires_at = db_time(now + VALID_FOR);
    sqlx::query(
        "INSERT INTO invitations (id, token_hash, change_id, account_id, inviter_customer_id, email, name, \
         status, created_at, expires_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, 1)",
    )
    .bind(&id)
    .bind(token_hash(&state.config.secret, &link_token(&state.config.secret, &id)))
    .bind(change_id)
    .bind(account_id)
    .bind(submitter)
    .bind(new_holder_email)
    .bind(new_holder_name)
    .bind(db_time(now))
    .bind(&expires_at)
    .execute(&mut **tx)
    .await?;
    let row = sqlx::query(
        "SELECT c.name, a.iban FROM customers c, accounts a WHERE c.id = $1 AND a.id = $2",
    )
    .bind(submitter)
    .bind(account_id)
    .fetch_one(&mut **tx)
    .await?;
    let (inviter_name, iban): (String, String) = (row.try_get(0)?, row.try_get(1)?);
    // The payload names the invitation, never its token: the sender derives the link.
    outbox::enqueue(
        tx,
        Message {
            customer_id: submitter,
            topic: "email",
            dedupe_key: format!("invitation:{id}"),
            payload: json!({
                "template": "holder_invitation",
                "to": new_holder_email,
                "invitation_id": id,
                "invitee_name": new_holder_name,
                "inviter_name": inviter_name,
                "account": mask_iban(&iban),
                "expires_at": expires_at,
            }),
            at: now,
        },
    )
    .await?;
    let shown = mask(new_holder_email);
    timeline::record(
        tx,
        Entry {
            customer_id: submitter,
            at: now,
            kind: "notification",
            actor,
            summary: format!(
                "Email inviting {new_holder_name} to take over the account sent to {shown}; they accept before we decide"
            ),
            data: timeline::event(
                json!({"change_id": change_id, "channel": "email", "recipient": shown, "to": "new_holder"}),
                "invitation_sent",
                json!({"name": new_holder_name, "recipient": shown}),
            ),
            internal: false,
        },
    )
    .await?;
    Ok(())
}

/// A withdrawn or rejected transfer voids its invitation: its link then answers 410.
pub async fn withdraw(tx: &mut Tx, change_id: &str, now: &str) -> AppResult<u64> {
    Ok(sqlx::query(
        "UPDATE invitations SET status = 'withdrawn', withdrawn_at = $1, version = version + 1 \
         WHERE change_id = $2 AND status <> 'withdrawn'",
    )
    .bind(now)
    .bind(change_id)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// Approval of a transfer: the new holder is whoever accepted the invitation, by the name they
/// have now. Refused while nobody has accepted.
pub async fn resolve_new_holder(
    tx: &mut Tx,
    change_id: &str,
    req: HolderRequest,
    now: &str,
) -> AppResult<HolderRequest> {
    let HolderRequest::Transfer {
        account_id,
        submitter,
        new_holder,
        new_holder_name,
        new_holder_email,
        cancel,
    } = req
    else {
        return Ok(req);
    };
    let Some(inv) = for_change(tx, change_id).await? else {
        // A transfer from before invitations named an existing customer directly.
        return Ok(HolderRequest::Transfer {
            account_id,
            submitter,
            new_holder,
            new_holder_name,
            new_holder_email,
            cancel,
        });
    };
    let customer_id = match (inv.status_at(now), inv.accepted_customer_id.clone()) {
        ("accepted", Some(id)) => id,
        (status, _) => {
            let state = match status {
                "expired" => "expired without being accepted; reject the case",
                "withdrawn" => "withdrawn",
                _ => "not accepted yet; approve once they have",
            };
            return Err(AppError::coded(
                StatusCode::CONFLICT,
                ErrorCode::InvitationNotAccepted,
                format!(
                    "The new holder's invitation (sent to {}) is {state}.",
                    mask(&inv.email)
                ),
            ));
        }
    };
    let name: String = sqlx::query("SELECT name FROM customers WHERE id = $1")
        .bind(&customer_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
    Ok(HolderRequest::Transfer {
        account_id,
        submitter,
        new_holder: Some(customer_id),
        new_holder_name: name,
        new_holder_email,
        cancel,
    })
}

/// The invitation of a case's change, as staff see it.
pub async fn for_case(state: &AppState, change_id: &str) -> AppResult<Option<CaseInvitation>> {
    let mut conn = state.db.pool.acquire().await?;
    let Some(inv) = for_change(&mut conn, change_id).await? else {
        return Ok(None);
    };
    let accepted_by_name = match &inv.accepted_customer_id {
        Some(id) => Some(
            sqlx::query("SELECT name FROM customers WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?
                .try_get(0)?,
        ),
        None => None,
    };
    let now = db_time(state.clock.now());
    Ok(Some(CaseInvitation {
        email_masked: mask(&inv.email),
        invitee_name: inv.name.clone(),
        status: inv.status_at(&now).to_string(),
        expires_at: inv.expires_at.clone(),
        accepted_at: inv.accepted_at.clone(),
        accepted_by_name,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_are_masked_and_tokens_differ_from_their_hash() {
        assert_eq!(mask_iban("DE89370400440532013000"), "DE89 •••• 3000");
        assert_eq!(mask_iban("DE89 3704 0044 0532 0130 00"), "DE89 •••• 3000");
        let secret = Secret::new(b"k".repeat(32));
        let token = link_token(&secret, "id-1");
        assert_eq!(token.len(), 64);
        assert_ne!(token, link_token(&secret, "id-2"));
        assert_ne!(token_hash(&secret, &token), token);
    }
}
