//! 重点服务监控集团报表: the groups at risk in a head's scope, with how their handling stands.
use serde_json::{Value, json};

use crate::{
    archive::group,
    common::TestApp,
    db_test,
    flow::{Op, iso, ok},
};

const REPORT: &str = "{ monitoredGroups { group { id name owner { username } } handling openTasks doneTasks openRetention openComplaints lastContactAt warnings { kind } } }";

async fn report(app: &TestApp, who: &str) -> Vec<Value> {
    app.data(Some(who), REPORT, json!({})).await["monitoredGroups"].as_array().unwrap().clone()
}

fn row(rows: &[Value], g: &Value) -> Option<Value> {
    rows.iter().find(|r| r["group"]["id"] == g["id"]).cloned()
}

/// A churn-warning task for `who` on group `g`, as the churn rule makes one.
async fn churn_task(app: &TestApp, who: &str, g: &Value) {
    use gecrm::{
        graphql::relay::NodeKind,
        tasks::{NewTask, TaskKind, TaskText},
    };
    let id = NodeKind::Group.decode(&async_graphql::ID(g["id"].as_str().unwrap().into())).unwrap();
    let month = gecrm::fields::Month::of(gecrm::clock::business_date(app.clock_now()));
    let text = TaskText::GroupRevenueDrop {
        group: g["name"].as_str().unwrap().into(),
        reference_month: month.plus(-2).to_string(),
        month: month.plus(-1).to_string(),
        reference: "1000".parse().unwrap(),
        current: "700".parse().unwrap(),
        drop_percent: "30".parse().unwrap(),
    };
    let due = app.clock_now() + chrono::Duration::days(3);
    let t = NewTask {
        kind: TaskKind::ChurnWarning,
        assignee_id: app.viewer(who).user_id,
        group_id: Some(id),
        subject_type: "CustomerGroup",
        subject_id: id,
        text,
        due_at: due,
        dedupe_key: format!("test-churn-{id}"),
    };
    gecrm::tasks::ensure(&app.state.db, t, app.clock_now()).await.unwrap();
}

db_test!(the_head_watches_groups_at_risk_until_their_handling_is_done, |app| {
    let g = group(&app, "gz_am1", "广州市监控测试公司", None).await;
    let calm = group(&app, "gz_am2", "广州市平稳公司", None).await;
    let status = "mutation($id: ID!, $v: Int!, $r: String) { M(input: {id: $id, expectedVersion: $v, reason: $r}) { group { version } userErrors { code } } }";
    app.data(Some("gz_am1"), &status.replace("M(", "activateGroup("), json!({ "id": g["id"], "v": 1 })).await;
    app.data(
        Some("gz_am1"),
        &status.replace("M(", "flagGroupAtRisk("),
        json!({ "id": g["id"], "v": 2, "r": "异网低价竞争" }),
    )
    .await;
    churn_task(&app, "gz_am1", &g).await;
    let rows = report(&app, "gz_head").await;
    let r = row(&rows, &g).expect("the group at risk is watched");
    assert_eq!(
        (r["handling"].as_str(), r["openTasks"].as_i64(), r["lastContactAt"].clone()),
        (Some("UNHANDLED"), Some(1), Value::Null)
    );
    assert_eq!(r["group"]["owner"]["username"], "gz_am1");
    assert!(row(&rows, &calm).is_none(), "a calm group is not on the report");
    assert_eq!(rows[0]["handling"], "UNHANDLED", "waiting groups come first");
    // A visit takes it in hand; the warning's task done leaves nothing open.
    let now = app.clock_now();
    let card = json!({ "method": "ONSITE", "purpose": "RETENTION", "startedAt": iso(now - chrono::Duration::hours(1)), "endedAt": iso(now), "minutes": "了解异网报价，提出融合套餐" });
    ok(
        &app,
        "gz_am1",
        Op::mutation("logVisit").input("LogVisitInput").returns("visit", "id"),
        json!({ "groupId": g["id"], "card": card }),
    )
    .await;
    let r = row(&report(&app, "gz_head").await, &g).unwrap();
    assert_eq!(r["handling"], "IN_HAND");
    assert!(r["lastContactAt"].is_string());
    let task = app.data(Some("gz_am1"), "{ myTasks(kind: CHURN_WARNING) { nodes { id version } } }", json!({})).await["myTasks"]["nodes"][0].clone();
    ok(
        &app,
        "gz_am1",
        Op::mutation("completeTask").input("CompleteTaskInput").returns("task", "id"),
        json!({ "id": task["id"], "expectedVersion": task["version"], "note": "已推荐融合套餐" }),
    )
    .await;
    let r = row(&report(&app, "gz_head").await, &g).unwrap();
    assert_eq!(
        (r["handling"].as_str(), r["openTasks"].as_i64(), r["doneTasks"].as_i64()),
        (Some("HANDLED"), Some(0), Some(1))
    );
    // Scope: the owner sees it; a colleague and another branch do not.
    assert!(row(&report(&app, "gz_am1").await, &g).is_some());
    for who in ["gz_am2", "sz_head", "gz_desk"] {
        assert!(row(&report(&app, who).await, &g).is_none(), "{who}");
    }
});
