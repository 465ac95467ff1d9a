//! `carryover bench …`: figures measured on the configured database, printed as tables.

mod commit;
mod search;

pub use commit::commit;
pub use search::search;

use std::time::Duration;

/// The value at quantile `p` of sorted samples (nearest rank).
pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
