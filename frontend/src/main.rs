//! The customer's app (`frontend/index.html`).

fn main() {
    carryover_frontend::start(
        carryover_frontend::customer::App,
        &carryover_frontend::i18n::CUSTOMER,
    );
}
