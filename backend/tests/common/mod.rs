//! `spawn_app()`: a real server on a random port with a fresh, migrated, demo-seeded database,
//! on SQLite (a temp file) or PostgreSQL (a new database on the local server).
#![allow(dead_code)]

pub mod property;
pub mod replicas;
pub mod transfer;

use std::path::PathBuf;

use carryover::clock::Clock;
use carryover::config::Config;
use carryover::{AppState, Server};
use reqwest::header::{HeaderMap, HeaderValue, ORIGIN};
use time::macros::datetime;

pub use carryover::db::Backend;

pub struct TestApp {
    pub base: String,
    /// A browser-like client: keeps cookies, sends a same-origin `Origin`.
    pub client: reqwest::Client,
    pub state: AppState,
    pub clock: Clock,
    pub dist: PathBuf,
    pub database_url: String,
    pub backend: Backend,
    pub mailbox: PathBuf,
    /// The metrics listener's base URL, when `CARRYOVER_METRICS_BIND` was given.
    pub metrics_base: Option<String>,
}

/// What tests send as `Authorization: Bearer …` to scrape `/metrics` on the main listener.
pub const METRICS_TOKEN: &str = "test-metrics-token-0123";

/// Every test runs once per database with this.
#[macro_export]
macro_rules! dual_test {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = common::spawn_app(common::Backend::Sqlite).await;
                ($body)(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = common::spawn_app(common::Backend::Postgres).await;
                ($body)(app).await;
            }
        }
    };
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

/// A second server process on the same database, as after a restart or as another replica.
pub async fn restart(app: &TestApp, clock: Clock) -> TestApp {
    let vars = [
        ("CARRYOVER_DATABASE_URL", app.database_url.clone()),
        ("CARRYOVER_BIND", "127.0.0.1:0".to_string()),
        ("CARRYOVER_SECRET", SECRET.to_string()),
        ("CARRYOVER_DIST", app.dist.display().to_string()),
        ("CARRYOVER_MAILBOX", app.mailbox.display().to_string()),
        ("CARRYOVER_DOCUMENTS", documents(&app.mailbox)),
    ];
    start(
        vars.to_vec(),
        clock,
        app.dist.clone(),
        app.database_url.clone(),
        app.backend,
        app.mailbox.clone(),
    )
    .await
}

/// Uploads go into the test's temp folder (next to its mailbox), never into the checkout.
fn documents(mailbox: &std::path::Path) -> String {
    mailbox.with_file_name("documents").display().to_string()
}

const SECRET: &str = "test-secret-test-secret-test-secret-0";

pub async fn spawn_app_with(backend: Backend, extra: &[(&str, String)]) -> TestApp {
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let tmp = std::env::temp_dir().join(format!("carryover-test-{unique}"));
    std::fs::create_dir_all(tmp.join("dist")).unwrap();
    std::fs::write(
        tmp.join("dist/index.html"),
        "<!doctype html><html lang=\"en\"><title>carryover</title><body>app</body></html>",
    )
    .unwrap();
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}", tmp.join("test.db").display()),
        Backend::Postgres => fresh_postgres_database(&unique).await,
    };
    let mailbox = tmp.join("mailbox");
    let mut vars = vec![
        ("CARRYOVER_DATABASE_URL", database_url.clone()),
        ("CARRYOVER_BIND", "127.0.0.1:0".to_string()),
        ("CARRYOVER_SECRET", SECRET.to_string()),
        ("CARRYOVER_DIST", tmp.join("dist").display().to_string()),
        ("CARRYOVER_DEMO", "1".to_string()),
        ("CARRYOVER_METRICS_TOKEN", METRICS_TOKEN.to_string()),
        ("CARRYOVER_MAILBOX", mailbox.display().to_string()),
        ("CARRYOVER_DOCUMENTS", documents(&mailbox)),
    ];
    vars.extend(extra.iter().cloned());
    let clock = Clock::manual(datetime!(2026-11-20 09:00 UTC));
    start(
        vars,
        clock,
        tmp.join("dist"),
        database_url,
        backend,
        mailbox,
    )
    .await
}

async fn start(
    vars: Vec<(&str, String)>,
    clock: Clock,
    dist: PathBuf,
    database_url: String,
    backend: Backend,
    mailbox: PathBuf,
) -> TestApp {
    // Later entries win, so callers can override the defaults.
    let config = Config::from_lookup(|k| {
        vars.iter()
            .rev()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.clone())
    })
    .expect("test config");
    let server = Server::build(config, clock.clone())
        .await
        .expect("server starts");
    let addr = server.local_addr();
    let metrics_base = server.metrics_addr().map(|a| format!("http://{a}"));
    let state = server.state.clone();
    tokio::spawn(server.run(std::future::pending()));
    let base = format!("http://{addr}");
    TestApp {
        client: browser_client(&base),
        base,
        state,
        clock,
        dist,
        database_url,
        backend,
        mailbox,
        metrics_base,
    }
}

