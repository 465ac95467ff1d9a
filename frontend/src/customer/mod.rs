//! The customer's side, built as three apps (`crate::side::Bundle`): [`App`] (the overview: what
//! a signed-in customer opens), [`SignInApp`] (the sign-in page: what everyone else opens) and
//! [`ChangesApp`] (the three change flows, the invitation page and the timeline). Each first
//! visit downloads one small app. Staff acting for a customer use them too (the acting banner
//! says so); their console is `crate::staff`.

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

use crate::components::shell::{NotFound, OnePage, Shell, sign_in_again_dialog};
use crate::components::signed_in::SignedIn;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

/// The customer's home: `/` (`src/main.rs`, `frontend/index.html`).
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell>
            <OnePage path="/" page=|| view! { <overview::OverviewPage/> }.into_any()/>
        </Shell>
    }
}

/// The sign-in page: `/login` (`src/bin/sign_in.rs`, served from `/sign-in/`).
#[component]
pub fn SignInApp() -> impl IntoView {
    view! {
        <Shell>
            <OnePage path="/login" page=|| view! { <login::LoginPage/> }.into_any()/>
        </Shell>
    }
}

/// The customer's changes and what changed: `/change/…`, `/invitation/…` and `/timeline`
/// (`src/bin/changes.rs`, served from `/changes/`).
#[component]
pub fn ChangesApp() -> impl IntoView {
    view! {
        <Shell sign_in_again=sign_in_again_dialog>
            <Routes fallback=NotFound>
                <Route path=path!("/change/card") view=|| view! { <SignedIn><change_card::ChangeCardPage/></SignedIn> }/>
                <Route path=path!("/change/address") view=|| view! { <SignedIn><change_address::ChangeAddressPage/></SignedIn> }/>
                <Route path=path!("/change/holder") view=|| view! { <SignedIn><change_holder::ChangeHolderPage/></SignedIn> }/>
                <Route path=path!("/invitation/:token") view=invitation::InvitationPage/>
                <Route path=path!("/timeline") view=timeline::TimelinePage/>
            </Routes>
        </Shell>
    }
}
