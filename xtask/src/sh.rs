//! Running commands with visible progress.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// A step's header, with the time since xtask started: a slow CI run shows where it went.
pub fn step(title: &str) {
    static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let t = STARTED
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs();
    println!("\n==> [{:02}:{:02}] {title}", t / 60, t % 60);
}

pub struct Cmd {
    cmd: Command,
    shown: String,
}

pub struct Output {
    pub success: bool,
    pub output: String,
}

impl Cmd {
    pub fn new(program: &str, dir: &Path) -> Cmd {
        let mut cmd = Command::new(program);
        cmd.current_dir(dir);
        Cmd {
            cmd,
            shown: program.to_string(),
        }
    }

    pub fn arg(mut self, a: &str) -> Cmd {
        self.shown.push(' ');
        self.shown.push_str(a);
        self.cmd.arg(a);
        self
    }

    pub fn args<'a>(mut self, args: impl IntoIterator<Item = &'a str>) -> Cmd {
        for a in args {
            self = self.arg(a);
        }
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Cmd {
        self.cmd.env(k, v);
        self
    }

    /// Sets a variable unless the caller's environment already has it.
    pub fn env_default(self, k: &str, v: &str) -> Cmd {
        if std::env::var_os(k).is_some() {
            self
        } else {
            self.env(k, v)
        }
    }

    pub fn run(mut self) -> Result<(), String> {
        println!("    $ {}", self.shown);
        let status = self
            .cmd
            .status()
            .map_err(|e| format!("could not start `{}`: {e}", self.shown))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{}` failed ({status})", self.shown))
        }
    }

    /// Runs, streaming stdout and stderr through while keeping a copy for the summary.
    pub fn run_tee(mut self) -> Result<Output, String> {
        println!("    $ {}", self.shown);
        let mut child = self
            .cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start `{}`: {e}", self.shown))?;
        let stderr = child.stderr.take().expect("piped");
        let err_thread = std::thread::spawn(move || {
            let mut kept = String::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("{line}");
                kept.push_str(&line);
                kept.push('\n');
            }
            kept
        });
        let mut output = String::new();
        for line in BufReader::new(child.stdout.take().expect("piped"))
            .lines()
            .map_while(Result::ok)
        {
            println!("{line}");
            output.push_str(&line);
            output.push('\n');
        }
        output.push_str(&err_thread.join().unwrap_or_default());
        let status = child.wait().map_err(|e| e.to_string())?;
        Ok(Output {
            success: status.success(),
            output,
        })
    }

    /// Runs with stdout and stderr kept (not shown), for runs side by side whose output is
    /// shown after, one at a time.
    pub fn capture(mut self) -> Result<Output, String> {
        let out = self
            .cmd
            .output()
            .map_err(|e| format!("could not start `{}`: {e}", self.shown))?;
        let mut output = format!("    $ {}\n", self.shown);
        output.push_str(&String::from_utf8_lossy(&out.stdout));
        output.push_str(&String::from_utf8_lossy(&out.stderr));
        Ok(Output {
            success: out.status.success(),
            output,
        })
    }

    /// Runs quietly and returns stdout, or None if the program is missing or fails.
    pub fn read(mut self) -> Option<String> {
        let out = self.cmd.stderr(Stdio::null()).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}
