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

use crate::components::shell::{Shell, sign_in_again_dialog};
use crate::components::signed_in::SignedIn;
use crate::routes::{Page, Pages};
use leptos::prelude::*;

static HOME: [Page; 1] = [Page {
    path: "/",
    view: |_| view! { <overview::OverviewPage/> }.into_any(),
}];

static SIGN_IN: [Page; 1] = [Page {
    path: "/login",
    view: |_| view! { <login::LoginPage/> }.into_any(),
}];

static CHANGES: [Page; 5] = [
    Page {
        path: "/change/card",
        view: |_| view! { <SignedIn><change_card::ChangeCardPage/></SignedIn> }.into_any(),
    },
    Page {
        path: "/change/address",
        view: |_| view! { <SignedIn><change_address::ChangeAddressPage/></SignedIn> }.into_any(),
    },
    Page {
        path: "/change/holder",
        view: |_| view! { <SignedIn><change_holder::ChangeHolderPage/></SignedIn> }.into_any(),
    },
    Page {
        path: "/invitation/:token",
        view: |p| view! { <invitation::InvitationPage token=p.get("token")/> }.into_any(),
    },
    Page {
        path: "/timeline",
        view: |_| view! { <timeline::TimelinePage/> }.into_any(),
    },
];

/// The customer's home: `/` (`src/main.rs`, `frontend/index.html`).
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell>
            <Pages pages=&HOME/>
        </Shell>
    }
}

/// The sign-in page: `/login` (`src/bin/sign_in.rs`, served from `/sign-in/`).
#[component]
pub fn SignInApp() -> impl IntoView {
    view! {
        <Shell>
            <Pages pages=&SIGN_IN/>
        </Shell>
    }
}

/// The customer's changes and what changed: `/change/…`, `/invitation/…` and `/timeline`
/// (`src/bin/changes.rs`, served from `/changes/`).
#[component]
pub fn ChangesApp() -> impl IntoView {
    view! {
        <Shell sign_in_again=sign_in_again_dialog>
            <Pages pages=&CHANGES/>
        </Shell>
    }
}
