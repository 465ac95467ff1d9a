//! The one typed client of the carryover HTTP API (shared/API.md).
//!
//! Same origin, so the session cookie travels with every call. Every answer that is not 2xx
//! becomes an [`Error`]: the body when it has the contract shape, otherwise one built
//! from the status. A request that never reaches the server is `unavailable`.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::ErrorCode;
use shared::api::{
    BlockCardRequest, BlockCardResponse, CommitRequest, LoginRequest, LoginResponse, MeResponse,
    PlanStep, PlanView, PreviewRequest, PreviewResponse, ReauthRequest, SessionResponse,
};
use shared::api::{
    CaseDetail, CaseList, CaseView, DecisionRequest, DocumentView, ImpersonationRequest,
    ImpersonationResponse, MetricsResponse, NoteRequest, NoteView, PromiseRequest, PromiseView,
    SearchResponse,
};
use shared::api::{NewStaffMember, StaffList, StaffMember};
use web_sys::RequestCredentials;

pub type ApiResult<T> = Result<T, Error>;

/// A field and what is wrong with it, as the server words it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
    /// Why, as a code (`taken`: the value is already someone else's), where the server says.
    #[serde(default)]
    pub reason: Option<String>,
}

/// An API error as this app uses it: the contract shape, with the parts of `details` it reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<String>,
    /// Every field error at once (`details.errors`, else `field` and `message`).
    pub errors: Vec<FieldMessage>,
    /// `plan_outdated`: the fresh plan to review again.
    pub fresh: Option<Box<PreviewResponse>>,
    /// A 429's `Retry-After` in seconds: how long the person has to wait.
    pub retry_after: Option<u64>,
    /// No answer came (network, timeout), as opposed to an answer that is an error.
    pub no_answer: bool,
    /// No answer within [`TIMEOUT_MS`].
    pub timed_out: bool,
}

impl Error {
    pub fn new(code: ErrorCode, message: &str) -> Error {
        Error {
            code,
            message: message.to_owned(),
            field: None,
            errors: Vec::new(),
            fresh: None,
            retry_after: None,
            no_answer: false,
            timed_out: false,
        }
    }
}

/// No answer at all: the network is down, the server unreachable, or it took longer than
/// [`TIMEOUT_MS`].
fn unavailable() -> Error {
    let mut error = Error::new(
        ErrorCode::Unavailable,
        "The service cannot be reached. Check your connection and try again.",
    );
    error.no_answer = true;
    error
}

/// The error for a status whose body was not the contract shape (a proxy page, an empty body).
pub fn error_for_status(status: u16) -> Error {
    let (code, message) = match status {
        400 | 422 => (ErrorCode::InvalidInput, "The request was not valid."),
        401 => (ErrorCode::Unauthenticated, "Please sign in."),
        403 => (ErrorCode::Forbidden, "You are not allowed to do this."),
        404 => (ErrorCode::NotFound, "Not found."),
        409 => (ErrorCode::Conflict, "Something changed in the meantime."),
        429 => (
            ErrorCode::RateLimited,
            "Too many attempts. Please wait a moment.",
        ),
        502..=504 => (
            ErrorCode::Unavailable,
            "The service is unavailable. Please try again.",
        ),
        _ => (
            ErrorCode::Internal,
            "Something went wrong. Please try again.",
        ),
    };
    Error::new(code, message)
}

/// The error body as the client reads it. `details` is read into the shapes this app knows
/// (field errors, a fresh plan); `serde_json::Value` is avoided on purpose: its parser (floats,
/// maps) would cost more wasm than every other type here.
#[derive(Deserialize)]
struct WireError {
    code: ErrorCode,
    message: String,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    details: Option<WireDetails>,
}

#[derive(Deserialize)]
struct WireDetails {
    #[serde(default)]
    errors: Vec<FieldMessage>,
    #[serde(default)]
    plan: Option<PlanView>,
    #[serde(default)]
    preview_token: Option<String>,
}

