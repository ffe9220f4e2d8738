//! Disconnection retention (rule 14): the desk registers, the head dispatches, the manager
//! reaches the customer within 4 working hours and finishes within 2 working days, the head
//! verifies; a member lost is closed and filed in the churn archive, once.
use serde_json::{Value, json};

use crate::{
    archive::group,
    common::{TestApp, error_code},
    db_test,
    flow::{Op, codes, mutate, ok, sh},
};

const REQUEST: &str = "id number status groupName memberName line counterReason firstRetentionFailed \
     registeredBy { username } assignee { username } contactDueAt finishDueAt contactedAt contactBreached \
     finishBreached trueReason reasonText competitor offer outcome finishedAt verifiedBy { username } \
     allowedActions version";

const REGISTER: Op =
    Op::mutation("registerDisconnection").input("RegisterDisconnectionInput").returns("request", REQUEST);
const DISPATCH: Op =
    Op::mutation("dispatchDisconnection").input("DispatchDisconnectionInput").returns("request", REQUEST);
const CONTACT: Op = Op::mutation("recordRetentionContact").input("VersionedIdInput").returns("request", REQUEST);
const FINISH: Op = Op::mutation("finishRetention").input("FinishRetentionInput").returns("request", REQUEST);
const VERIFY: Op = Op::mutation("verifyRetention").input("VersionedIdInput").returns("request", REQUEST);

/// A group of gz_am1's with members whose numbers the customers give at the counter.
async fn customer(app: &TestApp, name: &str, phones: &[&str]) -> Value {
    let g = group(app, "gz_am1", name, None).await;
    for (i, phone) in phones.iter().enumerate() {
        ok(
            app,
            "gz_am1",
            Op::mutation("createMember").input("CreateMemberInput").returns("member", "id"),
            json!({ "groupId": g["id"], "fields": { "name": format!("成员{i}"), "phone": phone } }),
        )
        .await;
    }
    g
}

fn at_counter(phone: &str) -> Value {
    json!({ "phone": phone, "counterReason": "换了别家的套餐", "firstRetentionFailed": true, "firstRetentionNote": "已介绍存费送费，客户不接受" })
}

fn versioned(r: &Value, rest: Value) -> Value {
    let mut v = json!({ "id": r["id"], "expectedVersion": r["version"] });
    v.as_object_mut().unwrap().extend(rest.as_object().unwrap().clone());
    v
}

async fn get(app: &TestApp, who: &str, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ node(id: $id) {{ ... on DisconnectionRequest {{ {REQUEST} }} }} }}");
    app.data(Some(who), &q, json!({ "id": id })).await["node"].clone()
}

async fn member_status(app: &TestApp, phone: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let m = entity::member::Entity::find()
        .filter(entity::member::Column::Phone.eq(phone))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    m.status.as_str().to_string()
}

async fn overdue_tasks(app: &TestApp, who: &str) -> Vec<String> {
    gecrm::jobs::run_all(&app.state, &["retention.clocks".to_string()]).await.expect("clocks run");
    let q = "{ myTasks(status: OPEN, first: 100, kind: RETENTION_OVERDUE) { nodes { title } } }";
    let d = app.data(Some(who), q, json!({})).await;
    d["myTasks"]["nodes"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap().to_string()).collect()
}

