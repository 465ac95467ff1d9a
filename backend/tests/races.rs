//! One winner in every race (issue 11 §2, §4): a cancel and an approval, a cancel and the
//! scheduler, fired together round after round. Whoever wins, the other answers 409
//! `change_state_changed` and writes nothing: the effects happened exactly when the change says
//! so, and every transition has exactly one timeline entry.
mod common;

use common::transfer::first_account;
use common::{TestApp, error_body};
use serde_json::{Value, json};
use sqlx::Row;

const ROUNDS: usize = 200;

/// A name with no digits (names refuse them): round 0 → "Lena Ab", 1 → "Lena Ac" …
fn name_for(round: usize) -> String {
    let letters = b"bcdfghjklmnpqrstvwxz";
    let (hi, lo) = (round / letters.len(), round % letters.len());
    format!("Lena {}a{}", (b'A' + hi as u8) as char, letters[lo] as char)
}

async fn text(app: &TestApp, sql: &str, id: &str) -> String {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .get(0)
}

/// Timeline entries that name this change.
async fn entries(app: &TestApp, change_id: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM timeline WHERE data LIKE '%{change_id}%'"
    ))
    .await
}

/// Lena asks to be named `name`; returns the change id, its document uploaded.
async fn name_change(app: &TestApp, lena: &reqwest::Client, account: &str, name: &str) -> String {
    let (_, c) = common::preview_and_commit(
        app,
        lena,
        json!({"kind": "holder", "account_id": account, "reason": "name_change", "new_name": name}),
    )
    .await;
    let id = c["change"]["id"].as_str().unwrap().to_string();
    let res = common::upload_pdf(app, lena, &id).await;
    assert_eq!(res.status(), 201);
    id
}

/// Max moves to `street` in Hamburg on 1 December: the scheduled change's id.
async fn schedule_move(app: &TestApp, street: &str) -> String {
    let address =
        json!({"street": street, "postal_code": "20095", "city": "Hamburg", "country": "DE"});
    let (_, c) = common::preview_and_commit(
        app,
        &app.client,
        json!({"kind": "address", "address": address, "effective_on": "2026-12-01"}),
    )
    .await;
    assert_eq!(c["change"]["status"], "scheduled");
    c["change"]["id"].as_str().unwrap().to_string()
}

/// The loser's answer: 409 `change_state_changed`, naming the state it lost to.
async fn lost(res: reqwest::Response, to: &[&str]) {
    assert_eq!(res.status(), 409);
    let e = error_body(res).await;
    assert_eq!(e["code"], "change_state_changed", "{e}");
    let status = e["details"]["status"].as_str().unwrap_or_default();
    assert!(
        to.contains(&status),
        "lost to {status}, expected one of {to:?}"
    );
}

dual_test!(
    a_cancel_and_an_approval_fired_together_have_one_winner,
    |app: TestApp| async move {
        let lena = app.signed_in("lena@example.com").await;
        let agent = app.signed_in("agent@example.com").await;
        let account = first_account(&app, &lena).await;
        let (mut cancelled, mut approved) = (0, 0);
        for round in 0..ROUNDS {
            let name = name_for(round);
            let id = name_change(&app, &lena, &account, &name).await;
            let case = text(&app, "SELECT id FROM cases WHERE change_id = $1", &id).await;
            let before = entries(&app, &id).await;
            let old_name = text(
                &app,
                "SELECT name FROM customers WHERE email = $1",
                "lena@example.com",
            )
            .await;

            let cancel = lena.delete(app.url(&format!("/api/changes/{id}"))).send();
            let approve = agent
                .post(app.url(&format!("/api/staff/cases/{case}/decision")))
                .json(&json!({"approve": true, "reason": "Certificate checked"}))
                .send();
            let (cancel, approve) = tokio::join!(cancel, approve);
            let (cancel, approve) = (cancel.unwrap(), approve.unwrap());
            match (cancel.status().as_u16(), approve.status().as_u16()) {
                (200, 409) => {
                    cancelled += 1;
                    lost(approve, &["cancelled", "withdrawn"]).await;
                }
                (409, 200) => {
                    approved += 1;
                    lost(cancel, &["completed"]).await;
                }
                other => panic!("round {round}: cancel and approve answered {other:?}"),
            }

            let change = text(&app, "SELECT status FROM changes WHERE id = $1", &id).await;
            let case_status = text(&app, "SELECT status FROM cases WHERE id = $1", &case).await;
            let now_name = text(
                &app,
                "SELECT name FROM customers WHERE email = $1",
                "lena@example.com",
            )
            .await;
            match change.as_str() {
                "completed" => {
                    assert_eq!(case_status, "approved", "round {round}");
                    assert_eq!(now_name, name, "round {round}: approved, so renamed");
                }
                "cancelled" => {
                    assert_eq!(case_status, "withdrawn", "round {round}");
                    assert_eq!(
                        now_name, old_name,
                        "round {round}: cancelled, so not renamed"
                    );
                }
                other => panic!("round {round}: change ended {other}"),
            }
            assert_eq!(
                entries(&app, &id).await,
                before + 1,
                "round {round}: one timeline entry for the one transition"
            );
        }
        assert_eq!(cancelled + approved, ROUNDS);
        eprintln!("{ROUNDS} rounds: {cancelled} cancelled first, {approved} approved first");
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) FROM cases WHERE status = 'open' AND kind = 'holder_change'"
            )
            .await,
            0,
            "no case left open by a race"
        );
    }
);

