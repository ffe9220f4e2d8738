//! The work log (工作日志): each day's log is what the user recorded that day plus their notes;
//! heads comment on a day and review the month.
use serde_json::{Value, json};

use crate::{
    archive::{group, user_id},
    common::{TestApp, error_code},
    dayplan::{care_task, morning},
    db_test,
    flow::{Op, codes, create_proposal, iso, mutate, ok},
};

const LOG: &str = "query($d: Date, $u: ID) { workLog(day: $d, userId: $u) { day notes notesVersion canComment user { username } \
                   entries { kind action text subjectId group { id } } plan { title status } comments { text author { username } } } }";
const NOTES: Op =
    Op::mutation("saveWorkLogNotes").input("SaveWorkLogNotesInput").returns("workLog", "notes notesVersion");
const COMMENT: Op = Op::mutation("commentWorkLog")
    .input("CommentWorkLogInput")
    .returns("comment", "text review day month author { username }");

async fn log(app: &TestApp, who: &str, day: &str, user: Option<&str>) -> Value {
    app.data(Some(who), LOG, json!({ "d": day, "u": user })).await["workLog"].clone()
}

async fn visit(app: &TestApp, who: &str, g: &Value, method: &str, purpose: &str) {
    let now = app.clock_now();
    let card = json!({ "method": method, "purpose": purpose, "startedAt": iso(now - chrono::Duration::minutes(30)), "endedAt": iso(now), "minutes": "已沟通" });
    ok(
        app,
        who,
        Op::mutation("logVisit").input("LogVisitInput").returns("visit", "id"),
        json!({ "groupId": g["id"], "card": card }),
    )
    .await;
}

