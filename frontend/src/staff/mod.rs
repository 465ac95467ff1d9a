//! The staff console: find a customer, see them as staff do, keep notes and promises, act for
//! them, decide cases, the dashboard and (admins) the staff members. Its own bundle under
//! `/staff/`; acting for a customer moves to the customer's app (`crate::customer`).

mod cases;
mod chart;
mod console;
mod dashboard;
mod members;

use crate::components::shell::{Shell, sign_in_again_dialog};
use crate::components::signed_in::SignedIn;
use crate::i18n::tr;
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use crate::routes::{Page, Pages};
use crate::session::use_session;
use crate::side::AppLink;
use leptos::prelude::*;

static PAGES: [Page; 6] = [
    Page {
        path: "/staff",
        view: |_| view! { <StaffOnly><console::StaffSearchPage/></StaffOnly> }.into_any(),
    },
    Page {
        path: "/staff/dashboard",
        view: |_| view! { <StaffOnly><dashboard::DashboardPage/></StaffOnly> }.into_any(),
    },
    Page {
        path: "/staff/members",
        view: |_| view! { <StaffOnly><members::StaffMembersPage/></StaffOnly> }.into_any(),
    },
    Page {
        path: "/staff/cases",
        view: |_| view! { <StaffOnly><cases::CaseQueuePage/></StaffOnly> }.into_any(),
    },
    Page {
        path: "/staff/cases/:id",
        view: |p| {
            let id = p.get("id");
            view! { <StaffOnly><cases::CasePage id=id.clone()/></StaffOnly> }.into_any()
        },
    },
    Page {
        path: "/staff/customers/:id",
        view: |p| {
            let id = p.get("id");
            view! { <StaffOnly><console::StaffCustomerPage id=id.clone()/></StaffOnly> }.into_any()
        },
    },
];

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell sign_in_again=sign_in_again_dialog>
            <Pages pages=&PAGES/>
        </Shell>
    }
}

/// Shows `children` to staff only (signed in: the shared gate); a customer sees that the
/// console is not for them.
#[component]
pub fn StaffOnly(children: ChildrenFn) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    view! {
        <SignedIn>
            {
                let children = children.clone();
                // Decided once, when the gate opens: a later refetch of the session must not
                // redraw the page (and throw away what was typed). Only the refusal follows
                // the language.
                move || {
                    if untrack(move || session.is_staff()) {
                        children().into_any()
                    } else {
                        view! {
                            <PageHeading text={tr(i.lang(), "staff.forbidden_title")}/>
                            <p>{tr(i.lang(), "staff.forbidden")}</p>
                            <p><AppLink href="/">{tr(i.lang(), "notfound.back")}</AppLink></p>
                        }
                        .into_any()
                    }
                }
            }
        </SignedIn>
    }
}
