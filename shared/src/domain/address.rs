//! Postal addresses validated per country: required fields, postal-code formats, normalised
//! spacing and case. Every error names its field and says what is expected.

use crate::api::Address;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// A valid, normalised postal address.
#[derive(Debug, Clone, PartialEq)]
pub struct PostalAddress(Address);

pub const COUNTRIES: [&str; 10] = ["DE", "AT", "CH", "FR", "NL", "BE", "IT", "ES", "GB", "US"];

const US_STATES: [&str; 51] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY",
];

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "hamburg" and "HAMBURG" become "Hamburg"; mixed case as typed ("McAllen", "van Dyke") stays.
fn normalise_case(s: &str) -> String {
    let has_lower = s.chars().any(char::is_lowercase);
    let has_upper = s.chars().any(char::is_uppercase);
    if has_lower && has_upper {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = c == ' ' || c == '-';
    }
    out
}

fn all_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// Normalises a postal code for `country`, or says what the format is.
pub fn normalise_postal_code(country: &str, input: &str) -> Result<String, String> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let digits = |n: usize, example: &str| {
        if all_digits(&compact, n) {
            Ok(compact.clone())
        } else {
            Err(format!(
                "A postal code in {country} has {n} digits, for example {example}."
            ))
        }
    };
    match country {
        "DE" => digits(5, "10115"),
        "FR" => digits(5, "75001"),
        "IT" => digits(5, "00184"),
        "AT" => digits(4, "1010"),
        "CH" => digits(4, "8001"),
        "BE" => digits(4, "1000"),
        "ES" => {
            let ok = all_digits(&compact, 5)
                && (1..=52).contains(&compact[..2].parse::<u8>().unwrap_or(0));
            if ok {
                Ok(compact)
            } else {
                Err("A postal code in ES has 5 digits starting 01 to 52, for example 28013.".into())
            }
        }
        "NL" => {
            // Byte slices below: only ASCII may reach them ("123ä5" is six bytes too).
            let ok = compact.len() == 6
                && compact.is_ascii()
                && all_digits(&compact[..4], 4)
                && !compact.starts_with('0')
                && compact[4..].bytes().all(|b| b.is_ascii_uppercase());
            if ok {
                Ok(format!("{} {}", &compact[..4], &compact[4..]))
            } else {
                Err("A postal code in NL has 4 digits and 2 letters, for example 1012 AB.".into())
            }
        }
        "GB" => {
            // Outward code (2–4 characters starting with a letter) + inward code (digit, 2 letters).
            let n = compact.len();
            let ok = (5..=7).contains(&n)
                && compact.bytes().all(|b| b.is_ascii_alphanumeric())
                && compact.as_bytes()[0].is_ascii_alphabetic()
                && compact.as_bytes()[n - 3].is_ascii_digit()
                && compact[n - 2..].bytes().all(|b| b.is_ascii_alphabetic())
                && compact[..n - 3].bytes().any(|b| b.is_ascii_digit());
            if ok {
                Ok(format!("{} {}", &compact[..n - 3], &compact[n - 3..]))
            } else {
                Err("A UK postcode looks like SW1A 1AA.".into())
            }
        }
        "US" => {
            let plain: String = compact.chars().filter(|c| *c != '-').collect();
            if all_digits(&plain, 5) {
                Ok(plain)
            } else if all_digits(&plain, 9) {
                Ok(format!("{}-{}", &plain[..5], &plain[5..]))
            } else {
                Err("A ZIP code has 5 digits or 5+4, for example 94103 or 94103-1234.".into())
            }
        }
        _ => Err("Choose a supported country first.".into()),
    }
}

impl PostalAddress {
    /// Checks every field and returns every problem at once, each naming its field.
    pub fn parse(input: &Address) -> Result<PostalAddress, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut err = |field: &str, message: String| {
            errors.push(FieldError {
                field: format!("address.{field}"),
                message,
            })
        };
        let country = input.country.trim().to_uppercase();
        if !COUNTRIES.contains(&country.as_str()) {
            err(
                "country",
                format!(
                    "Choose one of the countries we deliver to: {}.",
                    COUNTRIES.join(", ")
                ),
            );
        }
        let street = normalise_case(&collapse(&input.street));
        if street.chars().count() < 3 {
            err("street", "Enter the street and house number.".into());
        } else if street.chars().count() > 100 {
            err("street", "The street has at most 100 characters.".into());
        } else if country != "GB" && country != "US" && !street.chars().any(|c| c.is_ascii_digit())
        {
            err("street", "Add the house number to the street.".into());
        }
        let city = normalise_case(&collapse(&input.city));
        if city.is_empty() {
            err("city", "Enter the town or city.".into());
        } else if city.chars().count() > 80 || city.chars().any(|c| c.is_ascii_digit()) {
            err(
                "city",
                "Enter the town or city name without the postal code.".into(),
            );
        }
        let postal_code = if COUNTRIES.contains(&country.as_str()) {
            match normalise_postal_code(&country, &input.postal_code) {
                Ok(p) => p,
                Err(m) => {
                    err("postal_code", m);
                    String::new()
                }
            }
        } else {
            String::new()
        };
        let region = input
            .region
            .as_deref()
            .map(|r| r.trim().to_uppercase())
            .filter(|r| !r.is_empty());
        if country == "US" && !region.as_deref().is_some_and(|r| US_STATES.contains(&r)) {
            err(
                "region",
                "Enter the two-letter state code, for example CA.".into(),
            );
        }
        let extra = input
            .extra
            .as_deref()
            .map(collapse)
            .filter(|e| !e.is_empty());
        if errors.is_empty() {
            Ok(PostalAddress(Address {
                street,
                postal_code,
                city,
                country,
                extra,
                region,
            }))
        } else {
            Err(errors)
        }
    }

    pub fn as_address(&self) -> &Address {
        &self.0
    }

    pub fn into_address(self) -> Address {
        self.0
    }

    /// One line, for plans and letters.
    pub fn one_line(&self) -> String {
        one_line(&self.0)
    }
}

