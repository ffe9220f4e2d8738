//! Typed configuration, read from the environment (and an optional `.env`-style file),
//! validated once at start so a bad value stops the server with a clear message.
use std::{net::SocketAddr, time::Duration};

/// The JWT secret used when none is configured. Refused in production.
pub const DEMO_JWT_SECRET: &str = "demo-secret-change-me-0123456789abcdef";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppEnv {
    Development,
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Hashing cost for passwords. Tests use a cheap setting; servers the OWASP minimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl PasswordCost {
    pub const STANDARD: Self = Self { memory_kib: 19 * 1024, iterations: 2 };
    pub const FAST_FOR_TESTS: Self = Self { memory_kib: 1024, iterations: 1 };
}

#[derive(Clone, Debug)]
pub struct Config {
    pub bind_addr: SocketAddr,
    pub database_url: String,
    pub app_env: AppEnv,
    /// Current signing secret; its `kid` is derived from it.
    pub jwt_secret: String,
    /// Secrets of earlier keys still accepted for verification during rotation.
    pub jwt_previous_secrets: Vec<String>,
    pub log_format: LogFormat,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// How long a used refresh token may be presented again by a browser that lost the answer.
    pub refresh_reuse_grace: Duration,
    pub request_timeout: Duration,
    pub body_limit_bytes: usize,
    /// Largest file accepted in a GraphQL multipart upload (member CSV imports).
    pub upload_limit_bytes: usize,
    /// How long a DataLoader gathers keys before its batched query.
    pub loader_delay: std::time::Duration,
    pub max_batch: usize,
    pub login_max_failures_per_user: u32,
    pub login_max_attempts_per_ip: u32,
    pub login_window: Duration,
    pub password_cost: PasswordCost,
    /// Load demo data into an empty database on start (development only).
    pub seed_demo: bool,
    /// Browsers (requests with an `Origin`) may run only the web app's registered operations
    /// (`TRUSTED_DOCUMENTS`; on in production unless set).
    pub trusted_documents: bool,
    /// Lists whose selection is plain fields are read by position and built without resolving
    /// each field (`COMPILED_READS`, on unless set to false; see `graphql::compiled`).
    pub compiled_reads: bool,
    /// When set, `/metrics` needs `Authorization: Bearer <token>`.
    pub metrics_token: Option<String>,
    /// When set, the metrics are also served alone on this (internal) address.
    pub metrics_addr: Option<SocketAddr>,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {name}: {message}")]
pub struct ConfigError {
    pub name: &'static str,
    pub message: String,
}

fn bad(name: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError { name, message: message.into() }
}

impl Config {
    /// Reads the process environment, after loading `CONFIG_FILE` (or `./.env` when present).
    pub fn from_env() -> Result<Self, ConfigError> {
        match std::env::var("CONFIG_FILE") {
            Ok(path) => {
                dotenvy::from_path(&path).map_err(|e| bad("CONFIG_FILE", format!("{path}: {e}")))?;
            }
            Err(_) => {
                let _ = dotenvy::dotenv();
            }
        }
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Builds a configuration from any key lookup (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let app_env = match get("APP_ENV").as_deref() {
            None | Some("development") => AppEnv::Development,
            Some("production") => AppEnv::Production,
            Some(other) => return Err(bad("APP_ENV", format!("expected development or production, got {other:?}"))),
        };
        let bind_addr = get("BIND_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|e| bad("BIND_ADDR", format!("expected host:port ({e})")))?;
        let database_url = match get("DATABASE_URL") {
            Some(url) => validate_database_url(&url)?,
            None => "sqlite://./data/crm.sqlite?mode=rwc".to_string(),
        };
        let jwt_secret = match (get("JWT_SECRET"), app_env) {
            (Some(s), AppEnv::Production) if s == DEMO_JWT_SECRET => {
                return Err(bad("JWT_SECRET", "the demo secret may not be used in production"));
            }
            (Some(s), _) if s.len() < 32 => return Err(bad("JWT_SECRET", "must be at least 32 characters")),
            (Some(s), _) => s,
            (None, AppEnv::Production) => return Err(bad("JWT_SECRET", "required in production")),
            (None, AppEnv::Development) => DEMO_JWT_SECRET.to_string(),
        };
        let jwt_previous_secrets = get("JWT_PREVIOUS_SECRETS")
            .map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => return Err(bad("LOG_FORMAT", format!("expected text or json, got {other:?}"))),
        };
        let secs = |name: &'static str, default: u64| -> Result<Duration, ConfigError> {
            Ok(Duration::from_secs(number(get(name), name, default)?))
        };
        let flag = |name: &'static str, default: bool| match get(name).as_deref() {
            None => Ok(default),
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            Some(other) => Err(bad(name, format!("expected true or false, got {other:?}"))),
        };
        let seed_demo = flag("SEED_DEMO", app_env == AppEnv::Development)?;
        let trusted_documents = flag("TRUSTED_DOCUMENTS", app_env == AppEnv::Production)?;
        if seed_demo && app_env == AppEnv::Production {
            return Err(bad("SEED_DEMO", "demo data is never loaded in production"));
        }
        let metrics_token = get("METRICS_TOKEN");
        if metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err(bad("METRICS_TOKEN", "must be at least 16 characters"));
        }
        let metrics_addr = get("METRICS_ADDR")
            .map(|v| v.parse().map_err(|e| bad("METRICS_ADDR", format!("expected host:port ({e})"))))
            .transpose()?;
        Ok(Config {
            metrics_token,
            metrics_addr,
            bind_addr,
            database_url,
            app_env,
            jwt_secret,
            jwt_previous_secrets,
            log_format,
            access_token_ttl: secs("ACCESS_TOKEN_TTL_SECS", 15 * 60)?,
            refresh_token_ttl: secs("REFRESH_TOKEN_TTL_SECS", 14 * 24 * 3600)?,
            refresh_reuse_grace: secs("REFRESH_REUSE_GRACE_SECS", 30)?,
            request_timeout: secs("REQUEST_TIMEOUT_SECS", 30)?,
            body_limit_bytes: number(get("BODY_LIMIT_BYTES"), "BODY_LIMIT_BYTES", 2 * 1024 * 1024)? as usize,
            upload_limit_bytes: number(get("UPLOAD_LIMIT_BYTES"), "UPLOAD_LIMIT_BYTES", 20 * 1024 * 1024)? as usize,
            loader_delay: std::time::Duration::from_millis(whole(get("LOADER_DELAY_MS"), "LOADER_DELAY_MS", 0)?),
            max_batch: number(get("MAX_BATCH"), "MAX_BATCH", 10)? as usize,
            login_max_failures_per_user: number(get("LOGIN_MAX_FAILURES_PER_USER"), "LOGIN_MAX_FAILURES_PER_USER", 5)?
                as u32,
            login_max_attempts_per_ip: number(get("LOGIN_MAX_ATTEMPTS_PER_IP"), "LOGIN_MAX_ATTEMPTS_PER_IP", 30)?
                as u32,
            login_window: secs("LOGIN_WINDOW_SECS", 15 * 60)?,
            password_cost: PasswordCost::STANDARD,
            seed_demo,
            trusted_documents,
            compiled_reads: flag("COMPILED_READS", true)?,
        })
    }

    pub fn is_production(&self) -> bool {
        self.app_env == AppEnv::Production
    }
}

