//! `/staff/members`: admins see every staff account, add one and deactivate one (after an inline
//! confirmation). Others get the server's refusal worded as a clear message.

use crate::api;
use crate::components::field::{
    FormAlert, Msg, Problems, TextField, error_key, focus_first, focus_id,
};
use crate::i18n::{Lang, tr};
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::ErrorCode;
use shared::api::{NewStaffMember, StaffMember};
use shared::domain::Email;

/// The form's fields, top to bottom (API field names; also the inputs' ids).
const FIELDS: &[&str] = &["name", "email", "role", "password"];
const ROLES: [&str; 3] = ["agent", "supervisor", "admin"];
const MIN_PASSWORD: usize = 12;

fn role_key(role: &str) -> &'static str {
    match role {
        "admin" => "members.role.admin",
        "supervisor" => "members.role.supervisor",
        _ => "members.role.agent",
    }
}

/// The message for an error that is not about a form field (403: only admins).
fn page_error_key(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::Forbidden => "members.forbidden",
        code => error_key(code),
    }
}

/// What the client can tell before asking the server.
fn check(name: &str, email: &str, role: &str, password: &str) -> Problems {
    let mut found = Vec::new();
    if name.split_whitespace().collect::<String>().chars().count() < 2 {
        found.push(("name", Msg::Key("members.error.name")));
    }
    if Email::parse(email).is_err() {
        found.push(("email", Msg::Key("members.error.email")));
    }
    if !ROLES.contains(&role) {
        found.push(("role", Msg::Key("members.error.role")));
    }
    if password.chars().count() < MIN_PASSWORD {
        found.push(("password", Msg::Key("members.error.password")));
    }
    Problems::from_fields(found)
}

/// The server's answer to an add, each field error worded in the reader's language.
fn server_problems(err: &api::Error) -> Problems {
    let mut problems = Problems::from_error(err, FIELDS);
    let taken = |name: &str| {
        err.errors
            .iter()
            .any(|e| e.field == name && e.reason.as_deref() == Some("taken"))
    };
    for (field, msg) in problems.fields.iter_mut() {
        if let Msg::Server { .. } = msg {
            let key = match *field {
                "email" if taken("email") => "members.error.email_taken",
                "email" => "members.error.email",
                "name" => "members.error.name",
                "role" => "members.error.role",
                _ => "members.error.password",
            };
            *msg = Msg::Key(key);
        }
    }
    if err.code == ErrorCode::Forbidden {
        problems.form = Some(Msg::Key("members.forbidden"));
    }
    problems
}

fn named(lang: Lang, key: &'static str, name: &str) -> String {
    tr(lang, key).replace("{name}", name)
}

