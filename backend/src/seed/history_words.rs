//! The words of the generated past (`seed --history-days`): each timeline entry's English summary
//! with its event code and parameters, worded like the live code words them, so the timeline shows
//! generated rows in the reader's language too.

use rand::Rng;
use rand::rngs::StdRng;

/// A timeline entry's English summary and its event (code and parameters), worded as the live
/// code words them, so that the timeline shows generated rows in the reader's language too.
pub struct Said {
    pub summary: String,
    pub data: serde_json::Value,
}

pub fn said(code: &str, summary: String, params: serde_json::Value) -> Said {
    Said {
        summary,
        data: crate::timeline::event(serde_json::Value::Null, code, params),
    }
}

pub fn change_said(kind: &str, rng: &mut StdRng, staff_name: &str) -> Said {
    use serde_json::json;
    let moved = rng.gen_range(2..9);
    match kind {
        "card_activation" => {
            let card = format!("Visa •••• {:04} (12/29)", rng.gen_range(0..10_000));
            said(
                "card_activated",
                format!("New card {card} activated; {moved} items carried over"),
                json!({"card": card, "moved": moved}),
            )
        }
        "address" => said(
            "address_changed",
            format!("Address changed; {moved} items follow the new address"),
            json!({"moved": moved}),
        ),
        "holder" => said(
            "holder_change_approved",
            format!("Account-holder change approved by {staff_name}: Document checked"),
            json!({"staff": staff_name, "reason": "Document checked"}),
        ),
        _ => {
            let card = format!("Visa •••• {:04} (08/27)", rng.gen_range(0..10_000));
            let replacement = format!("{:04}", rng.gen_range(0..10_000));
            let waiting = moved / 2;
            said(
                "card_blocked",
                format!(
                    "Card {card} blocked (lost); replacement •••• {replacement} ordered; {waiting} payments wait for it"
                ),
                json!({"card": card, "reason": "lost", "replacement": replacement, "waiting": waiting}),
            )
        }
    }
}