impl From<WireError> for Error {
    fn from(e: WireError) -> Error {
        let (mut errors, fresh) = match e.details {
            Some(d) => (
                d.errors,
                d.plan.zip(d.preview_token).map(|(plan, preview_token)| {
                    Box::new(PreviewResponse {
                        plan,
                        preview_token,
                    })
                }),
            ),
            None => (Vec::new(), None),
        };
        if errors.is_empty()
            && let Some(field) = &e.field
        {
            errors.push(FieldMessage {
                field: field.clone(),
                message: e.message.clone(),
                reason: None,
            });
        }
        Error {
            code: e.code,
            message: e.message,
            field: e.field,
            errors,
            fresh,
            retry_after: None,
            no_answer: false,
            timed_out: false,
        }
    }
}

/// A change as this app reads it (`effective_on` is read when the server sends it).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Change {
    pub id: String,
    pub kind: String,
    /// `completed` | `scheduled` | `pending_review` | `rejected` | `cancelled`
    pub status: String,
    pub steps: Vec<PlanStep>,
    #[serde(default)]
    pub effective_on: Option<String>,
    #[serde(default)]
    pub version: i64,
}

impl Change {
    /// What `If-Match` sends back: the state this page showed.
    pub fn etag(&self) -> String {
        shared::api::change_etag(self.version)
    }
}

#[derive(Deserialize)]
struct ChangeBody {
    change: Change,
}

#[derive(Deserialize)]
struct ChangesBody {
    changes: Vec<Change>,
}

/// One timeline entry: only what the page shows (`data` is left out, see [`WireError`]).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TimelineItem {
    pub id: String,
    pub at: String,
    pub kind: String,
    pub actor: String,
    pub summary: String,
    #[serde(default)]
    pub reason: Option<String>,
    /// The entry's event code and parameters (`event`, `params`) and who acted (`actor`), for
    /// wording it in the reader's language (`timeline_text`).
    #[serde(default)]
    pub data: crate::timeline_text::EntryData,
}

#[derive(Deserialize)]
struct TimelineBody {
    entries: Vec<TimelineItem>,
}

/// How long a request may take, answer included, before the app gives up on it and says so.
/// Uploads (`xhr.rs`) have no such limit: a large file on a slow line takes longer.
pub const TIMEOUT_MS: u32 = 15_000;

fn builder(builder: RequestBuilder) -> RequestBuilder {
    builder
        .credentials(RequestCredentials::SameOrigin)
        .header("Accept", "application/json")
        .abort_signal(Some(&web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS)))
}

thread_local! {
    /// When the server last saw this browser (ms since the epoch, browser clock).
    static LAST_CALL: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    /// How long the server keeps an idle session (ms), learned from `idle_expires_at`.
    static IDLE_WINDOW: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// When the session ends if nothing else is sent (ms since the epoch), once known.
pub fn idle_deadline() -> Option<f64> {
    IDLE_WINDOW
        .with(|w| w.get())
        .map(|w| LAST_CALL.with(|l| l.get()) + w)
}

/// `server_now`: the answer's `Date` (the server's clock), if it had one.
fn note_idle_expiry(idle_expires_at: &str, server_now: Option<f64>) {
    let end = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(idle_expires_at)).get_time();
    if !end.is_nan() {
        let now = js_sys::Date::now();
        LAST_CALL.with(|l| l.set(now));
        IDLE_WINDOW.with(|w| w.set(Some(idle_window(end, server_now, now))));
    }
}

/// How long the session lasts from this answer (ms): its end less the server's time of the
/// answer, both the server's clock. Only without a `Date` the browser's clock stands in, and
/// then a browser clock that is off shortens or stretches the window by as much (30 minutes
/// ahead: no window at all).
fn idle_window(end: f64, server_now: Option<f64>, browser_now: f64) -> f64 {
    (end - server_now.filter(|t| t.is_finite()).unwrap_or(browser_now)).max(0.0)
}

/// The answer's `Date` header (ms since the epoch, the server's clock).
fn server_date(response: &Response) -> Option<f64> {
    let date = response.headers().get("Date")?;
    Some(js_sys::Date::parse(&date)).filter(|t| t.is_finite())
}

