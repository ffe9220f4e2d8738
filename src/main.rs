//! The server: `gecrm` (serve), `gecrm migrate`, `gecrm seed`, `gecrm run-jobs [job…]`.
use std::{net::SocketAddr, sync::Arc};

use anyhow::Context;
use gecrm::{AppState, clock::SystemClock, config::Config, db, metrics::Metrics, seed, telemetry};

/// A request allocates and frees many small objects from several threads at once (rows,
/// JSON values, response trees); mimalloc's per-thread heaps serve that without the glibc
/// arenas' lock traffic and fragmentation.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (the Rust bindings name no constant
/// for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> anyhow::Result<()> {
    // Freed pages go back to the system after 100 ms instead of mimalloc's default second:
    // under load the pages every worker thread held for that second sometimes added up to
    // peaks of 140–150 MB resident. At 100 ms the read mix peaks at about 80 MB with the
    // default's throughput; purging at once (0) also stays under 80 MB but costs a fifth of
    // the throughput in madvise calls. Set before any other thread exists (the option table
    // is not synchronised); `MIMALLOC_PURGE_DELAY` in the environment still decides when set.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: plain store into mimalloc's option table, single-threaded here.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100) };
    }
    // Workers with room for a debug build's deep GraphQL execution (the default 2 MiB is tight
    // there); a release build needs far less, and the memory is only reserved.
    tokio::runtime::Builder::new_multi_thread().thread_stack_size(8 * 1024 * 1024).enable_all().build()?.block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    telemetry::init(config.log_format);
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    let metrics = Metrics::new();
    let conn = db::connect(&config.database_url, &metrics).await.context("connecting to the database")?;
    db::migrate(&conn).await.context("running migrations")?;
    match command.as_str() {
        "migrate" => {
            tracing::info!("migrations applied");
            Ok(())
        }
        "seed" => {
            anyhow::ensure!(!config.is_production(), "demo data is never loaded in production");
            let scale = parse_scale(std::env::args().skip(2))?;
            let started = std::time::Instant::now();
            let loaded = seed::demo(&conn, chrono::Utc::now(), config.password_cost)
                .await
                .map_err(|e| anyhow::anyhow!("loading demo data: {e:?}"))?;
            if scale.is_none() {
                seed::demo_archive(&conn, chrono::Utc::now())
                    .await
                    .map_err(|e| anyhow::anyhow!("loading demo data: {e:?}"))?;
            }
            if let Some(n) = scale {
                let made = gecrm::scale::generate(&conn, chrono::Utc::now(), gecrm::scale::Plan::scale(n))
                    .await
                    .map_err(|e| anyhow::anyhow!("generating the archive: {e:?}"))?;
                tracing::info!(
                    groups = made.groups,
                    members = made.members,
                    contacts = made.contacts,
                    visits = made.visits,
                    duration_ms = started.elapsed().as_millis() as u64,
                    "scale seed finished"
                );
            }
            tracing::info!(loaded, "seed finished");
            Ok(())
        }
        "serve" => serve(config, conn, metrics).await,
        "run-jobs" => {
            let names: Vec<String> = std::env::args().skip(2).collect();
            let state = AppState::new(config, conn, Arc::new(SystemClock), metrics);
            let runs = gecrm::jobs::run_all(&state, &names).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let failed = runs.iter().filter(|r| r.status == gecrm::jobs::JobRunStatus::Failed).count();
            anyhow::ensure!(failed == 0, "{failed} job(s) failed; see the log above");
            Ok(())
        }
        other => {
            anyhow::bail!("unknown command {other:?}: use serve, migrate, seed or run-jobs [job…]")
        }
    }
}

/// `--scale N` after `seed`: N generated groups on top of the demo data.
fn parse_scale(mut args: impl Iterator<Item = String>) -> anyhow::Result<Option<usize>> {
    match (args.next().as_deref(), args.next()) {
        (None, _) => Ok(None),
        (Some("--scale"), Some(n)) => {
            Ok(Some(n.parse().map_err(|_| anyhow::anyhow!("--scale takes a number of groups"))?))
        }
        _ => anyhow::bail!("usage: gecrm seed [--scale N]"),
    }
}

async fn serve(config: Config, conn: sea_orm::DatabaseConnection, metrics: Metrics) -> anyhow::Result<()> {
    if config.seed_demo {
        seed::demo(&conn, chrono::Utc::now(), config.password_cost)
            .await
            .map_err(|e| anyhow::anyhow!("loading demo data: {e:?}"))?;
        seed::demo_archive(&conn, chrono::Utc::now()).await.map_err(|e| anyhow::anyhow!("loading demo data: {e:?}"))?;
    }
    let bind = config.bind_addr;
    let seed_demo = config.seed_demo;
    let state = AppState::new(config, conn, Arc::new(SystemClock), metrics);
    if seed_demo {
        seed::demo_pipeline(&state).await.map_err(|e| anyhow::anyhow!("loading demo data: {e:?}"))?;
        seed::demo_portfolio(&state).await.map_err(|e| anyhow::anyhow!("loading demo data: {e:?}"))?;
        seed::demo_service(&state).await.map_err(|e| anyhow::anyhow!("loading demo data: {e:?}"))?;
        seed::demo_money(&state).await.map_err(|e| anyhow::anyhow!("loading demo data: {e:?}"))?;
        seed::demo_plan(&state).await.map_err(|e| anyhow::anyhow!("loading demo data: {e:?}"))?;
        seed::demo_reports(&state).await.map_err(|e| anyhow::anyhow!("loading demo data: {e:?}"))?;
        seed::demo_resources(&state).await.map_err(|e| anyhow::anyhow!("loading demo data: {e:?}"))?;
    }
    // Users disabled before this start: their tokens are refused from the first request.
    state.sessions.reload(&state.db).await.map_err(|e| anyhow::anyhow!("loading session epochs: {e:?}"))?;
    tokio::spawn(gecrm::jobs::run_forever(state.clone()));
    if let Some(addr) = state.config.metrics_addr {
        let metrics = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
        tracing::info!(url = %format!("http://{addr}/metrics"), "metrics listening");
        let app = gecrm::http::metrics_router(state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(metrics, app).await {
                tracing::error!(error = %e, "metrics server stopped");
            }
        });
    }
    let app = gecrm::router(state);
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| format!("binding {bind}"))?;
    tracing::info!(url = %format!("http://{bind}/"), graphql = %format!("http://{bind}/graphql"), "listening");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing in-flight requests");
}
