//! Emails leave by SMTP to a real local server (Python's aiosmtpd, installed by `cargo xtask test`).
mod common;

use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct SmtpServer {
    child: Child,
    port: u16,
    maildir: std::path::PathBuf,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn smtp_server() -> SmtpServer {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let maildir =
        std::env::temp_dir().join(format!("carryover-smtp-{}", uuid::Uuid::new_v4().simple()));
    let child = Command::new("python3")
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(&maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 -m aiosmtpd runs (cargo xtask test installs aiosmtpd)");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return SmtpServer {
                child,
                port,
                maildir,
            };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut child = child;
    let _ = child.kill();
    let _ = child.wait();
    panic!("aiosmtpd did not start on port {port}");
}

fn received(maildir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for sub in ["new", "cur"] {
        if let Ok(entries) = std::fs::read_dir(maildir.join(sub)) {
            for e in entries.flatten() {
                // Undo quoted-printable soft line breaks so the text can be searched.
                let text = std::fs::read_to_string(e.path()).unwrap();
                out.push(text.replace("=\r\n", "").replace("=\n", ""));
            }
        }
    }
    out
}

dual_test!(
    address_change_email_arrives_by_smtp,
    |_app: common::TestApp| async move {
        let smtp = smtp_server().await;
        let app = common::spawn_app_with(
            _app.backend,
            &[(
                "CARRYOVER_SMTP_URL",
                format!("smtp://127.0.0.1:{}", smtp.port),
            )],
        )
        .await;
        app.login_ok("max@example.com").await;
        let p: Value = app
        .post("/api/changes/preview", json!({"kind": "address", "address": {"street": "Neue Straße 5", "postal_code": "20095", "city": "Hamburg", "country": "DE"}}))
        .await
        .json()
        .await
        .unwrap();
        let res = app
            .client
            .post(app.url("/api/changes"))
            .header("idempotency-key", "smtp")
            .json(&json!({"preview_token": p["preview_token"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        assert_eq!(carryover::outbox::deliver_due(&app.state).await.unwrap(), 3);
        let mails = received(&smtp.maildir);
        assert_eq!(
            mails.len(),
            1,
            "one email; the two letters go to the letter mailbox"
        );
        let mail = &mails[0];
        assert!(mail.contains("To: max@example.com"), "{mail}");
        assert!(mail.contains("Subject: Your address change"), "{mail}");
        assert!(mail.contains("Hamburg"), "{mail}");
        let letters = std::fs::read_dir(&app.mailbox).unwrap().count();
        assert_eq!(letters, 2);
        // A delivered message is not sent again.
        assert_eq!(carryover::outbox::deliver_due(&app.state).await.unwrap(), 0);
        assert_eq!(received(&smtp.maildir).len(), 1);
    }
);
