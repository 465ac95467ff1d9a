//! The customer's own data.

pub mod overview;
pub mod timeline;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/me", get(overview::me))
        .route("/api/timeline", get(timeline::timeline))
}
