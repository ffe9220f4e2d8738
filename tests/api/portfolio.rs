//! Working the portfolio: tasks, the scheduler, visit cadence, key moments, churn warnings and
//! the retention report, number grades and KPIs — each on both backends, with the clock moved.
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Utc};
use gecrm::{
    groups::{GroupStatus, ServiceTier},
    state::Lang,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::{
    archive::group,
    common::{TestApp, error_code},
    db_test,
    flow::{
        CONTRACT, JOB, Op, accepted_proposal, assign_installer, contract_act, iso, line, mutate, ok, paper_documents,
        pay_due, product_id, sent_contract, sh, signed_contract,
    },
};

const TASKS: &str = "query($k: TaskKind, $s: TaskStatus) { myTasks(kind: $k, status: $s, first: 100) { nodes { id kind title body greeting note dismissedReason status dueAt version isOverdue subjectType group { name } } } }";

async fn tasks(app: &TestApp, who: &str, kind: &str, status: &str) -> Vec<Value> {
    let d = app.data(Some(who), TASKS, json!({ "k": kind, "s": status })).await;
    d["myTasks"]["nodes"].as_array().unwrap().clone()
}

/// [`tasks`] as read in English (`Accept-Language: en`).
async fn tasks_en(app: &TestApp, who: &str, kind: &str, status: &str) -> Vec<Value> {
    let d = app.exec_with(Some(app.viewer(who)), Lang::En, TASKS, json!({ "k": kind, "s": status })).await;
    d["data"]["myTasks"]["nodes"].as_array().unwrap_or_else(|| panic!("{d:#}")).clone()
}

async fn run_job(app: &TestApp, job: &str) -> String {
    let runs = gecrm::jobs::run_all(&app.state, &[job.to_string()]).await.expect("job runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, gecrm::jobs::JobRunStatus::Succeeded, "{:?}", runs[0]);
    runs[0].summary.clone().unwrap_or_default()
}

fn db_id(global: &Value) -> i64 {
    use base64::Engine;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(global.as_str().unwrap()).unwrap();
    String::from_utf8(raw).unwrap().split_once(':').unwrap().1.parse().unwrap()
}

/// A group of gz_am1's made active with the given tier.
async fn active_group(app: &TestApp, name: &str, tier: ServiceTier) -> Value {
    let g = group(app, "gz_am1", name, None).await;
    let row = entity::customer_group::Entity::find_by_id(db_id(&g["id"])).one(&app.state.db).await.unwrap().unwrap();
    let mut m: entity::customer_group::ActiveModel = row.into();
    m.tier = Set(tier);
    m.status = Set(GroupStatus::Active);
    m.update(&app.state.db).await.unwrap();
    g
}

async fn visit(app: &TestApp, g: &Value, method: &str, ended: DateTime<Utc>) {
    let card = json!({ "method": method, "purpose": "ROUTINE", "startedAt": iso(ended - chrono::Duration::minutes(30)), "endedAt": iso(ended) });
    ok(
        app,
        "gz_am1",
        Op::mutation("logVisit").input("LogVisitInput").returns("visit", "id"),
        json!({ "groupId": g["id"], "card": card }),
    )
    .await;
}

const CADENCE: &str = "query { visitCadence { group { name } month callsRequired callsDone onsiteRequired onsiteDone onsitePeriod onsitePeriodStart onsitePeriodEnd compliant } }";

async fn cadence_of(app: &TestApp, who: &str, name: &str) -> Value {
    let d = app.data(Some(who), CADENCE, json!({})).await;
    d["visitCadence"].as_array().unwrap().iter().find(|c| c["group"]["name"] == name).cloned().unwrap_or(Value::Null)
}

db_test!(cadence_counts_calls_monthly_and_onsite_per_period_across_month_and_quarter_ends, |app| {
    app.clock.set(sh("2026-11-30T20:00:00"));
    let gold = active_group(&app, "越秀区财政局", ServiceTier::Gold).await;
    let silver = active_group(&app, "越秀区档案馆", ServiceTier::Silver).await;
    visit(&app, &gold, "PHONE", sh("2026-11-02T10:00:00")).await;
    visit(&app, &gold, "PHONE", sh("2026-11-30T19:00:00")).await;
    visit(&app, &gold, "ONSITE", sh("2026-11-15T10:00:00")).await;
    visit(&app, &silver, "PHONE", sh("2026-11-03T10:00:00")).await;
    visit(&app, &silver, "ONSITE", sh("2026-10-08T10:00:00")).await;
    let c = cadence_of(&app, "gz_am1", "越秀区财政局").await;
    assert_eq!(
        (c["callsDone"].as_i64(), c["onsiteDone"].as_i64(), c["compliant"].as_bool()),
        (Some(2), Some(1), Some(true)),
        "{c:#}"
    );
    let s = cadence_of(&app, "gz_am1", "越秀区档案馆").await;
    assert_eq!(s["onsitePeriod"], "QUARTER");
    assert_eq!(
        (s["onsitePeriodStart"].as_str(), s["onsitePeriodEnd"].as_str()),
        (Some("2026-10-01"), Some("2026-12-31"))
    );
    assert_eq!(s["compliant"], true, "{s:#}");
    // The head sees the department's groups too.
    assert_eq!(cadence_of(&app, "gz_head", "越秀区财政局").await["compliant"], true);
    assert!(cadence_of(&app, "sz_head", "越秀区财政局").await.is_null(), "another branch's head sees nothing");

    // Midnight in Beijing (16:00 UTC) starts December: the gold group owes everything again,
    // the silver group's October visit still counts for the quarter but its call does not.
    app.clock.set(sh("2026-12-01T00:30:00"));
    let c = cadence_of(&app, "gz_am1", "越秀区财政局").await;
    assert_eq!(
        (c["month"].as_str(), c["callsDone"].as_i64(), c["compliant"].as_bool()),
        (Some("2026-12"), Some(0), Some(false))
    );
    let s = cadence_of(&app, "gz_am1", "越秀区档案馆").await;
    assert_eq!(
        (s["callsDone"].as_i64(), s["onsiteDone"].as_i64(), s["compliant"].as_bool()),
        (Some(0), Some(1), Some(false))
    );

    // The rule makes one task per group behind, however often it runs.
    run_job(&app, "tasks.cadence").await;
    run_job(&app, "tasks.cadence").await;
    let due = tasks(&app, "gz_am1", "VISIT_DUE", "OPEN").await;
    let names: Vec<&str> = due.iter().map(|t| t["group"]["name"].as_str().unwrap()).collect();
    assert_eq!(names.iter().filter(|n| **n == "越秀区财政局").count(), 1, "{due:#?}");
    assert!(names.contains(&"越秀区档案馆"));
    let gold_task = due.iter().find(|t| t["group"]["name"] == "越秀区财政局").unwrap();
    assert!(gold_task["body"].as_str().unwrap().contains("电话 2 次"), "{gold_task:#}");
    assert_eq!(gold_task["dueAt"], iso(sh("2026-12-31T18:00:00")));

    // A call to the gold group: its task stays open and says at once what is still owed,
    // keeping its version so that the manager who saw the older text can still close it.
    visit(&app, &gold, "PHONE", sh("2026-12-01T00:10:00")).await;
    let after_call = tasks(&app, "gz_am1", "VISIT_DUE", "OPEN").await;
    let after_call = after_call.iter().find(|t| t["id"] == gold_task["id"]).expect("still open");
    let body = after_call["body"].as_str().unwrap();
    assert!(body.contains("电话 1 次") && body.contains("上门 1 次"), "{after_call:#}");
    assert_eq!(after_call["version"], gold_task["version"]);

    // Recording the silver group's call closes its task at once; the gold group still owes.
    visit(&app, &silver, "PHONE", sh("2026-12-01T00:20:00")).await;
    let open: Vec<String> = tasks(&app, "gz_am1", "VISIT_DUE", "OPEN")
        .await
        .iter()
        .map(|t| t["group"]["name"].as_str().unwrap().to_string())
        .collect();
    assert!(!open.contains(&"越秀区档案馆".to_string()) && open.contains(&"越秀区财政局".to_string()), "{open:?}");
    let done = tasks(&app, "gz_am1", "VISIT_DUE", "DONE").await;
    assert_eq!(done[0]["note"], gecrm::tasks::AUTO_CLOSED);

    // A new quarter: the October onsite visit no longer counts.
    app.clock.set(sh("2027-01-01T09:00:00"));
    let s = cadence_of(&app, "gz_am1", "越秀区档案馆").await;
    assert_eq!((s["onsiteDone"].as_i64(), s["onsitePeriodStart"].as_str()), (Some(0), Some("2027-01-01")));
});

async fn add_contact(app: &TestApp, g: &Value, name: &str, birthday: &str) {
    ok(app, "gz_am1", Op::mutation("createContact").input("CreateContactInput").returns("contact", "id"), json!({ "groupId": g["id"], "fields": { "name": name, "role": "DECISION_MAKER", "phones": ["13800138000"], "birthday": birthday } }))
    .await;
}

db_test!(key_moments_make_care_tasks_ahead_with_a_greeting, |app| {
    app.clock.set(sh("2027-02-20T08:00:00"));
    let g = active_group(&app, "海珠区教育局", ServiceTier::Silver).await;
    add_contact(&app, &g, "王局长", "1976-02-29").await;
    add_contact(&app, &g, "刘科长", "1980-01-02").await;
    // 2027 has no 29 February: the birthday is kept on the 28th, 8 days away — not yet.
    run_job(&app, "tasks.key_moments").await;
    assert!(
        tasks(&app, "gz_am1", "CARE", "OPEN").await.iter().all(|t| !t["title"].as_str().unwrap().contains("王局长"))
    );
    app.clock.set(sh("2027-02-21T08:00:00"));
    run_job(&app, "tasks.key_moments").await;
    run_job(&app, "tasks.key_moments").await;
    let care = tasks(&app, "gz_am1", "CARE", "OPEN").await;
    let wang: Vec<&Value> = care.iter().filter(|t| t["title"].as_str().unwrap().contains("王局长")).collect();
    assert_eq!(wang.len(), 1, "made once: {care:#?}");
    assert_eq!(wang[0]["dueAt"], iso(sh("2027-02-28T09:00:00")));
    assert!(wang[0]["greeting"].as_str().unwrap().contains("生日快乐"));
    assert_eq!(wang[0]["subjectType"], "Contact");

    // Across the year end: on 26 December the 2 January birthday is 7 days ahead.
    app.clock.set(sh("2027-12-25T08:00:00"));
    run_job(&app, "tasks.key_moments").await;
    assert!(
        tasks(&app, "gz_am1", "CARE", "OPEN").await.iter().all(|t| !t["title"].as_str().unwrap().contains("刘科长"))
    );
    app.clock.set(sh("2027-12-26T08:00:00"));
    run_job(&app, "tasks.key_moments").await;
    let liu: Vec<Value> = tasks(&app, "gz_am1", "CARE", "OPEN")
        .await
        .into_iter()
        .filter(|t| t["title"].as_str().unwrap().contains("刘科长"))
        .collect();
    assert_eq!(liu.len(), 1);
    assert_eq!(liu[0]["dueAt"], iso(sh("2028-01-02T09:00:00")));
});

db_test!(holidays_make_care_tasks_thirty_days_ahead_and_admins_edit_the_calendar, |app| {
    let g = active_group(&app, "番禺区卫健局", ServiceTier::Gold).await;
    let _ = g;
    // National Day 2027 starts on 1 October: 31 days before is too early, 30 days is in time.
    app.clock.set(sh("2027-08-31T09:00:00"));
    run_job(&app, "tasks.key_moments").await;
    let holiday = |t: &Value| t["title"].as_str().unwrap().starts_with("国庆节关怀");
    assert!(!tasks(&app, "gz_am1", "CARE", "OPEN").await.iter().any(holiday));
    app.clock.set(sh("2027-09-01T09:00:00"));
    run_job(&app, "tasks.key_moments").await;
    let care = tasks(&app, "gz_am1", "CARE", "OPEN").await;
    let national: Vec<&Value> = care.iter().filter(|t| holiday(t) && t["group"]["name"] == "番禺区卫健局").collect();
    assert_eq!(national.len(), 1, "{care:#?}");
    assert!(national[0]["greeting"].as_str().unwrap().contains("国庆"));
    assert_eq!(national[0]["dueAt"], iso(sh("2027-10-01T09:00:00")));

    // An admin makes a new care holiday; a manager may not.
    let set = "mutation($i: SetCalendarDayInput!) { setCalendarDay(input: $i) { calendarDay { day care name } userErrors { code } } }";
    let input = json!({ "i": { "day": "2027-09-25", "kind": "HOLIDAY", "name": "企业开放日", "care": true } });
    assert_eq!(error_code(&app.exec(Some("gz_am1"), set, input.clone()).await), "FORBIDDEN");
    let d = app.data(Some("admin"), set, input).await;
    assert_eq!(d["setCalendarDay"]["calendarDay"]["care"], true);
    run_job(&app, "tasks.key_moments").await;
    assert!(
        tasks(&app, "gz_am1", "CARE", "OPEN")
            .await
            .iter()
            .any(|t| t["title"].as_str().unwrap().starts_with("企业开放日关怀"))
    );
});

async fn member(app: &TestApp, g: &Value, name: &str, phone: &str) -> i64 {
    let d = ok(
        app,
        "gz_am1",
        Op::mutation("createMember").input("CreateMemberInput").returns("member", "id"),
        json!({ "groupId": g["id"], "fields": { "name": name, "phone": phone } }),
    )
    .await;
    db_id(&d["id"])
}

async fn revenue(app: &TestApp, group: i64, member: i64, month: &str, amount: &str) {
    entity::member_revenue::ActiveModel {
        member_id: Set(member),
        group_id: Set(group),
        month: Set(month.into()),
        amount: Set(amount.parse().unwrap()),
        recorded_at: Set(app.clock_now()),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
}

db_test!(churn_warnings_fire_strictly_beyond_thirty_and_ten_percent, |app| {
    app.clock.set(sh("2026-11-05T09:00:00"));
    let g = active_group(&app, "白云区交通局", ServiceTier::Gold).await;
    let gid = db_id(&g["id"]);
    let at = member(&app, &g, "张三", "13800000001").await;
    let below = member(&app, &g, "李四", "13800000002").await;
    let above = member(&app, &g, "王五", "13800000003").await;
    for (m, oct) in [(at, "70.00"), (below, "69.99"), (above, "70.01")] {
        revenue(&app, gid, m, "2026-09", "100.00").await;
        revenue(&app, gid, m, "2026-10", oct).await;
    }
    run_job(&app, "tasks.churn").await;
    run_job(&app, "tasks.churn").await;
    let w = tasks(&app, "gz_am1", "CHURN_WARNING", "OPEN").await;
    assert_eq!(w.len(), 1, "only the fall beyond 30 % warns, once: {w:#?}");
    assert!(w[0]["title"].as_str().unwrap().contains("李四"));
    assert!(w[0]["body"].as_str().unwrap().contains("30.01%"), "{w:#?}");

    // The group: baseline September 300.00; October 210.00 is a 30 % fall → warning and AT_RISK.
    let set = "mutation($i: SetGroupBaselineInput!) { setGroupBaseline(input: $i) { group { baselineMonth status version } userErrors { field code } } }";
    let future = app
        .data(Some("gz_am1"), set, json!({ "i": { "groupId": g["id"], "expectedVersion": 1, "month": "2026-12" } }))
        .await;
    assert_eq!(future["setGroupBaseline"]["userErrors"][0]["code"], "INVALID");
    let d = app
        .data(Some("gz_am1"), set, json!({ "i": { "groupId": g["id"], "expectedVersion": 1, "month": "2026-09" } }))
        .await;
    assert_eq!(d["setGroupBaseline"]["group"]["baselineMonth"], "2026-09", "{d:#}");
    run_job(&app, "tasks.churn").await;
    let q = "query($id: ID!) { group(id: $id) { status retentionReport { baselineMonth currentMonth baselineMembers baselineRevenue currentMembers currentRevenue activeCount revenueLossPercent numberLossPercent fallingMembers { member { name } dropPercent } version csv } } }";
    let r = app.data(Some("gz_am1"), q, json!({ "id": g["id"] })).await;
    assert_eq!(r["group"]["status"], "AT_RISK");
    let rep = &r["group"]["retentionReport"];
    assert_eq!((rep["baselineRevenue"].as_str(), rep["currentRevenue"].as_str()), (Some("300.00"), Some("210.00")));
    assert_eq!(rep["revenueLossPercent"], "30.00");
    assert_eq!(rep["currentMonth"], "2026-10");
    // The trend an approver sees: six months up to the latest recorded, months without records at zero.
    let trend = app
        .data(
            Some("gz_am1"),
            "query($id: ID!) { group(id: $id) { revenueTrend { month revenue payingMembers arpu } } }",
            json!({ "id": g["id"] }),
        )
        .await;
    let trend = trend["group"]["revenueTrend"].as_array().unwrap().clone();
    let months: Vec<&str> = trend.iter().map(|m| m["month"].as_str().unwrap()).collect();
    assert_eq!(months, ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]);
    assert_eq!(trend[0], json!({ "month": "2026-05", "revenue": "0.00", "payingMembers": 0, "arpu": null }));
    assert_eq!(trend[4], json!({ "month": "2026-09", "revenue": "300.00", "payingMembers": 3, "arpu": "100.00" }));
    assert_eq!(trend[5], json!({ "month": "2026-10", "revenue": "210.00", "payingMembers": 3, "arpu": "70.00" }));
    let falling: Vec<&str> =
        rep["fallingMembers"].as_array().unwrap().iter().map(|f| f["member"]["name"].as_str().unwrap()).collect();
    assert_eq!(falling, vec!["李四", "张三", "王五"]);
    let csv = rep["csv"].as_str().unwrap();
    assert!(csv.contains("收入流失率（%）,30.00") && csv.contains("李四,13800000002,100.00,69.99,30.01"), "{csv}");
    let group_warning = tasks(&app, "gz_am1", "CHURN_WARNING", "OPEN").await;
    assert_eq!(group_warning.len(), 2);

    // Causes, measures and outcome are saved with a version; a stale save is a conflict.
    let upd = "mutation($i: UpdateRetentionReportInput!) { updateRetentionReport(input: $i) { report { causes measures outcome version } userErrors { code } } }";
    let saved = app.data(Some("gz_am1"), upd, json!({ "i": { "groupId": g["id"], "expectedVersion": 0, "causes": "异网低价竞争", "measures": "推出融合套餐", "outcome": "挽回 2 户" } })).await;
    assert_eq!(saved["updateRetentionReport"]["report"]["version"], 1);
    let stale = app
        .exec(Some("gz_am1"), upd, json!({ "i": { "groupId": g["id"], "expectedVersion": 0, "causes": "x" } }))
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    let r = app.data(Some("gz_am1"), q, json!({ "id": g["id"] })).await;
    assert!(r["group"]["retentionReport"]["csv"].as_str().unwrap().contains("保有措施,推出融合套餐"));
    // Headed in the reader's language; the figures and the manager's text as they are.
    let en = app.exec_with(Some(app.viewer("gz_am1")), Lang::En, q, json!({ "id": g["id"] })).await;
    let csv = en["data"]["group"]["retentionReport"]["csv"].as_str().unwrap();
    assert!(csv.starts_with("Group retention report,"), "{csv}");
    assert!(csv.contains("Revenue loss (%),30.00") && csv.contains("Measures,推出融合套餐"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("Active,")) && !csv.contains("在网"), "{csv}");
    // Another branch sees neither the group nor its warnings.
    let other = app.data(Some("sz_head"), "query { churnWarnings { nodes { id } } }", json!({})).await;
    assert_eq!(other["churnWarnings"]["nodes"], json!([]));
    let own = app
        .data(Some("gz_head"), "query { churnWarnings { nodes { kind dropPercent member { name } } } }", json!({}))
        .await;
    assert_eq!(own["churnWarnings"]["nodes"].as_array().unwrap().len(), 2);
});

db_test!(tasks_are_closed_by_their_person_with_a_note_or_a_reason, |app| {
    app.clock.set(sh("2026-12-01T09:00:00"));
    active_group(&app, "荔湾区民政局", ServiceTier::Gold).await;
    run_job(&app, "tasks.cadence").await;
    let t = tasks(&app, "gz_am1", "VISIT_DUE", "OPEN")
        .await
        .into_iter()
        .find(|t| t["group"]["name"] == "荔湾区民政局")
        .unwrap();
    let dismiss = "mutation($i: DismissTaskInput!) { dismissTask(input: $i) { task { status dismissedReason version } userErrors { field code } } }";
    let empty = app
        .data(
            Some("gz_am1"),
            dismiss,
            json!({ "i": { "id": t["id"], "expectedVersion": t["version"], "reason": " " } }),
        )
        .await;
    assert_eq!(empty["dismissTask"]["userErrors"][0]["field"], json!(["input", "reason"]));
    let other = app
        .exec(
            Some("gz_am2"),
            dismiss,
            json!({ "i": { "id": t["id"], "expectedVersion": t["version"], "reason": "不是我的" } }),
        )
        .await;
    assert_eq!(error_code(&other), "NOT_FOUND");
    let d = app.data(Some("gz_am1"), dismiss, json!({ "i": { "id": t["id"], "expectedVersion": t["version"], "reason": "集团本月搬迁，已与主任约定下月上门" } })).await;
    assert_eq!(d["dismissTask"]["task"]["status"], "DISMISSED");
    // A dismissed task is not made again by the next run.
    run_job(&app, "tasks.cadence").await;
    assert!(tasks(&app, "gz_am1", "VISIT_DUE", "OPEN").await.iter().all(|x| x["group"]["name"] != "荔湾区民政局"));
    let counts = app.data(Some("gz_am1"), "query { taskCounts { kind open overdue } }", json!({})).await;
    assert_eq!(counts["taskCounts"].as_array().unwrap().len(), gecrm::tasks::TaskKind::ALL.len(), "every kind counted");
});

static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST: AtomicUsize = AtomicUsize::new(0);
static RAN: AtomicUsize = AtomicUsize::new(0);

fn slow_job(_: &gecrm::AppState) -> gecrm::jobs::JobFuture<'_> {
    Box::pin(async {
        let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        MOST.fetch_max(now, Ordering::SeqCst);
        RAN.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        Ok(gecrm::jobs::Summary::KeyMoments { moments: 0, made: 0 })
    })
}

static SLOW: gecrm::jobs::JobDef = gecrm::jobs::JobDef {
    name: "test.slow",
    label_zh: "测试",
    label_en: "test",
    every: std::time::Duration::from_secs(60),
    run: slow_job,
};

db_test!(two_scheduler_instances_never_run_one_job_at_once_and_runs_are_kept, |app| {
    MOST.store(0, Ordering::SeqCst);
    RAN.store(0, Ordering::SeqCst);
    // Two server processes (two holders, two connections' worth of racing) start the same job.
    let (a, b) = tokio::join!(
        gecrm::jobs::run(&app.state, &SLOW, "server-a", false),
        gecrm::jobs::run(&app.state, &SLOW, "server-b", false)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(MOST.load(Ordering::SeqCst), 1, "never two at once");
    assert_eq!(a.is_some() as u8 + b.is_some() as u8, 1, "exactly one ran: {a:?} {b:?}");
    // The lease is released: a later run goes ahead.
    assert!(gecrm::jobs::run(&app.state, &SLOW, "server-b", false).await.unwrap().is_some());
    assert_eq!(RAN.load(Ordering::SeqCst), 2);

    // Admins see the jobs and their runs; others may not.
    run_job(&app, "pipeline.sweep").await;
    let q = "query { scheduledJobs { name everySeconds lastRun { status summary } } jobRuns(first: 10) { nodes { job status holder } } }";
    let d = app.data(Some("admin"), q, json!({})).await;
    let sweep = d["scheduledJobs"].as_array().unwrap().iter().find(|j| j["name"] == "pipeline.sweep").unwrap();
    assert_eq!(sweep["lastRun"]["status"], "SUCCEEDED");
    assert!(d["jobRuns"]["nodes"].as_array().unwrap().iter().any(|r| r["job"] == "test.slow"));
    assert_eq!(error_code(&app.exec(Some("gz_head"), q, json!({})).await), "FORBIDDEN");
    let bad = app
        .data(
            Some("admin"),
            "mutation { runJob(input: {name: \"nope\"}) { run { id } userErrors { field code } } }",
            json!({}),
        )
        .await;
    assert_eq!(bad["runJob"]["userErrors"][0]["code"], "INVALID");
    let now = app
        .data(
            Some("admin"),
            "mutation { runJob(input: {name: \"tasks.workflow\"}) { run { status summary } userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(now["runJob"]["run"]["status"], "SUCCEEDED");
    assert!(now["runJob"]["run"]["summary"].as_str().unwrap().starts_with("合同资料待补 新建 "), "{now:#}");
    // The run history in English says the same in English.
    let q = "query { scheduledJobs { name lastRun { summary } } }";
    let en = app.exec_with(Some(app.viewer("admin")), Lang::En, q, json!({})).await;
    let workflow =
        en["data"]["scheduledJobs"].as_array().unwrap().iter().find(|j| j["name"] == "tasks.workflow").unwrap();
    assert!(workflow["lastRun"]["summary"].as_str().unwrap().starts_with("missing documents: "), "{en:#}");
});

// A task keeps what it says as parameters, so it reads in the reader's language. A task made
// before the upgrade that introduced this keeps its Chinese text; an open one the rules keep
// up to date gets its parameters at the rule's next run.
db_test!(task_texts_follow_the_readers_language_across_the_upgrade, |app| {
    use migration::{Migrator, MigratorTrait};
    app.clock.set(sh("2026-11-23T10:00:00"));
    let g = group(&app, "gz_am1", "天河区统计局", None).await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let c = signed_contract(&app, g["id"].as_str().unwrap(), vec![line(&sms, 1, 12, None)]).await;
    run_job(&app, "tasks.workflow").await;
    let number = c["number"].as_str().unwrap();
    let en = tasks_en(&app, "gz_am1", "DOCUMENT_MISSING", "OPEN").await;
    assert_eq!(en[0]["title"], format!("Contract {number}: documents to collect (5)"), "{en:#?}");
    assert!(en[0]["body"].as_str().unwrap().starts_with("Missing: "), "{en:#?}");
    let zh = tasks(&app, "gz_am1", "DOCUMENT_MISSING", "OPEN").await;
    assert_eq!(zh[0]["title"], format!("合同 {number} 资料待补（5 项）"));

    // As if made before the upgrade: the stored Chinese text, in English too.
    app.roll_back_to_before("m20261206_000008_server_texts").await;
    Migrator::up(&app.state.db, None).await.expect("upgrade");
    let before = tasks_en(&app, "gz_am1", "DOCUMENT_MISSING", "OPEN").await;
    assert_eq!(before[0]["title"], format!("合同 {number} 资料待补（5 项）"));
    // The rule's next run brings the open task up to date, words included.
    run_job(&app, "tasks.workflow").await;
    let after = tasks_en(&app, "gz_am1", "DOCUMENT_MISSING", "OPEN").await;
    assert_eq!(after[0]["title"], format!("Contract {number}: documents to collect (5)"));
    assert_eq!(after[0]["id"], before[0]["id"], "the same task");
});

db_test!(number_grades_follow_rule_10_and_graded_numbers_wait_for_approval, |app| {
    let q = "query($n: String!) { numberGrade(number: $n) { number subscriberNumber grade pattern prestore monthlyMinimum approvalRole } }";
    let a = app.data(Some("gz_am1"), q, json!({ "n": "020-8765 8888" })).await["numberGrade"].clone();
    assert_eq!(
        (a["grade"].as_str(), a["pattern"].as_str(), a["approvalRole"].as_str()),
        (Some("A"), Some("XXXXAAAA"), Some("GENERAL_MANAGER"))
    );
    assert_eq!(
        (a["prestore"].as_str(), a["monthlyMinimum"].as_str(), a["number"].as_str()),
        (Some("3600.00"), Some("300.00"), Some("020-87658888"))
    );
    let b = app.data(Some("gz_am1"), q, json!({ "n": "3451234" })).await["numberGrade"].clone();
    assert_eq!((b["grade"].as_str(), b["approvalRole"].as_str()), (Some("B"), Some("BRANCH_MANAGER")));
    let d = app.data(Some("gz_am1"), q, json!({ "n": "3851627" })).await["numberGrade"].clone();
    assert_eq!(
        (d["grade"].as_str(), d["prestore"].as_str(), d["approvalRole"].as_str()),
        (Some("D"), Some("0.00"), None)
    );
    let bad = app.exec(Some("gz_am1"), q, json!({ "n": "12ab" })).await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");

    // An active contract's job.
    app.clock.set(sh("2026-11-23T10:00:00"));
    let g = group(&app, "gz_am1", "天河区税务局", None).await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let p = accepted_proposal(&app, g["id"].as_str().unwrap(), vec![line(&sms, 2, 12, None)]).await;
    let c = sent_contract(&app, &p).await;
    let c = ok(&app, "gz_am1", Op::mutation("signContract").input("SignContractInput").returns("contract", CONTRACT), json!({ "id": c["id"], "expectedVersion": c["version"], "customerSigner": "陈科长", "termStart": "2026-12-01" })).await;
    // Signed without documents: the workflow rule asks for them, and activation closes the task.
    run_job(&app, "tasks.workflow").await;
    assert_eq!(tasks(&app, "gz_am1", "DOCUMENT_MISSING", "OPEN").await.len(), 1);
    let c = paper_documents(&app, c).await;
    // The next run says what is still missing: only the payment.
    run_job(&app, "tasks.workflow").await;
    let missing = tasks(&app, "gz_am1", "DOCUMENT_MISSING", "OPEN").await;
    assert_eq!(missing[0]["body"], "缺少：缴费凭证", "{missing:#?}");
    assert!(missing[0]["title"].as_str().unwrap().ends_with("资料待补（1 项）"), "{missing:#?}");
    let c = pay_due(&app, &c, "PZ-9").await;
    let c = contract_act(&app, "gz_am1", "activateContract", &c).await["contract"].clone();
    assert_eq!(c["status"], "ACTIVE");
    assert_eq!(tasks(&app, "gz_am1", "DOCUMENT_MISSING", "OPEN").await.len(), 0);
    let j = ok(&app, "gz_am1", Op::mutation("createInstallationJob").input("CreateJobInput").returns("job", JOB), json!({ "contractId": c["id"], "siteAddress": "天河路 1 号", "sitePhone": "13812345678", "lines": [{ "position": 1, "quantity": 1 }] })).await;

    let sel = "mutation($i: SelectJobNumberInput!) { selectJobNumber(input: $i) { job { id version number numberGrade numberStatus numberRequest { id kind status requestedNumber numberGrade numberTerms { pattern prestore monthlyMinimum } steps { role status } } } userErrors { field code } } }";
    let no_reason = app
        .data(
            Some("gz_am1"),
            sel,
            json!({ "i": { "id": j["id"], "expectedVersion": j["version"], "number": "020-8765 8888" } }),
        )
        .await;
    assert_eq!(no_reason["selectJobNumber"]["userErrors"][0]["field"], json!(["input", "justification"]));
    let by_installer = app
        .exec(
            Some("gz_installer"),
            sel,
            json!({ "i": { "id": j["id"], "expectedVersion": j["version"], "number": "3851627" } }),
        )
        .await;
    assert_eq!(error_code(&by_installer), "NOT_FOUND");
    let d = app.data(Some("gz_am1"), sel, json!({ "i": { "id": j["id"], "expectedVersion": j["version"], "number": "020-8765 8888", "justification": "客户指定吉祥号" } })).await;
    let job = d["selectJobNumber"]["job"].clone();
    assert_eq!(
        (job["numberGrade"].as_str(), job["numberStatus"].as_str()),
        (Some("A"), Some("PENDING_APPROVAL")),
        "{d:#}"
    );
    let req = job["numberRequest"].clone();
    assert_eq!(req["kind"], "NUMBER_GRADE");
    let roles: Vec<&str> = req["steps"].as_array().unwrap().iter().map(|s| s["role"].as_str().unwrap()).collect();
    assert_eq!(roles, vec!["DEPARTMENT_HEAD", "BRANCH_MANAGER", "GENERAL_MANAGER"]);
    let asked = json!({ "pattern": "XXXXAAAA", "prestore": "3600.00", "monthlyMinimum": "300.00" });
    assert_eq!(req["numberTerms"], asked);
    // The approvers weigh the terms as they were asked for: a later change of the settings
    // changes new numbers' terms, not this request's.
    let set = "mutation { updateSetting(input: {key: \"number.grade_a.prestore\", value: \"5000\", expectedVersion: 1}) { setting { value } userErrors { code } } }";
    assert_eq!(app.data(Some("admin"), set, json!({})).await["updateSetting"]["userErrors"], json!([]));
    let now = app.data(Some("gz_am1"), q, json!({ "n": "020-8765 8888" })).await["numberGrade"].clone();
    assert_eq!(now["prestore"], "5000.00");
    let terms = "query($id: ID!) { node(id: $id) { ... on ApprovalRequest { numberTerms { pattern prestore monthlyMinimum } } } }";
    let kept = app.data(Some("gz_head"), terms, json!({ "id": req["id"] })).await;
    assert_eq!(kept["node"]["numberTerms"], asked, "{kept:#}");

    // Work cannot start before approval.
    let j = assign_installer(&app, &job).await;
    let j = mutate(
        &app,
        "gz_installer",
        Op::mutation("acceptJob").input("VersionedIdInput").returns("job", JOB),
        json!({ "id": j["id"], "expectedVersion": j["version"] }),
    )
    .await["job"]
        .clone();
    let j = mutate(
        &app,
        "gz_installer",
        Op::mutation("scheduleJob").input("ScheduleJobInput").returns("job", JOB),
        json!({ "id": j["id"], "expectedVersion": j["version"], "scheduledOn": "2026-11-25" }),
    )
    .await["job"]
        .clone();
    let refused = mutate(
        &app,
        "gz_installer",
        Op::mutation("startJob").input("VersionedIdInput").returns("job", JOB),
        json!({ "id": j["id"], "expectedVersion": j["version"] }),
    )
    .await;
    assert_eq!(refused["userErrors"][0]["code"], "PRECONDITION_FAILED", "{refused:#}");
    let decide = "mutation($i: DecideStepInput!) { approveStep(input: $i) { request { status } userErrors { code } } }";
    for who in ["gz_head", "gz_branch", "gm"] {
        let d = app.data(Some(who), decide, json!({ "i": { "requestId": req["id"], "comment": "同意" } })).await;
        assert_eq!(d["approveStep"]["userErrors"], json!([]), "{who}: {d:#}");
    }
    let j = app
        .data(
            Some("gz_installer"),
            "query($id: ID!) { node(id: $id) { ... on InstallationJob { id version numberStatus } } }",
            json!({ "id": j["id"] }),
        )
        .await["node"]
        .clone();
    assert_eq!(j["numberStatus"], "APPROVED");
    // The last approver's audit row holds the whole request and the step acted on.
    let decided = crate::flow::last_audit(&app, "ApprovalRequest").await;
    let after = decided.after.as_ref().unwrap();
    assert_eq!((after["status"].as_str(), after["step"].as_i64()), (Some("APPROVED"), Some(3)), "{decided:?}");
    assert_eq!(after["comment"], "同意");
    assert_eq!(after["requestedNumber"], decided.before.as_ref().unwrap()["requestedNumber"]);
    assert!(after["requestedNumber"].is_string(), "{decided:?}");
    // The job's own audit row records the verdict, before and after.
    let audit = crate::flow::last_audit(&app, "InstallationJob").await;
    assert_eq!(audit.action, "installation_job.number_decided");
    assert_eq!(audit.before.as_ref().unwrap()["numberStatus"], "PENDING_APPROVAL", "{audit:?}");
    assert_eq!(audit.after.as_ref().unwrap()["numberStatus"], "APPROVED", "{audit:?}");
    assert_eq!(audit.after.as_ref().unwrap()["version"], j["version"], "{audit:?}");
    let started = mutate(
        &app,
        "gz_installer",
        Op::mutation("startJob").input("VersionedIdInput").returns("job", JOB),
        json!({ "id": j["id"], "expectedVersion": j["version"] }),
    )
    .await;
    assert_eq!(started["userErrors"], json!([]), "{started:#}");
});

db_test!(kpis_match_a_hand_computed_month_and_respect_scope, |app| {
    // March 2027 has 23 working days (no holidays in the calendar for it).
    app.clock.set(sh("2027-03-10T09:00:00"));
    let g1 = active_group(&app, "从化区农业局", ServiceTier::Gold).await;
    let g2 = active_group(&app, "增城区水务局", ServiceTier::Silver).await;
    app.clock.set(sh("2027-04-01T09:00:00"));
    visit(&app, &g1, "ONSITE", sh("2027-03-02T10:00:00")).await;
    visit(&app, &g1, "PHONE", sh("2027-03-03T10:00:00")).await;
    visit(&app, &g1, "PHONE", sh("2027-03-31T23:30:00")).await;
    visit(&app, &g2, "PHONE", sh("2027-02-28T23:30:00")).await; // February in Beijing
    visit(&app, &g2, "SMS", sh("2027-03-15T10:00:00")).await;
    // Retention: baseline February; of three high/mid members one is closed, one fell under ¥50
    // for three months, one kept up; a low-value member does not count.
    let gid = db_id(&g1["id"]);
    let set = "mutation($i: SetGroupBaselineInput!) { setGroupBaseline(input: $i) { userErrors { code } } }";
    app.data(Some("gz_am1"), set, json!({ "i": { "groupId": g1["id"], "expectedVersion": 1, "month": "2026-12" } }))
        .await;
    let kept = member(&app, &g1, "甲", "13900000001").await;
    let closed = member(&app, &g1, "乙", "13900000002").await;
    let low = member(&app, &g1, "丙", "13900000003").await;
    let small = member(&app, &g1, "丁", "13900000004").await;
    for (m, base, later) in
        [(kept, "80.00", "75.00"), (closed, "65.00", "65.00"), (low, "40.00", "49.99"), (small, "20.00", "5.00")]
    {
        revenue(&app, gid, m, "2026-12", base).await;
        for mo in ["2027-01", "2027-02", "2027-03"] {
            revenue(&app, gid, m, mo, later).await;
        }
    }
    entity::member::Entity::update_many()
        .col_expr(entity::member::Column::Status, sea_orm::sea_query::Expr::value("CLOSED"))
        .filter(entity::member::Column::Id.eq(closed))
        .exec(&app.state.db)
        .await
        .unwrap();

    let q = "query($m: String!, $o: ID) { kpis(month: $m, ownerId: $o) { month user { username } visits calls workingDays visitsPerWorkingDay portfolio groupsVisited newGroups visitsByMethod { method count } retentionBaseline retentionLost retentionPercent onTimePercent winPercent } }";
    let k = app.data(Some("gz_am1"), q, json!({ "m": "2027-03" })).await["kpis"].clone();
    assert_eq!(k["user"]["username"], "gz_am1");
    assert_eq!(
        (k["visits"].as_i64(), k["calls"].as_i64(), k["groupsVisited"].as_i64()),
        (Some(4), Some(2), Some(2)),
        "{k:#}"
    );
    assert_eq!((k["workingDays"].as_i64(), k["visitsPerWorkingDay"].as_str()), (Some(23), Some("0.17")));
    assert_eq!(k["newGroups"], 2);
    let sms = k["visitsByMethod"].as_array().unwrap().iter().find(|m| m["method"] == "SMS").unwrap();
    assert_eq!(sms["count"], 1);
    assert_eq!(
        (k["retentionBaseline"].as_i64(), k["retentionLost"].as_i64(), k["retentionPercent"].as_str()),
        (Some(3), Some(2), Some("33.33"))
    );
    assert!(k["onTimePercent"].is_null() && k["winPercent"].is_null());

    // Scope: a manager cannot read a colleague's; the head can, and gets the team.
    let am2 = crate::archive::user_id(&app, "gz_am2");
    assert_eq!(error_code(&app.exec(Some("gz_am1"), q, json!({ "m": "2027-03", "o": am2 })).await), "NOT_FOUND");
    let am1 = crate::archive::user_id(&app, "gz_am1");
    let by_head = app.data(Some("gz_head"), q, json!({ "m": "2027-03", "o": am1 })).await;
    assert_eq!(by_head["kpis"]["visits"], 4);
    assert_eq!(error_code(&app.exec(Some("sz_head"), q, json!({ "m": "2027-03", "o": am1 })).await), "NOT_FOUND");
    let team = app
        .data(Some("gz_head"), "query { teamKpis(month: \"2027-03\") { user { username } visits } }", json!({}))
        .await;
    let rows = team["teamKpis"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["user"]["username"] == "gz_am1" && r["visits"] == 4), "{team:#}");
    assert!(rows.iter().all(|r| !r["user"]["username"].as_str().unwrap().starts_with("sz_")));
    let trend = app
        .data(Some("gz_am1"), "query { kpiTrend(endMonth: \"2027-03\", months: 2) { month visits } }", json!({}))
        .await;
    assert_eq!(trend["kpiTrend"], json!([{ "month": "2027-02", "visits": 1 }, { "month": "2027-03", "visits": 4 }]));
});

// The month in progress has no revenue yet: a member billed ¥90 in September and ¥40 in October
// and November is still a customer in December (September counts), and lost once December's ¥40
// is billed and the month complete.
db_test!(retention_judges_only_complete_months, |app| {
    app.clock.set(sh("2027-08-10T09:00:00"));
    let g = active_group(&app, "花都区教育局", ServiceTier::Gold).await;
    let set = "mutation($i: SetGroupBaselineInput!) { setGroupBaseline(input: $i) { userErrors { code } } }";
    app.data(Some("gz_am1"), set, json!({ "i": { "groupId": g["id"], "expectedVersion": 1, "month": "2027-07" } }))
        .await;
    let m = member(&app, &g, "甲", "13900000011").await;
    let gid = db_id(&g["id"]);
    for (month, amount) in
        [("2027-07", "90.00"), ("2027-08", "90.00"), ("2027-09", "90.00"), ("2027-10", "40.00"), ("2027-11", "40.00")]
    {
        revenue(&app, gid, m, month, amount).await;
    }
    let q = "query($m: String!) { kpis(month: $m) { retentionBaseline retentionLost } }";
    let figures = |k: &Value| (k["kpis"]["retentionBaseline"].as_i64(), k["kpis"]["retentionLost"].as_i64());
    app.clock.set(sh("2027-12-15T09:00:00"));
    assert_eq!(figures(&app.data(Some("gz_am1"), q, json!({ "m": "2027-12" })).await), (Some(1), Some(0)));
    revenue(&app, gid, m, "2027-12", "40.00").await;
    app.clock.set(sh("2028-01-05T09:00:00"));
    assert_eq!(figures(&app.data(Some("gz_am1"), q, json!({ "m": "2027-12" })).await), (Some(1), Some(1)));
});

db_test!(demo_data_gives_the_manager_care_and_churn_tasks_once_the_rules_run, |app| {
    gecrm::seed::demo_archive(&app.state.db, app.clock_now()).await.unwrap();
    assert!(gecrm::seed::demo_pipeline(&app.state).await.unwrap());
    assert!(gecrm::seed::demo_portfolio(&app.state).await.unwrap());
    assert!(!gecrm::seed::demo_portfolio(&app.state).await.unwrap(), "loaded once");
    run_job(&app, "tasks.key_moments").await;
    run_job(&app, "tasks.churn").await;

    let care = tasks(&app, "gz_am1", "CARE", "OPEN").await;
    // Other demo contacts' birthdays may fall within the month ahead too, depending on the date.
    let birthday = care
        .iter()
        .find(|t| t["title"].as_str().unwrap().starts_with("生日关怀") && t["group"]["name"] == "广州越秀区教育局")
        .unwrap_or_else(|| panic!("a birthday task for the seeded contact: {care:#?}"));
    assert!(birthday["greeting"].as_str().is_some_and(|g| g.contains("生日")), "{birthday}");

    let warnings = tasks(&app, "gz_am1", "CHURN_WARNING", "OPEN").await;
    let titles: Vec<&str> = warnings.iter().map(|t| t["title"].as_str().unwrap()).collect();
    assert_eq!(titles.iter().filter(|t| t.contains("成员")).count(), 3, "{titles:?}");
    assert_eq!(titles.iter().filter(|t| t.contains("集团收入较拍照月下降")).count(), 1, "{titles:?}");
    // Money in the text as money: to the fen.
    let member = warnings.iter().find(|t| t["title"].as_str().unwrap().contains("成员")).unwrap();
    assert!(member["body"].as_str().unwrap().contains("收入 ¥82.50，"), "{member}");
    assert!(member["body"].as_str().unwrap().contains("收入 ¥41.00，"), "{member}");

    // The same tasks read in English: the server writes them out in the reader's language,
    // names and figures unchanged.
    let care_en = tasks_en(&app, "gz_am1", "CARE", "OPEN").await;
    let birthday_en = care_en.iter().find(|t| t["id"] == birthday["id"]).unwrap();
    let title = birthday_en["title"].as_str().unwrap();
    assert!(title.starts_with("Birthday: ") && title.ends_with("广州越秀区教育局"), "{birthday_en}");
    assert!(birthday_en["greeting"].as_str().unwrap().contains("happy birthday"), "{birthday_en}");
    assert!(birthday_en["body"].as_str().unwrap().starts_with("Date: "), "{birthday_en}");
    let warnings_en = tasks_en(&app, "gz_am1", "CHURN_WARNING", "OPEN").await;
    let member_en = warnings_en.iter().find(|t| t["id"] == member["id"]).unwrap();
    assert!(
        member_en["title"].as_str().unwrap().starts_with("Churn warning: 广州越秀区教育局, member "),
        "{member_en}"
    );
    assert!(member_en["body"].as_str().unwrap().contains("Revenue ¥82.50 in "), "{member_en}");
    assert!(!warnings_en.iter().any(|t| t["title"].as_str().unwrap().contains("预警")), "{warnings_en:#?}");
    let groups = app.data(Some("gz_am1"), "{ groups(first: 50) { nodes { name status } } }", json!({})).await;
    let g =
        groups["groups"]["nodes"].as_array().unwrap().iter().find(|g| g["name"] == "广州越秀区教育局").unwrap().clone();
    assert_eq!(g["status"], "AT_RISK");
});

db_test!(team_rows_are_each_managers_own_figures, |app| {
    gecrm::seed::demo_archive(&app.state.db, app.clock_now()).await.unwrap();
    assert!(gecrm::seed::demo_pipeline(&app.state).await.unwrap());
    assert!(gecrm::seed::demo_portfolio(&app.state).await.unwrap());
    // The demo's installation job, confirmed this month (counted for its group's manager).
    let confirmed = entity::installation_job::Entity::update_many()
        .col_expr(entity::installation_job::Column::ConfirmedAt, sea_orm::sea_query::Expr::value(app.clock_now()))
        .exec(&app.state.db)
        .await
        .unwrap();
    assert!(confirmed.rows_affected >= 1);
    const FIELDS: &str = "month user { username } visits calls workingDays visitsPerWorkingDay portfolio groupsVisited newGroups visitsByMethod { method count } proposalsDue proposalsOnTime onTimePercent approvalsDecided medianApprovalHours proposalsDecided proposalsWon winPercent pipeline { stage count value } installsConfirmed retentionBaseline retentionLost retentionPercent";
    let now = app.clock_now() + chrono::Duration::hours(8);
    let months = [now.format("%Y-%m").to_string(), (now - chrono::Duration::days(31)).format("%Y-%m").to_string()];
    let mut seen = 0;
    for month in months {
        // The whole company's managers in one request, each row as the manager's own query says.
        let team = app
            .data(
                Some("gm"),
                &format!("query($m: String!) {{ teamKpis(month: $m) {{ {FIELDS} }} }}"),
                json!({ "m": month }),
            )
            .await;
        let rows = team["teamKpis"].as_array().unwrap();
        assert!(rows.len() >= 3, "{team:#}");
        for row in rows {
            let id = crate::archive::user_id(&app, row["user"]["username"].as_str().unwrap());
            let own = app
                .data(
                    Some("gm"),
                    &format!("query($m: String!, $o: ID) {{ kpis(month: $m, ownerId: $o) {{ {FIELDS} }} }}"),
                    json!({ "m": month, "o": id }),
                )
                .await;
            assert_eq!(row, &own["kpis"], "{month}");
            let busy = row["portfolio"].as_i64().unwrap() > 0
                && row["pipeline"].as_array().unwrap().iter().any(|s| s["count"].as_i64().unwrap() > 0);
            seen += busy as usize;
        }
    }
    assert!(seen > 0, "the demo gives some manager a portfolio and open deals to compare");
    // gz_am1's demo group has a baseline month and falling revenue: the team row counts it.
    let team = app
        .data(
            Some("gz_head"),
            &format!("query($m: String!) {{ teamKpis(month: $m) {{ {FIELDS} }} }}"),
            json!({ "m": now.format("%Y-%m").to_string() }),
        )
        .await;
    let am1 = team["teamKpis"].as_array().unwrap().iter().find(|r| r["user"]["username"] == "gz_am1").unwrap().clone();
    assert!(am1["retentionBaseline"].as_i64().unwrap() > 0, "{am1:#}");
    assert_eq!(am1["installsConfirmed"].as_i64(), Some(confirmed.rows_affected as i64), "{am1:#}");
    // The head's own figures are the department's (its groups, wherever their manager is): in
    // the demo every group of the department is owned by one of its managers.
    let dept = app
        .data(
            Some("gz_head"),
            &format!("query($m: String!) {{ kpis(month: $m) {{ orgUnit {{ kind }} {FIELDS} }} }}"),
            json!({ "m": now.format("%Y-%m").to_string() }),
        )
        .await["kpis"]
        .clone();
    assert_eq!(dept["orgUnit"]["kind"], "DEPARTMENT", "{dept:#}");
    let rows = team["teamKpis"].as_array().unwrap();
    for field in ["portfolio", "retentionBaseline", "retentionLost", "installsConfirmed", "newGroups"] {
        let sum: i64 = rows.iter().map(|r| r[field].as_i64().unwrap()).sum();
        assert_eq!(dept[field].as_i64(), Some(sum), "{field}: {dept:#}");
    }
});
