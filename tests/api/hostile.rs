//! Hostile and careless input: every request is answered (accepted or refused with a code the
//! client can act on) in bounded work, nothing is written by a refused request, and the
//! answer is the same on both engines.
use std::{sync::Arc, time::Duration};

use axum::body::Body;
use futures_util::future::join_all;
use gecrm::graphql::{limits::fragment_bomb, relay::NodeKind};
use serde_json::{Value, json};

use crate::{
    archive::{CREATE_GROUP, fields, group, user_id},
    common::{TestApp, error_code},
    db_test,
};

const LOGIN: &str = "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { session { accessToken } userErrors { code } } }";

/// The outcome of a login attempt: the user error code, or the top-level error code.
fn login_outcome(resp: &Value) -> String {
    if let Some(code) = resp["data"]["login"]["userErrors"][0]["code"].as_str() {
        return code.to_string();
    }
    if resp["data"]["login"]["session"].is_object() {
        return "OK".into();
    }
    error_code(resp).to_string()
}

db_test!(a_fragment_bomb_is_refused_before_it_is_expanded, |app| {
    // 30 levels would be about a billion fields; it must be refused at once, anonymously.
    let resp = tokio::time::timeout(Duration::from_secs(10), app.exec(None, &fragment_bomb(30), json!({})))
        .await
        .expect("the bomb is refused in bounded time");
    assert_eq!(error_code(&resp), "TOO_COMPLEX", "{resp:#}");
    assert!(resp["errors"][0]["message"].as_str().unwrap().contains("fragments are expanded"));
    // A fragment that spreads itself is refused too, not followed.
    let cycle = "{ me { ...A } } fragment A on User { id ...B } fragment B on User { ...A }";
    assert_eq!(error_code(&app.exec(Some("gz_am1"), cycle, json!({})).await), "BAD_USER_INPUT");
    // A small one is an ordinary query.
    let ok = app.data(Some("gz_am1"), &fragment_bomb(3), json!({})).await;
    assert!(ok["me"]["id"].is_string());
});

db_test!(oversized_documents_are_refused_by_their_token_count, |app| {
    let fields = "__typename ".repeat(2_500);
    let resp = app.exec(None, &format!("{{ {fields} }}"), json!({})).await;
    assert_eq!(error_code(&resp), "TOO_COMPLEX");
    assert!(resp["errors"][0]["message"].as_str().unwrap().contains("tokens"), "{resp:#}");
});

/// The query graphql-js's `getIntrospectionQuery()` builds, as GraphQL Code Generator,
/// Postman, Insomnia and schemathesis send it.
const STANDARD_INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}
"#;

db_test!(tools_can_introspect_in_development_while_depth_still_binds_data, |app| {
    let resp = app.exec(None, STANDARD_INTROSPECTION, json!({})).await;
    assert!(resp.get("errors").is_none(), "{:#}", resp["errors"]);
    assert!(resp["data"]["__schema"]["types"].as_array().unwrap().len() > 100);
    // Data still obeys the depth limit.
    let mut deep = String::from("id");
    for _ in 0..12 {
        deep = format!("parent {{ {deep} }}");
    }
    let resp = app.exec(Some("admin"), &format!("{{ orgUnits {{ nodes {{ {deep} }} }} }}"), json!({})).await;
    assert_eq!(error_code(&resp), "TOO_COMPLEX");
});

db_test!(parallel_wrong_passwords_draw_on_one_budget, |app| {
    // 40 at once for one username: only the first five are checked.
    let tries = (0..40).map(|_| app.exec(None, LOGIN, json!({ "u": "gz_head", "p": "wrong-password" })));
    let outcomes: Vec<String> = join_all(tries).await.iter().map(login_outcome).collect();
    let checked = outcomes.iter().filter(|o| *o == "INVALID_CREDENTIALS").count();
    let limited = outcomes.iter().filter(|o| *o == "RATE_LIMITED").count();
    assert_eq!((checked, limited), (5, 35), "{outcomes:?}");
    // The right password is refused too until the window ends.
    let right = app.exec(None, LOGIN, json!({ "u": "gz_head", "p": gecrm::seed::DEMO_PASSWORD })).await;
    assert_eq!(login_outcome(&right), "RATE_LIMITED");
    app.clock.advance(chrono::Duration::minutes(16));
    let right = app.exec(None, LOGIN, json!({ "u": "gz_head", "p": gecrm::seed::DEMO_PASSWORD })).await;
    assert_eq!(login_outcome(&right), "OK");
});

db_test!(every_login_of_a_batch_counts, |app| {
    let one = json!({ "query": LOGIN, "variables": { "u": "gz_am2", "p": "wrong-password" } });
    let (status, _, body) = app.post_graphql(None, None, json!(vec![one; 10])).await;
    assert_eq!(status.as_u16(), 200);
    let outcomes: Vec<String> = body.as_array().unwrap().iter().map(login_outcome).collect();
    assert_eq!(outcomes.iter().filter(|o| *o == "INVALID_CREDENTIALS").count(), 5, "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|o| *o == "RATE_LIMITED").count(), 5, "{outcomes:?}");
});

db_test!(the_sign_in_budget_holds_across_server_processes, |app| {
    // A second server process on the same database.
    let other = second_process(&app).await;
    let mut outcomes = Vec::new();
    for i in 0..8 {
        let schema = if i % 2 == 0 { &app.schema } else { &other };
        let request = async_graphql::Request::new(LOGIN)
            .variables(async_graphql::Variables::from_json(json!({ "u": "sz_am1", "p": "wrong-password" })));
        let meta = gecrm::state::RequestMeta::for_viewer(None);
        let resp = schema.execute(gecrm::graphql::prepare_request(request, &app.state, meta)).await;
        outcomes.push(login_outcome(&serde_json::to_value(&resp).unwrap()));
    }
    assert_eq!(outcomes.iter().filter(|o| *o == "INVALID_CREDENTIALS").count(), 5, "{outcomes:?}");
});

/// Another server process's schema on the same database (its own connections and state).
async fn second_process(app: &TestApp) -> gecrm::graphql::AppSchema {
    let url = app.state.config.database_url.clone();
    let metrics = gecrm::metrics::Metrics::new();
    let db = gecrm::db::connect(&url, &metrics).await.expect("second connection");
    let state = gecrm::AppState::new(crate::common::base_config(&url), db, Arc::new(app.clock.clone()), metrics);
    gecrm::graphql::build_schema(state)
}

db_test!(a_disabled_user_is_refused_on_the_next_request, |app| {
    let (token, _) = app.login("gz_am1").await;
    let me = json!({ "query": "{ me { username } }" });
    let (_, _, body) = app.post_graphql(Some(&token), None, me.clone()).await;
    assert_eq!(body["data"]["me"]["username"], "gz_am1");
    app.disable_user("gz_am1").await;
    let (_, _, body) = app.post_graphql(Some(&token), None, me).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body:#}");
    let group =
        json!({ "query": "{ groups(first: 1) { nodes { name members(first: 1) { nodes { name phone } } } } }" });
    let (_, _, body) = app.post_graphql(Some(&token), None, group).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
    assert!(body["data"]["groups"].is_null());
});

db_test!(every_node_type_resolves_through_node_and_nodes, |app| {
    gecrm::seed::demo_archive(&app.state.db, app.clock_now()).await.expect("archive");
    gecrm::seed::demo_pipeline(&app.state).await.expect("pipeline");
    gecrm::seed::demo_portfolio(&app.state).await.expect("portfolio");
    gecrm::seed::demo_service(&app.state).await.expect("service");
    gecrm::seed::demo_money(&app.state).await.expect("money");
    gecrm::seed::demo_plan(&app.state).await.expect("plan");
    gecrm::seed::demo_reports(&app.state).await.expect("reports");
    gecrm::seed::demo_resources(&app.state).await.expect("resources");
    gecrm::jobs::run_all(&app.state, &Vec::new()).await.expect("jobs run");
    if app.count("member_import").await == 0 {
        import_members(&app).await;
    }
    if app.count("fault_ticket").await == 0 {
        report_fault_on_demo_job(&app).await;
    }
    let types = app.data(None, "{ __type(name: \"Node\") { possibleTypes { name } } }", json!({})).await;
    let mut ids = Vec::new();
    for t in types["__type"]["possibleTypes"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        let kind = NodeKind::of_entity_type(name).unwrap_or_else(|| panic!("{name} has no global id kind"));
        let table = table_of(name);
        let raw = min_id(&app, table).await.unwrap_or_else(|| panic!("no {name} in the demo data to try"));
        let id = kind.id(raw);
        let q = "query($id: ID!) { node(id: $id) { __typename id } }";
        // Tasks are their assignee's alone, reports their author's and recipients'; everything
        // else the admin sees.
        let who = match name {
            "Task" => assignee_of_task(&app, raw).await,
            "InfoReport" => author_of_report(&app, raw).await,
            _ => "admin".to_string(),
        };
        let resp = app.exec(Some(&who), q, json!({ "id": id.0 })).await;
        assert!(resp.get("errors").is_none(), "{name}: {resp:#}");
        assert_eq!(resp["data"]["node"]["__typename"], name, "{name}: {resp:#}");
        ids.push((name.to_string(), id.0));
    }
    // All at once, with ids that cannot be answered in between: each costs only its own place.
    ids.retain(|(name, _)| name != "Task" && name != "InfoReport");
    let mut asked: Vec<Value> = ids.iter().map(|(_, id)| json!(id)).collect();
    asked.insert(3, json!("not-a-global-id"));
    asked.insert(7, json!(NodeKind::Proposal.id(987_654_321).0));
    let resp = app
        .exec(Some("admin"), "query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }", json!({ "ids": asked }))
        .await;
    assert!(resp.get("errors").is_none(), "{resp:#}");
    let got = resp["data"]["nodes"].as_array().unwrap();
    assert_eq!(got.len(), ids.len() + 2);
    assert!(got[3].is_null() && got[7].is_null());
    let names: Vec<&str> = got
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 3 && *i != 7)
        .map(|(_, n)| n["__typename"].as_str().unwrap())
        .collect();
    assert_eq!(names, ids.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>());
});

