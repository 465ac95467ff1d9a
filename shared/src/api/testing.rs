//! The test-data API (`/api/testing/*`): only on a server started with `CARRYOVER_TEST_DATA=1`,
//! never in production mode. QA suites make their own customers and staff with it.

use serde::{Deserialize, Serialize};

api_type! {
    /// `POST /api/testing/customers`
    pub struct TestCustomerRequest {
        /// Which demo story (shared/API.md) the new customer lives:
        /// `card_replacement` (Max: a replacement card issued, waiting for activation, and
        /// `dependents` card-bound items on the old card), `joint_account_bereavement` (Erika and
        /// Hans on a joint account; Hans's card pays two subscriptions), `transfer` (Lena: sole
        /// holder of an account with one card), `plain` (Lena without a card),
        /// `with_scheduled_address_change` (`plain` with a move to Vienna in 30 days, scheduled).
        #[cfg_attr(feature = "openapi", schema(pattern = "^(card_replacement|joint_account_bereavement|transfer|plain|with_scheduled_address_change)$"))]
        pub profile: String,
        /// `card_replacement` only: how many items hang on the old card (default 7, Max's: 3
        /// card payments, 2 alerts, a limit, a wallet token; beyond 7, more card payments).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 500))]
        pub dependents: Option<u32>,
    }
}

api_type! {
    /// A card as made, its number in clear: given in this answer once, stored only as a keyed
    /// hash (type it where a person would).
    pub struct TestCard {
        pub id: String,
        pub customer_id: String,
        pub number: String,
        /// `MM/YY`
        pub expiry: String,
        pub last4: String,
        pub brand: String,
        /// `active` | `issued` (arrived, waiting for activation)
        pub status: String,
    }
}

api_type! {
    /// Someone who signs in: their login (the email) works with `password`.
    pub struct TestPerson {
        pub customer_id: String,
        /// Ten digits, Luhn-checked; also a login.
        pub customer_number: String,
        pub name: String,
        pub login: String,
    }
}

api_type! {
    /// `201` of `POST /api/testing/customers`: a customer no other call made.
    pub struct TestCustomer {
        pub profile: String,
        pub customer: TestPerson,
        /// The same for every login this API makes (`carryover-demo`).
        pub password: String,
        pub account_id: String,
        /// Compact.
        pub iban: String,
        /// Every card made; the one to activate has `status` `issued`.
        pub cards: Vec<TestCard>,
        /// `card_replacement`: the items on the old card a card activation moves.
        pub dependents: u32,
        /// `joint_account_bereavement`: Hans, the other holder, who has died.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub joint_holder: Option<TestPerson>,
        /// `with_scheduled_address_change`: the scheduled change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scheduled_change_id: Option<String>,
    }
}

api_type! {
    /// `POST /api/testing/staff`
    pub struct TestStaffRequest {
        #[cfg_attr(feature = "openapi", schema(pattern = "^(agent|supervisor|admin)$"))]
        pub role: String,
    }
}

api_type! {
    /// `201` of `POST /api/testing/staff`.
    pub struct TestStaff {
        pub id: String,
        pub login: String,
        pub password: String,
        pub name: String,
        pub role: String,
    }
}

api_type! {
    /// `200` of `GET /api/testing/invitations`: what a transfer's invitation email carries, for
    /// a test that cannot read the server's mail.
    pub struct TestInvitation {
        pub id: String,
        /// The transfer (a holder change) that sent it.
        pub change_id: String,
        /// Whom it was sent to, lower-cased.
        pub email: String,
        /// `pending` | `accepted` | `expired` | `withdrawn`
        pub status: String,
        pub expires_at: String,
        /// The link's token, 64 hex digits: `GET /api/invitations/{token}`, `POST …/accept`.
        pub token: String,
        /// `/invitation/{token}`: the web app's page for it, on this server.
        pub path: String,
        /// The link as the email carries it, under `CARRYOVER_PUBLIC_URL`.
        pub link: String,
    }
}
