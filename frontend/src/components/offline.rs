//! The banner that says the service cannot be reached right now, on every page of both apps.
//! Polite (a status, not an alert): the page's own message about the failed action is the
//! alert. It goes by itself when the browser is back online and the service answers.

use crate::i18n::tr;
use crate::locale::use_i18n;
use crate::network;
use leptos::ev;
use leptos::prelude::*;

#[component]
pub fn OfflineBanner() -> impl IntoView {
    let i = use_i18n();
    let down = network::down();
    let offline = RwSignal::new(!window().navigator().on_line());
    let on_offline = window_event_listener(ev::offline, move |_| offline.set(true));
    let on_online = window_event_listener(ev::online, move |_| offline.set(false));
    on_cleanup(move || {
        on_offline.remove();
        on_online.remove();
    });
    let key = move || {
        if offline.get() {
            Some("network.offline")
        } else if down.get() {
            Some("network.down")
        } else {
            None
        }
    };
    view! {
        <div class="network-banner-slot" role="status" data-testid="network-banner">
            {move || key().map(|k| view! { <p class="network-banner">{tr(i.lang(), k)}</p> })}
        </div>
    }
}
