//! The shell: language and session state, header, routes.

use crate::api::{self, ApiResult};
use crate::components::header::AppHeader;
use crate::locale::{I18n, use_i18n};
use crate::pages::{login::LoginPage, overview::OverviewPage};
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use shared::api::SessionResponse;

/// Who is signed in, as the server says. Refetched after signing in or out.
#[derive(Clone, Copy)]
pub struct Session(pub LocalResource<ApiResult<SessionResponse>>);

impl Session {
    pub fn signed_in(self) -> bool {
        matches!(self.0.get(), Some(Ok(_)))
    }

    pub fn refresh(self) {
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

    view! {
        <Router>
            <AppHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=OverviewPage/>
                    <Route path=path!("/login") view=LoginPage/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{i18n.t("app.footer")}</p>
            </footer>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i = use_i18n();
    view! {
        <h1>{i.t("notfound.title")}</h1>
        <p><A href="/">{i.t("notfound.back")}</A></p>
    }
}
