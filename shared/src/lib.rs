//! Types and rules shared by the backend and the frontend.
//!
//! Nothing in here does I/O, so it compiles for `wasm32-unknown-unknown` and native alike.
//! Domain values are newtypes that can only be built valid (`parse`, not `validate`).

pub mod api;
pub mod bundle;
pub mod domain;
pub mod error;

pub use bundle::Bundle;
pub use error::{ApiError, ErrorCode};
