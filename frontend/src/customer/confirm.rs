//! Confirm a change with the password: check the password (`POST /api/auth/reauth`), then commit
//! the previewed plan with this attempt's `Idempotency-Key`.

use super::flow::{Flow, Step};
use crate::api;
use crate::components::field::{FormAlert, Msg, Problems, TextField, error_key, focus_first};
use crate::components::sign_in_again::use_sign_in_again;
use crate::locale::use_i18n;
use crate::submit::Submit;
use leptos::prelude::*;
use shared::ErrorCode;

const FIELDS: &[&str] = &["password"];

/// What the step shows, or where the flow goes, after a failed confirm.
fn after_failure(flow: Flow, err: api::Error) -> Problems {
    match err.code {
        ErrorCode::PlanOutdated => {
            flow.forget_key();
            flow.notice.set(Some("flow.outdated"));
            match err.fresh {
                Some(fresh) => {
                    flow.preview.set(Some(*fresh));
                    flow.step.set(Step::Review);
                }
                None => flow.step.set(Step::Enter),
            }
            Problems::default()
        }
        ErrorCode::ReauthRequired => {
            Problems::from_fields(vec![("password", Msg::Key("confirm.reauth_again"))])
        }
        ErrorCode::InvalidInput if err.field.as_deref() == Some("password") => {
            Problems::from_error(&err, FIELDS)
        }
        // A preview token that is no longer valid, or a key used for something else: start over.
        ErrorCode::InvalidInput | ErrorCode::IdempotencyKeyReused => {
            flow.forget_key();
            Problems {
                fields: Vec::new(),
                form: Some(Msg::Key("flow.expired")),
            }
        }
        // Unavailable or still running: the same key is sent again on retry.
        code => Problems {
            fields: Vec::new(),
            form: Some(Msg::Key(if code == ErrorCode::Conflict {
                "flow.in_flight"
            } else {
                error_key(code)
            })),
        },
    }
}

#[component]
pub fn ConfirmStep(flow: Flow, on_done: Callback<()>) -> impl IntoView {
    let i = use_i18n();
    let again = use_sign_in_again();
    let password = RwSignal::new(String::new());
    let problems = RwSignal::new(Problems::default());
    let submit = Submit::new();
    let pending = submit.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let pw = password.get_untracked();
        if pw.is_empty() {
            let found =
                Problems::from_fields(vec![("password", Msg::Key("login.error.password_empty"))]);
            focus_first(&found);
            problems.set(found);
            return;
        }
        let Some(token) = flow
            .preview
            .with_untracked(|p| p.as_ref().map(|p| p.preview_token.clone()))
        else {
            return;
        };
        let key = flow.key_for(&token);
        problems.set(Problems::default());
        submit.run(async move {
            let result = match api::reauth(pw).await {
                Ok(()) => api::commit(token, &key).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(change) => {
                    password.set(String::new());
                    flow.finish(change);
                    on_done.run(());
                }
                Err(err) if err.code == ErrorCode::Unauthenticated => again.ask(),
                Err(err) => {
                    let found = after_failure(flow, err);
                    if found.field("password").is_some() {
                        password.set(String::new());
                    }
                    focus_first(&found);
                    problems.set(found);
                }
            }
        });
    };

    view! {
        <section class="panel" aria-labelledby="step-heading" data-testid="confirm">
            <h2 id="step-heading" tabindex="-1">{i.t("confirm.title")}</h2>
            <p>{i.t("confirm.intro")}</p>
            <FormAlert problems/>
            <form novalidate on:submit=on_submit>
                <TextField
                    name="password"
                    label="login.password_label"
                    value=password
                    problems
                    kind="password"
                    autocomplete="current-password"
                />
                <div class="actions">
                    <button type="submit" class="button button--primary" aria-disabled=move || pending.get().then_some("true")>
                        {move || if pending.get() { i.s("confirm.submitting") } else { i.s("confirm.submit") }}
                    </button>
                    <button type="button" class="button button--secondary" on:click=move |_| flow.step.set(Step::Review)>
                        {i.t("flow.back")}
                    </button>
                </div>
            </form>
        </section>
    }
}
