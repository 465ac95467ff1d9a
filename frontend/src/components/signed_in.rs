//! The gate of every page that needs someone signed in, in both apps.

use crate::components::field::error_key;
use crate::components::sign_in_again::use_sign_in_again;
use crate::i18n::tr;
use crate::locale::use_i18n;
use crate::session::use_session;
use crate::side::SignInFirst;
use leptos::prelude::*;
use shared::ErrorCode;

/// What [`SignedIn`] shows; a memo of it renders the page once, not again on every refetch of
/// the session (which would throw away what the person typed).
#[derive(Clone, Copy, PartialEq)]
enum Gate {
    Loading,
    In,
    Out,
    Failed(&'static str),
}

/// Shows `children` once the session is known to be signed in; otherwise goes to sign-in. Once
/// shown, the page stays: a session that ends later asks to sign in again over it.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let again = use_sign_in_again();
    let shown = StoredValue::new(false);
    let gate = Memo::new(move |_| {
        if shown.get_value() {
            return Gate::In;
        }
        match session.0.get() {
            None => Gate::Loading,
            Some(Ok(_)) => {
                shown.set_value(true);
                Gate::In
            }
            Some(Err(e)) if e.code == ErrorCode::Unauthenticated => Gate::Out,
            Some(Err(e)) => Gate::Failed(error_key(e.code)),
        }
    });
    Effect::new(move |_| {
        let ended = matches!(session.0.get(), Some(Err(e)) if e.code == ErrorCode::Unauthenticated);
        if ended && shown.get_value() {
            again.ask();
        }
    });
    move || {
        match gate.get() {
        Gate::Loading => {
            view! { <p class="loading" role="status">{tr(i.lang(), "app.loading")}</p> }.into_any()
        }
        Gate::In => children().into_any(),
        Gate::Out => view! { <SignInFirst/> }.into_any(),
        // The server could not be asked (unreachable, 503): say so, and offer to ask again.
        Gate::Failed(key) => view! {
            <div class="form-alert" role="alert">
                <p>{tr(i.lang(), key)}</p>
                <button type="button" class="button button--secondary" on:click=move |_| session.refresh()>
                    {tr(i.lang(), "app.retry")}
                </button>
            </div>
        }
        .into_any(),
    }
    }
}
