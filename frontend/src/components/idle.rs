//! Warns before the session ends for being idle: a minute before (and so at least 20 s before)
//! the end the server announced, an alert dialog offers "Stay signed in", which asks the server
//! for the session and so keeps it alive.

use crate::api;
use crate::app::use_session;
use crate::components::acting::minutes_seconds;
use crate::components::field::focus_id;
use crate::i18n::tr;
use crate::locale::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// Seconds before the end when the warning shows.
const WARN_SECONDS: i64 = 60;

#[component]
pub fn IdleWarning() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let left = RwSignal::new(None::<i64>);
    set_interval(
        move || {
            let now = js_sys::Date::now();
            let remaining = api::idle_deadline().map(|d| ((d - now) / 1000.0).floor() as i64);
            let shown = match remaining {
                Some(s) if s <= 0 => {
                    // The server has ended the session: let the app find out and go to sign-in.
                    if left.get_untracked().is_some() {
                        session.refresh();
                    }
                    None
                }
                Some(s) if s <= WARN_SECONDS && session.signed_in() => Some(s),
                _ => None,
            };
            let was_shown = left.get_untracked().is_some();
            if shown != left.get_untracked() {
                left.set(shown);
            }
            if shown.is_some() && !was_shown {
                focus_id("idle-stay".into());
            }
        },
        Duration::from_secs(1),
    );
    let stay = move |_| {
        spawn_local(async move {
            let _ = api::session().await;
            left.set(None);
        });
    };
    move || {
        left.get().map(|s| {
            let lang = i.lang();
            view! {
                <div class="idle-backdrop">
                    <div class="idle-dialog" role="alertdialog" aria-modal="true"
                        aria-labelledby="idle-title" aria-describedby="idle-text" data-testid="idle-warning">
                        <h2 id="idle-title">{tr(lang, "idle.title")}</h2>
                        <p id="idle-text">{tr(lang, "idle.text").replace("{time}", &minutes_seconds(s))}</p>
                        <button type="button" id="idle-stay" class="button button--primary" on:click=stay>
                            {tr(lang, "idle.stay")}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
