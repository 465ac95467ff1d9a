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

/// `children` are the app's `<Routes>`.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
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
            <SignInAgainDialog/>
            <main id="main" tabindex="-1">
                {children()}
            </main>
            <footer class="site-footer">
                <p>{i18n.t("app.footer")}</p>
            </footer>
        </Router>
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
