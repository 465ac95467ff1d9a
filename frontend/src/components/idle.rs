//! Warns before the session ends for being idle: a minute before (and so at least 20 s before)
//! the end the server announced, an alert dialog offers "Stay signed in", which asks the server
//! for the session and so keeps it alive.
//!
//! A real modal: a `<dialog>` opened with `showModal()`, so the browser keeps the focus inside
//! it and everything behind it inert, and Escape closes it (which counts as staying). When it
//! closes the focus goes back to where it was when it opened.

use crate::api;
use crate::components::acting::minutes_seconds;
use crate::components::field::focus_id;
use crate::i18n::tr;
use crate::locale::use_i18n;
use crate::session::use_session;
use crate::submit::Submit;
use leptos::html::Dialog;
use leptos::prelude::*;
use shared::ErrorCode;
use std::time::Duration;
use wasm_bindgen::JsCast;

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
            if shown != left.get_untracked() {
                left.set(shown);
            }
        },
        Duration::from_secs(1),
    );
    let dialog = NodeRef::<Dialog>::new();
    // Staying failed (no answer, a server error): said in the dialog, which stays open.
    let failed = RwSignal::new(false);
    let staying = Submit::new();
    let stay = move || {
        failed.set(false);
        staying.run(async move {
            let result = api::session().await;
            match result {
                Ok(_) => left.set(None),
                // Ended meanwhile: the app finds out and asks to sign in again.
                Err(e) if e.code == ErrorCode::Unauthenticated => {
                    left.set(None);
                    session.refresh();
                }
                Err(_) => {
                    failed.set(true);
                    // Escape closed it: open it again to say so.
                    if let Some(d) = dialog.get_untracked()
                        && !d.open()
                    {
                        let _ = d.show_modal();
                    }
                    focus_id("idle-stay".into());
                }
            }
        });
    };
    // Where the focus was when the warning opened.
    let returning = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let open = Memo::new(move |_| left.get().is_some());
    Effect::new(move |_| {
        let open = open.get();
        let Some(dialog) = dialog.get() else { return };
        if open && !dialog.open() {
            returning.set_value(
                document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
            let _ = dialog.show_modal();
            focus_id("idle-stay".into());
        } else if !open && dialog.open() {
            dialog.close();
        }
        if !open && let Some(el) = returning.get_value() {
            returning.set_value(None);
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    });
    // Closed by the browser (Escape): the person is there, so that is staying too.
    let on_close = move |_| {
        if left.get_untracked().is_some() {
            stay();
        }
    };

    view! {
        <dialog node_ref=dialog class="modal" role="alertdialog" aria-modal="true"
            aria-labelledby="idle-title" aria-describedby="idle-text" data-testid="idle-warning"
            on:close=on_close>
            {move || left.get().map(|s| {
                let lang = i.lang();
                view! {
                    <h2 id="idle-title">{tr(lang, "idle.title")}</h2>
                    <p id="idle-text">{tr(lang, "idle.text").replace("{time}", &minutes_seconds(s))}</p>
                    {move || failed.get().then(|| view! {
                        <p class="form-alert" role="alert">{tr(lang, "idle.stay_failed")}</p>
                    })}
                    <button type="button" id="idle-stay" class="button button--primary"
                        on:click=move |_| stay()>
                        {tr(lang, "idle.stay")}
                    </button>
                }
            })}
        </dialog>
    }
}
