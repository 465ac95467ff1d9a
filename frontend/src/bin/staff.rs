//! The staff console (`frontend/staff.html`, which `cargo xtask` makes from `index.html`).

fn main() {
    carryover_frontend::start(
        carryover_frontend::staff::App,
        &carryover_frontend::i18n::STAFF_STRINGS,
        carryover_frontend::side::Bundle::Staff,
    );
}
