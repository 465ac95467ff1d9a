//! All configuration in one typed struct, read from the environment once at start.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Dev,
    Production,
}

#[derive(Clone)]
pub struct Config {
    pub env: Environment,
    pub database_url: String,
    pub bind: SocketAddr,
    /// Key for keyed hashes (card numbers, session ids). Never logged.
    pub secret: Secret,
    /// Built frontend (Trunk's `dist/`), served with a fallback to index.html.
    pub dist: PathBuf,
    /// Seed the demo data into an empty database on start (dev only).
    pub demo: bool,
    /// Mount the test-data API, `/api/testing/*` (dev only; `crate::testing`).
    pub test_data: bool,
    pub customer_idle_timeout: Duration,
    pub staff_idle_timeout: Duration,
    pub session_absolute_timeout: Duration,
    pub reauth_window: Duration,
    /// Letters (and emails without SMTP) are written here as files in development.
    pub mailbox_dir: PathBuf,
    /// `smtp://host:port`: emails go out by SMTP when set.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// How often the scheduler and the outbox worker look for work.
    pub worker_interval: Duration,
    /// Uploaded documents (content-addressed files).
    pub documents_dir: PathBuf,
    /// Business days staff have to decide a holder change.
    pub case_business_days: u32,
    /// Where people reach the site, for links in emails (invitations); no trailing slash.
    pub public_url: String,
    /// A request still running after this answers 408 and is dropped (its transaction rolls back).
    pub request_timeout: Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the client (empty: the header is ignored).
    pub trusted_proxies: Vec<crate::http::client_ip::Cidr>,
    /// `/metrics` on a listener of its own (an address the scraper reaches, the public does not).
    pub metrics_bind: Option<SocketAddr>,
    /// `/metrics` on the main listener, for `Authorization: Bearer <token>` only. With neither
    /// this nor `metrics_bind`, no listener serves metrics.
    pub metrics_token: Option<Secret>,
}

impl Config {
    /// How long an Idempotency-Key stays claimed by a request in flight: longer than any request
    /// may run, so a retry after it can only meet a request that is gone (timed out, or its
    /// process killed) and may take the key over.
    pub fn idempotency_lease(&self) -> Duration {
        self.request_timeout + Duration::from_secs(15)
    }

    /// The test-data API is mounted: asked for, and never in production mode. Reading the
    /// environment refuses the pair already; this holds for a `Config` made any other way too.
    pub fn test_data_api(&self) -> bool {
        self.test_data && self.env != Environment::Production
    }
}

