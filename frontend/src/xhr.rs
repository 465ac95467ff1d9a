//! Uploads with real progress. `fetch` (gloo-net) reports no upload progress; XMLHttpRequest
//! does, through `upload.onprogress`. The request carries what the API client's requests carry:
//! same-origin cookies (the session) and `Accept: application/json`; the browser adds the
//! same-origin `Origin` header the CSRF guard checks, as it does for fetch.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

/// What came back: the status (0 when the request never reached the server) and the body.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// POSTs `form` to `path`; `on_progress(sent, total)` follows the upload in bytes.
pub async fn post_form(
    path: &str,
    form: &FormData,
    on_progress: impl Fn(f64, f64) + 'static,
) -> Result<Answer, JsValue> {
    let xhr = XmlHttpRequest::new()?;
    xhr.open("POST", path)?;
    xhr.set_request_header("Accept", "application/json")?;
    let progress = Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() {
            on_progress(e.loaded(), e.total());
        }
    });
    xhr.upload()?
        .set_onprogress(Some(progress.as_ref().unchecked_ref()));
    // `loadend` comes after success, error, abort and timeout alike: one place to resume.
    let finished = js_sys::Promise::new(&mut |resolve, _reject| {
        let done = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        xhr.set_onloadend(Some(done.unchecked_ref()));
    });
    xhr.send_with_opt_form_data(Some(form))?;
    wasm_bindgen_futures::JsFuture::from(finished).await?;
    // The progress handler lives until here, as long as the request.
    drop(progress);
    Ok(Answer {
        status: xhr.status()?,
        body: xhr.response_text()?.unwrap_or_default(),
    })
}
