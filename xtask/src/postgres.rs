//! The integration tests need a PostgreSQL server; start the local cluster if none answers.

use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use crate::sh::Cmd;

const ADDR: &str = "127.0.0.1:5432";

fn answers() -> bool {
    TcpStream::connect_timeout(
        &ADDR.parse().expect("valid address"),
        Duration::from_secs(2),
    )
    .is_ok()
}

pub fn ensure_running() -> Result<(), String> {
    if std::env::var_os("CARRYOVER_TEST_PG_URL").is_some() || answers() {
        println!("    PostgreSQL answers");
        return Ok(());
    }
    println!("    PostgreSQL does not answer at {ADDR}; starting the local cluster");
    let versions = std::fs::read_dir("/etc/postgresql")
        .map_err(|_| "no PostgreSQL server here (no /etc/postgresql); install one or set CARRYOVER_TEST_PG_URL".to_string())?;
    for v in versions.flatten() {
        let version = v.file_name().to_string_lossy().into_owned();
        let _ = Cmd::new("pg_ctlcluster", Path::new("/"))
            .args(["--skip-systemctl-redirect", &version, "main", "start"])
            .run();
    }
    for _ in 0..30 {
        if answers() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    Err(format!(
        "PostgreSQL still does not answer at {ADDR}; the PostgreSQL tests cannot run"
    ))
}

/// The maintenance database of the server the tests use: `CARRYOVER_TEST_PG_URL`, else the local one.
fn admin_url() -> String {
    std::env::var("CARRYOVER_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn psql(sql: &str) -> Option<String> {
    Cmd::new("psql", Path::new("/"))
        .args([admin_url().as_str(), "-Atc", sql])
        .read()
}

/// Fresh, empty databases `<prefix>0` … `<prefix><n-1>` for the end-to-end servers on
/// PostgreSQL (one per device, the Playwright config appends the number); answers the URL prefix.
pub fn fresh_e2e_databases(prefix: &str, n: usize) -> Result<String, String> {
    for i in 0..n {
        let name = format!("{prefix}{i}");
        psql(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        psql(&format!("CREATE DATABASE \"{name}\""))
            .ok_or_else(|| format!("could not create the database {name} for the e2e servers"))?;
    }
    let admin = admin_url();
    let server = admin.rsplit_once('/').map_or(admin.as_str(), |(s, _)| s);
    Ok(format!("{server}/{prefix}"))
}

/// Plain SQL dumps of those databases into `dir` (`<prefix><i>.sql`), for the card-number scan.
pub fn dump_e2e_databases(url_prefix: &str, n: usize, dir: &Path) -> Result<(), String> {
    for i in 0..n {
        let file = dir.join(format!("postgres-{i}.sql"));
        Cmd::new("pg_dump", Path::new("/"))
            .args([
                format!("{url_prefix}{i}").as_str(),
                "--no-owner",
                "-f",
                file.to_str().unwrap_or_default(),
            ])
            .run()?;
    }
    Ok(())
}

/// Each test makes its own database; remove those left by earlier runs.
pub fn drop_stale_test_databases() {
    let Some(list) = psql("SELECT datname FROM pg_database WHERE datname LIKE 'carryover_test_%'")
    else {
        return;
    };
    let names: Vec<&str> = list.lines().filter(|l| !l.is_empty()).collect();
    for name in &names {
        psql(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
    }
    if !names.is_empty() {
        println!("    removed {} test databases of earlier runs", names.len());
    }
}
