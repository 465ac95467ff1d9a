//! The shell: language and session state, header, routes.

use crate::api::{self, ApiResult};
use crate::components::acting::ActingBanner;
use crate::components::field::error_key;
use crate::components::header::AppHeader;
use crate::components::idle::IdleWarning;
use crate::components::sign_in_again::{SignInAgain, SignInAgainDialog, use_sign_in_again};
use crate::i18n::tr;
use crate::locale::{I18n, use_i18n};
use crate::nav::{PageHeading, RouteChanges};
use crate::pages::cases::{CasePage, CaseQueuePage};
use crate::pages::change_address::ChangeAddressPage;
use crate::pages::change_card::ChangeCardPage;
use crate::pages::change_holder::ChangeHolderPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::invitation::InvitationPage;
use crate::pages::members::StaffMembersPage;
use crate::pages::staff::{StaffCustomerPage, StaffOnly, StaffSearchPage};
use crate::pages::timeline::TimelinePage;
use crate::pages::{login::LoginPage, overview::OverviewPage};
use leptos::prelude::*;
use leptos_router::components::{A, Redirect, Route, Router, Routes};
use leptos_router::path;
use shared::ErrorCode;
use shared::api::{ActingAs, PrincipalKind, SessionResponse};

/// Who is signed in, as the server says. Refetched after signing in or out.
#[derive(Clone, Copy)]
pub struct Session(pub LocalResource<ApiResult<SessionResponse>>);

impl Session {
    pub fn signed_in(self) -> bool {
        matches!(self.0.get(), Some(Ok(_)))
    }

    /// Not known yet, but the browser's hint says someone signed in here: what will most
    /// likely show can keep its place meanwhile, so nothing jumps when the answer comes.
    pub fn probably_signed_in(self) -> bool {
        self.0.get().is_none() && api::signed_in_hint()
    }

    /// Staff signed in (acting for a customer or not).
    pub fn is_staff(self) -> bool {
        self.0
            .get()
            .and_then(Result::ok)
            .is_some_and(|s| s.principal.kind == PrincipalKind::Staff)
    }

    /// Staff with the admin role (they manage staff accounts).
    pub fn is_admin(self) -> bool {
        self.0.get().and_then(Result::ok).is_some_and(|s| {
            s.principal.kind == PrincipalKind::Staff && s.principal.role.as_deref() == Some("admin")
        })
    }

    /// Whom staff act for now, if anyone.
    pub fn acting_as(self) -> Option<ActingAs> {
        self.0.get().and_then(Result::ok).and_then(|s| s.acting_as)
    }

    /// Asks the server again. Until it answers, the session reads as loading: a resolved
    /// resource keeps its old value while it refetches, and right after signing in that old
    /// value is "not signed in", which sent a quick click on a signed-in page back to sign-in.
    pub fn refresh(self) {
        self.0.set(None);
        self.0.refetch();
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    provide_context(Session(LocalResource::new(api::session)));
    SignInAgain::provide();

    view! {
        <Router>
            <RouteChanges/>
            <AppHeader/>
            <ActingBanner/>
            <IdleWarning/>
            <SignInAgainDialog/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=OverviewPage/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/change/card") view=|| view! { <SignedIn><ChangeCardPage/></SignedIn> }/>
                    <Route path=path!("/change/address") view=|| view! { <SignedIn><ChangeAddressPage/></SignedIn> }/>
                    <Route path=path!("/change/holder") view=|| view! { <SignedIn><ChangeHolderPage/></SignedIn> }/>
                    <Route path=path!("/timeline") view=TimelinePage/>
                    <Route path=path!("/invitation/:token") view=InvitationPage/>
                    <Route path=path!("/staff") view=|| view! { <StaffOnly><StaffSearchPage/></StaffOnly> }/>
                    <Route path=path!("/staff/dashboard") view=|| view! { <StaffOnly><DashboardPage/></StaffOnly> }/>
                    <Route path=path!("/staff/members") view=|| view! { <StaffOnly><StaffMembersPage/></StaffOnly> }/>
                    <Route path=path!("/staff/cases") view=|| view! { <StaffOnly><CaseQueuePage/></StaffOnly> }/>
                    <Route path=path!("/staff/cases/:id") view=|| view! { <StaffOnly><CasePage/></StaffOnly> }/>
                    <Route path=path!("/staff/customers/:id") view=|| view! { <StaffOnly><StaffCustomerPage/></StaffOnly> }/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{i18n.t("app.footer")}</p>
            </footer>
        </Router>
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
        Gate::Out => view! { <Redirect path="/login"/> }.into_any(),
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

#[component]
fn NotFound() -> impl IntoView {
    let i = use_i18n();
    view! {
        <PageHeading text={i.t("notfound.title")}/>
        <p><A href="/">{i.t("notfound.back")}</A></p>
    }
}
