//! The public "this wasn't me" endpoint under attack: wrong codes are limited per client, a
//! limited client's flood takes no write lock, codes expire, and customers' commits keep their
//! latency while a flood runs.

mod common;

use std::time::{Duration, Instant};

use common::{TestApp, error_body, preview_and_commit, spawn_app_with};
use serde_json::{Value, json};

/// Every test client is 127.0.0.1; behind this "proxy" each names its own client address.
fn behind_proxy() -> [(&'static str, String); 1] {
    [("CARRYOVER_TRUSTED_PROXIES", "127.0.0.1/32".to_string())]
}

async fn dispute_from(app: &TestApp, client: &str, code: &str) -> reqwest::Response {
    common::browser_client(&app.base)
        .post(app.url("/api/changes/disputes"))
        .header("x-forwarded-for", client)
        .json(&json!({ "code": code }))
        .send()
        .await
        .unwrap()
}

fn address(n: usize) -> Value {
    let (street, code, city) = if n.is_multiple_of(2) {
        ("Neue Straße 5", "20095", "Hamburg")
    } else {
        ("Lindenweg 7", "50667", "Köln")
    };
    json!({"kind": "address", "address": {"street": street, "postal_code": code, "city": city, "country": "DE"}})
}

/// Max moves; the dispute code of the letter to his old address.
async fn moved_with_code(app: &TestApp) -> String {
    let max = app.signed_in("max@example.com").await;
    preview_and_commit(app, &max, address(0)).await;
    common::old_address_dispute_code(app).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_codes_are_limited_per_client_sqlite() {
    wrong_codes_are_limited_per_client(common::Backend::Sqlite).await
}
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_codes_are_limited_per_client_postgres() {
    wrong_codes_are_limited_per_client(common::Backend::Postgres).await
}

async fn wrong_codes_are_limited_per_client(backend: common::Backend) {
    let app = spawn_app_with(backend, &behind_proxy()).await;
    let code = moved_with_code(&app).await;
    for n in 0..5 {
        let res = dispute_from(&app, "203.0.113.7", &format!("WRONG{n}")).await;
        assert_eq!(res.status(), 422);
        assert_eq!(error_body(res).await["field"], "code");
    }
    let res = dispute_from(&app, "203.0.113.7", "WRONG5").await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    assert_eq!(error_body(res).await["code"], "rate_limited");
    // Limited, even the right code waits: guessing must not go on.
    assert_eq!(dispute_from(&app, "203.0.113.7", &code).await.status(), 429);
    // Another client is not locked out by the first one's guesses.
    assert_eq!(
        dispute_from(&app, "198.51.100.4", &code).await.status(),
        202
    );
    // A code works once.
    assert_eq!(
        dispute_from(&app, "198.51.100.4", &code).await.status(),
        422
    );
}

dual_test!(codes_expire_after_thirty_days, |app: TestApp| async move {
    let code = moved_with_code(&app).await;
    app.clock.advance(Duration::from_secs(31 * 24 * 3600));
    let res = dispute_from(&app, "127.0.0.1", &code).await;
    assert_eq!(res.status(), 422);
    let body = error_body(res).await;
    assert!(
        body["message"].as_str().unwrap().contains("expired"),
        "{body}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM cases WHERE kind = 'change_disputed'")
            .await,
        0
    );
});

/// A limited client's wrong codes are answered from reads: while another transaction holds
/// SQLite's write lock, they still answer at once (before, each took the write lock first).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_limited_flood_needs_no_write_lock() {
    let app = spawn_app_with(common::Backend::Sqlite, &behind_proxy()).await;
    for n in 0..5 {
        let res = dispute_from(&app, "203.0.113.8", &format!("WRONG{n}")).await;
        assert_eq!(res.status(), 422);
    }
    let writer = app.state.db.begin().await.unwrap();
    let started = Instant::now();
    for n in 0..20 {
        let res = tokio::time::timeout(
            Duration::from_secs(3),
            dispute_from(&app, "203.0.113.8", &format!("FLOOD{n}")),
        )
        .await
        .expect("a limited wrong code waited for the write lock");
        assert_eq!(res.status(), 429);
    }
    assert!(started.elapsed() < Duration::from_secs(3));
    writer.rollback().await.unwrap();
}

/// Commits while one client floods the endpoint with wrong codes: every commit succeeds, the
/// flood is answered 429 after five attempts, and the median commit stays near its baseline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commits_keep_their_latency_during_a_flood() {
    let app = spawn_app_with(common::Backend::Sqlite, &behind_proxy()).await;
    let max = app.signed_in("max@example.com").await;
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let mut baseline = Vec::new();
    for n in 0..9 {
        let t = Instant::now();
        preview_and_commit(&app, &max, address(n)).await;
        baseline.push(t.elapsed());
    }
    let flood = {
        let app_base = app.base.clone();
        tokio::spawn(async move {
            let c = common::browser_client(&app_base);
            let mut statuses = Vec::new();
            for n in 0..400 {
                let res = c
                    .post(format!("{app_base}/api/changes/disputes"))
                    .header("x-forwarded-for", "203.0.113.9")
                    .json(&json!({ "code": format!("GUESS{n:05}") }))
                    .send()
                    .await
                    .unwrap();
                statuses.push(res.status().as_u16());
            }
            statuses
        })
    };
    let mut during = Vec::new();
    for n in 9..18 {
        let t = Instant::now();
        preview_and_commit(&app, &max, address(n)).await;
        during.push(t.elapsed());
    }
    let statuses = flood.await.unwrap();
    assert_eq!(statuses.iter().filter(|s| **s == 422).count(), 5);
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 395);
    let (base, under) = (median(baseline), median(during));
    assert!(
        under <= base * 4 + Duration::from_millis(50),
        "median commit {under:?} during the flood, {base:?} before"
    );
}