/// A secret that does not print itself.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret(bytes)
    }
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("env", &self.env)
            .field("database_url", &redact_url(&self.database_url))
            .field("bind", &self.bind)
            .field("dist", &self.dist)
            .field("demo", &self.demo)
            .field("test_data", &self.test_data)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{var} is invalid: {reason}")]
    Invalid { var: &'static str, reason: String },
    #[error("{0} must be set in production mode")]
    Missing(&'static str),
    #[error("could not read or create the development secret at {path}: {source}")]
    SecretFile {
        path: PathBuf,
        source: std::io::Error,
    },
}

const MIN_SECRET_LEN: usize = 32;

impl Config {
    /// Reads `CARRYOVER_*` variables; a bad value is an error naming the variable.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = match get("CARRYOVER_ENV").as_deref() {
            None | Some("dev") => Environment::Dev,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    var: "CARRYOVER_ENV",
                    reason: format!("expected `dev` or `production`, got `{other}`"),
                });
            }
        };
        let database_url =
            get("CARRYOVER_DATABASE_URL").unwrap_or_else(|| "sqlite://data/carryover.db".into());
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres")) {
            return Err(ConfigError::Invalid {
                var: "CARRYOVER_DATABASE_URL",
                reason: "expected a sqlite:// or postgres:// URL".into(),
            });
        }
        let bind = get("CARRYOVER_BIND")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|e| ConfigError::Invalid {
                var: "CARRYOVER_BIND",
                reason: format!("expected host:port, e.g. 127.0.0.1:8080 ({e})"),
            })?;
        let secret = match get("CARRYOVER_SECRET") {
            Some(s) if s.len() >= MIN_SECRET_LEN => Secret::new(s.into_bytes()),
            Some(_) => {
                return Err(ConfigError::Invalid {
                    var: "CARRYOVER_SECRET",
                    reason: format!("must be at least {MIN_SECRET_LEN} characters"),
                });
            }
            None if env == Environment::Production => {
                return Err(ConfigError::Missing("CARRYOVER_SECRET"));
            }
            None => {
                dev_secret(&get("CARRYOVER_SECRET_FILE").unwrap_or_else(|| "data/secret".into()))?
            }
        };
        let demo = flag(&get, "CARRYOVER_DEMO")?;
        let test_data = flag(&get, "CARRYOVER_TEST_DATA")?;
        for (on, var, what) in [
            (demo, "CARRYOVER_DEMO", "demo data is never seeded"),
            // It makes sign-ins with a password anyone can read in the docs.
            (
                test_data,
                "CARRYOVER_TEST_DATA",
                "the test-data API is refused",
            ),
        ] {
            if on && env == Environment::Production {
                return Err(ConfigError::Invalid {
                    var,
                    reason: format!("{what} in production mode"),
                });
            }
        }
        // Links in emails must name the real site: guessing it from the bind address is for dev.
        let public_url = match get("CARRYOVER_PUBLIC_URL") {
            Some(u) => u,
            None if env == Environment::Production => {
                return Err(ConfigError::Missing("CARRYOVER_PUBLIC_URL"));
            }
            None => format!("http://{bind}"),
        }
        .trim_end_matches('/')
        .to_string();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                var: "CARRYOVER_PUBLIC_URL",
                reason: "expected http(s)://host[:port]".into(),
            });
        }
        let metrics_bind = match get("CARRYOVER_METRICS_BIND") {
            None => None,
            Some(b) => Some(b.parse().map_err(|e| ConfigError::Invalid {
                var: "CARRYOVER_METRICS_BIND",
                reason: format!("expected host:port, e.g. 127.0.0.1:9090 ({e})"),
            })?),
        };
        let metrics_token = match get("CARRYOVER_METRICS_TOKEN") {
            None => None,
            Some(t) if t.is_empty() => None,
            Some(t) if t.len() >= 16 => Some(Secret::new(t.into_bytes())),
            Some(_) => {
                return Err(ConfigError::Invalid {
                    var: "CARRYOVER_METRICS_TOKEN",
                    reason: "expected at least 16 characters".into(),
                });
            }
        };
        Ok(Config {
            metrics_bind,
            metrics_token,
            public_url,
            env,
            database_url,
            bind,
            secret,
            dist: get("CARRYOVER_DIST")
                .unwrap_or_else(|| "dist".into())
                .into(),
            demo,
            test_data,
            customer_idle_timeout: Duration::from_secs(30 * 60),
            staff_idle_timeout: Duration::from_secs(15 * 60),
            session_absolute_timeout: Duration::from_secs(12 * 60 * 60),
            reauth_window: Duration::from_secs(5 * 60),
            mailbox_dir: get("CARRYOVER_MAILBOX")
                .unwrap_or_else(|| "data/mailbox".into())
                .into(),
            smtp_url: match get("CARRYOVER_SMTP_URL") {
                Some(u) if u.starts_with("smtp://") => Some(u),
                Some(_) => {
                    return Err(ConfigError::Invalid {
                        var: "CARRYOVER_SMTP_URL",
                        reason: "expected smtp://host:port".into(),
                    });
                }
                None => None,
            },
            mail_from: get("CARRYOVER_MAIL_FROM")
                .unwrap_or_else(|| "carryover <noreply@carryover.example>".into()),
            documents_dir: get("CARRYOVER_DOCUMENTS")
                .unwrap_or_else(|| "data/documents".into())
                .into(),
            case_business_days: match get("CARRYOVER_CASE_BUSINESS_DAYS") {
                None => 2,
                Some(d) => {
                    d.parse()
                        .ok()
                        .filter(|d| (1..=30).contains(d))
                        .ok_or(ConfigError::Invalid {
                            var: "CARRYOVER_CASE_BUSINESS_DAYS",
                            reason: "expected a number of days from 1 to 30".into(),
                        })?
                }
            },
            trusted_proxies: get("CARRYOVER_TRUSTED_PROXIES")
                .unwrap_or_default()
                .split(',')
                .filter(|p| !p.trim().is_empty())
                .map(crate::http::client_ip::Cidr::parse)
                .collect::<Result<_, _>>()
                .map_err(|reason| ConfigError::Invalid {
                    var: "CARRYOVER_TRUSTED_PROXIES",
                    reason,
                })?,
            request_timeout: match get("CARRYOVER_REQUEST_TIMEOUT_SECS") {
                None => Duration::from_secs(30),
                Some(secs) => secs
                    .parse()
                    .ok()
                    .filter(|s| (1..=600).contains(s))
                    .map(Duration::from_secs)
                    .ok_or(ConfigError::Invalid {
                        var: "CARRYOVER_REQUEST_TIMEOUT_SECS",
                        reason: "expected seconds from 1 to 600".into(),
                    })?,
            },
            worker_interval: match get("CARRYOVER_WORKER_INTERVAL_MS") {
                None => Duration::from_secs(5),
                Some(ms) => {
                    Duration::from_millis(ms.parse().map_err(|_| ConfigError::Invalid {
                        var: "CARRYOVER_WORKER_INTERVAL_MS",
                        reason: "expected milliseconds, e.g. 5000".into(),
                    })?)
                }
            },
        })
    }

    pub fn secure_cookies(&self) -> bool {
        self.env == Environment::Production
    }
}

