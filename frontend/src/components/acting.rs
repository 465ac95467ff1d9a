//! The banner on every page while staff act for a customer: whom, why, how long still, and Stop.
//! Not dismissible: it goes away only when acting ends.

use crate::api;
use crate::i18n::tr;
use crate::locale::use_i18n;
use crate::session::use_session;
use crate::side::use_go;
use crate::submit::Submit;
use leptos::prelude::*;
use shared::ErrorCode;
use std::time::Duration;

/// `125` seconds → `2:05`.
pub fn minutes_seconds(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}:{:02}", s / 60, s % 60)
}

fn seconds_until(at: &str) -> i64 {
    let end = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(at)).get_time();
    if end.is_nan() {
        return 0;
    }
    ((end - js_sys::Date::now()) / 1000.0).floor() as i64
}

#[component]
pub fn ActingBanner() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let go = use_go();
    let now = RwSignal::new(0u64);
    let submit = Submit::new();
    let stopping = submit.pending();
    // Acting did not end on the server: the banner stays, and says so.
    let failed = RwSignal::new(false);
    // The countdown ticks once a second for as long as the app runs.
    set_interval(move || now.update(|n| *n += 1), Duration::from_secs(1));

    let stop = move |customer_id: String| {
        let go = go.clone();
        failed.set(false);
        submit.run(async move {
            let result = api::stop_acting().await;
            match result {
                Ok(()) => {}
                // The session ended, and acting with it.
                Err(e) if e.code == ErrorCode::Unauthenticated => {}
                Err(_) => return failed.set(true),
            }
            session.refresh();
            go(&format!("/staff/customers/{customer_id}"));
        });
    };

    move || {
        session.acting_as().map(|acting| {
            let lang = i.lang();
            let stop = stop.clone();
            let expires = acting.expires_at.clone();
            let left = move || {
                now.track();
                minutes_seconds(seconds_until(&expires))
            };
            let id = acting.customer_id.clone();
            view! {
                <div class="acting-banner" role="region" aria-label=tr(lang, "acting.label") data-testid="acting-banner">
                    <p class="acting-banner__who">
                        {tr(lang, "acting.as").replace("{name}", &acting.customer_name)}
                    </p>
                    <p class="acting-banner__why">{format!("{} {}", tr(lang, "acting.reason"), acting.reason)}</p>
                    <p class="acting-banner__left">
                        {tr(lang, "acting.left")}" "<span data-testid="acting-left">{left}</span>
                    </p>
                    <button type="button" class="button button--secondary" disabled=move || stopping.get()
                        on:click=move |_| stop(id.clone())>
                        {tr(lang, "acting.stop")}
                    </button>
                    {move || failed.get().then(|| view! {
                        <p class="form-alert" role="alert">{tr(lang, "acting.stop_failed")}</p>
                    })}
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::minutes_seconds;

    #[test]
    fn time_left_reads_minutes_and_seconds() {
        assert_eq!(minutes_seconds(125), "2:05");
        assert_eq!(minutes_seconds(0), "0:00");
        assert_eq!(minutes_seconds(-3), "0:00");
    }
}
