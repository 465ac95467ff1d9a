//! The customer's changes: the three change flows and the invitation page
//! (`frontend/changes.html`, which `cargo xtask` makes from `index.html`).

fn main() {
    carryover_frontend::start(
        carryover_frontend::customer::ChangesApp,
        &carryover_frontend::i18n::CUSTOMER,
        carryover_frontend::side::Bundle::Changes,
    );
}
