//! `/invitation/:token`: the person a transfer names takes the account over. They see who
//! invites them, to which (masked) account and until when, then accept: already signed in, by
//! signing in here (they have an account), or by registering with a name and a password.

use crate::api;
use crate::components::field::{FormAlert, Msg, Problems, TextField, error_key, focus_first};
use crate::dates::local_date_time;
use crate::i18n::{Lang, tr};
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use crate::session::use_session;
use crate::side::AppLink;
use crate::submit::Submit;
use leptos::prelude::*;
use shared::ErrorCode;
use shared::api::{
    AcceptInvitationRequest, AcceptInvitationResponse, InvitationView, LoginRequest, PrincipalKind,
};

/// Shortest password the server accepts for a new customer.
const MIN_PASSWORD: usize = 12;

/// What an error of the invitation endpoints means here.
fn error_msg(code: ErrorCode) -> &'static str {
    match code {
        // Unknown, or cut short (422 on the token).
        ErrorCode::NotFound | ErrorCode::InvalidInput => "invitation.error.not_found",
        ErrorCode::InvitationExpired => "invitation.error.expired",
        ErrorCode::InvitationUsed => "invitation.error.used",
        ErrorCode::InvitationWithdrawn => "invitation.error.withdrawn",
        ErrorCode::InvitationEmailMismatch => "invitation.error.mismatch",
        ErrorCode::AccountExists => "invitation.error.account_exists",
        ErrorCode::Unauthenticated => "login.error.wrong",
        code => error_key(code),
    }
}

/// Field problems of the registration form, top to bottom.
fn validate_register(name: &str, password: &str, repeat: &str) -> Problems {
    let mut found = Vec::new();
    if name.trim().chars().count() < 2 {
        found.push(("name", Msg::Key("invitation.error.name")));
    }
    if password.chars().count() < MIN_PASSWORD {
        found.push(("password", Msg::Key("invitation.error.password_short")));
    } else if repeat != password {
        found.push((
            "password_repeat",
            Msg::Key("invitation.error.password_repeat"),
        ));
    }
    Problems::from_fields(found)
}

fn validate_sign_in(login: &str, password: &str) -> Problems {
    let mut found = Vec::new();
    if !login.contains('@') {
        found.push(("login", Msg::Key("login.error.email_invalid")));
    }
    if password.is_empty() {
        found.push(("password", Msg::Key("login.error.password_empty")));
    }
    Problems::from_fields(found)
}

