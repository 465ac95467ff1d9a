//! Counts the SQL statements sqlx runs, for `bench http`'s statements per request: a tracing
//! layer on sqlx's statement log (target `sqlx::query`), switched on only while counting, so a
//! timed run pays one flag load per statement and no formatting of its SQL.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tracing::subscriber::Interest;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::DynFilterFn;
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;

static INSTALLED: AtomicBool = AtomicBool::new(false);
static COUNTING: AtomicBool = AtomicBool::new(false);
static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

const TARGET: &str = "sqlx::query";

struct Count;

impl<S: tracing::Subscriber> Layer<S> for Count {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        // Opening a pooled SQLite connection runs its PRAGMAs: pool warm-up, not a request's.
        let mut pragma = false;
        event.record(&mut |_: &tracing::field::Field, v: &dyn std::fmt::Debug| {
            pragma |= format!("{v:?}").contains("PRAGMA");
        });
        if !pragma {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// The layer to add to the process's subscriber (only for `bench http`).
pub fn layer<S>() -> impl Layer<S>
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    INSTALLED.store(true, Ordering::SeqCst);
    let filter =
        DynFilterFn::new(|meta, _| meta.target() == TARGET && COUNTING.load(Ordering::Relaxed))
            .with_callsite_filter(|meta| {
                if meta.target() == TARGET {
                    Interest::sometimes()
                } else {
                    Interest::never()
                }
            });
    Count.with_filter(filter)
}

/// The statements run while `work` runs (nothing else may run meanwhile), or `None` when the
/// layer is not installed.
pub async fn during<T>(work: impl Future<Output = T>) -> (T, Option<usize>) {
    let start = STATEMENTS.load(Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    let out = work.await;
    COUNTING.store(false, Ordering::SeqCst);
    let n = STATEMENTS.load(Ordering::SeqCst) - start;
    (out, INSTALLED.load(Ordering::SeqCst).then_some(n))
}
