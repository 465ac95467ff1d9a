mod common;

use common::{TestApp, error_body};

dual_test!(health_and_readiness, |app: TestApp| async move {
    assert_eq!(app.get("/healthz").await.status(), 200);
    let v: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
    assert_eq!(v["status"], "ready");
});

dual_test!(openapi_lists_every_route, |app: TestApp| async move {
    let doc: serde_json::Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/auth/login",
        "/api/auth/logout",
        "/api/auth/session",
        "/api/auth/reauth",
        "/api/me",
        "/healthz",
        "/readyz",
        "/api/openapi.json",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} missing from the OpenAPI document"
        );
    }
    // And every documented path answers with something other than the catch-all 404.
    for p in paths.keys() {
        let res = app.get(p).await;
        let status = res.status().as_u16();
        if status == 404 {
            let body = error_body(res).await;
            panic!("{p} is documented but not routed: {body}");
        }
    }
    assert!(doc["components"]["schemas"]["ApiError"].is_object());
});

dual_test!(
    unknown_api_paths_answer_json_404,
    |app: TestApp| async move {
        let res = app.get("/api/does-not-exist").await;
        assert_eq!(res.status(), 404);
        assert_eq!(error_body(res).await["code"], "not_found");
    }
);

dual_test!(
    client_routes_fall_back_to_the_app,
    |app: TestApp| async move {
        let res = app.get("/some/client/route").await;
        assert_eq!(res.status(), 200);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("<title>carryover</title>")
        );
    }
);

dual_test!(
    responses_are_compressed_and_carry_a_request_id,
    |app: TestApp| async move {
        std::fs::write(
            app.dist.join("big.js"),
            "console.log('carryover');\n".repeat(500),
        )
        .unwrap();
        let res = app
            .client
            .get(app.url("/big.js"))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-encoding"], "gzip");
        assert!(res.headers().contains_key("x-request-id"));
    }
);

