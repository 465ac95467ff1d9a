//! A transfer to another person: invited by email, they accept (signing in or registering), and
//! only then can staff approve (issue 5).
mod common;

use common::transfer::*;
use common::{TestApp, error_body};
use serde_json::{Value, json};
use sqlx::Row;

dual_test!(
    invite_register_approve_and_the_new_holder_has_the_account,
    |app: TestApp| async move {
        let lena = app.signed_in("lena@example.com").await;
        let account = first_account(&app, &lena).await;
        let res = lena
            .post(app.url("/api/changes/preview"))
            .json(&json!({"kind": "holder", "account_id": account, "reason": "transfer", "new_holder_email": NORA}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert_eq!(
            error_body(res).await["field"],
            "new_holder_name",
            "no account: a name is needed"
        );

        transfer(&app, &lena, NORA, "Nora Neu").await;
        let t: Value = lena
            .get(app.url("/api/timeline"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let sent = t["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "notification")
            .unwrap();
        assert!(
            sent["summary"]
                .as_str()
                .unwrap()
                .contains("no…@example.com"),
            "{sent}"
        );
        assert!(
            !sent.to_string().contains(NORA),
            "the timeline masks the recipient"
        );

        let (_, token) = invitation_email(&app).await;
        let anonymous = common::browser_client(&app.base);
        let v: Value = lookup(&app, &anonymous, &token).await.json().await.unwrap();
        assert_eq!(v["inviter_name"], "Lena Schmidt");
        assert_eq!(v["invitee_name"], "Nora Neu");
        assert_eq!(v["email_masked"], "no…@example.com");
        assert_eq!(v["account_masked"], "DE91 •••• 6789");
        assert_eq!(v["account_exists"], false);
        assert_eq!(v["expires_at"], "2026-12-04T09:00:00.000000Z", "14 days");

        let res = decide(&app, true).await;
        assert_eq!(res.status(), 409);
        assert_eq!(error_body(res).await["code"], "invitation_not_accepted");
        assert_eq!(staff_case(&app).await["invitation"]["status"], "pending");

        let nora = common::browser_client(&app.base);
        let res = accept(&app, &nora, &token, json!({"name": "Nora Neu"})).await;
        assert_eq!(res.status(), 422);
        assert_eq!(error_body(res).await["field"], "password");
        let res = accept(
            &app,
            &nora,
            &token,
            json!({"name": "Nora Neu", "password": "short"}),
        )
        .await;
        assert_eq!(error_body(res).await["field"], "password");
        let res = accept(&app, &nora, &token, json!({"password": PASSWORD})).await;
        assert_eq!(error_body(res).await["field"], "name");
        let res = accept(
            &app,
            &nora,
            &token,
            json!({"name": "Nora  Neu ", "password": PASSWORD, "language": "en"}),
        )
        .await;
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["registered"], true);
        assert_eq!(v["principal"]["name"], "Nora Neu");
        let me: Value = nora
            .get(app.url("/api/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["customer"]["email"], NORA, "signed in at once");
        assert_eq!(
            me["accounts"].as_array().unwrap().len(),
            0,
            "not hers before approval"
        );

        let case = staff_case(&app).await;
        assert_eq!(case["invitation"]["status"], "accepted");
        assert_eq!(case["invitation"]["accepted_by_name"], "Nora Neu");

        let res = decide(&app, true).await;
        assert_eq!(res.status(), 200);

        // Nora signs in again, in a new browser, and sees the account; Lena's access is closed.
        let nora = common::browser_client(&app.base);
        let res = nora
            .post(app.url("/api/auth/login"))
            .json(&json!({"login": NORA, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let me: Value = nora
            .get(app.url("/api/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["accounts"][0]["id"], account.as_str());
        let holders = me["accounts"][0]["holders"].as_array().unwrap();
        let status =
            |name: &str| holders.iter().find(|h| h["name"] == name).unwrap()["status"].clone();
        assert_eq!(status("Nora Neu"), "active");
        assert_eq!(status("Lena Schmidt"), "removed");
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM accounts WHERE statement_name = 'Nora Neu'")
                .await,
            1
        );
        let me: Value = lena
            .get(app.url("/api/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            me["accounts"].as_array().unwrap().len(),
            0,
            "Lena's access to the account is closed"
        );
        let res = lena
            .post(app.url("/api/changes/preview"))
            .json(&json!({"kind": "holder", "account_id": account, "reason": "name_change", "new_name": "Lena Neu"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
    }
);

dual_test!(
    an_existing_customer_accepts_signed_in_and_no_one_else_can,
    |app: TestApp| async move {
        let lena = app.signed_in("lena@example.com").await;
        // Max has an account: Lena names him as she knows him; he keeps his own name.
        transfer(&app, &lena, "MAX@example.com", "Maximilian M").await;
        let (_, token) = invitation_email(&app).await;
        let anonymous = common::browser_client(&app.base);
        let v: Value = lookup(&app, &anonymous, &token).await.json().await.unwrap();
        assert_eq!(v["account_exists"], true);
        assert_eq!(v["invitee_name"], "Maximilian M");
        let res = accept(
            &app,
            &anonymous,
            &token,
            json!({"name": "Max M", "password": PASSWORD}),
        )
        .await;
        assert_eq!(res.status(), 409);
        assert_eq!(error_body(res).await["code"], "account_exists");

        let erika = app.signed_in("erika@example.com").await;
        let res = accept(&app, &erika, &token, json!({})).await;
        assert_eq!(res.status(), 403);
        let e = error_body(res).await;
        assert_eq!(e["code"], "invitation_email_mismatch");
        assert!(
            e["message"].as_str().unwrap().contains("ma…@example.com"),
            "{e}"
        );
        let agent = app.signed_in("agent@example.com").await;
        assert_eq!(accept(&app, &agent, &token, json!({})).await.status(), 403);

        let max = app.signed_in("max@example.com").await;
        let res = accept(&app, &max, &token, json!({})).await;
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["registered"], false);
        assert_eq!(decide(&app, true).await.status(), 200);
        let me: Value = max
            .get(app.url("/api/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            me["accounts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["iban"] == "DE91100000000123456789"),
            "{me}"
        );
        assert_eq!(me["customer"]["name"], "Max Mustermann");
    }
);

dual_test!(
    a_transfer_preview_tells_nothing_about_who_is_a_customer,
    |app: TestApp| async move {
        let lena_id: String =
            sqlx::query("SELECT id FROM customers WHERE email = 'lena@example.com'")
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap()
                .get(0);
        sqlx::query("UPDATE customers SET status = 'deceased' WHERE email = 'hans@example.com'")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let deceased = "hans@example.com".to_string();
        let max = app.signed_in("max@example.com").await;
        let account = first_account(&app, &max).await;
        let preview = async |email: &str, name: Option<&str>| {
            max.post(app.url("/api/changes/preview"))
                .json(
                    &json!({"kind": "holder", "account_id": account, "reason": "transfer",
                              "new_holder_email": email, "new_holder_name": name}),
                )
                .send()
                .await
                .unwrap()
        };
        // Without a name, every email gets the same 422.
        for email in ["lena@example.com", "nobody@example.org", deceased.as_str()] {
            let res = preview(email, None).await;
            assert_eq!(res.status(), 422, "{email}");
            assert_eq!(error_body(res).await["field"], "new_holder_name", "{email}");
        }
        // With one, the same plan: what Max typed and a masked email, nothing we store.
        let mut shapes = Vec::new();
        for email in ["lena@example.com", "nobody@example.org", deceased.as_str()] {
            let res = preview(email, Some("Lena S")).await;
            assert_eq!(res.status(), 200, "{email}");
            let body = res.text().await.unwrap();
            assert!(!body.contains(&lena_id), "{email}: {body}");
            assert!(!body.contains("Schmidt"), "{email}: {body}");
            assert!(!body.contains(email), "the email is masked: {body}");
            let v: Value = serde_json::from_str(&body).unwrap();
            let steps: Vec<(Value, Value, Value)> = v["plan"]["steps"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["dependent_kind"] != "invitation")
                .map(|s| {
                    (
                        s["dependent_kind"].clone(),
                        s["dependent_id"].clone(),
                        s["label"].clone(),
                    )
                })
                .collect();
            shapes.push(steps);
        }
        assert!(shapes.windows(2).all(|w| w[0] == w[1]), "{shapes:?}");

        // Naming many different people is limited; the same person again is not.
        for n in 3..20 {
            assert_eq!(
                preview(&format!("friend{n}@example.org"), Some("A Friend"))
                    .await
                    .status(),
                200
            );
        }
        let res = preview("one-too-many@example.org", Some("A Friend")).await;
        assert_eq!(res.status(), 429);
        assert!(res.headers().contains_key("retry-after"));
        assert_eq!(
            preview("lena@example.com", Some("Lena S")).await.status(),
            200
        );
    }
);

dual_test!(approving_a_transfer_is_atomic, |app: TestApp| async move {
    let lena = app.signed_in("lena@example.com").await;
    transfer(&app, &lena, NORA, "Nora Neu").await;
    let (_, token) = invitation_email(&app).await;
    common::transfer::nora_registers(&app, &token).await;
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
        "invitations",
        "timeline",
        "outbox",
    ];
    let failures = app
        .fail_each_step_until_it_succeeds(&tables, |_| decide(&app, true))
        .await;
    assert!(failures >= 4, "{failures}");
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM account_holders h JOIN customers c ON c.id = h.customer_id \
                    WHERE c.email = 'nora@example.com' AND h.status = 'active'"
        )
        .await,
        1
    );
});
