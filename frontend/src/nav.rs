//! Moving between pages, for people who do not see the whole screen at once: every route has its
//! own document title ("Übersicht – carryover"), and after a route change the focus is on the new
//! page's `h1` (`PageHeading`), so a screen reader announces the page and Tab continues in it, as
//! after a page load, instead of on a link of the page that is gone.
//!
//! The first page of a visit keeps the browser's own start (focus on the document), except
//! when the app itself moved there from its other half (`side::load`): to the reader that is a
//! route change like any other.

use crate::i18n::{Lang, tr};
use crate::locale::use_i18n;
use leptos::html::H1;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

/// The title key of the page at `path` (the routes of both apps).
pub fn title_key(path: &str) -> &'static str {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [] => "title.overview",
        ["login"] => "title.login",
        ["change", "card"] => "title.card",
        ["change", "address"] => "title.address",
        ["change", "holder"] => "title.holder",
        ["timeline"] => "title.timeline",
        ["invitation", _] => "title.invitation",
        ["staff"] => "title.staff",
        ["staff", "dashboard"] => "title.dashboard",
        ["staff", "members"] => "title.members",
        ["staff", "cases"] => "title.cases",
        ["staff", "cases", _] => "title.case",
        ["staff", "customers", _] => "title.customer",
        _ => "title.not_found",
    }
}

/// `document.title` of the page at `path`: the page, then the app.
pub fn document_title(lang: Lang, path: &str) -> String {
    format!("{} – {}", tr(lang, title_key(path)), tr(lang, "app.name"))
}

/// The route change whose page has not had its heading focused yet (its path).
#[derive(Clone, Copy)]
struct PendingFocus(StoredValue<Option<String>>);

impl PendingFocus {
    /// Focuses `heading` if the page at the current path still waits for it. Not when the person
    /// has already gone on inside the new page (a field of it has the focus).
    fn settle(self, heading: web_sys::HtmlElement) {
        let path = window().location().pathname().unwrap_or_default();
        if self.0.get_value().as_deref() != Some(path.as_str()) {
            return;
        }
        self.0.set_value(None);
        let moved_on = document().active_element().is_some_and(|el| {
            el.closest("main").ok().flatten().is_some() && el.tag_name() != "MAIN"
        });
        if !moved_on {
            let _ = heading.focus();
        }
    }
}

/// Sets the title for every route (and again when the language changes) and asks for the focus
/// on the heading after every route change. Renders nothing; inside the `<Router>`.
#[component]
pub fn RouteChanges() -> impl IntoView {
    let i = use_i18n();
    let location = use_location();
    let pending = PendingFocus(StoredValue::new(None));
    provide_context(pending);
    Effect::new(move |prev: Option<String>| {
        let path = location.pathname.get();
        document().set_title(&document_title(i.lang(), &path));
        let changed = match prev {
            Some(p) => p != path,
            None => crate::side::arrived_from_other_app(&path),
        };
        if changed {
            pending.0.set_value(Some(path.clone()));
            // The new page is drawn by then; a heading that waits for data focuses itself when
            // it comes (`PageHeading`).
            request_animation_frame(move || {
                let heading = document()
                    .query_selector("main h1")
                    .ok()
                    .flatten()
                    .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(heading) = heading {
                    pending.settle(heading);
                }
            });
        }
        path
    });
}

/// A page's `h1`: the target of the focus after a route change (`tabindex="-1"`: focusable by
/// the app, not a stop of the Tab order).
///
/// Its text as a [`TextProp`] (a text, or a closure that follows the language): one type for
/// every page, where children would make each page's heading a view type of its own.
#[component]
pub fn PageHeading(
    #[prop(into)] text: TextProp,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    let pending = use_context::<PendingFocus>();
    Effect::new(move |_| {
        if let (Some(el), Some(pending)) = (heading.get(), pending) {
            let el: &web_sys::HtmlElement = &el;
            pending.settle(el.clone());
        }
    });
    view! { <h1 id=id tabindex="-1" node_ref=heading>{move || text.get()}</h1> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_its_own_title_in_both_languages() {
        let routes = [
            ("/", "Übersicht – carryover", "Overview – carryover"),
            ("/login", "Anmelden – carryover", "Sign in – carryover"),
            ("/timeline", "Verlauf – carryover", "Timeline – carryover"),
            (
                "/change/address",
                "Adresse ändern – carryover",
                "Change your address – carryover",
            ),
            (
                "/staff/cases/0190-abc",
                "Vorgang – carryover",
                "Case – carryover",
            ),
            (
                "/staff/customers/42/",
                "Kundin oder Kunde – carryover",
                "Customer – carryover",
            ),
            (
                "/no/such/page",
                "Seite nicht gefunden – carryover",
                "Page not found – carryover",
            ),
        ];
        for (path, de, en) in routes {
            assert_eq!(document_title(Lang::De, path), de, "{path}");
            assert_eq!(document_title(Lang::En, path), en, "{path}");
        }
        let all = [
            "/",
            "/login",
            "/change/card",
            "/change/address",
            "/change/holder",
            "/timeline",
            "/invitation/t",
            "/staff",
            "/staff/dashboard",
            "/staff/members",
            "/staff/cases",
            "/staff/cases/c",
            "/staff/customers/c",
        ];
        let keys: std::collections::BTreeSet<_> = all.iter().map(|p| title_key(p)).collect();
        assert_eq!(keys.len(), all.len(), "two routes share a title");
        assert!(!keys.contains("title.not_found"));
    }
}
