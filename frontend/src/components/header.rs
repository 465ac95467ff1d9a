//! Skip link, brand, language switch and sign out.

use crate::api;
use crate::components::lang_switch::LangSwitch;
use crate::locale::use_i18n;
use crate::session::use_session;
use crate::side::{AppLink, use_go};
use crate::submit::Submit;
use leptos::prelude::*;
use shared::ErrorCode;

#[component]
pub fn AppHeader() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let go = use_go();
    let submit = Submit::new();
    let signing_out = submit.pending();
    // The server did not end the session: saying so beats a sign-in page over a live session.
    let failed = RwSignal::new(false);

    let sign_out = move |_| {
        let go = go.clone();
        failed.set(false);
        submit.run(async move {
            let result = api::logout().await;
            match result {
                // Signed out, or the session had already ended.
                Ok(()) => {}
                Err(e) if e.code == ErrorCode::Unauthenticated => {}
                Err(_) => return failed.set(true),
            }
            session.refresh();
            go("/login");
        });
    };

    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document().get_element_by_id("main") {
            use wasm_bindgen::JsCast;
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = main.focus();
                main.scroll_into_view();
            }
        }
    };

    view! {
        <a class="skip-link" href="#main" on:click=skip>{i.t("app.skip")}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    <span class="brand__name">{i.t("app.name")}</span>
                    <span class="brand__tagline">{i.t("app.tagline")}</span>
                </a>
                <nav class="site-nav" aria-label=i.t("app.nav")>
                    <Show when=move || session.is_staff()>
                        <ul class="site-nav__links">
                            <li><AppLink href="/staff" exact=true>{i.t("nav.staff")}</AppLink></li>
                            <li><AppLink href="/staff/cases">{i.t("nav.cases")}</AppLink></li>
                            <li><AppLink href="/staff/dashboard">{i.t("nav.dashboard")}</AppLink></li>
                            <Show when=move || session.is_admin()>
                                <li><AppLink href="/staff/members">{i.t("nav.members")}</AppLink></li>
                            </Show>
                        </ul>
                    </Show>
                    <Show when=move || session.signed_in() && (!session.is_staff() || session.acting_as().is_some())>
                        <ul class="site-nav__links">
                            <li><AppLink href="/" exact=true>{i.t("nav.overview")}</AppLink></li>
                            <li><AppLink href="/timeline">{i.t("nav.timeline")}</AppLink></li>
                        </ul>
                    </Show>
                    // Until the session is known: the customer's links and the sign-out
                    // button hold their space, unseen (on a phone they make the header a row
                    // taller, and the page jumped by it).
                    <Show when=move || session.probably_signed_in()>
                        <ul class="site-nav__links" style="visibility: hidden" aria-hidden="true">
                            <li><span>{i.t("nav.overview")}</span></li>
                            <li><span>{i.t("nav.timeline")}</span></li>
                        </ul>
                    </Show>
                    <LangSwitch/>
                    <Show when=move || session.probably_signed_in()>
                        <span class="button button--secondary" style="visibility: hidden" aria-hidden="true">
                            {i.t("app.sign_out")}
                        </span>
                    </Show>
                    <Show when=move || session.signed_in()>
                        <button
                            type="button"
                            class="button button--secondary"
                            on:click=sign_out.clone()
                            disabled=move || signing_out.get()
                        >
                            {i.t("app.sign_out")}
                        </button>
                    </Show>
                </nav>
            </div>
            <Show when=move || failed.get()>
                <p class="form-alert site-header__alert" role="alert">{i.t("app.sign_out_failed")}</p>
            </Show>
        </header>
    }
}
