//! The HTTP shell: feature routers composed, the SPA served, middleware around everything.

pub mod client_ip;
mod headers;
mod openapi_responses;
mod ops;

use axum::Router;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderName, Request, StatusCode};
use axum::middleware;
use axum::response::IntoResponse;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::AppState;
use crate::error::AppError;

pub use ops::ApiDoc;

/// The metrics listener's router (`CARRYOVER_METRICS_BIND`): `/metrics` and nothing else.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(crate::telemetry::metrics))
        .with_state(state)
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A path segment may not carry U+0000 (`%00`): ids and tokens are text, and PostgreSQL text
/// cannot hold it. Answered before any handler sees the request.
async fn refuse_nul_in_path(
    req: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    if req.uri().path().to_ascii_lowercase().contains("%00") {
        return axum::response::IntoResponse::into_response(AppError::invalid(
            "path",
            crate::error::NO_NUL,
        ));
    }
    next.run(req).await
}

/// What a path that is no file of the built apps gets: an app route is its app's page, which
/// routes in the browser (`shared::Bundle::of`: the staff console's `index.html` for `/staff`
/// and `/staff/…`, the sign-in page's for `/login`, the customer's changes' for `/change/…`,
/// `/invitation/<token>` and `/timeline`, the home's for `/` and every unknown route); a path
/// that names a file
/// (its last segment has an extension) is 404. So a hashed name of an earlier deploy
/// (`carryover-frontend-<old hash>.js`) or `/favicon.ico` never gets a page as its content,
/// which a browser or the service worker would then keep under that name.
async fn page_or_not_found(
    pages: std::sync::Arc<Pages>,
    request: axum::extract::Request,
) -> axum::response::Response {
    let path = request.uri().path();
    let file = path.rsplit('/').next().unwrap_or_default();
    if file.contains('.') {
        return StatusCode::NOT_FOUND.into_response();
    }
    let app = shared::Bundle::of(path);
    let mut page = pages
        .built(app)
        .cloned()
        .unwrap_or_else(|| pages.home.clone());
    // ServeFile is always ready (`poll_ready` answers at once).
    match tower::Service::call(&mut page, request).await {
        Ok(page) => page.map(axum::body::Body::new),
        Err(never) => match never {},
    }
}

/// The apps' pages (Trunk's `dist/index.html` for the home, `dist/{folder}/index.html` for the
/// others: `shared::Bundle::folder`).
struct Pages {
    home: ServeFile,
    /// Per app in `Bundle::ALL`'s order; None in a build without that app (tests that serve no
    /// web app).
    built: Vec<Option<ServeFile>>,
}

impl Pages {
    fn built(&self, app: shared::Bundle) -> Option<&ServeFile> {
        let at = shared::Bundle::ALL.iter().position(|b| *b == app)?;
        self.built.get(at)?.as_ref()
    }
}

pub fn router(state: AppState) -> Router {
    // Off: the paths do not exist (404 like any unknown path).
    let testing = match state.config.test_data_api() {
        true => crate::testing::router(),
        false => Router::new(),
    };
    let api = Router::new()
        .merge(crate::auth::routes::router())
        .merge(crate::customer::router())
        .merge(crate::changes::router())
        .merge(crate::cards::router())
        .merge(crate::staff::router())
        .merge(crate::invitations::router())
        .merge(ops::router())
        .merge(testing)
        // Unknown API paths answer in the JSON error shape, never with the SPA's index.html.
        .route(
            "/api/{*rest}",
            axum::routing::any(|| async { AppError::NotFound }),
        )
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::csrf::guard,
        ))
        .layer(middleware::from_fn(refuse_nul_in_path));

    let dist = state.config.dist.clone();
    let page_files = shared::Bundle::ALL.map(|app| dist.join(app.folder()).join("index.html"));
    let page_texts: Vec<String> = page_files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    let security = std::sync::Arc::new(headers::SecurityHeaders::new(
        &page_texts,
        state.config.env == crate::config::Environment::Production,
    ));
    let timeout = state.config.request_timeout;
    let pages = std::sync::Arc::new(Pages {
        home: ServeFile::new(dist.join("index.html")).precompressed_br(),
        built: page_files
            .into_iter()
            .map(|page| {
                page.exists()
                    .then(|| ServeFile::new(page).precompressed_br())
            })
            .collect(),
    });
    // A directory is no page: `/staff` would otherwise be redirected to `/staff/`.
    let spa = ServeDir::new(&dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(
            (move |request: axum::extract::Request| page_or_not_found(pages.clone(), request))
                .into_service(),
        );

    crate::telemetry::handle();
    api.route(
        "/metrics",
        axum::routing::get(crate::telemetry::guarded_metrics),
    )
        .fallback_service(spa)
        .with_state(state)
        .layer(middleware::from_fn(crate::telemetry::track))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get(&REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                // The route template only: paths carry tokens and ids, query strings search terms.
                tracing::info_span!("request", request_id = %id, method = %req.method(), route = %crate::telemetry::route_template(req))
            }),
        )
        // A bug must still answer in the error shape (and be logged), never drop the connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| {
            axum::response::IntoResponse::into_response(AppError::Internal(anyhow::anyhow!("handler panicked")))
        }))
        .layer(middleware::from_fn_with_state(security, headers::layer))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}
