/// The Luhn (mod 10) check used by card numbers and by carryover's customer numbers.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    luhn_sum(digits, false).is_multiple_of(10)
}

/// The digit that makes `payload` followed by it pass the Luhn check.
pub fn luhn_check_digit(payload: &str) -> u8 {
    ((10 - luhn_sum(payload, true) % 10) % 10) as u8
}

fn luhn_sum(digits: &str, double_first_from_right: bool) -> u32 {
    digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            let double = (i % 2 == 0) == double_first_from_right;
            if double {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_card_numbers() {
        assert!(luhn_valid("4242424242424242"));
        assert!(luhn_valid("4000056655665556"));
        assert!(!luhn_valid("4242424242424241"));
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("42a2"));
    }

    #[test]
    fn check_digit_completes_a_valid_number() {
        for payload in ["424242424242424", "400005665566555", "100000001", "7"] {
            let full = format!("{payload}{}", luhn_check_digit(payload));
            assert!(luhn_valid(&full), "{full}");
        }
    }
}
