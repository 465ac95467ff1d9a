//! The row writers the stories are told with, and who the stories' people are: the demo's own
//! (API.md) or, for the test-data API, people no other run has.

use rand::Rng;
use shared::domain::CustomerNumber;

use super::{SeedRow, V, fold, insert};
use crate::clock::db_time;
use crate::config::Secret;
use crate::crypto::{pan_hash, random_token};
use crate::db::{Tx, new_id};

/// Who the people of a story are.
pub enum Identities {
    /// As written in the stories; customer numbers from 100000001 on.
    Demo { seq: u32 },
    /// Every email carries `tag`; customer numbers, IBANs and card numbers are drawn at random
    /// (the unique indexes turn the rare collision into an error the caller retries).
    Unique { tag: String },
}

/// Hex digits in a [`Identities::Unique`] email's tag.
const TAG_LEN: usize = 12;

impl Identities {
    pub fn unique() -> Identities {
        Identities::Unique {
            tag: random_token()[..TAG_LEN].to_string(),
        }
    }

    /// Whether `email` has the shape [`Identities::Unique`] gives the stories' people
    /// (`max.<tag>@example.com`): the test-data API's people, on the reserved domain nobody
    /// can receive mail at. The demo's own people (`max@example.com`) and the bulk generator's
    /// (`@example.net`) have not.
    pub fn made_unique(email: &str) -> bool {
        let Some((local, "example.com")) = email.split_once('@') else {
            return false;
        };
        local.rsplit_once('.').is_some_and(|(name, tag)| {
            !name.is_empty()
                && tag.len() == TAG_LEN
                && tag.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
    }

    fn customer_number(&mut self) -> CustomerNumber {
        match self {
            Identities::Demo { seq } => {
                *seq += 1;
                CustomerNumber::from_sequence(100_000_000 + *seq)
            }
            // Above the demo's and the bulk generator's ranges.
            Identities::Unique { .. } => CustomerNumber::from_sequence(
                rand::thread_rng().gen_range(300_000_000..1_000_000_000),
            ),
        }
    }

    /// `max@example.com` → `max.<tag>@example.com`
    fn email(&self, demo: &str) -> String {
        match (self, demo.split_once('@')) {
            (Identities::Unique { tag }, Some((local, domain))) => {
                format!("{local}.{tag}@{domain}")
            }
            _ => demo.to_string(),
        }
    }

    fn iban(&mut self, demo: &str) -> String {
        match self {
            Identities::Demo { .. } => demo.to_string(),
            Identities::Unique { .. } => super::bulk::german_iban(
                37_040_044,
                rand::thread_rng().gen_range(0..10_000_000_000),
            ),
        }
    }

    /// A number of the same brand (first digit) as the story's.
    fn pan(&mut self, demo: &str) -> String {
        match self {
            Identities::Demo { .. } => demo.to_string(),
            Identities::Unique { .. } => super::bulk::pan(&mut rand::thread_rng(), &demo[..1]),
        }
    }
}

pub struct Person<'a> {
    pub name: &'a str,
    /// As in the demo; [`Identities`] makes it unique where it must be.
    pub email: &'a str,
    pub phone: &'a str,
    pub street: &'a str,
    pub postal_code: &'a str,
    pub city: &'a str,
}

pub struct MadeCustomer {
    pub id: String,
    pub number: String,
    pub name: String,
    pub email: String,
}

pub struct MadeCard {
    pub id: String,
    pub customer_id: String,
    /// In clear: handed to whoever asked for the data once, never stored.
    pub number: String,
    pub last4: String,
    pub brand: String,
    pub expiry: String,
    pub status: String,
}

/// Everything a story created, in order.
#[derive(Default)]
pub struct Made {
    pub customers: Vec<MadeCustomer>,
    /// (id, IBAN)
    pub accounts: Vec<(String, String)>,
    pub cards: Vec<MadeCard>,
}

pub struct Seeder {
    pub tx: Tx,
    secret: Secret,
    pub(super) now: String,
    /// Every login of a story has the same password: one hash, not one argon2 run per person.
    password_hash: String,
    ids: Identities,
    pub made: Made,
}

macro_rules! row {
    ($($col:literal => $val:expr),* $(,)?) => {
        vec![$(($col, V::from($val))),*] as SeedRow
    };
}
pub(super) use row;

impl Seeder {
    pub fn new(
        tx: Tx,
        secret: &Secret,
        now: time::OffsetDateTime,
        password_hash: String,
        ids: Identities,
    ) -> Seeder {
        Seeder {
            tx,
            secret: secret.clone(),
            now: db_time(now),
            password_hash,
            ids,
            made: Made::default(),
        }
    }

    pub(super) async fn insert(&mut self, table: &str, row: SeedRow) -> anyhow::Result<()> {
        insert(&mut self.tx, table, row).await?;
        Ok(())
    }

    /// A staff member; returns the id and the login (email).
    pub async fn staff(
        &mut self,
        email: &str,
        name: &str,
        role: &str,
    ) -> anyhow::Result<(String, String)> {
        let id = new_id();
        let (email, now) = (self.ids.email(email), self.now.clone());
        self.insert("staff", row![
            "id" => &id, "email" => &email, "name" => name, "role" => role,
            "password_hash" => self.password_hash.clone(), "active" => 1i64, "created_at" => &now,
        ]).await?;
        Ok((id, email))
    }

