//! The archive, pipeline and KPI benchmark. Seeds a scale archive (or reuses one), then drives the real
//! router (HTTP layer, GraphQL, DataLoaders, database) with concurrent requests and reports
//! requests per second, p50/p99 latency and SQL statements per request (from `/metrics`).
//!
//! `cargo run --release --bin bench -- [--groups 10000] [--requests 400] [--concurrency 4]
//!  [--database-url URL]` — without a URL a fresh SQLite file in a temporary folder is used.
//! `--requests 0` skips the read scenarios and measures only the imports (members, and billing's
//! arrears list of 100,000 accounts).
use std::{io::Write, sync::Arc, time::Instant};

use anyhow::{Context, bail};
use axum::{Router, body::Body};
use gecrm::fields::Month;
use gecrm::{AppState, clock::SystemClock, config::Config, metrics::Metrics};
use http_body_util::BodyExt;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use tower::ServiceExt;

struct Args {
    groups: usize,
    requests: usize,
    concurrency: usize,
    database_url: Option<String>,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args { groups: 10_000, requests: 400, concurrency: 4, database_url: None };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--groups" => a.groups = value.parse()?,
            "--requests" => a.requests = value.parse()?,
            "--concurrency" => a.concurrency = value.parse::<usize>()?.max(1),
            "--database-url" => a.database_url = Some(value),
            other => bail!("unknown option {other}"),
        }
    }
    Ok(a)
}

async fn call(router: &Router, token: &str, query: &str, variables: Value) -> anyhow::Result<Value> {
    send(router, token, json!({ "query": query, "variables": variables })).await
}

/// The body of a request naming its document by hash (a persisted query).
fn by_hash(query: &str, variables: Value) -> Value {
    let hash = gecrm::graphql::persisted::hash(query);
    json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } }, "variables": variables })
}

async fn send(router: &Router, token: &str, body: Value) -> anyhow::Result<Value> {
    let req = axum::http::Request::post("/graphql")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::from(body.to_string()))?;
    let resp = router.clone().oneshot(req).await?;
    let status = resp.status();
    let bytes = resp.into_body().collect().await?.to_bytes();
    let body: Value = serde_json::from_slice(&bytes)
        .with_context(|| format!("HTTP {status}: {}", String::from_utf8_lossy(&bytes)))?;
    if body.get("errors").is_some() {
        bail!("request failed: {body}");
    }
    Ok(body["data"].clone())
}

async fn statements(router: &Router) -> anyhow::Result<f64> {
    let resp = router.clone().oneshot(axum::http::Request::get("/metrics").body(Body::empty())?).await?;
    let text = String::from_utf8(resp.into_body().collect().await?.to_bytes().to_vec())?;
    text.lines()
        .find_map(|l| l.strip_prefix("sql_statements_total ").and_then(|v| v.trim().parse().ok()))
        .context("sql_statements_total missing from /metrics")
}

struct Report {
    name: String,
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    statements: f64,
    /// Size of the request body.
    bytes: usize,
}

