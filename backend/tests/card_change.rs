mod common;

use common::{TestApp, error_body};
use serde_json::{Value, json};
use std::time::Duration;

const NEW_CARD: &str = "4242 4242 4242 4242";

async fn preview(app: &TestApp, number: &str, expiry: &str) -> reqwest::Response {
    app.post(
        "/api/changes/preview",
        json!({"kind": "card_activation", "card_number": number, "expiry": expiry}),
    )
    .await
}

async fn preview_ok(app: &TestApp) -> Value {
    let res = preview(app, NEW_CARD, "12/29").await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
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

async fn me(app: &TestApp) -> Value {
    app.get("/api/me").await.json().await.unwrap()
}

fn card_status(me: &Value, last4: &str) -> String {
    me["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["last4"] == last4)
        .unwrap()["status"]
        .as_str()
        .unwrap()
        .to_string()
}

fn card_id(me: &Value, last4: &str) -> String {
    me["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["last4"] == last4)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

const TABLES: &[&str] = &[
    "cards",
    "recurring_payments",
    "card_alerts",
    "card_limits",
    "wallet_tokens",
    "standing_orders",
    "mandates",
    "customers",
    "changes",
    "timeline",
    "outbox",
];

dual_test!(
    activating_the_replacement_moves_every_card_dependent,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let before = me(&app).await;
        let p = preview_ok(&app).await;
        let steps = p["plan"]["steps"].as_array().unwrap();
        let count = |kind: &str, action: &str| {
            steps
                .iter()
                .filter(|s| s["dependent_kind"] == kind && s["action"] == action)
                .count()
        };
        assert_eq!(count("recurring_payment", "move"), 3);
        assert_eq!(count("alert", "move"), 2);
        assert_eq!(count("limit", "move"), 1);
        assert_eq!(count("wallet_token", "move"), 1);
        assert_eq!(count("standing_order", "keep"), 3);
        assert_eq!(count("mandate", "keep"), 2);
        assert_eq!(count("sign_in", "keep"), 1);
        assert!(
            !p.to_string().contains("4242424242424242"),
            "no PAN in the preview"
        );

        let res = commit(&app, p["preview_token"].as_str().unwrap(), "k-1").await;
        assert_eq!(res.status(), 201);
        let change: Value = res.json().await.unwrap();
        assert_eq!(change["change"]["status"], "completed");
        assert_eq!(change["change"]["kind"], "card_activation");

        let after = me(&app).await;
        let new_id = card_id(&after, "4242");
        let status = |last4| {
            after["cards"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["last4"] == last4)
                .unwrap()["status"]
                .clone()
        };
        assert_eq!(status("4242"), "active");
        assert_eq!(status("5556"), "replaced");
        for key in ["recurring_payments", "alerts", "limits", "wallet_tokens"] {
            assert_eq!(
                after[key].as_array().unwrap().len(),
                before[key].as_array().unwrap().len(),
                "{key}"
            );
            for d in after[key].as_array().unwrap() {
                assert_eq!(d["card_id"], new_id.as_str(), "{key} follows the new card");
            }
        }
        assert_eq!(
            after["standing_orders"], before["standing_orders"],
            "standing orders untouched"
        );
        assert_eq!(after["mandates"], before["mandates"], "mandates untouched");
        assert_eq!(after["customer"]["number"], before["customer"]["number"]);

        let list: Value = app.get("/api/changes").await.json().await.unwrap();
        assert_eq!(list["changes"].as_array().unwrap().len(), 1);
        let t: Value = app.get("/api/timeline").await.json().await.unwrap();
        let entry = t["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "change")
            .unwrap();
        assert_eq!(entry["data"]["event"], "card_activated", "{entry}");
        let moved = steps.iter().filter(|s| s["action"] == "move").count();
        assert_eq!(entry["data"]["params"]["moved"], moved, "{entry}");
        let card = entry["data"]["params"]["card"].as_str().unwrap();
        assert!(card.contains("4242"), "{card}");
        assert_eq!(
            entry["summary"],
            format!("New card {card} activated; {moved} items carried over"),
            "the English summary stays"
        );
        let id = change["change"]["id"].as_str().unwrap();
        assert_eq!(app.get(&format!("/api/changes/{id}")).await.status(), 200);
        // The login still works the same way afterwards (story 000: no new registration).
        assert_eq!(
            app.login("max@example.com", "carryover-demo")
                .await
                .status(),
            200
        );
    }
);

dual_test!(
    typed_numbers_are_checked_field_by_field,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        for (number, expiry, field) in [
            ("4242 4242 4242 4241", "12/29", "card_number"), // Luhn
            ("4242", "12/29", "card_number"),                // length
            ("5555 5555 5555 4444", "03/28", "card_number"), // Lena's card
            ("4000 0566 5566 5556", "08/27", "card_number"), // already active
            (NEW_CARD, "11/29", "expiry"),                   // wrong expiry
            (NEW_CARD, "13/29", "expiry"),                   // no such month
            (NEW_CARD, "01/20", "expiry"),                   // past
        ] {
            let res = preview(&app, number, expiry).await;
            assert_eq!(res.status(), 422, "{number} {expiry}");
            let e = error_body(res).await;
            assert_eq!(e["field"], field, "{number} {expiry}: {e}");
        }
    }
);

dual_test!(
    commit_needs_a_fresh_password_check,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let p = preview_ok(&app).await;
        app.clock.advance(Duration::from_secs(6 * 60));
        let token = p["preview_token"].as_str().unwrap();
        let res = commit(&app, token, "k-reauth").await;
        assert_eq!(res.status(), 403);
        assert_eq!(error_body(res).await["code"], "reauth_required");
        assert_eq!(
            card_status(&me(&app).await, "4242"),
            "issued",
            "nothing changed"
        );
        let res = app
            .post("/api/auth/reauth", json!({"password": "carryover-demo"}))
            .await;
        assert_eq!(res.status(), 204);
        assert_eq!(commit(&app, token, "k-reauth").await.status(), 201);
    }
);

dual_test!(
    idempotency_replay_reuse_and_in_flight,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let p = preview_ok(&app).await;
        let token = p["preview_token"].as_str().unwrap();
        let res = app
            .client
            .post(app.url("/api/changes"))
            .json(&json!({"preview_token": token}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "the key is required");
        assert_eq!(error_body(res).await["field"], "Idempotency-Key");

        let first = commit(&app, token, "same-key").await;
        assert_eq!(first.status(), 201);
        let first_body = first.text().await.unwrap();
        let replay = commit(&app, token, "same-key").await;
        assert_eq!(replay.status(), 201);
        assert_eq!(replay.headers()["idempotent-replayed"], "true");
        assert_eq!(
            replay.text().await.unwrap(),
            first_body,
            "the first answer, byte for byte"
        );
        let count: Value = app.get("/api/changes").await.json().await.unwrap();
        assert_eq!(
            count["changes"].as_array().unwrap().len(),
            1,
            "applied once"
        );

        let reused = commit(&app, "another-token", "same-key").await;
        assert_eq!(reused.status(), 422);
        assert_eq!(error_body(reused).await["code"], "idempotency_key_reused");

        // Another customer's identical key is a different scope.
        let lena = common::browser_client(&app.base);
        lena.post(app.url("/api/auth/login"))
            .json(&json!({"login": "lena@example.com", "password": "carryover-demo"}))
            .send()
            .await
            .unwrap();
        let res = lena
            .post(app.url("/api/changes"))
            .header("idempotency-key", "same-key")
            .json(&json!({"preview_token": token}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert_eq!(
            error_body(res).await["field"],
            "preview_token",
            "Max's token is no good to Lena"
        );

        // A key whose first request is still running.
        let body = serde_json::to_vec(&json!({"preview_token": "x"})).unwrap();
        let hash = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(&body))
        };
        let max_id = me(&app).await["customer"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        sqlx::query("INSERT INTO idempotency_keys (scope, idem_key, request_hash, status_code, response_body, created_at, expires_at) VALUES ($1, 'running', $2, NULL, NULL, '2026-11-20T09:00:00.000000Z', '2026-11-21T09:00:00.000000Z')")
        .bind(format!("customer:{max_id}"))
        .bind(hash)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        let res = app
            .client
            .post(app.url("/api/changes"))
            .header("idempotency-key", "running")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
    }
);

dual_test!(
    a_stale_preview_gets_the_fresh_plan,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let p = preview_ok(&app).await;
        // Something changes after the preview: a new recurring payment appears on the old card.
        sqlx::query("INSERT INTO recurring_payments (id, card_id, merchant, amount, currency, frequency, status, version) \
                 SELECT 'rp-new', id, 'Disney+', '8.99', 'EUR', 'monthly', 'active', 1 FROM cards WHERE last4 = '5556'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        let res = commit(&app, p["preview_token"].as_str().unwrap(), "k-stale").await;
        assert_eq!(res.status(), 409);
        let e = error_body(res).await;
        assert_eq!(e["code"], "plan_outdated");
        let fresh = &e["details"]["plan"]["steps"];
        assert!(
            fresh
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["dependent_id"] == "rp-new"),
            "{e}"
        );
        assert_eq!(
            card_status(&me(&app).await, "4242"),
            "issued",
            "nothing applied"
        );
        // The fresh token commits, and the new payment moves too.
        let res = commit(
            &app,
            e["details"]["preview_token"].as_str().unwrap(),
            "k-fresh",
        )
        .await;
        assert_eq!(res.status(), 201);
        let after = me(&app).await;
        let new_id = card_id(&after, "4242");
        assert!(
            after["recurring_payments"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["card_id"] == new_id.as_str())
        );
    }
);

// The commit applies the plan it kept from the preview when the customer's version has not
// moved. A write that changes an item without moving that version (as a holder change does to
// another customer's card) still makes the preview stale: the item's own version moved.
dual_test!(
    an_item_changed_behind_the_customers_version_makes_the_preview_stale,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let p = preview_ok(&app).await;
        let changes_before = app.scalar("SELECT COUNT(*) FROM changes").await;
        // Same rows, same counts: one payment on the old card is cancelled behind the scenes.
        let cancelled = sqlx::query(
            "UPDATE recurring_payments SET status = 'cancelled', version = version + 1 \
             WHERE id = (SELECT MIN(r.id) FROM recurring_payments r JOIN cards c ON c.id = r.card_id \
                         WHERE c.last4 = '5556')",
        )
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(cancelled.rows_affected(), 1);
        let res = commit(&app, p["preview_token"].as_str().unwrap(), "k-behind").await;
        assert_eq!(res.status(), 409);
        assert_eq!(error_body(res).await["code"], "plan_outdated");
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM changes").await,
            changes_before
        );
        assert_eq!(
            card_status(&me(&app).await, "4242"),
            "issued",
            "nothing applied"
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM recurring_payments WHERE status = 'cancelled'")
                .await,
            1,
            "the cancelled payment was not revived by a move"
        );
    }
);

