use super::ParseError;
use super::luhn::{luhn_check_digit, luhn_valid};
use serde::{Deserialize, Serialize};

/// The one number a customer carries: nine digits and a Luhn check digit.
///
/// Accepted with any spacing ("1000 0001 7"), always stored and sent compact,
/// shown in groups of four ("1000 0000 17" style via [`CustomerNumber::display`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CustomerNumber(String);

impl CustomerNumber {
    pub const LEN: usize = 10;

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if compact.len() != Self::LEN || !compact.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseError::new("A customer number has 10 digits."));
        }
        if !luhn_valid(&compact) {
            return Err(ParseError::new(
                "This customer number has a typo: its check digit does not match.",
            ));
        }
        Ok(CustomerNumber(compact))
    }

    /// Builds the number for a nine-digit sequence, appending its check digit.
    pub fn from_sequence(seq: u32) -> Self {
        let payload = format!("{:09}", seq % 1_000_000_000);
        let check = luhn_check_digit(&payload);
        CustomerNumber(format!("{payload}{check}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Grouped for reading aloud on the phone: `1000 0000 18`.
    pub fn display(&self) -> String {
        format!("{} {} {}", &self.0[0..4], &self.0[4..8], &self.0[8..])
    }
}

impl TryFrom<String> for CustomerNumber {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CustomerNumber::parse(&value)
    }
}

impl From<CustomerNumber> for String {
    fn from(value: CustomerNumber) -> Self {
        value.0
    }
}

impl std::fmt::Display for CustomerNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_parse_back_with_any_spacing() {
        for seq in [1, 42, 100_000_001, 999_999_999] {
            let n = CustomerNumber::from_sequence(seq);
            assert_eq!(CustomerNumber::parse(&n.display()).unwrap(), n);
            assert_eq!(CustomerNumber::parse(n.as_str()).unwrap(), n);
        }
    }

    #[test]
    fn a_single_typo_is_caught() {
        let n = CustomerNumber::from_sequence(100_000_001);
        let mut wrong = n.as_str().as_bytes().to_vec();
        wrong[3] = if wrong[3] == b'9' { b'0' } else { wrong[3] + 1 };
        let wrong = String::from_utf8(wrong).unwrap();
        assert!(CustomerNumber::parse(&wrong).is_err());
    }

    #[test]
    fn wrong_length_and_letters_are_refused() {
        assert!(CustomerNumber::parse("12345").is_err());
        assert!(CustomerNumber::parse("12345abcde").is_err());
    }
}
