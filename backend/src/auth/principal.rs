//! Who a login name or a session belongs to.

use shared::api::{Principal, PrincipalKind};
use shared::domain::LoginId;
use sqlx::{AssertSqlSafe, Row};

use crate::AppState;
use crate::error::AppResult;

/// A principal together with what signing in needs to know about it.
pub struct Credentials {
    pub principal: Principal,
    pub password_hash: String,
    pub login_enabled: bool,
}

pub async fn find_by_login(state: &AppState, login: &LoginId) -> AppResult<Option<Credentials>> {
    let customer_sql = "SELECT c.id, c.name, cr.password_hash, cr.login_enabled \
         FROM customers c JOIN credentials cr ON cr.customer_id = c.id WHERE ";
    let row = match login {
        LoginId::Email(email) => {
            sqlx::query(AssertSqlSafe(format!("{customer_sql} c.email = $1")))
                .bind(email.as_str())
                .fetch_optional(&state.db.pool)
                .await?
        }
        LoginId::CustomerNumber(n) => {
            sqlx::query(AssertSqlSafe(format!("{customer_sql} c.number = $1")))
                .bind(n.as_str())
                .fetch_optional(&state.db.pool)
                .await?
        }
    };
    if let Some(row) = row {
        return Ok(Some(Credentials {
            principal: Principal {
                kind: PrincipalKind::Customer,
                id: row.try_get(0)?,
                name: row.try_get(1)?,
                role: None,
            },
            password_hash: row.try_get(2)?,
            login_enabled: row.try_get::<i64, _>(3)? == 1,
        }));
    }
    let LoginId::Email(email) = login else {
        return Ok(None);
    };
    let row =
        sqlx::query("SELECT id, name, role, password_hash, active FROM staff WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&state.db.pool)
            .await?;
    Ok(match row {
        Some(row) => Some(Credentials {
            principal: Principal {
                kind: PrincipalKind::Staff,
                id: row.try_get(0)?,
                name: row.try_get(1)?,
                role: Some(row.try_get(2)?),
            },
            password_hash: row.try_get(3)?,
            login_enabled: row.try_get::<i64, _>(4)? == 1,
        }),
        None => None,
    })
}

pub async fn find_by_id(
    state: &AppState,
    kind: PrincipalKind,
    id: &str,
) -> AppResult<Option<Credentials>> {
    let sql = match kind {
        PrincipalKind::Customer => {
            "SELECT c.id, c.name, CAST(NULL AS TEXT), cr.password_hash, cr.login_enabled \
             FROM customers c JOIN credentials cr ON cr.customer_id = c.id WHERE c.id = $1"
        }
        PrincipalKind::Staff => {
            "SELECT id, name, role, password_hash, active FROM staff WHERE id = $1"
        }
    };
    let row = sqlx::query(sql)
        .bind(id)
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(match row {
        Some(row) => Some(Credentials {
            principal: Principal {
                kind,
                id: row.try_get(0)?,
                name: row.try_get(1)?,
                role: row.try_get(2)?,
            },
            password_hash: row.try_get(3)?,
            login_enabled: row.try_get::<i64, _>(4)? == 1,
        }),
        None => None,
    })
}
