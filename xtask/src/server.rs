//! The debug server on its own SQLite database with the demo data, for the checks that need
//! one running (the API contract, Lighthouse); stopped when dropped.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    pub fn start(root: &Path, data: &Path, port: u16) -> Result<Server, String> {
        let log = std::fs::File::create(data.join("server.log")).map_err(|e| e.to_string())?;
        let child = Command::new(root.join("target/debug/carryover"))
            .arg("serve")
            .current_dir(data)
            .env(
                "CARRYOVER_DATABASE_URL",
                format!("sqlite://{}", data.join("server.db").display()),
            )
            .env("CARRYOVER_BIND", format!("127.0.0.1:{port}"))
            .env(
                "CARRYOVER_SECRET",
                "xtask-secret-xtask-secret-xtask-secret-0",
            )
            .env("CARRYOVER_DEMO", "1")
            .env("CARRYOVER_DIST", root.join("dist"))
            .env("CARRYOVER_MAILBOX", data.join("mailbox"))
            .env("CARRYOVER_DOCUMENTS", data.join("documents"))
            .env("CARRYOVER_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("could not start the server: {e}"))?;
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(30) {
                return Err(format!(
                    "the server did not listen on {port} within 30 s; see {}",
                    data.join("server.log").display()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
