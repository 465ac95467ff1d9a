//! Installs the pinned build tools when they are missing, then finds them again on later runs.
//!
//! Versions come from `tools.toml` (the one place they are written); the wasm-bindgen CLI must
//! equal the `wasm-bindgen` crate in Cargo.lock, or the generated JS glue will not match.

use std::path::{Path, PathBuf};

use crate::sh::{Cmd, step};

pub struct Tools {
    /// PATH with the project's tool folders first.
    pub path: String,
}

struct Versions {
    trunk: String,
    wasm_bindgen: String,
    binaryen: String,
    terser: String,
}

/// The version `tools.toml` pins for `key`.
pub fn tool_version(root: &Path, key: &str) -> Result<String, String> {
    let text =
        std::fs::read_to_string(root.join("tools.toml")).map_err(|e| format!("tools.toml: {e}"))?;
    text.lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
        .ok_or_else(|| format!("tools.toml has no `{key}`"))
}

fn read_versions(root: &Path) -> Result<Versions, String> {
    Ok(Versions {
        trunk: tool_version(root, "trunk")?,
        wasm_bindgen: tool_version(root, "wasm_bindgen")?,
        binaryen: tool_version(root, "binaryen")?,
        terser: tool_version(root, "terser")?,
    })
}

/// The version of a package in Cargo.lock.
fn locked_version(root: &Path, package: &str) -> Option<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).ok()?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle)? + needle.len();
    Some(lock[start..].split('"').next()?.to_string())
}

fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo")
        });
    home.join("bin")
}

fn tools_dir(root: &Path) -> PathBuf {
    root.join(".tools")
}

/// `cargo install` for a build tool, built for a short build rather than the fastest binary:
/// trunk's own release profile asks for fat LTO and one codegen unit, which alone cost minutes on
/// two cores, for a tool that only orchestrates. The two tools share one target folder, so the
/// crates they have in common build once.
fn tool_install(root: &Path) -> Cmd {
    Cmd::new("cargo", root)
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
        .env("CARGO_PROFILE_RELEASE_PANIC", "unwind")
        .env(
            "CARGO_TARGET_DIR",
            root.join("target/tools").to_str().unwrap(),
        )
}

pub fn ensure_build_tools(root: &Path) -> Result<Tools, String> {
    let v = read_versions(root)?;
    step("Checking the build tools (installing what is missing)");
    match locked_version(root, "wasm-bindgen") {
        Some(locked) if locked == v.wasm_bindgen => {}
        other => {
            return Err(format!(
                "tools.toml pins wasm-bindgen {} but Cargo.lock has {:?}: make them equal (and Trunk.toml's [tools])",
                v.wasm_bindgen, other
            ));
        }
    }
    let node_bin = tools_dir(root).join("node_modules/.bin");
    let path = format!(
        "{}:{}:{}",
        node_bin.display(),
        cargo_bin().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // SAFETY of set_var: xtask is single-threaded here; children inherit the PATH.
    unsafe { std::env::set_var("PATH", &path) };

    let installed = Cmd::new("rustup", root)
        .args(["target", "list", "--installed"])
        .read()
        .unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        println!("    wasm32-unknown-unknown target: present");
    } else {
        println!("    wasm32-unknown-unknown target: installing");
        Cmd::new("rustup", root)
            .args(["target", "add", "wasm32-unknown-unknown"])
            .run()?;
    }

    if has_version("trunk", &v.trunk) {
        println!("    trunk {}: present", v.trunk);
    } else {
        println!(
            "    trunk {}: installing with cargo (about 5 minutes on 2 cores, once)",
            v.trunk
        );
        tool_install(root)
            .args(["install", "trunk", "--version", &v.trunk, "--locked"])
            .run()?;
    }

    if has_version("wasm-bindgen", &v.wasm_bindgen) {
        println!("    wasm-bindgen {}: present", v.wasm_bindgen);
    } else {
        println!(
            "    wasm-bindgen-cli {}: installing with cargo (about 3 minutes, once)",
            v.wasm_bindgen
        );
        // Without --locked: its lockfile names a crate version the registry no longer has.
        tool_install(root)
            .args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                &v.wasm_bindgen,
                "--force",
            ])
            .run()?;
    }

    // binaryen from npm, never Debian's (its wasm-opt 108 output crashes in the browser).
    let wasm_opt_version = v.binaryen.split('.').next().unwrap_or_default().to_string();
    let wasm_opt = node_bin.join("wasm-opt");
    let present = Cmd::new(wasm_opt.to_str().unwrap(), root)
        .arg("--version")
        .read()
        .is_some_and(|out| out.contains(&format!("version {wasm_opt_version}")));
    if present {
        println!("    wasm-opt {wasm_opt_version} (npm binaryen): present");
    } else {
        npm_install(root, "binaryen", &v.binaryen)?;
    }

    // terser minifies what Trunk's own minifier leaves alone (`crate::minify`).
    let terser = std::fs::read_to_string(tools_dir(root).join("node_modules/terser/package.json"))
        .unwrap_or_default();
    if terser.contains(&format!("\"version\": \"{}\"", v.terser)) {
        println!("    terser {}: present", v.terser);
    } else {
        npm_install(root, "terser", &v.terser)?;
    }
    Ok(Tools { path })
}

