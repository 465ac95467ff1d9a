//! Invitation links: used once, expired after 14 days, void when the transfer is withdrawn, and
//! the token itself only ever in the emailed link (issue 5).
mod common;

use common::transfer::*;
use common::{TestApp, error_body};
use serde_json::json;
use sqlx::Row;
use std::time::Duration;

dual_test!(
    a_used_link_answers_410_and_an_unknown_one_404,
    |app: TestApp| async move {
        let lena = app.signed_in("lena@example.com").await;
        transfer(&app, &lena, NORA, "Nora Neu").await;
        let (_, token) = invitation_email(&app).await;
        let nora = common::browser_client(&app.base);
        let body = json!({"name": "Nora Neu", "password": PASSWORD});
        assert_eq!(
            accept(&app, &nora, &token, body.clone()).await.status(),
            200
        );
        let res = lookup(&app, &common::browser_client(&app.base), &token).await;
        assert_eq!(res.status(), 410);
        assert_eq!(error_body(res).await["code"], "invitation_used");
        let res = accept(&app, &common::browser_client(&app.base), &token, body).await;
        assert_eq!(res.status(), 410);
        assert_eq!(error_body(res).await["code"], "invitation_used");

        let unknown = "0".repeat(64);
        let res = common::browser_client(&app.base)
            .get(app.url(&format!("/api/invitations/{unknown}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        assert_eq!(error_body(res).await["code"], "not_found");
        let res = common::browser_client(&app.base)
            .get(app.url(&format!("/api/invitations/{}", &token[..40])))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "a link cut short");
        assert_eq!(error_body(res).await["field"], "token");
    }
);

dual_test!(an_expired_link_answers_410, |app: TestApp| async move {
    let lena = app.signed_in("lena@example.com").await;
    transfer(&app, &lena, NORA, "Nora Neu").await;
    let (_, token) = invitation_email(&app).await;
    app.clock.advance(Duration::from_secs(15 * 24 * 3600));
    let anonymous = common::browser_client(&app.base);
    let res = lookup(&app, &anonymous, &token).await;
    assert_eq!(res.status(), 410);
    assert_eq!(error_body(res).await["code"], "invitation_expired");
    let res = accept(
        &app,
        &anonymous,
        &token,
        json!({"name": "Nora Neu", "password": PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 410);
    assert_eq!(error_body(res).await["code"], "invitation_expired");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM customers WHERE email = 'nora@example.com'")
            .await,
        0
    );
    assert_eq!(staff_case(&app).await["invitation"]["status"], "expired");
    let res = decide(&app, true).await;
    assert_eq!(error_body(res).await["code"], "invitation_not_accepted");
});

dual_test!(
    withdrawing_the_change_voids_the_invitation,
    |app: TestApp| async move {
        let lena = app.signed_in("lena@example.com").await;
        let change = transfer(&app, &lena, NORA, "Nora Neu").await;
        let (_, token) = invitation_email(&app).await;
        let res = lena
            .delete(app.url(&format!("/api/changes/{change}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM invitations WHERE status = 'withdrawn'")
                .await,
            1
        );
        let anonymous = common::browser_client(&app.base);
        let res = lookup(&app, &anonymous, &token).await;
        assert_eq!(res.status(), 410);
        assert_eq!(error_body(res).await["code"], "invitation_withdrawn");
        let res = accept(
            &app,
            &anonymous,
            &token,
            json!({"name": "Nora Neu", "password": PASSWORD}),
        )
        .await;
        assert_eq!(res.status(), 410);
    }
);

dual_test!(
    the_token_is_only_in_the_emailed_link,
    |app: TestApp| async move {
        let lena = app.signed_in("lena@example.com").await;
        transfer(&app, &lena, NORA, "Nora Neu").await;
        let (email, token) = invitation_email(&app).await;
        assert_eq!(email.matches(token.as_str()).count(), 1, "{email}");
        assert!(email.contains(&format!("/invitation/{token}\n")), "{email}");
        assert!(email.starts_with(&format!("To: {NORA}\n")), "{email}");
        let stored: String = sqlx::query("SELECT token_hash FROM invitations")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap()
            .get(0);
        assert_eq!(
            stored,
            carryover::invitations::token_hash(&app.state.config.secret, &token)
        );
        let everything = app
            .dump(&[
                "invitations",
                "outbox",
                "timeline",
                "changes",
                "cases",
                "idempotency_keys",
                "login_failures",
                "sessions",
                "customers",
            ])
            .await;
        assert!(
            everything.iter().all(|row| !row.contains(&token)),
            "the database never holds the token"
        );
    }
);

dual_test!(
    links_cannot_be_guessed_or_accepted_from_another_site,
    |app: TestApp| async move {
        let lena = app.signed_in("lena@example.com").await;
        transfer(&app, &lena, NORA, "Nora Neu").await;
        let (_, token) = invitation_email(&app).await;
        // Another site's page posting the form: refused before anything happens.
        let res = reqwest::Client::new()
            .post(app.url(&format!("/api/invitations/{token}/accept")))
            .header("origin", "https://evil.example")
            .json(&json!({"name": "Mallory", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(error_body(res).await["code"], "forbidden");
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM invitations WHERE status = 'pending'")
                .await,
            1
        );
        // Unknown links count like wrong passwords: the client is slowed down.
        let guesser = common::browser_client(&app.base);
        for n in 0..20 {
            let res = guesser
                .get(app.url(&format!("/api/invitations/{n:064x}")))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404);
        }
        let res = lookup(&app, &guesser, &token).await;
        assert_eq!(
            res.status(),
            429,
            "even the right link, from this client, for a while"
        );
        assert!(res.headers().contains_key("retry-after"));
        assert_eq!(error_body(res).await["code"], "rate_limited");
    }
);