// One preview, two commits under different keys: the first applies it, the second finds the
// state moved on (the kept preview is gone, and the version moved).
dual_test!(
    a_preview_commits_once_even_under_two_keys,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let p = preview_ok(&app).await;
        let token = p["preview_token"].as_str().unwrap();
        let changes_before = app.scalar("SELECT COUNT(*) FROM changes").await;
        assert_eq!(commit(&app, token, "k-one").await.status(), 201);
        let res = commit(&app, token, "k-two").await;
        assert_eq!(res.status(), 409);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM changes").await,
            changes_before + 1
        );
    }
);

dual_test!(
    a_failure_after_any_step_leaves_the_database_as_it_was,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let failures = app
            .fail_each_step_until_it_succeeds(TABLES, |n| {
                let app = &app;
                async move {
                    let p = preview_ok(app).await;
                    let token = p["preview_token"].as_str().unwrap().to_owned();
                    commit(app, &token, &format!("fail-{n}")).await
                }
            })
            .await;
        assert!(
            failures >= 10,
            "every step of the apply was tried ({failures})"
        );
        assert_eq!(
            card_status(&me(&app).await, "4242"),
            "active",
            "the last attempt went through"
        );
    }
);

dual_test!(
    fifty_concurrent_commits_exactly_one_wins,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let p = preview_ok(&app).await;
        let other = preview_ok(&app).await; // a competing preview of the same change
        let mut handles = Vec::new();
        for i in 0..50 {
            let client = app.client.clone();
            let url = app.url("/api/changes");
            let token = if i % 2 == 0 { &p } else { &other }["preview_token"]
                .as_str()
                .unwrap()
                .to_string();
            handles.push(tokio::spawn(async move {
                client
                    .post(url)
                    .header("idempotency-key", format!("c-{i}"))
                    .json(&json!({"preview_token": token}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
        let mut statuses = Vec::new();
        for h in handles {
            statuses.push(h.await.unwrap());
        }
        assert_eq!(
            statuses.iter().filter(|s| **s == 201).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 201 || *s == 409 || *s == 412),
            "{statuses:?}"
        );
        let after = me(&app).await;
        let new_id = card_id(&after, "4242");
        for key in ["recurring_payments", "alerts", "limits", "wallet_tokens"] {
            assert!(
                after[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|d| d["card_id"] == new_id.as_str()),
                "{key}"
            );
        }
        let changes: Value = app.get("/api/changes").await.json().await.unwrap();
        assert_eq!(changes["changes"].as_array().unwrap().len(), 1);
    }
);

dual_test!(
    a_blocked_cards_payments_wait_and_follow_the_replacement,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let before = me(&app).await;
        let old = card_id(&before, "5556");
        let res = app
            .post(
                &format!("/api/cards/{old}/block"),
                json!({"reason": "stolen"}),
            )
            .await;
        assert_eq!(res.status(), 200);
        let blocked: Value = res.json().await.unwrap();
        assert_eq!(blocked["card"]["status"], "blocked");
        assert_eq!(
            blocked["waiting"], 3,
            "the 3 recurring payments wait (the wallet token pauses too)"
        );
        assert_eq!(me(&app).await["wallet_tokens"][0]["status"], "suspended");
        let replacement = blocked["replacement"]["id"].as_str().unwrap().to_string();
        let mid = me(&app).await;
        assert!(
            mid["recurring_payments"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["status"] == "waiting_for_card")
        );
        assert_eq!(
            mid["recurring_payments"].as_array().unwrap().len(),
            3,
            "never cancelled"
        );
        assert_eq!(
            app.post(
                &format!("/api/cards/{old}/block"),
                json!({"reason": "lost"})
            )
            .await
            .status(),
            409
        );
        assert_eq!(
            app.post(
                &format!("/api/cards/{old}/block"),
                json!({"reason": "bored"})
            )
            .await
            .status(),
            422
        );

        // The post brings the replacement; its number is known only to the customer. Give it one.
        let pan = "4111111111111111";
        let hash = carryover::crypto::pan_hash(&app.state.config.secret, pan);
        sqlx::query("UPDATE cards SET pan_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(&replacement)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let expiry = blocked["replacement"]["expiry"].as_str().unwrap();
        let res = preview(&app, pan, expiry).await;
        assert_eq!(res.status(), 200);
        let p: Value = res.json().await.unwrap();
        assert_eq!(
            commit(&app, p["preview_token"].as_str().unwrap(), "k-repl")
                .await
                .status(),
            201
        );
        let after = me(&app).await;
        for r in after["recurring_payments"].as_array().unwrap() {
            assert_eq!(
                (r["card_id"].as_str(), r["status"].as_str()),
                (Some(replacement.as_str()), Some("active"))
            );
        }
        assert_eq!(after["wallet_tokens"][0]["status"], "active");
        // Another customer's card id answers 404.
        let lena_card = {
            use sqlx::Row;
            sqlx::query("SELECT id FROM cards WHERE last4 = '4444'")
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap()
                .get::<String, _>(0)
        };
        assert_eq!(
            app.post(
                &format!("/api/cards/{lena_card}/block"),
                json!({"reason": "lost"})
            )
            .await
            .status(),
            404
        );
    }
);

dual_test!(
    no_card_number_is_stored_anywhere,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let p = preview_ok(&app).await;
        assert_eq!(
            commit(&app, p["preview_token"].as_str().unwrap(), "k-scan")
                .await
                .status(),
            201
        );
        let raw: Vec<u8> = match app.backend {
            common::Backend::Sqlite => {
                let path = app.database_url.trim_start_matches("sqlite://").to_string();
                app.state.db.pool.close().await;
                let mut bytes = std::fs::read(&path).unwrap();
                bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
                bytes
            }
            common::Backend::Postgres => {
                let out = std::process::Command::new("pg_dump")
                    .arg("--dbname")
                    .arg(&app.database_url)
                    .output()
                    .expect("pg_dump runs");
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                out.stdout
            }
        };
        assert!(raw.len() > 1000, "the dump has content");
        let text = String::from_utf8_lossy(&raw);
        for pan in [
            "4242424242424242",
            "4000056655665556",
            "4242 4242 4242 4242",
        ] {
            assert!(!text.contains(pan), "{pan} found in the database");
        }
        assert!(text.contains("4242"), "last four digits are kept");
    }
);