/// `npm install` of one pinned package into `.tools`.
fn npm_install(root: &Path, package: &str, version: &str) -> Result<(), String> {
    println!("    {package}: installing npm {package}@{version}");
    std::fs::create_dir_all(tools_dir(root)).map_err(|e| e.to_string())?;
    Cmd::new("npm", root)
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            tools_dir(root).to_str().unwrap(),
        ])
        .arg(&format!("{package}@{version}"))
        .run()
}

fn has_version(program: &str, version: &str) -> bool {
    Cmd::new(program, Path::new("."))
        .arg("--version")
        .read()
        .is_some_and(|out| {
            out.split_whitespace()
                .any(|w| w.trim_start_matches('v') == version)
        })
}

/// The four apps: the customer's home into `dist/` (Trunk empties it first, so it goes first),
/// then the sign-in page, the customer's changes and the staff console each into its folder
/// (`dist/sign-in/` …, `shared::Bundle::folder`), their files named under it, from the pages
/// `staff_page` makes of the home's. Trunk minifies the pages and the stylesheet; terser the JS
/// glue and the service worker (`minify`). Each built page's loader then waits for the first
/// paint (`loader`).
pub fn build_frontend(root: &Path, tools: &Tools) -> Result<(), String> {
    Cmd::new("cargo", root).args(["fetch", "--quiet"]).run()?;
    crate::staff_page::write(root)?;
    // The page before the flags: `--offline` takes an optional value and would swallow it.
    let trunk = |page: &[&str], extra: &[&str]| {
        Cmd::new("trunk", root)
            .arg("build")
            .args(page.iter().copied())
            .args(["--release", "--offline"])
            .args(extra.iter().copied())
            .env("PATH", &tools.path)
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .run()
    };
    let finish = |page: &Path| {
        crate::minify::glue(root, page)?;
        crate::loader::defer_app(page)
    };
    trunk(&[], &[])?;
    finish(&root.join("dist/index.html"))?;
    crate::minify::script(root, &root.join("dist/sw.js"))?;
    for (page, _) in crate::staff_page::PAGES {
        // `sign-in.html` builds into `dist/sign-in/`, its files named under `/sign-in/`.
        let folder = page.trim_end_matches(".html");
        let source = format!("frontend/{page}");
        let dist = format!("dist/{folder}");
        let url = format!("/{folder}/");
        trunk(&[&source], &["--dist", &dist, "--public-url", &url])?;
        finish(&root.join(&dist).join("index.html"))?;
    }
    Ok(())
}

/// The SMTP tests deliver to Python's aiosmtpd.
pub fn ensure_aiosmtpd(root: &Path) -> Result<(), String> {
    let version = tool_version(root, "aiosmtpd")?;
    let installed = Cmd::new("python3", root)
        .args(["-c", "import aiosmtpd; print(aiosmtpd.__version__)"])
        .read()
        .is_some_and(|v| v.trim() == version);
    if installed {
        println!("    aiosmtpd {version}: present");
        return Ok(());
    }
    println!("    aiosmtpd {version}: installing with pip");
    Cmd::new("python3", root)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .arg(&format!("aiosmtpd=={version}"))
        .run()
}

pub fn ensure_chromium() -> Result<(), String> {
    if Path::new("/usr/bin/chromium").exists() {
        println!("    chromium: present");
        return Ok(());
    }
    println!("    chromium: installing Debian's chromium (about 2 minutes, once)");
    let root = Path::new("/");
    Cmd::new("apt-get", root).args(["update", "-qq"]).run()?;
    Cmd::new("apt-get", root)
        .args(["install", "-y", "-qq", "chromium"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()
}

pub fn ensure_e2e_packages(root: &Path) -> Result<(), String> {
    let e2e = root.join("e2e");
    // npm writes node_modules/.package-lock.json on every install: when it is newer than the lock
    // file, what is installed is what the lock file asks for (a new package forces `npm ci`).
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let installed = modified(&e2e.join("node_modules/.package-lock.json"));
    let wanted = modified(&e2e.join("package-lock.json"));
    if matches!((installed, wanted), (Some(i), Some(w)) if i >= w) {
        println!("    e2e packages: present");
        return Ok(());
    }
    println!("    e2e packages: npm ci (Playwright without its browser download)");
    Cmd::new("npm", &e2e)
        .args(["ci", "--no-audit", "--no-fund"])
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .run()
}
