//! carryover backend: axum + sqlx over SQLite or PostgreSQL.

pub mod arrears;
pub mod auth;
pub mod bench;
pub mod cards;
pub mod changes;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod customer;
pub mod daily;
pub mod db;
pub mod error;
pub mod failpoint;
pub mod http;
pub mod invitations;
pub mod mail;
pub mod migration;
pub mod outbox;
pub mod precompress;
pub mod precondition;
pub mod reissue;
pub mod scheduler;
pub mod search_terms;
pub mod seed;
pub mod staff;
pub mod telemetry;
pub mod testing;
pub mod throttle;
pub mod timeline;
pub mod transition;

use std::sync::Arc;

use clock::Clock;
use config::Config;
use db::Db;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub failpoints: failpoint::FailPoints,
    /// Card activations previewed by this process, for their commit.
    pub previews: changes::previews::Previews,
}

/// A bound, migrated server, ready to run. Tests use this with port 0.
pub struct Server {
    pub listener: tokio::net::TcpListener,
    /// `CARRYOVER_METRICS_BIND`'s listener, serving only `/metrics`.
    pub metrics_listener: Option<tokio::net::TcpListener>,
    pub router: axum::Router,
    pub state: AppState,
}

impl AppState {
    /// State for command-line work on a database (no listener).
    pub async fn open(config: Config, clock: Clock) -> anyhow::Result<AppState> {
        let db = Db::connect(&config.database_url).await?;
        db.migrate().await?;
        Ok(AppState {
            db,
            config: Arc::new(config),
            clock,
            failpoints: Default::default(),
            previews: Default::default(),
        })
    }
}

impl Server {
    pub async fn build(config: Config, clock: Clock) -> anyhow::Result<Server> {
        let db = Db::connect(&config.database_url).await?;
        db.migrate().await?;
        if config.demo {
            seed::demo::seed(&db, &config.secret, clock.now()).await?;
        }
        let listener = tokio::net::TcpListener::bind(config.bind).await?;
        let metrics_listener = match config.metrics_bind {
            Some(addr) => Some(tokio::net::TcpListener::bind(addr).await?),
            None => None,
        };
        let state = AppState {
            db,
            config: Arc::new(config),
            clock,
            failpoints: Default::default(),
            previews: Default::default(),
        };
        let router = http::router(state.clone());
        Ok(Server {
            listener,
            metrics_listener,
            router,
            state,
        })
    }

    pub fn local_addr(&self) -> std::net::SocketAddr {
        self.listener
            .local_addr()
            .expect("bound listener has an address")
    }

    pub fn metrics_addr(&self) -> Option<std::net::SocketAddr> {
        self.metrics_listener
            .as_ref()
            .map(|l| l.local_addr().expect("bound listener has an address"))
    }

    /// Serves until `shutdown` resolves, then finishes the requests in flight. The metrics
    /// listener, if any, serves for as long as the process runs.
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        if let Some(listener) = self.metrics_listener {
            let metrics = http::metrics_router(self.state.clone());
            tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, metrics).await {
                    tracing::error!(error = %e, "the metrics listener stopped");
                }
            });
        }
        let app = self
            .router
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await
    }
}
