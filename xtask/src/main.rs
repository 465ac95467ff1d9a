//! The project's own commands: `cargo xtask run` and `cargo xtask test`.
//!
//! Dependency-free on purpose: this builds in seconds on a fresh machine, before anything else.

mod pan_scan;
mod postgres;
mod sh;
mod summary;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use sh::{Cmd, step};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&root),
        Some("test") => test(&root, &args[1..]),
        Some("install") => tools::ensure_build_tools(&root).map(|_| ()),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  run      install what is missing, build the app, serve it on http://127.0.0.1:8080\n  test     everything CI runs: fmt, clippy, unit and integration tests (SQLite and PostgreSQL), e2e in Chromium\n  install  only install the build tools"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn run(root: &Path) -> Result<(), String> {
    let started = Instant::now();
    let tools = tools::ensure_build_tools(root)?;
    step("Building the web app (release, size-optimised)");
    tools::build_frontend(root, &tools)?;
    step("Building the server (release)");
    Cmd::new("cargo", root)
        .args([
            "build",
            "--release",
            "--package",
            "carryover-backend",
            "--bin",
            "carryover",
        ])
        .run()?;
    step(&format!(
        "Ready after {:.0?}; starting the server",
        started.elapsed()
    ));
    println!(
        "    Demo logins (password carryover-demo): max@example.com, erika@example.com, lena@example.com,"
    );
    println!("    agent@example.com, supervisor@example.com. Stop with Ctrl-C.\n");
    Cmd::new(
        root.join("target/release/carryover").to_str().unwrap(),
        root,
    )
    .arg("serve")
    .env("CARRYOVER_DEMO", "1")
    .env_default("CARRYOVER_BIND", "127.0.0.1:8080")
    .env_default("CARRYOVER_DIST", root.join("dist").to_str().unwrap())
    .run()
}

fn test(root: &Path, extra: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let tools = tools::ensure_build_tools(root)?;
    tools::ensure_chromium()?;
    tools::ensure_aiosmtpd(root)?;
    tools::ensure_e2e_packages(root)?;
    let mut totals = summary::Totals::default();

    step("cargo fmt --check");
    Cmd::new("cargo", root)
        .args(["fmt", "--all", "--", "--check"])
        .run()?;

    step("clippy (warnings denied)");
    Cmd::new("cargo", root)
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .run()?;
    Cmd::new("cargo", root)
        .args([
            "clippy",
            "--package",
            "carryover-frontend",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ])
        .run()?;

    step("PostgreSQL for the integration tests");
    postgres::ensure_running()?;
    postgres::drop_stale_test_databases();

    step("Unit and integration tests (every store and API test on SQLite and PostgreSQL)");
    let out = Cmd::new("cargo", root)
        .args(["test", "--workspace", "--no-fail-fast"])
        .args(extra.iter().map(String::as_str))
        .run_tee()?;
    totals.add_cargo(&out.output);
    if !out.success {
        return Err(format!("cargo test failed\n{}", totals.line()));
    }

    step("Building the web app and the server for the end-to-end suite");
    tools::build_frontend(root, &tools)?;
    // `cargo test` built the server for the integration tests just now (cargo builds a package's
    // binaries for its integration tests); a separate `cargo build` would unify features
    // differently and recompile sqlx for nothing.
    if !root.join("target/debug/carryover").exists() {
        Cmd::new("cargo", root)
            .args([
                "build",
                "--package",
                "carryover-backend",
                "--bin",
                "carryover",
            ])
            .run()?;
    }

    step("End-to-end suite in Chromium (desktop and two mobile profiles)");
    let e2e = root.join("e2e");
    let report = std::env::temp_dir().join(format!("carryover-e2e-{}.json", std::process::id()));
    // The servers' databases, mailboxes and logs stay here for the card-number scan below.
    let data = root.join("target/e2e-data");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let out = Cmd::new("npx", &e2e)
        .args(["playwright", "test"])
        .env(
            "CARRYOVER_BIN",
            root.join("target/debug/carryover").to_str().unwrap(),
        )
        .env("CARRYOVER_DIST", root.join("dist").to_str().unwrap())
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", report.to_str().unwrap())
        .env("CARRYOVER_E2E_TMP", data.to_str().unwrap())
        .env("CARRYOVER_LOG", "info")
        .env("CI", "1")
        .run_tee()?;
    totals.add_playwright(&std::fs::read_to_string(&report).unwrap_or_default());
    println!("\nxtask test finished in {:.0?}", started.elapsed());
    if !out.success {
        println!("e2e report: e2e/playwright-report/index.html, traces in e2e/test-results/");
        println!("{}", totals.line());
        return Err("the end-to-end suite failed".into());
    }
    step("Card-number scan of what the e2e servers wrote");
    match pan_scan::scan(&data, &out.output) {
        Ok(msg) => println!("    {msg}"),
        Err(e) => {
            println!("{}", totals.line());
            return Err(e);
        }
    }
    println!("{}", totals.line());
    Ok(())
}
