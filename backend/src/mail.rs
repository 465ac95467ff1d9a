//! Delivering outbox messages: letters and emails become files in a local mailbox folder in
//! development; emails go out by SMTP when `CARRYOVER_SMTP_URL` is set.

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Config;

pub struct Rendered {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Stable per outbox row: a re-sent message carries the same id, so receivers can drop it.
    pub message_id: String,
}

/// Writes a message to `<mailbox>/<topic>-<message id>.txt`. Writing the same message again
/// replaces the file: delivering twice leaves one letter.
pub async fn to_mailbox(config: &Config, topic: &str, m: &Rendered) -> anyhow::Result<()> {
    tokio::fs::create_dir_all(&config.mailbox_dir).await?;
    let name: String = m
        .message_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = config.mailbox_dir.join(format!("{topic}-{name}.txt"));
    let text = format!(
        "To: {}\nSubject: {}\nMessage-ID: <{}>\n\n{}\n",
        m.to, m.subject, m.message_id, m.body
    );
    tokio::fs::write(path, text).await?;
    Ok(())
}

pub async fn by_smtp(config: &Config, url: &str, m: &Rendered) -> anyhow::Result<()> {
    let email = Message::builder()
        .from(config.mail_from.parse::<Mailbox>()?)
        .to(m.to.parse::<Mailbox>()?)
        .subject(&m.subject)
        .message_id(Some(format!("<{}>", m.message_id)))
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                // Readable in any mail tool, and safe for umlauts over 7-bit relays.
                .header(ContentTransferEncoding::QuotedPrintable)
                .body(m.body.clone()),
        )?;
    let hostport = url.trim_start_matches("smtp://").trim_end_matches('/');
    let (host, port) = hostport.rsplit_once(':').unwrap_or((hostport, "25"));
    // Plain SMTP to a relay the operator runs next to the service (it does TLS onwards).
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(port.parse()?)
        .build();
    transport.send(email).await?;
    Ok(())
}
