//! The sign-in form (email address or customer number, never a card number): on the sign-in
//! page, and in the dialog that signs in again when a session ends mid-flow.

use crate::api;
use crate::i18n::{Lang, tr};
use crate::locale::use_i18n;
use crate::session::use_session;
use crate::submit::Submit;
use leptos::html::Input;
use leptos::prelude::*;
use shared::ErrorCode;
use shared::api::{LoginRequest, LoginResponse};
use shared::domain::{CustomerNumber, LoginId};

/// A message in the current language (a key) or as the server worded it.
#[derive(Clone, Debug, PartialEq)]
enum Msg {
    Key(&'static str),
    Server(String),
    /// Too many attempts: wait this many seconds (the answer's `Retry-After`).
    Wait(u64),
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Errors {
    login: Option<Msg>,
    password: Option<Msg>,
    /// The summary in the alert region.
    form: Option<Msg>,
}

/// The message key for login input that [`LoginId::parse`] refused.
fn login_error_key(input: &str) -> &'static str {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return "login.error.login_empty";
    }
    if trimmed.contains('@') {
        return "login.error.email_invalid";
    }
    let compact: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let digits = compact.chars().filter(char::is_ascii_digit).count();
    if digits > CustomerNumber::LEN {
        "login.error.card_number"
    } else if compact.len() == CustomerNumber::LEN && digits == CustomerNumber::LEN {
        "login.error.number_typo"
    } else {
        "login.error.number_length"
    }
}

fn validate(login: &str, password: &str) -> Errors {
    let mut errors = Errors::default();
    if LoginId::parse(login).is_err() {
        errors.login = Some(Msg::Key(login_error_key(login)));
    }
    if password.is_empty() {
        errors.password = Some(Msg::Key("login.error.password_empty"));
    }
    if errors.login.is_some() || errors.password.is_some() {
        errors.form = Some(Msg::Key("login.error.summary"));
    }
    errors
}

fn server_errors(err: api::Error) -> Errors {
    let mut errors = Errors::default();
    match err.code {
        ErrorCode::Unauthenticated => errors.form = Some(Msg::Key("login.error.wrong")),
        ErrorCode::Forbidden => errors.form = Some(Msg::Key("login.error.closed")),
        ErrorCode::RateLimited => {
            errors.form = Some(match err.retry_after {
                Some(secs) => Msg::Wait(secs),
                None => Msg::Key("error.rate_limited"),
            })
        }
        ErrorCode::Unavailable => errors.form = Some(Msg::Key("error.unavailable")),
        ErrorCode::InvalidInput => {
            let msg = Some(Msg::Server(err.message));
            match err.field.as_deref() {
                Some("password") => errors.password = msg,
                _ => errors.login = msg,
            }
            errors.form = Some(Msg::Key("login.error.summary"));
        }
        _ => errors.form = Some(Msg::Key("error.generic")),
    }
    errors
}

fn focus(input: NodeRef<Input>) {
    if let Some(el) = input.get_untracked() {
        let _ = el.focus();
    }
}

/// "Please wait 14 minutes": whole minutes, rounded up, so the person never tries too early.
fn wait_text(lang: Lang, secs: u64) -> String {
    match secs.div_ceil(60).max(1) {
        1 => tr(lang, "login.error.wait.one").to_owned(),
        n => tr(lang, "login.error.wait.other").replace("{n}", &n.to_string()),
    }
}

