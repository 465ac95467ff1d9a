//! Trunk's loader, changed so that the app's download starts after the page's first paint.
//!
//! Trunk writes, into each built page, a `<link rel="modulepreload">` for the JS glue, a
//! `<link rel="preload">` for the wasm, and a module script that imports the glue and starts
//! the wasm. The browser then fetches both beside the stylesheet, and on a slow line the wasm
//! (most of the page's bytes) shares the bandwidth with what the first paint waits for: the
//! page and its CSS. The drawn page (the frame, the sign-in heading, the overview's skeleton)
//! then shows late.
//!
//! Here the loader waits for that first paint, then adds the same two links (integrity
//! included, so both files still arrive in parallel and are still checked) and imports the
//! glue. The app itself mounts no later than before: it waits for the first paint anyway
//! (`frontend/src/lib.rs`, `start`). A tab opened in the background paints nothing; a timer
//! starts its download all the same. A page that sends the person elsewhere before it paints
//! (index.html: `/` for whoever is not signed in) says so in `carryoverLeaving`, and its app is
//! not fetched at all.

use std::path::Path;

/// Rewrites the built page at `page` in place.
pub fn defer_app(page: &Path) -> Result<(), String> {
    let html = std::fs::read_to_string(page).map_err(|e| format!("{}: {e}", page.display()))?;
    let deferred = defer(&html).map_err(|e| format!("{}: {e}", page.display()))?;
    std::fs::write(page, deferred).map_err(|e| format!("{}: {e}", page.display()))
}

/// Where `start` is: once per page, or an error naming it.
fn unique(html: &str, start: &str) -> Result<usize, String> {
    let mut found = html.match_indices(start);
    let (at, _) = found
        .next()
        .ok_or_else(|| format!("Trunk's `{start}` is missing"))?;
    if found.next().is_some() {
        return Err(format!("Trunk's `{start}` is there more than once"));
    }
    Ok(at)
}

/// The `<link>` tag with `rel` = `rel`, once per page. Trunk minifies the page in a release build,
/// so the attributes come in any order, quoted or not.
pub fn link<'a>(html: &'a str, rel: &str) -> Result<&'a str, String> {
    let mut found = html
        .match_indices("<link")
        .filter_map(|(at, _)| html[at..].find('>').map(|len| &html[at..=at + len]))
        .filter(|tag| attr(tag, "rel") == Some(rel));
    let tag = found
        .next()
        .ok_or_else(|| format!("Trunk's `<link rel={rel}>` is missing"))?;
    if found.next().is_some() {
        return Err(format!(
            "Trunk's `<link rel={rel}>` is there more than once"
        ));
    }
    Ok(tag)
}

/// The value of attribute `name` in `tag`, quoted or not.
pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let inner = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let mut rest = inner.split_once(char::is_whitespace)?.1;
    loop {
        rest = rest.trim_start();
        let end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let (key, after) = rest.split_at(end);
        if key.is_empty() {
            return None;
        }
        let (value, next) = match after.strip_prefix('=') {
            Some(v) if v.starts_with('"') || v.starts_with('\'') => {
                let q = &v[..1];
                let close = v[1..].find(q)? + 1;
                (&v[1..close], &v[close + 1..])
            }
            Some(v) => v.split_at(v.find(char::is_whitespace).unwrap_or(v.len())),
            None => ("", after),
        };
        if key == name {
            return Some(value);
        }
        rest = next;
    }
}

/// The text from `start` to the first `end` after it, both included.
fn span<'a>(html: &'a str, start: &str, end: char) -> Result<&'a str, String> {
    let at = unique(html, start)?;
    let len = html[at..]
        .find(end)
        .ok_or_else(|| format!("Trunk's `{start}` has no `{end}`"))?;
    Ok(&html[at..=at + len])
}