/// Takes the demo's accepted installation job to completion and reports a fault on it.
async fn report_fault_on_demo_job(app: &TestApp) {
    use crate::flow::{JOB, Op, job_act, ok};
    let raw = min_id(app, "installation_job").await.expect("the demo has an installation job");
    let q = format!("query($id: ID!) {{ node(id: $id) {{ ... on InstallationJob {{ {JOB} }} }} }}");
    let j =
        app.data(Some("gz_installer"), &q, json!({ "id": NodeKind::InstallationJob.id(raw).0 })).await["node"].clone();
    let tomorrow = (app.clock_now() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let input = json!({ "id": j["id"], "expectedVersion": j["version"], "scheduledOn": tomorrow });
    let j =
        ok(app, "gz_installer", Op::mutation("scheduleJob").input("ScheduleJobInput").returns("job", JOB), input).await;
    let j = job_act(app, "gz_installer", "startJob", &j).await["job"].clone();
    let j = job_act(app, "gz_installer", "completeJob", &j).await["job"].clone();
    let input = json!({ "jobId": j["id"], "description": "专线中断" });
    ok(app, "gz_am1", Op::mutation("reportFault").input("ReportFaultInput").returns("fault", "id"), input).await;
}

fn table_of(type_name: &str) -> &'static str {
    match type_name {
        "OrgUnit" => "org_unit",
        "User" => "app_user",
        "AuditEvent" => "audit_event",
        "CustomerGroup" => "customer_group",
        "Member" => "member",
        "Contact" => "contact",
        "Visit" => "visit",
        "MemberImport" => "member_import",
        "Product" => "product",
        "Proposal" => "proposal",
        "ApprovalRequest" => "approval_request",
        "Contract" => "contract",
        "InstallationJob" => "installation_job",
        "FaultTicket" => "fault_ticket",
        "Task" => "task",
        "JobRun" => "job_run",
        "ChurnWarning" => "churn_warning",
        "Complaint" => "complaint",
        "DisconnectionRequest" => "disconnection_request",
        "CompetitionReport" => "competition_report",
        "BillingAdjustment" => "billing_adjustment",
        "ArrearsItem" => "arrears_item",
        "PlanItem" => "plan_item",
        "WorkSummary" => "work_summary",
        "InfoReport" => "info_report",
        "WorkCase" => "work_case",
        "ResourceRequest" => "resource_request",
        "GiftItem" => "gift_item",
        other => panic!("a new Node type {other}: say where its rows are kept, and make sure node(id) answers it"),
    }
}

async fn assignee_of_task(app: &TestApp, task: i64) -> String {
    username_of(
        app,
        &format!("SELECT u.username AS name FROM task t JOIN app_user u ON u.id = t.assignee_id WHERE t.id = {task}"),
    )
    .await
}

async fn author_of_report(app: &TestApp, report: i64) -> String {
    username_of(
        app,
        &format!(
            "SELECT u.username AS name FROM info_report r JOIN app_user u ON u.id = r.author_id WHERE r.id = {report}"
        ),
    )
    .await
}

async fn username_of(app: &TestApp, sql: &str) -> String {
    use sea_orm::ConnectionTrait;
    let db = &app.state.db;
    let row = db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
    row.try_get::<String>("", "name").unwrap()
}

async fn min_id(app: &TestApp, table: &str) -> Option<i64> {
    use sea_orm::ConnectionTrait;
    let db = &app.state.db;
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            format!("SELECT MIN(id) AS id FROM {table}"),
        ))
        .await
        .expect("min id")?;
    row.try_get::<Option<i64>>("", "id").expect("id")
}

