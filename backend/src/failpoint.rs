//! Failure injection for tests: make a multi-step write fail after its n-th step, to prove the
//! transaction leaves nothing behind. Off (0) unless a test arms it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::AppError;

#[derive(Clone, Default)]
pub struct FailPoints(Arc<AtomicUsize>);

impl FailPoints {
    /// Fail when step `n` (1-based) is reached; 0 turns it off.
    pub fn arm(&self, n: usize) {
        self.0.store(n, Ordering::SeqCst);
    }

    pub fn check(&self, step: usize) -> Result<(), AppError> {
        if self.0.load(Ordering::SeqCst) == step {
            return Err(AppError::Internal(anyhow::anyhow!(
                "injected failure at step {step}"
            )));
        }
        Ok(())
    }
}

/// Counts the steps of one apply.
pub struct Steps<'a> {
    points: &'a FailPoints,
    n: usize,
}

impl<'a> Steps<'a> {
    pub fn new(points: &'a FailPoints) -> Self {
        Steps { points, n: 0 }
    }

    pub fn done(&mut self) -> Result<(), AppError> {
        self.n += 1;
        self.points.check(self.n)
    }
}
