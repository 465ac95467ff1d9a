mod common;

use common::{TestApp, error_body};
use serde_json::{Value, json};
use std::time::Duration;

fn hamburg() -> Value {
    json!({"street": "Neue  Straße 5", "postal_code": "20095", "city": "hamburg", "country": "de"})
}

async fn preview(app: &TestApp, address: Value, effective_on: Option<&str>) -> reqwest::Response {
    app.post(
        "/api/changes/preview",
        json!({"kind": "address", "address": address, "effective_on": effective_on}),
    )
    .await
}

async fn change(app: &TestApp, address: Value, effective_on: Option<&str>, key: &str) -> Value {
    let res = preview(app, address, effective_on).await;
    assert_eq!(res.status(), 200);
    let p: Value = res.json().await.unwrap();
    let res = app
        .client
        .post(app.url("/api/changes"))
        .header("idempotency-key", key)
        .json(&json!({"preview_token": p["preview_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

async fn max_city(app: &TestApp) -> String {
    let me: Value = app.get("/api/me").await.json().await.unwrap();
    me["customer"]["address"]["city"]
        .as_str()
        .unwrap()
        .to_string()
}

dual_test!(
    validation_names_every_field_per_country,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        for (country, postal_code, region, ok) in [
            ("DE", "20095", None, true),
            ("AT", "1010", None, true),
            ("CH", "8001", None, true),
            ("FR", "75001", None, true),
            ("NL", "1012AB", None, true),
            ("BE", "1000", None, true),
            ("IT", "00184", None, true),
            ("ES", "28013", None, true),
            ("GB", "SW1A 1AA", None, true),
            ("US", "94103", Some("CA"), true),
            ("DE", "1234", None, false),
            ("NL", "1012", None, false),
            ("GB", "123", None, false),
            ("US", "94103", None, false),
            ("XX", "12345", None, false),
        ] {
            let address = json!({"street": "Main Street 1", "postal_code": postal_code, "city": "Town", "country": country, "region": region});
            let res = preview(&app, address, None).await;
            if ok {
                assert_eq!(res.status(), 200, "{country} {postal_code}");
            } else {
                assert_eq!(res.status(), 422, "{country} {postal_code}");
                let e = error_body(res).await;
                assert!(e["field"].as_str().unwrap().starts_with("address."), "{e}");
            }
        }
        let e = error_body(
            preview(
                &app,
                json!({"street": "", "postal_code": "x", "city": "", "country": "DE"}),
                None,
            )
            .await,
        )
        .await;
        let fields: Vec<&str> = e["details"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            ["address.street", "address.city", "address.postal_code"]
        );
        for (date, why) in [
            ("2026-11-19", "past"),
            ("2028-01-01", "too far"),
            ("01.12.2026", "format"),
        ] {
            let e = error_body(preview(&app, hamburg(), Some(date)).await).await;
            assert_eq!(e["field"], "effective_on", "{why}");
        }
    }
);

dual_test!(
    moving_now_carries_everything_and_tells_both_addresses,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let p: Value = preview(&app, hamburg(), None).await.json().await.unwrap();
        let steps = p["plan"]["steps"].as_array().unwrap();
        let moved: Vec<&str> = steps
            .iter()
            .filter(|s| s["action"] == "move")
            .map(|s| s["dependent_kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            moved.iter().filter(|k| **k == "address_use").count(),
            4,
            "billing, correspondence, statement, card delivery"
        );
        assert!(moved.contains(&"home_address") && moved.contains(&"contract"));
        assert_eq!(steps.iter().filter(|s| s["action"] == "notify").count(), 3);
        assert_eq!(
            p["plan"]["steps"][0]["after"], "Neue Straße 5, 20095 Hamburg, DE",
            "normalised"
        );

        let c = change(&app, hamburg(), None, "move-now").await;
        assert_eq!(c["change"]["status"], "completed");
        assert_eq!(max_city(&app).await, "Hamburg");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM address_uses u JOIN customers c ON c.id = u.customer_id WHERE c.email = 'max@example.com' AND u.city = 'Hamburg'").await, 4);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM addresses a JOIN customers c ON c.id = a.customer_id WHERE c.email = 'max@example.com'").await, 2, "history kept");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM addresses a JOIN customers c ON c.id = a.customer_id WHERE c.email = 'max@example.com' AND a.valid_to = '2026-11-20'").await, 1);
        let id = c["change"]["id"].as_str().unwrap();
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'change:{id}:%'"
            ))
            .await,
            3
        );
        let t: Value = app.get("/api/timeline").await.json().await.unwrap();
        let notes: Vec<&Value> = t["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "notification")
            .collect();
        assert_eq!(notes.len(), 3);
        assert!(
            notes
                .iter()
                .any(|n| n["summary"].as_str().unwrap().contains("Hamburg"))
        );
        assert!(
            notes
                .iter()
                .any(|n| n["summary"].as_str().unwrap().contains("Berlin"))
        );
        // Every entry carries its event code and parameters, for clients in other languages.
        for n in &notes {
            assert_eq!(n["data"]["event"], "address_notification", "{n}");
            assert!(
                matches!(
                    n["data"]["params"]["channel"].as_str(),
                    Some("letter" | "email")
                ),
                "the channel is a code: {n}"
            );
            assert!(n["data"]["params"]["recipient"].is_string(), "{n}");
        }
        let change = t["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "change")
            .unwrap();
        assert_eq!(change["data"]["event"], "address_changed", "{change}");
        let moved = change["data"]["steps"]
            .as_array()
            .expect("data keeps what it held")
            .iter()
            .filter(|s| s["action"] == "move")
            .count();
        assert_eq!(change["data"]["params"]["moved"], moved, "{change}");
        assert_eq!(
            change["summary"],
            format!("Address changed; {moved} items follow the new address")
        );
    }
);

dual_test!(
    a_scheduled_change_is_applied_once_by_competing_schedulers,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let c = change(&app, hamburg(), Some("2026-12-15"), "move-later").await;
        assert_eq!(c["change"]["status"], "scheduled");
        assert_eq!(max_city(&app).await, "Berlin");
        assert_eq!(
            carryover::scheduler::run_due(&app.state).await.unwrap(),
            0,
            "not due yet"
        );

        app.clock.advance(Duration::from_secs(25 * 24 * 3600));
        let other = common::restart(&app, app.clock.clone()).await;
        let (a, b) = tokio::join!(
            carryover::scheduler::run_due(&app.state),
            carryover::scheduler::run_due(&other.state)
        );
        assert_eq!(a.unwrap() + b.unwrap(), 1, "exactly once");
        app.login_ok("max@example.com").await;
        assert_eq!(max_city(&app).await, "Hamburg");
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM addresses WHERE city = 'Hamburg'")
                .await,
            1
        );
        assert_eq!(app.scalar("SELECT COUNT(*) FROM timeline WHERE summary LIKE 'Scheduled address change applied%'").await, 1);
        assert_eq!(carryover::scheduler::run_due(&app.state).await.unwrap(), 0);
    }
);

