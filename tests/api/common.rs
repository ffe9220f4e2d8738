//! Test harness: a fresh database per test (SQLite file, or a new PostgreSQL database),
//! built by the real migrations and loaded with the demo data.
//!
//! Migrating and seeding happen once per test binary and engine, into a template (see
//! [`template`]); each test then starts from a copy of it: a file copy on SQLite,
//! `CREATE DATABASE … TEMPLATE` on PostgreSQL. The test's clock starts at the moment the
//! template was seeded, so every test sees the demo data exactly as if seeded for it.
use std::{collections::HashMap, sync::Arc};

use async_graphql::{Request, Variables};
use axum::{
    Router,
    body::Body,
    http::{HeaderMap, StatusCode},
};
use gecrm::{
    AppState,
    auth::{Authn, Viewer, service::viewer_of},
    clock::MockClock,
    config::{Config, PasswordCost},
    graphql::{AppSchema, build_schema, prepare_request},
    metrics::Metrics,
    state::{Lang, RequestMeta},
};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Database, EntityTrait};
use serde_json::Value;
use tower::ServiceExt;

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the per-test PostgreSQL databases are made. Never skipped: when PostgreSQL is not
/// reachable the PostgreSQL half of every database test fails.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Removes the test database when the test ends, however it ends.
pub enum DbGuard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        if let DbGuard::Postgres { admin_url, name } = self {
            let (url, name) = (admin_url.clone(), name.clone());
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                rt.block_on(async {
                    if let Ok(db) = Database::connect(&url).await {
                        let _ =
                            db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                        let _ = db.close().await;
                    }
                });
            })
            .join();
        }
    }
}

pub struct TestApp {
    pub state: AppState,
    pub schema: AppSchema,
    pub router: Router,
    pub clock: MockClock,
    viewers: HashMap<String, Viewer>,
    _guard: DbGuard,
}

pub fn base_config(database_url: &str) -> Config {
    let vars: HashMap<&str, &str> = [("DATABASE_URL", database_url), ("SEED_DEMO", "false")].into_iter().collect();
    let mut config = Config::from_lookup(|k| vars.get(k).map(|v| v.to_string())).expect("test config");
    config.password_cost = PasswordCost::FAST_FOR_TESTS;
    config
}

/// A migrated and seeded database to copy: a file path (SQLite) or a database name
/// (PostgreSQL), and when it was seeded.
struct Template {
    location: String,
    seeded_at: chrono::DateTime<chrono::Utc>,
}

/// The template for this build of the tests and this engine, made by the first test that
/// asks for it. Test processes run in parallel, so one holds a file lock while making it and
/// the others wait, then read what it recorded. A new build of the tests (new migrations,
/// new seed) makes a new template; those of earlier builds are removed after a day.
async fn template(backend: Backend) -> Template {
    use std::hash::{Hash, Hasher};
    let exe = std::env::current_exe().expect("test binary");
    let meta = std::fs::metadata(&exe).expect("test binary metadata");
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (exe.display().to_string(), meta.len(), meta.modified().ok(), format!("{backend:?}"), postgres_admin_url())
        .hash(&mut h);
    let key = format!("{:016x}", h.finish());
    let dir = std::env::temp_dir().join("gecrm-test-templates");
    std::fs::create_dir_all(&dir).expect("template folder");
    let record = dir.join(format!("{key}.json"));
    let lock = std::fs::File::create(dir.join(format!("{key}.lock"))).expect("template lock file");
    let lock = tokio::task::spawn_blocking(move || lock.lock().map(|_| lock)).await.unwrap().expect("template lock");
    if let Ok(text) = std::fs::read_to_string(&record) {
        let v: Value = serde_json::from_str(&text).expect("template record");
        drop(lock);
        return Template {
            location: v["location"].as_str().expect("location").to_string(),
            seeded_at: v["seededAt"].as_str().expect("seededAt").parse().expect("seededAt is a time"),
        };
    }
    remove_stale_templates(&dir).await;
    let (location, url) = match backend {
        Backend::Sqlite => {
            let file = dir.join(format!("{key}.sqlite"));
            let _ = std::fs::remove_file(&file);
            (file.display().to_string(), format!("sqlite://{}?mode=rwc", file.display()))
        }
        Backend::Postgres => {
            let admin_url = postgres_admin_url();
            let name = format!("gecrm_template_{key}");
            create_database(&admin_url, &name, None).await;
            let url = database_url(&admin_url, &name);
            (name, url)
        }
    };
    let seeded_at = chrono::Utc::now();
    let db = gecrm::db::connect(&url, &Metrics::new()).await.expect("connect the template");
    gecrm::db::migrate(&db).await.expect("migrate");
    gecrm::seed::demo(&db, seeded_at, PasswordCost::FAST_FOR_TESTS).await.expect("seed demo data");
    if matches!(backend, Backend::Sqlite) {
        // Everything into the main file, which is what tests copy.
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.expect("checkpoint the template");
    }
    // A PostgreSQL template must have no connections while it is copied.
    db.close().await.expect("close the template");
    let v = serde_json::json!({ "location": location, "seededAt": seeded_at.to_rfc3339(), "backend": format!("{backend:?}") });
    std::fs::write(&record, v.to_string()).expect("write the template record");
    drop(lock);
    Template { location, seeded_at }
}

