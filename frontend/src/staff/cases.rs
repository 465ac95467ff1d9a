//! The case queue (`/staff/cases`, by deadline) and one case (`/staff/cases/:id`): what the
//! change will do, its documents (images inline, a PDF when asked for), and the decision with a
//! reason.

use crate::api;
use crate::components::field::{FormAlert, Msg, Problems, TextField, error_key, focus_first};
use crate::components::plan_review::plan_review;
use crate::dates::local_date_time;
use crate::i18n::{Lang, label, tr};
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::ErrorCode;
use shared::api::{CaseDetail, CaseInvitation, CaseView, DecisionRequest, DocumentView};

fn case_line(lang: Lang, c: &CaseView) -> String {
    format!(
        "{} · {} {}",
        label(lang, "status", &c.status),
        tr(lang, "staff.due"),
        local_date_time(lang, &c.due_at)
    )
}

fn overdue(lang: Lang, late: bool) -> Option<AnyView> {
    late.then(|| {
        view! { <span class="badge badge--blocked">{tr(lang, "staff.overdue")}</span> }.into_any()
    })
}

/// `/staff/cases`: open cases, the nearest deadline first.
#[component]
pub fn CaseQueuePage() -> impl IntoView {
    let i = use_i18n();
    let cases = LocalResource::new(|| api::staff_cases("open"));
    view! {
        <PageHeading text={i.t("cases.title")}/>
        <section class="panel" aria-labelledby="queue-title">
            <h2 id="queue-title">{i.t("cases.open")}</h2>
            {move || {
                let lang = i.lang();
                match cases.get() {
                    None => view! { <p class="loading" role="status">{tr(lang, "app.loading")}</p> }.into_any(),
                    Some(Ok(list)) if list.cases.is_empty() => {
                        view! { <p class="muted">{tr(lang, "staff.cases_none")}</p> }.into_any()
                    }
                    Some(Ok(list)) => view! {
                        <ol class="plain" data-testid="case-queue">
                            {list.cases.into_iter().map(|c| {
                                let href = format!("/staff/cases/{}", c.id);
                                let line = case_line(lang, &c);
                                let late = overdue(lang, c.overdue);
                                view! {
                                    <li class="row" data-testid="case">
                                        <A href=href><span class="row__main">{format!("{} · {}", label(lang, "kind", &c.kind), c.customer_name)}</span></A>
                                        <span class="row__sub">{line}</span>
                                        {late}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }
                    .into_any(),
                    Some(Err(e)) => view! {
                        <div class="form-alert" role="alert"><p>{tr(lang, error_key(e.code))}</p></div>
                    }
                    .into_any(),
                }
            }}
        </section>
    }
}

/// A document of the case: an image inline, a PDF behind a button. Chromium's PDF viewer takes
/// the keyboard about 1.5 s after it has loaded, while the page still shows the focus where it
/// was, so an agent typing the decision's reason would lose the text; it is shown here only
/// when asked for.
fn document_view(lang: Lang, d: DocumentView) -> AnyView {
    let src = format!("/api/staff/documents/{}", d.id);
    let caption = format!("{} ({} KB)", d.filename, (d.size_bytes + 1023) / 1024);
    let shown = if d.content_type == "application/pdf" {
        let (open, set_open) = signal(false);
        let (frame_src, title) = (src.clone(), d.filename.clone());
        let frame_id = format!("document-{}", d.id);
        view! {
            <button type="button" class="button button--secondary" aria-expanded=move || open.get().to_string()
                aria-controls=frame_id.clone() on:click=move |_| set_open.update(|o| *o = !*o)>
                {move || tr(lang, if open.get() { "cases.hide_document" } else { "cases.show_document" })}
            </button>
            <div id=frame_id>
                {move || open.get().then(|| view! {
                    <iframe class="document__frame" src=frame_src.clone() title=title.clone()></iframe>
                })}
            </div>
        }
        .into_any()
    } else {
        view! { <img class="document__image" src=src.clone() alt=d.filename.clone()/> }.into_any()
    };
    view! {
        <figure class="document" data-testid="document">
            {shown}
            <figcaption><a href=src target="_blank" rel="noopener">{caption}</a>" "{tr(lang, "cases.open_document")}</figcaption>
        </figure>
    }
    .into_any()
}

/// A transfer's invitation: approval waits until the new holder has accepted it.
fn invitation_view(lang: Lang, inv: CaseInvitation) -> AnyView {
    let status = label(lang, "invitation_status", &inv.status);
    let who = inv
        .accepted_by_name
        .clone()
        .unwrap_or(inv.invitee_name.clone());
    let when = match &inv.accepted_at {
        Some(at) => local_date_time(lang, at),
        None => format!(
            "{} {}",
            tr(lang, "cases.invitation_until"),
            local_date_time(lang, &inv.expires_at)
        ),
    };
    view! {
        <section class="panel" aria-labelledby="case-invitation-title" data-testid="case-invitation" data-status=inv.status.clone()>
            <h2 id="case-invitation-title">{tr(lang, "cases.invitation")}</h2>
            <p><strong>{status}</strong>{format!(" · {who} ({}) · {when}", inv.email_masked)}</p>
            {(inv.status != "accepted").then(|| view! { <p class="muted">{tr(lang, "cases.invitation_wait")}</p> })}
        </section>
    }
    .into_any()
}

fn detail(lang: Lang, d: CaseDetail, form: DecisionForm) -> AnyView {
    let etag = d.etag();
    let CaseDetail {
        case_view: c,
        change,
        documents,
        invitation,
    } = d;
    let invitation = invitation.map(|inv| invitation_view(lang, inv));
    let line = case_line(lang, &c);
    let late = overdue(lang, c.overdue);
    let steps = change.map(|ch| plan_review(lang, &ch.steps, None));
    let docs = if documents.is_empty() {
        view! { <p class="muted">{tr(lang, "cases.no_documents")}</p> }.into_any()
    } else {
        documents
            .into_iter()
            .map(|doc| document_view(lang, doc))
            .collect_view()
            .into_any()
    };
    let decided = c
        .decision_reason
        .clone()
        .map(|r| view! { <p>{format!("{} {r}", tr(lang, "timeline.reason"))}</p> });
    let open = c.status == "open";
    let heading = format!("{} · {}", label(lang, "kind", &c.kind), c.customer_name);
    view! {
        <PageHeading text=heading/>
        <p data-testid="case-status">{line}" "{late}</p>
        {decided}
        <section class="panel" aria-labelledby="case-plan-title">
            <h2 id="case-plan-title">{tr(lang, "cases.plan")}</h2>
            {steps}
        </section>
        {invitation}
        <section class="panel" aria-labelledby="case-docs-title">
            <h2 id="case-docs-title">{tr(lang, "cases.documents")}</h2>
            {docs}
        </section>
        {open.then(|| view! { <Decision case_id=c.id.clone() etag form/> })}
    }
    .into_any()
}

/// What the agent typed and what came back. It lives as long as the page shows one case, not as
/// long as one rendering of it: a language switch or a reload of the case redraws the form, and
/// the reason typed so far must survive that.
#[derive(Clone, Copy)]
struct DecisionForm {
    reason: RwSignal<String>,
    problems: RwSignal<Problems>,
    pending: RwSignal<bool>,
    done: RwSignal<Option<CaseView>>,
}

impl DecisionForm {
    fn new() -> DecisionForm {
        DecisionForm {
            reason: RwSignal::new(String::new()),
            problems: RwSignal::new(Problems::default()),
            pending: RwSignal::new(false),
            done: RwSignal::new(None),
        }
    }
}

#[component]
fn Decision(case_id: String, etag: String, form: DecisionForm) -> impl IntoView {
    let i = use_i18n();
    let DecisionForm {
        reason,
        problems,
        pending,
        done,
    } = form;
    let case_id = StoredValue::new(case_id);
    let etag = StoredValue::new(etag);

    let decide = move |approve: bool| {
        let text = reason.get_untracked().trim().to_owned();
        if text.is_empty() {
            let p = Problems::from_fields(vec![("reason", Msg::Key("cases.error.reason"))]);
            focus_first(&p);
            problems.set(p);
            return;
        }
        problems.set(Problems::default());
        pending.set(true);
        spawn_local(async move {
            match api::decide(
                case_id.get_value(),
                etag.get_value(),
                DecisionRequest {
                    approve,
                    reason: text,
                },
            )
            .await
            {
                Ok(c) => done.set(Some(c)),
                Err(e) => {
                    let p = if e.code == ErrorCode::Forbidden {
                        Problems {
                            fields: Vec::new(),
                            form: Some(Msg::Key("cases.error.four_eyes")),
                        }
                    } else if e.code == ErrorCode::InvitationNotAccepted {
                        Problems {
                            fields: Vec::new(),
                            form: Some(Msg::Key("cases.error.invitation")),
                        }
                    } else {
                        let mut p = Problems::from_error(&e, &["reason"]);
                        if p.form.is_none()
                            || e.code == ErrorCode::InvalidInput && p.fields.is_empty()
                        {
                            p.form = Some(Msg::Server {
                                field: "decision".to_owned(),
                                text: e.message.clone(),
                            });
                        }
                        p
                    };
                    focus_first(&p);
                    problems.set(p);
                }
            }
            pending.set(false);
        });
    };

    view! {
        <section class="panel" aria-labelledby="decision-title">
            <h2 id="decision-title">{i.t("cases.decision")}</h2>
            {move || match done.get() {
                Some(c) => view! {
                    <p class="notice notice--ok" role="status" data-testid="decision-done">
                        {format!("{} {}", tr(i.lang(), "cases.decided"), label(i.lang(), "status", &c.status))}
                    </p>
                }
                .into_any(),
                None => view! {
                    <FormAlert problems/>
                    <form novalidate on:submit=move |ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                        <TextField name="reason" label="cases.reason" value=reason problems/>
                        <div class="actions">
                            <button type="button" class="button button--primary" disabled=move || pending.get()
                                on:click=move |_| decide(true)>{i.t("cases.approve")}</button>
                            <button type="button" class="button button--danger" disabled=move || pending.get()
                                on:click=move |_| decide(false)>{i.t("cases.reject")}</button>
                        </div>
                    </form>
                }
                .into_any(),
            }}
        </section>
    }
}

/// `/staff/cases/:id`: drawn again only when the agent opens another case (`routes::Pages`), so
/// the form below keeps its text.
#[component]
pub fn CasePage(id: String) -> impl IntoView {
    let i = use_i18n();
    let form = DecisionForm::new();
    let data = LocalResource::new(move || api::staff_case(id.clone()));
    move || {
        let lang = i.lang();
        match data.get() {
            None => {
                view! { <p class="loading" role="status">{tr(lang, "app.loading")}</p> }.into_any()
            }
            Some(Ok(d)) => detail(lang, d, form),
            Some(Err(e)) => view! {
                <PageHeading text={tr(lang, "cases.title")}/>
                <div class="form-alert" role="alert"><p>{tr(lang, error_key(e.code))}</p></div>
            }
            .into_any(),
        }
    }
}
