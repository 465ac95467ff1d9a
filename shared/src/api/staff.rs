//! The staff console: search, the customer as staff see it, notes, promises, cases, acting.

use serde::{Deserialize, Serialize};

use super::{ActingAs, MeResponse};

api_type! {
    pub struct SearchHit {
        pub customer_id: String,
        pub number: String,
        pub name: String,
        pub email: String,
        /// What matched, e.g. `customer number`, `IBAN`, `card •••• 5556 and name`, `email`, `phone`, `name`.
        pub matched: Vec<String>,
    }
}

api_type! {
    pub struct SearchResponse {
        pub hits: Vec<SearchHit>,
    }
}

api_type! {
    pub struct NoteView {
        pub id: String,
        pub text: String,
        pub staff_name: String,
        pub created_at: String,
        /// The earlier version this one replaces (which stays visible).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub supersedes_id: Option<String>,
    }
}

api_type! {
    pub struct NoteRequest {
        #[cfg_attr(feature = "openapi", schema(max_length = 4000, pattern = "\\S"))]
        pub text: String,
        #[serde(default)]
        pub supersedes_id: Option<String>,
    }
}

api_type! {
    pub struct PromiseView {
        pub id: String,
        pub text: String,
        /// RFC 3339 or YYYY-MM-DD as given.
        pub due_by: String,
        /// `open` | `kept` | `broken`
        pub status: String,
        pub staff_name: String,
        pub created_at: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub kept_at: Option<String>,
    }
}

api_type! {
    pub struct PromiseRequest {
        #[cfg_attr(feature = "openapi", schema(max_length = 1000, pattern = "\\S"))]
        pub text: String,
        /// `YYYY-MM-DD` (end of that day) or an RFC 3339 instant, in the future.
        #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2}))?$"))]
        pub due_by: String,
    }
}

api_type! {
    pub struct CaseView {
        pub id: String,
        #[serde(default)]
        pub change_id: Option<String>,
        pub customer_id: String,
        pub customer_name: String,
        pub kind: String,
        /// `open` | `approved` | `rejected` | `withdrawn`
        pub status: String,
        pub due_at: String,
        pub overdue: bool,
        pub created_at: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub decision_reason: Option<String>,
        #[serde(default)]
        pub version: i64,
    }
}

api_type! {
    pub struct CaseList {
        pub cases: Vec<CaseView>,
    }
}

api_type! {
    /// Everything the customer sees, plus what staff keep about them.
    pub struct StaffCustomerView {
        /// Includes `cases` (the customer's cases, as the customer sees them).
        #[serde(flatten)]
        pub overview: MeResponse,
        pub promises: Vec<PromiseView>,
        pub notes: Vec<NoteView>,
    }
}

api_type! {
    pub struct ImpersonationRequest {
        #[cfg_attr(feature = "openapi", schema(min_length = 1))]
        pub customer_id: String,
        /// At least 5 characters besides leading and trailing spaces.
        #[cfg_attr(feature = "openapi", schema(max_length = 500, pattern = "\\S[\\s\\S]{3,}\\S"))]
        pub reason: String,
    }
}

api_type! {
    pub struct ImpersonationResponse {
        pub acting_as: ActingAs,
    }
}

api_type! {
    pub struct Count {
        pub key: String,
        pub count: i64,
    }
}

api_type! {
    /// Changes per day, for the chart.
    pub struct DailyChanges {
        /// YYYY-MM-DD
        pub date: String,
        pub self_service: i64,
        pub staff: i64,
    }
}

api_type! {
    /// `GET /api/staff/metrics?from=&to=` (dates inclusive). Rates are 0..1; `null` when there
    /// was nothing to measure.
    pub struct MetricsResponse {
        pub from: String,
        pub to: String,
        pub changes_completed: i64,
        /// Completed by the customer alone / all completed changes.
        pub self_service_rate: Option<f64>,
        pub by_kind: Vec<Count>,
        pub by_channel: Vec<Count>,
        /// Staff accesses and actions per completed change.
        pub contacts_per_resolved_request: Option<f64>,
        /// Share of completed changes that needed at most one staff contact.
        pub first_contact_resolution: Option<f64>,
        pub time_to_complete_median_seconds: Option<f64>,
        pub time_to_complete_p90_seconds: Option<f64>,
        pub cases_decided: i64,
        pub cases_decided_on_time_rate: Option<f64>,
        pub promises_due: i64,
        pub promises_kept_on_time_rate: Option<f64>,
        pub outbox_delivered: i64,
        pub outbox_lag_p90_seconds: Option<f64>,
        pub daily: Vec<DailyChanges>,
    }
}

api_type! {
    /// `GET /api/staff/cases/{id}`: a case with its change and documents, for the decision.
    pub struct CaseDetail {
        #[serde(rename = "case")]
        pub case_view: CaseView,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub change: Option<super::ChangeView>,
        pub documents: Vec<super::DocumentView>,
        /// A transfer's invitation: approval waits until it is accepted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub invitation: Option<super::CaseInvitation>,
    }
}

impl CaseDetail {
    /// The entity tag of what a decision is made on: the case and its change (documents and the
    /// invitation's acceptance move the change's version too).
    pub fn etag(&self) -> String {
        case_etag(
            self.case_view.version,
            self.change.as_ref().map(|c| c.version),
        )
    }
}

/// `"<case version>.<change version>"`, the same on both sides of the wire.
pub fn case_etag(case_version: i64, change_version: Option<i64>) -> String {
    format!("\"{}.{}\"", case_version, change_version.unwrap_or(0))
}

api_type! {
    pub struct StaffMember {
        pub id: String,
        pub email: String,
        pub name: String,
        /// `agent` | `supervisor` | `admin`
        pub role: String,
        pub active: bool,
    }
}

api_type! {
    pub struct StaffList {
        pub staff: Vec<StaffMember>,
    }
}

api_type! {
    /// `POST /api/staff/members` (admins only).
    pub struct NewStaffMember {
        pub email: String,
        pub name: String,
        pub role: String,
        /// At least 12 characters.
        pub password: String,
    }
}
