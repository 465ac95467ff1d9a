//! Which of the three browser apps serves a path: the server answers the path with that app's
//! page, and the app routes it itself or loads the other app's page. One rule for both sides.

/// A built browser app (Trunk page and wasm bundle).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// `/`, `/login`, `/timeline`: what every customer opens first.
    Home,
    /// `/change/…` and `/invitation/…`: the forms a customer opens to change something.
    Changes,
    /// `/staff` and `/staff/…`.
    Staff,
}

impl Bundle {
    /// The app that serves `path` (which may carry a query or a fragment).
    pub fn of(path: &str) -> Bundle {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let under = |prefix: &str| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if under("/staff") {
            Bundle::Staff
        } else if under("/change") || under("/invitation") {
            Bundle::Changes
        } else {
            Bundle::Home
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Bundle;

    #[test]
    fn each_path_has_one_app() {
        for (path, bundle) in [
            ("/", Bundle::Home),
            ("/login?next=/change/card", Bundle::Home),
            ("/timeline", Bundle::Home),
            ("/changes", Bundle::Home),
            ("/change/card", Bundle::Changes),
            ("/change/holder?account=a1", Bundle::Changes),
            ("/change", Bundle::Changes),
            ("/invitation/abc#x", Bundle::Changes),
            ("/invitations", Bundle::Home),
            ("/staff", Bundle::Staff),
            ("/staff/cases/1", Bundle::Staff),
            ("/staffing", Bundle::Home),
        ] {
            assert_eq!(Bundle::of(path), bundle, "{path}");
        }
    }
}
