//! Test harness: a fresh database per test (SQLite file, or a new PostgreSQL database),
//! built by the real migrations and loaded with the demo data.
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

impl TestApp {
    pub async fn new(backend: Backend) -> Self {
        Self::with_config(backend, |_| {}).await
    }

    pub async fn with_config(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Self {
        let (url, guard) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.sqlite").display());
                (url, DbGuard::Sqlite(dir))
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let admin = Database::connect(&admin_url).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL at {admin_url} is not reachable ({e}); set TEST_DATABASE_URL")
                });
                let name = format!("gecrm_test_{}", uuid::Uuid::new_v4().simple());
                admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
                admin.close().await.ok();
                let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
                url.set_path(&format!("/{name}"));
                (url.to_string(), DbGuard::Postgres { admin_url, name })
            }
        };
        let mut config = base_config(&url);
        adjust(&mut config);
        let metrics = Metrics::new();
        let db = gecrm::db::connect(&url, &metrics).await.expect("connect test database");
        gecrm::db::migrate(&db).await.expect("migrate");
        let clock = MockClock::new(chrono::Utc::now());
        use gecrm::clock::Clock;
        gecrm::seed::demo(&db, clock.now(), config.password_cost).await.expect("seed demo data");
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

/// Defines a test that runs once on SQLite and once on PostgreSQL, optionally with an
/// adjusted configuration: `db_test!(name, config = |c| ..., |app| { ... })`.
#[macro_export]
macro_rules! db_test {
    ($name:ident, config = $adjust:expr, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: $crate::common::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::common::TestApp::with_config($crate::common::Backend::Sqlite, $adjust).await).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::common::TestApp::with_config($crate::common::Backend::Postgres, $adjust).await).await
            }
        }
    };
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: $crate::common::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::common::TestApp::new($crate::common::Backend::Sqlite).await).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::common::TestApp::new($crate::common::Backend::Postgres).await).await
            }
        }
    };
}
