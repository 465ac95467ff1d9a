//! `carryover seed --customers N`: realistic bulk data for benchmarks and the search measurement.
//! Deterministic (seeded), batched, with progress. Bulk customers share one password hash (of a
//! random password nobody knows): hashing 100,000 passwords would measure argon2, not carryover.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use shared::domain::{CustomerNumber, luhn_check_digit};

use super::rows::{V, insert_many};
use crate::auth::password::hash_password;
use crate::cards::CARD_COLUMNS;
use crate::clock::db_time;
use crate::config::Secret;
use crate::crypto::{pan_hash, random_token};
use crate::db::Db;
use crate::search_terms::{fold, name_terms, phone_reversed};

const FIRST: &[&str] = &[
    "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannah", "Jonas", "Jürgen",
    "Karin", "Lukas", "Marie", "Noah", "Olga", "Paul", "Renée", "Sophie", "Tim", "Zoë", "Björn",
    "Chloé", "Émile", "Søren",
];
const LAST: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Dubois",
    "García",
    "Rossi",
    "Jansen",
    "Novák",
    "Yılmaz",
    "O'Brien",
    "Nowak",
    "Peeters",
    "Lindqvist",
];
const CITIES: &[(&str, &str)] = &[
    ("Berlin", "10"),
    ("Hamburg", "20"),
    ("München", "80"),
    ("Köln", "50"),
    ("Frankfurt am Main", "60"),
    ("Stuttgart", "70"),
    ("Düsseldorf", "40"),
    ("Leipzig", "04"),
    ("Dortmund", "44"),
    ("Bremen", "28"),
];
const STREETS: &[&str] = &[
    "Hauptstraße",
    "Schulstraße",
    "Gartenweg",
    "Bahnhofstraße",
    "Lindenallee",
    "Bergstraße",
];

/// A valid German IBAN for a bank code and account number (ISO 13616 mod-97 check digits).
pub fn german_iban(blz: u32, account: u64) -> String {
    let bban = format!("{blz:08}{account:010}");
    // "DE00" moved to the end, letters as numbers: D=13, E=14.
    let numeric = format!("{bban}131400");
    let rem = numeric
        .bytes()
        .fold(0u64, |acc, b| (acc * 10 + u64::from(b - b'0')) % 97);
    format!("DE{:02}{bban}", 98 - rem)
}

/// A random 16-digit card number (Luhn-valid) starting with `brand` (`4` Visa, `5` Mastercard).
pub(crate) fn pan(rng: &mut impl Rng, brand: &str) -> String {
    let mut p = brand.to_string();
    while p.len() < 15 {
        p.push(char::from(b'0' + rng.gen_range(0..10u8)));
    }
    let c = luhn_check_digit(&p);
    format!("{p}{c}")
}

