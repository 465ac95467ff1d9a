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

use crate::components::shell::{NotFound, Shell};
use crate::components::signed_in::SignedIn;
use crate::side::Side;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell side=Side::Customer>
            <Routes fallback=|| view! { <NotFound here=Side::Customer/> }>
                <Route path=path!("/") view=overview::OverviewPage/>
                <Route path=path!("/login") view=login::LoginPage/>
                <Route path=path!("/change/card") view=|| view! { <SignedIn here=Side::Customer><change_card::ChangeCardPage/></SignedIn> }/>
                <Route path=path!("/change/address") view=|| view! { <SignedIn here=Side::Customer><change_address::ChangeAddressPage/></SignedIn> }/>
                <Route path=path!("/change/holder") view=|| view! { <SignedIn here=Side::Customer><change_holder::ChangeHolderPage/></SignedIn> }/>
                <Route path=path!("/timeline") view=timeline::TimelinePage/>
                <Route path=path!("/invitation/:token") view=invitation::InvitationPage/>
            </Routes>
        </Shell>
    }
}
