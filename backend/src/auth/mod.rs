//! Sign-in, sessions, password re-checks and the rate limiter.

pub mod csrf;
pub mod password;
pub mod principal;
pub mod rate_limit;
pub mod routes;
pub mod session;

pub use session::{CurrentSession, CustomerAuth, Session};
