//! Failure injection for tests: make a multi-step write fail after its n-th step, to prove the
//! transaction leaves nothing behind; or make the next commit stall half way, as a stuck
//! database or a paused process would. Off unless a test arms it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use crate::error::AppError;

#[derive(Clone, Default)]
pub struct FailPoints {
    step: Arc<AtomicUsize>,
    stall_ms: Arc<AtomicU64>,
}

impl FailPoints {
    /// Fail when step `n` (1-based) is reached; 0 turns it off.
    pub fn arm(&self, n: usize) {
        self.step.store(n, Ordering::SeqCst);
    }

    /// The next commit waits this long inside its transaction, once.
    pub fn stall_next_commit(&self, by: Duration) {
        self.stall_ms.store(
            by.as_millis().try_into().unwrap_or(u64::MAX),
            Ordering::SeqCst,
        );
    }

    /// Where a commit stalls when a test asked for it.
    pub async fn stall_point(&self) {
        let ms = self.stall_ms.swap(0, Ordering::SeqCst);
        if ms > 0 {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
    }

    pub fn check(&self, step: usize) -> Result<(), AppError> {
        if self.step.load(Ordering::SeqCst) == step {
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