fn defer(html: &str) -> Result<String, String> {
    const IMPORT: &str = "import init, * as bindings from '";
    let glue = link(html, "modulepreload")?;
    let wasm = link(html, "preload")?;
    let import = span(html, IMPORT, ';')?;
    let path = import[IMPORT.len()..]
        .split_once('\'')
        .map(|(path, _)| path)
        .ok_or("Trunk's import names no file")?;
    let links = format!("{glue}{wasm}");
    if links.contains('`') || links.contains("${") {
        return Err("Trunk's links cannot go into a template string".into());
    }
    let loader = format!(
        "// Changed by `cargo xtask` (xtask/src/loader.rs): the download starts after the first paint.\n\
         await new Promise((go) => {{ if (self.carryoverLeaving) return; requestAnimationFrame(() => setTimeout(go)); setTimeout(go, 250); }});\n\
         document.head.insertAdjacentHTML('beforeend', `{links}`);\n\
         const bindings = await import('{path}');\n\
         const init = bindings.default;"
    );
    Ok(html
        .replacen(glue, "", 1)
        .replacen(wasm, "", 1)
        .replacen(import, &loader, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILT: &str = "<head>\n<link rel=\"modulepreload\" href=\"/app-1.js\" crossorigin=\"anonymous\" integrity=\"sha384-a\">\n<link rel=\"preload\" href=\"/app-1_bg.wasm\" crossorigin=\"anonymous\" integrity=\"sha384-b\" as=\"fetch\" type=\"application/wasm\">\n<script type=\"module\">\nimport init, * as bindings from '/app-1.js';\nconst wasm = await init({ module_or_path: '/app-1_bg.wasm' });\n</script>\n</head>";

    #[test]
    fn the_app_is_fetched_after_the_first_paint_with_both_links_and_their_integrity() {
        let page = defer(BUILT).unwrap();
        let paint = page.find("requestAnimationFrame").unwrap();
        let links = page.find("insertAdjacentHTML").unwrap();
        let import = page.find("await import('/app-1.js')").unwrap();
        assert!(paint < links && links < import, "{page}");
        assert!(page.find("carryoverLeaving").unwrap() < paint);
        // Each link once, inside the loader: nothing is fetched before it runs.
        assert_eq!(page.matches("integrity=\"sha384-a\"").count(), 1);
        assert_eq!(page.matches("integrity=\"sha384-b\"").count(), 1);
        assert!(page.find("sha384-a").unwrap() > page.find("<script").unwrap());
        assert!(!page.contains("import init"));
        assert!(page.contains("const wasm = await init({ module_or_path: '/app-1_bg.wasm' });"));
    }

    #[test]
    fn a_page_trunk_wrote_otherwise_is_an_error_not_a_page_left_as_it_was() {
        assert!(defer("<head></head>").is_err());
        let twice = BUILT.replace("</head>", "<link rel=\"preload\" href=\"/x\"></head>");
        assert!(defer(&twice).unwrap_err().contains("more than once"));
    }

    /// What Trunk writes in a release build: minified, attributes sorted and unquoted.
    const MINIFIED: &str = "<head><link crossorigin href=/app-1.js integrity=sha384-a rel=modulepreload><link as=fetch crossorigin href=/app-1_bg.wasm integrity=sha384-b rel=preload type=application/wasm><link href=/main.css integrity=sha384-c rel=stylesheet><script type=module>import init, * as bindings from '/app-1.js';\nconst wasm = await init({ module_or_path: '/app-1_bg.wasm' });</script></head>";

    #[test]
    fn a_minified_page_is_read_the_same() {
        let page = defer(MINIFIED).unwrap();
        assert_eq!(page.matches("sha384-a").count(), 1);
        assert_eq!(page.matches("sha384-b").count(), 1);
        assert!(page.find("sha384-a").unwrap() > page.find("requestAnimationFrame").unwrap());
        assert!(page.contains("<link href=/main.css integrity=sha384-c rel=stylesheet>"));
        assert!(page.contains("await import('/app-1.js')"));
    }

    #[test]
    fn attributes_are_read_quoted_or_not() {
        let tag = "<link as=fetch crossorigin href=\"/a b.wasm\" integrity='sha384-x' rel=preload>";
        assert_eq!(attr(tag, "href"), Some("/a b.wasm"));
        assert_eq!(attr(tag, "integrity"), Some("sha384-x"));
        assert_eq!(attr(tag, "crossorigin"), Some(""));
        assert_eq!(attr(tag, "rel"), Some("preload"));
        assert_eq!(attr(tag, "type"), None);
    }
}
