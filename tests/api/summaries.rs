//! Work summaries: drafted from the period's records, edited and submitted by the manager,
//! commented on by the head.
use serde_json::{Value, json};

use crate::{
    archive::group,
    common::{TestApp, error_code},
    dayplan::morning,
    db_test,
    flow::{Op, codes, create_proposal, iso, mutate, ok},
};

const SUMMARY: &str = "id period startsOn endsOn text status recorded { kind count } planDone planTotal comment commentedBy { username } canComment version";
const DRAFT: &str = "query($p: SummaryPeriod!, $d: Date) { summaryDraft(period: $p, day: $d) { period startsOn endsOn text planDone planTotal recorded { kind count } saved { id status } } }";
const SAVE: Op = Op::mutation("saveWorkSummary").input("SaveWorkSummaryInput").returns("summary", SUMMARY);
const SUBMIT: Op = Op::mutation("submitWorkSummary").input("WorkSummaryMoveInput").returns("summary", SUMMARY);
const COMMENT: Op = Op::mutation("commentWorkSummary").input("CommentWorkSummaryInput").returns("summary", SUMMARY);

async fn visit(app: &TestApp, g: &Value, method: &str) {
    let now = app.clock_now();
    let card = json!({ "method": method, "purpose": "ROUTINE", "startedAt": iso(now - chrono::Duration::minutes(40)), "endedAt": iso(now), "minutes": "例行" });
    ok(
        app,
        "gz_am1",
        Op::mutation("logVisit").input("LogVisitInput").returns("visit", "id"),
        json!({ "groupId": g["id"], "card": card }),
    )
    .await;
}