db_test!(the_clocks_count_working_hours_across_a_weekend_and_a_holiday, |app| {
    customer(&app, "广州市天河区城管局", &["13922220001", "13922220002"]).await;
    // Friday 8 January 2027, 16:00 in Beijing.
    app.clock.set(sh("2027-01-08T16:00:00"));
    let r = ok(&app, "gz_desk", REGISTER, at_counter("13922220001")).await;
    assert_eq!(r["status"], "REGISTERED", "the head dispatches");
    assert_eq!(r["registeredBy"]["username"], "gz_desk");
    // Two working hours on Friday, two on Monday; two working days of nine hours end on Tuesday.
    assert_eq!(r["contactDueAt"], "2027-01-11T03:00:00+00:00", "Monday 11:00");
    assert_eq!(r["finishDueAt"], "2027-01-12T08:00:00+00:00", "Tuesday 16:00");
    // Monday declared a holiday: the same registration is due a working day later.
    let holiday = "mutation($i: SetCalendarDayInput!) { setCalendarDay(input: $i) { userErrors { code } } }";
    let set = app
        .data(Some("admin"), holiday, json!({ "i": { "day": "2027-01-11", "kind": "HOLIDAY", "name": "调休" } }))
        .await;
    assert_eq!(set["setCalendarDay"]["userErrors"], json!([]));
    let r2 = ok(&app, "gz_desk", REGISTER, at_counter("13922220002")).await;
    assert_eq!(r2["contactDueAt"], "2027-01-12T03:00:00+00:00", "Tuesday 11:00");
    assert_eq!(r2["finishDueAt"], "2027-01-13T08:00:00+00:00", "Wednesday 16:00");

    // Over the weekend nothing is late.
    app.clock.set(sh("2027-01-10T20:00:00"));
    assert!(overdue_tasks(&app, "gz_head").await.is_empty());
    assert_eq!(get(&app, "gz_head", &r["id"]).await["contactBreached"], false);
    // Monday 11:01: the first is past its contact clock; waiting for dispatch, it is the head's.
    app.clock.set(sh("2027-01-11T11:01:00"));
    let late = overdue_tasks(&app, "gz_head").await;
    assert_eq!(late.len(), 1, "{late:?}");
    assert!(late[0].contains(r["number"].as_str().unwrap()) && late[0].contains("4 个工作小时"), "{late:?}");
    let breached = app
        .data(Some("gz_head"), "{ disconnectionRequests(filter: {breached: true}) { nodes { number } } }", json!({}))
        .await;
    assert_eq!(
        breached["disconnectionRequests"]["nodes"],
        json!([{ "number": r["number"] }]),
        "the head's view shows it"
    );
    // Dispatched and reached late: the task moves to the manager until the outcome is in.
    let r = ok(&app, "gz_head", DISPATCH, versioned(&r, json!({}))).await;
    assert_eq!(r["assignee"]["username"], "gz_am1");
    assert_eq!(overdue_tasks(&app, "gz_am1").await.len(), 1);
    assert!(overdue_tasks(&app, "gz_head").await.is_empty());
    let r = ok(&app, "gz_am1", CONTACT, versioned(&r, json!({}))).await;
    assert_eq!((r["status"].as_str(), r["contactBreached"].as_bool()), (Some("CONTACTED"), Some(true)));
    assert!(overdue_tasks(&app, "gz_am1").await.is_empty(), "reached: the contact clock is answered");
    // Tuesday 16:01: past two working days without an outcome.
    app.clock.set(sh("2027-01-12T16:01:00"));
    let late = overdue_tasks(&app, "gz_am1").await;
    assert!(late.len() == 1 && late[0].contains("2 个工作日"), "{late:?}");
    let done = ok(
        &app,
        "gz_am1",
        FINISH,
        versioned(
            &r,
            json!({ "reason": "TARIFF", "reasonText": "嫌套餐贵", "offer": "降档至 58 元套餐", "outcome": "RETAINED" }),
        ),
    )
    .await;
    assert_eq!((done["status"].as_str(), done["finishBreached"].as_bool()), (Some("DONE"), Some(true)));
    assert!(overdue_tasks(&app, "gz_am1").await.is_empty());
});

