//! The two apps: the customer's (every path outside `/staff`) and the staff console
//! (`/staff/…`), built as two bundles so a customer downloads only theirs. Within an app the
//! router moves between pages; a link or a navigation into the other app loads that app's page
//! (the server answers every path of an app with that app's `index.html`).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Customer,
    Staff,
}

impl Side {
    /// The app that serves `path` (which may carry a query or a fragment).
    pub fn of(path: &str) -> Side {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        if path == "/staff" || path.starts_with("/staff/") {
            Side::Staff
        } else {
            Side::Customer
        }
    }
}

/// Where the app sent the reader by a page load, until that page has started (session storage).
const MOVED: &str = "carryover.moved";

/// Loads `path` as a new page: the way into the other app. The page that starts there treats
/// it as a route change (`arrived_from_other_app`).
pub fn load(path: &str) {
    if let Ok(Some(storage)) = window().session_storage() {
        let _ = storage.set_item(MOVED, path);
    }
    let _ = window().location().assign(path);
}

/// Whether this page load is the app's own move to `pathname` from the other app (asked once,
/// by the first route of a page).
pub fn arrived_from_other_app(pathname: &str) -> bool {
    let Ok(Some(storage)) = window().session_storage() else {
        return false;
    };
    let moved = storage.get_item(MOVED).ok().flatten();
    let _ = storage.remove_item(MOVED);
    moved.is_some_and(|to| to.split(['?', '#']).next() == Some(pathname))
}

/// Goes to `path`: through the router when `here` serves it, else by loading the page.
pub fn use_go(here: Side) -> impl Fn(&str) + Clone + 'static {
    let navigate = use_navigate();
    move |path: &str| {
        if Side::of(path) == here {
            navigate(path, Default::default());
        } else {
            load(path);
        }
    }
}

/// Sends the reader to `path` as soon as it is drawn (the router's `Redirect`, or a page load
/// when `path` belongs to the other app).
#[component]
pub fn GoTo(here: Side, #[prop(into)] path: String) -> impl IntoView {
    let go = use_go(here);
    Effect::new(move |_| go(&path));
}

/// Sign-in for a reader whose session is gone, back to this page afterwards (`?next=`).
#[component]
pub fn SignInFirst(here: Side) -> impl IntoView {
    let location = window().location();
    let here_now = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    view! { <GoTo here path=sign_in_path(&here_now)/> }
}

/// `/login`, with `?next=` when there is somewhere to come back to.
pub fn sign_in_path(back_to: &str) -> String {
    match safe_next(back_to) {
        Some(next) if next != "/" => {
            format!("/login?next={}", js_sys::encode_uri_component(next))
        }
        _ => "/login".to_owned(),
    }
}

/// `next` when it is a path of this site (not `//other.host`, not `/\other.host`, which
/// browsers read as another site), and not sign-in itself.
pub fn safe_next(next: &str) -> Option<&str> {
    let path = next.split(['?', '#']).next().unwrap_or_default();
    let ours = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    (ours && path != "/login").then_some(next)
}

/// Where sign-in lands: `next` when it is of the app the person uses (staff: the console,
/// customers: theirs), else that app's start.
pub fn landing(staff: bool, next: Option<&str>) -> String {
    let home = if staff { Side::Staff } else { Side::Customer };
    match next.and_then(safe_next) {
        Some(next) if Side::of(next) == home => next.to_owned(),
        _ if staff => "/staff".to_owned(),
        _ => "/".to_owned(),
    }
}

/// A link to `href`: the router's `A` (with `aria-current` on the page it names) within `here`,
/// a plain link the router leaves to the browser (`rel="external"`) into the other app.
#[component]
pub fn AppLink(
    here: Side,
    href: &'static str,
    #[prop(optional)] exact: bool,
    children: Children,
) -> impl IntoView {
    if Side::of(href) == here {
        view! { <A href=href exact=exact>{children()}</A> }.into_any()
    } else {
        view! { <a href=href rel="external">{children()}</a> }.into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::{Side, landing, safe_next};

    #[test]
    fn sign_in_returns_only_to_this_sites_pages_of_the_persons_app() {
        assert_eq!(landing(false, Some("/timeline")), "/timeline");
        assert_eq!(
            landing(false, Some("/change/holder?account=a1")),
            "/change/holder?account=a1"
        );
        assert_eq!(landing(true, Some("/staff/cases/7")), "/staff/cases/7");
        // Another app's page: that person's start instead.
        assert_eq!(landing(true, Some("/timeline")), "/staff");
        assert_eq!(landing(false, Some("/staff/cases")), "/");
        // Anything that leaves the site, and sign-in itself.
        for bad in [
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/login",
            "/login?next=/x",
            "",
        ] {
            assert_eq!(safe_next(bad), None, "{bad}");
            assert_eq!(landing(false, Some(bad)), "/", "{bad}");
        }
        assert_eq!(landing(false, None), "/");
    }

    #[test]
    fn staff_paths_belong_to_the_console_and_nothing_else_does() {
        for path in [
            "/staff",
            "/staff/",
            "/staff/cases/12",
            "/staff?q=x",
            "/staff#top",
        ] {
            assert_eq!(Side::of(path), Side::Staff, "{path}");
        }
        for path in [
            "/",
            "/login",
            "/login?next=/staff",
            "/staffing",
            "/timeline",
            "/change/card",
        ] {
            assert_eq!(Side::of(path), Side::Customer, "{path}");
        }
    }
}