/// Runs `query` `n` times over `c` concurrent clients, the document sent as text or, `hashed`,
/// named by its hash (registered first).
#[allow(clippy::too_many_arguments)]
async fn run(
    router: &Router,
    token: &str,
    name: &str,
    query: &str,
    vars: Value,
    n: usize,
    c: usize,
    hashed: bool,
) -> anyhow::Result<Report> {
    // Warm up (and register the document, for the hashed run).
    let mut warm = by_hash(query, vars.clone());
    warm["query"] = json!(query);
    send(router, token, warm).await?;
    let body = if hashed { by_hash(query, vars.clone()) } else { json!({ "query": query, "variables": vars }) };
    let before = statements(router).await?;
    let started = Instant::now();
    let per_client = n.div_ceil(c);
    let mut tasks = Vec::new();
    for _ in 0..c {
        let (router, token, body) = (router.clone(), token.to_string(), body.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::with_capacity(per_client);
            for _ in 0..per_client {
                let t = Instant::now();
                send(&router, &token, body.clone()).await?;
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
    let after = statements(router).await?;
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    Ok(Report {
        name: name.to_string(),
        rps: times.len() as f64 / elapsed,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        statements: (after - before) / times.len() as f64,
        bytes: body.to_string().len(),
    })
}

/// The group list sorted by a text column (pages of 10), for page 1 against page 500.
fn list_by(field: &str) -> String {
    format!(
        "query($a: String) {{ groups(first: 10, after: $a, orderBy: {{field: {field}, direction: ASC}}) {{ pageInfo {{ endCursor }} nodes {{ id code name status tier }} }} }}"
    )
}

/// The cursor after `pages` pages of 10 in `field` order, reached by walking the list.
async fn cursor_at(router: &Router, token: &str, field: &str, pages: usize) -> anyhow::Result<Value> {
    let walk = format!(
        "query($n: Int!, $a: String) {{ groups(first: $n, after: $a, orderBy: {{field: {field}, direction: ASC}}) {{ pageInfo {{ endCursor }} }} }}"
    );
    let mut cursor = Value::Null;
    let steps = std::iter::repeat_n(100, pages / 10).chain(std::iter::repeat_n(10, pages % 10));
    for n in steps {
        cursor = call(router, token, &walk, json!({ "n": n, "a": cursor })).await?["groups"]["pageInfo"]["endCursor"]
            .clone();
    }
    Ok(cursor)
}

const LIST: &str = "query($n: Int!, $a: String) { groups(first: $n, after: $a) { pageInfo { endCursor } nodes { id code name status tier owner { displayName } contacts { name role phones } lastVisit { endedAt method } } } }";
const BOARD: &str = "{ pipeline { totalCount totalValue stages { stage label count value monthlyValue } } }";
const DEALS: &str = "query($n: Int!) { proposals(first: $n) { nodes { id status stage value dueAt isLate owner { displayName } group { name } currentVersion { number monthlyTotal termTotal discountPercent lines { quantity unitPrice netUnitPrice product { code name } } } approvalRequests { status steps { role status } } } } }";

/// Deals for the pipeline scenarios: `n` proposals of two lines each over the first groups,
/// every other one submitted for approval.
async fn seed_deals(state: &AppState, n: usize) -> anyhow::Result<()> {
    use gecrm::proposals::service as proposals;
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    let err = |e| anyhow::anyhow!("{e:?}");
    let gm = entity::app_user::Entity::find()
        .filter(entity::app_user::Column::Username.eq("gm"))
        .one(&state.db)
        .await?
        .context("demo users missing")?;
    let viewer = gecrm::auth::service::viewer_of(&gm).map_err(err)?;
    let actor = gecrm::audit::Actor { user_id: Some(gm.id), request_id: None };
    let groups: Vec<i64> = entity::customer_group::Entity::find()
        .select_only()
        .column(entity::customer_group::Column::Id)
        .limit(n as u64)
        .into_tuple()
        .all(&state.db)
        .await?;
    let product = |code: &'static str| async move {
        let p = entity::product::Entity::find()
            .filter(entity::product::Column::Code.eq(code))
            .one(&state.db)
            .await?
            .context("catalog missing")?;
        anyhow::Ok(p.id)
    };
    let (dl, sms) = (product("DL_100M").await?, product("GROUP_SMS").await?);
    for (i, g) in groups.iter().cycle().take(n).enumerate() {
        let line = |id: i64, pct: Option<&str>| proposals::ProposalLine {
            product_id: Some(id),
            quantity: 1 + (i % 3) as i32,
            term_months: 36,
            discount_percent: pct.map(|p| p.parse().unwrap_or_default()),
            discount_amount: None,
        };
        let content = proposals::ProposalContent {
            title: format!("方案 {i}"),
            customer_background: Some("基准测试".into()),
            competitive_situation: None,
            justification: Some("基准测试".into()),
            lines: vec![line(dl, Some("5")), line(sms, None)],
        };
        let p = proposals::create(state, &actor, &viewer, *g, None, content).await.map_err(err)?;
        if i % 2 == 0 {
            proposals::submit(state, &actor, &viewer, p.id, p.version).await.map_err(err)?;
        }
    }
    Ok(())
}

/// Imports 50,000 and then 100,000 members (CSV, all-or-nothing; new on a fresh database) into
/// the two newest groups, each as
/// the group's own manager, and returns the seconds each took to finish.
async fn member_imports(state: &AppState) -> anyhow::Result<Vec<(usize, f64)>> {
    use gecrm::members::import::{self, ImportMode};
    use sea_orm::{QueryOrder, QuerySelect};
    let err = |e| anyhow::anyhow!("{e:?}");
    let groups = entity::customer_group::Entity::find()
        .order_by_desc(entity::customer_group::Column::Id)
        .limit(2)
        .all(&state.db)
        .await?;
    let mut results = Vec::new();
    for (k, (g, rows)) in groups.iter().zip([50_000usize, 100_000]).enumerate() {
        let owner = entity::app_user::Entity::find_by_id(g.owner_id).one(&state.db).await?.context("owner")?;
        let viewer = gecrm::auth::service::viewer_of(&owner).map_err(err)?;
        let actor = gecrm::audit::Actor { user_id: Some(owner.id), request_id: None };
        let mut file = tempfile::tempfile()?;
        writeln!(file, "姓名,号码")?;
        for i in 0..rows {
            writeln!(file, "成员{i},{}", 16_600_000_000u64 + (k as u64) * 1_000_000 + i as u64)?;
        }
        std::io::Seek::rewind(&mut file)?;
        let started = Instant::now();
        let job = import::start(state, &actor, &viewer, g.id, ImportMode::AllOrNothing, "bench.csv".into(), file)
            .await
            .map_err(err)?;
        loop {
            let row = entity::member_import::Entity::find_by_id(job.id).one(&state.db).await?.context("import")?;
            if row.finished_at.is_some() {
                anyhow::ensure!(row.error_count == 0, "import reported {} errors", row.error_count);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        results.push((rows, started.elapsed().as_secs_f64()));
    }
    Ok(results)
}

/// Billing's arrears list for a cycle: `rows` accounts of the archive's members (group code and
/// number), imported as an administrator (the archive spans branches), then the same file again (which must
/// change nothing). Returns the seconds of each.
async fn arrears_import(state: &AppState, rows: usize) -> anyhow::Result<(usize, f64, f64)> {
    use sea_orm::{QueryOrder, QuerySelect};
    let err = |e| anyhow::anyhow!("{e:?}");
    let members: Vec<(i64, i64, String)> = entity::member::Entity::find()
        .select_only()
        .columns([entity::member::Column::Id, entity::member::Column::GroupId, entity::member::Column::Phone])
        .filter(entity::member::Column::ArchivedAt.is_null())
        .order_by_asc(entity::member::Column::Id)
        .limit(rows as u64)
        .into_tuple()
        .all(&state.db)
        .await?;
    let codes: std::collections::HashMap<i64, String> =
        entity::customer_group::Entity::find().all(&state.db).await?.into_iter().map(|g| (g.id, g.code)).collect();
    let clerk = entity::app_user::Entity::find()
        .filter(entity::app_user::Column::Role.eq(gecrm::auth::Role::Admin))
        .one(&state.db)
        .await?
        .context("an administrator")?;
    let viewer = gecrm::auth::service::viewer_of(&clerk).map_err(err)?;
    let actor = gecrm::audit::Actor { user_id: Some(clerk.id), request_id: None };
    let mut csv = String::from("账户,集团编码,号码,欠费金额,欠费月数\n");
    for (i, (id, g, phone)) in members.iter().enumerate() {
        let code = codes.get(g).context("group")?;
        csv.push_str(&format!("ZH{id:010},{code},{phone},{}.{:02},{}\n", 20 + i % 500, i % 100, 1 + i % 6));
    }
    let cycle = Month::of(gecrm::clock::business_date(chrono::Utc::now())).to_string();
    let mut secs = Vec::new();
    for _ in 0..2 {
        let started = Instant::now();
        let report = gecrm::arrears::import::import(state, &actor, &viewer, &cycle, "bench.csv", csv.as_bytes())
            .await
            .map_err(err)?;
        anyhow::ensure!(report.problems.is_empty(), "arrears import reported {} problems", report.problems.len());
        secs.push(started.elapsed().as_secs_f64());
    }
    Ok((members.len(), secs[0], secs[1]))
}

const KPIS: &str = "query($m: String!) { kpis(month: $m) { visits calls groupsVisited portfolio newGroups onTimePercent medianApprovalHours winPercent installsConfirmed retentionBaseline retentionLost retentionPercent pipeline { stage value } } }";

const TEAM: &str =
    "query($m: String!) { teamKpis(month: $m) { user { displayName } visits portfolio winPercent retentionPercent } }";

const DETAIL: &str = "query($id: ID!) { group(id: $id) { code name region { county } owner { displayName } contacts { name role phones } members(first: 50) { totalCount nodes { name phone status valueBand arpu } } visits(first: 20) { nodes { method purpose endedAt manager { displayName } needProducts { name } } } reassignments { reason } } }";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    let dir = tempfile::tempdir()?;
    let url = a
        .database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", dir.path().join("bench.sqlite").display()));
    let vars: std::collections::HashMap<&str, String> =
        [("DATABASE_URL", url.clone()), ("SEED_DEMO", "false".into()), ("REQUEST_TIMEOUT_SECS", "120".into())]
            .into_iter()
            .collect();
    let config = Config::from_lookup(|k| vars.get(k).cloned()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let metrics = Metrics::new();
    let db = gecrm::db::connect(&url, &metrics).await?;
    gecrm::db::migrate(&db).await?;
    let mut out = std::io::stdout();
    let existing = entity::customer_group::Entity::find().count(&db).await? as usize;
    if existing < a.groups {
        let started = Instant::now();
        gecrm::seed::demo(&db, chrono::Utc::now(), config.password_cost).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let have = entity::customer_group::Entity::find().count(&db).await? as usize;
        let made =
            gecrm::scale::generate(&db, chrono::Utc::now(), gecrm::scale::Plan::scale(a.groups.saturating_sub(have)))
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        writeln!(
            out,
            "seeded {} groups, {} members, {} contacts, {} visits in {:.1} s",
            made.groups,
            made.members,
            made.contacts,
            made.visits,
            started.elapsed().as_secs_f64()
        )?;
    }
    let state = AppState::new(config, db, Arc::new(SystemClock), metrics);
    let deals = entity::proposal::Entity::find().count(&state.db).await? as usize;
    if deals < 1000 {
        let started = Instant::now();
        seed_deals(&state, 1000 - deals).await?;
        writeln!(out, "seeded {} deals in {:.1} s", 1000 - deals, started.elapsed().as_secs_f64())?;
    }
    // Every group photographed (拍照) last month, the month the scale revenue is for, so the
    // KPIs' retention rate (rule 11) reads every member's revenue.
    let month = Month::of(gecrm::clock::business_date(chrono::Utc::now()));
    entity::customer_group::Entity::update_many()
        .col_expr(entity::customer_group::Column::BaselineMonth, Expr::value(month.plus(-1).to_string()))
        .filter(entity::customer_group::Column::BaselineMonth.is_null())
        .exec(&state.db)
        .await?;
    let import_state = state.clone();
    let router = gecrm::router(state);
    let login = call(
        &router,
        "",
        "mutation { login(input: {username: \"gm\", password: \"demo123456\"}) { session { accessToken } } }",
        json!({}),
    )
    .await?;
    let token = login["login"]["session"]["accessToken"].as_str().context("login failed")?.to_string();

    // The cursor of page 1,000 (pages of 10), reached by walking the list.
    let mut cursor = Value::Null;
    for _ in 0..(999 * 10 / 100) {
        let d = call(
            &router,
            &token,
            "query($a: String) { groups(first: 100, after: $a) { pageInfo { endCursor } } }",
            json!({ "a": cursor }),
        )
        .await?;
        cursor = d["groups"]["pageInfo"]["endCursor"].clone();
    }
    let page1 = call(&router, &token, LIST, json!({ "n": 1 })).await?;
    let id = page1["groups"]["nodes"][0]["id"].clone();

    let (by_name, by_code) = (list_by("NAME"), list_by("CODE"));
    let name_500 = cursor_at(&router, &token, "NAME", 499).await?;
    let code_500 = cursor_at(&router, &token, "CODE", 499).await?;

    let (n, c) = (a.requests, a.concurrency);
    let reports = if n == 0 {
        Vec::new()
    } else {
        vec![
            run(&router, &token, "groups by name, page 1 (first: 10)", &by_name, json!({}), n, c, false).await?,
            run(
                &router,
                &token,
                "groups by name, page 500 (first: 10)",
                &by_name,
                json!({ "a": name_500 }),
                n,
                c,
                false,
            )
            .await?,
            run(&router, &token, "groups by code, page 1 (first: 10)", &by_code, json!({}), n, c, false).await?,
            run(
                &router,
                &token,
                "groups by code, page 500 (first: 10)",
                &by_code,
                json!({ "a": code_500 }),
                n,
                c,
                false,
            )
            .await?,
            run(&router, &token, "group list, page 1 (first: 50)", LIST, json!({ "n": 50 }), n, c, false).await?,
            run(&router, &token, "group list, page 1 (first: 10)", LIST, json!({ "n": 10 }), n, c, false).await?,
            run(&router, &token, "  the same, named by its hash", LIST, json!({ "n": 10 }), n, c, true).await?,
            run(&router, &token, "group list, page 1 (first: 100)", LIST, json!({ "n": 100 }), n, c, false).await?,
            run(
                &router,
                &token,
                "group list, page 1,000 (first: 10)",
                LIST,
                json!({ "n": 10, "a": cursor }),
                n,
                c,
                false,
            )
            .await?,
            run(&router, &token, "group detail (50 members, 20 visits)", DETAIL, json!({ "id": id }), n, c, false)
                .await?,
            run(&router, &token, "  the same, named by its hash", DETAIL, json!({ "id": id }), n, c, true).await?,
            run(&router, &token, "pipeline board (1,000 deals)", BOARD, json!({}), n, c, false).await?,
            run(&router, &token, "deal list (first: 50, lines, approvals)", DEALS, json!({ "n": 50 }), n, c, false)
                .await?,
            run(&router, &token, "KPIs, the company's month", KPIS, json!({ "m": month.to_string() }), n, c, false)
                .await?,
            run(&router, &token, "team KPIs (every manager)", TEAM, json!({ "m": month.to_string() }), n, c, false)
                .await?,
        ]
    };
    // Last, so that the groups the imports fill do not weigh on the read scenarios.
    let imports = member_imports(&import_state).await?;
    let arrears = arrears_import(&import_state, 100_000).await?;
    writeln!(
        out,
        "\n{} requests per scenario, {} concurrent clients, database {}\n",
        n,
        c,
        if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" }
    )?;
    let head = ["scenario", "req/s", "p50 ms", "p99 ms", "SQL/request", "body bytes"];
    writeln!(out, "{:<40} {:>10} {:>10} {:>10} {:>12} {:>11}", head[0], head[1], head[2], head[3], head[4], head[5])?;
    for r in &reports {
        let (name, rps, p50, p99, sql, bytes) = (&r.name, r.rps, r.p50_ms, r.p99_ms, r.statements, r.bytes);
        writeln!(out, "{name:<40} {rps:>10.1} {p50:>10.2} {p99:>10.2} {sql:>12.2} {bytes:>11}")?;
    }
    writeln!(out)?;
    for (rows, secs) in imports {
        writeln!(out, "member import, {rows} new rows into a group: {secs:.2} s")?;
    }
    let (rows, first, again) = arrears;
    writeln!(
        out,
        "arrears import, {rows} accounts of a cycle: {first:.2} s; the same file again (no change): {again:.2} s"
    )?;
    Ok(())
}
