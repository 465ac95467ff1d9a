//! `carryover bench http`: the read path under load. The real server (router, middleware,
//! socket) listens on 127.0.0.1 in this process; `connections` keep-alive HTTP/1.1 clients in
//! the same process ask as fast as they are answered, one path at a time, for a fixed time each,
//! with a generated customer signed in. Per path: requests per second, p50 and p99 of the
//! latency, and the SQL statements one request runs (counted over a few requests made one at a
//! time before the timed runs, from sqlx's statement log).
//!
//! The clients share the machine's cores with the server, as wrk on the same machine would; the
//! ratio of `/api/me` to `/api/auth/session` (one session lookup) is measured in the same run.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use hyper_util::rt::TokioIo;
use shared::api::PrincipalKind;
use sqlx::Row;

use super::{ms, percentile, statements};
use crate::config::Config;
use crate::{AppState, Server};

/// What is measured, in order: the floor (no database), one session lookup, the overview.
const PATHS: [&str; 3] = ["/healthz", "/api/auth/session", "/api/me"];

/// Requests made one at a time per path to count its statements.
const COUNTED: usize = 20;

/// The figures of one path.
struct Figures {
    rate: f64,
    p50: Duration,
    p99: Duration,
    statements: Option<f64>,
}

pub async fn http(mut config: Config, seconds: u64, connections: usize) -> anyhow::Result<()> {
    config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
    config.metrics_bind = None;
    config.demo = false;
    let server = Server::build(config, crate::clock::Clock::system()).await?;
    let addr = server.local_addr();
    let state = server.state.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));

    let customer = generated_customer(&state).await?;
    let (token, _) =
        crate::auth::session::create(&state, PrincipalKind::Customer, &customer).await?;
    let cookie = format!("{}={token}", crate::auth::session::COOKIE);
    let me = Connection::open(addr, &cookie)
        .await?
        .get("/api/me")
        .await?;
    let me: serde_json::Value = serde_json::from_slice(&me)?;
    let dependents: usize = [
        "standing_orders",
        "mandates",
        "recurring_payments",
        "alerts",
        "limits",
        "wallet_tokens",
    ]
    .iter()
    .filter_map(|list| me[list].as_array().map(Vec::len))
    .sum();
    let run = Duration::from_secs(seconds);
    println!(
        "HTTP on {:?}, in process over 127.0.0.1: {connections} keep-alive connections, {seconds} s \
         per path after 1 s of warm-up; signed in: {customer} ({dependents} dependents)",
        state.db.backend
    );
    println!(
        "{:<20} {:>12} {:>9} {:>9} {:>20}",
        "path", "requests/s", "p50 ms", "p99 ms", "statements/request"
    );
    let mut rates = Vec::new();
    for path in PATHS {
        let (counted, statements) = statements::during(async {
            let mut client = Connection::open(addr, &cookie).await?;
            for _ in 0..COUNTED {
                client.get(path).await?;
            }
            anyhow::Ok(())
        })
        .await;
        counted?;
        load(addr, &cookie, path, connections, Duration::from_secs(1)).await?;
        let mut f = load(addr, &cookie, path, connections, run).await?;
        f.statements = statements.map(|n| n as f64 / COUNTED as f64);
        let counted = f
            .statements
            .map_or_else(|| "not counted".to_string(), |s| format!("{s:.1}"));
        println!(
            "{path:<20} {:>12.0} {:>9.2} {:>9.2} {counted:>20}",
            f.rate,
            ms(f.p50),
            ms(f.p99)
        );
        rates.push(f.rate);
    }
    println!(
        "/api/me answers {:.2}× the requests of /api/auth/session",
        rates[2] / rates[1].max(1e-9)
    );
    let _ = stop.send(());
    serving.await??;
    Ok(())
}

/// A customer of `seed --customers`, from the middle of them (the first and last ones are where
/// other benches add dependents); one is generated when there are none.
async fn generated_customer(state: &AppState) -> anyhow::Result<String> {
    let generated = "SELECT COUNT(*) FROM customers WHERE id LIKE 'bulk-%'";
    let mut n: i64 = sqlx::query(generated)
        .fetch_one(&state.db.pool)
        .await?
        .try_get(0)?;
    if n == 0 {
        crate::seed::bulk::seed(&state.db, &state.config.secret, 1, state.clock.now()).await?;
        n = 1;
    }
    Ok(
        sqlx::query(
            "SELECT id FROM customers WHERE id LIKE 'bulk-%' ORDER BY id LIMIT 1 OFFSET $1",
        )
        .bind(n / 2)
        .fetch_one(&state.db.pool)
        .await?
        .try_get(0)?,
    )
}

/// `connections` clients asking for `path` for `run`; every answer must be 200.
async fn load(
    addr: SocketAddr,
    cookie: &str,
    path: &'static str,
    connections: usize,
    run: Duration,
) -> anyhow::Result<Figures> {
    let started = Instant::now();
    let until = started + run;
    let clients: Vec<_> = (0..connections)
        .map(|_| {
            let cookie = cookie.to_string();
            tokio::spawn(async move {
                let mut client = Connection::open(addr, &cookie).await?;
                let mut took = Vec::with_capacity(65_536);
                while Instant::now() < until {
                    let t = Instant::now();
                    client.get(path).await?;
                    took.push(t.elapsed());
                }
                anyhow::Ok(took)
            })
        })
        .collect();
    let mut all = Vec::new();
    for c in clients {
        all.extend(c.await??);
    }
    let elapsed = started.elapsed();
    all.sort();
    Ok(Figures {
        rate: all.len() as f64 / elapsed.as_secs_f64(),
        p50: percentile(&all, 0.5),
        p99: percentile(&all, 0.99),
        statements: None,
    })
}

/// One keep-alive HTTP/1.1 connection with the session cookie.
struct Connection {
    sender: hyper::client::conn::http1::SendRequest<Body>,
    cookie: String,
}

impl Connection {
    async fn open(addr: SocketAddr, cookie: &str) -> anyhow::Result<Connection> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(conn);
        Ok(Connection {
            sender,
            cookie: cookie.to_string(),
        })
    }

    /// The whole answer's body, read but not parsed; anything but 200 ends the bench.
    async fn get(&mut self, path: &str) -> anyhow::Result<axum::body::Bytes> {
        let req = Request::get(path)
            .header(header::HOST, "127.0.0.1")
            .header(header::COOKIE, &self.cookie)
            .body(Body::empty())?;
        self.sender.ready().await?;
        let res = self.sender.send_request(req).await?;
        let status = res.status();
        let body = axum::body::to_bytes(Body::new(res.into_body()), usize::MAX).await?;
        anyhow::ensure!(status == StatusCode::OK, "{path} answered {status}");
        Ok(body)
    }
}
