//! Whether the service can be reached, as this browser sees it: a request got no answer at all
//! (the network, a server that is gone, the timeout), or the browser says it is offline. The
//! banner (`components/offline.rs`) shows it, and it goes by itself: any answer clears it, and
//! while it stands a probe asks `/healthz` every few seconds (not the API: a probe must not keep
//! an idle session alive).

use gloo_net::http::Request;
use leptos::prelude::*;
use leptos::task::spawn_local;

const PROBE_EVERY_MS: u32 = 5_000;

thread_local! {
    static DOWN: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// True while requests get no answer.
pub fn down() -> ArcRwSignal<bool> {
    DOWN.with(Clone::clone)
}

/// A request got no answer: the banner shows, and the probe starts.
pub fn no_answer() {
    let down = down();
    if down.get_untracked() {
        return;
    }
    down.set(true);
    spawn_local(async move {
        while down.get_untracked() {
            gloo_timers::future::TimeoutFuture::new(PROBE_EVERY_MS).await;
            if probe().await {
                answered();
            }
        }
    });
}

/// An answer came (of any status): the service is there.
pub fn answered() {
    let down = down();
    if down.get_untracked() {
        down.set(false);
    }
}

async fn probe() -> bool {
    let signal = web_sys::AbortSignal::timeout_with_u32(crate::api::TIMEOUT_MS);
    match Request::get("/healthz").abort_signal(Some(&signal)).build() {
        Ok(request) => request.send().await.is_ok(),
        Err(_) => false,
    }
}
