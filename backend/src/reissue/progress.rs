//! How far a run is: done/total, rate and time left, redrawn in place on a terminal and written
//! as log lines otherwise (a job runner's log, a pipe).

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub struct Progress {
    /// Customers of the run.
    total: u64,
    /// Done before this pass started (a resumed run).
    before: u64,
    done: AtomicU64,
    failed: AtomicU64,
    started: Instant,
}

impl Progress {
    pub fn new(total: u64, before: u64) -> Arc<Progress> {
        Arc::new(Progress {
            total,
            before,
            done: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            started: Instant::now(),
        })
    }

    pub fn add(&self, done: u64, failed: u64) {
        self.done.fetch_add(done, Ordering::Relaxed);
        self.failed.fetch_add(failed, Ordering::Relaxed);
    }

    /// Customers done in this pass.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    pub fn line(&self) -> String {
        let done = self.done();
        let failed = self.failed.load(Ordering::Relaxed);
        let secs = self.elapsed().as_secs_f64();
        let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
        let left = self.total.saturating_sub(self.before + done + failed);
        let eta = if rate > 0.0 {
            format_duration(Duration::from_secs_f64(left as f64 / rate))
        } else {
            "–".into()
        };
        format!(
            "{} / {} customers done, {failed} failed, {rate:.0}/s, {eta} left",
            self.before + done,
            self.total
        )
    }
}

fn format_duration(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Reports until dropped: every second in place on a terminal, every five seconds as a line
/// otherwise, and once more when the run ends.
pub struct Reporter {
    task: Option<tokio::task::JoinHandle<()>>,
    progress: Arc<Progress>,
    terminal: bool,
}

impl Reporter {
    pub fn start(progress: Arc<Progress>) -> Reporter {
        let terminal = std::io::stderr().is_terminal();
        let every = Duration::from_secs(if terminal { 1 } else { 5 });
        let p = progress.clone();
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.tick().await;
            loop {
                tick.tick().await;
                print(&p, terminal);
            }
        });
        Reporter {
            task: Some(task),
            progress,
            terminal,
        }
    }
}

fn print(p: &Progress, terminal: bool) {
    let mut err = std::io::stderr().lock();
    let _ = if terminal {
        write!(err, "\r\x1b[2K{}", p.line())
    } else {
        writeln!(err, "reissue: {}", p.line())
    };
    let _ = err.flush();
}

impl Drop for Reporter {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
        print(&self.progress, self.terminal);
        if self.terminal {
            eprintln!();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resumed_run_counts_what_was_done_before() {
        let p = Progress::new(100, 40);
        p.add(10, 2);
        let line = p.line();
        assert!(
            line.starts_with("50 / 100 customers done, 2 failed"),
            "{line}"
        );
        assert_eq!(format_duration(Duration::from_secs(3_725)), "1:02:05");
    }
}
