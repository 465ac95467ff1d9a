//! Two real `carryover serve` processes on one fresh PostgreSQL database, and a browser that a
//! load balancer without sticky sessions sends to either of them.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use carryover::db::Db;
use reqwest::cookie::CookieStore;
use reqwest::header::{COOKIE, HeaderValue, ORIGIN};
use serde_json::Value;

/// One server process; killed (and reaped) when dropped, also when the test panics.
pub struct Replica {
    child: Child,
    pub base: String,
    /// Its own mailbox folder: a message delivered by both replicas would land in both.
    pub mailbox: PathBuf,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Replicas {
    pub a: Replica,
    pub b: Replica,
    /// The test's own connection to the shared database, to look behind the API.
    pub db: Db,
}

impl Replicas {
    /// Seeds the demo data once (two processes seeding an empty database at once would race),
    /// runs `prepare` on the seeded database, then starts both replicas. The workers of both
    /// look for due work every 100 ms, so they compete for it.
    pub async fn start<F, Fut>(prepare: F) -> Replicas
    where
        F: FnOnce(Db) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let tmp = std::env::temp_dir().join(format!("carryover-replicas-{unique}"));
        std::fs::create_dir_all(&tmp).unwrap();
        let database_url = super::fresh_postgres_database(&unique).await;
        let seeded = command(&database_url, &tmp)
            .args(["seed", "--demo"])
            .status()
            .expect("carryover seed runs");
        assert!(seeded.success(), "carryover seed --demo failed");
        let db = Db::connect(&database_url).await.unwrap();
        prepare(db.clone()).await;
        let (a, b) = tokio::join!(
            spawn(&database_url, &tmp, "a"),
            spawn(&database_url, &tmp, "b")
        );
        Replicas { a, b, db }
    }

    /// The one number a `SELECT COUNT(*)`-like query returns.
    pub async fn scalar(&self, sql: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
            .get(0)
    }

    /// Waits (up to 20 s) until `sql` counts `expected`, as the replicas' workers get there.
    pub async fn eventually(&self, sql: &str, expected: i64) {
        let mut last = 0;
        for _ in 0..400 {
            last = self.scalar(sql).await;
            if last == expected {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("`{sql}` still counts {last}, not {expected}");
    }
}

/// The binary with only this test's configuration (none of the caller's `CARRYOVER_*`).
pub fn command(database_url: &str, tmp: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_carryover"));
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("CARRYOVER_")) {
        cmd.env_remove(k);
    }
    cmd.env("CARRYOVER_DATABASE_URL", database_url)
        .env("CARRYOVER_SECRET", super::SECRET)
        // The API only: no web app to serve.
        .env("CARRYOVER_DIST", tmp.join("no-dist"))
        .env("CARRYOVER_LOG", "warn")
        .stdout(Stdio::null());
    cmd
}

async fn spawn(database_url: &str, tmp: &std::path::Path, name: &str) -> Replica {
    let mailbox = tmp.join(format!("mailbox-{name}"));
    let mut child = command(database_url, tmp)
        .arg("serve")
        .env("CARRYOVER_BIND", "127.0.0.1:0")
        .env("CARRYOVER_WORKER_INTERVAL_MS", "100")
        .env("CARRYOVER_MAILBOX", &mailbox)
        .env("CARRYOVER_DOCUMENTS", tmp.join("documents"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("carryover serve starts");
    // It prints its address once listening; the pipe is read to its end so that the process
    // never blocks on (or dies of) a full or closed stdout.
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(addr) = line.strip_prefix("carryover is running at ")
                && let Some(tx) = tx.take()
            {
                let _ = tx.send(addr.trim_end_matches('/').to_string());
            }
        }
    });
    // Built before the wait, so a replica that never listens is killed too.
    let mut replica = Replica {
        child,
        base: String::new(),
        mailbox,
    };
    match tokio::time::timeout(Duration::from_secs(60), rx).await {
        Ok(Ok(base)) => replica.base = base,
        _ => panic!("replica {name} did not start listening (its log is above)"),
    }
    replica
}

/// A browser behind a load balancer: one cookie jar, each request sent to the replica the test
/// names, with that replica as its `Origin` (as the balancer's host would be).
pub struct Browser {
    client: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
}

impl Default for Browser {
    fn default() -> Self {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .build()
            .unwrap();
        Browser { client, jar }
    }
}

impl Browser {
    pub fn request(
        &self,
        r: &Replica,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", r.base))
            .header(ORIGIN, &r.base)
    }

    pub async fn get(&self, r: &Replica, path: &str) -> reqwest::Response {
        self.request(r, reqwest::Method::GET, path)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, r: &Replica, path: &str, body: Value) -> reqwest::Response {
        self.request(r, reqwest::Method::POST, path)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn login(&self, r: &Replica, login: &str, password: &str) -> reqwest::Response {
        let body = serde_json::json!({"login": login, "password": password});
        self.post(r, "/api/auth/login", body).await
    }

    pub async fn login_ok(&self, r: &Replica, login: &str) {
        let res = self.login(r, login, "carryover-demo").await;
        assert_eq!(res.status(), 200, "sign-in as {login} on {}", r.base);
    }

    /// The `Cookie` header this browser sends now (cookies name a host, not a port: the same
    /// for both replicas).
    pub fn cookies(&self, r: &Replica) -> HeaderValue {
        self.jar
            .cookies(&r.base.parse().unwrap())
            .expect("a session cookie")
    }

    /// A GET with a `Cookie` header kept from earlier, as a copied or stolen cookie would be
    /// sent after the browser forgot it.
    pub async fn get_with(
        &self,
        r: &Replica,
        path: &str,
        cookies: &HeaderValue,
    ) -> reqwest::Response {
        reqwest::Client::new()
            .get(format!("{}{path}", r.base))
            .header(COOKIE, cookies)
            .send()
            .await
            .unwrap()
    }
}
