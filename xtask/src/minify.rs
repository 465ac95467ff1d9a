//! What Trunk's minifier leaves as it is. Trunk minifies each page and its stylesheet in a
//! release build (`minify = "on_release"` in Trunk.toml), but its JS minifier cannot read
//! wasm-bindgen's glue (it warns and copies it unchanged) and it never touches copied files such
//! as the service worker. terser (npm, pinned in tools.toml, installed into `.tools`) minifies
//! both here: about 1.8 KB and 1 KB less to download, brotli-compressed.

use std::path::Path;

use crate::loader::{attr, link};
use crate::sh::Cmd;

/// Minifies the JS glue the built `page` preloads and writes its new integrity into the page.
pub fn glue(root: &Path, page: &Path) -> Result<(), String> {
    let html = std::fs::read_to_string(page).map_err(|e| format!("{}: {e}", page.display()))?;
    let tag = link(&html, "modulepreload").map_err(|e| format!("{}: {e}", page.display()))?;
    let (Some(href), Some(old)) = (attr(tag, "href"), attr(tag, "integrity")) else {
        return Err(format!("{}: {tag} lacks href or integrity", page.display()));
    };
    let name = href.rsplit('/').next().unwrap_or(href);
    let file = page.parent().unwrap().join(name);
    let new = terser(root, "module", &file)?;
    let new_tag = tag.replacen(old, &new, 1);
    std::fs::write(page, html.replacen(tag, &new_tag, 1))
        .map_err(|e| format!("{}: {e}", page.display()))
}

/// Minifies the classic script `file` (the service worker) in place.
pub fn script(root: &Path, file: &Path) -> Result<(), String> {
    terser(root, "script", file).map(|_| ())
}

/// terser on `file` in place; its new integrity.
fn terser(root: &Path, kind: &str, file: &Path) -> Result<String, String> {
    let tools = root.join(".tools");
    let out = Cmd::new("node", root)
        .args(["xtask/minify.mjs", tools.to_str().unwrap(), kind])
        .arg(file.to_str().unwrap())
        .capture()?;
    // One line per file on success; terser's own message (with stderr) otherwise.
    match out.output.lines().find(|l| l.starts_with("sha384-")) {
        Some(integrity) if out.success => Ok(integrity.to_owned()),
        _ => Err(format!(
            "terser on {} failed:\n{}",
            file.display(),
            out.output
        )),
    }
}
