//! The imperative shell of address changes: read the address state, write a planned change.

use serde_json::json;
use shared::api::Address;
use shared::domain::address::one_line;
use sqlx::{AnyConnection, Row};

use super::address::{AddressRequest, AddressState, AddressUse, CardInPost, ServiceContract};
use crate::AppState;
use crate::clock::db_time;
use crate::crypto::{keyed_hash, random_token};
use crate::db::{Tx, new_id};
use crate::error::AppResult;
use crate::failpoint::Steps;
use crate::outbox::{self, Message};
use crate::timeline::{self, Actor, Entry};

const ADDRESS_COLUMNS: &str = "street, extra, postal_code, city, country, region";

fn address(r: &sqlx::any::AnyRow) -> Result<Address, sqlx::Error> {
    Ok(Address {
        street: r.try_get("street")?,
        extra: r.try_get("extra")?,
        postal_code: r.try_get("postal_code")?,
        city: r.try_get("city")?,
        country: r.try_get("country")?,
        region: r.try_get("region")?,
    })
}

pub async fn load(
    conn: &mut AnyConnection,
    customer_id: &str,
    today: &str,
) -> Result<AddressState, sqlx::Error> {
    let customer_version: i64 = sqlx::query("SELECT version FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let home = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {ADDRESS_COLUMNS} FROM addresses WHERE customer_id = $1 AND valid_from <= $2 \
         AND (valid_to IS NULL OR valid_to > $2) ORDER BY valid_from DESC LIMIT 1"
    )))
    .bind(customer_id)
    .bind(today)
    .fetch_optional(&mut *conn)
    .await?;
    let uses = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, purpose, follows_home, version, {ADDRESS_COLUMNS} FROM address_uses \
         WHERE customer_id = $1 ORDER BY purpose"
    )))
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(AddressUse {
            id: r.try_get("id")?,
            purpose: r.try_get("purpose")?,
            follows_home: r.try_get::<i64, _>("follows_home")? == 1,
            version: r.try_get("version")?,
            address: address(r)?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let cards_in_post = sqlx::query(
        "SELECT id, brand, last4, delivery_status FROM held_cards WHERE customer_id = $1 AND status = 'issued' \
         AND delivery_status IN ('ordered', 'dispatched') ORDER BY id",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(CardInPost {
            id: r.try_get("id")?,
            label: format!("{} •••• {}", r.try_get::<String, _>("brand")?, r.try_get::<String, _>("last4")?),
            delivery_status: r.try_get("delivery_status")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let contracts = sqlx::query(
        "SELECT id, name, provider, service_address_follows_home, version FROM contracts \
         WHERE customer_id = $1 AND status = 'active' ORDER BY name, id",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(ServiceContract {
            id: r.try_get("id")?,
            label: format!(
                "{} ({})",
                r.try_get::<String, _>("name")?,
                r.try_get::<String, _>("provider")?
            ),
            follows_home: r.try_get::<i64, _>("service_address_follows_home")? == 1,
            version: r.try_get("version")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let scheduled_change = sqlx::query(
        "SELECT id FROM changes WHERE customer_id = $1 AND kind = 'address' AND status = 'scheduled'",
    )
    .bind(customer_id)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get(0))
    .transpose()?;
    Ok(AddressState {
        customer_id: customer_id.into(),
        customer_version,
        home: home.as_ref().map(address).transpose()?,
        uses,
        cards_in_post,
        contracts,
        scheduled_change,
    })
}

/// Writes the new address and everything that follows it. Set-based: one statement per table,
/// plus one per item the customer chose to keep.
pub async fn apply(
    state: &AppState,
    tx: &mut Tx,
    st: &AddressState,
    req: &AddressRequest,
) -> AppResult<()> {
    let mut steps = Steps::new(&state.failpoints);
    let a = &req.address;
    for id in &req.keep {
        sqlx::query("UPDATE address_uses SET follows_home = 0, version = version + 1 WHERE id = $1 AND customer_id = $2")
            .bind(id)
            .bind(&st.customer_id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE contracts SET service_address_follows_home = 0, version = version + 1 WHERE id = $1 AND customer_id = $2")
            .bind(id)
            .bind(&st.customer_id)
            .execute(&mut **tx)
            .await?;
    }
    steps.done()?;
    sqlx::query("UPDATE addresses SET valid_to = $1 WHERE customer_id = $2 AND valid_to IS NULL")
        .bind(&req.effective_on)
        .bind(&st.customer_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO addresses (id, customer_id, street, extra, postal_code, city, country, region, valid_from, valid_to, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10)",
    )
    .bind(new_id())
    .bind(&st.customer_id)
    .bind(&a.street)
    .bind(a.extra.clone())
    .bind(&a.postal_code)
    .bind(&a.city)
    .bind(&a.country)
    .bind(a.region.clone())
    .bind(&req.effective_on)
    .bind(db_time(state.clock.now()))
    .execute(&mut **tx)
    .await?;
    steps.done()?;
    sqlx::query(
        "UPDATE address_uses SET street = $1, extra = $2, postal_code = $3, city = $4, country = $5, region = $6, \
         version = version + 1 WHERE customer_id = $7 AND follows_home = 1",
    )
    .bind(&a.street)
    .bind(a.extra.clone())
    .bind(&a.postal_code)
    .bind(&a.city)
    .bind(&a.country)
    .bind(a.region.clone())
    .bind(&st.customer_id)
    .execute(&mut **tx)
    .await?;
    steps.done()?;
    sqlx::query("UPDATE contracts SET version = version + 1 WHERE customer_id = $1 AND service_address_follows_home = 1 AND status = 'active'")
        .bind(&st.customer_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE customers SET version = version + 1 WHERE id = $1")
        .bind(&st.customer_id)
        .execute(&mut **tx)
        .await?;
    steps.done()?;
    Ok(())
}

/// Masks a recipient for the timeline: enough to recognise, not enough to read off.
pub fn mask(s: &str) -> String {
    let visible: String = s.chars().take(2).collect();
    match s.split_once('@') {
        Some((_, domain)) => format!("{visible}…@{domain}"),
        None => format!("{visible}…"),
    }
}

/// The three notifications of an address change, each with its own "this wasn't me" code.
pub async fn notify(
    state: &AppState,
    tx: &mut Tx,
    actor: &Actor,
    change_id: &str,
    st: &AddressState,
    req: &AddressRequest,
    email: &str,
) -> AppResult<()> {
    let now = state.clock.now();
    let old = st.home.as_ref().map(one_line).unwrap_or_default();
    let new = one_line(&req.address);
    let scheduled = req.effective_on > crate::clock::db_date(now.date());
    // No letter to an old address when there was none (a first address).
    let to_old = st.home.as_ref().map(|home| {
        (
            "old_address",
            "letter",
            old.clone(),
            format!("{}, {}", mask(&home.street), home.city),
        )
    });
    for (recipient, topic, to, shown) in to_old.into_iter().chain([
        (
            "new_address",
            "letter",
            new.clone(),
            format!("{}, {}", mask(&req.address.street), req.address.city),
        ),
        ("email", "email", email.to_string(), mask(email)),
    ]) {
        let code = random_token()[..10].to_uppercase();
        sqlx::query(
            "INSERT INTO change_disputes (code_hash, change_id, customer_id, recipient, created_at, used_at) \
             VALUES ($1, $2, $3, $4, $5, NULL)",
        )
        .bind(keyed_hash(&state.config.secret, "dispute", &code))
        .bind(change_id)
        .bind(&st.customer_id)
        .bind(recipient)
        .bind(db_time(now))
        .execute(&mut **tx)
        .await?;
        outbox::enqueue(
            tx,
            Message {
                customer_id: &st.customer_id,
                topic,
                dedupe_key: format!("change:{change_id}:{recipient}"),
                payload: json!({
                    "template": "address_changed",
                    "to": to,
                    "old_address": old,
                    "new_address": new,
                    "effective_on": req.effective_on,
                    "scheduled": scheduled,
                    "dispute_code": code,
                }),
                at: now,
            },
        )
        .await?;
        let channel = if topic == "letter" { "Letter" } else { "Email" };
        timeline::record(tx, Entry {
            customer_id: &st.customer_id,
            at: now,
            kind: "notification",
            actor,
            summary: format!("{channel} about the address change to {shown}"),
            data: timeline::event(
                json!({"change_id": change_id, "channel": topic, "recipient": shown, "to": recipient}),
                "address_notification",
                json!({"channel": topic, "recipient": shown}),
            ),
            internal: false,
        })
        .await?;
    }
    Ok(())
}
