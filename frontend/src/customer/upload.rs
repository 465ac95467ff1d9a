//! Upload the document a change under review needs (PDF, JPEG or PNG up to 10 MB), then show
//! the case: by when it is decided, and honestly when that is late.

use crate::api;
use crate::components::cases::case_view;
use crate::components::field::{FormAlert, Msg, Problems, focus_first};
use crate::i18n::{Lang, tr};
use crate::locale::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::CaseView;
use wasm_bindgen::JsCast;

const MAX_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// `2048` → `2 KB`, `3_500_000` → `3.3 MB`. Whole numbers only: formatting a float would
/// bring the float formatter into the download for this one line.
pub fn size_text(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        let tenths = (bytes * 10.0 / (1024.0 * 1024.0)).round() as u64;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", (bytes / 1024.0).ceil() as u64)
    }
}

/// "25 %": what the live region says, in quarters so a screen reader is not flooded.
pub fn progress_text(lang: Lang, sent: f64, total: f64) -> String {
    let pct = if total > 0.0 {
        ((sent / total * 4.0).floor() * 25.0).clamp(0.0, 100.0) as u32
    } else {
        0
    };
    tr(lang, "upload.progress").replace("{pct}", &pct.to_string())
}

/// "1.2 MB of 3.8 MB": shown next to the bar, not announced.
pub fn bytes_text(lang: Lang, sent: f64, total: f64) -> String {
    tr(lang, "upload.progress_bytes")
        .replace("{sent}", &size_text(sent.min(total)))
        .replace("{total}", &size_text(total))
}

#[component]
pub fn Upload(change_id: String) -> impl IntoView {
    let i = use_i18n();
    let file = StoredValue::new_local(None::<web_sys::File>);
    let chosen = RwSignal::new(None::<(String, f64)>);
    let uploading = RwSignal::new(false);
    // Bytes sent and the total, from the upload's progress events.
    let progress = RwSignal::new((0.0_f64, 0.0_f64));
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
        progress.set((0.0, f.size()));
        spawn_local(async move {
            let id = change_id.get_value();
            let result = api::upload_document(id.clone(), f, move |sent, total| {
                progress.set((sent, total))
            })
            .await;
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
                        {move || uploading.get().then(|| {
                            let (sent, total) = progress.get();
                            view! {
                                <div class="upload-progress" data-testid="upload-progress">
                                    <label for="upload-progress">{i.t("upload.uploading")}</label>
                                    <progress id="upload-progress" max=total.max(1.0) as u64 value=sent.min(total) as u64></progress>
                                    // Announced in steps of a quarter, not at every event.
                                    <span role="status" data-testid="upload-percent">{progress_text(i.lang(), sent, total)}</span>
                                    <span class="muted" aria-hidden="true">{bytes_text(i.lang(), sent, total)}</span>
                                </div>
                            }
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
    use super::{bytes_text, progress_text, size_text};
    use crate::i18n::Lang;

    #[test]
    fn progress_reads_in_quarters() {
        crate::i18n::use_app_strings(&crate::i18n::CHANGES_STRINGS);
        assert_eq!(progress_text(Lang::En, 1_300_000.0, 4_000_000.0), "25 %");
        assert_eq!(progress_text(Lang::De, 4096.0, 4096.0), "100 %");
        assert_eq!(progress_text(Lang::En, 0.0, 0.0), "0 %");
        assert_eq!(
            bytes_text(Lang::En, 1_300_000.0, 4_000_000.0),
            "1.2 MB of 3.8 MB"
        );
        assert_eq!(bytes_text(Lang::De, 5000.0, 4096.0), "4 KB von 4 KB");
    }

    #[test]
    fn sizes_read_in_kb_or_mb() {
        assert_eq!(size_text(2048.0), "2 KB");
        assert_eq!(size_text(100.0), "1 KB");
        assert_eq!(size_text(3_500_000.0), "3.3 MB");
    }
}
