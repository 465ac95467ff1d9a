//! The customer's home: the overview (`frontend/index.html`).

fn main() {
    carryover_frontend::start(
        carryover_frontend::customer::App,
        &carryover_frontend::i18n::HOME_STRINGS,
        carryover_frontend::side::Bundle::Home,
    );
}
