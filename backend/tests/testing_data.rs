//! The test-data API (`CARRYOVER_TEST_DATA=1`): off by default, and on it makes customers and
//! staff no other call made, each living the demo story its profile names.
mod common;

use common::{TestApp, error_body};
use serde_json::{Value, json};
use shared::domain::{CardNumber, CustomerNumber};

async fn with_test_data(backend: common::Backend) -> TestApp {
    common::spawn_app_with(backend, &[("CARRYOVER_TEST_DATA", "1".into())]).await
}

/// Runs `$body` on a server with the test-data API, on both databases.
macro_rules! on_test {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)(with_test_data(common::Backend::Sqlite).await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                ($body)(with_test_data(common::Backend::Postgres).await).await;
            }
        }
    };
}

async fn make(app: &TestApp, body: Value) -> Value {
    let res = app.post("/api/testing/customers", body.clone()).await;
    assert_eq!(res.status(), 201, "{body}");
    res.json().await.unwrap()
}

async fn get(app: &TestApp, c: &reqwest::Client, path: &str) -> Value {
    let res = c.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

/// The card made with `status` (`active`, `issued`).
fn card<'a>(made: &'a Value, status: &str) -> &'a Value {
    made["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"] == status)
        .unwrap()
}

/// Items hanging on `card` (the four card-bound kinds).
async fn on_card(app: &TestApp, card: &str) -> i64 {
    let count = |table: &str| format!("(SELECT COUNT(*) FROM {table} WHERE card_id = '{card}')");
    let kinds = [
        "recurring_payments",
        "card_alerts",
        "card_limits",
        "wallet_tokens",
    ];
    let sum: Vec<String> = kinds.iter().map(|t| count(t)).collect();
    app.scalar(&format!("SELECT {}", sum.join(" + "))).await
}

dual_test!(
    off_by_default_the_paths_do_not_exist,
    |app: TestApp| async move {
        for path in ["/api/testing/customers", "/api/testing/staff"] {
            let res = app
                .post(path, json!({"profile": "plain", "role": "agent"}))
                .await;
            assert_eq!(res.status(), 404, "{path}");
            assert_eq!(error_body(res).await["code"], "not_found");
        }
        // Signed in or not, with an invitation sent or not: no such path.
        let lena = app.signed_in("lena@example.com").await;
        common::transfer::transfer(&app, &lena, common::transfer::NORA, "Nora Neu").await;
        let path = format!("/api/testing/invitations?email={}", common::transfer::NORA);
        for c in [&app.client, &lena] {
            let res = c.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), 404);
            assert_eq!(error_body(res).await["code"], "not_found");
        }
        let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
        assert!(
            doc["paths"]
                .as_object()
                .unwrap()
                .keys()
                .all(|p| !p.starts_with("/api/testing"))
        );
    }
);

