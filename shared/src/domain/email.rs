use super::ParseError;
use serde::{Deserialize, Serialize};

/// An email address, trimmed and lower-cased so that logins compare equal.
///
/// Deliberately light: one `@`, a non-empty local part, a domain with a dot.
/// Whether the mailbox exists only a sent message can tell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim().to_lowercase();
        let Some((local, domain)) = s.split_once('@') else {
            return Err(ParseError::new("An email address contains an @."));
        };
        let ok = !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && s.len() <= 254
            && !s.chars().any(char::is_whitespace);
        if ok {
            Ok(Email(s))
        } else {
            Err(ParseError::new(
                "Enter an email address like name@example.com.",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Email::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_space() {
        assert_eq!(
            Email::parse("  Max@Example.COM ").unwrap().as_str(),
            "max@example.com"
        );
    }

    #[test]
    fn refuses_malformed() {
        for bad in [
            "",
            "max",
            "max@",
            "@example.com",
            "max@example",
            "a b@example.com",
            "a@b@c.de",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
