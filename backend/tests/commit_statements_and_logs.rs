//! Two properties that need the process-wide log: a commit's number of SQL statements does not
//! grow with the number of dependents (set-based writes), nor does `GET /api/me`'s (the session's
//! lookup and one statement for the whole overview), and no card number (the demo's, or one
//! the test-data API made) or invitation token ever reaches a log.
//! One test function, so no other test in this binary writes to the captured log meanwhile.
mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::json;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::{EnvFilter, Layer, Registry};

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

struct CountQueries;
impl<S: tracing::Subscriber> Layer<S> for CountQueries {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        // Opening a pooled connection runs its PRAGMAs; that is pool warm-up, not the commit.
        let mut text = String::new();
        event.record(&mut Fields(&mut text));
        if !text.contains("PRAGMA") {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

struct Fields<'a>(&'a mut String);
impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, _: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{value:?} "));
    }
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);
impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn add_payments(app: &common::TestApp, n: usize) {
    for i in 0..n {
        sqlx::query("INSERT INTO recurring_payments (id, card_id, merchant, amount, currency, frequency, status, version) \
                     SELECT $1, id, 'Extra', '1.00', 'EUR', 'monthly', 'active', 1 FROM cards WHERE last4 = '5556'")
            .bind(format!("extra-{i}"))
            .execute(&app.state.db.pool)
            .await
            .unwrap();
    }
}

