//! The Trunk pages of the sign-in page, the customer's changes and the staff console, made from
//! the customer's home page (`frontend/index.html`) at build time rather than kept as copies: the pages must
//! share their inline shell (the loading line, the notice with a retry, the drawn frame, the
//! service worker's registration) byte for byte, and one source keeps them so. Only the binary
//! differs, and they copy no files (the manifest, the icons and `sw.js` are the home build's,
//! served from `/`).

use std::path::Path;

const CUSTOMER_BIN: &str = r#"data-bin="carryover-frontend""#;
const STAFF_BIN: &str = r#"data-bin="carryover-staff""#;
const CHANGES_BIN: &str = r#"data-bin="carryover-changes""#;
const SIGN_IN_BIN: &str = r#"data-bin="carryover-sign-in""#;

/// The pages made (ignored by git): the file in `frontend/` and its binary.
pub const PAGES: [(&str, &str); 3] = [
    ("sign-in.html", SIGN_IN_BIN),
    ("changes.html", CHANGES_BIN),
    ("staff.html", STAFF_BIN),
];

/// Writes `frontend/sign-in.html`, `frontend/changes.html` and `frontend/staff.html` from
/// `frontend/index.html`.
pub fn write(root: &Path) -> Result<(), String> {
    let customer = root.join("frontend/index.html");
    let html =
        std::fs::read_to_string(&customer).map_err(|e| format!("{}: {e}", customer.display()))?;
    for (name, bin) in PAGES {
        let page = root.join("frontend").join(name);
        std::fs::write(&page, from_customer_page(&html, bin)?)
            .map_err(|e| format!("{}: {e}", page.display()))?;
    }
    Ok(())
}

fn from_customer_page(html: &str, bin: &str) -> Result<String, String> {
    if html.matches(CUSTOMER_BIN).count() != 1 {
        return Err(format!(
            "frontend/index.html names {CUSTOMER_BIN} not exactly once"
        ));
    }
    let html = html.replace(CUSTOMER_BIN, bin);
    let page = html
        .lines()
        .filter(|line| !line.contains(r#"rel="copy-file""#) && !line.contains("Copied into dist"));
    let mut out = String::new();
    for line in page {
        out.push_str(line);
        out.push('\n');
        if line.trim() == "<head>" {
            out.push_str(
                "    <!-- Made by `cargo xtask` from index.html (xtask/src/staff_page.rs); edit that. -->\n",
            );
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html>\n<html>\n  <head>\n    <link data-trunk rel=\"rust\" data-bin=\"carryover-frontend\" />\n    <!-- Copied into dist as they are. -->\n    <link data-trunk rel=\"copy-file\" href=\"public/sw.js\" />\n    <script>shell()</script>\n  </head>\n</html>\n";

    #[test]
    fn the_console_page_is_the_customer_page_with_its_own_binary_and_no_copies() {
        let staff = from_customer_page(PAGE, STAFF_BIN).unwrap();
        assert!(staff.contains(STAFF_BIN), "{staff}");
        assert!(!staff.contains(CUSTOMER_BIN), "{staff}");
        assert!(
            !staff.contains("copy-file") && !staff.contains("Copied into"),
            "{staff}"
        );
        assert!(
            staff.contains("    <script>shell()</script>\n"),
            "the shell stays as it is"
        );
        assert!(
            staff.starts_with("<!doctype html>\n"),
            "nothing before the doctype"
        );
    }

    #[test]
    fn a_page_without_the_customer_binary_is_refused() {
        assert!(from_customer_page("<html></html>", CHANGES_BIN).is_err());
    }
}
