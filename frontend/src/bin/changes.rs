//! The customer's changes: the three change flows, the invitation page and the timeline
//! (`frontend/changes.html`, which `cargo xtask` makes from `index.html`).

fn main() {
    carryover_frontend::start(
        carryover_frontend::customer::ChangesApp,
        &carryover_frontend::i18n::CHANGES_STRINGS,
        carryover_frontend::side::Bundle::Changes,
    );
}
