//! Keyed hashes: values we must recognise but never keep (card numbers, session tokens,
//! login names in the rate limiter) are stored as HMAC-SHA256 under the server secret.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::config::Secret;

/// `purpose` separates the uses so a hash from one table means nothing in another.
pub fn keyed_hash(secret: &Secret, purpose: &str, value: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.expose()).expect("HMAC takes any key length");
    mac.update(purpose.as_bytes());
    mac.update(&[0]);
    mac.update(value.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// 256 random bits, hex-encoded: session tokens, CSRF tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The keyed hash of a card number, from its digits only (spaces and dashes are typing).
pub fn pan_hash(secret: &Secret, pan: &str) -> String {
    let digits: String = pan.chars().filter(char::is_ascii_digit).collect();
    keyed_hash(secret, "pan", &digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_and_keys_separate_hashes() {
        let a = Secret::new(b"a".repeat(32));
        let b = Secret::new(b"b".repeat(32));
        assert_ne!(keyed_hash(&a, "x", "v"), keyed_hash(&a, "y", "v"));
        assert_ne!(keyed_hash(&a, "x", "v"), keyed_hash(&b, "x", "v"));
        assert_eq!(
            pan_hash(&a, "4242 4242-4242 4242"),
            pan_hash(&a, "4242424242424242")
        );
        assert!(!pan_hash(&a, "4242424242424242").contains("4242"));
    }
}
