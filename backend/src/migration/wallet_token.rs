//! Wallet tokens (Apple Pay, Google Pay): re-pointed to the new card so the phone keeps paying.

use super::CardBound;

pub static KIND: CardBound = CardBound {
    name: "wallet_token",
    select: "SELECT 'wallet_token' AS dep_kind, w.id, w.card_id AS parent, w.status, w.version, \
             w.wallet || ' (' || w.device || ')' AS label, w.wallet AS sort \
             FROM held_cards h JOIN wallet_tokens w ON w.card_id = h.id WHERE h.customer_id = c.id",
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
