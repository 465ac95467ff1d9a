//! The preview token: binds a plan to the customer, the requested change (never a card number:
//! the resolved card id) and the fingerprint of the state it was computed from. Signed with the
//! server secret, so a client can neither forge nor alter it.

use serde::{Deserialize, Serialize};

use crate::config::Secret;
use crate::crypto::keyed_hash;

/// How long a preview may be committed.
pub const MAX_AGE_SECS: i64 = 15 * 60;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Resolved {
    CardActivation { card_id: String },
    Address(super::address::AddressRequest),
    Holder(super::holder::HolderRequest),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub customer_id: String,
    pub change: Resolved,
    pub fingerprint: String,
    pub issued_at: i64,
}

pub fn sign(secret: &Secret, claims: &Claims) -> String {
    let body = hex::encode(serde_json::to_vec(claims).expect("claims serialise"));
    let mac = keyed_hash(secret, "preview", &body);
    format!("{body}.{mac}")
}

#[derive(Debug, PartialEq)]
pub enum TokenError {
    Malformed,
    Expired,
}

pub fn verify(secret: &Secret, token: &str, now_unix: i64) -> Result<Claims, TokenError> {
    let (body, mac) = token.split_once('.').ok_or(TokenError::Malformed)?;
    // Compare the MACs as hashes of themselves: equal length and no early exit on a prefix.
    let expected = keyed_hash(secret, "preview", body);
    if keyed_hash(secret, "cmp", &expected) != keyed_hash(secret, "cmp", mac) {
        return Err(TokenError::Malformed);
    }
    let bytes = hex::decode(body).map_err(|_| TokenError::Malformed)?;
    let claims: Claims = serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)?;
    if now_unix - claims.issued_at > MAX_AGE_SECS {
        return Err(TokenError::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            customer_id: "c1".into(),
            change: Resolved::CardActivation {
                card_id: "k1".into(),
            },
            fingerprint: "f".into(),
            issued_at: 1000,
        }
    }

    #[test]
    fn round_trip_and_tamper() {
        let s = Secret::new(b"k".repeat(32));
        let t = sign(&s, &claims());
        assert_eq!(verify(&s, &t, 1001), Ok(claims()));
        assert_eq!(
            verify(&s, &t, 1000 + MAX_AGE_SECS + 1),
            Err(TokenError::Expired)
        );
        let mut forged = claims();
        forged.customer_id = "c2".into();
        let forged_body = sign(&s, &forged);
        let tampered = format!(
            "{}.{}",
            forged_body.split_once('.').unwrap().0,
            t.split_once('.').unwrap().1
        );
        assert_eq!(verify(&s, &tampered, 1001), Err(TokenError::Malformed));
        assert_eq!(
            verify(&Secret::new(b"x".repeat(32)), &t, 1001),
            Err(TokenError::Malformed)
        );
        assert_eq!(verify(&s, "garbage", 1001), Err(TokenError::Malformed));
    }
}
