//! After the end-to-end suite: the demo card numbers typed in the browser must appear nowhere
//! the servers wrote: not in the SQLite files (with their WAL) or the PostgreSQL dumps, the
//! mailboxes, or the logs.

use std::path::Path;

const PANS: [&str; 4] = [
    "4242424242424242",
    "4242 4242 4242 4242",
    "4000056655665556",
    "4000 0566 5566 5556",
];

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Scans every file under `dir` and the servers' captured `log`.
pub fn scan(dir: &Path, log: &str) -> Result<String, String> {
    let mut all = Vec::new();
    files(dir, &mut all);
    // SQLite files, or the dumps of PostgreSQL databases.
    if !all
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "db" || e == "sql"))
    {
        return Err(format!(
            "no database files under {}: the scan would prove nothing",
            dir.display()
        ));
    }
    let mut bytes = 0;
    for path in &all {
        let content = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        bytes += content.len();
        let text = String::from_utf8_lossy(&content);
        if let Some(pan) = PANS.iter().find(|p| text.contains(*p)) {
            return Err(format!(
                "a full card number ({}…) is in {}",
                &pan[..4],
                path.display()
            ));
        }
    }
    if let Some(pan) = PANS.iter().find(|p| log.contains(*p)) {
        return Err(format!(
            "a full card number ({}…) is in the server logs",
            &pan[..4]
        ));
    }
    Ok(format!(
        "{} files ({} KB) and {} KB of logs hold no card number",
        all.len(),
        bytes / 1024,
        log.len() / 1024
    ))
}
