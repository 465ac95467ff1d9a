//! The staff console: find a customer, see them as staff do, keep notes and promises, act for
//! them, decide cases, the dashboard and (admins) the staff members. Its own bundle under
//! `/staff/`; acting for a customer moves to the customer's app (`crate::customer`).

mod cases;
mod chart;
mod console;
mod dashboard;
mod members;

use crate::api;
use crate::components::field::error_key;
use crate::components::shell::{NotFound, Shell};
use crate::i18n::tr;
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use crate::side::{AppLink, Side, SignInFirst};
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;
use shared::ErrorCode;
use shared::api::PrincipalKind;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell side=Side::Staff>
            <Routes fallback=|| view! { <NotFound here=Side::Staff/> }>
                <Route path=path!("/staff") view=|| view! { <StaffOnly><console::StaffSearchPage/></StaffOnly> }/>
                <Route path=path!("/staff/dashboard") view=|| view! { <StaffOnly><dashboard::DashboardPage/></StaffOnly> }/>
                <Route path=path!("/staff/members") view=|| view! { <StaffOnly><members::StaffMembersPage/></StaffOnly> }/>
                <Route path=path!("/staff/cases") view=|| view! { <StaffOnly><cases::CaseQueuePage/></StaffOnly> }/>
                <Route path=path!("/staff/cases/:id") view=|| view! { <StaffOnly><cases::CasePage/></StaffOnly> }/>
                <Route path=path!("/staff/customers/:id") view=|| view! { <StaffOnly><console::StaffCustomerPage/></StaffOnly> }/>
            </Routes>
        </Shell>
    }
}

/// Shows `children` to staff only; customers see that the page is not for them.
#[component]
pub fn StaffOnly(children: ChildrenFn) -> impl IntoView {
    let i = use_i18n();
    // Asked afresh: right after signing in, the shared session may still hold the old answer.
    let session = LocalResource::new(api::session);
    move || match session.get() {
        None => {
            view! { <p class="loading" role="status">{tr(i.lang(), "app.loading")}</p> }.into_any()
        }
        Some(Ok(s)) if s.principal.kind == PrincipalKind::Staff => children().into_any(),
        Some(Ok(_)) => view! {
            <PageHeading text={tr(i.lang(), "staff.forbidden_title")}/>
            <p>{tr(i.lang(), "staff.forbidden")}</p>
            <p><AppLink here=Side::Staff href="/">{tr(i.lang(), "notfound.back")}</AppLink></p>
        }
        .into_any(),
        Some(Err(e)) if e.code == ErrorCode::Unauthenticated => {
            view! { <SignInFirst here=Side::Staff/> }.into_any()
        }
        Some(Err(e)) => view! {
            <div class="form-alert" role="alert"><p>{tr(i.lang(), error_key(e.code))}</p></div>
        }
        .into_any(),
    }
}
