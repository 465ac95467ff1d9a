//! Idempotency keys never stick (issue 11 §3): a commit that dies half way (the request timeout,
//! a client gone, a killed process) does not leave its key "in flight" for a day. The same key
//! again makes exactly one change, whatever happened to the first attempt.
mod common;

use common::TestApp;
use serde_json::{Value, json};
use std::time::Duration;

async fn card_preview(app: &TestApp) -> String {
    let res = app
        .post(
            "/api/changes/preview",
            json!({"kind": "card_activation", "card_number": "4242 4242 4242 4242", "expiry": "12/29"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let p: Value = res.json().await.unwrap();
    p["preview_token"].as_str().unwrap().to_string()
}

async fn commit(app: &TestApp, token: &str, key: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/changes"))
        .header("idempotency-key", key)
        .json(&json!({"preview_token": token}))
        .send()
        .await
        .unwrap()
}

async fn changes(app: &TestApp) -> i64 {
    app.scalar("SELECT COUNT(*) FROM changes WHERE kind = 'card_activation'")
        .await
}

async fn claims(app: &TestApp, key: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '{key}'"
    ))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_commit_that_timed_out_is_retried_with_its_key() {
    timed_out_commit_is_retried(common::Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_commit_that_timed_out_is_retried_with_its_key() {
    timed_out_commit_is_retried(common::Backend::Postgres).await;
}

async fn timed_out_commit_is_retried(backend: common::Backend) {
    let app = common::spawn_app_with(
        backend,
        &[("CARRYOVER_REQUEST_TIMEOUT_SECS", "1".to_string())],
    )
    .await;
    app.login_ok("max@example.com").await;
    let token = card_preview(&app).await;
    app.state
        .failpoints
        .stall_next_commit(Duration::from_secs(3));
    let res = commit(&app, &token, "stalled").await;
    assert_eq!(
        res.status(),
        408,
        "the timeout gave up on the stalled commit"
    );
    // The dropped request gives its key back by itself (no 24 h, no lease to wait out).
    let mut waited = 0;
    while claims(&app, "stalled").await > 0 {
        waited += 1;
        assert!(waited < 100, "the dropped request never released its key");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(changes(&app).await, 0, "the timed-out attempt rolled back");

    let res = commit(&app, &token, "stalled").await;
    assert_eq!(
        res.status(),
        201,
        "the retry with the same key goes through"
    );
    let replay = commit(&app, &token, "stalled").await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(changes(&app).await, 1, "exactly one change");
}

dual_test!(
    a_claim_whose_process_died_runs_out_after_its_lease,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let token = card_preview(&app).await;
        let me: Value = app.get("/api/me").await.json().await.unwrap();
        let body = serde_json::to_vec(&json!({"preview_token": token})).unwrap();
        let hash = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(&body))
        };
        // What a process killed in the middle of the commit leaves: a claim, no answer.
        let lease = app.state.config.idempotency_lease();
        let now = app.clock.now();
        sqlx::query(
            "INSERT INTO idempotency_keys (scope, idem_key, request_hash, status_code, response_body, created_at, expires_at, claim_id) \
             VALUES ($1, 'killed', $2, NULL, NULL, $3, $4, 'dead-process')",
        )
        .bind(format!("customer:{}", me["customer"]["id"].as_str().unwrap()))
        .bind(hash)
        .bind(carryover::clock::db_time(now))
        .bind(carryover::clock::db_time(now + lease))
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        let res = commit(&app, &token, "killed").await;
        assert_eq!(
            res.status(),
            409,
            "within the lease it may still be running"
        );
        app.clock.advance(lease + Duration::from_secs(1));
        let res = commit(&app, &token, "killed").await;
        assert_eq!(
            res.status(),
            201,
            "after the lease the retry takes the key over"
        );
        assert_eq!(changes(&app).await, 1);
        let replay = commit(&app, &token, "killed").await;
        assert_eq!(replay.headers()["idempotent-replayed"], "true");
    }
);

dual_test!(
    a_commit_that_outlived_its_lease_makes_no_second_change,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let token = card_preview(&app).await;
        app.state
            .failpoints
            .stall_next_commit(Duration::from_secs(2));
        let first = commit(&app, &token, "slow");
        let retry = async {
            // The first is stalled inside its transaction; its lease runs out meanwhile.
            tokio::time::sleep(Duration::from_millis(500)).await;
            app.clock
                .advance(app.state.config.idempotency_lease() + Duration::from_secs(1));
            commit(&app, &token, "slow").await
        };
        let (first, retry) = tokio::join!(first, retry);
        let statuses = [first.status().as_u16(), retry.status().as_u16()];
        assert!(statuses.contains(&201), "{statuses:?}");
        assert!(
            statuses.iter().all(|s| [201, 409].contains(s)),
            "{statuses:?}"
        );
        assert_eq!(changes(&app).await, 1, "exactly one change: {statuses:?}");
        let replay = commit(&app, &token, "slow").await;
        assert_eq!(replay.status(), 201);
        assert_eq!(replay.headers()["idempotent-replayed"], "true");
    }
);
