//! A transfer of Lena's account to another person, as the tests of invitations drive it.

use super::TestApp;
use serde_json::{Value, json};
use sqlx::Row;

pub const NORA: &str = "nora@example.com";
pub const PASSWORD: &str = "a-good-long-password";

/// The id of the first account `c`'s customer holds.
pub async fn first_account(app: &TestApp, c: &reqwest::Client) -> String {
    let me: Value = c
        .get(app.url("/api/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    me["accounts"][0]["id"].as_str().unwrap().to_string()
}

/// Lena hands her account to `email`; returns the change id (the document uploaded).
pub async fn transfer(app: &TestApp, lena: &reqwest::Client, email: &str, name: &str) -> String {
    let account = first_account(app, lena).await;
    let (_, c) = super::preview_and_commit(
        app,
        lena,
        json!({"kind": "holder", "account_id": account, "reason": "transfer",
               "new_holder_email": email, "new_holder_name": name}),
    )
    .await;
    assert_eq!(c["change"]["status"], "pending_review");
    let id = c["change"]["id"].as_str().unwrap().to_string();
    let res = super::upload_pdf(app, lena, &id).await;
    assert_eq!(res.status(), 201);
    id
}

/// Sends the outbox and returns the invitation email's text and its token.
pub async fn invitation_email(app: &TestApp) -> (String, String) {
    carryover::outbox::deliver_due(&app.state).await.unwrap();
    for entry in std::fs::read_dir(&app.mailbox).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        if let Some((_, rest)) = text.split_once("/invitation/") {
            let token: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
            assert_eq!(token.len(), 64, "{text}");
            return (text, token);
        }
    }
    panic!("no invitation email in {}", app.mailbox.display());
}

/// Nora, invited with `token`, registers and accepts: her browser, signed in.
pub async fn nora_registers(app: &TestApp, token: &str) -> reqwest::Client {
    let nora = super::browser_client(&app.base);
    let res = accept(
        app,
        &nora,
        token,
        json!({"name": "Nora Neu", "password": PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 200);
    nora
}

pub async fn case_id(app: &TestApp) -> String {
    sqlx::query("SELECT id FROM cases WHERE kind = 'holder_change'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .get(0)
}

pub async fn decide(app: &TestApp, approve: bool) -> reqwest::Response {
    let agent = app.signed_in("agent@example.com").await;
    agent
        .post(app.url(&format!("/api/staff/cases/{}/decision", case_id(app).await)))
        .json(&json!({"approve": approve, "reason": "Contract checked"}))
        .send()
        .await
        .unwrap()
}

/// `GET /api/invitations/{token}`, as whoever `c` is.
pub async fn lookup(app: &TestApp, c: &reqwest::Client, token: &str) -> reqwest::Response {
    c.get(app.url(&format!("/api/invitations/{token}")))
        .send()
        .await
        .unwrap()
}

pub async fn accept(
    app: &TestApp,
    c: &reqwest::Client,
    token: &str,
    body: Value,
) -> reqwest::Response {
    c.post(app.url(&format!("/api/invitations/{token}/accept")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

pub async fn staff_case(app: &TestApp) -> Value {
    let agent = app.signed_in("agent@example.com").await;
    agent
        .get(app.url(&format!("/api/staff/cases/{}", case_id(app).await)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
