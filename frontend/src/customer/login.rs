//! The sign-in page. Staff land in their console, which is the other app: a full page load.

use crate::components::login_form::LoginForm;
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use crate::side::{landing, use_go};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::api::{LoginResponse, PrincipalKind};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i = use_i18n();
    let go = use_go();
    let query = use_query_map();
    let on_signed_in = Callback::new(move |r: LoginResponse| {
        let next = query.with_untracked(|q| q.get("next"));
        go(&landing(
            r.principal.kind == PrincipalKind::Staff,
            next.as_deref(),
        ));
    });
    view! {
        <section class="panel panel--narrow" aria-labelledby="login-title">
            <PageHeading id="login-title" text={i.t("login.title")}/>
            <p>{i.t("login.intro")}</p>
            <LoginForm id_prefix="" on_signed_in/>
        </section>
    }
}
