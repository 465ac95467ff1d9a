//! Server-side sessions in the database. The cookie carries a random token; the table keeps only
//! its keyed hash, so a copy of the database cannot be used to sign in.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use shared::api::PrincipalKind;
use sqlx::Row;
use time::OffsetDateTime;

use crate::AppState;
use crate::clock::{db_time, parse_db_time};
use crate::crypto::{keyed_hash, random_token};
use crate::error::{AppError, AppResult};
use crate::timeline::Actor;

pub const COOKIE: &str = "carryover_session";

/// How often at most a busy session's idle deadline is written back.
const TOUCH_EVERY: time::Duration = time::Duration::seconds(15);

#[derive(Debug, Clone)]
pub struct Session {
    pub id_hash: String,
    pub principal_kind: PrincipalKind,
    pub principal_id: String,
    pub idle_expires_at: OffsetDateTime,
    pub absolute_expires_at: OffsetDateTime,
    pub reauth_at: Option<OffsetDateTime>,
    pub csrf_token: String,
    /// While staff act for a customer.
    pub impersonation_id: Option<String>,
}

pub fn kind_str(kind: PrincipalKind) -> &'static str {
    match kind {
        PrincipalKind::Customer => "customer",
        PrincipalKind::Staff => "staff",
    }
}

fn idle_timeout(state: &AppState, kind: PrincipalKind) -> time::Duration {
    let d = match kind {
        PrincipalKind::Customer => state.config.customer_idle_timeout,
        PrincipalKind::Staff => state.config.staff_idle_timeout,
    };
    time::Duration::try_from(d).expect("timeouts fit")
}

fn token_hash(state: &AppState, token: &str) -> String {
    keyed_hash(&state.config.secret, "session", token)
}

/// Starts a new session; the caller has already removed any old one (id rotation on login).
pub async fn create(
    state: &AppState,
    kind: PrincipalKind,
    principal_id: &str,
) -> AppResult<(String, Session)> {
    let now = state.clock.now();
    let token = random_token();
    let session = Session {
        id_hash: token_hash(state, &token),
        principal_kind: kind,
        principal_id: principal_id.to_string(),
        idle_expires_at: now + idle_timeout(state, kind),
        absolute_expires_at: now
            + time::Duration::try_from(state.config.session_absolute_timeout).expect("fits"),
        // Signing in is itself a fresh password check.
        reauth_at: Some(now),
        csrf_token: random_token(),
        impersonation_id: None,
    };
    sqlx::query(
        "INSERT INTO sessions (id_hash, principal_kind, principal_id, created_at, last_seen_at, \
         idle_expires_at, absolute_expires_at, reauth_at, csrf_token) \
         VALUES ($1, $2, $3, $4, $4, $5, $6, $4, $7)",
    )
    .bind(&session.id_hash)
    .bind(kind_str(kind))
    .bind(principal_id)
    .bind(db_time(now))
    .bind(db_time(session.idle_expires_at))
    .bind(db_time(session.absolute_expires_at))
    .bind(&session.csrf_token)
    .execute(&state.db.pool)
    .await?;
    Ok((token, session))
}