db_test!(a_days_log_is_what_its_manager_recorded_that_day_with_their_notes, |app| {
    let day = morning(&app);
    let d = day.to_string();
    let g = group(&app, "gz_am1", "广州市日志测试公司", None).await;
    visit(&app, "gz_am1", &g, "PHONE", "CARE").await;
    visit(&app, "gz_am1", &g, "ONSITE", "NEEDS").await;
    create_proposal(&app, "gz_am1", g["id"].as_str().unwrap(), None, vec![]).await;
    care_task(&app, "gz_am1", &g, gecrm::clock::beijing_at(day, 17, 0)).await;
    let task = app.data(Some("gz_am1"), "{ myTasks { nodes { id version } } }", json!({})).await["myTasks"]["nodes"][0]
        .clone();
    ok(
        &app,
        "gz_am1",
        Op::mutation("completeTask").input("CompleteTaskInput").returns("task", "id"),
        json!({ "id": task["id"], "expectedVersion": task["version"] }),
    )
    .await;
    // A colleague's work is in their log, not this one.
    let other = group(&app, "gz_am2", "广州市别人的公司", None).await;
    visit(&app, "gz_am2", &other, "ONSITE", "ROUTINE").await;

    let mine = log(&app, "gz_am1", &d, None).await;
    let kinds: Vec<&str> = mine["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["ARCHIVE", "CALL", "VISIT", "PROPOSAL", "TASK"], "{mine:#}");
    let call = &mine["entries"][1];
    assert_eq!(call["text"], "记录 · 电话 · 关怀");
    assert_eq!(call["group"]["id"], g["id"]);
    assert!(call["subjectId"].is_string());
    assert!(
        mine["entries"].as_array().unwrap().iter().all(|e| e["group"]["id"] == g["id"]),
        "all of it on the manager's group"
    );
    let en = app.exec_with(Some(app.viewer("gz_am1")), gecrm::state::Lang::En, LOG, json!({ "d": d })).await;
    assert_eq!(en["data"]["workLog"]["entries"][1]["text"], "Recorded · Phone · Care");
    assert_eq!(en["data"]["workLog"]["entries"][3]["text"], "Created");
    assert_eq!(en["data"]["workLog"]["entries"][0]["text"], "Created · 广州市日志测试公司", "what it was, by name");
    // Nothing for a day with no records; a colleague's log is not theirs to read.
    assert_eq!(log(&app, "gz_am1", &(day - chrono::Duration::days(3)).to_string(), None).await["entries"], json!([]));
    let me = user_id(&app, "gz_am1");
    for who in ["gz_am2", "sz_head", "gz_desk"] {
        let r = app.exec(Some(who), LOG, json!({ "d": d, "u": me })).await;
        assert_eq!(error_code(&r), "NOT_FOUND", "{who}");
    }

    // Notes: written once, then changed with the version seen.
    let first = ok(&app, "gz_am1", NOTES, json!({ "day": d, "notes": "客户对云视讯兴趣大，下周安排演示。" })).await;
    assert_eq!(first["notesVersion"], 1);
    assert_eq!(codes(&mutate(&app, "gz_am1", NOTES, json!({ "day": d, "notes": "覆盖" })).await), ["REQUIRED"]);
    let second = ok(
        &app,
        "gz_am1",
        NOTES,
        json!({ "day": d, "notes": "客户对云视讯兴趣大，下周二上门演示。", "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(second["notesVersion"], 2);
    let stale = app
        .exec(
            Some("gz_am1"),
            "mutation($i: SaveWorkLogNotesInput!) { saveWorkLogNotes(input: $i) { userErrors { code } } }",
            json!({ "i": { "day": d, "notes": "旧", "expectedVersion": 1 } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    let tomorrow = (day + chrono::Duration::days(1)).to_string();
    assert_eq!(codes(&mutate(&app, "gz_am1", NOTES, json!({ "day": tomorrow, "notes": "明天" })).await), ["INVALID"]);

    // The head reads it, comments on the day; its author cannot comment on their own.
    let seen = log(&app, "gz_head", &d, Some(&me)).await;
    assert_eq!(
        (seen["notes"].as_str(), seen["canComment"].as_bool()),
        (Some("客户对云视讯兴趣大，下周二上门演示。"), Some(true))
    );
    assert_eq!(seen["entries"], mine["entries"], "the head sees the same log");
    let c = ok(&app, "gz_head", COMMENT, json!({ "userId": me, "day": d, "text": "演示前把方案给我看一下" })).await;
    assert_eq!((c["review"].as_bool(), c["month"].as_str()), (Some(false), Some(&d[..7])));
    assert_eq!(
        codes(&mutate(&app, "gz_am1", COMMENT, json!({ "userId": me, "day": d, "text": "自评" })).await),
        ["NOT_PERMITTED"]
    );
    let r = app
        .exec(
            Some("sz_head"),
            "mutation($i: CommentWorkLogInput!) { commentWorkLog(input: $i) { userErrors { code } } }",
            json!({ "i": { "userId": me, "day": d, "text": "别的分公司" } }),
        )
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND", "another branch's manager is out of reach");
    let after = log(&app, "gz_am1", &d, None).await;
    assert_eq!(after["comments"], json!([{ "text": "演示前把方案给我看一下", "author": { "username": "gz_head" } }]));
    assert_eq!(after["canComment"], false);
});

db_test!(the_head_reviews_the_teams_month_of_logs, |app| {
    let day = morning(&app);
    let d = day.to_string();
    let month = d[..7].to_string();
    let g = group(&app, "gz_am1", "广州市月度审阅公司", None).await;
    visit(&app, "gz_am1", &g, "ONSITE", "ROUTINE").await;
    visit(&app, "gz_am1", &g, "PHONE", "CARE").await;
    ok(&app, "gz_am1", NOTES, json!({ "day": d, "notes": "走访两家" })).await;
    let me = user_id(&app, "gz_am1");
    let q = "query($m: String, $u: ID) { workLogMonth(month: $m, userId: $u) { month canReview days { day records notes byKind { kind count } } comments { text review } } }";
    let m = app.data(Some("gz_head"), q, json!({ "m": month, "u": me })).await["workLogMonth"].clone();
    let today =
        m["days"].as_array().unwrap().iter().find(|x| x["day"] == d.as_str()).expect("the day is in the month").clone();
    assert_eq!(today["records"], 3, "the group created and two visits: {m:#}");
    assert_eq!(today["notes"], true);
    assert_eq!(
        today["byKind"],
        json!([{ "kind": "VISIT", "count": 1 }, { "kind": "CALL", "count": 1 }, { "kind": "ARCHIVE", "count": 1 }])
    );
    let team = "query($m: String) { teamWorkLogs(month: $m) { user { username } records daysWithRecords daysWithNotes reviews { text author { username } } } }";
    let rows = app.data(Some("gz_head"), team, json!({ "m": month })).await["teamWorkLogs"].clone();
    let names: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["user"]["username"].as_str().unwrap()).collect();
    assert!(names.contains(&"gz_am1") && names.contains(&"gz_am2") && !names.contains(&"sz_am1"), "{names:?}");
    let row =
        |rows: &Value| rows.as_array().unwrap().iter().find(|r| r["user"]["username"] == "gz_am1").unwrap().clone();
    let am1 = row(&rows);
    assert_eq!(
        (am1["records"].as_i64(), am1["daysWithRecords"].as_i64(), am1["daysWithNotes"].as_i64()),
        (Some(3), Some(1), Some(1))
    );
    assert_eq!(am1["reviews"], json!([]));
    // The review: the month, not a day; not a month still to come.
    let next = gecrm::fields::Month::parse("m", &month).unwrap().plus(1).to_string();
    assert_eq!(
        codes(&mutate(&app, "gz_head", COMMENT, json!({ "userId": me, "month": next, "text": "提前审阅" })).await),
        ["INVALID"]
    );
    assert_eq!(
        codes(&mutate(&app, "gz_head", COMMENT, json!({ "userId": me, "text": "没有月份" })).await),
        ["REQUIRED"]
    );
    let review =
        ok(&app, "gz_head", COMMENT, json!({ "userId": me, "month": month, "text": "本月走访节奏好，注意方案时限" }))
            .await;
    assert_eq!((review["review"].as_bool(), review["day"].clone()), (Some(true), Value::Null));
    let rows = app.data(Some("gz_head"), team, json!({ "m": month })).await["teamWorkLogs"].clone();
    assert_eq!(
        row(&rows)["reviews"],
        json!([{ "text": "本月走访节奏好，注意方案时限", "author": { "username": "gz_head" } }])
    );
    let own = app.data(Some("gz_am1"), q, json!({ "m": month })).await["workLogMonth"].clone();
    assert_eq!(own["comments"], json!([{ "text": "本月走访节奏好，注意方案时限", "review": true }]));
    assert_eq!(own["canReview"], false);
    // A manager has no team.
    assert_eq!(app.data(Some("gz_am1"), team, json!({ "m": month })).await["teamWorkLogs"], json!([]));
});