/// Templates of earlier builds, once a day old (a day, so that a run of another build still
/// going on this machine keeps its own).
async fn remove_stale_templates(dir: &std::path::Path) {
    let day = std::time::Duration::from_secs(24 * 3600);
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let stale = entry.metadata().ok().and_then(|m| m.modified().ok()).and_then(|t| t.elapsed().ok()) > Some(day);
        if !stale || path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        if let Some(v) = std::fs::read_to_string(&path).ok().and_then(|t| serde_json::from_str::<Value>(&t).ok()) {
            let location = v["location"].as_str().unwrap_or_default().to_string();
            if v["backend"] == "Postgres" {
                if let Ok(admin) = Database::connect(&postgres_admin_url()).await {
                    let _ =
                        admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{location}\" WITH (FORCE)")).await;
                    let _ = admin.close().await;
                }
            } else {
                let _ = std::fs::remove_file(&location);
            }
        }
        let _ = std::fs::remove_file(&path);
    }
}

async fn create_database(admin_url: &str, name: &str, template: Option<&str>) {
    let admin = Database::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} is not reachable ({e}); set TEST_DATABASE_URL"));
    let sql = match template {
        Some(t) => format!("CREATE DATABASE \"{name}\" TEMPLATE \"{t}\""),
        None => format!("CREATE DATABASE \"{name}\""),
    };
    // Copies of one template made at the same moment can find it "being accessed by other
    // users" (another copy's connection): try again shortly.
    let mut attempt = 0;
    loop {
        match admin.execute_unprepared(&sql).await {
            Ok(_) => break,
            Err(e) if attempt < 50 && e.to_string().contains("being accessed by other users") => {
                attempt += 1;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("{sql}: {e}"),
        }
    }
    admin.close().await.ok();
}

fn database_url(admin_url: &str, name: &str) -> String {
    let mut url = url::Url::parse(admin_url).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

impl TestApp {
    pub async fn new(backend: Backend) -> Self {
        Self::with_config(backend, |_| {}).await
    }

    pub async fn with_config(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Self {
        let template = template(backend).await;
        let (url, guard) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let file = dir.path().join("test.sqlite");
                std::fs::copy(&template.location, &file).expect("copy the SQLite template");
                (format!("sqlite://{}?mode=rwc", file.display()), DbGuard::Sqlite(dir))
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let name = format!("gecrm_test_{}", uuid::Uuid::new_v4().simple());
                create_database(&admin_url, &name, Some(&template.location)).await;
                (database_url(&admin_url, &name), DbGuard::Postgres { admin_url, name })
            }
        };
        let mut config = base_config(&url);
        adjust(&mut config);
        let metrics = Metrics::new();
        let db = gecrm::db::connect(&url, &metrics).await.expect("connect test database");
        let clock = MockClock::new(template.seeded_at);
        let mut viewers = HashMap::new();
        for user in entity::app_user::Entity::find().all(&db).await.expect("users") {
            viewers.insert(user.username.clone(), viewer_of(&user).expect("viewer"));
        }
        let state = AppState::new(config, db, Arc::new(clock.clone()), metrics);
        Self {
            schema: build_schema(state.clone()),
            router: gecrm::router(state.clone()),
            state,
            clock,
            viewers,
            _guard: guard,
        }
    }

    pub fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        use gecrm::clock::Clock;
        self.clock.now()
    }

    pub fn viewer(&self, username: &str) -> Viewer {
        self.viewers.get(username).cloned().unwrap_or_else(|| panic!("no demo user {username}"))
    }

    /// Runs an operation as `username` (or anonymously) and returns the whole response as JSON.
    pub async fn exec(&self, username: Option<&str>, query: &str, variables: Value) -> Value {
        self.exec_with(username.map(|u| self.viewer(u)), Lang::Zh, query, variables).await
    }

    pub async fn exec_with(&self, viewer: Option<Viewer>, lang: Lang, query: &str, variables: Value) -> Value {
        let meta = RequestMeta {
            authn: viewer.map_or(Authn::Anonymous, Authn::Viewer),
            request_id: Some("test-request".into()),
            client_ip: "127.0.0.1".into(),
            lang,
        };
        let request = Request::new(query).variables(Variables::from_json(variables));
        let response = self.schema.execute(prepare_request(request, &self.state, meta)).await;
        serde_json::to_value(&response).expect("response serialises")
    }

    /// Like [`exec`], asserting that there are no errors, and returning `data`.
    pub async fn data(&self, username: Option<&str>, query: &str, variables: Value) -> Value {
        let resp = self.exec(username, query, variables).await;
        assert!(resp.get("errors").is_none(), "unexpected errors: {resp:#}");
        resp["data"].clone()
    }

    /// Sends an HTTP request through the router, returning status, headers and body.
    pub async fn http(&self, request: axum::http::Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let resp = self.router.clone().oneshot(request).await.expect("router answers");
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp.into_body().collect().await.expect("body").to_bytes().to_vec();
        (status, headers, body)
    }

    pub async fn post_graphql(
        &self,
        token: Option<&str>,
        accept: Option<&str>,
        body: Value,
    ) -> (StatusCode, HeaderMap, Value) {
        let mut req = axum::http::Request::post("/graphql").header("content-type", "application/json");
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        if let Some(a) = accept {
            req = req.header("accept", a);
        }
        let (status, headers, body) = self.http(req.body(Body::from(body.to_string())).expect("request")).await;
        (status, headers, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }

    /// Signs in over HTTP and returns (access token, refresh token).
    pub async fn login(&self, username: &str) -> (String, String) {
        let (_, _, body) = self
            .post_graphql(
                None,
                None,
                serde_json::json!({
                    "query": "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { session { accessToken refreshToken } userErrors { code } } }",
                    "variables": { "u": username, "p": gecrm::seed::DEMO_PASSWORD }
                }),
            )
            .await;
        let s = &body["data"]["login"]["session"];
        assert!(s.is_object(), "login failed: {body:#}");
        (s["accessToken"].as_str().unwrap().to_string(), s["refreshToken"].as_str().unwrap().to_string())
    }

    /// Disables `username` as the admin would, asserting it worked.
    pub async fn disable_user(&self, username: &str) {
        let q = "query($s: String) { users(filter: {search: $s}) { nodes { id version username } } }";
        let u = self.data(Some("admin"), q, serde_json::json!({ "s": username })).await;
        let nodes = u["users"]["nodes"].as_array().expect("users");
        let user = nodes.iter().find(|n| n["username"] == username).unwrap_or_else(|| panic!("no user {username}"));
        let d = self
            .data(
                Some("admin"),
                "mutation($id: ID!, $v: Int!) { disableUser(input: {id: $id, expectedVersion: $v}) { userErrors { code } } }",
                serde_json::json!({ "id": user["id"], "v": user["version"] }),
            )
            .await;
        assert_eq!(d["disableUser"]["userErrors"], serde_json::json!([]), "disabling {username}");
    }

    /// Rolls the schema back to just before the migration `name` (and every one after it),
    /// as a database from before that upgrade would be.
    pub async fn roll_back_to_before(&self, name: &str) {
        use migration::{Migrator, MigratorTrait};
        let all = Migrator::migrations();
        let at = all.iter().position(|m| m.name() == name).unwrap_or_else(|| panic!("no migration {name}"));
        Migrator::down(&self.state.db, Some((all.len() - at) as u32)).await.expect("roll back");
    }

    pub async fn count(&self, table: &str) -> i64 {
        let row = self
            .state
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.state.db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count query")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("count")
    }
}

