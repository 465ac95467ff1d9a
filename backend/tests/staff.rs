mod common;

use common::{TestApp, error_body};
use serde_json::{Value, json};
use sqlx::Row;
use std::time::Duration;

async fn search(app: &TestApp, c: &reqwest::Client, q: &str) -> Vec<Value> {
    let res = c
        .get(app.url("/api/staff/customers"))
        .query(&[("q", q)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{q}");
    let v: Value = res.json().await.unwrap();
    v["hits"].as_array().unwrap().clone()
}

async fn max_id(app: &TestApp, agent: &reqwest::Client) -> String {
    search(app, agent, "1000000016").await[0]["customer_id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn add_customer(app: &TestApp, name: &str) {
    let mut tx = app.state.db.begin().await.unwrap();
    let id = format!("cust-{}", name.len());
    use carryover::seed::{V, insert};
    insert(
        &mut tx,
        "customers",
        vec![
            ("id", V::from(id.as_str())),
            ("number", V::from("1000000990")),
            ("name", V::from(name)),
            ("name_folded", V::from(carryover::seed::fold(name))),
            ("email", V::from("mueller@example.com")),
            ("phone", V::from("+41 44 555 12 12")),
            ("phone_digits", V::from("41445551212")),
            ("language", V::from("de")),
            ("status", V::from("active")),
            ("version", V::Int(1)),
            ("created_at", V::from("2026-01-01T00:00:00.000000Z")),
        ],
    )
    .await
    .unwrap();
    carryover::search_terms::index(
        &mut tx,
        &id,
        name,
        "+41 44 555 12 12",
        "mueller@example.com",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

dual_test!(
    search_finds_a_customer_by_any_identifier,
    |app: TestApp| async move {
        let agent = app.signed_in("agent@example.com").await;
        for (q, what) in [
            ("5556 Mustermann", "card •••• 5556 and name"),
            ("1000 0000 16", "customer number"),
            ("1000000016", "customer number"),
            ("DE89 3704 0044 0532 0130 00", "IBAN"),
            ("MAX@example.com", "email"),
            ("0170 555-0101", "phone"),
            ("+49 (170) 5550101", "phone"),
            ("mustermann", "name"),
            ("Max MUSTER", "name"),
        ] {
            let hits = search(&app, &agent, q).await;
            assert_eq!(hits.len(), 1, "{q}: {hits:?}");
            assert_eq!(hits[0]["name"], "Max Mustermann", "{q}");
            assert!(
                hits[0]["matched"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| m == what),
                "{q}: {hits:?}"
            );
        }
        assert_eq!(
            search(&app, &agent, "musterfrau").await.len(),
            2,
            "Erika and Hans"
        );
        // Multi-byte characters anywhere in a long query are no reason to fail.
        assert!(
            search(&app, &agent, "Müller 1234567890123 Jürgen")
                .await
                .is_empty()
        );
        assert!(
            search(&app, &agent, "4242 Schmidt").await.is_empty(),
            "Lena has no card ending 4242"
        );

        add_customer(&app, "Jürgen Müller").await;
        for q in ["Muller", "Müller", "Mueller", "MÜLLER", "jurgen"] {
            let hits = search(&app, &agent, q).await;
            assert_eq!(hits.len(), 1, "{q}");
            assert_eq!(hits[0]["name"], "Jürgen Müller", "{q}");
        }
        assert_eq!(
            agent
                .get(app.url("/api/staff/customers"))
                .query(&[("q", "x")])
                .send()
                .await
                .unwrap()
                .status(),
            422
        );
    }
);

dual_test!(
    staff_reads_are_on_the_customers_timeline_notes_are_not,
    |app: TestApp| async move {
        let agent = app.signed_in("agent@example.com").await;
        let max = max_id(&app, &agent).await;
        let res = agent
            .post(app.url(&format!("/api/staff/customers/{max}/notes")))
            .json(&json!({"text": "Called about the card."}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let first: Value = res.json().await.unwrap();
        let res = agent
            .post(app.url(&format!("/api/staff/customers/{max}/notes")))
            .json(&json!({"text": "Called about the new card.", "supersedes_id": first["id"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let body = agent
            .get(app.url(&format!("/api/staff/customers/{max}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        // Each field once: a strict reader (serde, the staff console) refuses a duplicate key.
        assert_eq!(body.matches("\"cases\":").count(), 1, "{body}");
        let view: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            view["customer"]["number"], "1000000016",
            "everything /api/me shows"
        );
        assert_eq!(
            view["notes"].as_array().unwrap().len(),
            2,
            "the old version stays visible"
        );
        // Another department (a supervisor) sees the same history.
        let supervisor = app.signed_in("supervisor@example.com").await;
        let t: Value = supervisor
            .get(app.url(&format!("/api/staff/customers/{max}/timeline")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            t["entries"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["kind"] == "note")
                .count(),
            2
        );

        app.login_ok("max@example.com").await;
        let mine: Value = app.get("/api/timeline").await.json().await.unwrap();
        let kinds: Vec<&str> = mine["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert!(kinds.contains(&"staff_access"), "{kinds:?}");
        assert!(!kinds.contains(&"note"), "internal notes stay internal");
        let access = mine["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "staff_access")
            .unwrap();
        assert_eq!(access["data"]["event"], "staff_looked", "{access}");
        assert!(
            matches!(
                access["data"]["params"]["what"].as_str(),
                Some("overview" | "timeline" | "case" | "document")
            ),
            "what staff looked at is a code: {access}"
        );
        assert!(access["data"]["params"]["staff"].is_string(), "{access}");
        assert!(
            access["data"]["actor"]["staff"].is_string(),
            "the actor's parts: {access}"
        );
    }
);

dual_test!(
    promises_are_shown_and_flagged_when_broken,
    |app: TestApp| async move {
        let agent = app.signed_in("agent@example.com").await;
        let max = max_id(&app, &agent).await;
        let promise = |text: &str, due: &str| {
            agent
                .post(app.url(&format!("/api/staff/customers/{max}/promises")))
                .json(&json!({"text": text, "due_by": due}))
                .send()
        };
        assert_eq!(
            promise("Line repaired", "2026-11-21")
                .await
                .unwrap()
                .status(),
            201
        );
        let kept: Value = promise("Refund sent", "2026-11-25")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(promise("Past", "2026-11-01").await.unwrap().status(), 422);
        let res = agent
            .post(app.url(&format!(
                "/api/staff/promises/{}/kept",
                kept["id"].as_str().unwrap()
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            carryover::staff::promises::flag_broken(&app.state)
                .await
                .unwrap(),
            0
        );
        app.clock.advance(Duration::from_secs(2 * 24 * 3600));
        assert_eq!(
            carryover::staff::promises::flag_broken(&app.state)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            carryover::staff::promises::flag_broken(&app.state)
                .await
                .unwrap(),
            0,
            "flagged once"
        );
        let agent = app.signed_in("agent@example.com").await;
        let view: Value = agent
            .get(app.url(&format!("/api/staff/customers/{max}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let statuses: Vec<&str> = view["promises"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["broken", "kept"]);
        app.login_ok("max@example.com").await;
        let mine: Value = app.get("/api/timeline").await.json().await.unwrap();
        let summaries: Vec<&str> = mine["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "promise")
            .map(|e| e["summary"].as_str().unwrap())
            .collect();
        assert!(
            summaries.iter().any(|s| s.contains("did not keep")),
            "{summaries:?}"
        );
        assert!(
            summaries.iter().any(|s| s.contains("Line repaired")),
            "{summaries:?}"
        );
        let events: Vec<&str> = mine["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "promise")
            .map(|e| e["data"]["event"].as_str().unwrap_or_default())
            .collect();
        for code in ["promise_made", "promise_kept", "promise_broken"] {
            assert!(events.contains(&code), "{code} missing: {events:?}");
        }
    }
);

dual_test!(
    acting_for_a_customer_is_gated_limited_and_recorded,
    |app: TestApp| async move {
        let admin = app.signed_in("admin@example.com").await;
        let agent = app.signed_in("agent@example.com").await;
        let max = max_id(&app, &agent).await;
        let start = |c: &reqwest::Client, reason: &str| {
            c.post(app.url("/api/staff/impersonation"))
                .json(&json!({"customer_id": max, "reason": reason}))
                .send()
        };
        assert_eq!(
            start(&admin, "Customer called").await.unwrap().status(),
            403
        );
        assert_eq!(start(&agent, "hi").await.unwrap().status(), 422);
        assert_eq!(
            agent.get(app.url("/api/me")).send().await.unwrap().status(),
            403,
            "not acting yet"
        );
        assert_eq!(
            start(&agent, "Customer called about his move")
                .await
                .unwrap()
                .status(),
            201
        );

        let session: Value = agent
            .get(app.url("/api/auth/session"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(session["acting_as"]["customer_name"], "Max Mustermann");
        assert_eq!(session["principal"]["kind"], "staff");
        let me: Value = agent
            .get(app.url("/api/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["customer"]["name"], "Max Mustermann");

        let res = agent.post(app.url("/api/changes/preview")).json(&json!({"kind": "card_activation", "card_number": "4242424242424242", "expiry": "12/29"})).send().await.unwrap();
        assert_eq!(res.status(), 403);
        assert!(
            error_body(res).await["message"]
                .as_str()
                .unwrap()
                .contains("card numbers")
        );

        let p: Value = agent.post(app.url("/api/changes/preview"))
        .json(&json!({"kind": "address", "address": {"street": "Neue Straße 5", "postal_code": "20095", "city": "Hamburg", "country": "DE"}}))
        .send().await.unwrap().json().await.unwrap();
        let res = agent
            .post(app.url("/api/changes"))
            .header("idempotency-key", "staff-move")
            .json(&json!({"preview_token": p["preview_token"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let c: Value = res.json().await.unwrap();
        assert_eq!(c["change"]["actor_kind"], "staff");

        assert_eq!(
            agent
                .delete(app.url("/api/staff/impersonation"))
                .send()
                .await
                .unwrap()
                .status(),
            204
        );
        assert_eq!(
            agent.get(app.url("/api/me")).send().await.unwrap().status(),
            403
        );
        assert_eq!(
            agent
                .get(app.url("/api/auth/session"))
                .send()
                .await
                .unwrap()
                .status(),
            200,
            "still signed in"
        );

        app.login_ok("max@example.com").await;
        let mine: Value = app.get("/api/timeline").await.json().await.unwrap();
        let entries = mine["entries"].as_array().unwrap();
        let change = entries.iter().find(|e| e["kind"] == "change").unwrap();
        assert_eq!(change["actor_kind"], "staff");
        assert_eq!(change["reason"], "Customer called about his move");
        assert!(change["actor"].as_str().unwrap().contains("Alex Agent"));
        // The actor's parts, for "… (staff) for …" in other languages.
        assert_eq!(change["data"]["actor"]["staff"], "Alex Agent", "{change}");
        assert_eq!(change["data"]["actor"]["for"], "Max Mustermann", "{change}");
        assert_eq!(change["data"]["event"], "address_changed", "{change}");
        let started = entries
            .iter()
            .find(|e| e["data"]["event"] == "acting_started")
            .expect("acting_started on the timeline");
        assert_eq!(
            started["data"]["params"]["reason"],
            "Customer called about his move"
        );
        assert_eq!(
            entries
                .iter()
                .filter(|e| e["kind"] == "staff_action")
                .count(),
            2,
            "start and stop"
        );

        // The time limit.
        assert_eq!(
            start(&agent, "Second call from Max")
                .await
                .unwrap()
                .status(),
            201
        );
        app.clock.advance(Duration::from_secs(10 * 60));
        assert_eq!(
            agent.get(app.url("/api/me")).send().await.unwrap().status(),
            200
        );
        app.clock.advance(Duration::from_secs(10 * 60));
        assert_eq!(
            agent.get(app.url("/api/me")).send().await.unwrap().status(),
            200
        );
        app.clock.advance(Duration::from_secs(11 * 60));
        assert_eq!(
            agent.get(app.url("/api/me")).send().await.unwrap().status(),
            403,
            "30 minutes at most"
        );
    }
);

// Walks every route of the OpenAPI document with each kind of principal.
dual_test!(
    authorization_matrix_over_every_route,
    |app: TestApp| async move {
        let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
        app.login_ok("max@example.com").await;
        let me: Value = app.get("/api/me").await.json().await.unwrap();
        let max_card = me["cards"][0]["id"].as_str().unwrap().to_string();
        let max_customer = me["customer"]["id"].as_str().unwrap().to_string();
        let public = [
            "/api/auth/login",
            "/api/auth/logout",
            "/healthz",
            "/readyz",
            "/api/openapi.json",
            "/api/changes/disputes",
            "/metrics",
            // The token in the path is the credential (tests/holder_transfer.rs).
            "/api/invitations/{token}",
            "/api/invitations/{token}/accept",
        ];
        let any_principal = ["/api/auth/session", "/api/auth/reauth"];

        let anonymous = common::browser_client(&app.base);
        let lena = app.signed_in("lena@example.com").await; // a customer, signed in the same way
        let agent = app.signed_in("agent@example.com").await;
        let acting = app.signed_in("supervisor@example.com").await;
        let res = acting
            .post(app.url("/api/staff/impersonation"))
            .json(&json!({"customer_id": max_customer, "reason": "matrix test"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);

        let mut checked = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            if public.contains(&path.as_str()) {
                continue;
            }
            let concrete = path.replace(
                "{id}",
                if path.contains("cards") {
                    &max_card
                } else if path.contains("/staff/customers") {
                    &max_customer
                } else {
                    "00000000-no-such-id"
                },
            );
            for method in item.as_object().unwrap().keys() {
                let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let send = |c: &reqwest::Client| {
                    c.request(m.clone(), app.url(&concrete))
                        .json(&json!({"reason": "lost"}))
                        .send()
                };
                let status = |r: reqwest::Response| r.status().as_u16();
                let staff_route = path.starts_with("/api/staff");
                assert_eq!(
                    status(send(&anonymous).await.unwrap()),
                    401,
                    "anonymous {method} {path}"
                );
                if staff_route {
                    assert_eq!(
                        status(send(&lena).await.unwrap()),
                        404,
                        "customer {method} {path}"
                    );
                } else if !any_principal.contains(&path.as_str()) {
                    if path.contains("{id}") {
                        assert_eq!(
                            status(send(&lena).await.unwrap()),
                            404,
                            "Lena on Max's ids: {method} {path}"
                        );
                    }
                    if path != "/api/staff/impersonation" {
                        let s = status(send(&agent).await.unwrap());
                        assert_eq!(s, 403, "staff not acting: {method} {path}");
                        let s = status(send(&acting).await.unwrap());
                        assert!(
                            s != 401 && s != 403 || path.contains("preview"),
                            "staff acting: {method} {path} → {s}"
                        );
                    }
                }
                checked += 1;
            }
        }
        assert!(checked >= 15, "walked {checked} routes");
    }
);

dual_test!(admins_manage_staff_accounts, |app: TestApp| async move {
    let admin = app.signed_in("admin@example.com").await;
    let agent = app.signed_in("agent@example.com").await;
    let new = json!({"email": "neu@example.com", "name": "Nina Neu", "role": "agent", "password": "a-long-password-1"});
    assert_eq!(
        agent
            .post(app.url("/api/staff/members"))
            .json(&new)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        agent
            .get(app.url("/api/staff/members"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let res = admin.post(app.url("/api/staff/members")).json(&json!({"email": "neu@example.com", "name": "Nina Neu", "role": "boss", "password": "a-long-password-1"})).send().await.unwrap();
    assert_eq!(error_body(res).await["field"], "role");
    let res = admin.post(app.url("/api/staff/members")).json(&json!({"email": " MAX@example.com", "name": "Max", "role": "agent", "password": "a-long-password-1"})).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let body = error_body(res).await;
    assert_eq!(
        body["field"], "email",
        "a customer's email cannot become a staff login, however it is spelled"
    );
    // A code the client words, not English to parse.
    assert_eq!(body["details"]["errors"][0]["reason"], "taken", "{body}");
    let res = admin
        .post(app.url("/api/staff/members"))
        .json(&new)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let nina: Value = res.json().await.unwrap();
    let c = common::browser_client(&app.base);
    let login = |c: &reqwest::Client| {
        c.post(app.url("/api/auth/login"))
            .json(&json!({"login": "neu@example.com", "password": "a-long-password-1"}))
            .send()
    };
    assert_eq!(login(&c).await.unwrap().status(), 200);
    assert_eq!(
        c.get(app.url("/api/staff/cases"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let res = admin
        .post(app.url(&format!(
            "/api/staff/members/{}/deactivate",
            nina["id"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(
        c.get(app.url("/api/staff/cases"))
            .send()
            .await
            .unwrap()
            .status(),
        401,
        "her session ended"
    );
    assert_eq!(
        login(&c).await.unwrap().status(),
        403,
        "and she cannot sign in again"
    );
    let list: Value = admin
        .get(app.url("/api/staff/members"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        list["staff"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["active"] == false)
            .count(),
        1
    );
});

dual_test!(
    acting_ends_on_the_timeline_when_replaced_or_run_out_and_never_starts_for_the_deceased,
    |app: TestApp| async move {
        let id = async |email: &str| -> String {
            sqlx::query("SELECT id FROM customers WHERE email = $1")
                .bind(email)
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap()
                .get(0)
        };
        let (max, erika, hans) = (
            id("max@example.com").await,
            id("erika@example.com").await,
            id("hans@example.com").await,
        );
        let agent = app.signed_in("agent@example.com").await;
        let start = async |customer: &str| {
            agent
                .post(app.url("/api/staff/impersonation"))
                .json(&json!({"customer_id": customer, "reason": "Customer called us"}))
                .send()
                .await
                .unwrap()
        };
        let events = async |customer: &str, event: &str| {
            app.scalar(&format!(
                "SELECT COUNT(*) FROM timeline WHERE customer_id = '{customer}' AND data LIKE '%\"event\":\"{event}\"%'"
            ))
            .await
        };
        assert_eq!(start(&max).await.status(), 201);
        // Acting for Erika ends acting for Max, and Max's timeline says so.
        assert_eq!(start(&erika).await.status(), 201);
        assert_eq!(events(&max, "acting_stopped").await, 1);
        assert_eq!(events(&erika, "acting_stopped").await, 0);

        // Erika's 30 minutes run out (the agent stays signed in meanwhile): the worker ends it
        // once, as of when it ran out.
        for minutes in [14, 14, 3] {
            app.clock
                .advance(std::time::Duration::from_secs(minutes * 60));
            let res = agent
                .get(app.url("/api/auth/session"))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
        }
        let ended = carryover::staff::impersonation::end_expired(&app.state).await;
        assert_eq!(ended.unwrap(), 1);
        assert_eq!(
            carryover::staff::impersonation::end_expired(&app.state)
                .await
                .unwrap(),
            0
        );
        assert_eq!(events(&erika, "acting_expired").await, 1);
        let stopped_at: String =
            sqlx::query("SELECT ended_at FROM impersonations WHERE customer_id = $1")
                .bind(&erika)
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap()
                .get(0);
        assert_eq!(stopped_at, "2026-11-20T09:30:00.000000Z");
        // A stop afterwards has nothing left to end and writes nothing.
        let res = agent
            .delete(app.url("/api/staff/impersonation"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        assert_eq!(events(&erika, "acting_stopped").await, 0);

        sqlx::query("UPDATE customers SET status = 'deceased' WHERE id = $1")
            .bind(&hans)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let res = start(&hans).await;
        assert_eq!(res.status(), 403);
        assert!(
            error_body(res).await["message"]
                .as_str()
                .unwrap()
                .contains("deceased")
        );
    }
);

dual_test!(staff_searches_are_audited, |app: TestApp| async move {
    let agent = app.signed_in("agent@example.com").await;
    let res = agent
        .get(app.url("/api/staff/customers?q=Mustermann"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let hits = res.json::<Value>().await.unwrap()["hits"]
        .as_array()
        .unwrap()
        .len() as i64;
    assert!(hits >= 1);
    let row = sqlx::query(
        "SELECT st.email, s.query, s.hits, s.at FROM staff_searches s JOIN staff st ON st.id = s.staff_id",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(row.get::<String, _>(0), "agent@example.com");
    assert_eq!(row.get::<String, _>(1), "Mustermann");
    assert_eq!(row.get::<i64, _>(2), hits);
    assert_eq!(row.get::<String, _>(3), "2026-11-20T09:00:00.000000Z");
    let long = "x".repeat(201);
    let res = agent
        .get(app.url(&format!("/api/staff/customers?q={long}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(error_body(res).await["field"], "q");
});
