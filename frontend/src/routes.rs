//! Which page an app draws at the current path. Each app lists its pages as path patterns
//! (`/staff/cases/:id`: a `:name` segment matches any one segment) and [`Pages`] draws the first
//! that matches, or the not-found page. It sits inside leptos_router's `<Router>` (`Shell`), so
//! links, the location and navigation stay the router's.
//!
//! Leptos's own `<Routes>` does the same with nested routes, which no app here has; its matching
//! machinery was 23 KB of the home's 190 KB download (brotli) and about as much of every other
//! app's.

use crate::components::shell::NotFound;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

/// One page of an app: the path it answers and what it draws there.
pub struct Page {
    pub path: &'static str,
    pub view: fn(Params) -> AnyView,
}

/// The values of a path pattern's `:name` segments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params(Vec<(&'static str, String)>);

impl Params {
    /// The value of `:name` (empty when the pattern has no such segment).
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// The first of `pages` whose pattern matches `path` (its index), with the values of its `:name`
/// segments. Empty segments do not count: `/staff/` is `/staff`.
pub fn find(pages: &[Page], path: &str) -> Option<(usize, Params)> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    pages.iter().enumerate().find_map(|(index, page)| {
        let pattern: Vec<&str> = page.path.split('/').filter(|s| !s.is_empty()).collect();
        if pattern.len() != segments.len() {
            return None;
        }
        let mut params = Vec::new();
        for (want, got) in pattern.iter().zip(&segments) {
            match want.strip_prefix(':') {
                Some(name) => params.push((name, (*got).to_owned())),
                None if want == got => {}
                None => return None,
            }
        }
        Some((index, Params(params)))
    })
}

/// Draws the page of `pages` at the current path, again when the path or a parameter changes
/// (another case is another page: nothing typed for the last one stays).
#[component]
pub fn Pages(pages: &'static [Page]) -> impl IntoView {
    let location = use_location();
    let found = Memo::new(move |_| location.pathname.with(|path| find(pages, path)));
    // The router writes a navigation into the history only once the routes say the new page is
    // drawn (`<Routes>` does when its page has loaded); without this the address bar would keep
    // the old path. Effects run after the page has been drawn.
    let url = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(url) = &url {
            url.ready_to_complete();
        }
    });
    move || match found.get() {
        Some((index, params)) => (pages[index].view)(params),
        None => view! { <NotFound/> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nothing(_: Params) -> AnyView {
        unreachable!("the tests only match")
    }

    static PAGES: [Page; 4] = [
        Page {
            path: "/staff",
            view: nothing,
        },
        Page {
            path: "/staff/cases",
            view: nothing,
        },
        Page {
            path: "/staff/cases/:id",
            view: nothing,
        },
        Page {
            path: "/",
            view: nothing,
        },
    ];

    fn index(path: &str) -> Option<usize> {
        find(&PAGES, path).map(|(i, _)| i)
    }

    #[test]
    fn each_path_finds_its_page_and_no_other() {
        assert_eq!(index("/staff"), Some(0));
        assert_eq!(index("/staff/"), Some(0));
        assert_eq!(index("/staff/cases"), Some(1));
        assert_eq!(index("/staff/cases/7"), Some(2));
        assert_eq!(index("/"), Some(3));
        assert_eq!(index(""), Some(3));
        for unknown in ["/staffs", "/staff/cases/7/x", "/staff/case", "/login", "/x"] {
            assert_eq!(index(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn a_parameter_takes_its_segment_as_it_is() {
        let (_, params) = find(&PAGES, "/staff/cases/0190-äb c").unwrap();
        assert_eq!(params.get("id"), "0190-äb c");
        assert_eq!(params.get("other"), "");
        assert_eq!(find(&PAGES, "/staff").unwrap().1, Params::default());
    }
}