    pub(super) async fn customer(
        &mut self,
        p: Person<'_>,
        paperless: bool,
    ) -> anyhow::Result<String> {
        let id = new_id();
        let number = self.ids.customer_number();
        let email = self.ids.email(p.email);
        let now = self.now.clone();
        self.insert("customers", row![
            "id" => &id, "number" => number.as_str(), "name" => p.name, "name_folded" => fold(p.name),
            "email" => &email, "phone" => p.phone,
            "phone_digits" => p.phone.chars().filter(char::is_ascii_digit).collect::<String>(),
            "language" => "de", "status" => "active", "version" => 1i64, "created_at" => &now,
        ]).await?;
        self.insert(
            "credentials",
            row![
                "customer_id" => &id, "password_hash" => self.password_hash.clone(),
                "login_enabled" => 1i64, "updated_at" => &now,
            ],
        )
        .await?;
        self.insert("addresses", row![
            "id" => new_id(), "customer_id" => &id, "street" => p.street, "extra" => None::<&str>,
            "postal_code" => p.postal_code, "city" => p.city, "country" => "DE",
            "valid_from" => "2020-01-01", "valid_to" => None::<&str>, "created_at" => &now,
        ]).await?;
        for purpose in ["billing", "correspondence", "statement", "card_delivery"] {
            self.insert("address_uses", row![
                "id" => new_id(), "customer_id" => &id, "purpose" => purpose, "follows_home" => 1i64,
                "street" => p.street, "extra" => None::<&str>, "postal_code" => p.postal_code,
                "city" => p.city, "country" => "DE", "version" => 1i64,
            ]).await?;
        }
        self.insert(
            "preferences",
            row![
                "customer_id" => &id, "language" => "de", "paperless" => i64::from(paperless),
                "alert_channel" => "push", "version" => 1i64,
            ],
        )
        .await?;
        self.insert("notification_contacts", row![
            "id" => new_id(), "customer_id" => &id, "channel" => "email", "address" => &email, "version" => 1i64,
        ]).await?;
        crate::search_terms::index(&mut self.tx, &id, p.name, p.phone, &email).await?;
        self.made.customers.push(MadeCustomer {
            id: id.clone(),
            number: number.as_str().into(),
            name: p.name.into(),
            email,
        });
        Ok(id)
    }

    pub(super) async fn account(
        &mut self,
        iban: &str,
        name: &str,
        statement_name: &str,
        holders: &[(&str, &str)],
    ) -> anyhow::Result<String> {
        let id = new_id();
        let iban = self.ids.iban(iban);
        let now = self.now.clone();
        self.insert(
            "accounts",
            row![
                "id" => &id, "iban" => &iban, "name" => name, "statement_name" => statement_name,
                "currency" => "EUR", "status" => "active", "version" => 1i64, "created_at" => &now,
            ],
        )
        .await?;
        for (customer_id, role) in holders {
            self.insert(
                "account_holders",
                row![
                    "account_id" => &id, "customer_id" => *customer_id, "role" => *role,
                    "status" => "active", "since" => "2015-04-01",
                ],
            )
            .await?;
        }
        self.made.accounts.push((id.clone(), iban));
        Ok(id)
    }

    /// A card on `account_id` for `customer_id`: the number as the story has it (or a fresh one
    /// of its brand), stored only as its keyed hash and last four.
    pub(super) async fn card(
        &mut self,
        (account_id, customer_id): (&str, &str),
        pan: &str,
        expiry: &str,
        status: &str,
        replaces: Option<&str>,
    ) -> anyhow::Result<String> {
        let id = new_id();
        let now = self.now.clone();
        let pan = self.ids.pan(pan);
        let hash = pan_hash(&self.secret, &pan);
        let last4 = pan[pan.len() - 4..].to_string();
        let brand = if pan.starts_with('5') {
            "Mastercard"
        } else {
            "Visa"
        };
        self.insert(
            "cards",
            row![
                "id" => &id, "account_id" => account_id, "customer_id" => customer_id,
                "pan_hash" => hash, "last4" => &last4, "brand" => brand,
                "expiry" => expiry, "status" => status, "replaces_card_id" => replaces,
                "block_reason" => None::<&str>, "delivery_status" => "delivered",
                "version" => 1i64, "created_at" => &now,
            ],
        )
        .await?;
        self.made.cards.push(MadeCard {
            id: id.clone(),
            customer_id: customer_id.into(),
            number: pan,
            last4,
            brand: brand.into(),
            expiry: expiry.into(),
            status: status.into(),
        });
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::Identities;

    #[test]
    fn the_test_data_apis_emails_are_told_from_everyone_elses() {
        let made = Identities::unique();
        for demo in ["max@example.com", "erika@example.com", "lena@example.com"] {
            assert!(Identities::made_unique(&made.email(demo)), "{demo}");
            assert!(!Identities::made_unique(demo), "{demo}");
        }
        for other in [
            "max.0123456789ab@example.net",
            "max.0123456789AB@example.com",
            "max.0123456789a@example.com",
            ".0123456789ab@example.com",
            "max.0123456789ab@example.com.evil.org",
            "max.mustermann.17@example.net",
            "nobody",
        ] {
            assert!(!Identities::made_unique(other), "{other}");
        }
        assert!(Identities::made_unique("nora.0123456789ab@example.com"));
    }
}