dual_test!(
    every_answer_carries_the_security_headers,
    |app: TestApp| async move {
        std::fs::write(
            app.dist.join("carryover-frontend-0123456789abcdef.js"),
            "//",
        )
        .unwrap();
        let max = app.signed_in("max@example.com").await;
        let me = max.get(app.url("/api/me")).send().await.unwrap();
        let page = app.get("/change/card").await;
        let asset = app.get("/carryover-frontend-0123456789abcdef.js").await;
        let missing = app.get("/api/does-not-exist").await;
        for (what, res) in [
            ("me", &me),
            ("page", &page),
            ("asset", &asset),
            ("404", &missing),
        ] {
            let h = res.headers();
            let csp = h["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
            assert!(
                csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
                "{what}: {csp}"
            );
            assert!(!csp.contains("script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'"));
            assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
            assert_eq!(h["referrer-policy"], "same-origin", "{what}");
            assert_eq!(h["x-frame-options"], "DENY", "{what}");
            // HSTS only in production mode (behind TLS); tests run in dev mode.
            assert!(h.get("strict-transport-security").is_none(), "{what}");
        }
        assert_eq!(me.status(), 200);
        assert_eq!(me.headers()["cache-control"], "no-store");
        assert_eq!(missing.headers()["cache-control"], "no-store");
        assert_eq!(page.headers()["cache-control"], "no-cache");
        assert_eq!(
            asset.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
);

dual_test!(
    the_app_s_files_are_cached_by_kind,
    |app: TestApp| async move {
        // What Trunk builds (hashed names), what it copies (unhashed), and the .br files
        // `carryover precompress` writes beside them.
        let files = [
            (
                "carryover-frontend-0123456789abcdef.js",
                "export default 1;\n",
            ),
            ("carryover-frontend-0123456789abcdef_bg.wasm", "\0asm"),
            ("main-fedcba9876543210.css", "body { margin: 0 }\n"),
            ("sw.js", "self.addEventListener('fetch', () => {});\n"),
            (
                "manifest.webmanifest",
                r#"{"name":"carryover","start_url":"/"}"#,
            ),
        ];
        for (name, text) in files {
            std::fs::write(app.dist.join(name), text.repeat(40)).unwrap();
        }
        carryover::precompress::run(&app.dist).unwrap();
        let get = |path: &'static str, encoding: &'static str| {
            app.client
                .get(app.url(path))
                .header("accept-encoding", encoding)
                .send()
        };
        let header = |res: &reqwest::Response, name: &str| {
            res.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        const YEAR: &str = "public, max-age=31536000, immutable";

        for (path, kind) in [
            ("/carryover-frontend-0123456789abcdef.js", "text/javascript"),
            (
                "/carryover-frontend-0123456789abcdef_bg.wasm",
                "application/wasm",
            ),
            ("/main-fedcba9876543210.css", "text/css"),
        ] {
            for encoding in ["identity", "br"] {
                let res = get(path, encoding).await.unwrap();
                assert_eq!(res.status(), 200, "{path} {encoding}");
                assert_eq!(header(&res, "cache-control"), YEAR, "{path} {encoding}");
                assert!(
                    header(&res, "content-type").starts_with(kind),
                    "{path}: {}",
                    header(&res, "content-type")
                );
                if encoding == "br" {
                    assert_eq!(header(&res, "content-encoding"), "br", "{path}");
                }
                // `public`: a shared cache keeps one answer per Accept-Encoding.
                assert_eq!(header(&res, "vary"), "accept-encoding", "{path} {encoding}");
            }
        }

        // The page, at its own address and for app routes the browser routes itself.
        for path in [
            "/",
            "/index.html",
            "/overview",
            "/timeline",
            "/staff/cases/1",
        ] {
            for encoding in ["identity", "br"] {
                let res = get(path, encoding).await.unwrap();
                assert_eq!(res.status(), 200, "{path}");
                assert_eq!(header(&res, "cache-control"), "no-cache", "{path}");
                assert!(
                    header(&res, "content-type").starts_with("text/html"),
                    "{path}"
                );
            }
        }
        let page = get("/overview", "identity").await.unwrap();
        assert!(
            page.text()
                .await
                .unwrap()
                .contains("<title>carryover</title>")
        );

        // A new service worker must be seen on the next visit; the manifest has its own type.
        let sw = get("/sw.js", "br").await.unwrap();
        assert_eq!(sw.status(), 200);
        assert_eq!(header(&sw, "cache-control"), "no-cache");
        assert!(header(&sw, "content-type").starts_with("text/javascript"));
        let manifest = get("/manifest.webmanifest", "identity").await.unwrap();
        assert_eq!(manifest.status(), 200);
        assert_eq!(header(&manifest, "cache-control"), "no-cache");
        assert_eq!(
            header(&manifest, "content-type"),
            "application/manifest+json"
        );

        // A file that is not there is 404, never the page under a file's name; a hashed name
        // of an earlier deploy is not kept.
        for path in [
            "/carryover-frontend-aaaaaaaaaaaaaaaa.js",
            "/favicon.ico",
            "/staff/x.png",
        ] {
            let res = get(path, "identity").await.unwrap();
            assert_eq!(res.status(), 404, "{path}");
            assert_eq!(header(&res, "cache-control"), "no-cache", "{path}");
        }

        // API answers keep theirs.
        assert_eq!(
            header(
                &get("/api/auth/session", "br").await.unwrap(),
                "cache-control"
            ),
            "no-store"
        );
    }
);

dual_test!(
    metrics_need_the_token_on_the_main_listener,
    |app: TestApp| async move {
        let scrape = |token: Option<&str>| {
            let mut req = reqwest::Client::new().get(app.url("/metrics"));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            req.send()
        };
        assert_eq!(scrape(None).await.unwrap().status(), 401);
        assert_eq!(
            scrape(Some("a-wrong-token-of-length"))
                .await
                .unwrap()
                .status(),
            401
        );
        let ok = scrape(Some(common::METRICS_TOKEN)).await.unwrap();
        assert_eq!(ok.status(), 200);
        assert!(ok.text().await.unwrap().contains("active_sessions"));
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_on_their_own_listener_and_nowhere_without_a_token() {
    let app = common::spawn_app_with(
        common::Backend::Sqlite,
        &[
            ("CARRYOVER_METRICS_TOKEN", String::new()),
            ("CARRYOVER_METRICS_BIND", "127.0.0.1:0".to_string()),
        ],
    )
    .await;
    let main = reqwest::Client::new()
        .get(app.url("/metrics"))
        .bearer_auth(common::METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(
        main.status(),
        404,
        "no token configured: the main listener has no metrics"
    );
    let own = app.metrics_base.as_deref().expect("a metrics listener");
    let res = reqwest::get(format!("{own}/metrics")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("http_requests_total"));
    let other = reqwest::get(format!("{own}/api/me")).await.unwrap();
    assert_eq!(
        other.status(),
        404,
        "the metrics listener serves nothing else"
    );
}

dual_test!(
    no_text_may_hold_u0000_and_none_reaches_the_database,
    |app: TestApp| async move {
        let agent = app.signed_in("agent@example.com").await;
        let max = app.signed_in("max@example.com").await;
        let preview = max
            .post(app.url("/api/changes/preview"))
            .json(&serde_json::json!({"kind": "address", "address": {"street": "Neue\u{0} Straße 5", "postal_code": "20095", "city": "Hamburg", "country": "DE"}}))
            .send()
            .await
            .unwrap();
        let search = agent
            .get(app.url("/api/staff/customers?q=Muster%00mann"))
            .send()
            .await
            .unwrap();
        let path = max
            .get(app.url("/api/changes/ab%00cd"))
            .send()
            .await
            .unwrap();
        for (what, res) in [("body", preview), ("query", search), ("path", path)] {
            assert_eq!(res.status(), 422, "{what}");
            let body = error_body(res).await;
            assert_eq!(body["field"], what, "{body}");
            assert!(
                body["message"].as_str().unwrap().contains("U+0000"),
                "{body}"
            );
        }
    }
);

// Three apps, three pages: the staff console's `index.html` (its own bundle, Trunk's
// `dist/staff`) answers `/staff` and every route under it, with no redirect to `/staff/`; the
// customer's changes' (`dist/changes`) answers `/change/…` and `/invitation/…`; every other route
// gets the customer's home, and every page's loader scripts are allowed by the CSP.
dual_test!(each_app_answers_its_own_routes, |app: TestApp| async move {
    // Each app's page names itself in its title (the home's is the test's own `index.html`).
    for app_folder in ["sign-in", "changes", "staff"] {
        std::fs::create_dir_all(app.dist.join(app_folder)).unwrap();
        std::fs::write(
            app.dist.join(app_folder).join("index.html"),
            format!("<!doctype html><title>{app_folder}</title><script type=\"module\">import '/{app_folder}/app-0123456789abcdef.js';</script>"),
        )
        .unwrap();
    }
    std::fs::write(
        app.dist.join("staff/carryover-staff-0123456789abcdef.js"),
        "export default 2;\n",
    )
    .unwrap();
    // The pages are read at start (the CSP hashes their inline scripts).
    let app = common::restart(&app, app.clock.clone()).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = |path: &'static str| {
        let client = client.clone();
        let url = app.url(path);
        async move {
            let res = client.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
            assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
            let csp = res.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            (res.text().await.unwrap(), csp)
        }
    };
    for (title, paths) in [
        (
            "staff",
            &[
                "/staff",
                "/staff/",
                "/staff/cases/1",
                "/staff/customers/c-1",
            ][..],
        ),
        (
            "changes",
            &[
                "/change/card",
                "/change/holder?account=a-1",
                "/invitation/some-token",
                "/change",
                "/timeline",
            ][..],
        ),
        ("sign-in", &["/login", "/login?next=/change/card"][..]),
    ] {
        for &path in paths {
            let (body, csp) = page(path).await;
            assert!(
                body.contains(&format!("<title>{title}</title>")),
                "{path}: {body}"
            );
            assert!(
                csp.contains("'sha256-"),
                "{path}: the {title} app's loader is allowed: {csp}"
            );
        }
    }
    for path in [
        "/",
        "/timelines",
        "/staffing",
        "/logins",
        "/changes",
        "/changed/card",
        "/invitations",
    ] {
        let (body, _) = page(path).await;
        assert!(body.contains("<title>carryover</title>"), "{path}: {body}");
    }
    let js = client
        .get(app.url("/staff/carryover-staff-0123456789abcdef.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), 200);
    assert_eq!(
        js.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let missing = client.get(app.url("/staff/x.png")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
});
