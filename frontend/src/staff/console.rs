//! The staff console: find a customer, see them as staff do (notes, promises, cases, the full
//! timeline), keep notes and promises, and act as the customer with a reason.

use crate::api;
use crate::components::field::{FormAlert, Msg, Problems, TextField, error_key, focus_first};
use crate::components::overview::{Actions, overview};
use crate::components::timeline::entries;
use crate::dates::{local_date_time, today_plus};
use crate::i18n::{Lang, format_date, label, tr};
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use crate::session::use_session;
use crate::side::use_go;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::api::{
    ImpersonationRequest, NoteRequest, NoteView, PromiseRequest, PromiseView, SearchHit,
};
use shared::domain::CustomerNumber;

fn grouped(number: &str) -> String {
    CustomerNumber::parse(number)
        .map(|n| n.display())
        .unwrap_or_else(|_| number.to_owned())
}

fn hit_view(lang: Lang, hit: SearchHit) -> impl IntoView {
    let href = format!("/staff/customers/{}", hit.customer_id);
    let matched = format!("{} {}", tr(lang, "staff.matched"), hit.matched.join(", "));
    view! {
        <li class="row" data-testid="search-hit">
            <A href=href><span class="row__main">{hit.name}</span></A>
            <span class="row__sub mono">{grouped(&hit.number)}</span>
            <span class="row__sub">{hit.email}</span>
            <span class="row__sub">{matched}</span>
        </li>
    }
}

/// `/staff`: search by name, customer number, IBAN, card digits, email or phone.
#[component]
pub fn StaffSearchPage() -> impl IntoView {
    let i = use_i18n();
    let q = RwSignal::new(String::new());
    let problems = RwSignal::new(Problems::default());
    let hits = RwSignal::new(None::<Vec<SearchHit>>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let query = q.get_untracked().trim().to_owned();
        if query.chars().count() < 2 {
            let p = Problems::from_fields(vec![("q", Msg::Key("staff.error.q_short"))]);
            focus_first(&p);
            problems.set(p);
            return;
        }
        problems.set(Problems::default());
        pending.set(true);
        spawn_local(async move {
            match api::staff_search(query).await {
                Ok(r) => hits.set(Some(r.hits)),
                Err(e) => {
                    let p = Problems::from_error(&e, &["q"]);
                    focus_first(&p);
                    problems.set(p);
                }
            }
            pending.set(false);
        });
    };

    view! {
        <PageHeading text={i.t("staff.title")}/>
        <section class="panel" aria-labelledby="search-title">
            <h2 id="search-title">{i.t("staff.search_title")}</h2>
            <FormAlert problems/>
            <form novalidate on:submit=on_submit role="search">
                <TextField name="q" label="staff.search_label" hint="staff.search_hint" kind="search" value=q problems/>
                <button type="submit" class="button button--primary" disabled=move || pending.get()>
                    {i.t("staff.search_submit")}
                </button>
            </form>
        </section>
        {move || hits.get().map(|list| {
            let lang = i.lang();
            let count = tr(lang, "staff.results").replace("{n}", &list.len().to_string());
            view! {
                <section class="panel" aria-labelledby="results-title">
                    <h2 id="results-title">{count}</h2>
                    <ul class="plain" data-testid="search-results">
                        {list.into_iter().map(|h| hit_view(lang, h)).collect_view()}
                    </ul>
                </section>
            }
        })}
    }
}

/// `/staff/customers/:id`
/// What the agent is typing on a customer's page. It lives as long as the page shows that
/// customer, not as long as one rendering: a language switch, or the reload after a promise is
/// added, redraws the forms, and a half-written note must survive that.
#[derive(Clone, Copy)]
struct Drafts {
    act_reason: RwSignal<String>,
    act_problems: RwSignal<Problems>,
    act_pending: RwSignal<bool>,
    promise_text: RwSignal<String>,
    promise_due: RwSignal<String>,
    promise_problems: RwSignal<Problems>,
    note_text: RwSignal<String>,
    note_editing: RwSignal<Option<String>>,
    note_problems: RwSignal<Problems>,
}

impl Drafts {
    fn new() -> Drafts {
        Drafts {
            act_reason: RwSignal::new(String::new()),
            act_problems: RwSignal::new(Problems::default()),
            act_pending: RwSignal::new(false),
            promise_text: RwSignal::new(String::new()),
            promise_due: RwSignal::new(today_plus(3)),
            promise_problems: RwSignal::new(Problems::default()),
            note_text: RwSignal::new(String::new()),
            note_editing: RwSignal::new(None),
            note_problems: RwSignal::new(Problems::default()),
        }
    }
}