async fn send(request: Request) -> ApiResult<Response> {
    let response = match request.send().await {
        Ok(response) => response,
        Err(e) => {
            crate::network::no_answer();
            let mut error = unavailable();
            error.timed_out =
                matches!(&e, gloo_net::Error::JsError(js) if js.name == "TimeoutError");
            return Err(error);
        }
    };
    crate::network::answered();
    if response.ok() {
        LAST_CALL.with(|l| l.set(js_sys::Date::now()));
        Ok(response)
    } else {
        let status = response.status();
        let retry_after = response
            .headers()
            .get("Retry-After")
            .and_then(|v| v.trim().parse::<u64>().ok());
        let mut error = parsed::<WireError>(response)
            .await
            .map(Error::from)
            .unwrap_or_else(|| error_for_status(status));
        error.retry_after = retry_after;
        Err(error)
    }
}

/// A GET, asked a second time when the first got no answer (a dropped connection on a phone):
/// reading twice changes nothing. Not after a timeout: the person has waited long enough, and
/// the page's retry is theirs to press.
async fn get(path: &str) -> ApiResult<Response> {
    let once = || async {
        let request = builder(Request::get(path))
            .build()
            .map_err(|_| unavailable())?;
        send(request).await
    };
    match once().await {
        Err(e) if e.no_answer && !e.timed_out => {
            gloo_timers::future::TimeoutFuture::new(1_000).await;
            once().await
        }
        result => result,
    }
}

async fn get_json<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    decode(get(path).await?).await
}

async fn post_json<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ApiResult<T> {
    post_with(builder(Request::post(path)), body).await
}

async fn post_with<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
) -> ApiResult<T> {
    let request = with_json(builder, body).ok_or_else(unavailable)?;
    decode(send(request).await?).await
}

/// `builder` with `body` as its JSON: made a JavaScript value, then written by the browser's
/// `JSON.stringify` (the counterpart of [`parsed_text`]; no serde_json in the wasm).
fn with_json<B: Serialize>(builder: RequestBuilder, body: &B) -> Option<Request> {
    let value = body
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    let text = js_sys::JSON::stringify(&value).ok()?;
    builder
        .header("Content-Type", "application/json")
        .body(text)
        .ok()
}

async fn post_empty(path: &str) -> ApiResult<()> {
    let request = builder(Request::post(path))
        .build()
        .map_err(|_| unavailable())?;
    send(request).await.map(|_| ())
}

async fn decode<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    parsed(response).await.ok_or_else(not_understood)
}

fn not_understood() -> Error {
    Error::new(
        ErrorCode::Internal,
        "The server sent an answer this app does not understand.",
    )
}

/// The answer's JSON body as `T` ([`parsed_text`]).
async fn parsed<T: DeserializeOwned>(response: Response) -> Option<T> {
    parsed_text(&response.text().await.ok()?)
}

/// `text` (a JSON body) as `T`: parsed by the browser (`JSON.parse`), then read from the
/// JavaScript value. serde_json's parser instantiated for every answer type was the largest part
/// of the API types' wasm; reading a parsed value is much smaller code per type.
fn parsed_text<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// `POST /api/auth/login`
pub async fn login(request: LoginRequest) -> ApiResult<LoginResponse> {
    post_json("/api/auth/login", &request).await
}

/// `POST /api/auth/logout`
pub async fn logout() -> ApiResult<()> {
    post_empty("/api/auth/logout").await
}

/// Whether the server's readable hint cookie says someone signed in in this browser (see
/// `HINT_COOKIE` in the server's session module). Without it, nobody is: asking would only
/// earn a 401.
pub fn signed_in_hint() -> bool {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.cookie().ok())
        .is_some_and(|cookies| {
            cookies
                .split(';')
                .any(|c| c.trim_start().starts_with("carryover_signed_in="))
        })
}

