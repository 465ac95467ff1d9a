//! When the session ends in the middle of something (idle timeout, signed out in another tab), the
//! page stays as it is and a dialog asks the person to sign in again. Going to the sign-in page
//! instead would unmount the flow and lose what they typed; here they continue where they were,
//! with the focus back on the control they last used.

use crate::components::field::focus_id;
use crate::components::login_form::LoginForm;
use crate::locale::use_i18n;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use shared::api::{LoginResponse, PrincipalKind};
use wasm_bindgen::JsCast;

/// Everything outside the dialog: inert while it is open, so Tab stays inside it (a modal that
/// lets focus wander behind it is a trap for keyboard users) and nothing behind it can be used.
const BEHIND: [&str; 4] = [".skip-link", ".site-header", "#main", ".site-footer"];

#[derive(Clone, Copy)]
pub struct SignInAgain {
    open: RwSignal<bool>,
}

impl SignInAgain {
    pub fn provide() {
        provide_context(SignInAgain {
            open: RwSignal::new(false),
        });
    }

    /// The server answered 401: ask to sign in again, keeping the page as it is.
    pub fn ask(self) {
        self.open.set(true);
    }
}

pub fn use_sign_in_again() -> SignInAgain {
    expect_context::<SignInAgain>()
}

fn set_inert(inert: bool) {
    for selector in BEHIND {
        if let Ok(Some(el)) = document().query_selector(selector) {
            let _ = if inert {
                el.set_attribute("inert", "")
            } else {
                el.remove_attribute("inert")
            };
        }
    }
}

#[component]
pub fn SignInAgainDialog() -> impl IntoView {
    let i = use_i18n();
    let again = use_sign_in_again();
    let session = use_session();
    // Where the person was, and who they were: only the same person gets the page back.
    let returning = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let was = StoredValue::new(None::<String>);
    // Leaving the page (signing out from the header, following a link) leaves the question too:
    // it is about the page that was shown.
    let location = use_location();
    Effect::new(move |prev: Option<String>| {
        let path = location.pathname.get();
        if prev.is_some_and(|p| p != path) {
            again.open.set(false);
        }
        path
    });
    Effect::new(move |_| {
        if let Some(Ok(s)) = session.0.get() {
            was.set_value(Some(s.principal.id));
        }
    });
    Effect::new(move |_| {
        let open = again.open.get();
        if open {
            returning.set_value(
                document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
            focus_id("again-login".into());
        }
        set_inert(open);
    });
    let on_signed_in = Callback::new(move |r: LoginResponse| {
        if was.get_value().as_deref() != Some(r.principal.id.as_str()) {
            // Someone else signed in: nothing of the previous person's page may stay on screen.
            let home = if r.principal.kind == PrincipalKind::Staff {
                "/staff"
            } else {
                "/"
            };
            let _ = window().location().assign(home);
            return;
        }
        again.open.set(false);
        // Not inert any more before the focus moves back (the effect would do it too late).
        set_inert(false);
        if let Some(el) = returning.get_value() {
            let _ = el.focus();
        }
    });
    move || {
        again.open.get().then(|| {
            view! {
                <div class="idle-backdrop">
                    <div class="idle-dialog" role="dialog" aria-modal="true"
                        aria-labelledby="again-title" aria-describedby="again-intro" data-testid="sign-in-again">
                        <h2 id="again-title">{i.t("login.again_title")}</h2>
                        <p id="again-intro">{i.t("login.again_intro")}</p>
                        <LoginForm id_prefix="again-" on_signed_in/>
                    </div>
                </div>
            }
        })
    }
}
