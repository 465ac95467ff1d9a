//! Seeding: the demo data of API.md, and (later) bulk data for benchmarks.

pub mod bulk;
pub mod demo;
mod rows;

pub use rows::{Row as SeedRow, V, insert, insert_many};

pub use crate::search_terms::fold;
