//! Wallet tokens (Apple Pay, Google Pay): re-pointed to the new card so the phone keeps paying.

use super::CardBound;

pub static KIND: CardBound = CardBound {
    name: "wallet_token",
    select: "SELECT 'wallet_token' AS dep_kind, id, card_id AS parent, status, version, \
             wallet || ' (' || device || ')' AS label, wallet AS sort \
             FROM wallet_tokens WHERE card_id IN (SELECT id FROM held_cards WHERE customer_id = c.id)",
    move_sql: "UPDATE wallet_tokens SET card_id = $1, status = 'active', version = version + 1 \
               WHERE card_id = $2 AND status <> 'deleted'",
    // A lost or stolen card's tokens must not pay; they are reactivated on the replacement.
    wait_sql: Some(
        "UPDATE wallet_tokens SET status = 'suspended', version = version + 1 \
         WHERE card_id = $1 AND status = 'active'",
    ),
    cancel_sql: Some(
        "UPDATE wallet_tokens SET status = 'deleted', version = version + 1 WHERE id = $1",
    ),
    table: "wallet_tokens",
    live: "status <> 'deleted'",
};