db_test!(a_summary_is_drafted_from_the_periods_records_then_submitted_and_commented, |app| {
    let day = morning(&app);
    let d = day.to_string();
    let g = group(&app, "gz_am1", "广州市小结测试公司", None).await;
    visit(&app, &g, "ONSITE").await;
    visit(&app, &g, "PHONE").await;
    visit(&app, &g, "PHONE").await;
    create_proposal(&app, "gz_am1", g["id"].as_str().unwrap(), None, vec![]).await;
    let plan = Op::mutation("addPlanItem").input("AddPlanItemInput").returns("item", "id version");
    ok(&app, "gz_am1", plan, json!({ "day": d, "groupId": g["id"], "details": { "matter": "VISIT", "means": "PHONE", "title": "再打一个电话" } })).await;
    let dropped = ok(
        &app,
        "gz_am1",
        plan,
        json!({ "day": d, "details": { "matter": "SERVICE", "means": "ONSITE", "title": "取消的事" } }),
    )
    .await;
    ok(
        &app,
        "gz_am1",
        Op::mutation("movePlanItem").input("MovePlanItemInput").returns("item", "id"),
        json!({ "id": dropped["id"], "expectedVersion": dropped["version"], "action": "DROP" }),
    )
    .await;
    // Another phone call closes the first plan item.
    visit(&app, &g, "PHONE").await;

    let draft = app.data(Some("gz_am1"), DRAFT, json!({ "p": "WEEK", "d": d })).await["summaryDraft"].clone();
    let week_start = day - chrono::Duration::days(i64::from(chrono::Datelike::weekday(&day).num_days_from_monday()));
    assert_eq!(draft["startsOn"], week_start.to_string());
    // The figures are the week's records: the log's own tally of the same days.
    let log =
        app.data(Some("gz_am1"), "query($d: Date) { workLog(day: $d) { entries { kind } } }", json!({ "d": d })).await;
    let mut from_log: Vec<(String, i64)> = Vec::new();
    for e in log["workLog"]["entries"].as_array().unwrap() {
        let k = e["kind"].as_str().unwrap().to_string();
        match from_log.iter_mut().find(|(x, _)| *x == k) {
            Some((_, n)) => *n += 1,
            None => from_log.push((k, 1)),
        }
    }
    let drafted: Vec<(String, i64)> = draft["recorded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["kind"].as_str().unwrap().to_string(), r["count"].as_i64().unwrap()))
        .collect();
    let mut sorted_log = from_log.clone();
    sorted_log.sort();
    let mut sorted_draft = drafted.clone();
    sorted_draft.sort();
    assert_eq!(sorted_draft, sorted_log, "the draft counts what the week's logs hold");
    assert!(drafted.contains(&("VISIT".into(), 1)) && drafted.contains(&("CALL".into(), 3)), "{drafted:?}");
    assert_eq!(
        (draft["planDone"].as_i64(), draft["planTotal"].as_i64()),
        (Some(1), Some(1)),
        "the dropped item does not count"
    );
    let text = draft["text"].as_str().unwrap();
    assert!(text.contains("上门走访 1 次，电话联系 3 次") && text.contains("新建 1 个"), "{text}");
    assert!(text.contains("计划完成 1 / 1 项"), "{text}");
    assert_eq!(draft["saved"], Value::Null);

    // Saved with the author's words, then changed with the version seen, then submitted.
    let edited = format!("{text}下周跟进方案审批。");
    let s = ok(&app, "gz_am1", SAVE, json!({ "period": "WEEK", "day": d, "text": edited })).await;
    assert_eq!((s["status"].as_str(), s["planDone"].as_i64()), (Some("DRAFT"), Some(1)));
    assert_eq!(s["recorded"], draft["recorded"], "the saved figures are the draft's");
    assert_eq!(
        codes(&mutate(&app, "gz_am1", SAVE, json!({ "period": "WEEK", "day": d, "text": "覆盖" })).await),
        ["REQUIRED"]
    );
    let s = ok(
        &app,
        "gz_am1",
        SAVE,
        json!({ "period": "WEEK", "day": d, "text": edited.clone() + "（已核对）", "expectedVersion": s["version"] }),
    )
    .await;
    assert!(s["text"].as_str().unwrap().ends_with("（已核对）"));
    assert_eq!(
        codes(&mutate(&app, "gz_head", SUBMIT, json!({ "id": s["id"], "expectedVersion": s["version"] })).await),
        ["NOT_PERMITTED"],
        "only its author submits"
    );
    let s = ok(&app, "gz_am1", SUBMIT, json!({ "id": s["id"], "expectedVersion": s["version"] })).await;
    assert_eq!(s["status"], "SUBMITTED");
    assert_eq!(
        codes(
            &mutate(
                &app,
                "gz_am1",
                SAVE,
                json!({ "period": "WEEK", "day": d, "text": "改", "expectedVersion": s["version"] })
            )
            .await
        ),
        ["INVALID_TRANSITION"]
    );

    // The head sees it among the team's, and comments once; the author cannot comment.
    let q = "{ workSummaries(status: SUBMITTED) { nodes { id user { username } } } }";
    let seen = app.data(Some("gz_head"), q, json!({})).await["workSummaries"]["nodes"].clone();
    assert!(seen.as_array().unwrap().iter().any(|n| n["id"] == s["id"]), "{seen:#}");
    assert_eq!(
        codes(
            &mutate(
                &app,
                "gz_am1",
                COMMENT,
                json!({ "id": s["id"], "expectedVersion": s["version"], "comment": "自评" })
            )
            .await
        ),
        ["NOT_PERMITTED"]
    );
    let c = ok(
        &app,
        "gz_head",
        COMMENT,
        json!({ "id": s["id"], "expectedVersion": s["version"], "comment": "电话多、上门少，下周多上门" }),
    )
    .await;
    assert_eq!(
        (c["status"].as_str(), c["commentedBy"]["username"].as_str(), c["canComment"].as_bool()),
        (Some("COMMENTED"), Some("gz_head"), Some(false))
    );
    assert_eq!(
        codes(
            &mutate(
                &app,
                "gz_head",
                COMMENT,
                json!({ "id": s["id"], "expectedVersion": c["version"], "comment": "再评" })
            )
            .await
        ),
        ["INVALID_TRANSITION"]
    );
    // Out of scope: not seen, not found.
    for who in ["gz_am2", "sz_head"] {
        let none = app.data(Some(who), q, json!({})).await["workSummaries"]["nodes"].clone();
        assert!(none.as_array().unwrap().iter().all(|n| n["id"] != s["id"]), "{who}");
        let node = app.data(Some(who), "query($id: ID!) { node(id: $id) { id } }", json!({ "id": s["id"] })).await;
        assert_eq!(node["node"], Value::Null, "{who}");
        let r = app
            .exec(
                Some(who),
                "mutation($i: CommentWorkSummaryInput!) { commentWorkSummary(input: $i) { userErrors { code } } }",
                json!({ "i": { "id": s["id"], "expectedVersion": c["version"], "comment": "越权" } }),
            )
            .await;
        assert_eq!(error_code(&r), "NOT_FOUND", "{who}");
    }
    // A period not begun yet is not summarised.
    let next = (day + chrono::Duration::days(8)).to_string();
    assert_eq!(
        codes(&mutate(&app, "gz_am1", SAVE, json!({ "period": "WEEK", "day": next, "text": "未来" })).await),
        ["INVALID"]
    );
});
