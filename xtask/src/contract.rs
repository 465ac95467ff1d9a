//! The API contract, checked by a tool we did not write: Schemathesis generates requests from
//! `/api/openapi.json` and checks every answer against it (status codes, schemas, headers,
//! constraints the document states and the server must enforce). Once signed in as a customer
//! and once as staff, each with a fixed seed (reproducible) and a fresh one (new cases each run),
//! each against its own server on a fresh database with the demo data.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::server::Server;
use crate::sh::Cmd;

/// The fixed seed: a failure it finds is found again by the next run.
const FIXED_SEED: u64 = 20261204;
const PORT: u16 = 18990;
const SESSIONS: [(&str, &str); 2] = [
    ("customer", "max@example.com"),
    ("staff", "supervisor@example.com"),
];

pub struct Run {
    pub label: String,
    pub success: bool,
    pub output: String,
}

/// The venv's Python with Schemathesis at the version `tools.toml` names.
pub fn ensure_schemathesis(root: &Path) -> Result<PathBuf, String> {
    let version = crate::tools::tool_version(root, "schemathesis")?;
    let venv = root.join(".tools/schemathesis");
    let python = venv.join("bin/python");
    let installed = Cmd::new(venv.join("bin/schemathesis").to_str().unwrap(), root)
        .arg("--version")
        .read()
        .is_some_and(|v| v.contains(&format!("version {version}")));
    if installed {
        println!("    schemathesis {version}: present");
        return Ok(python);
    }
    println!("    schemathesis {version}: installing with pip into .tools/schemathesis");
    Cmd::new("python3", root)
        .args(["-m", "venv", venv.to_str().unwrap()])
        .run()?;
    Cmd::new(python.to_str().unwrap(), root)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .arg(&format!("schemathesis=={version}"))
        .run()?;
    Ok(python)
}

/// Every (session, seed) run; the caller fails the command when one fails.
pub fn check(root: &Path, python: &Path) -> Result<Vec<Run>, String> {
    let fresh = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs()
        % 1_000_000;
    let plans: Vec<(String, &str, u64)> = SESSIONS
        .iter()
        .flat_map(|(who, login)| {
            [FIXED_SEED, fresh].map(|seed| (format!("{who} session, seed {seed}"), *login, seed))
        })
        .collect();
    // The runs side by side, each with its own server and port: one run is mostly a single
    // Python thread waiting on its server, and one after the other they took over 3 minutes.
    let runs = std::thread::scope(|scope| {
        let handles: Vec<_> = plans
            .iter()
            .enumerate()
            .map(|(n, (label, login, seed))| {
                scope.spawn(move || -> Result<Run, String> {
                    let who = label.split(' ').next().unwrap_or("run");
                    let data = root.join("target/contract").join(format!("{who}-{seed}"));
                    let _ = std::fs::remove_dir_all(&data);
                    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
                    let port = PORT + u16::try_from(n).unwrap_or(0);
                    let server = Server::start(root, &data, port)?;
                    let out = Cmd::new(python.to_str().unwrap(), root)
                        .args([
                            root.join("contract/run.py").to_str().unwrap(),
                            &server.base,
                            login,
                            "carryover-demo",
                            &seed.to_string(),
                            data.join("report").to_str().unwrap(),
                        ])
                        .capture()?;
                    drop(server);
                    Ok(Run {
                        label: label.clone(),
                        success: out.success,
                        output: out.output,
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a contract run panicked".into()))
            })
            .collect::<Result<Vec<Run>, String>>()
    })?;
    for run in &runs {
        println!("    -- {}\n{}", run.label, run.output);
    }
    Ok(runs)
}
