mod common;

use common::TestApp;
use serde_json::{Value, json};

async fn move_to(app: &TestApp, c: &reqwest::Client, city: &str, postal: &str) {
    let p: Value = c.post(app.url("/api/changes/preview"))
        .json(&json!({"kind": "address", "address": {"street": "Weg 1", "postal_code": postal, "city": city, "country": "DE"}}))
        .send().await.unwrap().json().await.unwrap();
    let res = c
        .post(app.url("/api/changes"))
        .header("idempotency-key", city)
        .json(&json!({"preview_token": p["preview_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{p}");
}

dual_test!(staff_figures_for_a_period, |app: TestApp| async move {
    let max = app.signed_in("max@example.com").await;
    move_to(&app, &max, "Hamburg", "20095").await;
    let agent = app.signed_in("agent@example.com").await;
    let lena_id: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM customers WHERE email = 'lena@example.com'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap()
            .get(0)
    };
    agent
        .post(app.url("/api/staff/impersonation"))
        .json(&json!({"customer_id": lena_id, "reason": "Lena called to move"}))
        .send()
        .await
        .unwrap();
    move_to(&app, &agent, "Bremen", "28195").await;
    app.clock.advance(std::time::Duration::from_secs(60));
    agent
        .delete(app.url("/api/staff/impersonation"))
        .send()
        .await
        .unwrap();

    let v: Value = agent
        .get(app.url("/api/staff/metrics?from=2026-11-01&to=2026-11-30"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["changes_completed"], 2);
    assert_eq!(v["self_service_rate"], 0.5);
    assert_eq!(
        v["by_channel"],
        json!([{"key": "self_service", "count": 1}, {"key": "staff", "count": 1}])
    );
    assert_eq!(v["by_kind"], json!([{"key": "address", "count": 2}]));
    assert_eq!(
        v["contacts_per_resolved_request"], 0.5,
        "one staff action (the start) for Lena's change"
    );
    assert_eq!(v["first_contact_resolution"], 1.0);
    let daily = v["daily"].as_array().unwrap();
    assert_eq!(
        daily.len(),
        30,
        "every day of November, with changes or not"
    );
    assert_eq!(
        daily[0],
        json!({"date": "2026-11-01", "self_service": 0, "staff": 0})
    );
    assert_eq!(
        daily[19],
        json!({"date": "2026-11-20", "self_service": 1, "staff": 1})
    );
    let empty: Value = agent
        .get(app.url("/api/staff/metrics?from=2026-10-01&to=2026-10-31"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(empty["changes_completed"], 0);
    assert!(
        empty["self_service_rate"].is_null(),
        "nothing to measure is not 0 %"
    );
    assert_eq!(
        agent
            .get(app.url("/api/staff/metrics?from=2020-01-01&to=2026-11-01"))
            .send()
            .await
            .unwrap()
            .status(),
        422,
        "a period of almost seven years is refused"
    );
    // The calendar's ends overflowed the day arithmetic (a 500); now a field error.
    for (query, field) in [
        ("from=9999-12-30&to=9999-12-31", "from"),
        ("from=2026-11-01&to=9999-12-31", "to"),
        ("from=-9999-01-01&to=2026-11-01", "from"),
    ] {
        let res = agent
            .get(app.url(&format!("/api/staff/metrics?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{query}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["field"], field, "{query}: {body}");
    }
    assert_eq!(
        agent
            .get(app.url("/api/staff/metrics?from=2026-11-30&to=2026-11-01"))
            .send()
            .await
            .unwrap()
            .status(),
        422
    );
    assert_eq!(
        max.get(app.url("/api/staff/metrics"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
});

dual_test!(
    prometheus_metrics_scrape_cleanly,
    |app: TestApp| async move {
        let max = app.signed_in("max@example.com").await;
        max.get(app.url("/api/me")).send().await.unwrap();
        move_to(&app, &max, "Hamburg", "20095").await;
        let res = reqwest::Client::new()
            .get(app.url("/metrics"))
            .bearer_auth(common::METRICS_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        let text = res.text().await.unwrap();
        let lines = text.lines().map(|l| Ok(l.to_string()));
        let scrape = prometheus_parse::Scrape::parse(lines).expect("valid Prometheus text format");
        let names: Vec<&str> = scrape.samples.iter().map(|s| s.metric.as_str()).collect();
        for expected in [
            "http_requests_total",
            "changes_committed_total",
            "outbox_queue_length",
            "active_sessions",
            "active_impersonations",
            "outbox_lag_seconds",
        ] {
            assert!(
                names.contains(&expected),
                "{expected} missing from /metrics"
            );
        }
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("http_request_duration_seconds")),
            "latency histogram"
        );
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("migration_apply_seconds")),
            "apply histogram"
        );
        let me = scrape.samples.iter().find(|s| {
            s.metric == "http_requests_total" && s.labels.get("route") == Some("/api/me")
        });
        assert!(me.is_some(), "requests are labelled by route template");
        assert!(
            !text.contains("/api/changes/0"),
            "no concrete ids in labels"
        );
    }
);

dual_test!(
    a_generated_past_fills_the_dashboard_period,
    |app: TestApp| async move {
        let now = app.clock.now();
        carryover::seed::bulk::seed(&app.state.db, &app.state.config.secret, 200, now)
            .await
            .unwrap();
        let g = carryover::seed::history::seed(&app.state.db, 60, now)
            .await
            .unwrap();
        assert!(
            g.changes > 60,
            "about half of 200 customers changed something: {g:?}"
        );
        assert!(g.cases > 0 && g.promises > 0, "{g:?}");
        // Generated entries carry event codes, so the timeline words them in German too.
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) FROM timeline WHERE id LIKE 'history-%' AND data NOT LIKE '%\"event\":%'"
            )
            .await,
            0
        );
        let agent = app.signed_in("agent@example.com").await;
        let figures = |from: String, to: String| {
            let agent = agent.clone();
            let url = app.url(&format!("/api/staff/metrics?from={from}&to={to}"));
            async move {
                let v: Value = agent.get(url).send().await.unwrap().json().await.unwrap();
                v
            }
        };
        let day = |d: i64| (now.date() - time::Duration::days(d)).to_string();
        let all = figures(day(61), day(0)).await;
        assert_eq!(all["changes_completed"], g.changes as i64, "{all}");
        let rate = all["self_service_rate"].as_f64().unwrap();
        assert!((rate - g.self_service as f64 / g.changes as f64).abs() < 1e-9);
        assert_eq!(all["cases_decided"], g.cases as i64);
        let daily: i64 = all["daily"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["self_service"].as_i64().unwrap() + d["staff"].as_i64().unwrap())
            .sum();
        assert_eq!(daily, g.changes as i64, "the series adds up to the total");
        assert!(all["outbox_lag_p90_seconds"].as_f64().unwrap() < 180.0);
        let fcr = all["first_contact_resolution"].as_f64().unwrap();
        assert!(
            fcr > 0.5 && fcr < 1.0,
            "some assisted changes needed two calls: {fcr}"
        );
        // The story's shift from the hotline to self-service shows in the figures.
        let early = figures(day(61), day(31)).await["self_service_rate"]
            .as_f64()
            .unwrap();
        let late = figures(day(30), day(0)).await["self_service_rate"]
            .as_f64()
            .unwrap();
        assert!(late > early, "self-service grows: {early} → {late}");
    }
);
