//! A holder change carries the cards too (issue 11 §1): the leaving holder's cards close in the
//! same transaction, and what paid with them is carried over or cancelled as the customer chose.
mod common;

use common::transfer::{NORA, first_account, invitation_email, transfer};
use common::{TestApp, error_body};
use serde_json::{Value, json};

async fn me(app: &TestApp, c: &reqwest::Client) -> Value {
    c.get(app.url("/api/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn step(plan: &Value, pred: impl Fn(&Value) -> bool) -> &Value {
    plan["plan"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| pred(s))
        .unwrap_or_else(|| panic!("no such step in {plan}"))
}

async fn bereavement_preview(app: &TestApp, erika: &reqwest::Client, cancel: &[&str]) -> Value {
    let account = me(app, erika).await["accounts"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let res = erika
        .post(app.url("/api/changes/preview"))
        .json(&json!({"kind": "holder", "account_id": account, "reason": "bereavement", "cancel": cancel}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn status_of(app: &TestApp, sql: &str) -> String {
    use sqlx::Row;
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .get(0)
}

dual_test!(
    hans_card_closes_and_his_payments_go_as_erika_chose,
    |app: TestApp| async move {
        let erika = app.signed_in("erika@example.com").await;
        let p = bereavement_preview(&app, &erika, &[]).await;
        let card = step(&p, |s| {
            s["dependent_kind"] == "card" && s["action"] == "cancel"
        });
        assert_eq!(card["after"], "closed");
        assert!(card["label"].as_str().unwrap().contains("5100"), "{card}");
        let stream = step(&p, |s| {
            s["label"].as_str().unwrap().starts_with("StreamFlix")
        });
        assert_eq!(stream["action"], "move", "the default loses nothing");
        assert_eq!(stream["choices"], json!(["move", "cancel"]));
        assert_eq!(stream["after"], "New card for Erika Musterfrau");
        let alert = step(&p, |s| s["dependent_kind"] == "alert");
        assert_eq!(alert["action"], "move");
        assert!(alert.get("choices").is_none(), "an alert offers no cancel");
        let new_card = step(&p, |s| s["dependent_id"] == "new_card");
        assert_eq!(new_card["after"], "ordered");

        // Erika ends the streaming subscription and keeps the newspaper.
        let stream_id = stream["dependent_id"].as_str().unwrap().to_string();
        let p = bereavement_preview(&app, &erika, &[&stream_id]).await;
        let stream = step(&p, |s| s["dependent_id"] == stream_id.as_str());
        assert_eq!(stream["action"], "cancel");
        let res = erika
            .post(app.url("/api/changes"))
            .header("idempotency-key", "bereavement")
            .json(&json!({"preview_token": p["preview_token"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let c: Value = res.json().await.unwrap();
        let change = c["change"]["id"].as_str().unwrap();
        assert_eq!(common::upload_pdf(&app, &erika, change).await.status(), 201);
        assert_eq!(
            status_of(&app, "SELECT status FROM cards WHERE last4 = '5100'").await,
            "active",
            "nothing happens before the approval"
        );
        assert_eq!(common::transfer::decide(&app, true).await.status(), 200);

        assert_eq!(
            status_of(&app, "SELECT status FROM cards WHERE last4 = '5100'").await,
            "closed"
        );
        assert_eq!(
            status_of(
                &app,
                "SELECT status FROM recurring_payments WHERE merchant = 'StreamFlix'"
            )
            .await,
            "cancelled"
        );
        let erika_card = "(SELECT id FROM cards WHERE customer_id = (SELECT id FROM customers WHERE email = 'erika@example.com') AND status = 'issued')";
        assert_eq!(
            status_of(
                &app,
                &format!("SELECT status FROM recurring_payments WHERE merchant = 'Kölner Stadt-Anzeiger' AND card_id = {erika_card}")
            )
            .await,
            "waiting_for_card",
            "the newspaper waits for Erika's new card"
        );
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM card_alerts WHERE card_id = {erika_card}"
            ))
            .await,
            1
        );
        let cards = me(&app, &erika).await["cards"].clone();
        assert_eq!(cards.as_array().unwrap().len(), 1, "{cards}");
        assert_eq!(cards[0]["status"], "issued");

        // When the card arrives and Erika activates it, the newspaper is paid with it again.
        let number = "4111111111111111";
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE cards SET pan_hash = $1, expiry = '12/30' WHERE id = {erika_card}"
        )))
        .bind(carryover::crypto::pan_hash(
            &app.state.config.secret,
            number,
        ))
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        let res = erika
            .post(app.url("/api/changes/preview"))
            .json(&json!({"kind": "card_activation", "card_number": number, "expiry": "12/30"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let p: Value = res.json().await.unwrap();
        let paper = step(&p, |s| s["label"].as_str().unwrap().starts_with("Kölner"));
        assert_eq!(
            (paper["action"].as_str(), paper["before"].as_str()),
            (Some("move"), Some("waiting_for_card"))
        );
        let res = erika
            .post(app.url("/api/changes"))
            .header("idempotency-key", "activate")
            .json(&json!({"preview_token": p["preview_token"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        assert_eq!(
            status_of(
                &app,
                "SELECT status FROM recurring_payments WHERE merchant = 'Kölner Stadt-Anzeiger'"
            )
            .await,
            "active"
        );
    }
);

dual_test!(
    a_former_holder_keeps_no_card_on_the_account,
    |app: TestApp| async move {
        let lena = app.signed_in("lena@example.com").await;
        let card_id = me(&app, &lena).await["cards"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let account = first_account(&app, &lena).await;
        transfer(&app, &lena, NORA, "Nora Neu").await;
        let (_, token) = invitation_email(&app).await;
        common::transfer::nora_registers(&app, &token).await;
        assert_eq!(common::transfer::decide(&app, true).await.status(), 200);

        assert_eq!(
            status_of(
                &app,
                &format!("SELECT status FROM cards WHERE id = '{card_id}'")
            )
            .await,
            "closed",
            "Lena's Mastercard closed with the transfer"
        );
        let res = lena
            .post(app.url(&format!("/api/cards/{card_id}/block")))
            .json(&json!({"reason": "lost"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "not her card any more");
        assert_eq!(error_body(res).await["code"], "not_found");
        assert_eq!(me(&app, &lena).await["cards"], json!([]));
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM cards WHERE account_id = '{account}' AND status = 'issued'"
            ))
            .await,
            0,
            "nothing hung on the card, so no card is ordered for Nora"
        );
    }
);
