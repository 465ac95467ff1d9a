use clap::{Parser, Subcommand};

use carryover::clock::Clock;
use carryover::config::{Config, Environment};
use carryover::db::Db;
use carryover::seed;

/// carryover: the self-service account-change portal.
///
/// Configuration comes from the environment: CARRYOVER_DATABASE_URL (default
/// sqlite://data/carryover.db), CARRYOVER_BIND (default 127.0.0.1:8080), CARRYOVER_SECRET
/// (required in production), CARRYOVER_ENV (dev|production), CARRYOVER_DIST (default dist),
/// CARRYOVER_DEMO=1 (seed the demo data into an empty database on start).
#[derive(Parser)]
#[command(name = "carryover", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the API and the web app.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Write brotli (quality 11) `.br` files beside the built web app's files, once per build.
    Precompress {
        /// The built web app (default: CARRYOVER_DIST or `dist`).
        dir: Option<std::path::PathBuf>,
    },
    /// Fill the database with data.
    Seed {
        /// The demo customers and staff of API.md (never in production mode).
        #[arg(long)]
        demo: bool,
        /// Add this many generated customers (accounts, cards, payments) for benchmarks.
        #[arg(long)]
        customers: Option<u32>,
        /// Give the generated customers a past of this many days (changes, staff contacts,
        /// cases, promises, notifications), for the staff dashboard.
        #[arg(long)]
        history_days: Option<u32>,
    },
    /// Reissue the cards of a portfolio (an operator's bulk run): each selected customer gets
    /// replacement cards in one transaction through the migration engine. Resumable: start it
    /// again with the same --run-id after a stop or a crash.
    Reissue {
        /// Resume this run (or start a new one under this id; default: a new id, printed).
        #[arg(long)]
        run_id: Option<String>,
        /// Cards whose expiry month is before this one (YYYY-MM).
        #[arg(long, value_name = "YYYY-MM", value_parser = carryover::reissue::YearMonth::parse)]
        expiring_before: Option<carryover::reissue::YearMonth>,
        /// Cards of this brand (Visa, Mastercard).
        #[arg(long)]
        brand: Option<String>,
        /// Cards on the accounts listed in this file (one account id per line).
        #[arg(long, value_name = "FILE")]
        account_ids_from: Option<std::path::PathBuf>,
        /// Move every dependent to the new card at once, as an activation would (the bank
        /// switches the number itself); without it the customer activates the new card.
        #[arg(long)]
        carry_over: bool,
        /// Concurrent workers (default: 1 on SQLite, 4 on PostgreSQL).
        #[arg(long)]
        workers: Option<usize>,
        /// Customers per transaction (each in a savepoint of its own). At 100,000 customers 200
        /// carried over 2,724/s on SQLite and 2,385/s on PostgreSQL, 50 1,736/s and 1,549/s; a
        /// batch holds SQLite's one write lock for about 0.1 s.
        #[arg(long, default_value_t = 200)]
        batch: usize,
    },
    /// Measure the service on the configured database.
    Bench {
        #[command(subcommand)]
        what: Bench,
    },
}