db_test!(a_lost_retention_closes_the_member_and_files_the_archive_once, |app| {
    customer(&app, "广州市番禺区交通局", &["13922220011", "13922220012"]).await;
    let r = ok(&app, "gz_desk", REGISTER, at_counter("13922220011")).await;
    let dup = mutate(&app, "gz_desk", REGISTER, at_counter("139 2222 0011")).await;
    assert_eq!(codes(&dup), ["DUPLICATE"], "one request at a time per number");
    // Only the head dispatches, only the manager it went to works it.
    assert_eq!(codes(&mutate(&app, "gz_am1", DISPATCH, versioned(&r, json!({}))).await), ["NOT_PERMITTED"]);
    let r = ok(&app, "gz_head", DISPATCH, versioned(&r, json!({}))).await;
    assert_eq!(
        get(&app, "gz_am1", &r["id"]).await["allowedActions"],
        json!(["RECORD_RETENTION_CONTACT", "FINISH_RETENTION"])
    );
    let found =
        json!({ "reason": "COMPETITOR", "reasonText": "对方赠送手机", "offer": "赠送 200 元话费", "outcome": "LOST" });
    assert_eq!(
        codes(&mutate(&app, "gz_am1", FINISH, versioned(&r, found.clone())).await),
        ["REQUIRED"],
        "the competitor is named"
    );
    let mut with = found.clone();
    with["competitor"] = json!("中国电信");
    assert_eq!(codes(&mutate(&app, "gz_head", FINISH, versioned(&r, with.clone())).await), ["NOT_PERMITTED"]);
    let blank = mutate(
        &app,
        "gz_am1",
        FINISH,
        versioned(&r, json!({ "reason": "TARIFF", "reasonText": " ", "offer": "x", "outcome": "LOST" })),
    )
    .await;
    assert_eq!(codes(&blank), ["REQUIRED"], "the true reason is required to finish");
    let done = ok(&app, "gz_am1", FINISH, versioned(&r, with)).await;
    assert_eq!(done["status"], "DONE");
    assert!(done["contactedAt"].is_string(), "finishing records the contact too");
    assert_eq!(member_status(&app, "13922220011").await, "ACTIVE", "not before the head verifies");

    let returned = ok(&app, "gz_head", VERIFY, versioned(&done, json!({}))).await;
    assert_eq!(
        (returned["status"].as_str(), returned["verifiedBy"]["username"].as_str()),
        (Some("RETURNED"), Some("gz_head"))
    );
    assert_eq!(member_status(&app, "13922220011").await, "CLOSED");
    assert_eq!(app.count("churn_record").await, 1);
    let again = mutate(&app, "gz_head", VERIFY, versioned(&returned, json!({}))).await;
    assert_eq!(codes(&again), ["INVALID_TRANSITION"]);
    assert_eq!(app.count("churn_record").await, 1, "filed once");
    // Back at the desk, with the outcome.
    let at_desk = get(&app, "gz_desk", &r["id"]).await;
    assert_eq!((at_desk["status"].as_str(), at_desk["outcome"].as_str()), (Some("RETURNED"), Some("LOST")));
    assert_eq!(at_desk["allowedActions"], json!([]));
    // The archive.
    let q = "{ churnRecords { nodes { subject reason competitor handledBy { username } } } }";
    let a = app.data(Some("gz_head"), q, json!({})).await;
    assert_eq!(
        a["churnRecords"]["nodes"],
        json!([{ "subject": "成员0 13922220011", "reason": "COMPETITOR", "competitor": "中国电信", "handledBy": { "username": "gz_am1" } }])
    );
    let month = gecrm::fields::Month::of(gecrm::clock::business_date(app.clock_now()));
    let q = "query($f: String!, $t: String!) { churnSummary(fromMonth: $f, toMonth: $t) { total byReason { key label count } byCompetitor { key count } byMonth { key count } byManager { label count } } }";
    let s = app.data(Some("gz_head"), q, json!({ "f": month.plus(-1).to_string(), "t": month.to_string() })).await["churnSummary"].clone();
    assert_eq!(s["total"], 1);
    assert_eq!(s["byReason"], json!([{ "key": "COMPETITOR", "label": "竞争对手", "count": 1 }]));
    assert_eq!(s["byCompetitor"], json!([{ "key": "中国电信", "count": 1 }]));
    assert_eq!(
        s["byMonth"],
        json!([{ "key": month.plus(-1).to_string(), "count": 0 }, { "key": month.to_string(), "count": 1 }])
    );
    assert_eq!(s["byManager"], json!([{ "label": "张晓明", "count": 1 }]));
    let other = app.data(Some("sz_head"), "{ churnRecords { totalCount } }", json!({})).await;
    assert_eq!(other["churnRecords"]["totalCount"], 0, "another branch's archive");

    // Kept: the member stays, nothing is filed.
    let kept = ok(&app, "gz_desk", REGISTER, at_counter("13922220012")).await;
    let kept = ok(&app, "gz_head", DISPATCH, versioned(&kept, json!({}))).await;
    let kept = ok(&app, "gz_am1", FINISH, versioned(&kept, json!({ "reason": "SERVICE", "reasonText": "信号问题已解决", "offer": "上门优化室分", "outcome": "RETAINED" }))).await;
    ok(&app, "gz_head", VERIFY, versioned(&kept, json!({}))).await;
    assert_eq!(member_status(&app, "13922220012").await, "ACTIVE");
    assert_eq!(app.count("churn_record").await, 1);
});

