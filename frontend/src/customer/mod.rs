//! The customer's app: sign-in, the overview, the three change flows, the timeline and the
//! invitation page. Staff acting for a customer use it too (the acting banner says so); their
//! console is the other app (`crate::staff`).

mod actions;
mod block_card;
mod change_address;
mod change_card;
mod change_holder;
mod choices;
mod confirm;
mod flow;
mod invitation;
mod login;
mod overview;
mod scheduled;
mod skeleton;
mod steps;
mod timeline;
mod upload;

use crate::components::field::error_key;
use crate::components::shell::{NotFound, Shell};
use crate::components::sign_in_again::use_sign_in_again;
use crate::i18n::tr;
use crate::locale::use_i18n;
use crate::session::use_session;
use crate::side::{Side, SignInFirst};
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;
use shared::ErrorCode;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell side=Side::Customer>
            <Routes fallback=|| view! { <NotFound here=Side::Customer/> }>
                <Route path=path!("/") view=overview::OverviewPage/>
                <Route path=path!("/login") view=login::LoginPage/>
                <Route path=path!("/change/card") view=|| view! { <SignedIn><change_card::ChangeCardPage/></SignedIn> }/>
                <Route path=path!("/change/address") view=|| view! { <SignedIn><change_address::ChangeAddressPage/></SignedIn> }/>
                <Route path=path!("/change/holder") view=|| view! { <SignedIn><change_holder::ChangeHolderPage/></SignedIn> }/>
                <Route path=path!("/timeline") view=timeline::TimelinePage/>
                <Route path=path!("/invitation/:token") view=invitation::InvitationPage/>
            </Routes>
        </Shell>
    }
}

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
fn SignedIn(children: ChildrenFn) -> impl IntoView {
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
        Gate::Out => view! { <SignInFirst here=Side::Customer/> }.into_any(),
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