/// The `extensions.code` of the first error.
pub fn error_code(resp: &Value) -> &str {
    resp["errors"][0]["extensions"]["code"].as_str().unwrap_or_else(|| panic!("no error code in {resp:#}"))
}

/// Room for a test's thread and its runtime's workers: a debug build executes a request through
/// nested futures (a merged root nests one per area) that need more than the default 2 MiB.
const TEST_STACK: usize = 16 * 1024 * 1024;

/// Runs a database test's body on a two-worker runtime whose threads have [`TEST_STACK`], and
/// passes its panic on.
pub fn run_async<F, Fut>(make: F)
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let thread = std::thread::Builder::new()
        .stack_size(TEST_STACK)
        .spawn(move || {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_stack_size(TEST_STACK)
                .enable_all()
                .build()
                .expect("test runtime")
                .block_on(Box::pin(make()))
        })
        .expect("test thread");
    if let Err(panic) = thread.join() {
        std::panic::resume_unwind(panic);
    }
}

/// Defines a test that runs once on SQLite and once on PostgreSQL, optionally with an
/// adjusted configuration: `db_test!(name, config = |c| ..., |app| { ... })`.
#[macro_export]
macro_rules! db_test {
    ($name:ident, config = $adjust:expr, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: $crate::common::TestApp) $body

            #[test]
            fn sqlite() {
                $crate::common::run_async(|| async {
                    run($crate::common::TestApp::with_config($crate::common::Backend::Sqlite, $adjust).await).await
                })
            }

            #[test]
            fn postgres() {
                $crate::common::run_async(|| async {
                    run($crate::common::TestApp::with_config($crate::common::Backend::Postgres, $adjust).await).await
                })
            }
        }
    };
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: $crate::common::TestApp) $body

            #[test]
            fn sqlite() {
                $crate::common::run_async(|| async { run($crate::common::TestApp::new($crate::common::Backend::Sqlite).await).await })
            }

            #[test]
            fn postgres() {
                $crate::common::run_async(|| async { run($crate::common::TestApp::new($crate::common::Backend::Postgres).await).await })
            }
        }
    };
}