/// `GET /api/auth/session`
pub async fn session() -> ApiResult<SessionResponse> {
    if !signed_in_hint() {
        IDLE_WINDOW.with(|w| w.set(None));
        return Err(error_for_status(401));
    }
    let result: ApiResult<(SessionResponse, Option<f64>)> = async {
        let response = get("/api/auth/session").await?;
        let server_now = server_date(&response);
        Ok((decode(response).await?, server_now))
    }
    .await;
    match &result {
        Ok((s, server_now)) => note_idle_expiry(&s.idle_expires_at, *server_now),
        Err(_) => IDLE_WINDOW.with(|w| w.set(None)),
    }
    result.map(|(s, _)| s)
}

/// `GET /api/me`
pub async fn me() -> ApiResult<MeResponse> {
    get_json("/api/me").await
}

/// `POST /api/auth/reauth`: the password check sensitive commits need.
pub async fn reauth(password: String) -> ApiResult<()> {
    let request = with_json(
        builder(Request::post("/api/auth/reauth")),
        &ReauthRequest { password },
    )
    .ok_or_else(unavailable)?;
    send(request).await.map(|_| ())
}

/// `POST /api/changes/preview`
pub async fn preview(request: PreviewRequest) -> ApiResult<PreviewResponse> {
    post_json("/api/changes/preview", &request).await
}

/// `POST /api/changes` with the `Idempotency-Key` of this confirm attempt.
pub async fn commit(preview_token: String, key: &str) -> ApiResult<Change> {
    let b = builder(Request::post("/api/changes")).header("Idempotency-Key", key);
    post_with::<_, ChangeBody>(b, &CommitRequest { preview_token })
        .await
        .map(|b| b.change)
}

/// `GET /api/changes`, newest first.
pub async fn changes() -> ApiResult<Vec<Change>> {
    get_json::<ChangesBody>("/api/changes")
        .await
        .map(|b| b.changes)
}

/// `DELETE /api/changes/{id}`: cancels a scheduled change, if it is still the version shown
/// (`etag`); a change that moved on in the meantime answers 412 and is left alone.
pub async fn cancel_change(id: String, etag: String) -> ApiResult<Change> {
    let request = builder(Request::delete(&format!("/api/changes/{id}")))
        .header("If-Match", &etag)
        .build()
        .map_err(|_| unavailable())?;
    decode::<ChangeBody>(send(request).await?)
        .await
        .map(|b| b.change)
}

/// `POST /api/cards/{id}/block`
pub async fn block_card(card_id: String, reason: &str) -> ApiResult<BlockCardResponse> {
    let body = BlockCardRequest {
        reason: reason.to_owned(),
    };
    post_json(&format!("/api/cards/{card_id}/block"), &body).await
}

/// `GET /api/timeline`, newest first.
pub async fn timeline() -> ApiResult<Vec<TimelineItem>> {
    get_json::<TimelineBody>("/api/timeline")
        .await
        .map(|b| b.entries)
}

/// `GET /api/staff/customers?q=`
pub async fn staff_search(q: String) -> ApiResult<SearchResponse> {
    let query = js_sys::encode_uri_component(&q);
    get_json(&format!("/api/staff/customers?q={query}")).await
}

/// The customer as staff see them (`shared::api::StaffCustomerView`, whose `cases` are the
/// flattened `MeResponse`'s), read straight into its types.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StaffCustomer {
    #[serde(flatten)]
    pub overview: MeResponse,
    #[serde(default)]
    pub promises: Vec<PromiseView>,
    #[serde(default)]
    pub notes: Vec<NoteView>,
}

/// `GET /api/staff/customers/{id}`
pub async fn staff_customer(id: String) -> ApiResult<StaffCustomer> {
    get_json(&format!("/api/staff/customers/{id}")).await
}

/// `GET /api/staff/customers/{id}/timeline`, internal entries included.
pub async fn staff_timeline(id: String) -> ApiResult<Vec<TimelineItem>> {
    get_json::<TimelineBody>(&format!("/api/staff/customers/{id}/timeline"))
        .await
        .map(|b| b.entries)
}

/// `POST /api/staff/customers/{id}/notes`
pub async fn add_note(id: String, request: NoteRequest) -> ApiResult<NoteView> {
    post_json(&format!("/api/staff/customers/{id}/notes"), &request).await
}

