//! The project's own commands: `cargo xtask run` and `cargo xtask test`.
//!
//! Dependency-free on purpose: this builds in seconds on a fresh machine, before anything else.

mod contract;
mod lighthouse;
mod loader;
mod minify;
mod pan_scan;
mod postgres;
mod server;
mod sh;
mod size;
mod staff_page;
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
        Some("contract") => contract_only(&root),
        Some("size") => size_budget(&root).map(|line| println!("{line}")),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  run      install what is missing, build the app, serve it on http://127.0.0.1:8080\n  test     everything CI runs: fmt, clippy, unit and integration tests (SQLite and PostgreSQL), e2e in Chromium\n  install  only install the build tools\n  contract only the API contract check (after a test run built the server and the web app)\n  size     only the first-load size budget (after `run` or `test` built and precompressed the web app)"
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
    precompress(root, "release")?;
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
    // A dev server: the e2e suite can run against it (it makes its own customers).
    .env_default("CARRYOVER_TEST_DATA", "1")
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
    let schemathesis = contract::ensure_schemathesis(root)?;
    let mut totals = summary::Totals::default();

    step("cargo fmt --check");
    Cmd::new("cargo", root)
        .args(["fmt", "--all", "--", "--check"])
        .run()?;

    step("clippy (warnings denied)");
    // The web app is linted once, for the browser, tests included: it has no native-only code,
    // and linting it natively too checked the whole Leptos stack a second time.
    Cmd::new("cargo", root)
        .args([
            "clippy",
            "--workspace",
            "--exclude",
            "carryover-frontend",
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
            "--all-targets",
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

    precompress(root, "debug")?;
    let sizes = size_budget(root)?;

    contract_stage(root, &schemathesis, &mut totals)?;

    // The whole suite once per language (a German browser, then an English one), each with its own
    // servers and data, JSON report, HTML report and traces. A red German run still lets the
    // English one run, for the full picture, and makes the command fail.
    let mut runs = Vec::new();
    for lang in E2E_LANGS {
        step(&format!(
            "End-to-end suite in Chromium (desktop and two mobile profiles), in {}, on {}",
            language_name(lang),
            if on_postgres(lang) {
                "PostgreSQL"
            } else {
                "SQLite"
            }
        ));
        let run = e2e_run(root, lang)?;
        totals.add_playwright(&run.report);
        runs.push(run);
    }
    println!("\nxtask test finished in {:.0?}", started.elapsed());
    println!("{sizes}");
    for run in &runs {
        let mut own = summary::Totals::default();
        own.add_playwright(&run.report);
        println!("e2e in {}: {}", language_name(run.lang), own.counts());
    }
    let failed: Vec<&str> = runs
        .iter()
        .filter(|r| !r.out.success)
        .map(|r| language_name(r.lang))
        .collect();
    if !failed.is_empty() {
        println!(
            "e2e reports: e2e/playwright-report/<{0}>/index.html, traces in e2e/test-results/<{0}>/",
            E2E_LANGS.join("|")
        );
        println!("{}", totals.line());
        return Err(format!(
            "the end-to-end suite failed in {}",
            failed.join(" and ")
        ));
    }
    let lighthouse = lighthouse::check(root).inspect_err(|_| println!("{}", totals.line()))?;
    println!("{lighthouse}");
    step("Card-number scan of what the e2e servers wrote");
    for run in &runs {
        match pan_scan::scan(&run.data, &run.out.output) {
            Ok(msg) => println!("    {}: {msg}", language_name(run.lang)),
            Err(e) => {
                println!("{}", totals.line());
                return Err(format!("{} run: {e}", language_name(run.lang)));
            }
        }
    }
    println!("{}", totals.line());
    Ok(())
}

/// Schemathesis against the server's OpenAPI document; its test cases go into `totals`.
fn contract_stage(
    root: &Path,
    schemathesis: &Path,
    totals: &mut summary::Totals,
) -> Result<(), String> {
    step("API contract: Schemathesis against /api/openapi.json (customer and staff sessions)");
    let contract = contract::check(root, schemathesis)?;
    for run in &contract {
        totals.add_schemathesis(&run.output);
    }
    let broken: Vec<&str> = contract
        .iter()
        .filter(|r| !r.success)
        .map(|r| r.label.as_str())
        .collect();
    if !broken.is_empty() {
        println!("{}", totals.line());
        return Err(format!(
            "the API contract check failed: {} (reports in target/contract/)",
            broken.join("; ")
        ));
    }
    Ok(())
}

fn contract_only(root: &Path) -> Result<(), String> {
    let schemathesis = contract::ensure_schemathesis(root)?;
    let mut totals = summary::Totals::default();
    contract_stage(root, &schemathesis, &mut totals)?;
    println!("{}", totals.line());
    Ok(())
}

/// The languages the end-to-end suite runs in, in this order (`CARRYOVER_E2E_LANG`).
const E2E_LANGS: [&str; 2] = ["de", "en"];

/// The English pass runs its servers on PostgreSQL (a fresh database per device), the German one
/// on SQLite: the browser meets both stores.
fn on_postgres(lang: &str) -> bool {
    lang == "en"
}

/// Servers per e2e pass: one per device in `e2e/playwright.config.ts`.
const E2E_DEVICES: usize = 3;

fn language_name(lang: &str) -> &'static str {
    match lang {
        "de" => "German",
        _ => "English",
    }
}