/// A server error: field errors under their fields, anything else in the alert.
fn problems_for(err: &api::Error, fields: &[&'static str]) -> Problems {
    if err.code == ErrorCode::InvalidInput {
        Problems::from_error(err, fields)
    } else {
        Problems {
            fields: Vec::new(),
            form: Some(Msg::Key(error_msg(err.code))),
        }
    }
}

fn summary(lang: Lang, inv: &InvitationView) -> AnyView {
    let intro = tr(lang, "invitation.intro")
        .replace("{inviter}", &inv.inviter_name)
        .replace("{account}", &inv.account_masked);
    view! {
        <p data-testid="invitation-intro">{intro}</p>
        <dl class="facts">
            <div><dt>{tr(lang, "invitation.account")}</dt><dd>{inv.account_masked.clone()}</dd></div>
            <div><dt>{tr(lang, "invitation.sent_to")}</dt><dd>{inv.email_masked.clone()}</dd></div>
            <div><dt>{tr(lang, "invitation.valid_until")}</dt><dd>{local_date_time(lang, &inv.expires_at)}</dd></div>
        </dl>
        <p class="muted">{tr(lang, "invitation.approval_hint")}</p>
    }
    .into_any()
}

fn accepted_view(lang: Lang, done: &AcceptInvitationResponse) -> AnyView {
    let text =
        tr(lang, "invitation.accepted").replace("{account}", &done.invitation.account_masked);
    view! {
        <p class="notice notice--ok" role="status" data-testid="invitation-accepted">{text}</p>
        <p class="actions"><AppLink href="/" class="button button--primary">{tr(lang, "invitation.to_overview")}</AppLink></p>
    }
    .into_any()
}

/// `/invitation/:token`
#[component]
pub fn InvitationPage(token: String) -> impl IntoView {
    let i = use_i18n();
    let token = StoredValue::new(token);
    let data = LocalResource::new(move || api::invitation(token.get_value()));
    let accepted = RwSignal::new(None::<AcceptInvitationResponse>);
    view! {
        <section class="panel panel--narrow" aria-labelledby="invitation-title" data-testid="invitation">
            <PageHeading id="invitation-title" text={i.t("invitation.title")}/>
            {move || {
                let lang = i.lang();
                if let Some(done) = accepted.get() {
                    return accepted_view(lang, &done);
                }
                match data.get() {
                    None => view! { <p class="loading" role="status">{tr(lang, "app.loading")}</p> }.into_any(),
                    Some(Err(e)) => view! {
                        <div class="form-alert" role="alert" data-testid="invitation-error"><p>{tr(lang, error_msg(e.code))}</p></div>
                        <p><AppLink href="/login">{tr(lang, "invitation.to_sign_in")}</AppLink></p>
                    }
                    .into_any(),
                    Some(Ok(inv)) => view! {
                        {summary(lang, &inv)}
                        <Accept token=token.get_value() inv accepted/>
                    }
                    .into_any(),
                }
            }}
        </section>
    }
}

/// The way to accept that fits who is here.
#[component]
fn Accept(
    token: String,
    inv: InvitationView,
    accepted: RwSignal<Option<AcceptInvitationResponse>>,
) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let token = StoredValue::new(token);
    let invitee = inv.invitee_name.clone();
    let account_exists = inv.account_exists;
    // Shared by the forms: signing in here switches to the signed-in form, and what the server
    // said (e.g. another email) must stay on screen across that switch.
    let problems = RwSignal::new(Problems::default());
    move || match session.0.get().map(|r| r.map(|s| s.principal)) {
        None => {
            view! { <p class="loading" role="status">{tr(i.lang(), "app.loading")}</p> }.into_any()
        }
        Some(Ok(p)) if p.kind == PrincipalKind::Staff => {
            view! { <p class="notice" role="status">{tr(i.lang(), "invitation.staff")}</p> }
                .into_any()
        }
        Some(Ok(p)) => {
            view! { <AcceptSignedIn token=token.get_value() name=p.name accepted problems/> }
                .into_any()
        }
        Some(Err(_)) if account_exists => {
            view! { <SignInAndAccept token=token.get_value() accepted problems/> }.into_any()
        }
        Some(Err(_)) => {
            view! { <Register token=token.get_value() name=invitee.clone() accepted problems/> }
                .into_any()
        }
    }
}

#[component]
fn AcceptSignedIn(
    token: String,
    name: String,
    accepted: RwSignal<Option<AcceptInvitationResponse>>,
    problems: RwSignal<Problems>,
) -> impl IntoView {
    let i = use_i18n();
    let submit = Submit::new();
    let pending = submit.pending();
    let token = StoredValue::new(token);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        problems.set(Problems::default());
        submit.run(async move {
            let result = api::accept_invitation(
                token.get_value(),
                AcceptInvitationRequest {
                    name: None,
                    password: None,
                    language: None,
                },
            )
            .await;
            match result {
                Ok(done) => accepted.set(Some(done)),
                Err(e) => problems.set(problems_for(&e, &[])),
            }
        });
    };
    view! {
        <p>{move || tr(i.lang(), "invitation.signed_in_as").replace("{name}", &name)}</p>
        <FormAlert problems/>
        <form novalidate on:submit=on_submit>
            <button type="submit" class="button button--primary" disabled=move || pending.get()>
                {i.t("invitation.accept")}
            </button>
        </form>
    }
}

