//! The demo's stories (API.md), told once: `seed --demo` tells them with the demo's people, the
//! test-data API (`crate::testing`) with people no other run has.

use super::seeder::{Person, Seeder, row};
use super::{SeedRow, V};
use crate::db::new_id;

/// Something hanging on a card that a card change must carry over.
enum CardItem {
    Payment(&'static str, &'static str),
    Alert {
        kind: &'static str,
        channel: &'static str,
        threshold: Option<&'static str>,
    },
    Limit(&'static str, &'static str),
    Wallet(&'static str, &'static str),
}

/// Max's old card carries these seven.
const MAX_CARD_ITEMS: [CardItem; 7] = [
    CardItem::Payment("Netflix", "12.99"),
    CardItem::Payment("Spotify", "10.99"),
    CardItem::Payment("Amazon Prime", "8.99"),
    CardItem::Alert {
        kind: "transaction_over",
        channel: "push",
        threshold: Some("200.00"),
    },
    CardItem::Alert {
        kind: "online_purchase",
        channel: "sms",
        threshold: None,
    },
    CardItem::Limit("daily_atm", "1000.00"),
    CardItem::Wallet("Apple Pay", "iPhone"),
];

pub const MAX_DEPENDENTS: usize = MAX_CARD_ITEMS.len();

impl Seeder {
    async fn card_item(&mut self, card: &str, item: &CardItem) -> anyhow::Result<()> {
        let id = new_id();
        match *item {
            CardItem::Payment(merchant, amount) => self.insert("recurring_payments", row![
                "id" => id, "card_id" => card, "merchant" => merchant, "amount" => amount,
                "currency" => "EUR", "frequency" => "monthly", "status" => "active", "version" => 1i64,
            ]).await,
            CardItem::Alert { kind, channel, threshold } => self.insert("card_alerts", row![
                "id" => id, "card_id" => card, "kind" => kind, "channel" => channel,
                "threshold_amount" => threshold, "currency" => threshold.map(|_| "EUR"), "version" => 1i64,
            ]).await,
            CardItem::Limit(kind, amount) => self.insert("card_limits", row![
                "id" => id, "card_id" => card, "kind" => kind, "amount" => amount,
                "currency" => "EUR", "version" => 1i64,
            ]).await,
            CardItem::Wallet(wallet, device) => self.insert("wallet_tokens", row![
                "id" => id, "card_id" => card, "wallet" => wallet, "device" => device,
                "status" => "active", "version" => 1i64,
            ]).await,
        }
    }

    async fn standing_order(
        &mut self,
        account_id: &str,
        originator: &str,
        (payee, payee_iban, amount, reference): (&str, &str, &str, &str),
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
        (creditor, creditor_id, reference): (&str, &str, &str),
    ) -> anyhow::Result<()> {
        self.insert("mandates", row![
            "id" => new_id(), "account_id" => account_id, "creditor" => creditor, "creditor_id" => creditor_id,
            "reference" => reference, "debtor_name" => debtor, "status" => "active", "version" => 1i64,
        ]).await
    }

    async fn contract(
        &mut self,
        (customer_id, account_id): (&str, &str),
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

    /// Story 000: a card about to be replaced, with everything hanging on it: Max's seven
    /// card-bound items, or `dependents` of them (the seven first, then more card payments).
    pub async fn max(&mut self, dependents: usize) -> anyhow::Result<String> {
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
        let name = "Max Mustermann";
        let acc = self
            .account(
                "DE89370400440532013000",
                "Girokonto",
                name,
                &[(&max, "primary")],
            )
            .await?;
        let old = self
            .card((&acc, &max), "4000056655665556", "08/27", "active", None)
            .await?;
        self.card(
            (&acc, &max),
            "4242424242424242",
            "12/29",
            "issued",
            Some(&old),
        )
        .await?;
        for order in [
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
            self.standing_order(&acc, name, order).await?;
        }
        self.mandate(
            &acc,
            name,
            ("Stadtwerke Berlin", "DE98ZZZ09999999999", "SWB-2019-4711"),
        )
        .await?;
        self.mandate(
            &acc,
            name,
            ("Telekom Deutschland", "DE48ZZZ00000000001", "TDG-88812345"),
        )
        .await?;
        for item in MAX_CARD_ITEMS.iter().take(dependents) {
            self.card_item(&old, item).await?;
        }
        for n in MAX_DEPENDENTS..dependents {
            let merchant = format!("Abo {}", n + 1);
            self.insert("recurring_payments", row![
                "id" => new_id(), "card_id" => &old, "merchant" => merchant, "amount" => "4.99",
                "currency" => "EUR", "frequency" => "monthly", "status" => "active", "version" => 1i64,
            ]).await?;
        }
        self.contract(
            (&max, &acc),
            name,
            "Telefon & Internet",
            "Telekom Deutschland",
        )
        .await?;
        Ok(max)
    }

    /// Story 004: a joint account; every bill is paid. Returns Erika's and Hans's ids.
    pub async fn erika_and_hans(&mut self) -> anyhow::Result<(String, String)> {
        let person = |name, email, phone| Person {
            name,
            email,
            phone,
            street: "Lindenweg 7",
            postal_code: "50667",
            city: "Köln",
        };
        let erika = self
            .customer(
                person("Erika Musterfrau", "erika@example.com", "+49 221 5550123"),
                false,
            )
            .await?;
        let hans = self
            .customer(
                person("Hans Musterfrau", "hans@example.com", "+49 221 5550124"),
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
        let rent = (
            "Wohnungsbau Köln eG",
            "DE02370501980001802057",
            "780.00",
            "Miete Lindenweg 7",
        );
        self.standing_order(&acc, names, rent).await?;
        self.mandate(
            &acc,
            names,
            ("RheinEnergie", "DE31ZZZ00000012345", "RE-55501-17"),
        )
        .await?;
        self.mandate(
            &acc,
            names,
            ("Vodafone", "DE12ZZZ00000067890", "VF-4401-2290"),
        )
        .await?;
        self.contract(
            (&hans, &acc),
            "Hans Musterfrau",
            "Telefonvertrag",
            "Vodafone",
        )
        .await?;
        // Hans's own card on the joint account: what pays with it must not outlive him.
        let card = self
            .card((&acc, &hans), "5105105105105100", "09/28", "active", None)
            .await?;
        for item in [
            CardItem::Payment("StreamFlix", "9.99"),
            CardItem::Payment("Kölner Stadt-Anzeiger", "39.90"),
            CardItem::Alert {
                kind: "transaction_over",
                channel: "sms",
                threshold: Some("100.00"),
            },
        ] {
            self.card_item(&card, &item).await?;
        }
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
        Ok((erika, hans))
    }

    /// The sole holder of an account with one card; in the demo, the one who hands it on.
    pub async fn lena(&mut self) -> anyhow::Result<String> {
        let lena = self.plain().await?;
        let acc = self.made.accounts[self.made.accounts.len() - 1].0.clone();
        self.card((&acc, &lena), "5555555555554444", "03/28", "active", None)
            .await?;
        Ok(lena)
    }

    /// Lena without her card: a customer with an account and nothing else.
    pub async fn plain(&mut self) -> anyhow::Result<String> {
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
        self.account(
            "DE91100000000123456789",
            "Girokonto",
            "Lena Schmidt",
            &[(&lena, "primary")],
        )
        .await?;
        Ok(lena)
    }
}
