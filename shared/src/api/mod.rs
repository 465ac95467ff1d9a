//! Request and response bodies of the HTTP API (see shared/API.md). Add fields freely, rename none.

use serde::{Deserialize, Serialize};

macro_rules! api_type {
    ($(#[$m:meta])* $vis:vis struct $name:ident { $($body:tt)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        $vis struct $name { $($body)* }
    };
}

mod changes;
mod invitations;
mod staff;
mod testing;
pub use changes::*;
pub use invitations::*;
pub use staff::*;
pub use testing::*;

// ---------------------------------------------------------------- sessions

api_type! {
    pub struct LoginRequest {
        /// An email address or a customer number.
        pub login: String,
        pub password: String,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    Customer,
    Staff,
}

api_type! {
    pub struct Principal {
        pub kind: PrincipalKind,
        pub id: String,
        pub name: String,
        /// Staff only: `agent`, `supervisor` or `admin`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub role: Option<String>,
    }
}

api_type! {
    pub struct LoginResponse {
        pub principal: Principal,
        /// For clients that cannot send a same-origin `Origin` header: echo it as `X-CSRF-Token`.
        #[serde(default)]
        pub csrf_token: String,
    }
}

api_type! {
    pub struct ActingAs {
        pub customer_id: String,
        pub customer_name: String,
        pub reason: String,
        pub expires_at: String,
    }
}

api_type! {
    pub struct SessionResponse {
        pub principal: Principal,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub acting_as: Option<ActingAs>,
        /// When the session ends if nothing happens (RFC 3339).
        pub idle_expires_at: String,
        #[serde(default)]
        pub csrf_token: String,
    }
}

api_type! {
    pub struct ReauthRequest {
        #[cfg_attr(feature = "openapi", schema(min_length = 1))]
        pub password: String,
    }
}

// ---------------------------------------------------------------- the customer's own data

api_type! {
    pub struct Address {
        pub street: String,
        pub postal_code: String,
        pub city: String,
        /// ISO 3166-1 alpha-2.
        pub country: String,
        /// A second address line (apartment, c/o).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub extra: Option<String>,
        /// State or province where the country needs one (US).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub region: Option<String>,
    }
}

api_type! {
    pub struct Money {
        /// Decimal string, e.g. "950.00".
        pub amount: String,
        pub currency: String,
    }
}

api_type! {
    pub struct CustomerView {
        pub id: String,
        /// Ten digits, the last one a check digit.
        pub number: String,
        pub name: String,
        pub email: String,
        pub phone: String,
        pub language: String,
        pub address: Address,
        pub version: i64,
    }
}

api_type! {
    pub struct Holder {
        pub customer_id: String,
        pub name: String,
        /// `active` or `deceased`.
        pub status: String,
    }
}

api_type! {
    pub struct AccountView {
        pub id: String,
        pub iban: String,
        pub name: String,
        pub holders: Vec<Holder>,
        pub status: String,
    }
}

api_type! {
    pub struct CardView {
        pub id: String,
        pub account_id: String,
        pub brand: String,
        pub last4: String,
        /// `MM/YY`
        pub expiry: String,
        /// `issued` | `active` | `blocked` | `replaced`
        pub status: String,
    }
}

api_type! {
    pub struct StandingOrderView {
        pub id: String,
        pub account_id: String,
        pub payee: String,
        pub payee_iban: String,
        pub amount: Money,
        pub frequency: String,
        pub next_on: String,
        pub reference: String,
        pub status: String,
    }
}

api_type! {
    pub struct MandateView {
        pub id: String,
        pub account_id: String,
        pub creditor: String,
        pub creditor_id: String,
        pub reference: String,
        pub status: String,
    }
}

api_type! {
    pub struct RecurringPaymentView {
        pub id: String,
        pub card_id: String,
        pub merchant: String,
        pub amount: Money,
        pub frequency: String,
        /// `active` | `waiting_for_card` | `cancelled`
        pub status: String,
    }
}

api_type! {
    pub struct AlertView {
        pub id: String,
        pub card_id: String,
        pub kind: String,
        pub channel: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub threshold: Option<Money>,
    }
}

api_type! {
    pub struct LimitView {
        pub id: String,
        pub card_id: String,
        pub kind: String,
        pub amount: Money,
    }
}

api_type! {
    pub struct WalletTokenView {
        pub id: String,
        pub card_id: String,
        pub wallet: String,
        pub device: String,
        pub status: String,
    }
}

api_type! {
    pub struct ContractView {
        pub id: String,
        pub name: String,
        pub provider: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub account_id: Option<String>,
        pub status: String,
    }
}

api_type! {
    pub struct Preferences {
        pub language: String,
        pub paperless: bool,
        pub alert_channel: String,
    }
}

api_type! {
    pub struct MeResponse {
        pub customer: CustomerView,
        pub accounts: Vec<AccountView>,
        pub cards: Vec<CardView>,
        pub standing_orders: Vec<StandingOrderView>,
        pub mandates: Vec<MandateView>,
        pub recurring_payments: Vec<RecurringPaymentView>,
        pub alerts: Vec<AlertView>,
        pub limits: Vec<LimitView>,
        pub wallet_tokens: Vec<WalletTokenView>,
        pub contracts: Vec<ContractView>,
        pub preferences: Preferences,
        /// Open and decided cases with their deadlines (e.g. a holder change under review).
        #[serde(default)]
        pub cases: Vec<CaseView>,
    }
}

// ---------------------------------------------------------------- operations

api_type! {
    pub struct HealthResponse {
        pub status: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_kind_is_snake_case_and_role_optional() {
        let p = Principal {
            kind: PrincipalKind::Customer,
            id: "c1".into(),
            name: "Max".into(),
            role: None,
        };
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({"kind": "customer", "id": "c1", "name": "Max"})
        );
    }
}

// ---------------------------------------------------------------- timeline

api_type! {
    pub struct TimelineEntry {
        pub id: String,
        /// RFC 3339 UTC
        pub at: String,
        /// `change` | `notification` | `case` | `promise` | `staff_access` | `staff_action` | …
        pub kind: String,
        /// Who: the customer's name, a staff member's name, "carryover" for the system, or
        /// "the bank" for an operator's bulk run (`data.actor.bank`).
        pub actor: String,
        /// `customer` | `staff` | `system` | `bank`
        pub actor_kind: String,
        /// Why staff acted on the customer's behalf.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub reason: Option<String>,
        pub summary: String,
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        pub data: serde_json::Value,
    }
}

api_type! {
    pub struct TimelinePage {
        pub entries: Vec<TimelineEntry>,
        /// Pass as `before` to get the next (older) page; absent on the last page.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub next_before: Option<String>,
    }
}
