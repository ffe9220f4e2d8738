//! Complaints under 首问负责制 (rule 13): registered at the desk or by the manager, owned by the
//! first responder through every hand-off, escalated by the clock, closed only on the
//! customer's acceptance; and who sees them.
use chrono::Duration;
use serde_json::{Value, json};

use crate::{
    archive::group,
    common::{TestApp, error_code},
    db_test,
    flow::{Op, codes, mutate, ok},
};

pub const COMPLAINT: &str = "id number status channel category severity customerSaid groupName memberName \
     group { name } owner { username } registeredAt replyDueAt breached handledBy escalationLevel \
     escalatedTo { username } resolution resolvedAt companyFault closedAt allowedActions version \
     steps { kind by { username } unit toUser { username } text at }";

const REGISTER: Op = Op::mutation("registerComplaint").input("RegisterComplaintInput").returns("complaint", COMPLAINT);
const HAND_OFF: Op = Op::mutation("handOffComplaint").input("HandOffComplaintInput").returns("complaint", COMPLAINT);
const NOTE: Op = Op::mutation("noteComplaint").input("NoteComplaintInput").returns("complaint", COMPLAINT);
const RESOLVE: Op = Op::mutation("resolveComplaint").input("ResolveComplaintInput").returns("complaint", COMPLAINT);
const ACCEPTANCE: Op =
    Op::mutation("recordComplaintAcceptance").input("ComplaintAcceptanceInput").returns("complaint", COMPLAINT);

/// A group of gz_am1's with one member whose number the customer gives at the counter.
async fn customer(app: &TestApp, name: &str, phone: &str) -> Value {
    let g = group(app, "gz_am1", name, None).await;
    ok(
        app,
        "gz_am1",
        Op::mutation("createMember").input("CreateMemberInput").returns("member", "id"),
        json!({ "groupId": g["id"], "fields": { "name": "王主任", "phone": phone } }),
    )
    .await;
    g
}

fn at_counter(phone: &str, category: &str) -> Value {
    json!({ "phone": phone, "channel": "COUNTER", "category": category, "severity": "SERIOUS",
            "customerSaid": "三楼信号差，通话经常中断" })
}

async fn get(app: &TestApp, who: &str, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ node(id: $id) {{ ... on Complaint {{ {COMPLAINT} }} }} }}");
    app.data(Some(who), &q, json!({ "id": id })).await["node"].clone()
}

async fn run_clock(app: &TestApp) -> String {
    let runs = gecrm::jobs::run_all(&app.state, &["complaints.escalate".to_string()]).await.expect("job runs");
    runs[0].summary.clone().unwrap_or_default()
}

fn versioned(c: &Value, rest: Value) -> Value {
    let mut v = json!({ "id": c["id"], "expectedVersion": c["version"] });
    v.as_object_mut().unwrap().extend(rest.as_object().unwrap().clone());
    v
}

fn kinds(c: &Value) -> Vec<String> {
    c["steps"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap().to_string()).collect()
}

async fn tasks_of(app: &TestApp, who: &str) -> Vec<Value> {
    let q = "{ myTasks(status: OPEN, first: 100, kind: COMPLAINT_ESCALATED) { nodes { title subjectType } } }";
    app.data(Some(who), q, json!({})).await["myTasks"]["nodes"].as_array().unwrap().clone()
}