db_test!(requests_are_seen_by_those_concerned_and_may_go_straight_to_the_manager, |app| {
    customer(&app, "广州市海珠区文广局", &["13922220021"]).await;
    let set = "mutation { updateSetting(input: {key: \"retention.auto_dispatch\", value: \"1\", expectedVersion: 1}) { userErrors { code } } }";
    assert_eq!(app.data(Some("admin"), set, json!({})).await["updateSetting"]["userErrors"], json!([]));
    let r = ok(&app, "gz_desk", REGISTER, at_counter("13922220021")).await;
    assert_eq!((r["status"].as_str(), r["assignee"]["username"].as_str()), (Some("DISPATCHED"), Some("gz_am1")));
    for who in ["gz_am2", "sz_head", "gz_installer"] {
        assert_eq!(get(&app, who, &r["id"]).await, Value::Null, "{who}");
    }
    for who in ["gz_desk", "gz_am1", "gz_head", "gz_branch"] {
        assert_eq!(get(&app, who, &r["id"]).await["number"], r["number"], "{who}");
    }
    let mine =
        app.data(Some("gz_am1"), "{ disconnectionRequests(filter: {mine: true}) { totalCount } }", json!({})).await;
    assert_eq!(mine["disconnectionRequests"]["totalCount"], 1);
    let installer = app
        .exec(
            Some("gz_installer"),
            "mutation($i: RegisterDisconnectionInput!) { registerDisconnection(input: $i) { userErrors { code } } }",
            json!({ "i": at_counter("13922220021") }),
        )
        .await;
    assert_eq!(error_code(&installer), "FORBIDDEN");
});

db_test!(a_boss_export_registers_each_new_row_once, |app| {
    customer(&app, "广州市白云区税务局", &["13922220031", "13922220032"]).await;
    let token = app.login("gz_desk").await.0;
    let ops = json!({
        "query": "mutation($f: Upload!) { importDisconnections(input: {file: $f}) { created alreadyImported problems { line message } userErrors { field code message } } }",
        "variables": { "f": null },
    });
    let csv = "\u{feff}号码,拆机原因,BOSS单号,首次挽留,挽留说明\r\n13922220031,资费太贵,BOSS-0001,是,已介绍优惠\r\n13900000000,搬迁,BOSS-0002,否,\r\n13922220032,,BOSS-0003,否,\r\n";
    let (status, r) = crate::members::multipart(&app, &token, ops.clone(), "拆机.csv", csv.as_bytes()).await;
    assert_eq!(status, 200, "{r:#}");
    let p = &r["data"]["importDisconnections"];
    assert_eq!((p["created"].as_i64(), p["alreadyImported"].as_i64()), (Some(1), Some(0)), "{p:#}");
    let lines: Vec<i64> = p["problems"].as_array().unwrap().iter().map(|x| x["line"].as_i64().unwrap()).collect();
    assert_eq!(lines, [3, 4], "the unknown number and the row without a reason: {p:#}");
    assert!(p["problems"][0]["message"].as_str().unwrap().contains("未找到"), "{p:#}");
    // Again: the row already in is not registered twice; the fixed row goes in.
    let fixed = csv.replace("13922220032,,BOSS-0003", "13922220032,改用宽带,BOSS-0003");
    let (_, r) = crate::members::multipart(&app, &token, ops.clone(), "拆机.csv", fixed.as_bytes()).await;
    let p = &r["data"]["importDisconnections"];
    assert_eq!((p["created"].as_i64(), p["alreadyImported"].as_i64()), (Some(1), Some(1)), "{p:#}");
    assert_eq!(app.count("disconnection_request").await, 2);
    let q = "{ disconnectionRequests(first: 10) { nodes { bossRef firstRetentionFailed firstRetentionNote counterReason } } }";
    let listed = app.data(Some("gz_desk"), q, json!({})).await;
    assert!(listed["disconnectionRequests"]["nodes"].as_array().unwrap().contains(
        &json!({ "bossRef": "BOSS-0001", "firstRetentionFailed": true, "firstRetentionNote": "已介绍优惠", "counterReason": "资费太贵" })
    ));
    // A file without the columns is refused whole.
    let (_, r) =
        crate::members::multipart(&app, &token, ops.clone(), "x.csv", "姓名,电话\n张三,13922220031\n".as_bytes()).await;
    assert_eq!(r["data"]["importDisconnections"]["userErrors"][0]["code"], "INVALID", "{r:#}");
    let manager = app.login("gz_am1").await.0;
    let (_, r) = crate::members::multipart(&app, &manager, ops, "拆机.csv", csv.as_bytes()).await;
    assert_eq!(error_code(&r), "FORBIDDEN", "the desk and the heads import, not managers");
});
