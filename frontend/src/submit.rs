//! One write at a time: the pattern every form and button that changes something uses.
//!
//! `run` starts the write unless one is already on its way (a second Enter or click sends
//! nothing), and `pending` is true until the write and what it does with its answer are done;
//! buttons are disabled by it. This is leptos's `Action` minus what the app does not use (the
//! input and value signals): an `Action` per input type cost the customer's bundle 6 KB of
//! brotli for twelve of them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

#[derive(Clone, Copy)]
pub struct Submit {
    busy: RwSignal<bool>,
}

impl Submit {
    pub fn new() -> Submit {
        Submit {
            busy: RwSignal::new(false),
        }
    }

    /// True while a write is on its way.
    pub fn pending(self) -> ReadSignal<bool> {
        self.busy.read_only()
    }

    /// Starts `work` unless a write is on its way; false when it did not start.
    pub fn run(self, work: impl Future<Output = ()> + 'static) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        spawn_local(async move {
            work.await;
            // The page may be gone by now (a sign-in that moved on): then there is no button.
            let _ = self.busy.try_set(false);
        });
        true
    }
}

impl Default for Submit {
    fn default() -> Self {
        Submit::new()
    }
}
