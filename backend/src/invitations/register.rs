//! A person without an account registers while accepting an invitation: the email is the
//! invitation's (it reached them), the name and password are theirs. They get a customer number
//! like everyone; a postal address follows later (staff review the transfer anyway).

use rand::Rng;
use shared::domain::CustomerNumber;
use sqlx::Row;

use crate::clock::db_time;
use crate::db::{Tx, new_id};
use crate::error::{AppError, AppResult};

pub const MIN_PASSWORD: usize = 12;
const MAX_PASSWORD: usize = 1024;

/// Checks the password before any hashing work is spent on it.
pub fn check_password(password: &str) -> AppResult<()> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        return Err(AppError::invalid(
            "password",
            format!("Choose a password of at least {MIN_PASSWORD} characters."),
        ));
    }
    if n > MAX_PASSWORD {
        return Err(AppError::invalid("password", "This password is too long."));
    }
    Ok(())
}

pub struct NewCustomer<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub password_hash: String,
    /// `de` | `en`
    pub language: &'a str,
    pub at: time::OffsetDateTime,
}

/// A fresh customer number: random, so replicas never hand out the same one from a counter;
/// a clash with an existing number is tried again.
async fn free_number(tx: &mut Tx) -> AppResult<CustomerNumber> {
    for _ in 0..20 {
        let n =
            CustomerNumber::from_sequence(rand::thread_rng().gen_range(200_000_000..1_000_000_000));
        let taken = sqlx::query("SELECT 1 FROM customers WHERE number = $1")
            .bind(n.as_str())
            .fetch_optional(&mut **tx)
            .await?;
        if taken.is_none() {
            return Ok(n);
        }
    }
    Err(anyhow::anyhow!("no free customer number found").into())
}

/// Creates the customer with a sign-in; returns the id.
pub async fn customer(tx: &mut Tx, c: NewCustomer<'_>) -> AppResult<String> {
    let id = new_id();
    let now = db_time(c.at);
    let number = free_number(tx).await?;
    sqlx::query(
        "INSERT INTO customers (id, number, name, name_folded, email, phone, phone_digits, language, status, version, created_at) \
         VALUES ($1, $2, $3, $4, $5, '', '', $6, 'active', 1, $7)",
    )
    .bind(&id)
    .bind(number.as_str())
    .bind(c.name)
    .bind(crate::search_terms::fold(c.name))
    .bind(c.email)
    .bind(c.language)
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO credentials (customer_id, password_hash, login_enabled, updated_at) VALUES ($1, $2, 1, $3)")
        .bind(&id)
        .bind(&c.password_hash)
        .bind(&now)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO preferences (customer_id, language, paperless, alert_channel, version) VALUES ($1, $2, 1, 'email', 1)")
        .bind(&id)
        .bind(c.language)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO notification_contacts (id, customer_id, channel, address, version) VALUES ($1, $2, 'email', $3, 1)")
        .bind(new_id())
        .bind(&id)
        .bind(c.email)
        .execute(&mut **tx)
        .await?;
    crate::search_terms::index(tx, &id, c.name, "", c.email).await?;
    Ok(id)
}

/// Whether a customer with this (lower-cased) email exists.
pub async fn email_taken(conn: &mut sqlx::AnyConnection, email: &str) -> AppResult<bool> {
    Ok(sqlx::query("SELECT id FROM customers WHERE email = $1")
        .bind(email)
        .fetch_optional(conn)
        .await?
        .map(|r| r.try_get::<String, _>(0))
        .transpose()?
        .is_some())
}
