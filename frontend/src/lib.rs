//! carryover's browser apps: Leptos (client-side rendering), built by Trunk as two bundles.
//!
//! - [`customer`]: the customer's app (`src/main.rs`, `frontend/index.html`, served at `/`).
//! - [`staff`]: the staff console (`src/bin/staff.rs`, `frontend/staff.html`, which `cargo xtask`
//!   makes from `index.html`; served at `/staff/`).
//! - Everything else is what both use: the API client, session, language, navigation and the
//!   components. It imports neither app, and neither app imports the other, so each bundle
//!   holds only its own pages.

pub mod api;
pub mod components;
pub mod customer;
mod dates;
pub mod i18n;
pub mod locale;
pub mod nav;
mod network;
pub mod session;
pub mod side;
pub mod staff;
mod timeline_text;
mod xhr;

/// Starts an app with its own strings: the panic hook in debug builds only (a release build
/// leaves the hook and its formatting code out of the download).
pub fn start<V: leptos::IntoView + 'static>(app: fn() -> V, strings: &'static i18n::AppStrings) {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    i18n::use_app_strings(strings);
    leptos::mount::mount_to_body(app);
}
