//! Lighthouse (mobile preset) on the sign-in page and the signed-in overview, served by the
//! debug server with the demo data; `e2e/lighthouse.mjs` runs it, gates and prints the figures.

use std::path::Path;

use crate::server::Server;
use crate::sh::{Cmd, step};

/// The figures as one line for the summary (`LIGHTHOUSE …` of the script), or why it failed.
pub fn check(root: &Path) -> Result<String, String> {
    step("Lighthouse (mobile: slow 4G, 4x CPU) on sign-in and the overview; installability");
    let data = root.join("target/lighthouse");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let server = Server::start(root, &data, 18190)?;
    let reports = root.join("e2e/playwright-report/lighthouse");
    let out = Cmd::new("node", &root.join("e2e"))
        .args(["lighthouse.mjs", &server.base, reports.to_str().unwrap()])
        .env("CHROME_PATH", "/usr/bin/chromium")
        .run_tee()?;
    let line = out
        .output
        .lines()
        .find_map(|l| l.strip_prefix("LIGHTHOUSE "))
        .map(|figures| format!("Lighthouse (performance/accessibility/best practices): {figures}"))
        .unwrap_or_default();
    if !out.success {
        return Err(format!(
            "the Lighthouse gate failed (reports in {}) {line}",
            reports.display()
        ));
    }
    Ok(line)
}
