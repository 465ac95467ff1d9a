//! Invitations: a transfer names the new holder by email; they accept by signing in or
//! registering (`/api/invitations/{token}`, public).

use serde::{Deserialize, Serialize};

use super::Principal;

api_type! {
    /// `GET /api/invitations/{token}`: what the person holding the link may know.
    pub struct InvitationView {
        /// The holder who hands the account over.
        pub inviter_name: String,
        /// The name the inviter gave for the new holder (a suggestion for registering).
        pub invitee_name: String,
        /// The invited address, masked (`ne…@example.com`).
        pub email_masked: String,
        /// The account, masked (`DE89 •••• 3000`).
        pub account_masked: String,
        /// RFC 3339 UTC.
        pub expires_at: String,
        /// `pending` | `accepted`
        pub status: String,
        /// A customer with the invited email exists: accept by signing in as them, not by registering.
        pub account_exists: bool,
    }
}

api_type! {
    /// `POST /api/invitations/{token}/accept`. Signed in as the invited customer: an empty body.
    /// Without an account: `name` and `password` register one (the email is the invitation's).
    pub struct AcceptInvitationRequest {
        #[serde(default)]
        pub name: Option<String>,
        /// At least 12 characters.
        #[serde(default)]
        pub password: Option<String>,
        /// `de` | `en`: the new customer's language.
        #[serde(default)]
        pub language: Option<String>,
    }
}

api_type! {
    pub struct AcceptInvitationResponse {
        pub invitation: InvitationView,
        /// Who is signed in now (the new customer after registering).
        pub principal: Principal,
        /// For clients without a same-origin `Origin` header (see the login answer).
        #[serde(default)]
        pub csrf_token: String,
        /// The customer registered just now.
        pub registered: bool,
    }
}

api_type! {
    /// The invitation of a transfer case, as staff see it.
    pub struct CaseInvitation {
        pub email_masked: String,
        pub invitee_name: String,
        /// `pending` | `accepted` | `expired` | `withdrawn`
        pub status: String,
        pub expires_at: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub accepted_at: Option<String>,
        /// The customer who accepted (the new holder once approved).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub accepted_by_name: Option<String>,
    }
}
