use super::{CustomerNumber, Email, ParseError};

/// What a person types into the login field: an email or a customer number, never a card number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginId {
    Email(Email),
    CustomerNumber(CustomerNumber),
}

impl LoginId {
    /// One spelling per login, for counting attempts: `email:<address as parsed>` or
    /// `number:<the ten digits>`.
    pub fn normalised(&self) -> String {
        match self {
            LoginId::Email(e) => format!("email:{}", e.as_str()),
            LoginId::CustomerNumber(n) => format!("number:{}", n.as_str()),
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ParseError::new(
                "Enter your email address or customer number.",
            ));
        }
        if trimmed.contains('@') {
            return Email::parse(trimmed).map(LoginId::Email);
        }
        let digits = trimmed.chars().filter(char::is_ascii_digit).count();
        if digits > CustomerNumber::LEN {
            // Long digit strings are card numbers; say why they do not work instead of "wrong password".
            return Err(ParseError::new(
                "Sign in with your email address or customer number, not a card number.",
            ));
        }
        CustomerNumber::parse(trimmed).map(LoginId::CustomerNumber)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_or_number() {
        assert!(matches!(
            LoginId::parse("max@example.com"),
            Ok(LoginId::Email(_))
        ));
        let n = CustomerNumber::from_sequence(7);
        assert!(matches!(
            LoginId::parse(&n.display()),
            Ok(LoginId::CustomerNumber(_))
        ));
    }

    #[test]
    fn card_numbers_are_refused_with_a_reason() {
        let err = LoginId::parse("4000 0566 5566 5556").unwrap_err();
        assert!(err.message.contains("card number"));
    }
}