/// `/staff/customers/:id`: drawn again only when the agent opens another customer
/// (`routes::Pages`), so the drafts belong to one customer.
#[component]
pub fn StaffCustomerPage(id: String) -> impl IntoView {
    let i = use_i18n();
    let id = StoredValue::new(id);
    let drafts = Drafts::new();
    let data = LocalResource::new(move || api::staff_customer(id.get_value()));
    let timeline = LocalResource::new(move || api::staff_timeline(id.get_value()));
    let reload = move || {
        data.refetch();
        timeline.refetch();
    };

    view! {
        {move || {
            let lang = i.lang();
            match data.get() {
                None => view! { <p class="loading" role="status">{tr(lang, "app.loading")}</p> }.into_any(),
                Some(Ok(view)) => customer_view(lang, id.get_value(), view, drafts, reload),
                Some(Err(e)) => view! {
                    <PageHeading text={tr(lang, "staff.customer")}/>
                    <div class="form-alert" role="alert"><p>{tr(lang, error_key(e.code))}</p></div>
                }
                .into_any(),
            }
        }}
        <section class="panel" aria-labelledby="staff-timeline-title">
            <h2 id="staff-timeline-title">{i.t("staff.timeline")}</h2>
            {move || {
                let lang = i.lang();
                match timeline.get() {
                    None => view! { <p class="loading" role="status">{tr(lang, "app.loading")}</p> }.into_any(),
                    Some(Ok(list)) => entries(lang, list),
                    Some(Err(e)) => view! {
                        <div class="form-alert" role="alert"><p>{tr(lang, error_key(e.code))}</p></div>
                    }
                    .into_any(),
                }
            }}
        </section>
    }
}

fn customer_view(
    lang: Lang,
    id: String,
    view: api::StaffCustomer,
    drafts: Drafts,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let api::StaffCustomer {
        overview: me,
        promises,
        notes,
    } = view;
    let name = me.customer.name.clone();
    view! {
        <PageHeading text=name/>
        <ActAs customer_id=id.clone() drafts/>
        <Promises customer_id=id.clone() promises drafts reload/>
        <Notes customer_id=id notes drafts reload/>
        {overview(lang, me, Actions::NONE)}
    }
    .into_any()
}

/// "Act as this customer", with the reason the server records.
#[component]
fn ActAs(customer_id: String, drafts: Drafts) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let go = use_go();
    let (reason, problems, pending) = (drafts.act_reason, drafts.act_problems, drafts.act_pending);
    let customer_id = StoredValue::new(customer_id);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked().trim().to_owned();
        if text.chars().count() < 5 {
            let p = Problems::from_fields(vec![("reason", Msg::Key("staff.error.reason"))]);
            focus_first(&p);
            problems.set(p);
            return;
        }
        problems.set(Problems::default());
        pending.set(true);
        let go = go.clone();
        spawn_local(async move {
            let request = ImpersonationRequest {
                customer_id: customer_id.get_value(),
                reason: text,
            };
            match api::act_as(request).await {
                Ok(_) => {
                    session.refresh();
                    go("/");
                }
                Err(e) => {
                    let p = Problems::from_error(&e, &["reason"]);
                    focus_first(&p);
                    problems.set(p);
                    pending.set(false);
                }
            }
        });
    };

    view! {
        <section class="panel" aria-labelledby="act-title">
            <h2 id="act-title">{i.t("staff.act_title")}</h2>
            <FormAlert problems/>
            <form novalidate on:submit=on_submit>
                <TextField name="reason" label="staff.act_reason" hint="staff.act_hint" value=reason problems/>
                <button type="submit" class="button button--primary" disabled=move || pending.get()>
                    {i.t("staff.act_submit")}
                </button>
            </form>
        </section>
    }
}

fn promise_row(
    lang: Lang,
    p: PromiseView,
    kept: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let status = p.status.clone();
    let due = format_date(lang, p.due_by.get(..10).unwrap_or(&p.due_by));
    let button = (status == "open").then(|| {
        let id = p.id.clone();
        view! {
            <button type="button" class="button button--secondary" on:click=move |_| kept(id.clone())>
                {tr(lang, "staff.promise_kept")}
            </button>
        }
    });
    view! {
        <li class="row" data-testid="promise" data-status=status.clone()>
            <span class="row__main">{p.text}</span>
            <span class="row__sub">{format!("{} {due} · {} · {}", tr(lang, "staff.due"), label(lang, "promise", &status), p.staff_name)}</span>
            {button}
        </li>
    }
}

