//! Two replicas, one database, one truth (issue 15 §1): two real `carryover serve` processes on
//! one PostgreSQL database, driven alternately as a load balancer without sticky sessions would.
//! PostgreSQL only: SQLite is one process's database.
//!
//! The processes run on the real clock. Where something must fall due (a scheduled change, the
//! end of an impersonation), the test moves its date in the database into the past: the day or
//! the 30 minutes arriving, without waiting for them.
mod common;

use common::replicas::{Browser, Replica, Replicas};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;
use time::OffsetDateTime;

use carryover::clock::{db_date, db_time, parse_db_time};

/// A date on the real clock the replicas run on, `days` from today.
fn day(days: i64) -> String {
    db_date(OffsetDateTime::now_utc().date() + time::Duration::days(days))
}

fn address(street_no: usize) -> Value {
    json!({"street": format!("Neue Straße {street_no}"), "postal_code": "20095", "city": "Hamburg", "country": "DE"})
}

/// Previews `change` on one replica; the preview token.
async fn preview(who: &Browser, on: &Replica, change: Value) -> Value {
    let res = who.post(on, "/api/changes/preview", change.clone()).await;
    assert_eq!(res.status(), 200, "preview of {change}");
    res.json::<Value>().await.unwrap()["preview_token"].clone()
}

async fn commit(who: &Browser, on: &Replica, token: &Value, key: &str) -> reqwest::Response {
    who.request(on, Method::POST, "/api/changes")
        .header("idempotency-key", key)
        .json(&json!({"preview_token": token}))
        .send()
        .await
        .unwrap()
}

