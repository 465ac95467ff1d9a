//! The sign-in page (`frontend/sign-in.html`, which `cargo xtask` makes from `index.html`).

fn main() {
    carryover_frontend::start(
        carryover_frontend::customer::SignInApp,
        &carryover_frontend::i18n::SIGN_IN_STRINGS,
        carryover_frontend::side::Bundle::SignIn,
    );
}
