//! What staff search can find a customer by, kept in `search_terms`.

use crate::db::Tx;

/// Folds a name for search: lower case, accents dropped, German transliterations merged, so
/// "Müller", "Muller" and "Mueller" are one term.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        match c {
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => out.push('a'),
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => out.push('o'),
            'ü' | 'ù' | 'ú' | 'û' => out.push('u'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out.replace("ae", "a").replace("oe", "o").replace("ue", "u")
}

/// Name tokens: "Max Mustermann-Meier" → ["max", "mustermann", "meier"].
pub fn name_terms(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Digits of a phone number, reversed, without a leading country code or trunk zero mattering:
/// a query matches on the last digits.
pub fn phone_reversed(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).rev().collect()
}

/// Replaces a customer's search terms (after sign-up, or a name, phone or email change).
pub async fn index(
    tx: &mut Tx,
    customer_id: &str,
    name: &str,
    phone: &str,
    email: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM search_terms WHERE customer_id = $1")
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    let mut terms: Vec<(String, &str)> =
        name_terms(name).into_iter().map(|t| (t, "name")).collect();
    // A customer who registered through an invitation has no phone yet: no empty term.
    let phone = phone_reversed(phone);
    if !phone.is_empty() {
        terms.push((phone, "phone"));
    }
    terms.push((email.to_lowercase(), "email"));
    terms.sort();
    terms.dedup();
    for (term, kind) in terms {
        sqlx::query("INSERT INTO search_terms (term, customer_id, kind) VALUES ($1, $2, $3)")
            .bind(term)
            .bind(customer_id)
            .bind(kind)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn muller_mueller_and_mueller_with_umlaut_fold_alike() {
        assert_eq!(fold("Müller"), "muller");
        assert_eq!(fold("Mueller"), "muller");
        assert_eq!(fold("MULLER"), "muller");
        assert_eq!(
            name_terms("Max Mustermann-Meier"),
            ["max", "mustermann", "meier"]
        );
        assert_eq!(fold("Strauß"), "strauss");
    }

    #[test]
    fn phones_match_from_the_end() {
        assert!(
            phone_reversed("+49 170 5550101").starts_with(&phone_reversed("0170/555 0101")[..8])
        );
    }
}