/// The sign-in form: on the sign-in page, and in the dialog that signs in again when a session
/// ends in the middle of a flow (`id_prefix` keeps its ids apart from the page's fields).
#[component]
pub fn LoginForm(id_prefix: &'static str, on_signed_in: Callback<LoginResponse>) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let id = move |name: &str| format!("{id_prefix}{name}");

    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Errors::default());
    let submit = Submit::new();
    let pending = submit.pending();
    let login_ref = NodeRef::<Input>::new();
    let password_ref = NodeRef::<Input>::new();

    let show = move |msg: Option<Msg>| match msg {
        Some(Msg::Key(key)) => i.s(key).to_owned(),
        Some(Msg::Wait(secs)) => wait_text(i.lang(), secs),
        // The server words its messages in English; in German the summary says to check them.
        Some(Msg::Server(text)) if i.lang() == crate::i18n::Lang::En => text,
        Some(Msg::Server(_)) => i.s("login.error.summary").to_owned(),
        None => String::new(),
    };
    let focus_first_error = move |e: &Errors| {
        if e.login.is_some() {
            focus(login_ref);
        } else if e.password.is_some() {
            focus(password_ref);
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (login_value, password_value) = (login.get_untracked(), password.get_untracked());
        let found = validate(&login_value, &password_value);
        if found.form.is_some() {
            focus_first_error(&found);
            errors.set(found);
            return;
        }
        errors.set(Errors::default());
        submit.run(async move {
            let request = LoginRequest {
                login: login_value.trim().to_owned(),
                password: password_value,
            };
            match api::login(request).await {
                Ok(r) => {
                    password.set(String::new());
                    session.refresh();
                    on_signed_in.run(r);
                }
                Err(err) => {
                    let wrong_credentials = err.code == ErrorCode::Unauthenticated;
                    let found = server_errors(err);
                    if wrong_credentials {
                        password.set(String::new());
                        focus(password_ref);
                    } else {
                        focus_first_error(&found);
                    }
                    errors.set(found);
                }
            }
        });
    };

    let login_error = move || errors.with(|e| e.login.clone());
    let password_error = move || errors.with(|e| e.password.clone());

    let (login_id, password_id) = (id("login"), id("password"));
    view! {
            <div class="form-alert" role="alert" aria-live="assertive" data-testid="login-alert">
                {move || errors.with(|e| e.form.clone()).map(|m| view! { <p>{show(Some(m))}</p> })}
            </div>
            <form novalidate on:submit=on_submit>
                <div class="field" class:field--invalid=move || login_error().is_some()>
                    <label for=login_id.clone()>{i.t("login.login_label")}</label>
                    <p class="field__hint" id=id("login-hint")>{i.t("login.login_hint")}</p>
                    <input
                        id=login_id
                        name="login"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                        node_ref=login_ref
                        bind:value=login
                        aria-invalid=move || login_error().map(|_| "true")
                        aria-describedby=move || {
                            if login_error().is_some() { format!("{} {}", id("login-error"), id("login-hint")) } else { id("login-hint") }
                        }
                    />
                    {move || login_error().map(|m| view! {
                        <p class="field__error" id=id("login-error")>{show(Some(m))}</p>
                    })}
                </div>
                <div class="field" class:field--invalid=move || password_error().is_some()>
                    <label for=password_id.clone()>{i.t("login.password_label")}</label>
                    <input
                        id=password_id
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        node_ref=password_ref
                        bind:value=password
                        aria-invalid=move || password_error().map(|_| "true")
                        aria-describedby=move || password_error().map(|_| id("password-error"))
                    />
                    {move || password_error().map(|m| view! {
                        <p class="field__error" id=id("password-error")>{show(Some(m))}</p>
                    })}
                </div>
                <button type="submit" class="button button--primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { i.s("login.submitting") } else { i.s("login.submit") }}
                </button>
            </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_side_errors_name_the_field_and_the_reason() {
        let e = validate("", "");
        assert_eq!(e.login, Some(Msg::Key("login.error.login_empty")));
        assert_eq!(e.password, Some(Msg::Key("login.error.password_empty")));
        assert_eq!(
            validate("4000 0566 5566 5556", "x").login,
            Some(Msg::Key("login.error.card_number"))
        );
        assert_eq!(
            validate("1000000017", "x").login,
            Some(Msg::Key("login.error.number_typo"))
        );
        assert_eq!(
            validate("12345", "x").login,
            Some(Msg::Key("login.error.number_length"))
        );
        assert_eq!(
            validate("max@", "x").login,
            Some(Msg::Key("login.error.email_invalid"))
        );
        assert_eq!(validate("max@example.com", "secret"), Errors::default());
        assert_eq!(validate("1000 0000 16", "secret"), Errors::default());
    }
}
