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

/// `children` are the app's pages (`crate::routes::Pages`). `sign_in_again` is [`sign_in_again_dialog`] in the apps
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

#[component]
pub fn NotFound() -> impl IntoView {
    let i = use_i18n();
    view! {
        <PageHeading text={i.t("notfound.title")}/>
        <p><AppLink href="/">{i.t("notfound.back")}</AppLink></p>
    }
}
