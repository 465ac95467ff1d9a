mod common;

use common::{TestApp, error_body};

fn count(v: &serde_json::Value, key: &str) -> usize {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is a list"))
        .len()
}

dual_test!(max_sees_his_whole_overview, |app: TestApp| async move {
    app.login_ok("max@example.com").await;
    let v: serde_json::Value = app.get("/api/me").await.json().await.unwrap();
    assert_eq!(v["customer"]["number"], "1000000016");
    assert_eq!(v["customer"]["name"], "Max Mustermann");
    assert_eq!(v["customer"]["address"]["city"], "Berlin");
    assert_eq!(v["accounts"][0]["iban"], "DE89370400440532013000");
    let cards = v["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 2);
    let active = cards.iter().find(|c| c["status"] == "active").unwrap();
    let issued = cards.iter().find(|c| c["status"] == "issued").unwrap();
    assert_eq!(active["last4"], "5556");
    assert_eq!(
        (issued["last4"].as_str(), issued["expiry"].as_str()),
        (Some("4242"), Some("12/29"))
    );
    for (key, n) in [
        ("standing_orders", 3),
        ("mandates", 2),
        ("recurring_payments", 3),
        ("alerts", 2),
        ("limits", 1),
        ("wallet_tokens", 1),
        ("contracts", 1),
    ] {
        assert_eq!(count(&v, key), n, "{key}");
    }
    // Every card dependent names the old card; every account dependent names the account.
    for key in ["recurring_payments", "alerts", "limits", "wallet_tokens"] {
        for d in v[key].as_array().unwrap() {
            assert_eq!(d["card_id"], active["id"], "{key}");
        }
    }
    for key in ["standing_orders", "mandates"] {
        for d in v[key].as_array().unwrap() {
            assert_eq!(d["account_id"], v["accounts"][0]["id"], "{key}");
        }
    }
    assert_eq!(v["preferences"]["paperless"], true);
    // No full card number, anywhere.
    let text = v.to_string();
    assert!(!text.contains("4000056655665556") && !text.contains("4242424242424242"));
});

dual_test!(
    customers_see_only_their_own_data,
    |app: TestApp| async move {
        app.login_ok("lena@example.com").await;
        let v: serde_json::Value = app.get("/api/me").await.json().await.unwrap();
        assert_eq!(v["customer"]["name"], "Lena Schmidt");
        assert_eq!(count(&v, "cards"), 1);
        for key in [
            "standing_orders",
            "mandates",
            "recurring_payments",
            "alerts",
            "limits",
            "wallet_tokens",
        ] {
            assert_eq!(count(&v, key), 0, "{key}");
        }
        assert!(!v.to_string().contains("Mustermann"));
    }
);

dual_test!(
    joint_holders_both_see_the_account,
    |app: TestApp| async move {
        app.login_ok("erika@example.com").await;
        let v: serde_json::Value = app.get("/api/me").await.json().await.unwrap();
        let holders = v["accounts"][0]["holders"].as_array().unwrap();
        let names: Vec<&str> = holders
            .iter()
            .map(|h| h["name"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"Erika Musterfrau") && names.contains(&"Hans Musterfrau"),
            "{names:?}"
        );
        assert_eq!(count(&v, "standing_orders"), 1);
        assert_eq!(count(&v, "mandates"), 2);
    }
);

dual_test!(anonymous_gets_401_in_json, |app: TestApp| async move {
    let res = app.get("/api/me").await;
    assert_eq!(res.status(), 401);
    assert_eq!(error_body(res).await["code"], "unauthenticated");
});