#[derive(Subcommand)]
enum Bench {
    /// Staff-search latency per kind of identifier (p50/p95/p99).
    Search {
        /// Queries per kind.
        #[arg(long, default_value_t = 300)]
        queries: usize,
    },
    /// A card activation's commit (over HTTP, in process) against the same writes as bare SQL,
    /// per number of dependents. Adds a generated customer to the database.
    Commit {
        /// Numbers of dependents, ascending.
        #[arg(long, value_delimiter = ',', default_value = "10,100,1000,10000")]
        sizes: Vec<usize>,
        /// Measured rounds per size and way (default: 50 for small sizes, 7 at 10,000).
        #[arg(long)]
        rounds: Option<usize>,
    },
    /// A holder change's approval (a bereavement on a joint account: names, holders, the
    /// deceased's card closed and its items moved) over HTTP, in process and as bare SQL, per
    /// number of dependents. Adds generated customers to the database.
    Holder {
        /// Numbers of dependents (half on the account, half on the deceased's card).
        #[arg(long, value_delimiter = ',', default_value = "10,100,1000,10000")]
        sizes: Vec<usize>,
        /// Measured rounds per size and way (default: 50 for small sizes, 7 at 10,000).
        #[arg(long)]
        rounds: Option<usize>,
    },
    /// A bank's portfolio reissue with carry-over (`carryover reissue`) in customers per second,
    /// against the same writes as bare SQL. Adds generated customers to the database.
    Reissue {
        /// Customers to generate and reissue.
        #[arg(long, default_value_t = 100_000)]
        customers: u32,
        /// Card-bound dependents per customer.
        #[arg(long, default_value_t = 10)]
        dependents: usize,
        /// Concurrent workers (default: 1 on SQLite, 4 on PostgreSQL).
        #[arg(long)]
        workers: Option<usize>,
        /// Customers per transaction (as `carryover reissue`).
        #[arg(long, default_value_t = 200)]
        batch: usize,
    },
    /// The read path under load: requests/s, p50, p99 and SQL statements per request of
    /// GET /api/me, /api/auth/session and /healthz, against the server in process on 127.0.0.1
    /// with a generated customer signed in (one is added when there is none).
    Http {
        /// Measured seconds per path (after one second of warm-up).
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Concurrent keep-alive connections.
        #[arg(long, default_value_t = 16)]
        connections: usize,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init_tracing(matches!(
        cli.command,
        Command::Bench {
            what: Bench::Http { .. }
        }
    ));
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Precompress { dir } = &cli.command {
        // Needs no configuration (and no secret): it only reads and writes files.
        let dir = dir.clone().unwrap_or_else(|| {
            std::env::var_os("CARRYOVER_DIST").map_or_else(|| "dist".into(), Into::into)
        });
        let report = carryover::precompress::run(&dir)?;
        for (path, before, after) in &report.written {
            println!("    {}: {before} → {after} bytes", path.display());
        }
        println!(
            "precompressed {} files ({} already fresh)",
            report.written.len(),
            report.fresh
        );
        return Ok(());
    }
    let config = Config::from_env()?;
    match cli.command {
        Command::Precompress { .. } => unreachable!("handled above"),
        Command::Serve => serve(config).await,
        Command::Migrate => {
            Db::connect(&config.database_url).await?.migrate().await?;
            println!("database is up to date");
            Ok(())
        }
        Command::Seed {
            demo,
            customers,
            history_days,
        } => {
            if !demo && customers.is_none() && history_days.is_none() {
                anyhow::bail!("say what to seed: --demo, --customers N and/or --history-days D");
            }
            if config.env == Environment::Production {
                anyhow::bail!("generated and demo data are never seeded in production mode");
            }
            let db = Db::connect(&config.database_url).await?;
            db.migrate().await?;
            if demo {
                match seed::demo::seed(&db, &config.secret, Clock::system().now()).await? {
                    seed::demo::Outcome::Seeded => println!("demo data seeded"),
                    seed::demo::Outcome::AlreadyPresent => {
                        println!("the database already has customers; demo data left out")
                    }
                }
            }
            if let Some(n) = customers {
                println!("generating {n} customers");
                seed::bulk::seed(&db, &config.secret, n, Clock::system().now()).await?;
            }
            if let Some(days) = history_days {
                let g = seed::history::seed(&db, days, Clock::system().now()).await?;
                println!(
                    "generated {days} days of history: {} completed changes ({} self-service), {} cases, {} promises",
                    g.changes, g.self_service, g.cases, g.promises
                );
            }
            Ok(())
        }
        Command::Reissue {
            run_id,
            expiring_before,
            brand,
            account_ids_from,
            carry_over,
            workers,
            batch,
        } => {
            let accounts = account_ids_from
                .as_deref()
                .map(carryover::reissue::selection::read_accounts)
                .transpose()?;
            let state = carryover::AppState::open(config, Clock::system()).await?;
            let summary = carryover::reissue::run(
                &state,
                carryover::reissue::Options {
                    run_id,
                    criteria: carryover::reissue::Criteria {
                        expiring_before,
                        brand,
                        accounts_file: account_ids_from.map(|p| p.display().to_string()),
                    },
                    accounts,
                    carry_over,
                    workers,
                    batch,
                    report: true,
                },
            )
            .await?;
            summary.print();
            anyhow::ensure!(
                summary.failed == 0,
                "{} customers failed and were rolled back; run again with --run-id {} to retry them",
                summary.failed,
                summary.run_id
            );
            Ok(())
        }
        Command::Bench {
            what: Bench::Search { queries },
        } => {
            let state = carryover::AppState::open(config, Clock::system()).await?;
            carryover::bench::search(&state, queries).await
        }
        Command::Bench {
            what: Bench::Commit { sizes, rounds },
        } => {
            let state = carryover::AppState::open(config, Clock::system()).await?;
            carryover::bench::commit(&state, &sizes, rounds).await
        }
        Command::Bench {
            what: Bench::Holder { sizes, rounds },
        } => {
            let state = carryover::AppState::open(config, Clock::system()).await?;
            carryover::bench::holder(&state, &sizes, rounds).await
        }
        Command::Bench {
            what:
                Bench::Reissue {
                    customers,
                    dependents,
                    workers,
                    batch,
                },
        } => {
            let state = carryover::AppState::open(config, Clock::system()).await?;
            carryover::bench::reissue(&state, customers, dependents, workers, batch).await
        }
        Command::Bench {
            what: Bench::Http {
                seconds,
                connections,
            },
        } => carryover::bench::http(config, seconds, connections).await,
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let server = carryover::Server::build(config, Clock::system()).await?;
    let addr = server.local_addr();
    carryover::scheduler::spawn_workers(server.state.clone(), server.state.config.worker_interval);
    tracing::info!(%addr, "listening");
    println!("carryover is running at http://{addr}/");
    if server.state.config.demo {
        println!(
            "demo logins (password `{}`): max@example.com, erika@example.com, lena@example.com, agent@example.com, supervisor@example.com",
            seed::demo::PASSWORD
        );
    }
    server.run(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// `count_statements`: `bench http` counts sqlx's statements with a layer of its own, filtered
/// apart from the log's filter so that the log's level does not hide them.
fn init_tracing(count_statements: bool) {
    use tracing_subscriber::prelude::*;
    use tracing_subscriber::{EnvFilter, fmt};
    let filter = EnvFilter::try_from_env("CARRYOVER_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let json = std::env::var("CARRYOVER_LOG_FORMAT").is_ok_and(|v| v == "json");
    let log = fmt::layer().with_writer(std::io::stderr);
    let log = if json {
        log.json().boxed()
    } else {
        log.boxed()
    };
    tracing_subscriber::registry()
        .with(log.with_filter(filter))
        .with(count_statements.then(carryover::bench::statements::layer))
        .init();
}