dual_test!(
    a_restart_between_schedule_and_date_loses_nothing,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        change(&app, hamburg(), Some("2026-12-01"), "before-restart").await;
        // A new process, started later, with its own clock: the schedule is in the database.
        let later = carryover::clock::Clock::manual(time::macros::datetime!(2026-12-01 06:00 UTC));
        let restarted = common::restart(&app, later).await;
        assert_eq!(
            carryover::scheduler::run_due(&restarted.state)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) FROM changes WHERE status = 'completed' AND kind = 'address'"
            )
            .await,
            1
        );
    }
);

dual_test!(
    a_scheduled_change_can_be_cancelled_before_its_date,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let c = change(&app, hamburg(), Some("2026-12-15"), "to-cancel").await;
        let id = c["change"]["id"].as_str().unwrap().to_string();
        let again = preview(&app, json!({"street": "Anderer Weg 1", "postal_code": "80331", "city": "München", "country": "DE"}), None).await;
        assert_eq!(
            again.status(),
            422,
            "one scheduled address change at a time"
        );
        let res = app
            .client
            .delete(app.url(&format!("/api/changes/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["change"]["status"], "cancelled");
        assert_eq!(
            app.client
                .delete(app.url(&format!("/api/changes/{id}")))
                .send()
                .await
                .unwrap()
                .status(),
            409
        );
        app.clock.advance(Duration::from_secs(30 * 24 * 3600));
        assert_eq!(carryover::scheduler::run_due(&app.state).await.unwrap(), 0);
        app.login_ok("max@example.com").await;
        assert_eq!(max_city(&app).await, "Berlin");
        // Lena cannot see or cancel Max's change.
        let lena = common::browser_client(&app.base);
        lena.post(app.url("/api/auth/login"))
            .json(&json!({"login": "lena@example.com", "password": "carryover-demo"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            lena.delete(app.url(&format!("/api/changes/{id}")))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
        assert_eq!(
            lena.get(app.url(&format!("/api/changes/{id}")))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
    }
);

dual_test!(
    outbox_rows_once_per_commit_and_none_on_rollback,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let before = app.scalar("SELECT COUNT(*) FROM outbox").await;
        for n in 1..=4 {
            app.state.failpoints.arm(n);
            let p: Value = preview(&app, hamburg(), None).await.json().await.unwrap();
            let res = app
                .client
                .post(app.url("/api/changes"))
                .header("idempotency-key", format!("rb-{n}"))
                .json(&json!({"preview_token": p["preview_token"]}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 500, "step {n}");
            assert_eq!(
                app.scalar("SELECT COUNT(*) FROM outbox").await,
                before,
                "no message after a rollback at step {n}"
            );
            assert_eq!(max_city(&app).await, "Berlin");
        }
        app.state.failpoints.arm(0);
        change(&app, hamburg(), None, "ok").await;
        assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox").await, before + 3);
        // Delivering twice (as after a crash before marking) leaves one letter per recipient.
        assert_eq!(
            carryover::outbox::deliver_due(&app.state).await.unwrap() as i64,
            before + 3
        );
        sqlx::query("UPDATE outbox SET delivered_at = NULL")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        app.clock.advance(Duration::from_secs(600));
        carryover::outbox::deliver_due(&app.state).await.unwrap();
        let letters = std::fs::read_dir(&app.mailbox)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("letter-")
            })
            .count();
        assert_eq!(letters, 2, "old and new address, once each");
    }
);

dual_test!(this_wasnt_me_opens_a_case, |app: TestApp| async move {
    app.login_ok("max@example.com").await;
    change(&app, hamburg(), None, "disputed").await;
    let code = common::old_address_dispute_code(&app).await;
    let anonymous = common::browser_client(&app.base);
    let res = anonymous
        .post(app.url("/api/changes/disputes"))
        .json(&json!({"code": code.to_lowercase()}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM cases WHERE kind = 'change_disputed' AND status = 'open'")
            .await,
        1
    );
    let res = anonymous
        .post(app.url("/api/changes/disputes"))
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "a code works once");
    let t: Value = app.get("/api/timeline").await.json().await.unwrap();
    assert!(
        t["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "case"),
        "the customer sees the case"
    );
});

dual_test!(
    the_timeline_pages_without_losing_entries,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        change(&app, hamburg(), None, "t1").await; // 4 entries in one instant
        let mut seen = Vec::new();
        let mut before: Option<String> = None;
        loop {
            let path = match &before {
                Some(b) => format!("/api/timeline?limit=3&before={}", urlencode(b)),
                None => "/api/timeline?limit=3".into(),
            };
            let page: Value = app.get(&path).await.json().await.unwrap();
            seen.extend(
                page["entries"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["id"].as_str().unwrap().to_string()),
            );
            match page["next_before"].as_str() {
                Some(b) => before = Some(b.to_string()),
                None => break,
            }
        }
        assert_eq!(seen.len(), 4);
        seen.dedup();
        assert_eq!(seen.len(), 4);
        assert_eq!(app.get("/api/timeline?limit=0").await.status(), 422);
    }
);

fn urlencode(s: &str) -> String {
    s.replace(':', "%3A").replace('|', "%7C")
}

dual_test!(
    a_customer_without_an_address_gives_a_first_one,
    |app: TestApp| async move {
        // As after registering through an invitation: no home address on file.
        sqlx::query(
            "DELETE FROM addresses WHERE customer_id = (SELECT id FROM customers WHERE email = 'max@example.com')",
        )
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        app.login_ok("max@example.com").await;
        let me: Value = app.get("/api/me").await.json().await.unwrap();
        assert_eq!(me["customer"]["address"]["street"], "", "none on file yet");

        let res = preview(&app, hamburg(), None).await;
        assert_eq!(res.status(), 200);
        let p: Value = res.json().await.unwrap();
        let steps = p["plan"]["steps"].as_array().unwrap();
        let home = steps
            .iter()
            .find(|s| s["dependent_kind"] == "home_address")
            .unwrap();
        assert!(home["before"].is_null(), "{home}");
        assert!(steps.iter().all(|s| s["dependent_id"] != "old_address"));

        change(&app, hamburg(), None, "first-address").await;
        assert_eq!(max_city(&app).await, "Hamburg");
        let letters = app
            .scalar("SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE '%:old_address'")
            .await;
        assert_eq!(letters, 0, "no letter to an old address that never was");
    }
);
