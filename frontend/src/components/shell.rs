//! What every page of both apps has: language, session and the sign-in-again dialog as context,
//! header, acting banner, idle warning and footer around the app's routes.

use crate::api;
use crate::components::acting::ActingBanner;
use crate::components::header::AppHeader;
use crate::components::idle::IdleWarning;
use crate::components::offline::OfflineBanner;
use crate::components::sign_in_again::{SignInAgain, SignInAgainDialog};
use crate::locale::{I18n, use_i18n};
use crate::nav::{PageHeading, RouteChanges};
use crate::session::Session;
use crate::side::AppLink;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;

/// `children` are the app's `<Routes>` (or, in an app of one page, its [`OnePage`]). `sign_in_again` is [`sign_in_again_dialog`] in the apps
/// whose pages ask to sign in again over what the person typed (`SignedIn`); an app without it
/// (the home, the sign-in page) carries neither the dialog nor its sign-in form.
#[component]
pub fn Shell(
    children: Children,
    #[prop(optional)] sign_in_again: Option<fn() -> AnyView>,
) -> impl IntoView {
    let i18n = I18n::provide();
    provide_context(Session(LocalResource::new(api::session)));
    SignInAgain::provide();

    view! {
        <Router>
            <RouteChanges/>
            <AppHeader/>
            <ActingBanner/>
            <OfflineBanner/>
            <IdleWarning/>
            {sign_in_again.map(|dialog| dialog())}
            <main id="main" tabindex="-1">
                {children()}
            </main>
            <footer class="site-footer">
                <p>{i18n.t("app.footer")}</p>
            </footer>
        </Router>
    }
}

/// The sign-in-again dialog, for [`Shell`]'s `sign_in_again`.
pub fn sign_in_again_dialog() -> AnyView {
    view! { <SignInAgainDialog/> }.into_any()
}

/// The routes of an app of one page (the home, the sign-in page): `page` at `path`, anything else
/// not found. Leptos's `<Routes>` matches the same, with its nested-route matching in the
/// download: 23 KB of the home's 190 KB (brotli). Inside the `<Router>` (`Shell`), so
/// links, the location and navigation work as in the other apps.
#[component]
pub fn OnePage(path: &'static str, page: fn() -> AnyView) -> impl IntoView {
    let location = use_location();
    let here = Memo::new(move |_| location.pathname.with(|p| p == path));
    move || {
        if here.get() {
            page()
        } else {
            view! { <NotFound/> }.into_any()
        }
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i = use_i18n();
    view! {
        <PageHeading text={i.t("notfound.title")}/>
        <p><AppLink href="/">{i.t("notfound.back")}</AppLink></p>
    }
}