async fn import_members(app: &TestApp) {
    let g = app.data(Some("gz_am1"), "{ groups(first: 1) { nodes { id } } }", json!({})).await;
    let token = app.login("gz_am1").await.0;
    let (status, body) = crate::members::upload(
        app,
        &token,
        &g["groups"]["nodes"][0]["id"],
        "ALL_OR_NOTHING",
        "姓名,号码\n张三,13800138000\n".as_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{body:#}");
}

db_test!(control_characters_are_refused_in_every_text_identically, |app| {
    let g = group(&app, "gz_am1", "广州市海珠区教育局", None).await;
    let before = app.count("customer_group").await;
    let mut bad = fields("恶意\u{0}名称", "天河区");
    let resp = app.exec(Some("gz_am1"), CREATE_GROUP, json!({ "f": bad.clone(), "o": null })).await;
    assert_eq!(error_code(&resp), "BAD_USER_INPUT", "{resp:#}");
    assert_eq!(resp["errors"][0]["message"], "文本不能包含控制字符（制表符和换行除外）");
    let en = app
        .exec_with(
            Some(app.viewer("gz_am1")),
            gecrm::state::Lang::En,
            CREATE_GROUP,
            json!({ "f": bad.clone(), "o": null }),
        )
        .await;
    assert_eq!(en["errors"][0]["message"], "Text may not contain control characters other than tab and line breaks.");
    bad["name"] = json!("正常名称");
    bad["address"] = json!("路\u{1b}[31m");
    let resp = app.exec(Some("gz_am1"), CREATE_GROUP, json!({ "f": bad, "o": null })).await;
    assert_eq!(error_code(&resp), "BAD_USER_INPUT");
    assert_eq!(app.count("customer_group").await, before, "nothing was written");
    // In a search filter, a literal in the document, and the anonymous login alike.
    let search = app
        .exec(
            Some("gz_am1"),
            "query($s: String) { groups(filter: {search: $s}) { totalCount } }",
            json!({ "s": "a\u{0}" }),
        )
        .await;
    assert_eq!(error_code(&search), "BAD_USER_INPUT");
    let literal =
        app.exec(Some("gz_am1"), "{ groups(filter: {search: \"a\\u0000\"}) { totalCount } }", json!({})).await;
    assert_eq!(error_code(&literal), "BAD_USER_INPUT");
    let login = app.exec(None, LOGIN, json!({ "u": "gz_am1\u{0}", "p": "x" })).await;
    assert_eq!(error_code(&login), "BAD_USER_INPUT");
    // Tabs and line breaks are ordinary text.
    let ok = app
        .exec(
            Some("gz_am1"),
            "query($s: String) { groups(filter: {search: $s}) { totalCount } }",
            json!({ "s": "海珠\t" }),
        )
        .await;
    assert!(ok.get("errors").is_none(), "{ok:#}");
    assert!(g["id"].is_string());
});

db_test!(search_text_is_bounded_and_literal, |app| {
    group(&app, "gz_am1", "广州市番禺区图书馆", None).await;
    let q = "query($s: String) { groups(filter: {search: $s}) { totalCount } }";
    let total = |r: &Value| r["data"]["groups"]["totalCount"].as_i64().unwrap();
    let all = app.data(Some("gz_am1"), "{ groups { totalCount } }", json!({})).await["groups"]["totalCount"]
        .as_i64()
        .unwrap();
    assert!(all > 0);
    for wildcard in ["%", "_", "%%", "\\"] {
        let r = app.exec(Some("gz_am1"), q, json!({ "s": wildcard })).await;
        assert_eq!(total(&r), 0, "{wildcard:?} matches itself only: {r:#}");
    }
    assert_eq!(total(&app.exec(Some("gz_am1"), q, json!({ "s": "番禺" })).await), 1);
    for s in ["长".repeat(101), "x".repeat(60_000)] {
        let r = app.exec(Some("gz_am1"), q, json!({ "s": s })).await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{r:#}");
    }
    for q in [
        "query($s: String) { users(filter: {search: $s}) { totalCount } }",
        "query($s: String) { products(filter: {search: $s}) { totalCount } }",
    ] {
        assert_eq!(error_code(&app.exec(Some("admin"), q, json!({ "s": "y".repeat(60_000) })).await), "BAD_USER_INPUT");
        let r = app.exec(Some("admin"), q, json!({ "s": "%" })).await;
        assert!(r.get("errors").is_none(), "{r:#}");
    }
});

db_test!(times_and_settings_out_of_any_sane_range_are_user_errors, |app| {
    let g = group(&app, "gz_am1", "广州市白云区档案馆", None).await;
    let log = "mutation($g: ID!, $c: VisitCardInput!) { logVisit(input: {groupId: $g, card: $c}) { visit { id } userErrors { field code } } }";
    let card = json!({ "method": "PHONE", "purpose": "CARE", "startedAt": "0001-01-01T00:00:00Z", "endedAt": "0001-01-01T01:00:00Z" });
    let r = app.data(Some("gz_am1"), log, json!({ "g": g["id"], "c": card })).await;
    let errors = r["logVisit"]["userErrors"].as_array().unwrap();
    assert!(errors.contains(&json!({ "field": ["input", "card", "startedAt"], "code": "INVALID" })), "{r:#}");
    assert!(r["logVisit"]["visit"].is_null());
    let plan = "mutation($g: ID!, $at: DateTime!) { planVisit(input: {groupId: $g, method: PHONE, purpose: CARE, plannedAt: $at}) { visit { id } userErrors { field code } } }";
    let r = app.data(Some("gz_am1"), plan, json!({ "g": g["id"], "at": "9999-12-31T00:00:00Z" })).await;
    assert_eq!(r["planVisit"]["userErrors"][0]["field"], json!(["input", "plannedAt"]), "{r:#}");
    let birthday = app.exec(Some("gz_am1"), "mutation($g: ID!) { createContact(input: {groupId: $g, fields: {name: \"王\", role: OTHER, birthday: \"0001-01-01\"}}) { contact { id } } }", json!({ "g": g["id"] })).await;
    assert_eq!(error_code(&birthday), "BAD_USER_INPUT");
    let set = "mutation($k: String!, $v: String!) { updateSetting(input: {key: $k, value: $v, expectedVersion: 1}) { setting { value } userErrors { code } } }";
    for (key, value) in [
        ("member.arpu.high_above", "79228162514264337593543950335"),
        ("member.arpu.high_above", "60.123"),
        ("number.grade_a.prestore", "-1"),
        ("proposal.validity_days", "100000"),
    ] {
        let r = app.data(Some("admin"), set, json!({ "k": key, "v": value })).await;
        assert_eq!(r["updateSetting"]["userErrors"][0]["code"], "INVALID", "{key}={value}: {r:#}");
    }
    let r = app.data(Some("admin"), set, json!({ "k": "member.arpu.high_above", "v": "75.5" })).await;
    assert_eq!(r["updateSetting"]["setting"]["value"], "75.5");
});

db_test!(a_late_duplicate_approval_click_is_a_conflict, |app| {
    use crate::flow::{create_proposal, line, product_id, submit};
    let g = group(&app, "gz_am1", "广州市荔湾区税务局", None).await;
    let dl = product_id(&app, "DEDICATED_LINE").await;
    // A ¥210/month discount: department head, then branch manager.
    let p = create_proposal(&app, "gz_am1", g["id"].as_str().unwrap(), None, vec![line(&dl, 1, 12, Some("5"))]).await;
    let p = submit(&app, "gz_am1", &p).await;
    let req = p["approvalRequests"][0]["id"].clone();
    let seen = app
        .data(
            Some("gz_head"),
            "query($id: ID!) { node(id: $id) { ... on ApprovalRequest { version } } }",
            json!({ "id": req }),
        )
        .await;
    let version = seen["node"]["version"].clone();
    let approve = "mutation($i: DecideStepInput!) { approveStep(input: $i) { request { status version } userErrors { code message } } }";
    let input = json!({ "i": { "requestId": req, "expectedVersion": version } });
    let first = app.data(Some("gz_head"), approve, input.clone()).await;
    assert_eq!(first["approveStep"]["userErrors"], json!([]), "{first:#}");
    let again = app.exec(Some("gz_head"), approve, input).await;
    assert_eq!(error_code(&again), "CONFLICT", "{again:#}");
});

db_test!(http_answers_follow_graphql_over_http, |app| {
    let post = |ct: Option<&str>, body: &str| {
        let mut r = axum::http::Request::post("/graphql").header("accept", "application/graphql-response+json");
        if let Some(ct) = ct {
            r = r.header("content-type", ct);
        }
        r.body(Body::from(body.to_string())).unwrap()
    };
    let q = r#"{"query":"{ __typename }"}"#;
    assert_eq!(app.http(post(None, q)).await.0.as_u16(), 415);
    assert_eq!(app.http(post(Some("text/plain"), q)).await.0.as_u16(), 415);
    let (s, h, _) = app.http(post(Some("application/json; charset=utf-8"), q)).await;
    assert_eq!(s.as_u16(), 200);
    // Security headers on the API and on the app.
    for (name, value) in
        [("x-content-type-options", "nosniff"), ("x-frame-options", "DENY"), ("referrer-policy", "same-origin")]
    {
        assert_eq!(h[name], value);
    }
    assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    let page = axum::http::Request::get("/").header("accept", "text/html").body(Body::empty()).unwrap();
    let (_, h, _) = app.http(page).await;
    assert!(h["content-security-policy"].to_str().unwrap().contains("script-src 'self'"));
    // Requests that never executed carry no `data` entry.
    for bad in [r#"{"query":"{ __typename "}"#, r#"{"query":"{ noSuchField }"}"#] {
        let (s, _, b) = app.http(post(Some("application/json"), bad)).await;
        let b: Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(s.as_u16(), 400);
        assert!(b.get("data").is_none() && b["errors"].is_array(), "{b:#}");
    }
});

db_test!(
    metrics_are_not_public_in_production,
    config = |c| {
        c.app_env = gecrm::config::AppEnv::Production;
        c.metrics_token = Some("a-long-enough-metrics-token".into());
    },
    |app| {
        let get = |auth: Option<&str>| {
            let mut r = axum::http::Request::get("/metrics");
            if let Some(a) = auth {
                r = r.header("authorization", a);
            }
            r.body(Body::empty()).unwrap()
        };
        assert_eq!(app.http(get(None)).await.0.as_u16(), 404);
        assert_eq!(app.http(get(Some("Bearer wrong-token-wrong-token"))).await.0.as_u16(), 404);
        let (s, _, body) = app.http(get(Some("Bearer a-long-enough-metrics-token"))).await;
        assert_eq!(s.as_u16(), 200);
        assert!(String::from_utf8_lossy(&body).contains("# TYPE"));
    }
);

db_test!(an_enum_label_lookup_refuses_an_absurd_type_name, |app| {
    let q = "query($t: String) { enumLabels(typeName: $t) { value } }";
    let resp = app.exec(None, q, json!({ "t": "X".repeat(10_000) })).await;
    assert_eq!(error_code(&resp), "BAD_USER_INPUT", "{resp:#}");
    let resp = app.exec(None, q, json!({ "t": "' OR 1=1 --" })).await;
    assert_eq!(resp["data"]["enumLabels"], json!([]), "{resp:#}");
});

// A persisted query's `extensions` as a careless or hostile client writes them: each refused
// with BAD_USER_INPUT (or the protocol's PERSISTED_QUERY_NOT_FOUND for a well-formed unknown
// hash), and a flood of registrations only cycles a bounded cache.
db_test!(persisted_query_extensions_are_checked, |app| {
    let cases = [
        (json!({ "persistedQuery": "x" }), "BAD_USER_INPUT"),
        (json!({ "persistedQuery": { "version": 1 } }), "BAD_USER_INPUT"),
        (json!({ "persistedQuery": { "version": "1", "sha256Hash": "a".repeat(64) } }), "BAD_USER_INPUT"),
        (json!({ "persistedQuery": { "version": 1, "sha256Hash": "z".repeat(64) } }), "BAD_USER_INPUT"),
        (json!({ "persistedQuery": { "version": 1, "sha256Hash": "a".repeat(100_000) } }), "BAD_USER_INPUT"),
        (json!({ "persistedQuery": { "version": 1, "sha256Hash": "a".repeat(64) } }), "PERSISTED_QUERY_NOT_FOUND"),
    ];
    for (ext, code) in cases {
        let (s, _, b) = app.post_graphql(None, None, json!({ "extensions": ext })).await;
        assert_eq!((s.as_u16(), error_code(&b)), (200, code), "{ext}");
    }
    // Two thousand distinct documents registered: each answered, none kept beyond the bound.
    for i in 0..2000 {
        let q = format!("query Q{i} {{ __typename }}");
        let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": gecrm::graphql::persisted::hash(&q) } });
        let (_, _, b) = app.post_graphql(None, None, json!({ "query": q, "extensions": ext })).await;
        assert_eq!(b["data"]["__typename"], "Query");
    }
    let first = gecrm::graphql::persisted::hash("query Q0 { __typename }");
    let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": first } });
    let (_, _, b) = app.post_graphql(None, None, json!({ "extensions": ext })).await;
    assert_eq!(error_code(&b), "PERSISTED_QUERY_NOT_FOUND", "the oldest registration made room");
});

db_test!(a_short_payment_reason_is_checked_text, |app| {
    use crate::flow::{CONTRACT, Op, codes, line, mutate, product_id, signed_contract};
    let g = group(&app, "gz_am1", "广州市荔湾区文化馆", None).await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let c = signed_contract(&app, g["id"].as_str().unwrap(), vec![line(&sms, 3, 12, None)]).await;
    let pay = Op::mutation("recordPayment").input("RecordPaymentInput").returns("contract", CONTRACT);
    let input = |reason: Value| json!({ "id": c["id"], "expectedVersion": c["version"], "amount": "0.01", "paidOn": "2026-11-23", "voucherNo": "PZ-1", "shortPaymentReason": reason });
    assert_eq!(codes(&mutate(&app, "gz_am1", pay, input(json!("长".repeat(501)))).await), ["TOO_LONG"]);
    assert_eq!(codes(&mutate(&app, "gz_am1", pay, input(json!(" \t "))).await), ["REQUIRED"], "blank is no reason");
    let r = app
        .exec(
            Some("gz_am1"),
            "mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { contract { id } } }",
            json!({ "i": input(json!("少收\u{7}")) }),
        )
        .await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT", "{r:#}");
    let after = app
        .data(
            Some("gz_am1"),
            "query($id: ID!) { node(id: $id) { ... on Contract { paidAmount version } } }",
            json!({ "id": c["id"] }),
        )
        .await;
    assert_eq!(after["node"], json!({ "paidAmount": null, "version": c["version"] }), "nothing was recorded");
});

db_test!(a_complaint_refuses_bad_text_times_and_customers, |app| {
    use crate::flow::{Op, codes, mutate};
    let g = group(&app, "gz_am1", "广州市黄埔区港务局", None).await;
    let op = Op::mutation("registerComplaint").input("RegisterComplaintInput").returns("complaint", "id");
    let input = |extra: Value| {
        let mut v = json!({ "groupId": g["id"], "channel": "HOTLINE", "category": "OTHER", "severity": "NORMAL", "customerSaid": "网络慢" });
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    let before = app.count("complaint").await;
    assert_eq!(
        codes(&mutate(&app, "gz_am1", op, input(json!({ "customerSaid": "长".repeat(2001) }))).await),
        ["TOO_LONG"]
    );
    assert_eq!(codes(&mutate(&app, "gz_am1", op, input(json!({ "customerSaid": " \n " }))).await), ["REQUIRED"]);
    let past = (app.clock_now() - chrono::Duration::hours(1)).to_rfc3339();
    let far = (app.clock_now() + chrono::Duration::days(31)).to_rfc3339();
    for t in [past, far] {
        assert_eq!(codes(&mutate(&app, "gz_am1", op, input(json!({ "replyDueAt": t }))).await), ["INVALID"]);
    }
    let desk = |v: Value| {
        let mut v = v;
        v.as_object_mut().unwrap().remove("groupId");
        v
    };
    assert_eq!(codes(&mutate(&app, "gz_desk", op, desk(input(json!({ "phone": "12345" })))).await), ["INVALID"]);
    assert_eq!(
        codes(&mutate(&app, "gz_desk", op, desk(input(json!({ "groupCode": "' OR 1=1 --" })))).await),
        ["NOT_FOUND"]
    );
    assert_eq!(codes(&mutate(&app, "gz_desk", op, desk(input(json!({})))).await), ["REQUIRED"], "no customer named");
    let r = app
        .exec(
            Some("gz_am1"),
            "mutation($i: RegisterComplaintInput!) { registerComplaint(input: $i) { userErrors { code } } }",
            json!({ "i": input(json!({ "customerSaid": "断网\u{0}" })) }),
        )
        .await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT", "{r:#}");
    let r = app
        .exec(
            Some("gz_am1"),
            "mutation($i: RegisterComplaintInput!) { registerComplaint(input: $i) { userErrors { code } } }",
            json!({ "i": input(json!({ "severity": "APOCALYPTIC" })) }),
        )
        .await;
    assert!(r["errors"].is_array(), "an unknown severity is refused: {r:#}");
    assert_eq!(app.count("complaint").await, before, "nothing was registered");
});

db_test!(a_disconnection_request_refuses_bad_text_and_customers, |app| {
    use crate::flow::{Op, codes, mutate};
    let g = group(&app, "gz_am1", "广州市南沙区港航局", None).await;
    let op = Op::mutation("registerDisconnection").input("RegisterDisconnectionInput").returns("request", "id");
    let input = |extra: Value| {
        let mut v = json!({ "groupId": g["id"], "line": "专线 GZ-001", "counterReason": "搬迁", "firstRetentionFailed": false });
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    let before = app.count("disconnection_request").await;
    assert_eq!(
        codes(&mutate(&app, "gz_am1", op, input(json!({ "counterReason": "长".repeat(501) }))).await),
        ["TOO_LONG"]
    );
    assert_eq!(codes(&mutate(&app, "gz_am1", op, input(json!({ "counterReason": "  " }))).await), ["REQUIRED"]);
    assert_eq!(
        codes(&mutate(&app, "gz_am1", op, input(json!({ "line": null }))).await),
        ["REQUIRED"],
        "a number or a line"
    );
    assert_eq!(codes(&mutate(&app, "gz_am1", op, input(json!({ "line": "线".repeat(101) }))).await), ["TOO_LONG"]);
    assert_eq!(
        codes(&mutate(&app, "gz_am1", op, input(json!({ "firstRetentionNote": "注".repeat(501) }))).await),
        ["TOO_LONG"]
    );
    let desk = json!({ "phone": "not a phone", "counterReason": "搬迁", "firstRetentionFailed": false });
    assert_eq!(codes(&mutate(&app, "gz_desk", op, desk).await), ["INVALID"]);
    let r = app
        .exec(
            Some("gz_am1"),
            "mutation($i: RegisterDisconnectionInput!) { registerDisconnection(input: $i) { userErrors { code } } }",
            json!({ "i": input(json!({ "counterReason": "搬迁\u{1b}" })) }),
        )
        .await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT", "{r:#}");
    assert_eq!(app.count("disconnection_request").await, before, "nothing was registered");
    // The outcome's texts are checked too.
    let ok = crate::flow::ok(&app, "gz_am1", op, input(json!({}))).await;
    let q = "query($id: ID!) { node(id: $id) { ... on DisconnectionRequest { version } } }";
    let v = app.data(Some("gz_head"), q, json!({ "id": ok["id"] })).await["node"]["version"].clone();
    let dispatch =
        Op::mutation("dispatchDisconnection").input("DispatchDisconnectionInput").returns("request", "version");
    let stranger = crate::archive::user_id(&app, "sz_am1");
    assert_eq!(
        codes(
            &mutate(&app, "gz_head", dispatch, json!({ "id": ok["id"], "expectedVersion": v, "assigneeId": stranger }))
                .await
        ),
        ["NOT_FOUND"],
        "not a manager of this branch"
    );
    let d = crate::flow::ok(&app, "gz_head", dispatch, json!({ "id": ok["id"], "expectedVersion": v })).await;
    let finish = Op::mutation("finishRetention").input("FinishRetentionInput").returns("request", "id");
    let f = |extra: Value| {
        let mut v = json!({ "id": ok["id"], "expectedVersion": d["version"], "reason": "OTHER", "reasonText": "搬迁", "offer": "无", "outcome": "LOST" });
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    assert_eq!(
        codes(&mutate(&app, "gz_am1", finish, f(json!({ "reasonText": "因".repeat(1001) }))).await),
        ["TOO_LONG"]
    );
    assert_eq!(codes(&mutate(&app, "gz_am1", finish, f(json!({ "offer": "" }))).await), ["REQUIRED"]);
    assert_eq!(
        codes(
            &mutate(&app, "gz_am1", finish, f(json!({ "reason": "COMPETITOR", "competitor": "对".repeat(101) }))).await
        ),
        ["TOO_LONG"]
    );
});

db_test!(a_competition_report_refuses_bad_text, |app| {
    use crate::flow::{Op, codes, mutate};
    let g = group(&app, "gz_am1", "广州市花都区汽车城", None).await;
    let op = Op::mutation("fileCompetitionReport").input("FileCompetitionReportInput").returns("report", "id");
    let input = |extra: Value| {
        let mut v = json!({ "groupId": g["id"], "competitor": "中国电信", "offer": "五折", "affected": "全部号码", "countermeasures": "融合套餐" });
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    let before = app.count("competition_report").await;
    for (field, max) in
        [("competitor", 100), ("offer", 1000), ("affected", 1000), ("countermeasures", 2000), ("supportNeeded", 1000)]
    {
        let r = mutate(&app, "gz_am1", op, input(json!({ field: "长".repeat(max + 1) }))).await;
        assert_eq!(codes(&r), ["TOO_LONG"], "{field}");
    }
    assert_eq!(codes(&mutate(&app, "gz_am1", op, input(json!({ "countermeasures": "" }))).await), ["REQUIRED"]);
    let r = app
        .exec(
            Some("gz_am1"),
            "mutation($i: FileCompetitionReportInput!) { fileCompetitionReport(input: $i) { userErrors { code } } }",
            json!({ "i": input(json!({ "offer": "五折\u{0}" })) }),
        )
        .await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT");
    let r = app
        .exec(
            Some("gz_am1"),
            "mutation($i: FileCompetitionReportInput!) { fileCompetitionReport(input: $i) { userErrors { code } } }",
            json!({ "i": input(json!({ "groupId": "not-an-id" })) }),
        )
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND");
    assert_eq!(app.count("competition_report").await, before, "nothing was filed");
});

db_test!(a_boss_import_refuses_what_is_not_an_export, |app| {
    let token = app.login("gz_desk").await.0;
    let ops = json!({
        "query": "mutation($f: Upload!) { importDisconnections(input: {file: $f}) { created problems { line } userErrors { code message } } }",
        "variables": { "f": null },
    });
    let code = |r: &Value| r["data"]["importDisconnections"]["userErrors"][0]["code"].as_str().map(String::from);
    let big = format!("号码,拆机原因,BOSS单号\n{}", "13800000000,搬迁,R\n".repeat(60_000));
    let (_, r) = crate::members::multipart(&app, &token, ops.clone(), "big.csv", big.as_bytes()).await;
    assert!(code(&r).as_deref() == Some("INVALID") || r["errors"].is_array(), "over 1 MB is refused: {r:#}");
    let (_, r) =
        crate::members::multipart(&app, &token, ops.clone(), "gbk.csv", b"\xba\xc5\xc2\xeb,\xd4\xad\xd2\xf2\n").await;
    assert_eq!(code(&r).as_deref(), Some("INVALID"), "not UTF-8: {r:#}");
    let many =
        format!("号码,拆机原因,BOSS单号\n{}", (0..2001).map(|i| format!("139{i:08},搬迁,R{i}\n")).collect::<String>());
    let (_, r) = crate::members::multipart(&app, &token, ops.clone(), "many.csv", many.as_bytes()).await;
    assert_eq!(code(&r).as_deref(), Some("INVALID"), "over 2,000 rows: {r:#}");
    let long_ref = format!("号码,拆机原因,BOSS单号\n13800000000,搬迁,{}\n", "R".repeat(51));
    let (_, r) = crate::members::multipart(&app, &token, ops, "ref.csv", long_ref.as_bytes()).await;
    assert_eq!(r["data"]["importDisconnections"]["problems"][0]["line"], 2, "{r:#}");
    assert_eq!(app.count("disconnection_request").await, 0, "nothing was registered");
});

db_test!(a_billing_adjustment_refuses_bad_figures_text_and_files, |app| {
    use crate::billing::{PDF, request, this_month};
    let g = group(&app, "gz_am1", "广州市花都区财政局", None).await;
    let m = this_month(&app);
    let figures = |extra: Value| {
        let mut v =
            json!({ "groupId": g["id"], "accountNo": "ZH-1", "month": m, "amount": "10.00", "cause": "DISPUTE" });
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    let field = |p: &Value| {
        p["userErrors"][0]["field"]
            .as_array()
            .map(|f| f.iter().map(|x| x.as_str().unwrap().to_string()).collect::<Vec<_>>().join("."))
    };
    for (extra, want) in [
        (json!({ "amount": "0.00" }), "input.amount"),
        (json!({ "amount": "0.001" }), "input.amount"),
        (json!({ "amount": "1000000.01" }), "input.amount"),
        (json!({ "amount": "-99999999999999" }), "input.amount"),
        (json!({ "month": "2027-13" }), "input.month"),
        (json!({ "month": "1999-01" }), "input.month"),
        (json!({ "month": "2099-01" }), "input.month"),
        (json!({ "accountNo": "ZH 1; DROP TABLE member" }), "input.accountNo"),
        (json!({ "accountNo": "9".repeat(33) }), "input.accountNo"),
        (json!({ "accountNo": null }), "input.accountNo"),
    ] {
        let p = request(&app, "gz_am1", figures(extra.clone()), &[("a.pdf", PDF)]).await;
        assert_eq!(field(&p).as_deref(), Some(want), "{extra}: {p:#}");
    }
    // A member of another group, a group outside the viewer's scope, an id of another kind.
    let other = group(&app, "gz_am2", "广州市花都区审计局", None).await;
    let p = request(&app, "gz_am1", figures(json!({ "groupId": other["id"] })), &[("a.pdf", PDF)]).await;
    assert!(p.is_null() || p["adjustment"].is_null(), "{p:#}");
    let token = app.login("gz_am1").await.0;
    let ops = json!({
        "query": "mutation($i: RequestBillingAdjustmentInput!) { requestBillingAdjustment(input: $i) { userErrors { field code } } }",
        "variables": { "i": { "figures": figures(json!({})), "causeText": "长".repeat(2001), "rectification": "\u{0}", "evidence": [null] } },
    });
    let (_, r) = crate::members::upload_files(&app, &token, ops, &[("variables.i.evidence.0", "a.pdf", PDF)]).await;
    assert!(
        r["errors"].is_array() || !r["data"]["requestBillingAdjustment"]["userErrors"].as_array().unwrap().is_empty(),
        "{r:#}"
    );
    // Files: too large, not a document, too many at once.
    let big = [PDF, &vec![b'x'; 5 * 1024 * 1024]].concat();
    let p = request(&app, "gz_am1", figures(json!({})), &[("big.pdf", &big)]).await;
    assert_eq!(field(&p).as_deref(), Some("input.evidence.0"), "over 5 MB: {p:#}");
    let p = request(&app, "gz_am1", figures(json!({})), &[("x.pdf", b"<script>alert(1)</script>")]).await;
    assert_eq!(field(&p).as_deref(), Some("input.evidence.0"));
    let token = app.login("gz_am1").await.0;
    let ops = json!({ "query": "mutation($i: RequestBillingAdjustmentInput!) { requestBillingAdjustment(input: $i) { userErrors { code } } }",
        "variables": { "i": { "figures": figures(json!({})), "causeText": "x", "rectification": "y", "evidence": [null, null, null, null, null, null] } } });
    let paths: Vec<String> = (0..6).map(|i| format!("variables.i.evidence.{i}")).collect();
    let files: Vec<(&str, &str, &[u8])> = paths.iter().map(|p| (p.as_str(), "a.pdf", PDF)).collect();
    let (status, r) = crate::members::upload_files(&app, &token, ops, &files).await;
    assert!(
        status == 400
            || status == 413
            || r["errors"].is_array()
            || !r["data"]["requestBillingAdjustment"]["userErrors"].as_array().unwrap().is_empty(),
        "six files: {status} {r:#}"
    );
    // Stages: a reference that is not one, notes out of bounds, an id of another kind.
    let stage = "mutation($i: ExecuteBillingAdjustmentInput!) { executeBillingAdjustment(input: $i) { userErrors { field code } } }";
    let r = app
        .exec(Some("gz_billing"), stage, json!({ "i": { "id": g["id"], "expectedVersion": 1, "reference": "JF-1" } }))
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND", "a group's id is no adjustment's");
    assert_eq!(app.count("billing_adjustment").await, 0, "nothing was asked for");
    let preview = "query($i: AdjustmentFiguresInput!) { billingAdjustmentChain(input: $i) { accumulated } }";
    let r = app.exec(Some("gz_am1"), preview, json!({ "i": figures(json!({ "groupId": "bm90LWFuLWlk" })) })).await;
    assert_eq!(error_code(&r), "NOT_FOUND");
    let analysis =
        app.exec(Some("gz_head"), "{ billingAdjustmentAnalysis(month: \"20x7-01\") { month } }", json!({})).await;
    assert_eq!(error_code(&analysis), "BAD_USER_INPUT");
});

db_test!(arrears_inputs_refuse_bad_cycles_files_payments_and_contacts, |app| {
    let token = app.login("gz_billing").await.0;
    let ops = |cycle: &str| {
        json!({ "query": "mutation($f: Upload, $c: String!) { importArrears(input: {cycle: $c, file: $f}) { rows created problems { line } userErrors { field code } } }",
            "variables": { "f": null, "c": cycle } })
    };
    let code = |r: &Value| r["data"]["importArrears"]["userErrors"][0]["code"].as_str().map(String::from);
    let good = "账户,集团编码,号码,欠费金额,欠费月数\nZH1,JT-X,,1.00,1\n";
    for cycle in ["2027-00", "abc", "", "2027-1"] {
        let (_, r) = crate::members::multipart(&app, &token, ops(cycle), "a.csv", good.as_bytes()).await;
        assert!(code(&r).as_deref() == Some("INVALID") || r["errors"].is_array(), "{cycle}: {r:#}");
    }
    let m = crate::billing::this_month(&app);
    let (_, r) =
        crate::members::multipart(&app, &token, ops(&m), "gbk.csv", b"\xd5\xcb\xbb\xa7,\xbd\xf0\xb6\xee\n").await;
    assert_eq!(code(&r).as_deref(), Some("INVALID"), "not UTF-8: {r:#}");
    let rows = "账户,集团编码,号码,欠费金额,欠费月数,预计停机日期\nZH 1,JT-X,,1.00,1,\nZH2,JT-X,,-5,1,\nZH3,JT-X,,1e9,1,\nZH4,JT-X,,1.00,-1,\nZH5,JT-X,,1.00,1,2027-02-30\nZH6,JT-X,,NaN,1,\n";
    let (_, r) = crate::members::multipart(&app, &token, ops(&m), "bad.csv", rows.as_bytes()).await;
    let lines: Vec<i64> = r["data"]["importArrears"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7], "{r:#}");
    assert_eq!(r["data"]["importArrears"]["created"], 0);
    let many = format!(
        "账户,集团编码,欠费金额,欠费月数\n{}",
        (0..200_001).map(|i| format!("Z{i},J,1,1\n")).collect::<String>()
    );
    let (status, r) = crate::members::multipart(&app, &token, ops(&m), "many.csv", many.as_bytes()).await;
    assert!(
        code(&r).as_deref() == Some("INVALID") || status == 413 || r["errors"].is_array(),
        "over 200,000 rows: {status} {r:#}"
    );
    assert_eq!(app.count("arrears_item").await, 0);
    // Payments and notices on what is no collection item.
    let g = group(&app, "gz_am1", "广州市花都区税务局", None).await;
    let pay =
        "mutation($i: RecordArrearsPaymentInput!) { recordArrearsPayment(input: $i) { userErrors { field code } } }";
    let r = app.exec(Some("gz_am1"), pay, json!({ "i": { "id": g["id"], "expectedVersion": 1, "amount": "1.00", "receiptNo": "SJ-1", "paidOn": "2027-01-01" } })).await;
    assert_eq!(error_code(&r), "NOT_FOUND");
    let r = app.exec(Some("gz_am1"), pay, json!({ "i": { "id": g["id"], "expectedVersion": 1, "amount": "abc", "receiptNo": "SJ-1", "paidOn": "2027-02-30" } })).await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT");
    // A collection contact naming an item of no one's, or with a place too long.
    let now = app.clock_now();
    let card = |arrears: Value| json!({ "groupId": g["id"], "card": { "method": "PHONE", "purpose": "COLLECTION", "startedAt": crate::flow::iso(now - chrono::Duration::minutes(5)), "endedAt": crate::flow::iso(now), "arrears": arrears } });
    let log = "mutation($i: LogVisitInput!) { logVisit(input: $i) { visit { id } userErrors { field code } } }";
    let today = gecrm::clock::business_date(now).to_string();
    let r = app
        .data(
            Some("gz_am1"),
            log,
            json!({ "i": card(json!({ "itemId": g["id"], "agreedOn": today, "agreedPlace": "营业厅" })) }),
        )
        .await;
    assert_eq!(r["logVisit"]["userErrors"][0]["code"], "NOT_FOUND", "{r:#}");
    let before = app.count("visit").await;
    let r = app
        .exec(
            Some("gz_am1"),
            log,
            json!({ "i": card(json!({ "itemId": g["id"], "agreedOn": today, "agreedPlace": "长".repeat(201) })) }),
        )
        .await;
    assert!(r["errors"].is_array() || !r["data"]["logVisit"]["userErrors"].as_array().unwrap().is_empty(), "{r:#}");
    assert_eq!(app.count("visit").await, before, "a refused contact logs no visit");
});

db_test!(a_plan_item_refuses_bad_text_ids_days_and_times, |app| {
    use crate::flow::{Op, codes, mutate, ok};
    let add = Op::mutation("addPlanItem").input("AddPlanItemInput").returns("item", "id version");
    let input = |details: Value, extra: Value| {
        let mut d = json!({ "matter": "VISIT", "means": "ONSITE", "title": "上门拜访" });
        d.as_object_mut().unwrap().extend(details.as_object().unwrap().clone());
        let mut v = json!({ "details": d });
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    let before = app.count("plan_item").await;
    for (field, max) in [("title", 200), ("target", 200), ("purpose", 500), ("preparation", 500), ("resources", 500)] {
        let r = mutate(&app, "gz_am1", add, input(json!({ field: "长".repeat(max + 1) }), json!({}))).await;
        assert_eq!(codes(&r), ["TOO_LONG"], "{field}");
    }
    let raw = "mutation($i: AddPlanItemInput!) { addPlanItem(input: $i) { userErrors { field code } } }";
    for (bad, why) in [
        (input(json!({ "title": "拜访\u{0}" }), json!({})), "a NUL in the text"),
        (input(json!({}), json!({ "day": "2026-02-30" })), "no such day"),
        (input(json!({ "at": "tomorrow morning" }), json!({})), "not a time"),
        (input(json!({ "matter": "GOSSIP" }), json!({})), "not a matter"),
    ] {
        let r = app.exec(Some("gz_am1"), raw, json!({ "i": bad })).await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{why}: {r:#}");
    }
    for field in ["taskId", "visitId", "groupId"] {
        let r = mutate(&app, "gz_am1", add, input(json!({}), json!({ field: "not-an-id" }))).await;
        assert_eq!(codes(&r), ["NOT_FOUND"], "{field}");
        let proposal = gecrm::graphql::relay::NodeKind::Proposal.id(1).0;
        let r = mutate(&app, "gz_am1", add, input(json!({}), json!({ field: proposal }))).await;
        assert_eq!(codes(&r), ["NOT_FOUND"], "{field}: another kind's id");
    }
    assert_eq!(app.count("plan_item").await, before, "nothing was planned");
    let item = ok(&app, "gz_am1", add, input(json!({}), json!({}))).await;
    let mv = Op::mutation("movePlanItem").input("MovePlanItemInput").returns("item", "id");
    let r = mutate(
        &app,
        "gz_am1",
        mv,
        json!({ "id": item["id"], "expectedVersion": item["version"], "action": "DROP", "note": "长".repeat(501) }),
    )
    .await;
    assert_eq!(codes(&r), ["TOO_LONG"]);
    let r = app
        .exec(
            Some("gz_am1"),
            "mutation($i: MovePlanItemInput!) { movePlanItem(input: $i) { userErrors { code } } }",
            json!({ "i": { "id": "not-an-id", "expectedVersion": 1, "action": "DROP" } }),
        )
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND");
});

db_test!(a_work_log_refuses_bad_notes_comments_months_and_users, |app| {
    use crate::flow::{Op, codes, mutate};
    let notes = Op::mutation("saveWorkLogNotes").input("SaveWorkLogNotesInput").returns("workLog", "notes");
    assert_eq!(codes(&mutate(&app, "gz_am1", notes, json!({ "notes": "长".repeat(4001) })).await), ["TOO_LONG"]);
    let raw = "mutation($i: SaveWorkLogNotesInput!) { saveWorkLogNotes(input: $i) { userErrors { code } } }";
    for bad in [json!({ "notes": "日志\u{0}" }), json!({ "notes": "x", "day": "yesterday" })] {
        assert_eq!(error_code(&app.exec(Some("gz_am1"), raw, json!({ "i": bad })).await), "BAD_USER_INPUT", "{bad}");
    }
    assert_eq!(app.count("work_log").await, 0, "nothing was written");
    let am1 = crate::archive::user_id(&app, "gz_am1");
    let comment = Op::mutation("commentWorkLog").input("CommentWorkLogInput").returns("comment", "text");
    assert_eq!(
        codes(
            &mutate(&app, "gz_head", comment, json!({ "userId": am1, "month": "2026-12", "text": "长".repeat(1001) }))
                .await
        ),
        ["TOO_LONG"]
    );
    assert_eq!(
        codes(
            &mutate(&app, "gz_head", comment, json!({ "userId": am1, "month": "2026-13", "text": "月份不对" })).await
        ),
        ["INVALID"]
    );
    assert_eq!(
        codes(&mutate(&app, "gz_head", comment, json!({ "userId": am1, "month": "2026-12", "text": "   " })).await),
        ["REQUIRED"]
    );
    let raw = "mutation($i: CommentWorkLogInput!) { commentWorkLog(input: $i) { userErrors { code } } }";
    let r = app
        .exec(Some("gz_head"), raw, json!({ "i": { "userId": "not-an-id", "month": "2026-12", "text": "谁" } }))
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND");
    assert_eq!(app.count("work_log_comment").await, 0, "nothing was said");
    for q in ["{ workLogMonth(month: \"12/2026\") { month } }", "{ teamWorkLogs(month: \"2026-1\") { records } }"] {
        let r = app.exec(Some("gz_head"), q, json!({})).await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{q}: {r:#}");
    }
});

db_test!(kpi_targets_refuse_bad_months_figures_and_people, |app| {
    use crate::flow::{codes, mutate};
    use crate::targets::{SET, goals, with};
    use gecrm::{clock::business_date, fields::Month};
    let this = Month::of(business_date(app.clock_now()));
    let m = this.to_string();
    let am1 = crate::archive::user_id(&app, "gz_am1");
    let before = app.count("kpi_target").await;
    assert_eq!(codes(&mutate(&app, "gz_am1", SET, goals(&am1, &m)).await), ["NOT_PERMITTED"], "not by the manager");
    assert_eq!(
        codes(&mutate(&app, "gz_head", SET, goals(&crate::archive::user_id(&app, "gz_head"), &m)).await),
        ["NOT_PERMITTED"],
        "not for a head"
    );
    let r = app
        .exec(
            Some("sz_head"),
            "mutation($i: SetKpiTargetInput!) { setKpiTarget(input: $i) { userErrors { code } } }",
            json!({ "i": goals(&am1, &m) }),
        )
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND", "another branch's manager is out of reach");
    for (month, why) in [(this.plus(-1), "last month"), (this.plus(2), "two months ahead")] {
        assert_eq!(codes(&mutate(&app, "gz_head", SET, goals(&am1, &month.to_string())).await), ["INVALID"], "{why}");
    }
    for (bad, field) in [
        (json!({ "visitsPerDay": "51" }), "visitsPerDay"),
        (json!({ "visitsPerDay": "1.255" }), "visitsPerDay"),
        (json!({ "retentionPercent": "100.50" }), "retentionPercent"),
        (json!({ "groupsVisited": -1 }), "groupsVisited"),
        (json!({ "newGroups": 1001 }), "newGroups"),
        (json!({ "proposals": 5000 }), "proposals"),
    ] {
        let r = mutate(&app, "gz_head", SET, with(goals(&am1, &m), bad.clone())).await;
        assert_eq!(codes(&r), ["INVALID"], "{bad}");
        assert_eq!(r["userErrors"][0]["field"][1], field);
    }
    assert_eq!(codes(&mutate(&app, "gz_head", SET, goals(&am1, "2026-13")).await), ["INVALID"]);
    assert_eq!(app.count("kpi_target").await, before, "nothing was set");
});

db_test!(a_work_summary_refuses_bad_text_periods_and_ids, |app| {
    use crate::flow::{Op, codes, mutate};
    let save = Op::mutation("saveWorkSummary").input("SaveWorkSummaryInput").returns("summary", "id");
    assert_eq!(
        codes(&mutate(&app, "gz_am1", save, json!({ "period": "WEEK", "text": "长".repeat(8001) })).await),
        ["TOO_LONG"]
    );
    assert_eq!(codes(&mutate(&app, "gz_am1", save, json!({ "period": "MONTH", "text": "  " })).await), ["REQUIRED"]);
    let raw = "mutation($i: SaveWorkSummaryInput!) { saveWorkSummary(input: $i) { userErrors { code } } }";
    for bad in [
        json!({ "period": "YEAR", "text": "x" }),
        json!({ "period": "WEEK", "text": "x", "day": "2026-02-30" }),
        json!({ "period": "WEEK", "text": "小结\u{0}" }),
    ] {
        assert_eq!(error_code(&app.exec(Some("gz_am1"), raw, json!({ "i": bad })).await), "BAD_USER_INPUT", "{bad}");
    }
    assert_eq!(app.count("work_summary").await, 0, "nothing was saved");
    let raw = "mutation($i: CommentWorkSummaryInput!) { commentWorkSummary(input: $i) { userErrors { code } } }";
    let r = app
        .exec(Some("gz_head"), raw, json!({ "i": { "id": "not-an-id", "expectedVersion": 1, "comment": "x" } }))
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND");
    let q = "query { summaryDraft(period: FORTNIGHT) { text } }";
    assert_eq!(error_code(&app.exec(Some("gz_am1"), q, json!({})).await), "BAD_USER_INPUT");
});

db_test!(an_information_report_refuses_bad_text_kinds_files_ids_and_people, |app| {
    use crate::flow::{Op, codes, mutate, ok};
    let file = Op::mutation("fileInfoReport").input("FileInfoReportInput").returns("report", "id version");
    let base = |extra: Value| {
        let mut v = json!({ "kind": "RISK", "urgency": "NORMAL", "title": "标题", "text": "内容" });
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    for (extra, want) in [
        (json!({ "title": "  " }), "REQUIRED"),
        (json!({ "title": "长".repeat(101) }), "TOO_LONG"),
        (json!({ "text": "" }), "REQUIRED"),
        (json!({ "text": "长".repeat(4001) }), "TOO_LONG"),
    ] {
        assert_eq!(codes(&mutate(&app, "gz_am1", file, base(extra.clone())).await), [want], "{extra}");
    }
    let raw = "mutation($i: FileInfoReportInput!) { fileInfoReport(input: $i) { userErrors { code } } }";
    for bad in [
        base(json!({ "kind": "GOSSIP" })),
        base(json!({ "urgency": "PANIC" })),
        base(json!({ "title": "报告\u{7}" })),
        base(json!({ "text": null })),
    ] {
        assert_eq!(error_code(&app.exec(Some("gz_am1"), raw, json!({ "i": bad })).await), "BAD_USER_INPUT", "{bad}");
    }
    // A group id of another kind, or no id at all.
    let p = app.exec(Some("gz_am1"), raw, json!({ "i": base(json!({ "groupId": NodeKind::User.id(1).0 })) })).await;
    assert_eq!(error_code(&p), "NOT_FOUND");
    let p = app.exec(Some("gz_am1"), raw, json!({ "i": base(json!({ "groupId": "bm90LWFuLWlk" })) })).await;
    assert_eq!(error_code(&p), "NOT_FOUND");
    // Files: too many, too large, not a document.
    let token = app.login("gz_am1").await.0;
    let ops = |n: usize| json!({ "query": raw, "variables": { "i": base(json!({ "files": vec![Value::Null; n] })) } });
    let paths: Vec<String> = (0..6).map(|i| format!("variables.i.files.{i}")).collect();
    let six: Vec<(&str, &str, &[u8])> = paths.iter().map(|p| (p.as_str(), "a.pdf", crate::billing::PDF)).collect();
    let (status, r) = crate::members::upload_files(&app, &token, ops(6), &six).await;
    assert!(
        status == 400
            || status == 413
            || r["errors"].is_array()
            || !r["data"]["fileInfoReport"]["userErrors"].as_array().unwrap().is_empty(),
        "six files: {status} {r:#}"
    );
    let big = [crate::billing::PDF, &vec![b'x'; 5 * 1024 * 1024]].concat();
    let (_, r) = crate::members::upload_files(&app, &token, ops(1), &[("variables.i.files.0", "big.pdf", &big)]).await;
    assert_eq!(r["data"]["fileInfoReport"]["userErrors"][0]["code"], "INVALID", "over 5 MB: {r:#}");
    assert_eq!(app.count("info_report").await, 0, "nothing was filed");

    // Moves, forwards, comments: ids of another kind, notes too long, too many people.
    let r = ok(&app, "gz_am1", file, base(json!({}))).await;
    let mv = "mutation($i: InfoReportMoveInput!) { escalateInfoReport(input: $i) { userErrors { field code } } }";
    let p =
        app.exec(Some("gz_head"), mv, json!({ "i": { "id": NodeKind::Group.id(1).0, "expectedVersion": 1 } })).await;
    assert_eq!(error_code(&p), "NOT_FOUND");
    let escalate = Op::mutation("escalateInfoReport").input("InfoReportMoveInput").returns("report", "id");
    let long = json!({ "id": r["id"], "expectedVersion": r["version"], "note": "长".repeat(1001) });
    assert_eq!(codes(&mutate(&app, "gz_head", escalate, long).await), ["TOO_LONG"]);
    let forward = Op::mutation("forwardInfoReport").input("ForwardInfoReportInput").returns("report", "id");
    let many: Vec<String> = (0..11).map(|i| NodeKind::User.id(i + 1).0).collect();
    assert_eq!(codes(&mutate(&app, "gz_head", forward, json!({ "id": r["id"], "userIds": many })).await), ["INVALID"]);
    assert_eq!(codes(&mutate(&app, "gz_head", forward, json!({ "id": r["id"], "userIds": [] })).await), ["INVALID"]);
    let not_user = json!({ "id": r["id"], "userIds": [NodeKind::Group.id(1).0] });
    assert_eq!(codes(&mutate(&app, "gz_head", forward, not_user).await), ["NOT_FOUND"]);
    let to_self = json!({ "id": r["id"], "userIds": [NodeKind::User.id(app.viewer("gz_head").user_id).0] });
    assert_eq!(codes(&mutate(&app, "gz_head", forward, to_self).await), ["NOT_FOUND"]);
    let comment = Op::mutation("commentInfoReport").input("CommentInfoReportInput").returns("report", "id");
    assert_eq!(codes(&mutate(&app, "gz_head", comment, json!({ "id": r["id"], "text": " " })).await), ["REQUIRED"]);
    assert_eq!(
        codes(&mutate(&app, "gz_head", comment, json!({ "id": r["id"], "text": "长".repeat(1001) })).await),
        ["TOO_LONG"]
    );
    let q = "query($f: InfoReportFilter) { infoReports(filter: $f) { nodes { id } } }";
    let p = app.exec(Some("gz_head"), q, json!({ "f": { "groupId": "nonsense" } })).await;
    assert_eq!(error_code(&p), "NOT_FOUND");
    let p = app.exec(Some("gz_head"), "{ infoReports(first: 1000) { nodes { id } } }", json!({})).await;
    assert_eq!(error_code(&p), "BAD_USER_INPUT");
});

db_test!(stage_summaries_and_cases_refuse_bad_text_ids_and_searches, |app| {
    use crate::flow::{Op, codes, mutate};
    let g = group(&app, "gz_am1", "广州市案例输入局", None).await;
    let p = crate::flow::create_proposal(&app, "gz_am1", g["id"].as_str().unwrap(), None, vec![]).await;
    let note = Op::mutation("addStageSummary").input("AddStageSummaryInput").returns("summary", "stage");
    assert_eq!(
        codes(&mutate(&app, "gz_am1", note, json!({ "proposalId": p["id"], "text": "  " })).await),
        ["REQUIRED"]
    );
    assert_eq!(
        codes(&mutate(&app, "gz_am1", note, json!({ "proposalId": p["id"], "text": "长".repeat(2001) })).await),
        ["TOO_LONG"]
    );
    let raw = "mutation($i: AddStageSummaryInput!) { addStageSummary(input: $i) { userErrors { code } } }";
    for (id, want) in [(json!(g["id"]), "NOT_FOUND"), (json!("nonsense"), "NOT_FOUND")] {
        let r = app.exec(Some("gz_am1"), raw, json!({ "i": { "proposalId": id, "text": "x" } })).await;
        assert_eq!(error_code(&r), want);
    }
    let r = app.exec(Some("gz_am1"), raw, json!({ "i": { "proposalId": p["id"], "text": "阶段\u{0}" } })).await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT");
    assert_eq!(app.count("project_note").await, 0, "nothing was written");
    let publish = Op::mutation("publishWorkCase").input("PublishWorkCaseInput").returns("workCase", "id");
    let case = |title: Value, label: Value, long: usize| json!({ "proposalId": p["id"], "case": { "title": title, "customerLabel": label, "challenge": "长".repeat(long), "solution": "x", "result": "x" } });
    let errs = mutate(&app, "gz_am1", publish, case(json!(""), json!("长".repeat(101)), 2001)).await;
    assert_eq!(codes(&errs), ["REQUIRED", "TOO_LONG", "TOO_LONG"], "every problem at once: {errs:#}");
    assert_eq!(app.count("work_case").await, 0);
    let q = "query($s: String) { workCases(search: $s) { nodes { id } } }";
    assert_eq!(error_code(&app.exec(Some("gz_am1"), q, json!({ "s": "长".repeat(101) })).await), "BAD_USER_INPUT");
    let found = app.data(Some("gz_am1"), q, json!({ "s": "%_\\" })).await;
    assert_eq!(found["workCases"]["nodes"], json!([]), "wildcards match themselves");
    let edit = "mutation($i: EditWorkCaseInput!) { editWorkCase(input: $i) { userErrors { code } } }";
    let r = app
        .exec(
            Some("gz_am1"),
            edit,
            json!({ "i": { "id": p["id"], "expectedVersion": 1, "case": case(json!("x"), json!("x"), 1)["case"] } }),
        )
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND", "a proposal's id is no case's");
    let r = app
        .exec(Some("gz_am1"), "query($id: ID!) { stageSummaryDraft(proposalId: $id) }", json!({ "id": g["id"] }))
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND");
});

db_test!(resource_requests_and_gift_stock_refuse_bad_numbers_days_money_text_and_ids, |app| {
    use crate::flow::{Op, codes, mutate, product_id};
    use crate::resources::{ADD_GIFT, ASK, contact, gift};
    let g = group(&app, "gz_am1", "广州市资源输入局", None).await;
    let k = contact(&app, "gz_am1", &g, "王主任").await;
    let usb = gift(&app, "gz_head", "定制U盘", "35.00", 10).await;
    let today = gecrm::clock::business_date(app.clock_now());
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    let cloud = product_id(&app, "CLOUD_HOST_2C4G").await;
    let with = |base: Value, extra: Value| {
        let mut v = base;
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    let gift_ask = json!({ "kind": "GIFT", "groupId": g["id"], "contactId": k["id"], "giftItemId": usb["id"], "quantity": 1, "reason": "赠送" });
    let trial = json!({ "kind": "TRIAL", "groupId": g["id"], "productId": cloud, "startsOn": day(1), "days": 30, "quantity": 2, "reason": "试用" });
    let event = json!({ "kind": "EVENT", "groupId": g["id"], "title": "联谊会", "startsOn": day(10), "quantity": 20, "budget": "5000.00", "reason": "维系" });
    for (base, extra, field, want) in [
        (&gift_ask, json!({ "reason": "  " }), "reason", "REQUIRED"),
        (&gift_ask, json!({ "reason": "长".repeat(501) }), "reason", "TOO_LONG"),
        (&gift_ask, json!({ "quantity": 0 }), "quantity", "INVALID"),
        (&gift_ask, json!({ "quantity": 101 }), "quantity", "INVALID"),
        (&gift_ask, json!({ "quantity": -5 }), "quantity", "INVALID"),
        (&gift_ask, json!({ "quantity": null }), "quantity", "REQUIRED"),
        (&gift_ask, json!({ "contactId": null }), "contactId", "REQUIRED"),
        (&gift_ask, json!({ "giftItemId": NodeKind::Group.id(1).0 }), "giftItemId", "NOT_FOUND"),
        (&gift_ask, json!({ "contactId": NodeKind::Contact.id(987_654_321).0 }), "contactId", "NOT_FOUND"),
        (&gift_ask, json!({ "groupId": null }), "groupId", "REQUIRED"),
        (&trial, json!({ "days": 0 }), "days", "INVALID"),
        (&trial, json!({ "days": 91 }), "days", "INVALID"),
        (&trial, json!({ "quantity": 1001 }), "quantity", "INVALID"),
        (&trial, json!({ "startsOn": day(-1) }), "startsOn", "INVALID"),
        (&trial, json!({ "startsOn": day(181) }), "startsOn", "INVALID"),
        (&trial, json!({ "productId": NodeKind::Product.id(987_654_321).0 }), "productId", "NOT_FOUND"),
        (&trial, json!({ "productId": null }), "productId", "REQUIRED"),
        (&event, json!({ "title": " " }), "title", "REQUIRED"),
        (&event, json!({ "title": "长".repeat(101) }), "title", "TOO_LONG"),
        (&event, json!({ "budget": "0.00" }), "budget", "INVALID"),
        (&event, json!({ "budget": "-10.00" }), "budget", "INVALID"),
        (&event, json!({ "budget": "10.001" }), "budget", "INVALID"),
        (&event, json!({ "budget": "1000000.01" }), "budget", "INVALID"),
        (&event, json!({ "quantity": 1001 }), "quantity", "INVALID"),
        (&event, json!({ "budget": null }), "budget", "REQUIRED"),
        (&json!({ "kind": "COMPANION", "reason": "陪同" }), json!({}), "planItemId", "REQUIRED"),
        (&json!({ "kind": "COMPANION", "reason": "陪同", "expertise": "CHIEF_MANAGER", "expertId": user_id(&app, "gz_am2") }),
            json!({ "planItemId": NodeKind::PlanItem.id(987_654_321).0 }), "planItemId", "NOT_FOUND"),
    ] {
        let p = mutate(&app, "gz_am1", ASK, with(base.clone(), extra.clone())).await;
        assert_eq!(p["userErrors"][0]["code"], want, "{extra}: {p:#}");
        assert_eq!(p["userErrors"][0]["field"], json!(["input", field]), "{extra}: {p:#}");
    }
    assert_eq!(app.count("resource_request").await, 0, "nothing was asked");
    let raw = "mutation($i: RequestResourceInput!) { requestResource(input: $i) { userErrors { code } } }";
    for bad in [
        with(gift_ask.clone(), json!({ "kind": "BRIBE" })),
        with(gift_ask.clone(), json!({ "reason": "赠送\u{7}" })),
        with(gift_ask.clone(), json!({ "quantity": 1e12 })),
        with(gift_ask.clone(), json!({ "quantity": "3" })),
        with(trial.clone(), json!({ "startsOn": "2026-02-30" })),
        with(event.clone(), json!({ "budget": "1e400" })),
        with(event.clone(), json!({ "expertise": "WIZARD" })),
    ] {
        let r = app.exec(Some("gz_am1"), raw, json!({ "i": bad })).await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{bad}: {r:#}");
    }
    // The gift stock: names, values and counts.
    for (input, field, want) in [
        (json!({ "name": " ", "unitValue": "10.00", "stock": 1 }), "name", "REQUIRED"),
        (json!({ "name": "长".repeat(51), "unitValue": "10.00", "stock": 1 }), "name", "TOO_LONG"),
        (json!({ "name": "台历", "unitValue": "0.00", "stock": 1 }), "unitValue", "INVALID"),
        (json!({ "name": "台历", "unitValue": "-1.00", "stock": 1 }), "unitValue", "INVALID"),
        (json!({ "name": "台历", "unitValue": "100000.01", "stock": 1 }), "unitValue", "INVALID"),
        (json!({ "name": "台历", "unitValue": "10.00", "stock": -1 }), "stock", "INVALID"),
        (json!({ "name": "台历", "unitValue": "10.00", "stock": 100_001 }), "stock", "INVALID"),
    ] {
        let p = mutate(&app, "gz_head", ADD_GIFT, input.clone()).await;
        assert_eq!(p["userErrors"][0]["code"], want, "{input}: {p:#}");
        assert_eq!(p["userErrors"][0]["field"], json!(["input", field]), "{input}: {p:#}");
    }
    let restock = Op::mutation("restockGiftItem").input("RestockGiftItemInput").returns("gift", "stock");
    for q in [0, -3, 100_001, 99_995] {
        let p = mutate(&app, "gz_head", restock, json!({ "id": usb["id"], "quantity": q })).await;
        assert_eq!(codes(&p), ["INVALID"], "{q}: {p:#}");
    }
    let p = app
        .exec(Some("gz_head"), &restock.document(), json!({ "i": { "id": NodeKind::Group.id(1).0, "quantity": 1 } }))
        .await;
    assert_eq!(error_code(&p), "NOT_FOUND");
    // Decisions: ids of another kind, notes too long; lists and months.
    let r = crate::flow::ok(&app, "gz_am1", ASK, trial.clone()).await;
    let grant = Op::mutation("grantResourceRequest").input("ResourceMoveInput").returns("request", "id");
    let long = json!({ "id": r["id"], "expectedVersion": r["version"], "note": "长".repeat(501) });
    assert_eq!(codes(&mutate(&app, "gz_head", grant, long).await), ["TOO_LONG"]);
    let p = app
        .exec(Some("gz_head"), &grant.document(), json!({ "i": { "id": NodeKind::InfoReport.id(1).0, "expectedVersion": 1 } }))
        .await;
    assert_eq!(error_code(&p), "NOT_FOUND");
    let q = "query($f: ResourceRequestFilter) { resourceRequests(filter: $f) { nodes { id } } }";
    assert_eq!(error_code(&app.exec(Some("gz_head"), q, json!({ "f": { "groupId": "nonsense" } })).await), "NOT_FOUND");
    let not_contact = json!({ "f": { "contactId": NodeKind::Group.id(1).0 } });
    assert_eq!(error_code(&app.exec(Some("gz_head"), q, not_contact).await), "NOT_FOUND");
    let p = app.exec(Some("gz_head"), "{ resourceRequests(first: 1000) { nodes { id } } }", json!({})).await;
    assert_eq!(error_code(&p), "BAD_USER_INPUT");
    for m in ["2026-13", "garbage", "2026-1", ""] {
        let p = app.exec(Some("gz_head"), "query($m: String!) { resourceUsage(month: $m, by: GROUP) { name } }", json!({ "m": m })).await;
        assert_eq!(error_code(&p), "BAD_USER_INPUT", "{m}: {p:#}");
    }
    // Only the admin marks experts.
    let set = "mutation($i: SetUserExpertiseInput!) { setUserExpertise(input: $i) { userErrors { code } } }";
    let input = json!({ "id": user_id(&app, "gz_am2"), "chiefManager": true, "productSpecialist": false, "expectedVersion": 1 });
    assert_eq!(error_code(&app.exec(Some("gz_head"), set, json!({ "i": input })).await), "FORBIDDEN");
});
