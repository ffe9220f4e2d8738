//! The web app's own tests, run by the README's test command: its Vitest unit tests, and the
//! end-to-end journey in headless Chromium (`/usr/bin/chromium`, Debian's package) against the
//! release server on a fresh SQLite database. Screenshots go to `frontend/e2e/screenshots/`.
use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

fn frontend() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("frontend")
}

fn npm() -> Command {
    Command::new(if cfg!(windows) { "npm.cmd" } else { "npm" })
}

#[test]
fn vitest_unit_tests_pass() {
    let status =
        npm().args(["test"]).current_dir(frontend()).status().expect("npm must be installed to test the web app");
    assert!(status.success(), "the web app's Vitest tests failed (see above)");
}

/// Stops the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn release_binary() -> PathBuf {
    // The binary `cargo run --release` runs, built now if needed (the test binaries are debug).
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build.args(["build", "--release", "--bin", "gecrm"]).current_dir(env!("CARGO_MANIFEST_DIR"));
    // The variables the test runner sets for this test (CARGO_PKG_NAME, CARGO_MANIFEST_DIR…)
    // are ones some build scripts watch: passed on, they would make this a different build
    // from the `cargo run --release` in a shell, and each would rebuild after the other.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if (key.starts_with("CARGO_") && !matches!(&*key, "CARGO_HOME" | "CARGO_TARGET_DIR" | "CARGO_BUILD_JOBS"))
            || key == "OUT_DIR"
        {
            build.env_remove(&*key);
        }
    }
    let status = build.status().expect("run cargo build --release");
    assert!(status.success(), "cargo build --release failed");
    let debug = PathBuf::from(env!("CARGO_BIN_EXE_gecrm"));
    let target = debug.parent().and_then(Path::parent).expect("target directory");
    target.join("release").join(debug.file_name().unwrap())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn ready(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /readyz HTTP/1.0\r\nHost: localhost\r\n\r\n").is_err() {
        return false;
    }
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body.starts_with("HTTP/1.0 200") || body.starts_with("HTTP/1.1 200")
}

/// The release server on a fresh SQLite database with the demo data, on a free port, with
/// its log in the returned folder; stopped when the `Server` is dropped.
fn start_server(extra_env: &[(&str, &str)]) -> (Server, u16, tempfile::TempDir) {
    let binary = release_binary();
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let db = data.path().join("crm.sqlite");
    let log = std::fs::File::create(data.path().join("server.log")).unwrap();
    let mut command = Command::new(&binary);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", format!("sqlite://{}?mode=rwc", db.display()))
        .env("RUST_LOG", "warn");
    for (k, v) in extra_env {
        command.env(k, v);
    }
    let server = Server(
        command
            .current_dir(data.path())
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start the release server"),
    );
    let start = Instant::now();
    while !ready(port) {
        assert!(start.elapsed() < Duration::from_secs(60), "the server did not become ready in 60 s");
        std::thread::sleep(Duration::from_millis(200));
    }
    (server, port, data)
}

#[test]
fn browser_journey_from_visit_to_confirmed_installation() {
    // Access tokens expire every 45 s, so the journey only passes if the app renews them on
    // its own without losing the page; and the browser may run only the app's registered
    // operations (as in production), so it passes only if every one of them is registered.
    let (server, port, data) = start_server(&[("ACCESS_TOKEN_TTL_SECS", "45"), ("TRUSTED_DOCUMENTS", "true")]);
    // The developer's tools (GraphiQL, the API reference) on a development server as it starts
    // by default, which takes any document.
    let (tools, tools_port, _tools_data) = start_server(&[]);
    let output = npm()
        .args(["run", "e2e"])
        .env("BASE_URL", format!("http://127.0.0.1:{port}"))
        .env("TOOLS_URL", format!("http://127.0.0.1:{tools_port}"))
        .current_dir(frontend())
        .output()
        .expect("npm must be installed to test the web app");
    drop((server, tools));
    let server_log = std::fs::read_to_string(data.path().join("server.log")).unwrap_or_default();
    assert!(
        output.status.success(),
        "the browser journey failed\n--- journey ---\n{}\n{}\n--- server log ---\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        server_log
    );
    let shots = std::fs::read_dir(frontend().join("e2e/screenshots")).map(|d| d.count()).unwrap_or(0);
    assert!(shots >= 8, "a screenshot of each screen is kept for review, found {shots}");
}

/// A GraphQL client built to the GraphQL-over-HTTP spec finds nothing it must or should
/// expect that the server does not do (graphql-http's server audits).
#[test]
fn graphql_over_http_audits_find_no_must_or_should_failure() {
    let (server, port, _data) = start_server(&[]);
    let output = Command::new("node")
        .args(["e2e/graphql-http-audit.mjs", &format!("http://127.0.0.1:{port}/graphql")])
        .current_dir(frontend())
        .output()
        .expect("node must be installed to test the web app");
    drop(server);
    assert!(
        output.status.success(),
        "GraphQL-over-HTTP audits failed\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