dual_test!(
    a_cancel_racing_the_scheduler_has_one_winner,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let (mut cancelled, mut applied) = (0, 0);
        for round in 0..ROUNDS {
            let street = format!("Neue Straße {}", round + 1);
            let id = schedule_move(&app, &street).await;
            // Falls due today (the date is in the stored request too).
            sqlx::query(
                "UPDATE changes SET effective_on = '2026-11-20', \
                         request = REPLACE(request, '2026-12-01', '2026-11-20') WHERE id = $1",
            )
            .bind(&id)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
            let before = entries(&app, &id).await;

            let cancel = app
                .client
                .delete(app.url(&format!("/api/changes/{id}")))
                .send();
            let scheduler = carryover::scheduler::run_due(&app.state);
            let (cancel, ran) = tokio::join!(cancel, scheduler);
            let (cancel, ran) = (cancel.unwrap(), ran.unwrap());
            let change = text(&app, "SELECT status FROM changes WHERE id = $1", &id).await;
            let me: Value = app.get("/api/me").await.json().await.unwrap();
            let home = me["customer"]["address"]["street"]
                .as_str()
                .unwrap()
                .to_string();
            if cancel.status() == 200 {
                cancelled += 1;
                assert_eq!(ran, 0, "round {round}: cancelled, so nothing to apply");
                assert_eq!(change, "cancelled");
                assert_ne!(home, street, "round {round}: cancelled, so not moved");
            } else {
                applied += 1;
                assert_eq!(ran, 1, "round {round}");
                lost(cancel, &["completed"]).await;
                assert_eq!(change, "completed");
                assert_eq!(home, street, "round {round}: applied, so moved");
            }
            assert_eq!(
                entries(&app, &id).await,
                before + 1,
                "round {round}: one timeline entry for the one transition"
            );
        }
        eprintln!("{ROUNDS} rounds: {cancelled} cancelled first, {applied} applied first");
    }
);

dual_test!(
    a_stale_if_match_is_412_and_the_current_one_passes,
    |app: TestApp| async move {
        app.login_ok("max@example.com").await;
        let id = schedule_move(&app, "Neue Straße 5").await;
        let res = app.get(&format!("/api/changes/{id}")).await;
        let etag = res.headers()["etag"].to_str().unwrap().to_string();
        let body: Value = res.json().await.unwrap();
        assert_eq!(etag, format!("\"{}\"", body["change"]["version"]));

        for stale in ["\"0\"", "W/\"1\"", "\"999\""] {
            let res = app
                .client
                .delete(app.url(&format!("/api/changes/{id}")))
                .header("if-match", stale)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 412, "{stale}");
            let e = error_body(res).await;
            assert_eq!(e["code"], "version_mismatch");
            assert_eq!(e["field"], "If-Match");
            assert_eq!(e["details"]["etag"], etag.as_str());
        }
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM changes WHERE id = '{id}' AND status = 'scheduled'"
            ))
            .await,
            1,
            "a stale If-Match wrote nothing"
        );
        let res = app
            .client
            .delete(app.url(&format!("/api/changes/{id}")))
            .header("if-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["change"]["status"], "cancelled");
        // Cancelled twice: the second finds it cancelled and says so.
        let res = app
            .client
            .delete(app.url(&format!("/api/changes/{id}")))
            .send()
            .await
            .unwrap();
        lost(res, &["cancelled"]).await;
    }
);

