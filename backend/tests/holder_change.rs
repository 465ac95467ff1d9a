//! Story 004 replayed: a widow puts the joint account in her name without false arrears.
mod common;

use common::{TestApp, error_body};
use serde_json::{Value, json};
use sqlx::Row;
use std::time::Duration;

async fn submit(app: &TestApp, c: &reqwest::Client) -> (Value, Value) {
    let me: Value = c
        .get(app.url("/api/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let account = me["accounts"][0]["id"].as_str().unwrap().to_string();
    common::preview_and_commit(
        app,
        c,
        json!({"kind": "holder", "account_id": account, "reason": "bereavement"}),
    )
    .await
}

async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    change_id: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    c.post(app.url(&format!("/api/changes/{change_id}/documents")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n% death certificate\n".to_vec()
}

async fn case_id(app: &TestApp) -> String {
    sqlx::query("SELECT id FROM cases WHERE kind = 'holder_change'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .get(0)
}

dual_test!(
    story_004_erika_becomes_sole_holder_without_false_arrears,
    |app: TestApp| async move {
        let erika = app.signed_in("erika@example.com").await;
        let (p, c) = submit(&app, &erika).await;
        let steps = p["plan"]["steps"].as_array().unwrap();
        assert!(
            steps
                .iter()
                .any(|s| s["dependent_kind"] == "online_access" && s["action"] == "cancel")
        );
        assert!(
            steps
                .iter()
                .any(|s| s["dependent_kind"] == "payment_history" && s["action"] == "keep")
        );
        assert_eq!(c["change"]["status"], "pending_review");
        let change_id = c["change"]["id"].as_str().unwrap().to_string();

        let me: Value = erika
            .get(app.url("/api/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["cases"][0]["status"], "open");
        assert_eq!(
            me["cases"][0]["due_at"], "2026-11-24T09:00:00.000000Z",
            "two business days from a Friday"
        );
        // While pending nothing breaks: Hans can still sign in, the standing order still runs.
        app.signed_in("hans@example.com").await;
        assert_eq!(me["standing_orders"][0]["status"], "active");

        assert_eq!(
            upload(&app, &erika, &change_id, "sterbeurkunde.pdf", pdf())
                .await
                .status(),
            201
        );
        let agent = app.signed_in("agent@example.com").await;
        let case = case_id(&app).await;
        let res = agent
            .post(app.url(&format!("/api/staff/cases/{case}/decision")))
            .json(&json!({"approve": true, "reason": "Certificate checked"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);

        let me: Value = erika
            .get(app.url("/api/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let holders = me["accounts"][0]["holders"].as_array().unwrap();
        let hans = holders
            .iter()
            .find(|h| h["name"] == "Hans Musterfrau")
            .unwrap();
        assert_eq!(hans["status"], "deceased");
        assert_eq!(
            me["standing_orders"].as_array().unwrap().len(),
            1,
            "the rent standing order is intact"
        );
        assert_eq!(
            me["mandates"].as_array().unwrap().len(),
            2,
            "both mandates are intact"
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM mandates WHERE debtor_name = 'Erika Musterfrau'")
                .await,
            2
        );
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) FROM standing_orders WHERE originator_name = 'Erika Musterfrau'"
            )
            .await,
            1
        );
        let res = common::browser_client(&app.base)
            .post(app.url("/api/auth/login"))
            .json(&json!({"login": "hans@example.com", "password": "carryover-demo"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "Hans's sign-in is closed");
        assert_eq!(
            carryover::arrears::check_all(&app.state).await.unwrap(),
            0,
            "paid up: no arrears notice"
        );
        assert_eq!(app.scalar("SELECT COUNT(*) FROM arrears_notices").await, 0);
    }
);

dual_test!(a_real_arrears_gets_one_notice, |app: TestApp| async move {
    sqlx::query("INSERT INTO account_dues (id, account_id, description, amount, currency, due_on, created_at) \
                 SELECT 'due-x', id, 'Kontoführung', '6.90', 'EUR', '2026-11-01', '2026-11-01T00:00:00.000000Z' FROM accounts WHERE iban = 'DE91100000000123456789'")
        .execute(&app.state.db.pool).await.unwrap();
    assert_eq!(carryover::arrears::check_all(&app.state).await.unwrap(), 1);
    assert_eq!(
        carryover::arrears::check_all(&app.state).await.unwrap(),
        0,
        "one notice, not one a day"
    );
    let amount: String = sqlx::query("SELECT amount FROM arrears_notices")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(amount, "6.90");
});

dual_test!(
    uploads_are_checked_by_content_and_size,
    |app: TestApp| async move {
        let erika = app.signed_in("erika@example.com").await;
        let (_, c) = submit(&app, &erika).await;
        let id = c["change"]["id"].as_str().unwrap().to_string();
        let res = upload(
            &app,
            &erika,
            &id,
            "certificate.pdf",
            b"MZ\x90\x00\x03 renamed executable".to_vec(),
        )
        .await;
        assert_eq!(res.status(), 422);
        assert_eq!(error_body(res).await["field"], "file");
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        png.extend([0u8; 100]);
        let res = upload(&app, &erika, &id, "scan.png", png).await;
        assert_eq!(res.status(), 201);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["content_type"], "image/png");
        assert_eq!(v["sha256"].as_str().unwrap().len(), 64);
        let mut big = pdf();
        big.resize(10 * 1024 * 1024 + 1, b'x');
        let res = upload(&app, &erika, &id, "big.pdf", big).await;
        assert_eq!(res.status(), 413);
        assert_eq!(error_body(res).await["code"], "too_large");
        let lena = app.signed_in("lena@example.com").await;
        assert_eq!(upload(&app, &lena, &id, "x.pdf", pdf()).await.status(), 404);
        let agent = app.signed_in("agent@example.com").await;
        let doc = v["id"].as_str().unwrap();
        let res = agent
            .get(app.url(&format!("/api/staff/documents/{doc}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "image/png");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        // Framed by the case page (same origin) and nowhere else; it loads nothing but itself.
        let csp = res.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
        assert!(csp.contains("default-src 'none'"), "{csp}");
    }
);

dual_test!(
    a_change_takes_ten_documents_and_no_stray_files,
    |app: TestApp| async move {
        let erika = app.signed_in("erika@example.com").await;
        let (_, c) = submit(&app, &erika).await;
        let id = c["change"]["id"].as_str().unwrap().to_string();
        // Ten at once: the count is checked in the recording transaction, so none slips past.
        let mut uploads = tokio::task::JoinSet::new();
        for n in 0..12 {
            let (erika, url) = (
                erika.clone(),
                app.url(&format!("/api/changes/{id}/documents")),
            );
            let mut doc = pdf();
            doc.extend(format!("page {n}").bytes());
            uploads.spawn(async move {
                let part = reqwest::multipart::Part::bytes(doc).file_name(format!("page-{n}.pdf"));
                let form = reqwest::multipart::Form::new().part("file", part);
                erika
                    .post(url)
                    .multipart(form)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            });
        }
        let statuses = uploads.join_all().await;
        assert_eq!(
            statuses.iter().filter(|s| **s == 201).count(),
            10,
            "{statuses:?}"
        );
        assert_eq!(
            statuses.iter().filter(|s| **s == 422).count(),
            2,
            "{statuses:?}"
        );
        let res = upload(&app, &erika, &id, "eleventh.pdf", pdf()).await;
        assert_eq!(res.status(), 422);
        assert!(
            error_body(res).await["message"]
                .as_str()
                .unwrap()
                .contains("10")
        );
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM change_documents WHERE change_id = '{id}'"
            ))
            .await,
            10
        );
        // Every stored file has its final name: no temporary file is left behind.
        let dir = app.mailbox.with_file_name("documents");
        let stray: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(stray.is_empty(), "{stray:?}");
    }
);

dual_test!(
    four_eyes_and_rejection_with_a_reason,
    |app: TestApp| async move {
        let agent = app.signed_in("agent@example.com").await;
        let erika_id: String =
            sqlx::query("SELECT id FROM customers WHERE email = 'erika@example.com'")
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap()
                .get(0);
        let res = agent
            .post(app.url("/api/staff/impersonation"))
            .json(&json!({"customer_id": erika_id, "reason": "Erika called, husband died"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let (_, c) = submit(&app, &agent).await;
        upload(
            &app,
            &agent,
            c["change"]["id"].as_str().unwrap(),
            "cert.pdf",
            pdf(),
        )
        .await;
        agent
            .delete(app.url("/api/staff/impersonation"))
            .send()
            .await
            .unwrap();
        let case = case_id(&app).await;
        let res = agent
            .post(app.url(&format!("/api/staff/cases/{case}/decision")))
            .json(&json!({"approve": true, "reason": "Looks fine"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "not the submitter");
        let supervisor = app.signed_in("supervisor@example.com").await;
        let res = supervisor
            .post(app.url(&format!("/api/staff/cases/{case}/decision")))
            .json(&json!({"approve": false, "reason": "The certificate is not readable"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["status"], "rejected");
        let erika = app.signed_in("erika@example.com").await;
        let t: Value = erika
            .get(app.url("/api/timeline"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            t["entries"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["summary"].as_str().unwrap().contains("not readable")),
            "the customer sees why"
        );
        let res = supervisor
            .post(app.url(&format!("/api/staff/cases/{case}/decision")))
            .json(&json!({"approve": true, "reason": "again"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
    }
);

dual_test!(
    a_late_case_is_escalated_and_the_customer_told,
    |app: TestApp| async move {
        let erika = app.signed_in("erika@example.com").await;
        submit(&app, &erika).await;
        assert_eq!(
            carryover::staff::cases::escalate_overdue(&app.state)
                .await
                .unwrap(),
            0
        );
        app.clock.advance(Duration::from_secs(5 * 24 * 3600));
        assert_eq!(
            carryover::staff::cases::escalate_overdue(&app.state)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            carryover::staff::cases::escalate_overdue(&app.state)
                .await
                .unwrap(),
            0
        );
        let supervisor = app.signed_in("supervisor@example.com").await;
        let v: Value = supervisor
            .get(app.url("/api/staff/cases?status=overdue"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(v["cases"].as_array().unwrap().len(), 1);
        assert_eq!(v["cases"][0]["overdue"], true);
        let erika = app.signed_in("erika@example.com").await;
        let t: Value = erika
            .get(app.url("/api/timeline"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            t["entries"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["summary"].as_str().unwrap().starts_with("We are late"))
        );
    }
);

dual_test!(approval_is_atomic, |app: TestApp| async move {
    let erika = app.signed_in("erika@example.com").await;
    let (_, c) = submit(&app, &erika).await;
    upload(
        &app,
        &erika,
        c["change"]["id"].as_str().unwrap(),
        "cert.pdf",
        pdf(),
    )
    .await;
    let agent = app.signed_in("agent@example.com").await;
    let case = case_id(&app).await;
    let tables = [
        "accounts",
        "account_holders",
        "standing_orders",
        "mandates",
        "contracts",
        "credentials",
        "customers",
        "cases",
        "changes",
        "timeline",
        "outbox",
    ];
    let failures = app
        .fail_each_step_until_it_succeeds(&tables, |_| {
            let (app, agent, case) = (&app, &agent, &case);
            async move {
                agent
                    .post(app.url(&format!("/api/staff/cases/{case}/decision")))
                    .json(&json!({"approve": true, "reason": "Certificate checked"}))
                    .send()
                    .await
                    .unwrap()
            }
        })
        .await;
    assert!(failures >= 5, "{failures}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM account_holders WHERE status = 'deceased'")
            .await,
        1
    );
});

dual_test!(
    a_pending_change_can_be_withdrawn,
    |app: TestApp| async move {
        let erika = app.signed_in("erika@example.com").await;
        let (_, c) = submit(&app, &erika).await;
        let id = c["change"]["id"].as_str().unwrap();
        let res = erika
            .delete(app.url(&format!("/api/changes/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM cases WHERE status = 'withdrawn'")
                .await,
            1
        );
    }
);