pub fn one_line(a: &Address) -> String {
    let mut s = a.street.clone();
    if let Some(extra) = &a.extra {
        s.push_str(", ");
        s.push_str(extra);
    }
    match &a.region {
        Some(r) => format!("{s}, {} {} {}, {}", a.city, r, a.postal_code, a.country),
        None => format!("{s}, {} {}, {}", a.postal_code, a.city, a.country),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(country: &str, postal_code: &str) -> Address {
        Address {
            street: "Main  Street 1".into(),
            postal_code: postal_code.into(),
            city: " Springfield ".into(),
            country: country.into(),
            extra: None,
            region: (country == "US").then(|| "ca".into()),
        }
    }

    #[test]
    fn valid_codes_per_country_are_normalised() {
        for (country, input, expected) in [
            ("DE", "10115", "10115"),
            ("AT", "1010", "1010"),
            ("CH", " 8001", "8001"),
            ("FR", "75 001", "75001"),
            ("NL", "1012ab", "1012 AB"),
            ("BE", "1000", "1000"),
            ("IT", "00184", "00184"),
            ("ES", "28013", "28013"),
            ("GB", "sw1a1aa", "SW1A 1AA"),
            ("GB", "M1 1AE", "M1 1AE"),
            ("US", "94103", "94103"),
            ("US", "941031234", "94103-1234"),
        ] {
            let a = PostalAddress::parse(&addr(country, input))
                .unwrap_or_else(|e| panic!("{country} {input}: {e:?}"));
            assert_eq!(a.as_address().postal_code, expected, "{country}");
            assert_eq!(a.as_address().street, "Main Street 1");
            assert_eq!(a.as_address().city, "Springfield");
        }
    }

    #[test]
    fn invalid_codes_per_country_name_the_field() {
        for (country, input) in [
            ("DE", "1011"),
            ("DE", "101155"),
            ("AT", "10100"),
            ("CH", "80a1"),
            ("FR", "7500"),
            ("NL", "0123 AB"),
            ("NL", "1012 A1"),
            ("BE", "100"),
            ("IT", "0018"),
            ("ES", "99001"),
            ("GB", "12345"),
            ("GB", "SW1A"),
            ("US", "9410"),
            ("US", "94103-12"),
        ] {
            let errors = PostalAddress::parse(&addr(country, input)).unwrap_err();
            assert_eq!(errors.len(), 1, "{country} {input}: {errors:?}");
            assert_eq!(errors[0].field, "address.postal_code");
            assert!(
                errors[0].message.contains("for example")
                    || errors[0].message.contains("looks like"),
                "{country}"
            );
        }
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let errors = PostalAddress::parse(&Address {
            street: "".into(),
            postal_code: "x".into(),
            city: "".into(),
            country: "XX".into(),
            extra: None,
            region: None,
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["address.country", "address.street", "address.city"]
        );
    }

    #[test]
    fn us_needs_a_state_and_house_numbers_are_required_in_europe() {
        let mut a = addr("US", "94103");
        a.region = Some("XX".into());
        assert_eq!(
            PostalAddress::parse(&a).unwrap_err()[0].field,
            "address.region"
        );
        let mut a = addr("DE", "10115");
        a.street = "Musterstraße".into();
        assert_eq!(
            PostalAddress::parse(&a).unwrap_err()[0].field,
            "address.street"
        );
    }

    #[test]
    fn case_is_normalised_only_when_typed_in_one_case() {
        let mut a = addr("DE", "20095");
        a.city = "BAD  HOMBURG".into();
        a.street = "neue straße 5".into();
        let p = PostalAddress::parse(&a).unwrap();
        assert_eq!(
            (p.as_address().city.as_str(), p.as_address().street.as_str()),
            ("Bad Homburg", "Neue Straße 5")
        );
        a.city = "McAllen".into();
        assert_eq!(
            PostalAddress::parse(&a).unwrap().as_address().city,
            "McAllen"
        );
    }

    #[test]
    fn one_line_formats() {
        let a = PostalAddress::parse(&addr("DE", "10115")).unwrap();
        assert_eq!(a.one_line(), "Main Street 1, 10115 Springfield, DE");
    }
}
