//! carryover's browser app: Leptos (client-side rendering), built by Trunk (see Trunk.toml).

mod api;
mod app;
mod components;
mod dates;
mod i18n;
mod locale;
mod nav;
mod pages;
mod timeline_text;
mod xhr;

fn main() {
    // A panic's message in the console while developing; the release build leaves the hook and
    // its formatting code out of the customer's download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
