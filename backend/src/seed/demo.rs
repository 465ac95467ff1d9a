//! The demo data of API.md (`carryover seed --demo`; refused in production mode).
//! Password `carryover-demo` for every login.

use shared::domain::CustomerNumber;
use sqlx::Row as _;

use super::{SeedRow, V, fold, insert};
use crate::auth::password::hash_password;
use crate::clock::db_time;
use crate::config::Secret;
use crate::crypto::pan_hash;
use crate::db::{Db, Tx, new_id};

pub const PASSWORD: &str = "carryover-demo";

macro_rules! row {
    ($($col:literal => $val:expr),* $(,)?) => {
        vec![$(($col, V::from($val))),*] as SeedRow
    };
}

pub enum Outcome {
    Seeded,
    AlreadyPresent,
}

/// Seeds into an empty database; a database that already has customers is left alone.
pub async fn seed(db: &Db, secret: &Secret, now: time::OffsetDateTime) -> anyhow::Result<Outcome> {
    let mut tx = db.begin().await?;
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM customers")
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    if count > 0 {
        return Ok(Outcome::AlreadyPresent);
    }
    let mut s = Seeder {
        tx,
        secret: secret.clone(),
        now: db_time(now),
        seq: 0,
    };
    s.max().await?;
    s.erika_and_hans().await?;
    s.lena().await?;
    for (email, name, role) in [
        ("agent@example.com", "Alex Agent", "agent"),
        ("supervisor@example.com", "Sam Supervisor", "supervisor"),
        ("admin@example.com", "Ada Admin", "admin"),
    ] {
        s.insert("staff", row![
            "id" => new_id(), "email" => email, "name" => name, "role" => role,
            "password_hash" => hash_password(PASSWORD)?, "active" => 1i64, "created_at" => &s.now.clone(),
        ]).await?;
    }
    s.tx.commit().await?;
    Ok(Outcome::Seeded)
}

struct Seeder {
    tx: Tx,
    secret: Secret,
    now: String,
    seq: u32,
}

struct Person<'a> {
    name: &'a str,
    email: &'a str,
    phone: &'a str,
    street: &'a str,
    postal_code: &'a str,
    city: &'a str,
}

impl Seeder {
    async fn insert(&mut self, table: &str, row: SeedRow) -> anyhow::Result<()> {
        insert(&mut self.tx, table, row).await?;
        Ok(())
    }

    async fn customer(&mut self, p: Person<'_>, paperless: bool) -> anyhow::Result<String> {
        self.seq += 1;
        let id = new_id();
        let number = CustomerNumber::from_sequence(100_000_000 + self.seq);
        let now = self.now.clone();
        self.insert("customers", row![
            "id" => &id, "number" => number.as_str(), "name" => p.name, "name_folded" => fold(p.name),
            "email" => p.email, "phone" => p.phone,
            "phone_digits" => p.phone.chars().filter(char::is_ascii_digit).collect::<String>(),
            "language" => "de", "status" => "active", "version" => 1i64, "created_at" => &now,
        ]).await?;
        self.insert(
            "credentials",
            row![
                "customer_id" => &id, "password_hash" => hash_password(PASSWORD)?,
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
            "id" => new_id(), "customer_id" => &id, "channel" => "email", "address" => p.email, "version" => 1i64,
        ]).await?;
        crate::search_terms::index(&mut self.tx, &id, p.name, p.phone, p.email).await?;
        Ok(id)
    }