/// Finds a live session for a cookie token and extends its idle deadline.
pub async fn load(state: &AppState, token: &str) -> AppResult<Option<Session>> {
    let id_hash = token_hash(state, token);
    let row = sqlx::query(
        "SELECT principal_kind, principal_id, last_seen_at, idle_expires_at, absolute_expires_at, \
         reauth_at, csrf_token, impersonation_id FROM sessions WHERE id_hash = $1",
    )
    .bind(&id_hash)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let kind = match row.try_get::<String, _>(0)?.as_str() {
        "staff" => PrincipalKind::Staff,
        _ => PrincipalKind::Customer,
    };
    let time_col = |i: usize| -> AppResult<OffsetDateTime> {
        let s: String = row.try_get(i)?;
        parse_db_time(&s).ok_or_else(|| anyhow::anyhow!("bad time in sessions: {s}").into())
    };
    let now = state.clock.now();
    let last_seen = time_col(2)?;
    let idle_expires_at = time_col(3)?;
    let absolute_expires_at = time_col(4)?;
    if now >= idle_expires_at || now >= absolute_expires_at {
        destroy_hash(state, &id_hash).await?;
        return Ok(None);
    }
    let reauth_at = row
        .try_get::<Option<String>, _>(5)?
        .as_deref()
        .and_then(parse_db_time);
    let mut session = Session {
        id_hash,
        principal_kind: kind,
        principal_id: row.try_get(1)?,
        idle_expires_at,
        absolute_expires_at,
        reauth_at,
        csrf_token: row.try_get(6)?,
        impersonation_id: row.try_get(7)?,
    };
    if now - last_seen >= TOUCH_EVERY {
        session.idle_expires_at = now + idle_timeout(state, kind);
        sqlx::query(
            "UPDATE sessions SET last_seen_at = $1, idle_expires_at = $2 WHERE id_hash = $3",
        )
        .bind(db_time(now))
        .bind(db_time(session.idle_expires_at))
        .bind(&session.id_hash)
        .execute(&state.db.pool)
        .await?;
    }
    Ok(Some(session))
}

pub async fn destroy(state: &AppState, token: &str) -> AppResult<()> {
    destroy_hash(state, &token_hash(state, token)).await
}

async fn destroy_hash(state: &AppState, id_hash: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

pub async fn mark_reauth(state: &AppState, session: &Session) -> AppResult<()> {
    sqlx::query("UPDATE sessions SET reauth_at = $1 WHERE id_hash = $2")
        .bind(db_time(state.clock.now()))
        .bind(&session.id_hash)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

impl Session {
    /// Sensitive commits (card, address, holder) call this first.
    pub fn require_recent_reauth(&self, state: &AppState) -> AppResult<()> {
        let window = time::Duration::try_from(state.config.reauth_window).expect("fits");
        match self.reauth_at {
            Some(t) if state.clock.now() - t < window => Ok(()),
            _ => Err(AppError::ReauthRequired),
        }
    }
}

pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.secure_cookies())
        .path("/")
        .build()
}

pub fn removal_cookie(state: &AppState) -> Cookie<'static> {
    let mut c = session_cookie(state, String::new());
    c.make_removal();
    c
}

/// A cookie the browser app can read that says "signed in here", never who or how (the
/// session's own cookie is HttpOnly). A signed-out visitor's page does not ask the server whom
/// it serves: the answer would be a 401, which browsers log as an error, and a request on the
/// way to the sign-in form. A stale hint (the session ran out) only costs that request.
pub const HINT_COOKIE: &str = "carryover_signed_in";

/// The session's cookie and the hint, as signing in sets them.
pub fn signed_in(jar: CookieJar, state: &AppState, token: String) -> CookieJar {
    jar.add(session_cookie(state, token))
        .add(hint_cookie(state))
}

/// Both cookies removed, as signing out does.
pub fn signed_out(jar: CookieJar, state: &AppState) -> CookieJar {
    let mut hint = hint_cookie(state);
    hint.make_removal();
    jar.add(removal_cookie(state)).add(hint)
}

fn hint_cookie(state: &AppState) -> Cookie<'static> {
    Cookie::build((HINT_COOKIE, "1"))
        .http_only(false)
        .same_site(SameSite::Strict)
        .secure(state.config.secure_cookies())
        .path("/")
        .build()
}

/// Any signed-in principal.
pub struct CurrentSession(pub Session);