#[component]
fn SignInAndAccept(
    token: String,
    accepted: RwSignal<Option<AcceptInvitationResponse>>,
    problems: RwSignal<Problems>,
) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = Submit::new();
    let pending = submit.pending();
    let token = StoredValue::new(token);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (l, p) = (
            login.get_untracked().trim().to_owned(),
            password.get_untracked(),
        );
        let found = validate_sign_in(&l, &p);
        if !found.is_empty() {
            focus_first(&found);
            problems.set(found);
            return;
        }
        problems.set(Problems::default());
        submit.run(async move {
            let signed_in = api::login(LoginRequest {
                login: l,
                password: p,
            })
            .await;
            let result = match signed_in {
                Ok(_) => {
                    api::accept_invitation(
                        token.get_value(),
                        AcceptInvitationRequest {
                            name: None,
                            password: None,
                            language: None,
                        },
                    )
                    .await
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(done) => {
                    accepted.set(Some(done));
                    session.refresh();
                }
                Err(e) => {
                    if e.code == ErrorCode::Unauthenticated {
                        password.set(String::new());
                    }
                    let found = problems_for(&e, &["login", "password"]);
                    focus_first(&found);
                    problems.set(found);
                    // Signed in but refused (another email): the header must know.
                    session.refresh();
                }
            }
        });
    };
    view! {
        <h2>{i.t("invitation.sign_in_title")}</h2>
        <p>{i.t("invitation.sign_in_intro")}</p>
        <FormAlert problems/>
        <form novalidate on:submit=on_submit>
            <TextField name="login" label="invitation.email" kind="email" autocomplete="username" value=login problems/>
            <TextField name="password" label="login.password_label" kind="password" autocomplete="current-password" value=password problems/>
            <button type="submit" class="button button--primary" disabled=move || pending.get()>
                {i.t("invitation.sign_in_and_accept")}
            </button>
        </form>
    }
}

#[component]
fn Register(
    token: String,
    name: String,
    accepted: RwSignal<Option<AcceptInvitationResponse>>,
    problems: RwSignal<Problems>,
) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let name = RwSignal::new(name);
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let submit = Submit::new();
    let pending = submit.pending();
    let token = StoredValue::new(token);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (n, p, r) = (
            name.get_untracked(),
            password.get_untracked(),
            repeat.get_untracked(),
        );
        let found = validate_register(&n, &p, &r);
        if !found.is_empty() {
            focus_first(&found);
            problems.set(found);
            return;
        }
        problems.set(Problems::default());
        let language = i.lang_untracked().tag().to_owned();
        submit.run(async move {
            let result = api::accept_invitation(
                token.get_value(),
                AcceptInvitationRequest {
                    name: Some(n.trim().to_owned()),
                    password: Some(p),
                    language: Some(language),
                },
            )
            .await;
            match result {
                Ok(done) => {
                    accepted.set(Some(done));
                    session.refresh();
                }
                Err(e) => {
                    let found = problems_for(&e, &["name", "password"]);
                    focus_first(&found);
                    problems.set(found);
                }
            }
        });
    };
    view! {
        <h2>{i.t("invitation.register_title")}</h2>
        <p>{i.t("invitation.register_intro")}</p>
        <FormAlert problems/>
        <form novalidate on:submit=on_submit>
            <TextField name="name" label="invitation.name" autocomplete="name" value=name problems/>
            <TextField name="password" label="invitation.password" hint="invitation.password_hint" kind="password" autocomplete="new-password" value=password problems/>
            <TextField name="password_repeat" label="invitation.password_repeat" kind="password" autocomplete="new-password" value=repeat problems/>
            <button type="submit" class="button button--primary" disabled=move || pending.get()>
                {i.t("invitation.register_and_accept")}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(p: &Problems) -> Vec<&'static str> {
        p.fields.iter().map(|(f, _)| *f).collect()
    }

    #[test]
    fn registering_needs_a_name_a_long_password_and_the_same_again() {
        assert_eq!(
            names(&validate_register(" ", "short", "")),
            ["name", "password"]
        );
        assert_eq!(
            names(&validate_register(
                "Nora Neu",
                "a-long-password",
                "a-long-passwort"
            )),
            ["password_repeat"]
        );
        assert!(validate_register("Nora Neu", "a-long-password", "a-long-password").is_empty());
        assert_eq!(names(&validate_sign_in("nora", "")), ["login", "password"]);
    }

    #[test]
    fn gone_links_say_why() {
        assert_eq!(
            error_msg(ErrorCode::InvitationUsed),
            "invitation.error.used"
        );
        assert_eq!(error_msg(ErrorCode::NotFound), "invitation.error.not_found");
        assert_eq!(error_msg(ErrorCode::RateLimited), "error.rate_limited");
    }
}
