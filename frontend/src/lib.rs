//! carryover's browser apps: Leptos (client-side rendering), built by Trunk as four bundles
//! (`side::Bundle`).
//!
//! - [`customer`]: the customer's home (`src/main.rs`, `frontend/index.html`, served at `/`),
//!   sign-in page (`src/bin/sign_in.rs`, files under `/sign-in/`, answering `/login`) and
//!   changes (`src/bin/changes.rs`, `frontend/changes.html`, its files served from `/changes/`).
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
pub mod routes;
pub mod session;
pub mod side;
pub mod staff;
pub mod submit;
mod timeline_text;
mod xhr;

use leptos::prelude::{document, request_animation_frame};

/// Starts an app with its own strings: the panic hook in debug builds only (a release build
/// leaves the hook and its formatting code out of the download).
pub fn start<V: leptos::IntoView + 'static>(
    app: fn() -> V,
    strings: &'static [&'static i18n::AppStrings],
    bundle: side::Bundle,
) {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    i18n::use_app_strings(strings);
    side::set_running(bundle);
    side::reload_pages_shown_again();
    // index.html has drawn the page's frame (and, for whoever is not signed in, the sign-in
    // page's heading). The app mounts after that has been painted once, so on a fast network
    // the person sees the same page a slow one shows (a frame later), and Lighthouse's
    // simulation, which replays the fast load, measures what a phone on slow 4G paints first.
    // The app then takes the drawing away itself: its own page is in place, nothing blinks.
    // (A tab opened in the background paints nothing, so its app mounts when it is shown.)
    request_animation_frame(move || {
        request_animation_frame(move || {
            leptos::mount::mount_to_body(app);
            if let Some(frame) = document().get_element_by_id("shell-frame") {
                frame.remove();
            }
        })
    });
}
