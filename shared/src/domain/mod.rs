//! Domain values that can only exist valid.

pub mod address;
mod card;
mod customer_number;
mod email;
mod login;
mod luhn;
pub mod text;

pub use address::{FieldError, PostalAddress};
pub use card::{CardNumber, Expiry};
pub use customer_number::CustomerNumber;
pub use email::Email;
pub use login::LoginId;
pub use luhn::{luhn_check_digit, luhn_valid};

/// Why a value was refused. `field` is filled in by the caller that knows the input's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ParseError {
            message: message.into(),
        }
    }
}

/// Formats an IBAN in groups of four for people to read.
pub fn format_iban(iban: &str) -> String {
    let compact: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn iban_is_grouped_by_four() {
        assert_eq!(
            super::format_iban("DE89370400440532013000"),
            "DE89 3704 0044 0532 0130 00"
        );
    }
}