/// One run of the end-to-end suite: its output, its JSON report and its servers' data folder.
struct E2eRun {
    lang: &'static str,
    data: PathBuf,
    out: sh::Output,
    report: String,
}

fn e2e_run(root: &Path, lang: &'static str) -> Result<E2eRun, String> {
    let e2e = root.join("e2e");
    let report =
        std::env::temp_dir().join(format!("carryover-e2e-{}-{lang}.json", std::process::id()));
    let _ = std::fs::remove_file(&report);
    // The servers' databases, mailboxes and logs stay here for the card-number scan.
    let data = root.join("target/e2e-data").join(lang);
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let results = e2e.join("test-results").join(lang);
    let pg_prefix = if on_postgres(lang) {
        Some(postgres::fresh_e2e_databases(
            &format!("carryover_e2e_{lang}_"),
            E2E_DEVICES,
        )?)
    } else {
        None
    };
    let mut cmd = Cmd::new("npx", &e2e);
    if let Some(prefix) = &pg_prefix {
        cmd = cmd.env("CARRYOVER_E2E_PG_PREFIX", prefix);
    }
    let out = cmd
        .args(["playwright", "test", "--output", results.to_str().unwrap()])
        .env("CARRYOVER_E2E_LANG", lang)
        .env(
            "CARRYOVER_BIN",
            root.join("target/debug/carryover").to_str().unwrap(),
        )
        .env("CARRYOVER_DIST", root.join("dist").to_str().unwrap())
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", report.to_str().unwrap())
        .env(
            "PLAYWRIGHT_HTML_OUTPUT_DIR",
            e2e.join("playwright-report").join(lang).to_str().unwrap(),
        )
        .env(
            "PLAYWRIGHT_JUNIT_OUTPUT_NAME",
            e2e.join("playwright-report")
                .join(lang)
                .join("junit.xml")
                .to_str()
                .unwrap(),
        )
        .env("CARRYOVER_E2E_TMP", data.to_str().unwrap())
        .env("CARRYOVER_LOG", "info")
        .env("CI", "1")
        .run_tee()?;
    if let Some(prefix) = &pg_prefix {
        postgres::dump_e2e_databases(prefix, E2E_DEVICES, &data)?;
    }
    Ok(E2eRun {
        lang,
        data,
        out,
        report: std::fs::read_to_string(&report).unwrap_or_default(),
    })
}

/// The customer's first loads (home, sign-in, changes) against their budgets, and the staff app's
/// (reported); the figures as one line for the summary.
fn size_budget(root: &Path) -> Result<String, String> {
    step("Size budget: the first load as served with brotli");
    let dist = root.join("dist");
    let mut line = String::from("first load (brotli):");
    let mut over = Vec::new();
    for (name, page, budget) in [
        ("customer home", dist.join("index.html"), size::BUDGET),
        (
            "sign-in page",
            dist.join("sign-in").join("index.html"),
            size::SIGN_IN_BUDGET,
        ),
        (
            "customer changes",
            dist.join("changes").join("index.html"),
            size::CHANGES_BUDGET,
        ),
    ] {
        let load = size::first_load(&dist, &page)?;
        println!("    {name}: {}", load.describe());
        line.push_str(&format!(" {name} {} B of {budget} B budget,", load.total()));
        if load.total() > budget {
            over.push(format!(
                "the {name}'s first load is {} B, over its budget of {budget} B: {}",
                load.total(),
                load.describe()
            ));
        }
    }
    let staff_page = dist.join("staff").join("index.html");
    if staff_page.exists() {
        let staff = size::first_load(&dist, &staff_page)?;
        println!("    staff app: {}", staff.describe());
        line.push_str(&format!(" staff app {} B", staff.total()));
    }
    if !over.is_empty() {
        return Err(over.join("; "));
    }
    Ok(line.trim_end_matches(',').to_owned())
}

/// Brotli quality-11 `.br` files beside the web app's files (served to browsers that accept br),
/// written by the server binary of `profile`.
fn precompress(root: &Path, profile: &str) -> Result<(), String> {
    step("Precompressing the web app (brotli, quality 11)");
    let bin = root.join("target").join(profile).join("carryover");
    Cmd::new(bin.to_str().unwrap(), root)
        .args(["precompress", root.join("dist").to_str().unwrap()])
        .run()
}