fn number(value: Option<String>, name: &'static str, default: u64) -> Result<u64, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => match v.trim().parse::<u64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(bad(name, format!("expected a positive whole number, got {v:?}"))),
        },
    }
}

/// A whole number where 0 is meaningful.
fn whole(value: Option<String>, name: &'static str, default: u64) -> Result<u64, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => v.trim().parse::<u64>().map_err(|_| bad(name, format!("expected a whole number, got {v:?}"))),
    }
}

fn validate_database_url(url: &str) -> Result<String, ConfigError> {
    if let Some(rest) = url.strip_prefix("sqlite:") {
        if rest.is_empty() {
            return Err(bad("DATABASE_URL", "sqlite URL needs a path, e.g. sqlite://./data/crm.sqlite"));
        }
        return Ok(url.to_string());
    }
    let parsed = url::Url::parse(url).map_err(|e| bad("DATABASE_URL", format!("not a URL ({e})")))?;
    match parsed.scheme() {
        "postgres" | "postgresql" if parsed.host_str().is_some_and(|h| !h.is_empty()) => Ok(url.to_string()),
        "postgres" | "postgresql" => Err(bad("DATABASE_URL", "PostgreSQL URL needs a host")),
        other => Err(bad("DATABASE_URL", format!("unsupported scheme {other:?}: use sqlite: or postgres://"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_run_on_sqlite_in_development() {
        let c = config(&[]).unwrap();
        assert_eq!(c.bind_addr.to_string(), "127.0.0.1:8080");
        assert!(c.database_url.starts_with("sqlite:"));
        assert_eq!(c.app_env, AppEnv::Development);
        assert_eq!(c.access_token_ttl, Duration::from_secs(900));
        assert!(c.seed_demo);
    }

    #[test]
    fn malformed_database_url_is_refused() {
        let err = config(&[("DATABASE_URL", "mysql://x/y")]).unwrap_err();
        assert_eq!(err.name, "DATABASE_URL");
        assert!(config(&[("DATABASE_URL", "postgres//nohost")]).is_err());
        assert!(config(&[("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crm")]).is_ok());
    }

    #[test]
    fn production_requires_a_real_secret() {
        assert_eq!(config(&[("APP_ENV", "production")]).unwrap_err().name, "JWT_SECRET");
        assert_eq!(
            config(&[("APP_ENV", "production"), ("JWT_SECRET", DEMO_JWT_SECRET)]).unwrap_err().name,
            "JWT_SECRET"
        );
        assert_eq!(config(&[("APP_ENV", "production"), ("JWT_SECRET", "short")]).unwrap_err().name, "JWT_SECRET");
        let c = config(&[("APP_ENV", "production"), ("JWT_SECRET", &"k".repeat(40))]).unwrap();
        assert!(c.is_production());
        assert!(!c.seed_demo);
    }

    #[test]
    fn bad_values_name_the_variable() {
        assert_eq!(config(&[("BIND_ADDR", "nowhere")]).unwrap_err().name, "BIND_ADDR");
        assert_eq!(config(&[("LOADER_DELAY_MS", "soon")]).unwrap_err().name, "LOADER_DELAY_MS");
        assert_eq!(config(&[("LOADER_DELAY_MS", "0")]).unwrap().loader_delay, std::time::Duration::ZERO);
        assert_eq!(config(&[("LOADER_DELAY_MS", "5")]).unwrap().loader_delay, std::time::Duration::from_millis(5));
        assert_eq!(config(&[("LOG_FORMAT", "xml")]).unwrap_err().name, "LOG_FORMAT");
        assert_eq!(config(&[("APP_ENV", "staging")]).unwrap_err().name, "APP_ENV");
        assert_eq!(config(&[("ACCESS_TOKEN_TTL_SECS", "-5")]).unwrap_err().name, "ACCESS_TOKEN_TTL_SECS");
    }
}
