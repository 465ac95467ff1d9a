//! Changes over HTTP: preview a plan, commit it (idempotent, atomic), read changes back.

mod card_activation;
pub mod idempotency;
pub mod routes;
mod view;

pub use routes::router;
