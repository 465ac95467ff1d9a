//! Changes over HTTP: preview a plan, commit it (idempotent, atomic), read, cancel, dispute.

mod address;
mod card_activation;
pub mod dispute;
pub mod documents;
mod holder;
pub mod idempotency;
pub mod routes;
mod view;

pub use routes::router;
