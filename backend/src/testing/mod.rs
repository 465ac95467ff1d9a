//! The test-data API: `POST /api/testing/customers` and `POST /api/testing/staff` make people
//! no other call made, so QA suites can change data in parallel and run again and again against
//! one server; `GET /api/testing/invitations` gives such a customer the link of a transfer's
//! invitation they sent, which a suite cannot read from the mail of a server it did not start.
//! Mounted (and in the OpenAPI document) only with `CARRYOVER_TEST_DATA=1`, which production
//! mode refuses: it publishes a password.

mod customers;
mod invitations;
mod routes;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub use routes::TestingDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/testing/customers", post(routes::customer))
        .route("/api/testing/staff", post(routes::staff))
        .route("/api/testing/invitations", get(invitations::invitation))
}
