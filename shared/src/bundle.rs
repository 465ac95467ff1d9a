//! Which of the four browser apps serves a path: the server answers the path with that app's
//! page, and the app routes it itself or loads the other app's page. One rule for both sides.

/// A built browser app (Trunk page and wasm bundle).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// `/`: the overview, what a signed-in customer opens first.
    Home,
    /// `/login`: what everyone who is not signed in opens first, so it carries nothing else.
    SignIn,
    /// `/change/…`, `/invitation/…` and `/timeline`: what a customer opens to change something
    /// or to read what changed.
    Changes,
    /// `/staff` and `/staff/…`.
    Staff,
}

impl Bundle {
    pub const ALL: [Bundle; 4] = [Bundle::Home, Bundle::SignIn, Bundle::Changes, Bundle::Staff];

    /// The app that serves `path` (which may carry a query or a fragment).
    pub fn of(path: &str) -> Bundle {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let under = |prefix: &str| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if under("/staff") {
            Bundle::Staff
        } else if under("/change") || under("/invitation") || path == "/timeline" {
            Bundle::Changes
        } else if path == "/login" {
            Bundle::SignIn
        } else {
            Bundle::Home
        }
    }

    /// The app's folder in the built web app (`dist/`), where its page (`index.html`) and its
    /// files are; its files are served under `/{folder}/`. The home's is the top.
    pub fn folder(self) -> &'static str {
        match self {
            Bundle::Home => "",
            Bundle::SignIn => "sign-in",
            Bundle::Changes => "changes",
            Bundle::Staff => "staff",
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
            ("/login?next=/change/card", Bundle::SignIn),
            ("/login/x", Bundle::Home),
            ("/logins", Bundle::Home),
            ("/timeline", Bundle::Changes),
            ("/timelines", Bundle::Home),
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

    #[test]
    fn each_app_has_its_own_folder() {
        let folders: std::collections::HashSet<_> = Bundle::ALL.map(Bundle::folder).into();
        assert_eq!(folders.len(), Bundle::ALL.len());
        assert_eq!(Bundle::Home.folder(), "");
    }
}
