//! Upload the document a change under review needs (PDF, JPEG or PNG up to 10 MB), then show
//! the case: by when it is decided, and honestly when that is late.

use crate::api;
use crate::components::field::{FormAlert, Msg, Problems, focus_first};
use crate::dates::local_date_time;
use crate::i18n::{Lang, label, tr};
use crate::locale::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::CaseView;
use wasm_bindgen::JsCast;

const MAX_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// `2048` → `2 KB`, `3_500_000` → `3.3 MB`.
pub fn size_text(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes / 1024.0).ceil() as u64)
    }
}

/// One case as the customer sees it: status and "We decide by …" (or that it is late).
pub fn case_view(lang: Lang, c: &CaseView) -> AnyView {
    let due = local_date_time(lang, &c.due_at);
    let when = if c.status != "open" {
        None
    } else if c.overdue {
        Some(tr(lang, "case.late").replace("{date}", &due))
    } else {
        Some(tr(lang, "case.decide_by").replace("{date}", &due))
    };
    let status = if c.status == "open" {
        tr(lang, "status.pending_review").to_owned()
    } else {
        label(lang, "status", &c.status)
    };
    view! {
        <li class="row" data-testid="case" data-status=c.status.clone()>
            <span class="row__main">{format!("{} · {status}", label(lang, "kind", &c.kind))}</span>
            {when.map(|w| view! { <span class="row__sub" class:late=c.overdue>{w}</span> })}
        </li>
    }
    .into_any()
}

/// The customer's cases (a holder change under review), for the overview.
pub fn cases_section(lang: Lang, cases: Vec<CaseView>) -> Option<AnyView> {
    (!cases.is_empty()).then(|| {
        view! {
            <section class="panel" aria-labelledby="cases-title" data-testid="cases">
                <h2 id="cases-title">{tr(lang, "case.title")}</h2>
                <ul class="plain">{cases.iter().map(|c| case_view(lang, c)).collect_view()}</ul>
            </section>
        }
        .into_any()
    })
}

#[component]
pub fn Upload(change_id: String) -> impl IntoView {
    let i = use_i18n();
    let file = StoredValue::new_local(None::<web_sys::File>);
    let chosen = RwSignal::new(None::<(String, f64)>);
    let uploading = RwSignal::new(false);
    let uploaded = RwSignal::new(None::<String>);
    let case = RwSignal::new(None::<CaseView>);
    let problems = RwSignal::new(Problems::default());
    let change_id = StoredValue::new(change_id);

    let on_change = move |ev: leptos::ev::Event| {
        let picked = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        chosen.set(picked.as_ref().map(|f| (f.name(), f.size())));
        file.set_value(picked);
        problems.set(Problems::default());
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if uploading.get_untracked() {
            return;
        }
        let Some(f) = file.get_value() else {
            let p = Problems::from_fields(vec![("file", Msg::Key("upload.error.none"))]);
            focus_first(&p);
            problems.set(p);
            return;
        };
        if f.size() > MAX_BYTES {
            let p = Problems::from_fields(vec![("file", Msg::Key("upload.error.too_large"))]);
            focus_first(&p);
            problems.set(p);
            return;
        }
        uploading.set(true);
        spawn_local(async move {
            let id = change_id.get_value();
            let result = api::upload_document(id.clone(), f).await;
            uploading.set(false);
            match result {
                Ok(doc) => {
                    uploaded.set(Some(doc.filename));
                    if let Ok(me) = api::me().await {
                        case.set(
                            me.cases
                                .into_iter()
                                .find(|c| c.change_id.as_deref() == Some(id.as_str())),
                        );
                    }
                }
                Err(e) => {
                    let mut p = Problems::from_error(&e, &["file"]);
                    if e.code == shared::ErrorCode::TooLarge {
                        p = Problems::from_fields(vec![(
                            "file",
                            Msg::Key("upload.error.too_large"),
                        )]);
                    }
                    focus_first(&p);
                    problems.set(p);
                }
            }
        });
    };
    let error = move || problems.with(|p| p.field("file"));

    view! {
        <section class="panel" aria-labelledby="upload-title" data-testid="upload">
            <h3 id="upload-title">{i.t("upload.title")}</h3>
            {move || match uploaded.get() {
                Some(name) => view! {
                    <p class="notice notice--ok" role="status" data-testid="upload-done">
                        {tr(i.lang(), "upload.done").replace("{file}", &name)}
                    </p>
                    {move || case.get().map(|c| view! { <ul class="plain">{case_view(i.lang(), &c)}</ul> })}
                }
                .into_any(),
                None => view! {
                    <p>{i.t("upload.intro")}</p>
                    <FormAlert problems/>
                    <form novalidate on:submit=on_submit>
                        <div class="field" class:field--invalid=move || error().is_some()>
                            <label for="file">{i.t("upload.label")}</label>
                            <p class="field__hint" id="file-hint">{i.t("upload.hint")}</p>
                            <input id="file" name="file" type="file"
                                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                                on:change=on_change
                                aria-invalid=move || error().map(|_| "true")
                                aria-describedby=move || if error().is_some() { "file-error file-hint" } else { "file-hint" }/>
                            {move || error().map(|m| view! { <p class="field__error" id="file-error">{m.text(i.lang())}</p> })}
                        </div>
                        {move || chosen.get().map(|(name, size)| view! {
                            <p data-testid="chosen-file">{format!("{} {name} ({})", tr(i.lang(), "upload.chosen"), size_text(size))}</p>
                        })}
                        {move || uploading.get().then(|| view! {
                            <p role="status"><label for="upload-progress">{i.t("upload.uploading")}</label>" "
                            <progress id="upload-progress" max="100"></progress></p>
                        })}
                        <button type="submit" class="button button--primary" disabled=move || uploading.get()>
                            {i.t("upload.submit")}
                        </button>
                    </form>
                }
                .into_any(),
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::size_text;

    #[test]
    fn sizes_read_in_kb_or_mb() {
        assert_eq!(size_text(2048.0), "2 KB");
        assert_eq!(size_text(100.0), "1 KB");
        assert_eq!(size_text(3_500_000.0), "3.3 MB");
    }
}