db_test!(the_first_responder_owns_the_complaint_through_every_hand_off, |app| {
    let g = customer(&app, "广州市天河区税务局", "13912340001").await;
    let c = ok(&app, "gz_desk", REGISTER, at_counter("139 1234 0001", "NETWORK_QUALITY")).await;
    assert_eq!(c["status"], "OPEN");
    assert!(c["number"].as_str().unwrap().starts_with("TS"), "{c:#}");
    assert_eq!(c["owner"]["username"], "gz_desk");
    assert_eq!(
        (c["groupName"].as_str(), c["memberName"].as_str()),
        (Some("广州市天河区税务局"), Some("王主任 13912340001"))
    );
    assert_eq!(c["group"], Value::Null, "the desk sees the complaint, not the group's archive");
    assert_eq!(c["allowedActions"], json!(["HAND_OFF_COMPLAINT", "NOTE_COMPLAINT", "RESOLVE_COMPLAINT"]));

    // Handed to engineering: still the desk's; the manager adds what they learned on site.
    let c =
        ok(&app, "gz_desk", HAND_OFF, versioned(&c, json!({ "unit": "ENGINEERING", "text": "请安排测试信号" }))).await;
    assert_eq!((c["status"].as_str(), c["handledBy"].as_str()), (Some("IN_PROGRESS"), Some("ENGINEERING")));
    let seen_by_manager = get(&app, "gz_am1", &c["id"]).await;
    assert_eq!(seen_by_manager["group"]["name"], "广州市天河区税务局");
    assert_eq!(seen_by_manager["allowedActions"], json!(["NOTE_COMPLAINT"]), "the manager notes; the owner answers");
    let c = ok(&app, "gz_am1", NOTE, versioned(&c, json!({ "text": "已上门，三楼弱覆盖" }))).await;
    let refused =
        mutate(&app, "gz_am1", RESOLVE, versioned(&c, json!({ "resolution": "x", "companyFault": false }))).await;
    assert_eq!(codes(&refused), ["NOT_PERMITTED"]);
    assert_eq!(c["owner"]["username"], "gz_desk", "ownership never moves");
    assert_eq!(kinds(&c), ["REGISTERED", "HANDED_OFF", "NOTE"]);
    let steps = c["steps"].as_array().unwrap();
    assert_eq!(
        steps.iter().map(|s| s["by"]["username"].as_str().unwrap()).collect::<Vec<_>>(),
        ["gz_desk", "gz_desk", "gz_am1"],
        "who did each step"
    );
    assert_eq!(steps[1]["unit"], "ENGINEERING");

    // Answering needs the customer's acceptance to close.
    let c =
        ok(&app, "gz_desk", RESOLVE, versioned(&c, json!({ "resolution": "已新增室分覆盖", "companyFault": true })))
            .await;
    assert_eq!(c["status"], "RESOLVED");
    assert_eq!(c["allowedActions"], json!(["NOTE_COMPLAINT", "RECORD_COMPLAINT_ACCEPTANCE"]));
    let c = ok(&app, "gz_desk", ACCEPTANCE, versioned(&c, json!({ "accepted": true, "text": "客户表示满意" }))).await;
    assert_eq!(c["status"], "CLOSED");
    assert!(c["closedAt"].is_string());
    assert_eq!(c["allowedActions"], json!([]));
    assert_eq!(kinds(&c).last().unwrap(), "ACCEPTED");
    // On the group's page.
    let page = app
        .data(
            Some("gz_am1"),
            "query($id: ID!) { node(id: $id) { ... on CustomerGroup { complaints { number status } } } }",
            json!({ "id": g["id"] }),
        )
        .await;
    assert_eq!(page["node"]["complaints"][0]["status"], "CLOSED");
    let audit = crate::flow::last_audit(&app, "Complaint").await;
    assert_eq!(audit.action, "complaint.accept");
});

