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
