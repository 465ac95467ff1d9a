//! `GET /api/me`: everything the customer has, every dependent naming what it depends on.

use axum::Json;
use axum::extract::State;
use shared::api::*;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::AppState;
use crate::auth::CustomerAuth;
use crate::clock::db_date;
use crate::error::{AppError, AppResult};

/// The signed-in customer's overview.
#[utoipa::path(get, path = "/api/me", tag = "customer",
    responses(
        (status = 200, body = MeResponse),
        (status = 401, description = "Not signed in", body = shared::ApiError),
        (status = 403, description = "Staff not acting for a customer", body = shared::ApiError),
    ))]
pub async fn me(State(state): State<AppState>, auth: CustomerAuth) -> AppResult<Json<MeResponse>> {
    load(&state, &auth.customer_id).await.map(Json)
}

fn money(row: &AnyRow, amount: &str, currency: &str) -> Result<Money, sqlx::Error> {
    Ok(Money {
        amount: row.try_get(amount)?,
        currency: row.try_get(currency)?,
    })
}

/// Reads with one query per kind; all scoped by the customer's own accounts and cards.
pub async fn load(state: &AppState, customer_id: &str) -> AppResult<MeResponse> {
    let pool = &state.db.pool;
    // A customer who registered through an invitation has no postal address yet: the address
    // then reads empty rather than the overview failing.
    let c = sqlx::query(
        "SELECT c.id, c.number, c.name, c.email, c.phone, c.language, c.version, \
                a.street, a.postal_code, a.city, a.country, a.extra, a.region \
         FROM customers c LEFT JOIN addresses a ON a.customer_id = c.id \
              AND a.valid_from <= $2 AND (a.valid_to IS NULL OR a.valid_to > $2) \
         WHERE c.id = $1 ORDER BY a.valid_from DESC LIMIT 1",
    )
    .bind(customer_id)
    .bind(db_date(state.clock.now().date()))
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let customer = CustomerView {
        id: c.try_get("id")?,
        number: c.try_get("number")?,
        name: c.try_get("name")?,
        email: c.try_get("email")?,
        phone: c.try_get("phone")?,
        language: c.try_get("language")?,
        version: c.try_get("version")?,
        address: Address {
            street: c
                .try_get::<Option<String>, _>("street")?
                .unwrap_or_default(),
            postal_code: c
                .try_get::<Option<String>, _>("postal_code")?
                .unwrap_or_default(),
            city: c.try_get::<Option<String>, _>("city")?.unwrap_or_default(),
            country: c
                .try_get::<Option<String>, _>("country")?
                .unwrap_or_default(),
            extra: c.try_get("extra")?,
            region: c.try_get("region")?,
        },
    };

    let my_accounts =
        "SELECT account_id FROM account_holders WHERE customer_id = $1 AND status <> 'removed'";
    let account_rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT id, iban, name, status FROM accounts WHERE id IN ({my_accounts}) ORDER BY created_at, id"
    )))
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    let holder_rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT h.account_id, h.customer_id, c.name, h.status FROM account_holders h \
         JOIN customers c ON c.id = h.customer_id \
         WHERE h.account_id IN ({my_accounts}) ORDER BY h.role DESC, c.name"
    )))
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    let mut accounts = Vec::with_capacity(account_rows.len());
    for r in &account_rows {
        let id: String = r.try_get("id")?;
        let mut holders = Vec::new();
        for h in holder_rows.iter() {
            if h.try_get::<String, _>(0)? == id {
                holders.push(Holder {
                    customer_id: h.try_get(1)?,
                    name: h.try_get(2)?,
                    status: h.try_get(3)?,
                });
            }
        }
        accounts.push(AccountView {
            iban: r.try_get("iban")?,
            name: r.try_get("name")?,
            status: r.try_get("status")?,
            holders,
            id,
        });
    }

    let cards = sqlx::query(
        "SELECT id, account_id, brand, last4, expiry, status FROM held_cards WHERE customer_id = $1 \
         ORDER BY created_at, id",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(CardView {
            id: r.try_get("id")?,
            account_id: r.try_get("account_id")?,
            brand: r.try_get("brand")?,
            last4: r.try_get("last4")?,
            expiry: r.try_get("expiry")?,
            status: r.try_get("status")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let my_cards = "SELECT id FROM held_cards WHERE customer_id = $1";
    let by_account = |table: &str, cols: &str| {
        format!("SELECT {cols} FROM {table} WHERE account_id IN ({my_accounts}) ORDER BY id")
    };
    let by_card = |table: &str, cols: &str| {
        format!("SELECT {cols} FROM {table} WHERE card_id IN ({my_cards}) ORDER BY id")
    };

    let standing_orders = fetch(state, by_account("standing_orders",
        "id, account_id, payee, payee_iban, amount, currency, frequency, next_on, reference, status"),
        customer_id, |r| Ok(StandingOrderView {
            id: r.try_get("id")?,
            account_id: r.try_get("account_id")?,
            payee: r.try_get("payee")?,
            payee_iban: r.try_get("payee_iban")?,
            amount: money(r, "amount", "currency")?,
            frequency: r.try_get("frequency")?,
            next_on: r.try_get("next_on")?,
            reference: r.try_get("reference")?,
            status: r.try_get("status")?,
        })).await?;
    let mandates = fetch(
        state,
        by_account(
            "mandates",
            "id, account_id, creditor, creditor_id, reference, status",
        ),
        customer_id,
        |r| {
            Ok(MandateView {
                id: r.try_get("id")?,
                account_id: r.try_get("account_id")?,
                creditor: r.try_get("creditor")?,
                creditor_id: r.try_get("creditor_id")?,
                reference: r.try_get("reference")?,
                status: r.try_get("status")?,
            })
        },
    )
    .await?;
    let recurring_payments = fetch(
        state,
        by_card(
            "recurring_payments",
            "id, card_id, merchant, amount, currency, frequency, status",
        ),
        customer_id,
        |r| {
            Ok(RecurringPaymentView {
                id: r.try_get("id")?,
                card_id: r.try_get("card_id")?,
                merchant: r.try_get("merchant")?,
                amount: money(r, "amount", "currency")?,
                frequency: r.try_get("frequency")?,
                status: r.try_get("status")?,
            })
        },
    )
    .await?;
    let alerts = fetch(
        state,
        by_card(
            "card_alerts",
            "id, card_id, kind, channel, threshold_amount, currency",
        ),
        customer_id,
        |r| {
            let amount: Option<String> = r.try_get("threshold_amount")?;
            let currency: Option<String> = r.try_get("currency")?;
            Ok(AlertView {
                id: r.try_get("id")?,
                card_id: r.try_get("card_id")?,
                kind: r.try_get("kind")?,
                channel: r.try_get("channel")?,
                threshold: amount
                    .zip(currency)
                    .map(|(amount, currency)| Money { amount, currency }),
            })
        },
    )
    .await?;
    let limits = fetch(
        state,
        by_card("card_limits", "id, card_id, kind, amount, currency"),
        customer_id,
        |r| {
            Ok(LimitView {
                id: r.try_get("id")?,
                card_id: r.try_get("card_id")?,
                kind: r.try_get("kind")?,
                amount: money(r, "amount", "currency")?,
            })
        },
    )
    .await?;
    let wallet_tokens = fetch(
        state,
        by_card("wallet_tokens", "id, card_id, wallet, device, status"),
        customer_id,
        |r| {
            Ok(WalletTokenView {
                id: r.try_get("id")?,
                card_id: r.try_get("card_id")?,
                wallet: r.try_get("wallet")?,
                device: r.try_get("device")?,
                status: r.try_get("status")?,
            })
        },
    )
    .await?;
    let contracts = fetch(state,
        "SELECT id, name, provider, account_id, status FROM contracts WHERE customer_id = $1 ORDER BY id".into(),
        customer_id, |r| Ok(ContractView {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            provider: r.try_get("provider")?,
            account_id: r.try_get("account_id")?,
            status: r.try_get("status")?,
        })).await?;
    let preferences = sqlx::query(
        "SELECT language, paperless, alert_channel FROM preferences WHERE customer_id = $1",
    )
    .bind(customer_id)
    .fetch_optional(pool)
    .await?
    .map(|r| -> Result<Preferences, sqlx::Error> {
        Ok(Preferences {
            language: r.try_get(0)?,
            paperless: r.try_get::<i64, _>(1)? == 1,
            alert_channel: r.try_get(2)?,
        })
    })
    .transpose()?
    .unwrap_or_else(|| Preferences {
        language: customer.language.clone(),
        paperless: false,
        alert_channel: "email".into(),
    });

    Ok(MeResponse {
        customer,
        accounts,
        cards,
        standing_orders,
        mandates,
        recurring_payments,
        alerts,
        limits,
        wallet_tokens,
        contracts,
        preferences,
        cases: crate::staff::cases::for_customer(state, customer_id).await?,
    })
}

async fn fetch<T>(
    state: &AppState,
    sql: String,
    customer_id: &str,
    map: impl Fn(&AnyRow) -> Result<T, sqlx::Error>,
) -> AppResult<Vec<T>> {
    // `sql` is only built from the literal table and column lists of this module.
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(customer_id)
        .fetch_all(&state.db.pool)
        .await?;
    Ok(rows.iter().map(map).collect::<Result<Vec<_>, _>>()?)
}