pub fn browser_client(base: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(ORIGIN, HeaderValue::from_str(base).unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .unwrap()
}

/// A new database per test on the local PostgreSQL server (trust auth).
async fn fresh_postgres_database(unique: &str) -> String {
    let admin = std::env::var("CARRYOVER_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    sqlx::any::install_default_drivers();
    use sqlx::Connection;
    let mut conn = sqlx::AnyConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {admin} must run for the tests: {e}"));
    let name = format!("carryover_test_{unique}");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    let (prefix, _) = admin.rsplit_once('/').unwrap();
    format!("{prefix}/{name}")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn login(&self, login: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/auth/login"))
            .json(&serde_json::json!({"login": login, "password": password}))
            .send()
            .await
            .unwrap()
    }

    pub async fn login_ok(&self, login: &str) -> serde_json::Value {
        let res = self.login(login, "carryover-demo").await;
        assert_eq!(res.status(), 200, "login as {login}");
        res.json().await.unwrap()
    }

    /// The one number a `SELECT COUNT(*)`-like query returns.
    pub async fn scalar(&self, sql: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
            .get(0)
    }

    /// A separate browser, signed in as `who` (demo password).
    pub async fn signed_in(&self, who: &str) -> reqwest::Client {
        let c = browser_client(&self.base);
        let res = c
            .post(self.url("/api/auth/login"))
            .json(&serde_json::json!({"login": who, "password": "carryover-demo"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "sign-in as {who}");
        c
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Fails the apply after its 1st, 2nd, … step until `attempt` goes through: every failed
    /// attempt must answer 500 `internal` and leave `tables` exactly as they were (one
    /// transaction, all or nothing). Returns how many steps failed.
    pub async fn fail_each_step_until_it_succeeds<F, Fut>(
        &self,
        tables: &[&str],
        attempt: F,
    ) -> usize
    where
        F: Fn(usize) -> Fut,
        Fut: std::future::Future<Output = reqwest::Response>,
    {
        let before = self.dump(tables).await;
        for n in 1..=30 {
            self.state.failpoints.arm(n);
            let res = attempt(n).await;
            if res.status().is_success() {
                self.state.failpoints.arm(0);
                return n - 1;
            }
            assert_eq!(res.status(), 500, "step {n}");
            assert_eq!(error_body(res).await["code"], "internal", "step {n}");
            assert_eq!(
                self.dump(tables).await,
                before,
                "database changed after a failure at step {n}"
            );
        }
        panic!("the attempt still failed after 30 injected failures");
    }

    /// Every table's rows as text, to compare a database before and after.
    pub async fn dump(&self, tables: &[&str]) -> Vec<String> {
        use sqlx::Row;
        let mut out = Vec::new();
        for t in tables {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {t} ORDER BY 1")))
                .fetch_all(&self.state.db.pool)
                .await
                .unwrap();
            for r in rows {
                let mut line = format!("{t}:");
                for i in 0..r.len() {
                    let v: Option<String> = r
                        .try_get::<Option<String>, _>(i)
                        .or_else(|_| {
                            r.try_get::<Option<i64>, _>(i)
                                .map(|o| o.map(|n| n.to_string()))
                        })
                        .unwrap();
                    line.push_str(&format!("{v:?}|"));
                }
                out.push(line);
            }
        }
        out
    }

    pub async fn post(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}

/// Previews `change` as `c` and commits its plan with a new Idempotency-Key: the preview and
/// the 201 body.
pub async fn preview_and_commit(
    app: &TestApp,
    c: &reqwest::Client,
    change: serde_json::Value,
) -> (serde_json::Value, serde_json::Value) {
    let res = c
        .post(app.url("/api/changes/preview"))
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "preview of {change}");
    let p: serde_json::Value = res.json().await.unwrap();
    let res = c
        .post(app.url("/api/changes"))
        .header("idempotency-key", uuid::Uuid::new_v4().to_string())
        .json(&serde_json::json!({"preview_token": p["preview_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "commit of {change}");
    (p, res.json().await.unwrap())
}

/// Uploads a small PDF to a change waiting for its documents, as `c`.
pub async fn upload_pdf(app: &TestApp, c: &reqwest::Client, change_id: &str) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"%PDF-1.7\n% a document\n".to_vec())
            .file_name("document.pdf"),
    );
    c.post(app.url(&format!("/api/changes/{change_id}/documents")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The "this wasn't me" code printed in the letter to the old address of the one address change.
pub async fn old_address_dispute_code(app: &TestApp) -> String {
    use sqlx::Row;
    let payload: String =
        sqlx::query("SELECT payload FROM outbox WHERE dedupe_key LIKE '%:old_address'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap()
            .get(0);
    serde_json::from_str::<serde_json::Value>(&payload).unwrap()["dispute_code"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The session's `Set-Cookie` header in full. Picked by name: the cookie jar sends its
/// cookies (session, sign-in hint) in no fixed order.
pub fn session_set_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("carryover_session="))
        .expect("the response sets the session cookie")
}

/// The `name=value` pair of the session cookie, as a `Cookie` header sends it back.
pub fn session_cookie_pair(res: &reqwest::Response) -> String {
    session_set_cookie(res)
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

/// Reads an error body and checks it has the contract's shape.
pub async fn error_body(res: reqwest::Response) -> serde_json::Value {
    let v: serde_json::Value = res.json().await.expect("error bodies are JSON");
    assert!(
        v["code"].is_string() && v["message"].is_string(),
        "error shape: {v}"
    );
    v
}
