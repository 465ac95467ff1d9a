use super::ParseError;
use super::luhn::luhn_valid;

/// A full card number as typed. It exists only in the request: never stored, logged or sent on.
/// `Debug` and `Display` show only the last four digits.
#[derive(Clone, PartialEq, Eq)]
pub struct CardNumber(String);

impl CardNumber {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if digits.is_empty() {
            return Err(ParseError::new(
                "Enter the number printed on your new card.",
            ));
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseError::new("A card number has only digits."));
        }
        if !(12..=19).contains(&digits.len()) {
            return Err(ParseError::new(
                "A card number has 12 to 19 digits; please check it.",
            ));
        }
        if !luhn_valid(&digits) {
            return Err(ParseError::new(
                "This card number has a typo: please check the digits.",
            ));
        }
        Ok(CardNumber(digits))
    }

    /// The digits, for hashing. Do not keep the result.
    pub fn digits(&self) -> &str {
        &self.0
    }

    pub fn last4(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }
}

impl std::fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CardNumber(•••• {})", self.last4())
    }
}

impl std::fmt::Display for CardNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "•••• {}", self.last4())
    }
}

/// A card's expiry, `MM/YY`. Whether it lies in the past is the server's question (it has the clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expiry {
    pub year: u16,
    pub month: u8,
}

impl Expiry {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let bad = || ParseError::new("Enter the expiry as MM/YY, for example 12/29.");
        let (m, y) = s.split_once('/').ok_or_else(bad)?;
        if m.is_empty() || m.len() > 2 || y.len() != 2 {
            return Err(bad());
        }
        let month: u8 = m.parse().map_err(|_| bad())?;
        let year: u16 = y.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(ParseError::new(
                "The month of the expiry is between 01 and 12.",
            ));
        }
        Ok(Expiry {
            year: 2000 + year,
            month,
        })
    }

    pub fn display(&self) -> String {
        format!("{:02}/{:02}", self.month, self.year % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers() {
        let n = CardNumber::parse("4242 4242 4242 4242").unwrap();
        assert_eq!(n.last4(), "4242");
        assert_eq!(format!("{n:?}"), "CardNumber(•••• 4242)");
        assert!(!format!("{n:?} {n}").contains("42424242"));
        assert!(CardNumber::parse("4242 4242 4242 4241").is_err());
        assert!(CardNumber::parse("4242").is_err());
        assert!(CardNumber::parse("4242-4242-4242-424x").is_err());
        assert!(CardNumber::parse("").is_err());
    }

    #[test]
    fn expiries() {
        assert_eq!(
            Expiry::parse("12/29").unwrap(),
            Expiry {
                year: 2029,
                month: 12
            }
        );
        assert_eq!(Expiry::parse(" 3/28").unwrap().display(), "03/28");
        for bad in ["13/29", "00/29", "1229", "12/2029", "ab/cd", ""] {
            assert!(Expiry::parse(bad).is_err(), "{bad}");
        }
    }
}
