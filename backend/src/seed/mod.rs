//! Seeding: the demo data of API.md, bulk customers for benchmarks, and a past for them.

pub mod bulk;
pub mod demo;
pub mod history;
mod history_words;
mod rows;
pub mod seeder;
pub mod story;

pub use rows::{Row as SeedRow, V, insert, insert_many};

pub use crate::search_terms::fold;
