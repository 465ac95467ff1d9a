//! The customer's home: sign-in, the overview and the timeline (`frontend/index.html`).

fn main() {
    carryover_frontend::start(
        carryover_frontend::customer::App,
        &carryover_frontend::i18n::CUSTOMER,
        carryover_frontend::side::Bundle::Home,
    );
}
