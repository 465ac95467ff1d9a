//! The size budget: what a customer's browser downloads on the first visit (the page and every
//! script, wasm module and stylesheet it names), counted as the server sends it to a browser
//! that accepts brotli: the precompressed `.br` beside each file.

use std::path::Path;

/// A signed-in customer's first load (the home: the overview) may not grow past this. Issue 13's
/// target is 200 KB; it was 444 KB while the staff console shipped in the customer's bundle,
/// 336 KB while the change flows did and Leptos monomorphised every view, 252,992 B while the
/// sign-in page and the timeline did, 212,583 B with Leptos's `<Routes>` and unminified JS, CSS
/// and HTML; 182,434 B on 2026-12-05. It ratchets down as the bundle shrinks and fails any change
/// that makes it bigger.
pub const BUDGET: u64 = 183_000;

/// The first load of everyone not signed in: the sign-in page's app (159,159 B on 2026-12-05).
pub const SIGN_IN_BUDGET: u64 = 160_000;

/// The first load of a change opened directly (`/change/…`, `/invitation/…`, from a link in a
/// mail; or of the timeline): the customer's changes app. Visits through the home have it
/// already (the service worker fetches it at install). 240,862 B on 2026-12-05.
pub const CHANGES_BUDGET: u64 = 241_500;

pub struct Load {
    /// (path as the page names it, bytes as served)
    pub files: Vec<(String, u64)>,
}

impl Load {
    pub fn total(&self) -> u64 {
        self.files.iter().map(|(_, n)| n).sum()
    }

    pub fn describe(&self) -> String {
        let parts: Vec<String> = self
            .files
            .iter()
            .map(|(path, n)| format!("{path} {n} B"))
            .collect();
        format!("{} B ({})", self.total(), parts.join(", "))
    }
}

/// The first load of the page `page` (an `index.html` in `dist`): the page itself and each
/// `.js`, `.wasm` and `.css` it refers to by an absolute path.
pub fn first_load(dist: &Path, page: &Path) -> Result<Load, String> {
    let html = std::fs::read_to_string(page)
        .map_err(|e| format!("{}: {e} (build the web app first)", page.display()))?;
    let mut files = vec![(
        format!("/{}", page.strip_prefix(dist).unwrap_or(page).display()),
        served(page)?,
    )];
    for path in asset_paths(&html) {
        if files.iter().all(|(seen, _)| *seen != path) {
            let size = served(&dist.join(path.trim_start_matches('/')))?;
            files.push((path, size));
        }
    }
    Ok(Load { files })
}

/// Bytes sent for `file` to a browser that accepts brotli: its `.br` if there is one.
fn served(file: &Path) -> Result<u64, String> {
    let br = file.with_file_name(format!(
        "{}.br",
        file.file_name().unwrap_or_default().to_string_lossy()
    ));
    let chosen = if br.exists() { br } else { file.to_path_buf() };
    std::fs::metadata(&chosen)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", chosen.display()))
}

/// Absolute paths ending in `.js`, `.wasm` or `.css` in attribute values and script text
/// (Trunk names the wasm inside the loader script as well as in a preload link), quoted or not
/// (a minified page's attributes are not).
fn asset_paths(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for piece in html.split(['"', '\'', '`', '(', ')', ' ', '\n', '=', '>']) {
        let is_asset = [".js", ".wasm", ".css"]
            .iter()
            .any(|ext| piece.ends_with(ext));
        if piece.starts_with('/') && !piece.starts_with("//") && is_asset {
            found.push(piece.to_string());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_assets_a_trunk_page_names() {
        let html = r#"<link rel="modulepreload" href="/app-1a2b.js" crossorigin>
<link rel="preload" href="/app-1a2b_bg.wasm" as="fetch" type="application/wasm">
<link rel="stylesheet" href="/main-3c4d.css">
<script type="module">import init from '/app-1a2b.js';init({ module_or_path: '/app-1a2b_bg.wasm' });</script>
<link rel="manifest" href="/manifest.webmanifest"><a href="https://example.com/x.js">"#;
        let mut paths = super::asset_paths(html);
        paths.sort();
        paths.dedup();
        assert_eq!(
            paths,
            ["/app-1a2b.js", "/app-1a2b_bg.wasm", "/main-3c4d.css"]
        );
    }

    #[test]
    fn finds_them_in_a_minified_page_too() {
        let html = "<link href=/main-3c4d.css integrity=sha384-x rel=stylesheet><link crossorigin href=/app-1.js rel=modulepreload><script>navigator.serviceWorker.register(`/sw.js`)</script><link href=/x.css>";
        let mut paths = super::asset_paths(html);
        paths.sort();
        assert_eq!(paths, ["/app-1.js", "/main-3c4d.css", "/sw.js", "/x.css"]);
    }
}