/// A 0/1 switch.
fn flag(get: &impl Fn(&str) -> Option<String>, var: &'static str) -> Result<bool, ConfigError> {
    match get(var).as_deref() {
        None | Some("0") | Some("false") => Ok(false),
        Some("1") | Some("true") => Ok(true),
        Some(other) => Err(ConfigError::Invalid {
            var,
            reason: format!("expected 1 or 0, got `{other}`"),
        }),
    }
}

/// In development the secret is generated once and kept next to the database,
/// so sessions and card hashes survive a restart.
fn dev_secret(path: &str) -> Result<Secret, ConfigError> {
    let path = PathBuf::from(path);
    let err = |source| ConfigError::SecretFile {
        path: path.clone(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(s) if s.trim().len() >= MIN_SECRET_LEN => Ok(Secret::new(s.trim().as_bytes().to_vec())),
        Ok(_) | Err(_) => {
            use rand::RngCore;
            let mut bytes = [0u8; 32];
            rand::thread_rng().fill_bytes(&mut bytes);
            let s = hex::encode(bytes);
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(err)?;
            }
            std::fs::write(&path, &s).map_err(err)?;
            Ok(Secret::new(s.into_bytes()))
        }
    }
}

fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    const SECRET: (&str, &str) = ("CARRYOVER_SECRET", "0123456789abcdef0123456789abcdef");

    #[test]
    fn defaults() {
        let c = cfg(&[SECRET]).unwrap();
        assert_eq!(c.env, Environment::Dev);
        assert_eq!(c.database_url, "sqlite://data/carryover.db");
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn production_requires_a_secret() {
        let e = cfg(&[("CARRYOVER_ENV", "production")]).err().unwrap();
        assert!(e.to_string().contains("CARRYOVER_SECRET"));
    }

    #[test]
    fn production_requires_the_public_url_for_links() {
        let e = cfg(&[SECRET, ("CARRYOVER_ENV", "production")])
            .err()
            .unwrap();
        assert!(e.to_string().contains("CARRYOVER_PUBLIC_URL"), "{e}");
        let c = cfg(&[
            SECRET,
            ("CARRYOVER_ENV", "production"),
            ("CARRYOVER_PUBLIC_URL", "https://konto.example/"),
        ])
        .unwrap();
        assert_eq!(c.public_url, "https://konto.example");
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (var, val) in [
            ("CARRYOVER_ENV", "staging"),
            ("CARRYOVER_BIND", "not-an-address"),
            ("CARRYOVER_DATABASE_URL", "mysql://x"),
            ("CARRYOVER_SECRET", "short"),
            ("CARRYOVER_PUBLIC_URL", "carryover.example"),
        ] {
            let e = cfg(&[SECRET, (var, val)]).err().unwrap();
            assert!(e.to_string().contains(var), "{e}");
        }
    }

    #[test]
    fn demo_and_test_data_are_refused_in_production() {
        for var in ["CARRYOVER_DEMO", "CARRYOVER_TEST_DATA"] {
            let prod = [
                SECRET,
                ("CARRYOVER_ENV", "production"),
                ("CARRYOVER_PUBLIC_URL", "https://x.example"),
            ];
            assert!(cfg(&prod).is_ok());
            let e = cfg(&[&prod[..], &[(var, "1")]].concat())
                .err()
                .unwrap()
                .to_string();
            assert!(e.contains(var) && e.contains("production mode"), "{e}");
            assert!(cfg(&[SECRET, (var, "1")]).is_ok(), "{var} is fine in dev");
        }
        assert!(!cfg(&[SECRET]).unwrap().test_data, "off by default");
        assert!(cfg(&[SECRET, ("CARRYOVER_TEST_DATA", "yes")]).is_err());
        // A Config made otherwise than from the environment mounts no test-data API either.
        let mut c = cfg(&[SECRET, ("CARRYOVER_TEST_DATA", "1")]).unwrap();
        assert!(c.test_data_api());
        c.env = Environment::Production;
        assert!(!c.test_data_api());
    }

    #[test]
    fn debug_hides_secret_and_password() {
        let c = cfg(&[SECRET, ("CARRYOVER_DATABASE_URL", "postgres://u:pw@db/x")]).unwrap();
        let s = format!("{c:?}");
        assert!(!s.contains("pw@") && !s.contains("0123456789abcdef"), "{s}");
    }
}