impl FromRequestParts<AppState> for CurrentSession {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(s) = parts.extensions.get::<Session>() {
            return Ok(CurrentSession(s.clone()));
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(token) = jar.get(COOKIE).map(|c| c.value().to_string()) else {
            return Err(AppError::Unauthenticated("Please sign in.".into()));
        };
        match load(state, &token).await? {
            Some(s) => {
                parts.extensions.insert(s.clone());
                Ok(CurrentSession(s))
            }
            None => Err(AppError::Unauthenticated(
                "Your session has ended. Please sign in again.".into(),
            )),
        }
    }
}

/// A staff member acting for a customer (see `staff::impersonation`).
#[derive(Debug, Clone)]
pub struct Acting {
    pub impersonation_id: String,
    pub staff_id: String,
    pub staff_name: String,
    pub customer_name: String,
    pub reason: String,
    pub expires_at: OffsetDateTime,
}

/// The customer whose data a request reads or changes: the customer, or staff acting for them.
pub struct CustomerAuth {
    pub session: Session,
    pub customer_id: String,
    pub acting: Option<Acting>,
}

impl CustomerAuth {
    /// Who the timeline names for what this request does.
    pub async fn actor(&self, conn: &mut sqlx::AnyConnection) -> Result<Actor, sqlx::Error> {
        match &self.acting {
            None => Actor::customer(conn, &self.customer_id).await,
            Some(a) => Ok(Actor {
                kind: "staff",
                id: Some(a.staff_id.clone()),
                name: format!("{} (staff) for {}", a.staff_name, a.customer_name),
                on_behalf_reason: Some(a.reason.clone()),
                staff: Some((a.staff_name.clone(), Some(a.customer_name.clone()))),
            }),
        }
    }

    /// Full card numbers, passwords and the login email stay with the customer.
    pub fn refuse_when_acting(&self, what: &str) -> AppResult<()> {
        match self.acting {
            Some(_) => Err(AppError::Forbidden(format!(
                "Staff acting for a customer cannot {what}; only the customer can, signed in themselves."
            ))),
            None => Ok(()),
        }
    }
}

/// The live impersonation of a staff session, if any.
pub async fn acting(state: &AppState, session: &Session) -> AppResult<Option<(String, Acting)>> {
    let Some(id) = &session.impersonation_id else {
        return Ok(None);
    };
    let row = sqlx::query(
        "SELECT i.customer_id, i.staff_id, s.name, c.name, i.reason, i.expires_at FROM impersonations i \
         JOIN staff s ON s.id = i.staff_id JOIN customers c ON c.id = i.customer_id \
         WHERE i.id = $1 AND i.ended_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let expires_at = parse_db_time(&row.try_get::<String, _>(5)?).unwrap_or(state.clock.now());
    if state.clock.now() >= expires_at {
        return Ok(None);
    }
    Ok(Some((
        row.try_get(0)?,
        Acting {
            impersonation_id: id.clone(),
            staff_id: row.try_get(1)?,
            staff_name: row.try_get(2)?,
            customer_name: row.try_get(3)?,
            reason: row.try_get(4)?,
            expires_at,
        },
    )))
}

impl FromRequestParts<AppState> for CustomerAuth {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let CurrentSession(session) = CurrentSession::from_request_parts(parts, state).await?;
        match session.principal_kind {
            PrincipalKind::Customer => Ok(CustomerAuth {
                customer_id: session.principal_id.clone(),
                session,
                acting: None,
            }),
            PrincipalKind::Staff => match acting(state, &session).await? {
                Some((customer_id, acting)) => Ok(CustomerAuth {
                    customer_id,
                    session,
                    acting: Some(acting),
                }),
                None => Err(AppError::Forbidden(
                    "Staff reach customer pages only while acting for a customer.".into(),
                )),
            },
        }
    }
}

pub async fn set_impersonation(
    state: &AppState,
    session: &Session,
    id: Option<&str>,
) -> AppResult<()> {
    sqlx::query("UPDATE sessions SET impersonation_id = $1 WHERE id_hash = $2")
        .bind(id)
        .bind(&session.id_hash)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}
