mod common;

use common::{TestApp, error_body, session_cookie_pair, session_set_cookie};
use std::time::Duration;

dual_test!(
    signs_in_by_email_and_by_customer_number,
    |app: TestApp| async move {
        let body = app.login_ok("max@example.com").await;
        assert_eq!(body["principal"]["kind"], "customer");
        assert_eq!(body["principal"]["name"], "Max Mustermann");
        let other = common::browser_client(&app.base);
        let res = other
            .post(app.url("/api/auth/login"))
            .json(&serde_json::json!({"login": "1000 0000 16", "password": "carryover-demo"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
);

dual_test!(
    staff_sign_in_at_the_same_endpoint,
    |app: TestApp| async move {
        let body = app.login_ok("agent@example.com").await;
        assert_eq!(body["principal"]["kind"], "staff");
        assert_eq!(body["principal"]["role"], "agent");
        // Staff not acting for anyone have no customer overview.
        let res = app.get("/api/me").await;
        assert_eq!(res.status(), 403);
        assert_eq!(error_body(res).await["code"], "forbidden");
    }
);

dual_test!(
    session_cookie_is_httponly_and_strict,
    |app: TestApp| async move {
        let res = app.login("max@example.com", "carryover-demo").await;
        let cookie = session_set_cookie(&res);
        assert!(cookie.starts_with("carryover_session="), "{cookie}");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(cookie.contains("Path=/"), "{cookie}");
        // Not Secure in dev over plain http, or the browser would drop it.
        assert!(!cookie.contains("Secure"), "{cookie}");
    }
);

// The browser app's one readable cookie says "signed in" and nothing else; signing out
// removes it with the session's.
dual_test!(
    a_readable_hint_comes_and_goes_with_the_session,
    |app: TestApp| async move {
        let set_cookies = |res: &reqwest::Response| -> Vec<String> {
            res.headers()
                .get_all("set-cookie")
                .iter()
                .map(|v| v.to_str().unwrap().to_string())
                .collect()
        };
        let res = app.login("max@example.com", "carryover-demo").await;
        let cookies = set_cookies(&res);
        let hint = cookies
            .iter()
            .find(|c| c.starts_with("carryover_signed_in="))
            .unwrap_or_else(|| panic!("no hint in {cookies:?}"));
        assert!(hint.starts_with("carryover_signed_in=1;"), "{hint}");
        assert!(!hint.contains("HttpOnly"), "{hint}");
        assert!(hint.contains("SameSite=Strict"), "{hint}");
        assert!(hint.contains("Path=/"), "{hint}");

        let res = app.post("/api/auth/logout", serde_json::json!({})).await;
        assert_eq!(res.status(), 204);
        let cookies = set_cookies(&res);
        for name in ["carryover_session=", "carryover_signed_in="] {
            let removal = cookies
                .iter()
                .find(|c| c.starts_with(name))
                .unwrap_or_else(|| panic!("{name} not removed: {cookies:?}"));
            assert!(removal.contains("Max-Age=0"), "{removal}");
        }
    }
);

dual_test!(
    wrong_password_and_unknown_login_look_the_same,
    |app: TestApp| async move {
        let wrong = app.login("max@example.com", "nope").await;
        assert_eq!(wrong.status(), 401);
        let wrong = error_body(wrong).await;
        let unknown = error_body(app.login("nobody@example.com", "nope").await).await;
        assert_eq!(wrong["code"], "unauthenticated");
        assert_eq!(wrong["message"], unknown["message"]);
    }
);

dual_test!(malformed_input_names_the_field, |app: TestApp| async move {
    let res = app.login("", "x").await;
    assert_eq!(res.status(), 422);
    let e = error_body(res).await;
    assert_eq!(e["code"], "invalid_input");
    assert_eq!(e["field"], "login");
    let e = error_body(app.login("4000 0566 5566 5556", "x").await).await;
    assert_eq!(e["field"], "login");
    assert!(e["message"].as_str().unwrap().contains("card number"));
    let e = error_body(app.login("max@example.com", "").await).await;
    assert_eq!(e["field"], "password");
    let res = app
        .client
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(error_body(res).await["field"], "body");
});

dual_test!(
    repeated_failures_are_rate_limited_per_account,
    |app: TestApp| async move {
        for _ in 0..5 {
            assert_eq!(app.login("max@example.com", "wrong").await.status(), 401);
        }
        let res = app.login("max@example.com", "carryover-demo").await;
        assert_eq!(res.status(), 429, "even the right password waits");
        let retry: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(retry > 0 && retry <= 15 * 60, "{retry}");
        assert_eq!(error_body(res).await["code"], "rate_limited");
        // Another account from the same client is not locked out by Max's failures.
        assert_eq!(
            app.login("lena@example.com", "carryover-demo")
                .await
                .status(),
            200
        );
        // After the window the account may try again.
        app.clock.advance(Duration::from_secs(15 * 60 + 1));
        assert_eq!(
            app.login("max@example.com", "carryover-demo")
                .await
                .status(),
            200
        );
    }
);

dual_test!(
    every_spelling_of_an_account_shares_its_limit,
    |app: TestApp| async move {
        let number: String =
            sqlx::query("SELECT number FROM customers WHERE email = 'max@example.com'")
                .fetch_one(&app.state.db.pool)
                .await
                .map(|r| sqlx::Row::get(&r, 0))
                .unwrap();
        let spaced = format!("{} {} {}", &number[..4], &number[4..8], &number[8..]);
        let dashed = format!("{}-{}", &number[..1], &number[1..]);
        for login in [
            number.as_str(),
            &spaced,
            &dashed,
            "MAX@example.com",
            " max@example.com ",
        ] {
            assert_eq!(app.login(login, "wrong").await.status(), 401, "{login}");
        }
        for login in [number.as_str(), &spaced, &dashed, "max@example.com"] {
            let res = app.login(login, "carryover-demo").await;
            assert_eq!(res.status(), 429, "{login} is the same account");
        }
    }
);

dual_test!(
    a_parallel_burst_gets_no_more_password_checks_than_allowed,
    |app: TestApp| async move {
        let mut attempts = tokio::task::JoinSet::new();
        for _ in 0..30 {
            let c = common::browser_client(&app.base);
            let url = app.url("/api/auth/login");
            attempts.spawn(async move {
                c.post(url)
                    .json(&serde_json::json!({"login": "max@example.com", "password": "wrong"}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            });
        }
        let statuses = attempts.join_all().await;
        let checked = statuses.iter().filter(|s| **s == 401).count();
        let limited = statuses.iter().filter(|s| **s == 429).count();
        assert_eq!(checked + limited, 30, "{statuses:?}");
        assert_eq!(
            checked, 5,
            "exactly the allowed number of password checks: {statuses:?}"
        );
    }
);

dual_test!(
    failures_are_rate_limited_per_client,
    |app: TestApp| async move {
        for i in 0..20 {
            let res = app.login(&format!("user{i}@example.com"), "wrong").await;
            assert_eq!(res.status(), 401);
        }
        assert_eq!(
            app.login("lena@example.com", "carryover-demo")
                .await
                .status(),
            429
        );
    }
);

dual_test!(logout_kills_the_server_session, |app: TestApp| async move {
    let res = app.login("max@example.com", "carryover-demo").await;
    let cookie = session_cookie_pair(&res);
    assert_eq!(app.get("/api/me").await.status(), 200);
    assert_eq!(
        app.post("/api/auth/logout", serde_json::json!({}))
            .await
            .status(),
        204
    );
    assert_eq!(app.get("/api/me").await.status(), 401);
    // Replaying the old cookie does not bring the session back.
    let replay = reqwest::Client::new()
        .get(app.url("/api/me"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 401);
});

dual_test!(login_rotates_the_session_id, |app: TestApp| async move {
    let first = app.login("max@example.com", "carryover-demo").await;
    let first = session_cookie_pair(&first);
    let second = app.login("max@example.com", "carryover-demo").await;
    let second = session_cookie_pair(&second);
    assert_ne!(first, second);
    let old = reqwest::Client::new()
        .get(app.url("/api/me"))
        .header("cookie", first)
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 401, "the session before the new login ended");
});

dual_test!(idle_and_absolute_timeouts, |app: TestApp| async move {
    app.login_ok("max@example.com").await;
    app.clock.advance(Duration::from_secs(29 * 60));
    assert_eq!(
        app.get("/api/me").await.status(),
        200,
        "activity extends the idle deadline"
    );
    app.clock.advance(Duration::from_secs(29 * 60));
    assert_eq!(app.get("/api/me").await.status(), 200);
    app.clock.advance(Duration::from_secs(31 * 60));
    let res = app.get("/api/me").await;
    assert_eq!(res.status(), 401, "idle for more than 30 minutes");
    assert_eq!(error_body(res).await["code"], "unauthenticated");

    app.login_ok("max@example.com").await;
    for _ in 0..25 {
        app.clock.advance(Duration::from_secs(29 * 60));
        if app.get("/api/me").await.status() != 200 {
            break;
        }
    }
    // 25 × 29 min > 12 h: the absolute limit ended it although it was never idle.
    assert_eq!(app.get("/api/me").await.status(), 401);
});

dual_test!(
    staff_sessions_idle_out_after_15_minutes,
    |app: TestApp| async move {
        app.login_ok("agent@example.com").await;
        app.clock.advance(Duration::from_secs(16 * 60));
        assert_eq!(app.get("/api/auth/session").await.status(), 401);
    }
);

dual_test!(reauth_checks_the_password, |app: TestApp| async move {
    app.login_ok("max@example.com").await;
    let res = app
        .post("/api/auth/reauth", serde_json::json!({"password": "wrong"}))
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_body(res).await["field"], "password");
    let res = app
        .post(
            "/api/auth/reauth",
            serde_json::json!({"password": "carryover-demo"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    let anon = reqwest::Client::new()
        .post(app.url("/api/auth/reauth"))
        .json(&serde_json::json!({"password": "carryover-demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), 401);
});

dual_test!(
    session_endpoint_reports_the_principal,
    |app: TestApp| async move {
        assert_eq!(app.get("/api/auth/session").await.status(), 401);
        app.login_ok("erika@example.com").await;
        let v: serde_json::Value = app.get("/api/auth/session").await.json().await.unwrap();
        assert_eq!(v["principal"]["name"], "Erika Musterfrau");
        assert!(
            v["idle_expires_at"]
                .as_str()
                .unwrap()
                .starts_with("2026-11-20T09:30")
        );
    }
);

dual_test!(cross_site_writes_are_refused, |app: TestApp| async move {
    app.login_ok("max@example.com").await;
    let res = app
        .client
        .post(app.url("/api/auth/logout"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(error_body(res).await["code"], "forbidden");
    assert_eq!(
        app.get("/api/me").await.status(),
        200,
        "the session survived"
    );
});

dual_test!(
    clients_without_origin_need_the_csrf_token,
    |app: TestApp| async move {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let login: serde_json::Value = client
            .post(app.url("/api/auth/login"))
            .json(&serde_json::json!({"login": "max@example.com", "password": "carryover-demo"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = login["csrf_token"].as_str().unwrap().to_string();
        let without = client
            .post(app.url("/api/auth/reauth"))
            .json(&serde_json::json!({"password": "carryover-demo"}))
            .send()
            .await
            .unwrap();
        assert_eq!(without.status(), 403);
        let with = client
            .post(app.url("/api/auth/reauth"))
            .header("x-csrf-token", token)
            .json(&serde_json::json!({"password": "carryover-demo"}))
            .send()
            .await
            .unwrap();
        assert_eq!(with.status(), 204);
    }
);

dual_test!(
    closed_sign_in_is_refused_after_the_password_check,
    |app: TestApp| async move {
        sqlx::query("UPDATE credentials SET login_enabled = 0 WHERE customer_id = (SELECT id FROM customers WHERE email = 'hans@example.com')")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        let res = app.login("hans@example.com", "carryover-demo").await;
        assert_eq!(res.status(), 403);
        let res = app.login("hans@example.com", "wrong").await;
        assert_eq!(
            res.status(),
            401,
            "no hint that the account exists without the password"
        );
    }
);

async fn login_from(app: &TestApp, forwarded_for: &str, login: &str, password: &str) -> u16 {
    app.client
        .post(app.url("/api/auth/login"))
        .header("x-forwarded-for", forwarded_for)
        .json(&serde_json::json!({"login": login, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let app = common::spawn_app_with(
        common::Backend::Sqlite,
        &[(
            "CARRYOVER_TRUSTED_PROXIES",
            "127.0.0.1, 10.0.0.0/8".to_string(),
        )],
    )
    .await;
    for i in 0..20 {
        // The client's own claim on the left is not believed; the proxy's entry is.
        let xff = format!("6.6.6.{i}, 198.51.100.1");
        assert_eq!(
            login_from(&app, &xff, &format!("user{i}@example.com"), "wrong").await,
            401
        );
    }
    assert_eq!(
        login_from(
            &app,
            "7.7.7.7, 198.51.100.1",
            "lena@example.com",
            "carryover-demo"
        )
        .await,
        429,
        "the client behind the proxy is limited"
    );
    assert_eq!(
        login_from(
            &app,
            "198.51.100.2, 10.1.2.3",
            "lena@example.com",
            "carryover-demo"
        )
        .await,
        200,
        "another client behind the same proxy is not"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_trusted_proxies_x_forwarded_for_is_ignored() {
    let app = common::spawn_app(common::Backend::Sqlite).await;
    for i in 0..20 {
        let xff = format!("198.51.100.{i}");
        assert_eq!(
            login_from(&app, &xff, &format!("user{i}@example.com"), "wrong").await,
            401
        );
    }
    assert_eq!(
        login_from(&app, "203.0.113.77", "lena@example.com", "carryover-demo").await,
        429,
        "a made-up header buys no new bucket"
    );
}