/// `POST /api/staff/customers/{id}/promises`
pub async fn add_promise(id: String, request: PromiseRequest) -> ApiResult<PromiseView> {
    post_json(&format!("/api/staff/customers/{id}/promises"), &request).await
}

/// `POST /api/staff/promises/{id}/kept`
pub async fn promise_kept(id: String) -> ApiResult<PromiseView> {
    let request = builder(Request::post(&format!("/api/staff/promises/{id}/kept")))
        .build()
        .map_err(|_| unavailable())?;
    decode(send(request).await?).await
}

/// `POST /api/staff/impersonation`
pub async fn act_as(request: ImpersonationRequest) -> ApiResult<ImpersonationResponse> {
    post_json("/api/staff/impersonation", &request).await
}

/// `DELETE /api/staff/impersonation`
pub async fn stop_acting() -> ApiResult<()> {
    let request = builder(Request::delete("/api/staff/impersonation"))
        .build()
        .map_err(|_| unavailable())?;
    send(request).await.map(|_| ())
}

/// `POST /api/changes/{id}/documents`: one file as multipart field `file`, sent with
/// XMLHttpRequest so that `on_progress(sent, total)` can follow it (see `xhr.rs`).
pub async fn upload_document(
    change_id: String,
    file: web_sys::File,
    on_progress: impl Fn(f64, f64) + 'static,
) -> ApiResult<DocumentView> {
    let form = web_sys::FormData::new().map_err(|_| unavailable())?;
    form.append_with_blob_and_filename("file", &file, &file.name())
        .map_err(|_| unavailable())?;
    let path = format!("/api/changes/{change_id}/documents");
    let answer = crate::xhr::post_form(&path, &form, on_progress)
        .await
        .map_err(|_| unavailable())?;
    match answer.status {
        0 => Err(unavailable()),
        200..=299 => {
            LAST_CALL.with(|l| l.set(js_sys::Date::now()));
            parsed_text(&answer.body).ok_or_else(not_understood)
        }
        status => Err(parsed_text::<WireError>(&answer.body)
            .map(Error::from)
            .unwrap_or_else(|| error_for_status(status))),
    }
}

/// `GET /api/invitations/{token}`: public; the token is from the emailed link.
pub async fn invitation(token: String) -> ApiResult<shared::api::InvitationView> {
    let token = js_sys::encode_uri_component(&token);
    get_json(&format!("/api/invitations/{token}")).await
}

/// `POST /api/invitations/{token}/accept`: signed in (empty request) or registering.
pub async fn accept_invitation(
    token: String,
    request: shared::api::AcceptInvitationRequest,
) -> ApiResult<shared::api::AcceptInvitationResponse> {
    let token = js_sys::encode_uri_component(&token);
    post_json(&format!("/api/invitations/{token}/accept"), &request).await
}

/// `GET /api/staff/metrics?from=&to=`: the figures of a period (dates inclusive).
pub async fn staff_metrics(from: String, to: String) -> ApiResult<MetricsResponse> {
    get_json(&format!("/api/staff/metrics?from={from}&to={to}")).await
}

/// `GET /api/staff/members` (admins only).
pub async fn staff_members() -> ApiResult<StaffList> {
    get_json("/api/staff/members").await
}

/// `POST /api/staff/members` (admins only).
pub async fn add_staff_member(request: NewStaffMember) -> ApiResult<StaffMember> {
    post_json("/api/staff/members", &request).await
}

/// `POST /api/staff/members/{id}/deactivate` (admins only; their sessions end at once).
pub async fn deactivate_staff_member(id: String) -> ApiResult<()> {
    post_empty(&format!("/api/staff/members/{id}/deactivate")).await
}

/// `GET /api/staff/cases?status=`, by deadline.
pub async fn staff_cases(status: &'static str) -> ApiResult<CaseList> {
    get_json(&format!("/api/staff/cases?status={status}")).await
}

/// `GET /api/staff/cases/{id}`
pub async fn staff_case(id: String) -> ApiResult<CaseDetail> {
    get_json(&format!("/api/staff/cases/{id}")).await
}