/// A few of the replicas' 100 ms worker ticks: time for a second (wrong) run to show.
async fn a_few_ticks() {
    tokio::time::sleep(Duration::from_millis(600)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_made_on_one_replica_works_on_the_other_and_logout_on_one_ends_it_on_both() {
    let r = Replicas::start(|_| async {}).await;
    let max = Browser::default();
    max.login_ok(&r.a, "max@example.com").await;
    for on in [&r.b, &r.a, &r.b] {
        let res = max.get(on, "/api/me").await;
        assert_eq!(res.status(), 200, "the session on {}", on.base);
        let me: Value = res.json().await.unwrap();
        assert_eq!(me["customer"]["email"], "max@example.com");
    }
    let cookie = max.cookies(&r.a);
    let res = max.post(&r.b, "/api/auth/logout", json!({})).await;
    assert_eq!(res.status(), 204);
    // The browser forgot its cookie on logout; the old one, sent again, opens nothing anywhere.
    for on in [&r.a, &r.b] {
        let res = max.get_with(on, "/api/me", &cookie).await;
        assert_eq!(res.status(), 401, "a logged-out session on {}", on.base);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_limit_counts_failures_on_both_replicas() {
    let r = Replicas::start(|_| async {}).await;
    let erika = Browser::default();
    let limit = carryover::auth::rate_limit::MAX_PER_LOGIN as usize;
    for n in 0..limit {
        let on = [&r.a, &r.b][n % 2];
        let res = erika.login(on, "erika@example.com", "wrong-password").await;
        assert_eq!(res.status(), 401, "failure {} on {}", n + 1, on.base);
    }
    // Each replica saw fewer than the limit itself; together they saw it.
    for on in [&r.a, &r.b] {
        let res = erika.login(on, "erika@example.com", "carryover-demo").await;
        assert_eq!(res.status(), 429, "the right password on {}", on.base);
        assert!(res.headers().contains_key("retry-after"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idempotency_key_replays_on_the_other_replica_and_one_key_on_both_at_once_gives_one_change()
 {
    let r = Replicas::start(|_| async {}).await;
    let max = Browser::default();
    max.login_ok(&r.a, "max@example.com").await;
    let changes = "SELECT COUNT(*) FROM changes c JOIN customers u ON u.id = c.customer_id \
                   WHERE u.email = 'max@example.com'";
    let before = r.scalar(changes).await;

    let token = preview(
        &max,
        &r.a,
        json!({"kind": "address", "address": address(1)}),
    )
    .await;
    let first = commit(&max, &r.b, &token, "move-1").await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let replay = commit(&max, &r.a, &token, "move-1").await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.json::<Value>().await.unwrap(), first);
    assert_eq!(r.scalar(changes).await, before + 1);

    for round in 2..6 {
        let token = preview(
            &max,
            &r.b,
            json!({"kind": "address", "address": address(round)}),
        )
        .await;
        let key = format!("move-{round}");
        let (on_a, on_b) = tokio::join!(
            commit(&max, &r.a, &token, &key),
            commit(&max, &r.b, &token, &key)
        );
        let statuses = [on_a.status().as_u16(), on_b.status().as_u16()];
        // The loser either waited for nothing (409: still in flight) or came after (the replay).
        assert!(
            statuses.contains(&201) && statuses.iter().all(|s| [201, 409].contains(s)),
            "round {round}: {statuses:?}"
        );
        let mut ids = Vec::new();
        for res in [on_a, on_b] {
            if res.status() == 201 {
                ids.push(res.json::<Value>().await.unwrap()["change"]["id"].clone());
            }
        }
        assert!(
            ids.windows(2).all(|w| w[0] == w[1]),
            "round {round}: {ids:?}"
        );
        assert_eq!(
            r.scalar(changes).await,
            before + round as i64,
            "round {round}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn due_work_is_done_once_by_the_racing_workers_of_both_replicas() {
    let today = day(0);
    // A bill ten days overdue before either replica starts: the first worker tick of both
    // races for the day's arrears check.
    let overdue = day(-10);
    let r = Replicas::start(|db| async move {
        sqlx::query(
            "INSERT INTO account_dues (id, account_id, description, amount, currency, due_on, created_at) \
             SELECT 'due-x', id, 'Kontoführung', '6.90', 'EUR', $1, $2 FROM accounts WHERE iban = 'DE91100000000123456789'",
        )
        .bind(&overdue)
        .bind(db_time(OffsetDateTime::now_utc()))
        .execute(&db.pool)
        .await
        .unwrap();
    })
    .await;

    // Three customers move tomorrow (the earliest date a customer may choose).
    let tomorrow = day(1);
    for (n, who) in ["max", "erika", "lena"].into_iter().enumerate() {
        let browser = Browser::default();
        let (one, other) = [(&r.a, &r.b), (&r.b, &r.a)][n % 2];
        browser.login_ok(one, &format!("{who}@example.com")).await;
        let change =
            json!({"kind": "address", "address": address(n + 1), "effective_on": tomorrow});
        let token = preview(&browser, one, change).await;
        let res = commit(&browser, other, &token, "move-tomorrow").await;
        assert_eq!(res.status(), 201, "{who}");
        assert_eq!(
            res.json::<Value>().await.unwrap()["change"]["status"],
            "scheduled"
        );
    }
    a_few_ticks().await;
    assert_eq!(
        r.scalar("SELECT COUNT(*) FROM changes WHERE status = 'scheduled'")
            .await,
        3,
        "not due before their day"
    );
    // Their day arrives for all three at once, on both replicas.
    sqlx::query("UPDATE changes SET effective_on = $1 WHERE status = 'scheduled'")
        .bind(&today)
        .execute(&r.db.pool)
        .await
        .unwrap();
    r.eventually("SELECT COUNT(*) FROM changes WHERE status = 'completed'", 3)
        .await;
    r.eventually("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL", 0)
        .await;
    a_few_ticks().await;

    assert_eq!(
        r.scalar(
            "SELECT COUNT(*) FROM timeline WHERE data LIKE '%\"event\":\"scheduled_address_applied\"%'"
        )
        .await,
        3,
        "each scheduled change applied once"
    );
    assert_eq!(
        r.scalar("SELECT COUNT(*) FROM addresses WHERE city = 'Hamburg'")
            .await,
        3
    );

    assert_eq!(r.scalar("SELECT COUNT(*) FROM arrears_notices").await, 1);
    for job in [carryover::daily::ARREARS_CHECK, carryover::daily::PURGE] {
        assert_eq!(
            r.scalar(&format!(
                "SELECT COUNT(*) FROM job_runs WHERE job = '{job}' AND run_on = '{today}' AND finished_at IS NOT NULL"
            ))
            .await,
            1,
            "{job} ran once today"
        );
    }

    // Every message went out once: one attempt each, and one file in one of the two mailboxes
    // (a second delivery by the other replica would leave a second file in its own).
    let messages = r.scalar("SELECT COUNT(*) FROM outbox").await;
    assert!(
        messages >= 4,
        "an arrears letter and the moves' notices: {messages}"
    );
    assert_eq!(
        r.scalar("SELECT COUNT(*) FROM outbox WHERE attempts <> 1")
            .await,
        0
    );
    let mut files: Vec<_> = [&r.a, &r.b]
        .iter()
        .flat_map(|replica| std::fs::read_dir(&replica.mailbox).into_iter().flatten())
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(files.len() as i64, messages, "{files:?}");
    files.sort();
    files.dedup();
    assert_eq!(files.len() as i64, messages, "a message in both mailboxes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_impersonation_started_on_one_replica_is_seen_and_ends_at_30_minutes_on_the_other() {
    let r = Replicas::start(|_| async {}).await;
    let max_id: String =
        sqlx::query_scalar("SELECT id FROM customers WHERE email = 'max@example.com'")
            .fetch_one(&r.db.pool)
            .await
            .unwrap();
    let agent = Browser::default();
    agent.login_ok(&r.a, "agent@example.com").await;
    let res = agent
        .post(
            &r.a,
            "/api/staff/impersonation",
            json!({"customer_id": max_id, "reason": "Customer called us"}),
        )
        .await;
    assert_eq!(res.status(), 201);

    let session: Value = agent
        .get(&r.b, "/api/auth/session")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(session["acting_as"]["customer_id"], max_id.as_str());
    let res = agent.get(&r.b, "/api/me").await;
    assert_eq!(res.status(), 200, "acting for Max on the other replica");
    assert_eq!(
        res.json::<Value>().await.unwrap()["customer"]["id"],
        max_id.as_str()
    );

    let times = || async {
        let (started, expires): (String, String) =
            sqlx::query_as("SELECT started_at, expires_at FROM impersonations")
                .fetch_one(&r.db.pool)
                .await
                .unwrap();
        (
            parse_db_time(&started).unwrap(),
            parse_db_time(&expires).unwrap(),
        )
    };
    let (started, expires) = times().await;
    assert_eq!(expires - started, time::Duration::minutes(30));

    // 31 minutes pass: the impersonation is moved into the past as a whole.
    let back = time::Duration::minutes(31);
    sqlx::query("UPDATE impersonations SET started_at = $1, expires_at = $2")
        .bind(db_time(started - back))
        .bind(db_time(expires - back))
        .execute(&r.db.pool)
        .await
        .unwrap();
    let res = agent.get(&r.b, "/api/me").await;
    assert_eq!(res.status(), 403, "acting ended on the other replica");
    let session: Value = agent
        .get(&r.b, "/api/auth/session")
        .await
        .json()
        .await
        .unwrap();
    assert!(session.get("acting_as").is_none(), "{session}");

    // Both workers find it run out; the customer's timeline says so once, as of its end.
    let expired = format!(
        "SELECT COUNT(*) FROM timeline WHERE customer_id = '{max_id}' AND data LIKE '%\"event\":\"acting_expired\"%'"
    );
    r.eventually(&expired, 1).await;
    a_few_ticks().await;
    assert_eq!(r.scalar(&expired).await, 1);
    let ended: String = sqlx::query_scalar("SELECT ended_at FROM impersonations")
        .fetch_one(&r.db.pool)
        .await
        .unwrap();
    assert_eq!(ended, db_time(expires - back));
}
