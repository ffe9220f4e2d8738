//! Builds the web app (this folder) into `dist/`, which `rust/lib.rs` embeds.
//!
//! Runs `npm ci` when `node_modules` is missing and `npm run build` when a source of
//! the app changed. `GECRM_SKIP_WEB_BUILD=1` builds the API alone (the app is then a page that
//! says so), e.g. on a machine without Node.js.
use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

const SOURCES: &[&str] = &[
    "index.html",
    "graphiql.html",
    "package.json",
    "package-lock.json",
    "vite.config.ts",
    "codegen.ts",
    "tsconfig.json",
    "spectaql.yml",
    "public",
    "../schema.graphql",
];

fn main() {
    println!("cargo:rerun-if-env-changed=GECRM_SKIP_WEB_BUILD");
    for s in SOURCES {
        println!("cargo:rerun-if-changed={s}");
    }
    // Every source file, but not the generated `src/gql` (the build writes it).
    let mut files = Vec::new();
    walk(Path::new("src"), &mut files);
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }

    let dist = Path::new("dist");
    let docs = Path::new("dist-docs");
    if std::env::var_os("GECRM_SKIP_WEB_BUILD").is_some_and(|v| v != "0") {
        for dir in [dist, docs] {
            if !dir.join("index.html").exists() {
                fs::create_dir_all(dir).expect("create the output folder");
                fs::write(dir.join("index.html"), PLACEHOLDER).expect("write a placeholder index.html");
            }
        }
        return;
    }
    // Debug and release builds each run this script: the second finds the app already built.
    let newest_source =
        files.iter().map(PathBuf::as_path).chain(SOURCES.iter().map(Path::new)).filter_map(newest).max();
    let built = fs::metadata(dist.join("graphiql.html"))
        .and_then(|_| fs::metadata(docs.join("index.html")))
        .and_then(|_| fs::metadata(dist.join("index.html")));
    if let (Some(source), Ok(built)) = (newest_source, built.and_then(|m| m.modified()))
        && built > source
    {
        return;
    }
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    if !Path::new("node_modules/.package-lock.json").exists() {
        run(Command::new(npm).args(["ci", "--no-audit", "--no-fund"]), "npm ci");
    }
    run(Command::new(npm).args(["run", "build"]), "npm run build");
}

/// When a file, or the newest file under a folder, was last changed.
fn newest(path: &Path) -> Option<std::time::SystemTime> {
    if path.is_dir() {
        let mut files = Vec::new();
        walk(path, &mut files);
        files.iter().filter_map(|f| newest(f)).max()
    } else {
        fs::metadata(path).and_then(|m| m.modified()).ok()
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "gql") {
                walk(&p, out);
            }
        } else {
            out.push(p);
        }
    }
}

fn run(cmd: &mut Command, what: &str) {
    let status = cmd.status().unwrap_or_else(|e| {
        panic!(
            "could not run `{what}` ({e}): Node.js 20+ and npm are needed to build the web app; \
             set GECRM_SKIP_WEB_BUILD=1 to build the API alone"
        )
    });
    assert!(status.success(), "`{what}` in frontend/ failed ({status}); see the output above");
}

const PLACEHOLDER: &str = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>政企客户经理工作台</title>\
<p>网页应用未构建（GECRM_SKIP_WEB_BUILD）。接口见 <a href=\"/graphql\">/graphql</a>。</p>\
<p lang=\"en\">The web app was not built (GECRM_SKIP_WEB_BUILD). The API is at <a href=\"/graphql\">/graphql</a>.</p></html>";