/// `POST /api/staff/cases/{id}/decision` on the case as the agent read it (`etag`): a case or
/// change that moved on since answers 412 instead of deciding on what the agent did not see.
pub async fn decide(id: String, etag: String, request: DecisionRequest) -> ApiResult<CaseView> {
    let b = builder(Request::post(&format!("/api/staff/cases/{id}/decision")))
        .header("If-Match", &etag);
    post_with(b, &request).await
}

/// A new random `Idempotency-Key` (128 bits, hex) for one confirm attempt.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = window()
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes))
        .is_ok();
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_give_every_field_error_and_the_fresh_plan() {
        let wire: WireError = serde_json::from_str(
            r#"{"code":"invalid_input","message":"Enter the street.","field":"address.street",
               "details":{"errors":[{"field":"address.street","message":"Enter the street."},
                                    {"field":"address.postal_code","message":"5 digits."}]}}"#,
        )
        .unwrap();
        let e = Error::from(wire);
        assert_eq!(e.errors.len(), 2);
        assert_eq!(e.errors[1].field, "address.postal_code");

        let wire: WireError =
            serde_json::from_str(r#"{"code":"invalid_input","message":"Wrong.","field":"expiry"}"#)
                .unwrap();
        assert_eq!(Error::from(wire).errors[0].field, "expiry");

        let wire: WireError = serde_json::from_str(
            r#"{"code":"plan_outdated","message":"Changed.","details":{"plan":{"kind":"address","steps":[]},"preview_token":"t"}}"#,
        )
        .unwrap();
        assert_eq!(Error::from(wire).fresh.unwrap().preview_token, "t");

        let wire: WireError = serde_json::from_str(
            r#"{"code":"plan_outdated","message":"Changed.","details":{"plan":null,"reason":"x"}}"#,
        )
        .unwrap();
        assert!(Error::from(wire).fresh.is_none());
    }

    #[test]
    fn the_staff_view_of_a_customer_reads_cases_from_the_overview() {
        let json = r#"{"customer":{"id":"c","number":"1000000016","name":"Max","email":"m@x","phone":"+49 1",
            "language":"de","address":{"street":"S 1","postal_code":"10115","city":"Berlin","country":"DE"},"version":1},
            "accounts":[],"cards":[],"standing_orders":[],"mandates":[],"recurring_payments":[],"alerts":[],
            "limits":[],"wallet_tokens":[],"contracts":[],"preferences":{"language":"de","paperless":true,"alert_channel":"push"},"cases":[],"promises":[],"notes":[]}"#;
        let view: Result<StaffCustomer, _> = serde_json::from_str(json);
        assert!(view.is_ok(), "{view:?}");
    }

    #[test]
    fn the_idle_window_is_read_on_the_servers_clock() {
        const MIN: f64 = 60_000.0;
        let server_now = 1_000.0 * MIN;
        let end = server_now + 30.0 * MIN;
        // A browser clock 29.5 minutes ahead (a test's fast-forward, or a device set wrong)
        // still gets the 30 minutes the server gives.
        assert_eq!(
            idle_window(end, Some(server_now), server_now + 29.5 * MIN),
            30.0 * MIN
        );
        assert_eq!(
            idle_window(end, Some(server_now), server_now - 40.0 * MIN),
            30.0 * MIN
        );
        // Without the server's time, the browser's stands in.
        assert_eq!(idle_window(end, None, server_now + 29.5 * MIN), 0.5 * MIN);
        assert_eq!(
            idle_window(end, Some(f64::NAN), server_now + 31.0 * MIN),
            0.0
        );
    }

    #[test]
    fn statuses_without_a_body_map_to_stable_codes() {
        assert_eq!(error_for_status(401).code, ErrorCode::Unauthenticated);
        assert_eq!(error_for_status(429).code, ErrorCode::RateLimited);
        assert_eq!(error_for_status(503).code, ErrorCode::Unavailable);
        assert_eq!(error_for_status(500).code, ErrorCode::Internal);
    }
}