on_test!(
    the_document_describes_the_api_when_it_is_on,
    |app: TestApp| async move {
        let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
        for path in ["/api/testing/customers", "/api/testing/staff"] {
            let op = &doc["paths"][path]["post"];
            assert_eq!(op["tags"], json!(["testing"]), "{path}");
            assert!(
                op["responses"]["201"].is_object() && op["responses"]["422"].is_object(),
                "{op}"
            );
            assert!(op["responses"]["401"].is_null(), "no session needed: {op}");
        }
        assert!(
            doc["tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["name"] == "testing")
        );
        assert!(doc["components"]["schemas"]["TestCustomer"].is_object());
        let op = &doc["paths"]["/api/testing/invitations"]["get"];
        assert_eq!(op["tags"], json!(["testing"]), "{op}");
        for status in ["200", "401", "404", "422"] {
            assert!(op["responses"][status].is_object(), "{status}: {op}");
        }
        assert_eq!(op["parameters"][0]["name"], "email", "{op}");
        assert!(doc["components"]["schemas"]["TestInvitation"].is_object());
    }
);

/// `GET /api/testing/invitations?email=…` as `c`.
async fn invitation_of(app: &TestApp, c: &reqwest::Client, email: &str) -> reqwest::Response {
    c.get(app.url("/api/testing/invitations"))
        .query(&[("email", email)])
        .send()
        .await
        .unwrap()
}

on_test!(
    the_inviter_reads_the_link_of_their_invitation,
    |app: TestApp| async move {
        use common::transfer::{accept, invitation_email, lookup, nora_registers, transfer};
        let made = make(&app, json!({"profile": "transfer"})).await;
        let login = made["customer"]["login"].as_str().unwrap();
        let nora = login.replacen("lena.", "nora.", 1);
        let lena = app.signed_in(login).await;
        let res = invitation_of(&app, &lena, &nora).await;
        assert_eq!(res.status(), 404, "nothing sent yet");
        assert_eq!(error_body(res).await["code"], "not_found");

        let change = transfer(&app, &lena, &nora, "Nora Neu").await;
        // The email as typed or in capitals: emails compare lower-cased.
        let res = invitation_of(&app, &lena, &nora.to_uppercase()).await;
        assert_eq!(res.status(), 200);
        let inv: Value = res.json().await.unwrap();
        assert_eq!(inv["change_id"], change.as_str());
        assert_eq!(inv["email"], nora.as_str());
        assert_eq!(inv["status"], "pending");
        assert_eq!(inv["expires_at"], "2026-12-04T09:00:00.000000Z", "14 days");
        let token = inv["token"].as_str().unwrap().to_string();
        assert_eq!(inv["path"], format!("/invitation/{token}"));
        assert!(
            inv["link"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/invitation/{token}")),
            "{inv}"
        );
        // The very link the email carries, and it works.
        let (text, mailed) = invitation_email(&app).await;
        assert_eq!(mailed, token, "{text}");
        assert!(text.contains(inv["link"].as_str().unwrap()), "{text}");
        let anonymous = common::browser_client(&app.base);
        assert_eq!(lookup(&app, &anonymous, &token).await.status(), 200);
        nora_registers(&app, &token).await;
        let inv: Value = invitation_of(&app, &lena, &nora)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(inv["status"], "accepted", "any status, as it is now");
        let again = accept(
            &app,
            &anonymous,
            &token,
            json!({"name": "Eve", "password": "another-long-password"}),
        )
        .await;
        assert_eq!(again.status(), 410);

        // Nobody else learns it: not signed in, another made customer, staff, staff acting
        // for Lena.
        let res = invitation_of(&app, &anonymous, &nora).await;
        assert_eq!(res.status(), 401);
        let other = make(&app, json!({"profile": "transfer"})).await;
        let other = app
            .signed_in(other["customer"]["login"].as_str().unwrap())
            .await;
        let supervisor = app.signed_in("supervisor@example.com").await;
        let res = supervisor
            .post(app.url("/api/staff/impersonation"))
            .json(&json!({"customer_id": made["customer"]["customer_id"], "reason": "Customer called about the transfer"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let agent = app.signed_in("agent@example.com").await;
        for c in [&other, &supervisor, &agent] {
            let res = invitation_of(&app, c, &nora).await;
            assert_eq!(res.status(), 404);
            assert_eq!(error_body(res).await["code"], "not_found");
        }
    }
);

on_test!(
    only_customers_the_api_made_read_links,
    |app: TestApp| async move {
        // The demo's Lena is everyone's: her invitations stay in the mail.
        let lena = app.signed_in("lena@example.com").await;
        common::transfer::transfer(&app, &lena, common::transfer::NORA, "Nora Neu").await;
        let res = invitation_of(&app, &lena, common::transfer::NORA).await;
        assert_eq!(res.status(), 404);
        assert_eq!(error_body(res).await["code"], "not_found");

        for query in ["", "?email=", "?email=not-an-email"] {
            let res = lena
                .get(app.url(&format!("/api/testing/invitations{query}")))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 422, "{query}");
            assert_eq!(error_body(res).await["field"], "email", "{query}");
        }
    }
);

on_test!(
    card_replacement_activates_with_the_number_given,
    |app: TestApp| async move {
        let made = make(
            &app,
            json!({"profile": "card_replacement", "dependents": 12}),
        )
        .await;
        assert_eq!(made["dependents"], 12);
        let c = app
            .signed_in(made["customer"]["login"].as_str().unwrap())
            .await;
        let new = card(&made, "issued");
        let number = new["number"].as_str().unwrap();
        assert!(CardNumber::parse(number).is_ok(), "{number}");
        let old = card(&made, "active");
        assert_eq!(on_card(&app, old["id"].as_str().unwrap()).await, 12);

        let preview = c
            .post(app.url("/api/changes/preview"))
            .json(
                &json!({"kind": "card_activation", "card_number": number, "expiry": new["expiry"]}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(preview.status(), 200);
        let p: Value = preview.json().await.unwrap();
        let card_bound = ["recurring_payment", "alert", "limit", "wallet_token"];
        let moves = p["plan"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| {
                s["action"] == "move" && card_bound.contains(&s["dependent_kind"].as_str().unwrap())
            })
            .count();
        assert_eq!(moves, 12, "{p}");
        let res = c
            .post(app.url("/api/changes"))
            .header("idempotency-key", "test-data")
            .json(&json!({"preview_token": p["preview_token"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        assert_eq!(on_card(&app, new["id"].as_str().unwrap()).await, 12);
        assert_eq!(on_card(&app, old["id"].as_str().unwrap()).await, 0);

        // Max's own seven when no number is asked for.
        let max = make(&app, json!({"profile": "card_replacement"})).await;
        assert_eq!(max["dependents"], 7);
        let old = card(&max, "active");
        assert_eq!(on_card(&app, old["id"].as_str().unwrap()).await, 7);
    }
);

on_test!(
    joint_account_bereavement_has_hans_with_his_card_and_payments,
    |app: TestApp| async move {
        let made = make(&app, json!({"profile": "joint_account_bereavement"})).await;
        let hans = &made["joint_holder"];
        assert_eq!(hans["name"], "Hans Musterfrau");
        let erika = app
            .signed_in(made["customer"]["login"].as_str().unwrap())
            .await;
        let me = get(&app, &erika, "/api/me").await;
        assert_eq!(me["customer"]["name"], "Erika Musterfrau");
        let account = &me["accounts"][0];
        assert_eq!(account["id"], made["account_id"]);
        assert_eq!(account["holders"].as_array().unwrap().len(), 2);
        let card = made["cards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["customer_id"] == hans["customer_id"])
            .unwrap();
        assert_eq!(card["brand"], "Mastercard");
        let card = card["id"].as_str().unwrap();
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM recurring_payments WHERE card_id = '{card}'"
            ))
            .await,
            2
        );
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM card_alerts WHERE card_id = '{card}'"
            ))
            .await,
            1
        );
        let dues = format!(
            "SELECT COUNT(*) FROM account_payments WHERE account_id = '{}'",
            made["account_id"].as_str().unwrap()
        );
        assert_eq!(app.scalar(&dues).await, 3, "every bill paid");
        // Hans signs in by his customer number.
        app.signed_in(hans["customer_number"].as_str().unwrap())
            .await;
    }
);

on_test!(
    transfer_plain_and_scheduled_move_customers_sign_in,
    |app: TestApp| async move {
        for profile in ["transfer", "plain", "with_scheduled_address_change"] {
            let made = make(&app, json!({"profile": profile})).await;
            let c = app
                .signed_in(made["customer"]["customer_number"].as_str().unwrap())
                .await;
            let me = get(&app, &c, "/api/me").await;
            assert_eq!(me["accounts"][0]["iban"], made["iban"], "{profile}");
            let cards = if profile == "transfer" { 1 } else { 0 };
            assert_eq!(me["cards"].as_array().unwrap().len(), cards, "{profile}");
            assert_eq!(made["cards"].as_array().unwrap().len(), cards, "{profile}");
            let changes = get(&app, &c, "/api/changes").await;
            let scheduled: Vec<&Value> = changes["changes"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["status"] == "scheduled")
                .collect();
            if profile == "with_scheduled_address_change" {
                assert_eq!(scheduled.len(), 1);
                assert_eq!(scheduled[0]["id"], made["scheduled_change_id"]);
                assert_eq!(scheduled[0]["kind"], "address");
                assert_eq!(scheduled[0]["effective_on"], "2026-12-20");
            } else {
                assert!(
                    scheduled.is_empty() && made["scheduled_change_id"].is_null(),
                    "{profile}"
                );
            }
        }
    }
);

on_test!(
    parallel_calls_make_distinct_customers,
    |app: TestApp| async move {
        let body = json!({"profile": "card_replacement"});
        let (a, b, c, d) = tokio::join!(
            make(&app, body.clone()),
            make(&app, body.clone()),
            make(&app, body.clone()),
            make(&app, body.clone())
        );
        let made = [a, b, c, d];
        let distinct = |f: &dyn Fn(&Value) -> String| {
            let all: std::collections::HashSet<String> = made.iter().map(f).collect();
            assert_eq!(all.len(), made.len());
        };
        distinct(&|m| m["customer"]["customer_id"].to_string());
        distinct(&|m| m["customer"]["login"].to_string());
        distinct(&|m| m["customer"]["customer_number"].to_string());
        distinct(&|m| m["iban"].to_string());
        distinct(&|m| card(m, "issued")["number"].to_string());
        for m in &made {
            assert!(
                CustomerNumber::parse(m["customer"]["customer_number"].as_str().unwrap()).is_ok()
            );
            app.signed_in(m["customer"]["login"].as_str().unwrap())
                .await;
        }
    }
);

on_test!(staff_of_each_role_sign_in, |app: TestApp| async move {
    for role in ["agent", "supervisor", "admin"] {
        let res = app.post("/api/testing/staff", json!({"role": role})).await;
        assert_eq!(res.status(), 201);
        let made: Value = res.json().await.unwrap();
        assert_eq!(made["role"], role);
        let c = common::browser_client(&app.base);
        let res = c
            .post(app.url("/api/auth/login"))
            .json(&json!({"login": made["login"], "password": made["password"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let session: Value = res.json().await.unwrap();
        assert_eq!(session["principal"]["kind"], "staff");
        assert_eq!(session["principal"]["role"], role);
    }
    let res = app
        .post("/api/testing/staff", json!({"role": "boss"}))
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_body(res).await["field"], "role");
});

on_test!(
    bad_requests_answer_422_naming_the_field,
    |app: TestApp| async move {
        for (body, field) in [
            (json!({"profile": "millionaire"}), "profile"),
            (
                json!({"profile": "card_replacement", "dependents": 501}),
                "dependents",
            ),
            (json!({}), "body"),
        ] {
            let res = app.post("/api/testing/customers", body.clone()).await;
            assert_eq!(res.status(), 422, "{body}");
            let e = error_body(res).await;
            assert_eq!(e["code"], "invalid_input", "{body}");
            assert_eq!(e["field"], field, "{body}");
        }
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM customers").await,
            4,
            "only the demo's"
        );
    }
);

on_test!(
    the_clear_card_numbers_are_stored_nowhere,
    |app: TestApp| async move {
        let made = make(&app, json!({"profile": "joint_account_bereavement"})).await;
        let max = make(&app, json!({"profile": "card_replacement"})).await;
        let numbers: Vec<String> = [&made, &max]
            .iter()
            .flat_map(|m| {
                m["cards"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["number"].as_str().unwrap().to_string())
            })
            .collect();
        assert_eq!(numbers.len(), 3);
        let tables: Vec<String> = {
            use sqlx::Row;
            let sql = match app.backend {
                common::Backend::Sqlite => {
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_%' ESCAPE '\\'"
                }
                common::Backend::Postgres => {
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '\\_%'"
                }
            };
            sqlx::query(sql)
                .fetch_all(&app.state.db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get::<String, _>(0))
                .collect()
        };
        assert!(tables.len() > 20, "{tables:?}");
        let tables: Vec<&str> = tables.iter().map(String::as_str).collect();
        let everything = app.dump(&tables).await.join("\n");
        for n in &numbers {
            assert!(
                !everything.contains(n.as_str()),
                "a card number is in the database"
            );
            assert!(everything.contains(&n[12..]), "its last four are kept");
        }
    }
);