#[component]
fn Promises(
    customer_id: String,
    promises: Vec<PromiseView>,
    drafts: Drafts,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i = use_i18n();
    let lang = i.lang_untracked();
    let (text, due, problems) = (
        drafts.promise_text,
        drafts.promise_due,
        drafts.promise_problems,
    );
    let customer_id = StoredValue::new(customer_id);

    let kept = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            match api::promise_kept(id).await {
                Ok(_) => reload(),
                Err(e) => problems.set(Problems {
                    fields: Vec::new(),
                    form: Some(Msg::Key(error_key(e.code))),
                }),
            }
        }
    });
    let mark_kept = move |id: String| {
        if !kept.pending().get_untracked() {
            kept.dispatch(id);
        }
    };
    // One save at a time: a second click or Enter while it is on its way adds nothing.
    let save = Action::new_local(move |request: &PromiseRequest| {
        let request = request.clone();
        async move {
            match api::add_promise(customer_id.get_value(), request).await {
                Ok(_) => {
                    text.set(String::new());
                    due.set(today_plus(3));
                    reload();
                }
                Err(e) => {
                    let p = Problems::from_error(&e, &["promise_text", "due_by"]);
                    focus_first(&p);
                    problems.set(p);
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending().get_untracked() {
            return;
        }
        let (t, d) = (text.get_untracked().trim().to_owned(), due.get_untracked());
        let mut found = Vec::new();
        if t.is_empty() {
            found.push(("promise_text", Msg::Key("staff.error.promise_text")));
        }
        if d.is_empty() {
            found.push(("due_by", Msg::Key("staff.error.due_by")));
        }
        if !found.is_empty() {
            let p = Problems::from_fields(found);
            focus_first(&p);
            problems.set(p);
            return;
        }
        problems.set(Problems::default());
        save.dispatch(PromiseRequest { text: t, due_by: d });
    };
    let list = if promises.is_empty() {
        view! { <p class="muted">{tr(lang, "staff.promises_none")}</p> }.into_any()
    } else {
        view! {
            <ul class="plain" data-testid="promises">
                {promises.into_iter().map(|p| promise_row(lang, p, mark_kept)).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="promises-title">
            <h2 id="promises-title">{i.t("staff.promises")}</h2>
            {list}
            <h3>{i.t("staff.promise_new")}</h3>
            <FormAlert problems/>
            <form novalidate on:submit=on_submit>
                <TextField name="promise_text" label="staff.promise_text" value=text problems/>
                <TextField name="due_by" label="staff.promise_due" kind="date" value=due problems min=today_plus(0)/>
                <button type="submit" class="button button--primary" disabled=move || save.pending().get()>{i.t("staff.promise_submit")}</button>
            </form>
        </section>
    }
}

fn note_row(
    lang: Lang,
    n: NoteView,
    superseded: bool,
    edit: impl Fn(String, String) + Copy + 'static,
) -> impl IntoView {
    let meta = format!(
        "{} · {}",
        n.staff_name,
        local_date_time(lang, &n.created_at)
    );
    let marker = superseded.then(
        || view! { <span class="badge badge--replaced">{tr(lang, "staff.note_superseded")}</span> },
    );
    let button = (!superseded).then(|| {
        let (id, text) = (n.id.clone(), n.text.clone());
        view! {
            <button type="button" class="button button--secondary" on:click=move |_| edit(id.clone(), text.clone())>
                {tr(lang, "staff.note_edit")}
            </button>
        }
    });
    view! {
        <li class="row" data-testid="note" data-superseded=superseded.to_string()>
            <span class="row__main">{n.text}</span>
            <span class="row__sub">{meta}</span>
            {marker}
            {button}
        </li>
    }
}

#[component]
fn Notes(
    customer_id: String,
    notes: Vec<NoteView>,
    drafts: Drafts,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i = use_i18n();
    let lang = i.lang_untracked();
    let (text, editing, problems) = (drafts.note_text, drafts.note_editing, drafts.note_problems);
    let customer_id = StoredValue::new(customer_id);

    let edit = move |id: String, current: String| {
        editing.set(Some(id));
        text.set(current);
        crate::components::field::focus_id("note".to_owned());
    };
    // One save at a time: a second click or Enter while it is on its way adds nothing.
    let save = Action::new_local(move |request: &NoteRequest| {
        let request = request.clone();
        async move {
            match api::add_note(customer_id.get_value(), request).await {
                Ok(_) => {
                    text.set(String::new());
                    editing.set(None);
                    reload();
                }
                Err(e) => {
                    let p = Problems::from_error(&e, &["note"]);
                    focus_first(&p);
                    problems.set(p);
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending().get_untracked() {
            return;
        }
        let t = text.get_untracked().trim().to_owned();
        if t.is_empty() {
            let p = Problems::from_fields(vec![("note", Msg::Key("staff.error.note"))]);
            focus_first(&p);
            problems.set(p);
            return;
        }
        problems.set(Problems::default());
        save.dispatch(NoteRequest {
            text: t,
            supersedes_id: editing.get_untracked(),
        });
    };
    let superseded: Vec<String> = notes
        .iter()
        .filter_map(|n| n.supersedes_id.clone())
        .collect();
    let list = if notes.is_empty() {
        view! { <p class="muted">{tr(lang, "staff.notes_none")}</p> }.into_any()
    } else {
        view! {
            <ul class="plain" data-testid="notes">
                {notes.into_iter().map(|n| {
                    let old = superseded.contains(&n.id);
                    note_row(lang, n, old, edit)
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="notes-title">
            <h2 id="notes-title">{i.t("staff.notes")}</h2>
            {list}
            <FormAlert problems/>
            <form novalidate on:submit=on_submit>
                <TextField name="note" label="staff.note_text" hint="staff.note_hint" value=text problems/>
                <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                    {move || if editing.get().is_some() { i.s("staff.note_save_edit") } else { i.s("staff.note_submit") }}
                </button>
            </form>
        </section>
    }
}