dual_test!(
    a_decision_on_a_case_that_moved_on_is_412,
    |app: TestApp| async move {
        let lena = app.signed_in("lena@example.com").await;
        let agent = app.signed_in("agent@example.com").await;
        let account = first_account(&app, &lena).await;
        let id = name_change(&app, &lena, &account, "Lena Neu").await;
        let case = text(&app, "SELECT id FROM cases WHERE change_id = $1", &id).await;
        let read = |agent: &reqwest::Client| {
            agent
                .get(app.url(&format!("/api/staff/cases/{case}")))
                .send()
        };
        let res = read(&agent).await.unwrap();
        assert_eq!(res.status(), 200);
        let seen = res.headers()["etag"].to_str().unwrap().to_string();
        // Lena adds a second document after the agent opened the case.
        assert_eq!(common::upload_pdf(&app, &lena, &id).await.status(), 201);
        let decide = |etag: String| {
            agent
                .post(app.url(&format!("/api/staff/cases/{case}/decision")))
                .header("if-match", etag)
                .json(&json!({"approve": true, "reason": "Certificate checked"}))
                .send()
        };
        let res = decide(seen.clone()).await.unwrap();
        assert_eq!(res.status(), 412);
        assert_eq!(error_body(res).await["code"], "version_mismatch");
        assert_eq!(
            text(&app, "SELECT status FROM changes WHERE id = $1", &id).await,
            "pending_review",
            "nothing decided on what the agent did not see"
        );
        let fresh = read(&agent).await.unwrap().headers()["etag"]
            .to_str()
            .unwrap()
            .to_string();
        assert_ne!(fresh, seen);
        let res = decide(fresh).await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            text(&app, "SELECT status FROM changes WHERE id = $1", &id).await,
            "completed"
        );
    }
);

dual_test!(
    an_account_has_at_most_one_open_holder_change,
    |app: TestApp| async move {
        let lena = app.signed_in("lena@example.com").await;
        let account = first_account(&app, &lena).await;
        // The same preview committed with three keys at once, and a second preview after.
        let res = lena
            .post(app.url("/api/changes/preview"))
            .json(&json!({"kind": "holder", "account_id": account, "reason": "name_change", "new_name": "Lena Neu"}))
            .send()
            .await
            .unwrap();
        let p: Value = res.json().await.unwrap();
        let commit = || {
            lena.post(app.url("/api/changes"))
                .header("idempotency-key", uuid::Uuid::new_v4().to_string())
                .json(&json!({"preview_token": p["preview_token"]}))
                .send()
        };
        let (a, b, c) = tokio::join!(commit(), commit(), commit());
        let mut statuses: Vec<u16> = Vec::new();
        let mut open_id = None;
        for res in [a.unwrap(), b.unwrap(), c.unwrap()] {
            statuses.push(res.status().as_u16());
            if res.status() == 201 {
                let v: Value = res.json().await.unwrap();
                open_id = Some(v["change"]["id"].as_str().unwrap().to_string());
            } else {
                assert_eq!(res.status(), 409);
                let e = error_body(res).await;
                assert_eq!(e["code"], "change_pending", "{e}");
                assert!(e["details"]["change_id"].is_string(), "{e}");
            }
        }
        statuses.sort();
        assert_eq!(statuses, [201, 409, 409]);
        let open_id = open_id.unwrap();
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) FROM cases WHERE kind = 'holder_change' AND status = 'open'"
            )
            .await,
            1
        );
        // Withdrawn, the account is free for the next one.
        let res = lena
            .delete(app.url(&format!("/api/changes/{open_id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        name_change(&app, &lena, &account, "Lena Neu").await;
    }
);

dual_test!(
    a_customer_sends_at_most_five_invitations_a_day,
    |app: TestApp| async move {
        let lena = app.signed_in("lena@example.com").await;
        let account = first_account(&app, &lena).await;
        let transfer = |lena: reqwest::Client, n: usize| {
            let account = &account;
            let app = &app;
            async move {
                let res = lena
                    .post(app.url("/api/changes/preview"))
                    .json(
                        &json!({"kind": "holder", "account_id": account, "reason": "transfer",
                                  "new_holder_email": format!("friend{n}@example.org"),
                                  "new_holder_name": "Nora Neu"}),
                    )
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
                let p: Value = res.json().await.unwrap();
                lena.post(app.url("/api/changes"))
                    .header("idempotency-key", uuid::Uuid::new_v4().to_string())
                    .json(&json!({"preview_token": p["preview_token"]}))
                    .send()
                    .await
                    .unwrap()
            }
        };
        for n in 0..5 {
            let res = transfer(lena.clone(), n).await;
            assert_eq!(res.status(), 201, "invitation {n}");
            let v: Value = res.json().await.unwrap();
            let id = v["change"]["id"].as_str().unwrap();
            let res = lena
                .delete(app.url(&format!("/api/changes/{id}")))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
        }
        let res = transfer(lena.clone(), 5).await;
        assert_eq!(res.status(), 429);
        let wait: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=86_400).contains(&wait), "{wait}");
        assert_eq!(error_body(res).await["code"], "rate_limited");
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM invitations").await,
            5,
            "the sixth wrote nothing"
        );
        // A day after the first, there is room again.
        app.clock
            .advance(std::time::Duration::from_secs(86_400 + 60));
        let lena = app.signed_in("lena@example.com").await;
        assert_eq!(transfer(lena, 6).await.status(), 201);
    }
);