/// Adds `n` customers after the ones already there, in batches of 1,000, printing progress.
pub async fn seed(
    db: &Db,
    secret: &Secret,
    n: u32,
    now: time::OffsetDateTime,
) -> anyhow::Result<()> {
    use sqlx::Row;
    let existing: i64 = sqlx::query("SELECT COUNT(*) FROM customers")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    let hash = hash_password(&random_token())?;
    let at = db_time(now);
    // Repeatable for the same database and count, and never the same stream twice in one
    // database (the number of customers only grows): `n ^ existing` repeated (1 after 0, then
    // 5,000 after 5,001 both give 1) and the second run's card numbers collided with the first's.
    let mut rng = StdRng::seed_from_u64((u64::from(n) << 32) | (existing as u64 & 0xffff_ffff));
    let started = std::time::Instant::now();
    let batch = 1_000;
    let mut done = 0;
    while done < n {
        let size = batch.min(n - done);
        let mut t: std::collections::BTreeMap<&str, Vec<Vec<V>>> = Default::default();
        for i in 0..size {
            let seq = 200_000_000 + existing as u32 + done + i;
            let id = format!("bulk-{seq}");
            let first = FIRST[rng.gen_range(0..FIRST.len())];
            let last = LAST[rng.gen_range(0..LAST.len())];
            let name = format!("{first} {last}");
            // Mail addresses stay ASCII, as most real ones do ("yılmaz" → "ylmaz").
            let ascii = |s: &str| {
                fold(s)
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
            };
            let email = format!("{}.{}.{seq}@example.net", ascii(first), ascii(last));
            let phone = format!(
                "+49 1{} {}",
                rng.gen_range(50..80),
                rng.gen_range(1_000_000..9_999_999)
            );
            let (city, plz) = CITIES[rng.gen_range(0..CITIES.len())];
            let street = format!(
                "{} {}",
                STREETS[rng.gen_range(0..STREETS.len())],
                rng.gen_range(1..200)
            );
            let postal = format!("{plz}{:03}", rng.gen_range(0..1000));
            t.entry("customers").or_default().push(vec![
                V::from(id.as_str()),
                V::from(CustomerNumber::from_sequence(seq).as_str()),
                V::from(name.as_str()),
                V::from(fold(&name)),
                V::from(email.as_str()),
                V::from(phone.as_str()),
                V::from(
                    phone
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>(),
                ),
                V::from("de"),
                V::from("active"),
                V::Int(1),
                V::from(at.as_str()),
            ]);
            t.entry("credentials").or_default().push(vec![
                V::from(id.as_str()),
                V::from(hash.as_str()),
                V::Int(1),
                V::from(at.as_str()),
            ]);
            t.entry("addresses").or_default().push(vec![
                V::from(format!("{id}-a")),
                V::from(id.as_str()),
                V::from(street.as_str()),
                V::from(postal.as_str()),
                V::from(city),
                V::from("DE"),
                V::from("2020-01-01"),
                V::from(at.as_str()),
            ]);
            let acc = format!("{id}-acc");
            t.entry("accounts").or_default().push(vec![
                V::from(acc.as_str()),
                V::from(german_iban(37_040_044, u64::from(seq))),
                V::from("Girokonto"),
                V::from(name.as_str()),
                V::from("EUR"),
                V::from("active"),
                V::Int(1),
                V::from(at.as_str()),
            ]);
            t.entry("account_holders").or_default().push(vec![
                V::from(acc.as_str()),
                V::from(id.as_str()),
                V::from("primary"),
                V::from("active"),
                V::from("2020-01-01"),
            ]);
            let p = pan(&mut rng, "4");
            let card = format!("{id}-card");
            t.entry("cards").or_default().push(vec![
                V::from(card.as_str()),
                V::from(acc.as_str()),
                V::from(id.as_str()),
                V::from(pan_hash(secret, &p)),
                V::from(&p[12..]),
                V::from("Visa"),
                V::from("09/29"),
                V::from("active"),
                V::MaybeText(None),
                V::MaybeText(None),
                V::from("delivered"),
                V::Int(1),
                V::from(at.as_str()),
            ]);
            for k in 0..rng.gen_range(0..4) {
                t.entry("recurring_payments").or_default().push(vec![
                    V::from(format!("{card}-rp{k}")),
                    V::from(card.as_str()),
                    V::from(["Netflix", "Spotify", "Zeit Online", "Bahn"][k]),
                    V::from("9.99"),
                    V::from("EUR"),
                    V::from("monthly"),
                    V::from("active"),
                    V::Int(1),
                ]);
            }
            let mut terms: Vec<(String, &str)> =
                name_terms(&name).into_iter().map(|x| (x, "name")).collect();
            terms.push((phone_reversed(&phone), "phone"));
            terms.push((email.clone(), "email"));
            terms.sort();
            terms.dedup();
            for (term, kind) in terms {
                t.entry("search_terms").or_default().push(vec![
                    V::from(term),
                    V::from(id.as_str()),
                    V::from(kind),
                ]);
            }
        }
        let mut tx = db.begin().await?;
        for (table, cols) in [
            (
                "customers",
                &[
                    "id",
                    "number",
                    "name",
                    "name_folded",
                    "email",
                    "phone",
                    "phone_digits",
                    "language",
                    "status",
                    "version",
                    "created_at",
                ][..],
            ),
            (
                "credentials",
                &[
                    "customer_id",
                    "password_hash",
                    "login_enabled",
                    "updated_at",
                ][..],
            ),
            (
                "addresses",
                &[
                    "id",
                    "customer_id",
                    "street",
                    "postal_code",
                    "city",
                    "country",
                    "valid_from",
                    "created_at",
                ][..],
            ),
            (
                "accounts",
                &[
                    "id",
                    "iban",
                    "name",
                    "statement_name",
                    "currency",
                    "status",
                    "version",
                    "created_at",
                ][..],
            ),
            (
                "account_holders",
                &["account_id", "customer_id", "role", "status", "since"][..],
            ),
            ("cards", &CARD_COLUMNS[..]),
            (
                "recurring_payments",
                &[
                    "id",
                    "card_id",
                    "merchant",
                    "amount",
                    "currency",
                    "frequency",
                    "status",
                    "version",
                ][..],
            ),
            ("search_terms", &["term", "customer_id", "kind"][..]),
        ] {
            insert_many(&mut tx, table, cols, t.remove(table).unwrap_or_default()).await?;
        }
        tx.commit().await?;
        done += size;
        eprint!("\r  {done}/{n} customers ({:.0?})", started.elapsed());
    }
    eprintln!();
    // Fresh statistics, or the planner guesses from an empty table (PostgreSQL chose a slow
    // join for "last four + name" until analysed: p95 20 ms before, 2 ms after).
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn ibans_carry_valid_check_digits() {
        assert_eq!(
            super::german_iban(37_040_044, 532_013_000),
            "DE89370400440532013000"
        );
    }
}
