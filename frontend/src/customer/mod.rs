//! The customer's side, built as two apps (`crate::side::Bundle`): [`App`] (sign-in, the
//! overview and the timeline: what every visit opens) and [`ChangesApp`] (the three change flows
//! and the invitation page: what a customer opens to change something). Staff acting for a
//! customer use both (the acting banner says so); their console is `crate::staff`.

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

use crate::components::shell::{NotFound, Shell};
use crate::components::signed_in::SignedIn;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

/// The customer's home: `/`, `/login`, `/timeline` (`src/main.rs`, `frontend/index.html`).
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=overview::OverviewPage/>
                <Route path=path!("/login") view=login::LoginPage/>
                <Route path=path!("/timeline") view=timeline::TimelinePage/>
            </Routes>
        </Shell>
    }
}

/// The customer's changes: `/change/…` and `/invitation/…` (`src/bin/changes.rs`, served from
/// `/changes/`).
#[component]
pub fn ChangesApp() -> impl IntoView {
    view! {
        <Shell>
            <Routes fallback=NotFound>
                <Route path=path!("/change/card") view=|| view! { <SignedIn><change_card::ChangeCardPage/></SignedIn> }/>
                <Route path=path!("/change/address") view=|| view! { <SignedIn><change_address::ChangeAddressPage/></SignedIn> }/>
                <Route path=path!("/change/holder") view=|| view! { <SignedIn><change_holder::ChangeHolderPage/></SignedIn> }/>
                <Route path=path!("/invitation/:token") view=invitation::InvitationPage/>
            </Routes>
        </Shell>
    }
}
