//! Change who holds an account: a holder died (bereavement), the account goes to someone else
//! (transfer), or a holder's legal name changed. The plan is reviewed and confirmed like every
//! change; then it waits for a staff decision, for which the customer uploads a document.

use super::flow::{ChangeFlow, Flow};
use crate::api;
use crate::components::field::{FormAlert, Msg, Problems, TextField, focus_first};
use crate::components::sign_in_again::use_sign_in_again;
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use crate::side::AppLink;
use crate::submit::Submit;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::api::PreviewRequest;

const FIELDS: &[&str] = &["reason", "new_holder_email", "new_holder_name", "new_name"];

const REASONS: [(&str, &str); 3] = [
    ("bereavement", "holder.reason_bereavement"),
    ("transfer", "holder.reason_transfer"),
    ("name_change", "holder.reason_name_change"),
];

/// What is missing before anything is sent. A transfer names the new holder by email (they
/// are invited there) and name (needed when they have no account with us yet).
fn validate(reason: &str, email: &str, holder_name: &str, name: &str) -> Problems {
    let mut found = Vec::new();
    match reason {
        "" => found.push(("reason", Msg::Key("holder.error.reason"))),
        "transfer" => {
            if !email.contains('@') {
                found.push(("new_holder_email", Msg::Key("holder.error.email")));
            }
            if holder_name.trim().chars().count() < 2 {
                found.push(("new_holder_name", Msg::Key("holder.error.holder_name")));
            }
        }
        "name_change" if name.trim().is_empty() => {
            found.push(("new_name", Msg::Key("holder.error.name")))
        }
        _ => {}
    }
    Problems::from_fields(found)
}

#[component]
pub fn ChangeHolderPage() -> impl IntoView {
    let i = use_i18n();
    let again = use_sign_in_again();
    let query = use_query_map();
    let flow = Flow::new();
    let reason = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let holder_name = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let problems = RwSignal::new(Problems::default());
    let submit = Submit::new();
    let pending = submit.pending();
    // Items on a closing card the customer chose to cancel rather than carry over.
    let cancel = RwSignal::new(Vec::<String>::new());
    let request = move |cancel: Vec<String>| {
        let r = reason.get_untracked();
        PreviewRequest::Holder {
            account_id: query.with_untracked(|q| q.get("account").unwrap_or_default()),
            new_holder_email: (r == "transfer").then(|| email.get_untracked().trim().to_owned()),
            new_holder_name: (r == "transfer")
                .then(|| holder_name.get_untracked().trim().to_owned()),
            new_name: (r == "name_change").then(|| name.get_untracked().trim().to_owned()),
            reason: r,
            holder_customer_id: None,
            cancel,
        }
    };

    let choices = super::choices::replanning(flow, cancel, request);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (r, e, h, n) = (
            reason.get_untracked(),
            email.get_untracked(),
            holder_name.get_untracked(),
            name.get_untracked(),
        );
        let found = validate(&r, &e, &h, &n);
        if !found.is_empty() {
            focus_first(&found);
            problems.set(found);
            return;
        }
        problems.set(Problems::default());
        cancel.set(Vec::new());
        submit.run(async move {
            let result = api::preview(request(Vec::new())).await;
            flow.previewed(result, again, problems, FIELDS);
        });
    };

    let reason_error = move || problems.with(|p| p.field("reason"));
    let radios = move || {
        REASONS
            .into_iter()
            .map(move |(value, key)| {
                view! {
                    <label class="choice">
                        <input type="radio" name="reason" value=value
                            id=(value == "bereavement").then_some("reason")
                            prop:checked=move || reason.get() == value
                            on:change=move |_| reason.set(value.to_owned())/>
                        " " {i.t(key)}
                    </label>
                }
            })
            .collect_view()
    };

    view! {
        <PageHeading text={i.t("holder.title")}/>
        <ChangeFlow flow steps=["holder.step_enter", "flow.step_review", "flow.step_confirm", "flow.step_done"] on_done=Callback::new(move |()| cancel.set(Vec::new())) choices>
            <section class="panel" aria-labelledby="step-heading">
                <h2 id="step-heading" tabindex="-1">{i.t("holder.enter_title")}</h2>
                <FormAlert problems/>
                <form novalidate on:submit=on_submit>
                    <fieldset class="field choices" class:field--invalid=move || reason_error().is_some()
                        aria-describedby=move || reason_error().map(|_| "reason-error")>
                        <legend>{i.t("holder.reason_legend")}</legend>
                        {radios()}
                    </fieldset>
                    {move || reason_error().map(|m| view! {
                        <p class="field__error" id="reason-error">{m.text(i.lang())}</p>
                    })}
                    {move || match reason.get().as_str() {
                        "bereavement" => view! { <p class="muted">{i.t("holder.bereavement_hint")}</p> }.into_any(),
                        "transfer" => view! {
                            <p class="muted">{i.t("holder.transfer_hint")}</p>
                            <TextField name="new_holder_email" label="holder.new_holder_email" kind="email" autocomplete="off" value=email problems/>
                            <TextField name="new_holder_name" label="holder.new_holder_name" hint="holder.new_holder_name_hint" autocomplete="off" value=holder_name problems/>
                        }.into_any(),
                        "name_change" => view! {
                            <TextField name="new_name" label="holder.new_name" value=name problems/>
                        }.into_any(),
                        _ => ().into_any(),
                    }}
                    <p class="muted">{i.t("holder.document_hint")}</p>
                    <div class="actions">
                        <button type="submit" class="button button--primary" aria-disabled=move || pending.get().then_some("true")>
                            {move || if pending.get() { i.s("flow.planning") } else { i.s("flow.continue") }}
                        </button>
                        <AppLink href="/" class="button button--secondary">{i.t("flow.cancel")}</AppLink>
                    </div>
                </form>
            </section>
        </ChangeFlow>
    }
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn each_reason_asks_for_its_own_detail() {
        assert_eq!(validate("", "", "", "").fields[0].0, "reason");
        assert!(validate("bereavement", "", "", "").is_empty());
        let names = |p: super::Problems| p.fields.iter().map(|(f, _)| *f).collect::<Vec<_>>();
        assert_eq!(
            names(validate("transfer", "x", " ", "")),
            ["new_holder_email", "new_holder_name"]
        );
        assert!(validate("transfer", "a@b.c", "Nora Neu", "").is_empty());
        assert_eq!(validate("name_change", "", "", " ").fields[0].0, "new_name");
    }
}
