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

/// Each test makes its own database; remove those left by earlier runs.
pub fn drop_stale_test_databases() {
    let psql = |sql: &str| {
        Cmd::new("psql", Path::new("/"))
            .args([
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-Atc",
                sql,
            ])
            .read()
    };
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