db_test!(scope_keeps_complaints_to_those_concerned, |app| {
    let g = customer(&app, "广州市越秀区卫生局", "13912340002").await;
    let c = ok(&app, "gz_desk", REGISTER, at_counter("13912340002", "SERVICE_QUALITY")).await;
    let list = |who: &'static str| {
        let app = &app;
        async move {
            let d = app.data(Some(who), "{ complaints(first: 50) { totalCount nodes { number } } }", json!({})).await;
            d["complaints"]["totalCount"].as_i64().unwrap()
        }
    };
    assert_eq!(list("gz_desk").await, 1, "the desk sees what it registered");
    assert_eq!(list("gz_am1").await, 1, "the group's manager");
    assert_eq!(list("gz_head").await, 1, "the department head");
    assert_eq!(list("gz_am2").await, 0, "not a colleague's manager");
    assert_eq!(list("sz_head").await, 0, "not another branch");
    for who in ["gz_am2", "sz_head", "sz_am1", "gz_installer"] {
        assert_eq!(get(&app, who, &c["id"]).await, Value::Null, "{who}");
    }
    // The desk reaches its branch's customers by number or code, nothing beyond.
    let sz = group(&app, "sz_am1", "深圳市南山区法院", None).await;
    ok(
        &app,
        "sz_am1",
        Op::mutation("createMember").input("CreateMemberInput").returns("member", "id"),
        json!({ "groupId": sz["id"], "fields": { "name": "李科长", "phone": "13912340003" } }),
    )
    .await;
    for phone in ["13912340003", "13800000000"] {
        let far = mutate(&app, "gz_desk", REGISTER, at_counter(phone, "BILLING")).await;
        assert_eq!(codes(&far), ["NOT_FOUND"], "{phone}");
    }
    let by_group =
        app.data(Some("gz_desk"), "query($id: ID!) { node(id: $id) { id } }", json!({ "id": g["id"] })).await;
    assert_eq!(by_group["node"], Value::Null, "the desk does not browse the archive");
    let register = "mutation($i: RegisterComplaintInput!) { registerComplaint(input: $i) { userErrors { code } } }";
    let by_id = app.exec(Some("gz_desk"), register, json!({ "i": { "groupId": g["id"], "channel": "COUNTER", "category": "OTHER", "severity": "NORMAL", "customerSaid": "x" } })).await;
    assert_eq!(error_code(&by_id), "NOT_FOUND", "{by_id:#}");
    let code = app
        .data(
            Some("gz_am1"),
            "query($id: ID!) { node(id: $id) { ... on CustomerGroup { code } } }",
            json!({ "id": g["id"] }),
        )
        .await;
    let by_code = ok(&app, "gz_desk", REGISTER, json!({ "groupCode": code["node"]["code"], "channel": "HOTLINE", "category": "OTHER", "severity": "NORMAL", "customerSaid": "集团总机打不通" })).await;
    assert_eq!((by_code["groupName"].as_str(), by_code["memberName"].as_str()), (Some("广州市越秀区卫生局"), None));
    // A stale version is refused, never overwritten.
    let stale = app
        .exec(
            Some("gz_desk"),
            "mutation($i: NoteComplaintInput!) { noteComplaint(input: $i) { userErrors { code } } }",
            json!({ "i": { "id": c["id"], "expectedVersion": 99, "text": "迟到的记录" } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT", "{stale:#}");
    let installer = app
        .exec(
            Some("gz_installer"),
            "mutation($i: RegisterComplaintInput!) { registerComplaint(input: $i) { userErrors { code } } }",
            json!({ "i": at_counter("13912340002", "OTHER") }),
        )
        .await;
    assert_eq!(error_code(&installer), "FORBIDDEN");
    // A manager registers on their own group's page, by its id.
    let mine = ok(&app, "gz_am1", REGISTER, json!({ "groupId": g["id"], "channel": "ACCOUNT_MANAGER", "category": "BILLING", "severity": "NORMAL", "customerSaid": "十月话费有异议" })).await;
    assert_eq!(mine["owner"]["username"], "gz_am1");
    assert_eq!(list("gz_desk").await, 2, "the desk does not see the manager's");
});

db_test!(an_unanswered_complaint_climbs_a_level_a_day_after_its_reply_time, |app| {
    customer(&app, "广州市白云区水务局", "13912340004").await;
    // A whole second: PostgreSQL keeps microseconds.
    let start = crate::flow::sh("2027-01-04T10:00:00");
    app.clock.set(start);
    let c = ok(&app, "gz_desk", REGISTER, at_counter("13912340004", "NETWORK_QUALITY")).await;
    let due = chrono::DateTime::parse_from_rfc3339(c["replyDueAt"].as_str().unwrap()).unwrap();
    assert_eq!(due.with_timezone(&chrono::Utc) - start, Duration::hours(24), "24 hours for network quality");
    let billing = ok(&app, "gz_desk", REGISTER, at_counter("13912340004", "BILLING")).await;
    let due = chrono::DateTime::parse_from_rfc3339(billing["replyDueAt"].as_str().unwrap()).unwrap();
    assert_eq!(due.with_timezone(&chrono::Utc) - start, Duration::hours(48), "48 hours for billing");

    app.clock.set(start + Duration::hours(24));
    run_clock(&app).await;
    let now = get(&app, "gz_desk", &c["id"]).await;
    assert_eq!(
        (now["escalationLevel"].as_i64(), now["breached"].as_bool()),
        (Some(0), Some(false)),
        "not before the time"
    );

    app.clock.set(start + Duration::hours(24) + Duration::minutes(1));
    assert!(run_clock(&app).await.contains('1'));
    let now = get(&app, "gz_desk", &c["id"]).await;
    assert_eq!(now["status"], "ESCALATED");
    assert_eq!((now["escalationLevel"].as_i64(), now["escalatedTo"]["username"].as_str()), (Some(1), Some("gz_head")));
    assert_eq!(now["breached"], true);
    assert_eq!(now["owner"]["username"], "gz_desk", "escalation does not take it from its owner");
    assert_eq!(tasks_of(&app, "gz_head").await.len(), 1, "the head is told");
    // The head may now act on it; running the clock again changes nothing.
    assert!(
        get(&app, "gz_head", &c["id"]).await["allowedActions"]
            .as_array()
            .unwrap()
            .contains(&json!("RESOLVE_COMPLAINT"))
    );
    run_clock(&app).await;
    assert_eq!(get(&app, "gz_desk", &c["id"]).await["version"], now["version"]);

    app.clock.set(start + Duration::hours(48) + Duration::minutes(1));
    run_clock(&app).await;
    let now = get(&app, "gz_desk", &c["id"]).await;
    assert_eq!(
        (now["escalationLevel"].as_i64(), now["escalatedTo"]["username"].as_str()),
        (Some(2), Some("gz_branch"))
    );
    app.clock.set(start + Duration::hours(72) + Duration::minutes(1));
    run_clock(&app).await;
    let now = get(&app, "gz_desk", &c["id"]).await;
    assert_eq!((now["escalationLevel"].as_i64(), now["escalatedTo"]["username"].as_str()), (Some(3), Some("gm")));
    assert_eq!(kinds(&now), ["REGISTERED", "ESCALATED", "ESCALATED", "ESCALATED"]);
    assert_eq!(now["steps"][1]["by"], Value::Null, "the clock did it");

    // The general manager answers; the customer refuses it; it stays at the top, unresolved.
    let answered =
        ok(&app, "gm", RESOLVE, versioned(&now, json!({ "resolution": "已优化基站", "companyFault": true }))).await;
    let number = c["number"].as_str().unwrap();
    for who in ["gz_head", "gz_branch", "gm"] {
        let open = tasks_of(&app, who).await;
        assert!(!open.iter().any(|t| t["title"].as_str().unwrap().contains(number)), "answered: {who}'s task closes");
    }
    let billing_task = tasks_of(&app, "gz_head").await;
    assert_eq!(billing_task.len(), 1, "the billing complaint, late by its own 48 hours, still waits");
    let refused =
        ok(&app, "gz_desk", ACCEPTANCE, versioned(&answered, json!({ "accepted": false, "text": "信号仍差" }))).await;
    assert_eq!((refused["status"].as_str(), refused["escalationLevel"].as_i64()), (Some("ESCALATED"), Some(3)));
    assert_eq!(refused["resolvedAt"], Value::Null);
    let again = tasks_of(&app, "gm").await;
    assert!(
        again.iter().any(|t| t["title"].as_str().unwrap().contains(number)),
        "it is the company's again: {again:?}"
    );
});

db_test!(a_refused_answer_escalates_and_the_month_is_counted, |app| {
    customer(&app, "广州市荔湾区档案局", "13912340005").await;
    let start = app.clock_now();
    let c = ok(&app, "gz_desk", REGISTER, at_counter("13912340005", "SERVICE_QUALITY")).await;
    let c = ok(&app, "gz_desk", RESOLVE, versioned(&c, json!({ "resolution": "已致歉", "companyFault": false }))).await;
    let c = ok(&app, "gz_desk", ACCEPTANCE, versioned(&c, json!({ "accepted": false }))).await;
    assert_eq!((c["status"].as_str(), c["escalationLevel"].as_i64()), (Some("ESCALATED"), Some(1)));
    assert_eq!(c["escalatedTo"]["username"], "gz_head");
    assert_eq!(kinds(&c), ["REGISTERED", "RESOLVED", "NOT_ACCEPTED", "ESCALATED"]);
    let c =
        ok(&app, "gz_head", RESOLVE, versioned(&c, json!({ "resolution": "减免当月功能费", "companyFault": true })))
            .await;
    let c = ok(&app, "gz_head", ACCEPTANCE, versioned(&c, json!({ "accepted": true }))).await;
    assert_eq!(c["status"], "CLOSED");
    // A second one answered late.
    let late = ok(&app, "gz_desk", REGISTER, at_counter("13912340005", "NETWORK_QUALITY")).await;
    app.clock.set(start + Duration::hours(30));
    ok(&app, "gz_desk", RESOLVE, versioned(&late, json!({ "resolution": "已修复", "companyFault": false }))).await;

    let month = gecrm::fields::Month::of(gecrm::clock::business_date(start)).to_string();
    let q = "query($m: String!) { complaintFigures(month: $m) { byResponder { user { username } count onTime onTimePercent escalated companyFault } byDepartment { department { name } count } } }";
    let f = app.data(Some("gz_head"), q, json!({ "m": month })).await["complaintFigures"].clone();
    assert_eq!(
        f["byResponder"],
        json!([{ "user": { "username": "gz_desk" }, "count": 2, "onTime": 1, "onTimePercent": "50.00", "escalated": 1, "companyFault": 1 }])
    );
    assert_eq!(f["byDepartment"], json!([{ "department": { "name": "广州集团客户部" }, "count": 2 }]));
    let other = app.data(Some("sz_head"), q, json!({ "m": month })).await;
    assert_eq!(other["complaintFigures"]["byResponder"], json!([]), "another branch counts none of them");
});

db_test!(a_complaint_visit_is_logged_against_the_complaint, |app| {
    let g = customer(&app, "广州市黄埔区海关", "13912340006").await;
    let other = customer(&app, "广州市从化区林业局", "13912340007").await;
    let c = ok(&app, "gz_desk", REGISTER, at_counter("13912340006", "SERVICE_QUALITY")).await;
    let now = app.clock_now();
    let card = |purpose: &str, complaint: &Value| {
        json!({ "method": "ONSITE", "purpose": purpose, "startedAt": crate::flow::iso(now - Duration::hours(1)), "endedAt": crate::flow::iso(now),
                "minutes": "上门致歉，已调整装维人员", "complaintId": complaint })
    };
    let log = Op::mutation("logVisit").input("LogVisitInput").returns("visit", "id");
    let wrong = mutate(&app, "gz_am1", log, json!({ "groupId": g["id"], "card": card("ROUTINE", &c["id"]) })).await;
    assert_eq!(codes(&wrong), ["INVALID"], "a complaint visit has that purpose");
    let elsewhere =
        mutate(&app, "gz_am1", log, json!({ "groupId": other["id"], "card": card("COMPLAINT", &c["id"]) })).await;
    assert_eq!(codes(&elsewhere), ["NOT_FOUND"], "not another group's complaint");
    let visits_before = app.count("visit").await;
    let v = ok(&app, "gz_am1", log, json!({ "groupId": g["id"], "card": card("COMPLAINT", &c["id"]) })).await;
    assert_eq!(app.count("visit").await, visits_before + 1, "the refused ones left nothing");
    let q = "query($id: ID!) { node(id: $id) { ... on Complaint { status owner { username } steps { kind by { username } text visit { id purpose } } } } }";
    let after = app.data(Some("gz_am1"), q, json!({ "id": c["id"] })).await["node"].clone();
    assert_eq!(after["status"], "IN_PROGRESS");
    assert_eq!(after["owner"]["username"], "gz_desk", "still the desk's");
    let step = &after["steps"][1];
    assert_eq!((step["kind"].as_str(), step["by"]["username"].as_str()), (Some("VISITED"), Some("gz_am1")));
    assert_eq!(step["text"], "上门致歉，已调整装维人员");
    assert_eq!(step["visit"], json!({ "id": v["id"], "purpose": "COMPLAINT" }));
    let seen_by_desk =
        app.data(Some("gz_desk"), q, json!({ "id": c["id"] })).await["node"]["steps"][1]["visit"].clone();
    assert_eq!(seen_by_desk, Value::Null, "the desk sees the step, not the group's visit");
});