#[component]
pub fn StaffMembersPage() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let members = RwSignal::new(None::<Result<Vec<StaffMember>, api::Error>>);
    spawn_local(async move {
        let answer = api::staff_members().await.map(|l| l.staff);
        members.set(Some(answer));
    });
    let my_id = move || session.0.get().and_then(Result::ok).map(|s| s.principal.id);

    // The row whose deactivation waits for confirmation, and what happened last.
    let confirming = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let row_error = RwSignal::new(None::<(String, &'static str)>);

    let ask = move |id: String| {
        row_error.set(None);
        confirming.set(Some(id.clone()));
        focus_id(format!("confirm-{id}"));
    };
    let cancel = move |id: String| {
        confirming.set(None);
        focus_id(format!("deactivate-{id}"));
    };
    let deactivate = move |member: StaffMember| {
        busy.set(true);
        spawn_local(async move {
            let result = api::deactivate_staff_member(member.id.clone()).await;
            busy.set(false);
            confirming.set(None);
            match result {
                Ok(()) => {
                    members.update(|m| {
                        if let Some(Ok(list)) = m {
                            for s in list.iter_mut().filter(|s| s.id == member.id) {
                                s.active = false;
                            }
                        }
                    });
                    notice.set(Some(named(
                        i.lang_untracked(),
                        "members.deactivated_notice",
                        &member.name,
                    )));
                    focus_id("members-notice".into());
                }
                Err(e) => {
                    row_error.set(Some((member.id.clone(), page_error_key(e.code))));
                    focus_id(format!("deactivate-{}", member.id));
                }
            }
        });
    };

    // The form to add an account.
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new("agent".to_owned());
    let password = RwSignal::new(String::new());
    let problems = RwSignal::new(Problems::default());
    let adding = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = NewStaffMember {
            name: name.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            password: password.get_untracked(),
        };
        let found = check(
            &request.name,
            &request.email,
            &request.role,
            &request.password,
        );
        if !found.is_empty() {
            focus_first(&found);
            problems.set(found);
            return;
        }
        problems.set(Problems::default());
        adding.set(true);
        spawn_local(async move {
            let result = api::add_staff_member(request).await;
            adding.set(false);
            match result {
                Ok(member) => {
                    notice.set(Some(named(
                        i.lang_untracked(),
                        "members.added_notice",
                        &member.name,
                    )));
                    members.update(|m| {
                        if let Some(Ok(list)) = m {
                            list.push(member);
                            list.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
                        }
                    });
                    name.set(String::new());
                    email.set(String::new());
                    role.set("agent".to_owned());
                    password.set(String::new());
                    focus_id("members-notice".into());
                }
                Err(e) => {
                    let found = server_problems(&e);
                    focus_first(&found);
                    problems.set(found);
                }
            }
        });
    };

    let role_error = move || problems.with(|p| p.field("role"));

    let row = move |lang: Lang, member: StaffMember, me: bool| {
        let id = member.id.clone();
        let status = if member.active {
            view! { <span class="badge badge--active">{tr(lang, "members.active")}</span> }
        } else {
            view! { <span class="badge badge--blocked">{tr(lang, "members.deactivated")}</span> }
        };
        let action = if !member.active {
            ().into_any()
        } else if me {
            view! { <span class="muted">{tr(lang, "members.you")}</span> }.into_any()
        } else if confirming.get().as_deref() == Some(id.as_str()) {
            let question_id = format!("confirm-question-{id}");
            let (cancel_id, m) = (id.clone(), member.clone());
            view! {
                <div
                    class="members__confirm"
                    role="group"
                    aria-labelledby=question_id
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            ev.prevent_default();
                            cancel(cancel_id.clone());
                        }
                    }
                >
                    <p id=question_id.clone()>{named(lang, "members.confirm_question", &member.name)}</p>
                    <div class="actions">
                        <button
                            type="button"
                            id=format!("confirm-{id}")
                            class="button button--danger"
                            disabled=move || busy.get()
                            on:click=move |_| deactivate(m.clone())
                        >
                            {tr(lang, "members.confirm_yes")}
                        </button>
                        <button
                            type="button"
                            class="button button--secondary"
                            on:click={
                                let id = id.clone();
                                move |_| cancel(id.clone())
                            }
                        >
                            {tr(lang, "members.confirm_no")}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        } else {
            let error = row_error
                .get()
                .filter(|(rid, _)| *rid == id)
                .map(|(_, key)| view! { <p class="field__error" id=format!("deactivate-{id}-error")>{tr(lang, key)}</p> });
            let described = error.is_some().then(|| format!("deactivate-{id}-error"));
            let ask_id = id.clone();
            view! {
                <button
                    type="button"
                    id=format!("deactivate-{id}")
                    class="button button--secondary"
                    aria-describedby=described
                    on:click=move |_| ask(ask_id.clone())
                >
                    {tr(lang, "members.deactivate")}
                </button>
                {error}
            }
            .into_any()
        };
        view! {
            <tr data-testid="staff-member">
                <th scope="row">{member.name.clone()}</th>
                <td class="members__email">{member.email.clone()}</td>
                <td>{tr(lang, role_key(&member.role))}</td>
                <td>{status}</td>
                <td>{action}</td>
            </tr>
        }
    };

    view! {
        <PageHeading text={i.t("members.title")}/>
        <p>{i.t("members.intro")}</p>
        <div id="members-notice" class="notice notice--ok" role="status" tabindex="-1" data-testid="members-notice" class:visually-hidden=move || notice.with(Option::is_none)>
            {move || notice.get()}
        </div>
        {move || {
            let lang = i.lang();
            match members.get() {
                None => view! { <p class="loading" role="status">{tr(lang, "app.loading")}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="form-alert" role="alert" data-testid="members-error">
                        <p>{tr(lang, page_error_key(e.code))}</p>
                    </div>
                }
                .into_any(),
                Some(Ok(list)) => {
                    let me = my_id();
                    let rows = list
                        .into_iter()
                        .map(|m| {
                            let is_me = me.as_deref() == Some(m.id.as_str());
                            row(lang, m, is_me)
                        })
                        .collect_view();
                    view! {
                        <section class="panel" aria-labelledby="members-list-title">
                            <h2 id="members-list-title">{tr(lang, "members.list_title")}</h2>
                            <div class="table-scroll" role="region" aria-labelledby="members-caption" tabindex="0">
                                <table class="table members">
                                    <caption id="members-caption">{tr(lang, "members.table_caption")}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(lang, "members.col_name")}</th>
                                            <th scope="col">{tr(lang, "members.col_email")}</th>
                                            <th scope="col">{tr(lang, "members.col_role")}</th>
                                            <th scope="col">{tr(lang, "members.col_status")}</th>
                                            <th scope="col">{tr(lang, "members.col_action")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        </section>
                    }
                    .into_any()
                }
            }
        }}
        <Show when=move || matches!(members.with(|m| m.as_ref().map(Result::is_ok)), Some(true))>
                <section class="panel panel--narrow members__add" aria-labelledby="members-add-title">
                    <h2 id="members-add-title">{i.t("members.add_title")}</h2>
                    <FormAlert problems/>
                    <form novalidate on:submit=on_submit>
                        <TextField name="name" label="members.name" value=name problems autocomplete="off"/>
                        <TextField name="email" label="members.email" kind="email" value=email problems autocomplete="off"/>
                        <div class="field" class:field--invalid=move || role_error().is_some()>
                            <label for="role">{i.t("members.role")}</label>
                            <select
                                id="role"
                                name="role"
                                prop:value=move || role.get()
                                on:change=move |ev| role.set(event_target_value(&ev))
                                aria-invalid=move || role_error().map(|_| "true")
                                aria-describedby=move || role_error().map(|_| "role-error")
                            >
                                {ROLES.into_iter().map(|r| view! {
                                    <option value=r selected=move || role.get() == r>{move || tr(i.lang(), role_key(r))}</option>
                                }).collect_view()}
                            </select>
                            {move || role_error().map(|m| view! {
                                <p class="field__error" id="role-error">{m.text(i.lang())}</p>
                            })}
                        </div>
                        <TextField name="password" label="members.password" hint="members.password_hint" kind="password" value=password problems autocomplete="new-password"/>
                        <button type="submit" class="button button--primary" disabled=move || adding.get()>
                            {i.t("members.submit")}
                        </button>
                    </form>
                </section>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_checks_every_field_in_form_order() {
        let p = check(" ", "no-at-sign", "boss", "short");
        let names: Vec<_> = p.fields.iter().map(|(f, _)| *f).collect();
        assert_eq!(names, ["name", "email", "role", "password"]);
        assert!(check("Nia New", "nia@example.com", "agent", "twelve chars").is_empty());
    }

    #[test]
    fn server_field_errors_are_worded_in_both_languages() {
        let mut e = api::Error::new(ErrorCode::InvalidInput, "x");
        e.errors = vec![api::FieldMessage {
            field: "email".into(),
            message: "Diese Adresse ist schon vergeben.".into(),
            reason: Some("taken".into()),
        }];
        // The code decides, whatever the server's words.
        let p = server_problems(&e);
        assert_eq!(
            p.field("email"),
            Some(Msg::Key("members.error.email_taken"))
        );
        e.errors[0].reason = None;
        e.errors[0].message = "This email already signs in to carryover.".into();
        assert_eq!(
            server_problems(&e).field("email"),
            Some(Msg::Key("members.error.email"))
        );
        let p = server_problems(&api::Error::new(ErrorCode::Forbidden, "x"));
        assert_eq!(p.form, Some(Msg::Key("members.forbidden")));
    }
}