/// Statements executed by one commit of Max's card activation.
async fn commit_statements(app: &common::TestApp) -> usize {
    app.login_ok("max@example.com").await;
    let p: serde_json::Value = app
        .post("/api/changes/preview", json!({"kind": "card_activation", "card_number": "4242 4242 4242 4242", "expiry": "12/29"}))
        .await
        .json()
        .await
        .unwrap();
    let start = STATEMENTS.load(Ordering::SeqCst);
    let res = app
        .client
        .post(app.url("/api/changes"))
        .header("idempotency-key", "count")
        .json(&json!({"preview_token": p["preview_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    STATEMENTS.load(Ordering::SeqCst) - start
}

/// Statements executed by one `GET /api/me` of whoever `app.client` signed in.
async fn overview_statements(app: &common::TestApp) -> usize {
    let start = STATEMENTS.load(Ordering::SeqCst);
    let res = app.client.get(app.url("/api/me")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    STATEMENTS.load(Ordering::SeqCst) - start
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commits_are_set_based_and_logs_carry_no_card_number() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = Registry::default()
        .with(EnvFilter::new("trace"))
        .with(CountQueries)
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(move || writer.clone())
                .with_ansi(false),
        );
    tracing::subscriber::set_global_default(subscriber).unwrap();

    for backend in [common::Backend::Sqlite, common::Backend::Postgres] {
        let small = common::spawn_app(backend).await;
        let few = commit_statements(&small).await;
        let read_few = overview_statements(&small).await;
        let large = common::spawn_app(backend).await;
        add_payments(&large, 40).await;
        let many = commit_statements(&large).await;
        let read_many = overview_statements(&large).await;
        assert!(few > 5, "{backend:?}: the counter sees statements ({few})");
        assert_eq!(
            few, many,
            "{backend:?}: 7 dependents took {few} statements, 47 took {many}"
        );
        assert_eq!(
            (read_few, read_many),
            (2, 2),
            "{backend:?}: GET /api/me is the session's lookup and one statement"
        );
    }

    // An invitation link's token is a credential: it reaches the server in paths.
    let app = common::spawn_app(common::Backend::Sqlite).await;
    let lena = app.signed_in("lena@example.com").await;
    common::transfer::transfer(&app, &lena, common::transfer::NORA, "Nora Neu").await;
    let (_, token) = common::transfer::invitation_email(&app).await;
    let anonymous = common::browser_client(&app.base);
    for path in [
        format!("/api/invitations/{token}"),
        format!("/invitation/{token}"),
    ] {
        let res = anonymous.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
    common::transfer::nora_registers(&app, &token).await;

    // A staff search loads its hits in one query: two hits cost what one costs.
    let agent = app.signed_in("agent@example.com").await;
    let mut searches = Vec::new();
    for q in ["Schmidt", "Musterfrau"] {
        let start = STATEMENTS.load(Ordering::SeqCst);
        let res = agent
            .get(app.url("/api/staff/customers"))
            .query(&[("q", q)])
            .send()
            .await
            .unwrap();
        let hits = res.json::<serde_json::Value>().await.unwrap()["hits"]
            .as_array()
            .unwrap()
            .len();
        searches.push((hits, STATEMENTS.load(Ordering::SeqCst) - start));
    }
    assert_eq!(searches[0].0, 1, "{searches:?}");
    assert!(searches[1].0 >= 2, "{searches:?}");
    assert_eq!(
        searches[0].1, searches[1].1,
        "statements per search: {searches:?}"
    );

    // A bank's reissue writes a batch of customers with as many statements as one customer:
    // 3 customers and 30, each run one batch, cost the same.
    let mut reissues = Vec::new();
    for (run, n) in [("few", 3u32), ("many", 30)] {
        let before = app
            .scalar("SELECT COUNT(*) FROM accounts WHERE id LIKE 'bulk-%'")
            .await;
        carryover::seed::bulk::seed(
            &app.state.db,
            &app.state.config.secret,
            n,
            app.state.clock.now(),
        )
        .await
        .unwrap();
        // The same kinds on every card, whatever the seed drew: a payment and an alert.
        for sql in [
            "INSERT INTO recurring_payments (id, card_id, merchant, amount, currency, frequency, \
             status, version) SELECT id || '-pay', id, 'Gym', '9.99', 'EUR', 'monthly', 'active', 1 \
             FROM cards k WHERE customer_id LIKE 'bulk-%' AND status = 'active' AND NOT EXISTS \
             (SELECT 1 FROM recurring_payments r WHERE r.id = k.id || '-pay')",
            "INSERT INTO card_alerts (id, card_id, kind, channel, threshold_amount, currency, \
             version) SELECT id || '-alert', id, 'spend', 'push', '50.00', 'EUR', 1 FROM cards k \
             WHERE customer_id LIKE 'bulk-%' AND status = 'active' AND NOT EXISTS \
             (SELECT 1 FROM card_alerts a WHERE a.id = k.id || '-alert')",
        ] {
            sqlx::query(sql).execute(&app.state.db.pool).await.unwrap();
        }
        let accounts: Vec<String> =
            sqlx::query_scalar("SELECT id FROM accounts WHERE id LIKE 'bulk-%' ORDER BY id")
                .fetch_all(&app.state.db.pool)
                .await
                .unwrap()
                .into_iter()
                .skip(usize::try_from(before).unwrap())
                .collect();
        let start = STATEMENTS.load(Ordering::SeqCst);
        let summary = carryover::reissue::run(
            &app.state,
            carryover::reissue::Options {
                run_id: Some(run.into()),
                criteria: carryover::reissue::Criteria {
                    accounts_file: Some("cohort".into()),
                    ..Default::default()
                },
                accounts: Some(accounts),
                carry_over: true,
                workers: Some(1),
                batch: 50,
                report: false,
            },
        )
        .await
        .unwrap();
        assert_eq!(summary.carried_over, i64::from(n), "{summary:?}");
        reissues.push(STATEMENTS.load(Ordering::SeqCst) - start);
    }
    assert_eq!(
        reissues[0], reissues[1],
        "statements of a reissue run of 3 and of 30 customers"
    );

    // The test-data API hands card numbers out once, and they are typed like any other.
    let qa = common::spawn_app_with(
        common::Backend::Postgres,
        &[("CARRYOVER_TEST_DATA", "1".into())],
    )
    .await;
    let made: serde_json::Value = qa
        .post(
            "/api/testing/customers",
            json!({"profile": "card_replacement"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let given: Vec<String> = made["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap().to_string())
        .collect();
    let max = qa
        .signed_in(made["customer"]["login"].as_str().unwrap())
        .await;
    let res = max
        .post(qa.url("/api/changes/preview"))
        .json(&json!({"kind": "card_activation", "card_number": given[1], "expiry": "12/29"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("change committed"), "the log was captured");
    assert!(
        text.contains("route=/api/invitations/{token}"),
        "requests are logged by their route template"
    );
    assert!(
        !text.contains(&token),
        "an invitation token reached the log"
    );
    for pan in [
        "4242424242424242",
        "4242 4242 4242 4242",
        "4000056655665556",
    ] {
        assert!(!text.contains(pan), "{pan} appears in the logs");
    }
    for pan in &given {
        assert!(
            !text.contains(pan.as_str()),
            "a test-data card number appears in the logs"
        );
    }
}
