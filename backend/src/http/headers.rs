//! Response headers every answer gets, in one layer: the Content-Security-Policy, no framing, no
//! sniffing, no referrer to other sites, HSTS in production, and caching that fits each kind of
//! answer (API answers carry personal data: never stored; hashed assets: kept for a year; the
//! page itself, the service worker, the manifest and the icons: revalidated on every use, so a
//! deploy is picked up on the next visit).

use std::sync::Arc;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The header values, computed once when the router is built.
#[derive(Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
    hsts: bool,
}

const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");
const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");

impl SecurityHeaders {
    /// `pages` are the pages Trunk built (the customer's home and changes, the staff console): their inline
    /// scripts are allowed by their hashes, so
    /// the policy needs no `'unsafe-inline'` for scripts. `'wasm-unsafe-eval'` lets the page
    /// compile its WebAssembly, nothing more. Styles may be inline: the charts position their
    /// labels with `style` attributes.
    pub fn new(pages: &[String], production: bool) -> Self {
        let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
        let mut allowed = std::collections::BTreeSet::new();
        for script in pages.iter().flat_map(|page| inline_scripts(page)) {
            let digest = Sha256::digest(script.as_bytes());
            allowed.insert(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        for hash in allowed {
            script_src.push_str(&format!(" 'sha256-{hash}'"));
        }
        let csp = format!(
            "default-src 'self'; script-src {script_src}; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; \
             form-action 'self'; frame-ancestors 'none'"
        );
        SecurityHeaders {
            csp: HeaderValue::from_str(&csp).expect("a CSP is visible ASCII"),
            hsts: production,
        }
    }

    fn apply(&self, path: &str, status: StatusCode, headers: &mut HeaderMap) {
        let set = |headers: &mut HeaderMap, name: HeaderName, value: HeaderValue| {
            headers.entry(name).or_insert(value);
        };
        set(headers, header::CONTENT_SECURITY_POLICY, self.csp.clone());
        set(
            headers,
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        set(
            headers,
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
        // For browsers older than `frame-ancestors`.
        set(
            headers,
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        );
        if self.hsts {
            set(
                headers,
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000; includeSubDomains"),
            );
        }
        let cache = match CacheClass::of(path) {
            CacheClass::Api => NO_STORE,
            // Only the file itself: a 404 for a name of an earlier deploy is not kept for a year.
            CacheClass::Hashed if status.is_success() || status == StatusCode::NOT_MODIFIED => {
                IMMUTABLE
            }
            CacheClass::Hashed | CacheClass::Page => NO_CACHE,
        };
        set(headers, header::CACHE_CONTROL, cache);
        // ServeDir's precompressed `.br` answers name no `Vary` (the compression layer's own do):
        // a shared cache, which `public` lets keep them, must not hand brotli to a browser
        // that did not ask for it.
        let varies = headers.get_all(header::VARY).iter().any(|v| {
            v.to_str()
                .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
        });
        if headers.contains_key(header::CONTENT_ENCODING) && !varies {
            headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
    }
}

/// How long a browser may keep an answer, from its path alone.
#[derive(Debug, PartialEq, Eq)]
enum CacheClass {
    /// `/api/…`, `/metrics`, `/healthz`: personal or live data.
    Api,
    /// A Trunk file whose name carries its content hash (`carryover-frontend-1a2b…_bg.wasm`).
    Hashed,
    /// `index.html` (also served for every app route) and anything unhashed: `sw.js` (a browser
    /// must see a new service worker at once), `manifest.webmanifest`, the icons.
    Page,
}

impl CacheClass {
    fn of(path: &str) -> Self {
        if path.starts_with("/api/") || matches!(path, "/metrics" | "/healthz" | "/readyz") {
            return CacheClass::Api;
        }
        let file = path.rsplit('/').next().unwrap_or_default();
        // Trunk appends `-<hash>` to the stem (`filehash = true` in Trunk.toml) of the scripts,
        // wasm and styles it builds: a 64-bit hash in hex without leading zeros, so 16 digits or
        // (one build in 16) fewer. A name without an extension is an app route
        // (`/invitation/<token>`); the icons' `-192` is no hash.
        let Some((stem, extension)) = file.split_once('.') else {
            return CacheClass::Page;
        };
        let stem = stem.strip_suffix("_bg").unwrap_or(stem);
        let hashed = matches!(extension, "js" | "wasm" | "css")
            && stem.rsplit_once('-').is_some_and(|(_, h)| {
                (1..=16).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit())
            });
        if hashed {
            CacheClass::Hashed
        } else {
            CacheClass::Page
        }
    }
}

/// The text of every `<script>` without a `src`, exactly as the browser hashes it.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let open = &rest[..open_end];
        rest = &rest[open_end + 1..];
        let Some(close) = rest.find("</script>") else {
            break;
        };
        if !open.contains("src=") {
            out.push(&rest[..close]);
        }
        rest = &rest[close..];
    }
    out
}

pub async fn layer(
    axum::extract::State(headers): axum::extract::State<Arc<SecurityHeaders>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let status = response.status();
    headers.apply(&path, status, response.headers_mut());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_file_names_are_hashed_and_pages_are_not() {
        for hashed in [
            "/carryover-frontend-1f2e3d4c5b6a7980_bg.wasm",
            "/carryover-frontend-1f2e3d4c5b6a7980.js",
            "/main-0123456789abcdef.css",
            // A hash with a leading zero is written without it.
            "/carryover-frontend-f2e3d4c5b6a7980_bg.wasm",
            "/carryover-frontend-f2e3d4c5b6a7980.js",
        ] {
            assert_eq!(CacheClass::of(hashed), CacheClass::Hashed, "{hashed}");
        }
        for page in [
            "/",
            "/index.html",
            "/change/card",
            "/main.css",
            "/staff/cases/1234",
            "/sw.js",
            "/manifest.webmanifest",
            "/icon-192.png",
            "/icon-maskable-512.png",
            // A route whose last segment merely ends like a hash.
            "/invitation/carryover-0123456789abcdef",
        ] {
            assert_eq!(CacheClass::of(page), CacheClass::Page, "{page}");
        }
        for api in ["/api/me", "/api/openapi.json", "/metrics", "/healthz"] {
            assert_eq!(CacheClass::of(api), CacheClass::Api, "{api}");
        }
    }

    #[test]
    fn a_hashed_name_is_kept_for_a_year_only_when_it_is_the_file() {
        let cache = |status| {
            let mut h = HeaderMap::new();
            SecurityHeaders::new(&[], false).apply(
                "/carryover-frontend-1f2e3d4c5b6a7980.js",
                status,
                &mut h,
            );
            h[header::CACHE_CONTROL].clone()
        };
        assert_eq!(cache(StatusCode::OK), IMMUTABLE);
        assert_eq!(cache(StatusCode::NOT_MODIFIED), IMMUTABLE);
        assert_eq!(cache(StatusCode::NOT_FOUND), NO_CACHE);
    }

    #[test]
    fn an_encoded_answer_varies_by_accept_encoding_once() {
        let security = SecurityHeaders::new(&[], false);
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        security.apply("/main-0123456789abcdef.css", StatusCode::OK, &mut h);
        assert_eq!(h[header::VARY], "accept-encoding");
        security.apply("/main-0123456789abcdef.css", StatusCode::OK, &mut h);
        assert_eq!(h.get_all(header::VARY).iter().count(), 1);
        let mut plain = HeaderMap::new();
        security.apply("/icon-192.png", StatusCode::OK, &mut plain);
        assert!(plain.get(header::VARY).is_none());
    }

    #[test]
    fn both_apps_loaders_are_allowed_and_a_shared_script_once() {
        let customer = "<script>shared()</script><script type=\"module\">import '/c.js';</script>";
        let staff =
            "<script>shared()</script><script type=\"module\">import '/staff/s.js';</script>";
        let csp = SecurityHeaders::new(&[customer.to_owned(), staff.to_owned()], false).csp;
        assert_eq!(
            csp.to_str().unwrap().matches("'sha256-").count(),
            3,
            "{csp:?}"
        );
    }

    #[test]
    fn inline_loader_scripts_are_found_and_external_ones_skipped() {
        let html = "<head><script src=\"/a.js\"></script><script type=\"module\">import init from '/x.js';\nawait init();</script></head>";
        assert_eq!(
            inline_scripts(html),
            vec!["import init from '/x.js';\nawait init();"]
        );
        let csp = SecurityHeaders::new(&[html.to_owned()], false).csp;
        let csp = csp.to_str().unwrap();
        assert!(csp.contains("'sha256-"), "{csp}");
        assert!(
            !csp.contains("unsafe-inline' 'sha") && !csp.contains("script-src 'unsafe-inline'")
        );
    }

    #[test]
    fn hsts_only_in_production_and_a_handler_s_own_cache_control_stays() {
        let mut h = HeaderMap::new();
        SecurityHeaders::new(&[], false).apply("/", StatusCode::OK, &mut h);
        assert!(h.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        let mut h = HeaderMap::new();
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
        SecurityHeaders::new(&[], true).apply("/api/changes/x/documents/y", StatusCode::OK, &mut h);
        assert_eq!(
            h[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000; includeSubDomains"
        );
        assert_eq!(h[header::CACHE_CONTROL], "private, no-store");
    }
}