    async fn account(
        &mut self,
        iban: &str,
        name: &str,
        statement_name: &str,
        holders: &[(&str, &str)],
    ) -> anyhow::Result<String> {
        let id = new_id();
        let now = self.now.clone();
        self.insert(
            "accounts",
            row![
                "id" => &id, "iban" => iban, "name" => name, "statement_name" => statement_name,
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
        Ok(id)
    }

    #[allow(clippy::too_many_arguments)]
    async fn card(
        &mut self,
        account_id: &str,
        customer_id: &str,
        pan: &str,
        expiry: &str,
        status: &str,
        replaces: Option<&str>,
        delivery: &str,
    ) -> anyhow::Result<String> {
        let id = new_id();
        let now = self.now.clone();
        let hash = pan_hash(&self.secret, pan);
        self.insert("cards", row![
            "id" => &id, "account_id" => account_id, "customer_id" => customer_id,
            "pan_hash" => hash, "last4" => &pan[pan.len() - 4..], "brand" => if pan.starts_with('5') { "Mastercard" } else { "Visa" },
            "expiry" => expiry, "status" => status, "replaces_card_id" => replaces,
            "block_reason" => None::<&str>, "delivery_status" => delivery,
            "version" => 1i64, "created_at" => &now,
        ]).await?;
        Ok(id)
    }

    async fn standing_order(
        &mut self,
        account_id: &str,
        originator: &str,
        payee: &str,
        payee_iban: &str,
        amount: &str,
        reference: &str,
    ) -> anyhow::Result<()> {
        self.insert("standing_orders", row![
            "id" => new_id(), "account_id" => account_id, "payee" => payee, "payee_iban" => payee_iban,
            "amount" => amount, "currency" => "EUR", "frequency" => "monthly", "next_on" => "2026-12-01",
            "reference" => reference, "originator_name" => originator, "status" => "active", "version" => 1i64,
        ]).await
    }

    async fn mandate(
        &mut self,
        account_id: &str,
        debtor: &str,
        creditor: &str,
        creditor_id: &str,
        reference: &str,
    ) -> anyhow::Result<()> {
        self.insert("mandates", row![
            "id" => new_id(), "account_id" => account_id, "creditor" => creditor, "creditor_id" => creditor_id,
            "reference" => reference, "debtor_name" => debtor, "status" => "active", "version" => 1i64,
        ]).await
    }

    async fn contract(
        &mut self,
        customer_id: &str,
        account_id: &str,
        billing_name: &str,
        name: &str,
        provider: &str,
    ) -> anyhow::Result<()> {
        self.insert("contracts", row![
            "id" => new_id(), "customer_id" => customer_id, "account_id" => account_id, "name" => name,
            "provider" => provider, "billing_name" => billing_name, "service_address_follows_home" => 1i64,
            "status" => "active", "version" => 1i64,
        ]).await
    }

    /// Story 000: a card about to be replaced, with everything hanging on it.
    async fn max(&mut self) -> anyhow::Result<()> {
        let max = self
            .customer(
                Person {
                    name: "Max Mustermann",
                    email: "max@example.com",
                    phone: "+49 170 5550101",
                    street: "Musterstraße 1",
                    postal_code: "10115",
                    city: "Berlin",
                },
                true,
            )
            .await?;
        let acc = self
            .account(
                "DE89370400440532013000",
                "Girokonto",
                "Max Mustermann",
                &[(&max, "primary")],
            )
            .await?;
        let old = self
            .card(
                &acc,
                &max,
                "4000056655665556",
                "08/27",
                "active",
                None,
                "delivered",
            )
            .await?;
        self.card(
            &acc,
            &max,
            "4242424242424242",
            "12/29",
            "issued",
            Some(&old),
            "delivered",
        )
        .await?;
        for (payee, iban, amount, reference) in [
            (
                "Hausverwaltung Schulz",
                "DE02120300000000202051",
                "950.00",
                "Miete Musterstraße 1",
            ),
            ("Sparplan", "DE02500105170137075030", "100.00", "Sparrate"),
            (
                "Sportverein Blau-Weiß",
                "DE02100500000054540402",
                "15.00",
                "Mitgliedsbeitrag",
            ),
        ] {
            self.standing_order(&acc, "Max Mustermann", payee, iban, amount, reference)
                .await?;
        }
        self.mandate(
            &acc,
            "Max Mustermann",
            "Stadtwerke Berlin",
            "DE98ZZZ09999999999",
            "SWB-2019-4711",
        )
        .await?;
        self.mandate(
            &acc,
            "Max Mustermann",
            "Telekom Deutschland",
            "DE48ZZZ00000000001",
            "TDG-88812345",
        )
        .await?;
        for (merchant, amount) in [
            ("Netflix", "12.99"),
            ("Spotify", "10.99"),
            ("Amazon Prime", "8.99"),
        ] {
            self.insert("recurring_payments", row![
                "id" => new_id(), "card_id" => &old, "merchant" => merchant, "amount" => amount,
                "currency" => "EUR", "frequency" => "monthly", "status" => "active", "version" => 1i64,
            ]).await?;
        }
        self.insert("card_alerts", row![
            "id" => new_id(), "card_id" => &old, "kind" => "transaction_over", "channel" => "push",
            "threshold_amount" => "200.00", "currency" => "EUR", "version" => 1i64,
        ]).await?;
        self.insert("card_alerts", row![
            "id" => new_id(), "card_id" => &old, "kind" => "online_purchase", "channel" => "sms",
            "threshold_amount" => None::<&str>, "currency" => None::<&str>, "version" => 1i64,
        ]).await?;
        self.insert(
            "card_limits",
            row![
                "id" => new_id(), "card_id" => &old, "kind" => "daily_atm", "amount" => "1000.00",
                "currency" => "EUR", "version" => 1i64,
            ],
        )
        .await?;
        self.insert(
            "wallet_tokens",
            row![
                "id" => new_id(), "card_id" => &old, "wallet" => "Apple Pay", "device" => "iPhone",
                "status" => "active", "version" => 1i64,
            ],
        )
        .await?;
        self.contract(
            &max,
            &acc,
            "Max Mustermann",
            "Telefon & Internet",
            "Telekom Deutschland",
        )
        .await
    }

    /// Story 004: a joint account; every bill is paid.
    async fn erika_and_hans(&mut self) -> anyhow::Result<()> {
        let address = ("Lindenweg 7", "50667", "Köln");
        let erika = self
            .customer(
                Person {
                    name: "Erika Musterfrau",
                    email: "erika@example.com",
                    phone: "+49 221 5550123",
                    street: address.0,
                    postal_code: address.1,
                    city: address.2,
                },
                false,
            )
            .await?;
        let hans = self
            .customer(
                Person {
                    name: "Hans Musterfrau",
                    email: "hans@example.com",
                    phone: "+49 221 5550124",
                    street: address.0,
                    postal_code: address.1,
                    city: address.2,
                },
                false,
            )
            .await?;
        let names = "Hans Musterfrau und Erika Musterfrau";
        let acc = self
            .account(
                "DE75512108001245126199",
                "Gemeinschaftskonto",
                names,
                &[(&hans, "primary"), (&erika, "joint")],
            )
            .await?;
        self.standing_order(
            &acc,
            names,
            "Wohnungsbau Köln eG",
            "DE02370501980001802057",
            "780.00",
            "Miete Lindenweg 7",
        )
        .await?;
        self.mandate(
            &acc,
            names,
            "RheinEnergie",
            "DE31ZZZ00000012345",
            "RE-55501-17",
        )
        .await?;
        self.mandate(
            &acc,
            names,
            "Vodafone",
            "DE12ZZZ00000067890",
            "VF-4401-2290",
        )
        .await?;
        self.contract(&hans, &acc, "Hans Musterfrau", "Telefonvertrag", "Vodafone")
            .await?;
        // Hans's own card on the joint account: what pays with it must not outlive him.
        let card = self
            .card(
                &acc,
                &hans,
                "5105105105105100",
                "09/28",
                "active",
                None,
                "delivered",
            )
            .await?;
        for (merchant, amount) in [("StreamFlix", "9.99"), ("Kölner Stadt-Anzeiger", "39.90")] {
            self.insert("recurring_payments", row![
                "id" => new_id(), "card_id" => &card, "merchant" => merchant, "amount" => amount,
                "currency" => "EUR", "frequency" => "monthly", "status" => "active", "version" => 1i64,
            ]).await?;
        }
        self.insert("card_alerts", row![
            "id" => new_id(), "card_id" => &card, "kind" => "transaction_over", "channel" => "sms",
            "threshold_amount" => "100.00", "currency" => "EUR", "version" => 1i64,
        ]).await?;
        // Every due has its payment: the account is paid up.
        for month in ["09", "10", "11"] {
            let due = new_id();
            let now = self.now.clone();
            let due_on = format!("2026-{month}-01");
            self.insert("account_dues", row![
                "id" => &due, "account_id" => &acc, "description" => format!("Kontoführung {month}/2026"),
                "amount" => "6.90", "currency" => "EUR", "due_on" => &due_on, "created_at" => &now,
            ]).await?;
            self.insert(
                "account_payments",
                row![
                    "id" => new_id(), "account_id" => &acc, "due_id" => &due, "amount" => "6.90",
                    "currency" => "EUR", "booked_on" => &due_on, "created_at" => &now,
                ],
            )
            .await?;
        }
        Ok(())
    }

    async fn lena(&mut self) -> anyhow::Result<()> {
        let lena = self
            .customer(
                Person {
                    name: "Lena Schmidt",
                    email: "lena@example.com",
                    phone: "+49 89 5550199",
                    street: "Sonnenstraße 12",
                    postal_code: "80331",
                    city: "München",
                },
                true,
            )
            .await?;
        let acc = self
            .account(
                "DE91100000000123456789",
                "Girokonto",
                "Lena Schmidt",
                &[(&lena, "primary")],
            )
            .await?;
        self.card(
            &acc,
            &lena,
            "5555555555554444",
            "03/28",
            "active",
            None,
            "delivered",
        )
        .await?;
        Ok(())
    }
}
