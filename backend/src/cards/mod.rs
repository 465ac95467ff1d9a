//! `POST /api/cards/{id}/block`: a lost or stolen card is blocked at once (its own transaction)
//! and a replacement is ordered to the current address.

use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use rand::Rng;
use serde_json::json;
use shared::api::{BlockCardRequest, BlockCardResponse, CardView};
use shared::domain::luhn_check_digit;

use crate::AppState;
use crate::auth::CustomerAuth;
use crate::clock::db_time;
use crate::crypto::pan_hash;
use crate::db::rows::{self, Val};
use crate::db::{Tx, new_id};
use crate::error::{AppError, AppResult, JsonBody};
use crate::migration::card::{PlanError, plan_block};
use crate::migration::record::{self, NewChange};
use crate::migration::{Action, CARD_KINDS, invariants, snapshot};
use crate::outbox::{self, Message};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/cards/{id}/block", post(block))
}

/// Block a card now and order its replacement.
#[utoipa::path(post, path = "/api/cards/{id}/block", tag = "cards", request_body = BlockCardRequest,
    params(("id" = String, Path)),
    responses(
        (status = 200, body = BlockCardResponse),
        (status = 404, description = "Not one of your cards", body = shared::ApiError),
        (status = 409, description = "Already blocked or replaced", body = shared::ApiError),
        (status = 422, body = shared::ApiError),
    ))]
pub async fn block(
    State(state): State<AppState>,
    auth: CustomerAuth,
    Path(card_id): Path<String>,
    JsonBody(req): JsonBody<BlockCardRequest>,
) -> AppResult<Json<BlockCardResponse>> {
    if !matches!(req.reason.as_str(), "lost" | "stolen" | "damaged") {
        return Err(AppError::invalid(
            "reason",
            "Say whether the card was lost, stolen or damaged.",
        ));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE customers SET version = version + 1 WHERE id = $1")
        .bind(&auth.customer_id)
        .execute(&mut *tx)
        .await?;
    let before = snapshot::load(&mut tx, &auth.customer_id).await?;
    let plan = plan_block(&before, &card_id).map_err(|e| match e {
        PlanError::UnknownCard => AppError::NotFound,
        _ => AppError::Conflict("This card is already blocked or replaced.".into()),
    })?;
    let card = before.card(&card_id).expect("planned card exists").clone();

    sqlx::query("UPDATE cards SET status = 'blocked', block_reason = $1, version = version + 1 WHERE id = $2")
        .bind(&req.reason)
        .bind(&card.id)
        .execute(&mut *tx)
        .await?;
    for kind in CARD_KINDS {
        if let Some(sql) = kind.wait_sql {
            sqlx::query(sql).bind(&card.id).execute(&mut *tx).await?;
        }
    }
    let (replacement_id, replacement_last4, expiry) =
        order_replacement(&state, &mut tx, &auth.customer_id, &card, now).await?;

    let actor = auth.actor(&mut tx).await?;
    // What the customer notices: payments that wait. (Wallet tokens pause too, silently.)
    let waiting = plan
        .steps
        .iter()
        .filter(|s| s.dependent_kind == "recurring_payment" && s.action == Action::Notify)
        .count();
    let recorded = record::record(
        &mut tx,
        NewChange {
            customer_id: &auth.customer_id,
            actor: &actor,
            plan: &plan,
            status: "completed",
            request: None,
            summary: format!(
                "Card {} blocked ({}); replacement •••• {replacement_last4} ordered; {waiting} payments wait for it",
                card.display(),
                req.reason
            ),
            event: "card_blocked",
            params: json!({
                "card": card.display(),
                "reason": req.reason,
                "replacement": replacement_last4,
                "waiting": waiting,
            }),
            confirmation: None,
            at: now,
        },
    )
    .await?;
    let change_id = recorded.change_id;
    outbox::enqueue(&mut tx, Message {
        customer_id: &auth.customer_id,
        topic: "letter",
        dedupe_key: format!("change:{change_id}:replacement_card"),
        payload: json!({"template": "replacement_card", "change_id": change_id, "last4": replacement_last4}),
        at: now,
    })
    .await?;
    let after = snapshot::load(&mut tx, &auth.customer_id).await?;
    invariants::check(&before, &after, &plan)
        .map_err(|v| AppError::Internal(anyhow::anyhow!("invariant violated, rolled back: {v}")))?;
    tx.commit().await?;

    let view = |id: &str, last4: &str, expiry: &str, status: &str| CardView {
        id: id.into(),
        account_id: card.account_id.clone(),
        brand: card.brand.clone(),
        last4: last4.into(),
        expiry: expiry.into(),
        status: status.into(),
    };
    Ok(Json(BlockCardResponse {
        card: view(&card.id, &card.last4, &card.expiry, "blocked"),
        replacement: view(&replacement_id, &replacement_last4, &expiry, "issued"),
        waiting,
    }))
}

/// Issues the replacement: a new number (kept only as a keyed hash and its last four digits).
/// Also the card a holder change orders for who stays when the leaving holder's card closes.
pub(crate) async fn order_replacement(
    state: &AppState,
    tx: &mut Tx,
    customer_id: &str,
    old: &snapshot::CardSnap,
    now: time::OffsetDateTime,
) -> AppResult<(String, String, String)> {
    let (card, row) = replacement(state, customer_id, old, "issued", now);
    rows::insert(tx, "cards", &CARD_COLUMNS, vec![row]).await?;
    Ok((card.id, card.last4, card.expiry))
}

/// A card's row, in the order [`replacement`] gives its values.
pub(crate) const CARD_COLUMNS: [&str; 13] = [
    "id",
    "account_id",
    "customer_id",
    "pan_hash",
    "last4",
    "brand",
    "expiry",
    "status",
    "replaces_card_id",
    "block_reason",
    "delivery_status",
    "version",
    "created_at",
];

/// The replacement of `old`, made, not yet written: the card as a snapshot sees it (in
/// `status`) and its row (`CARD_COLUMNS`). A bulk reissue writes many at once.
pub(crate) fn replacement(
    state: &AppState,
    customer_id: &str,
    old: &snapshot::CardSnap,
    status: &str,
    now: time::OffsetDateTime,
) -> (snapshot::CardSnap, Vec<Val>) {
    let prefix = if old.brand == "Mastercard" { "51" } else { "4" };
    let pan = {
        let mut rng = rand::thread_rng();
        let mut payload = prefix.to_string();
        while payload.len() < 15 {
            payload.push(char::from(b'0' + rng.gen_range(0..10u8)));
        }
        let check = luhn_check_digit(&payload);
        format!("{payload}{check}")
    };
    let card = snapshot::CardSnap {
        id: new_id(),
        account_id: old.account_id.clone(),
        brand: old.brand.clone(),
        last4: pan[pan.len() - 4..].to_string(),
        expiry: format!("{:02}/{:02}", u8::from(now.month()), (now.year() + 4) % 100),
        status: status.into(),
        replaces_card_id: Some(old.id.clone()),
        version: 1,
    };
    let row = vec![
        Val::from(card.id.as_str()),
        card.account_id.as_str().into(),
        customer_id.into(),
        pan_hash(&state.config.secret, &pan).into(),
        card.last4.as_str().into(),
        card.brand.as_str().into(),
        card.expiry.as_str().into(),
        status.into(),
        card.replaces_card_id.clone().into(),
        Val::MaybeText(None),
        "ordered".into(),
        1.into(),
        db_time(now).into(),
    ];
    (card, row)
}
