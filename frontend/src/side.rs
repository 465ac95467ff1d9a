//! The two sides (the customer's and the staff console) and the four apps they are built as,
//! so a customer downloads only what the page in front of them needs: the customer's home (the
//! overview), the sign-in page, the customer's changes (the three change flows, the invitation
//! page and the timeline) and the staff console. Within an app the router moves between pages; a link
//! or a navigation into another app loads that app's page (the server answers every path of an
//! app with that app's `index.html`).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

/// Whose view a page is: the customer's own, or the staff console's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Customer,
    Staff,
}

impl Side {
    /// The side that serves `path` (which may carry a query or a fragment).
    pub fn of(path: &str) -> Side {
        match Bundle::of(path) {
            Bundle::Staff => Side::Staff,
            Bundle::Home | Bundle::SignIn | Bundle::Changes => Side::Customer,
        }
    }
}

pub use shared::Bundle;

thread_local! {
    static RUNNING: std::cell::Cell<Bundle> = const { std::cell::Cell::new(Bundle::Home) };
}

/// The app running on this page (`crate::start` sets it).
pub fn running() -> Bundle {
    RUNNING.with(std::cell::Cell::get)
}

pub(crate) fn set_running(bundle: Bundle) {
    RUNNING.with(|r| r.set(bundle));
}

/// Whether the router of the app on this page serves `path`.
pub fn serves_here(path: &str) -> bool {
    Bundle::of(path) == running()
}

/// Where the app sent the reader by a page load, until that page has started (session storage).
const MOVED: &str = "carryover.moved";

/// Loads `path` as a new page: the way into another app. The page that starts there treats
/// it as a route change (`arrived_from_other_app`).
pub fn load(path: &str) {
    if let Ok(Some(storage)) = window().session_storage() {
        let _ = storage.set_item(MOVED, path);
    }
    let _ = window().location().assign(path);
}

/// Whether this page load is, to the reader, a route change (asked once, by the first route of a
/// page): the app's own move to `pathname` from another app, or a step back or forward through
/// the history (which may cross apps too). A first visit or a reload is not.
pub fn arrived_from_other_app(pathname: &str) -> bool {
    let Ok(Some(storage)) = window().session_storage() else {
        return false;
    };
    let moved = storage.get_item(MOVED).ok().flatten();
    let _ = storage.remove_item(MOVED);
    moved.is_some_and(|to| to.split(['?', '#']).next() == Some(pathname)) || through_history()
}

fn through_history() -> bool {
    let Some(performance) = window().performance() else {
        return false;
    };
    let entries = performance.get_entries_by_type("navigation");
    let kind = js_sys::Reflect::get(&entries.get(0), &"type".into()).ok();
    kind.and_then(|k| k.as_string()).as_deref() == Some("back_forward")
}

/// A page the browser kept and shows again on Back (the back/forward cache) would show what it
/// knew when the reader left it: an address or card changed in the meantime on another app's
/// page. It is loaded afresh instead, as a move back to it.
pub fn reload_pages_shown_again() {
    let reload = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::PageTransitionEvent)>::new(
        |event: web_sys::PageTransitionEvent| {
            if event.persisted() {
                let location = window().location();
                if let Ok(Some(storage)) = window().session_storage() {
                    let _ = storage.set_item(MOVED, &location.pathname().unwrap_or_default());
                }
                let _ = location.reload();
            }
        },
    );
    let _ = window().add_event_listener_with_callback("pageshow", reload.as_ref().unchecked_ref());
    reload.forget();
}

/// Goes to `path`: through the router when this page's app serves it, else by loading the page.
pub fn use_go() -> impl Fn(&str) + Clone + 'static {
    let navigate = use_navigate();
    move |path: &str| {
        if serves_here(path) {
            navigate(path, Default::default());
        } else {
            load(path);
        }
    }
}

/// Sends the reader to `path` as soon as it is drawn (the router's `Redirect`, or a page load
/// when `path` belongs to another app).
#[component]
pub fn GoTo(#[prop(into)] path: String) -> impl IntoView {
    let go = use_go();
    Effect::new(move |_| go(&path));
}

/// Sign-in for a reader whose session is gone, back to this page afterwards (`?next=`).
#[component]
pub fn SignInFirst() -> impl IntoView {
    let location = window().location();
    let here_now = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    view! { <GoTo path=sign_in_path(&here_now)/> }
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

/// A link to `href`: the router's `A` (with `aria-current` on the page it names) when this
/// page's app serves it; else a link the router leaves alone (`rel="external"`) that loads the
/// other app's page as the app's own move (`load`), so the new page takes the focus to its
/// heading. A click with a modifier (a new tab or window) is the browser's.
#[component]
pub fn AppLink(
    #[prop(into)] href: String,
    #[prop(optional)] exact: bool,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    if serves_here(&href) {
        view! { <A href=href exact=exact attr:class=class>{children()}</A> }.into_any()
    } else {
        let to = href.clone();
        let follow = move |ev: leptos::ev::MouseEvent| {
            let plain = ev.button() == 0
                && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key());
            if plain {
                ev.prevent_default();
                load(&to);
            }
        };
        view! { <a href=href rel="external" class=class on:click=follow>{children()}</a> }
            .into_any()
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

    #[test]
    fn the_sign_in_page_and_the_changes_are_the_customers() {
        assert_eq!(Side::of("/change/card"), Side::Customer);
        assert_eq!(Side::of("/invitation/abc"), Side::Customer);
        assert_eq!(Side::of("/timeline"), Side::Customer);
        assert_eq!(Side::of("/login"), Side::Customer);
    }
}
