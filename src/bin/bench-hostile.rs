//! The hostile-traffic benchmark: how fast the server refuses a fragment bomb, whether an
//! ordinary request stays fast while bombs arrive, and what sign-ins cost in memory.
//!
//! `cargo run --release --bin bench-hostile -- [--levels 30] [--logins 500] [--concurrency 32]`
//!
//! Runs the real router in this process on a fresh SQLite file with the demo users, and reads
//! this process's resident memory from `/proc/self/status`.
use std::{sync::Arc, time::Instant};

use anyhow::{Context, bail};
use axum::{Router, body::Body};
use gecrm::{AppState, clock::SystemClock, config::Config, metrics::Metrics};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

struct Args {
    levels: usize,
    logins: usize,
    concurrency: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args { levels: 30, logins: 500, concurrency: 32 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--levels" => a.levels = value.parse()?,
            "--logins" => a.logins = value.parse()?,
            "--concurrency" => a.concurrency = value.parse::<usize>()?.max(1),
            other => bail!("unknown option {other}"),
        }
    }
    Ok(a)
}

async fn post(router: &Router, body: Value) -> anyhow::Result<Value> {
    let req = axum::http::Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))?;
    let resp = router.clone().oneshot(req).await?;
    let bytes = resp.into_body().collect().await?.to_bytes();
    Ok(serde_json::from_slice(&bytes)?)
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn percentile(times: &mut [f64], p: f64) -> f64 {
    times.sort_by(|a, b| a.total_cmp(b));
    times[((times.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("bench.sqlite").display());
    let vars: std::collections::HashMap<&str, String> = [
        ("DATABASE_URL", url.clone()),
        ("SEED_DEMO", "false".into()),
        ("LOGIN_MAX_ATTEMPTS_PER_IP", "1000000".into()),
        ("LOGIN_MAX_FAILURES_PER_USER", "1000000".into()),
    ]
    .into_iter()
    .collect();
    let config = Config::from_lookup(|k| vars.get(k).cloned()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let metrics = Metrics::new();
    let db = gecrm::db::connect(&url, &metrics).await?;
    gecrm::db::migrate(&db).await?;
    gecrm::seed::demo(&db, chrono::Utc::now(), config.password_cost).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let state = AppState::new(config, db, Arc::new(SystemClock), metrics);
    let router = gecrm::router(state);
    println!("resident memory after start: {:.0} MB", rss_mb());

    // 1. A bomb, alone: the time to refuse it.
    let bomb_body = json!({ "query": gecrm::graphql::limits::fragment_bomb(a.levels) });
    let mut times = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let r = post(&router, bomb_body.clone()).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if r["errors"][0]["extensions"]["code"] != "TOO_COMPLEX" {
            bail!("the bomb was not refused: {r}");
        }
    }
    let max = times.iter().copied().fold(0.0, f64::max);
    println!("{}-level fragment bomb refused: p50 {:.2} ms, max {:.2} ms", a.levels, percentile(&mut times, 0.5), max);

    // 2. `{ __typename }` alone, then while 8 clients send bombs back to back.
    let ping = json!({ "query": "{ __typename }" });
    let mut quiet = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        post(&router, ping.clone()).await?;
        quiet.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut bombers = Vec::new();
    for _ in 0..8 {
        let (router, body, stop) = (router.clone(), bomb_body.clone(), stop.clone());
        bombers.push(tokio::spawn(async move {
            let mut sent = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                post(&router, body.clone()).await?;
                sent += 1;
            }
            anyhow::Ok(sent)
        }));
    }
    let mut loud = Vec::new();
    let under_fire = Instant::now();
    while under_fire.elapsed() < std::time::Duration::from_secs(3) {
        let t = Instant::now();
        post(&router, ping.clone()).await?;
        loud.push(t.elapsed().as_secs_f64() * 1000.0);
        tokio::task::yield_now().await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut bombs = 0;
    for b in bombers {
        bombs += b.await??;
    }
    println!(
        "{{ __typename }} p50/p99: alone {:.2}/{:.2} ms; over 3 s while 8 clients sent bombs ({} refused) {:.2}/{:.2} ms",
        percentile(&mut quiet, 0.5),
        percentile(&mut quiet, 0.99),
        bombs,
        percentile(&mut loud, 0.5),
        percentile(&mut loud, 0.99),
    );

    // 3. Sign-ins: argon2id (19 MiB each) at high concurrency, then resident memory.
    let login = json!({
        "query": "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { session { accessToken } userErrors { code } } }",
        "variables": { "u": "gz_am1", "p": gecrm::seed::DEMO_PASSWORD },
    });
    let before = rss_mb();
    let started = Instant::now();
    let per_client = a.logins.div_ceil(a.concurrency);
    let mut tasks = Vec::new();
    for _ in 0..a.concurrency {
        let (router, body) = (router.clone(), login.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            for _ in 0..per_client {
                let t = Instant::now();
                let r = post(&router, body.clone()).await?;
                if !r["data"]["login"]["session"].is_object() {
                    bail!("sign-in failed: {r}");
                }
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            anyhow::Ok(times)
        }));
    }
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{} sign-ins at concurrency {}: {:.1}/s, p50 {:.0} ms, p99 {:.0} ms; resident memory {:.0} MB before, {:.0} MB after",
        times.len(),
        a.concurrency,
        times.len() as f64 / elapsed,
        percentile(&mut times, 0.5),
        percentile(&mut times, 0.99),
        before,
        rss_mb()
    );
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    println!("resident memory 2 s later: {:.0} MB", rss_mb());
    Ok(())
}
