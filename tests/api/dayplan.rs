//! The day's plan (三定): items picked from what the checks surfaced or added by hand, in the order
//! of the day, closing themselves when the visit, call or task that does them is recorded.
use chrono::Duration;
use gecrm::clock::{beijing_at, business_date};
use serde_json::{Value, json};

use crate::{
    archive::group,
    common::{TestApp, error_code},
    db_test,
    flow::{Op, codes, create_proposal, iso, last_audit, mutate, ok},
};

const ITEM: &str = "id day priority matter means title at target purpose preparation resources status closedBy closedAt note version \
                    group { id } task { id } visit { id } closingVisit { id method }";
const ADD: Op = Op::mutation("addPlanItem").input("AddPlanItemInput").returns("item", ITEM);
const MOVE: Op = Op::mutation("movePlanItem").input("MovePlanItemInput").returns("item", ITEM);
const EDIT: Op = Op::mutation("editPlanItem").input("EditPlanItemInput").returns("item", ITEM);
const PLAN: &str =
    "query($d: Date, $u: ID) { dayPlan(day: $d, userId: $u) { id title priority status closedBy group { id } } }";
const SUGGESTIONS: &str = "query($d: Date) { dayPlanSuggestions(day: $d) { title priority matter means at group { id } task { id kind version } visit { id } } }";

/// Moves the clock to 08:30 Beijing on the day after the seed's, so the day's hours are ahead.
pub fn morning(app: &TestApp) -> chrono::NaiveDate {
    let day = business_date(app.clock_now()) + Duration::days(1);
    app.clock.set(beijing_at(day, 8, 30));
    day
}

/// A key-date care task for `who` on group `g`, due at `due`.
pub async fn care_task(app: &TestApp, who: &str, g: &Value, due: chrono::DateTime<chrono::Utc>) {
    use gecrm::{
        graphql::relay::NodeKind,
        tasks::{NewTask, TaskKind, TaskText},
    };
    let id = NodeKind::Group.decode(&async_graphql::ID(g["id"].as_str().unwrap().into())).unwrap();
    let text = TaskText::KeyDate {
        group: g["name"].as_str().unwrap_or("集团").into(),
        occasion: Some("成立十周年".into()),
        manager: who.into(),
        on: business_date(due),
    };
    let t = NewTask {
        kind: TaskKind::Care,
        assignee_id: app.viewer(who).user_id,
        group_id: Some(id),
        subject_type: "CustomerGroup",
        subject_id: id,
        text,
        due_at: due,
        dedupe_key: format!("test-care-{id}"),
    };
    gecrm::tasks::ensure(&app.state.db, t, app.clock_now()).await.unwrap();
}

async fn plan(app: &TestApp, who: &str, day: &str, user: Option<&Value>) -> Value {
    app.data(Some(who), PLAN, json!({ "d": day, "u": user })).await["dayPlan"].clone()
}

fn details(matter: &str, means: &str, title: Option<&str>) -> Value {
    json!({ "matter": matter, "means": means, "title": title })
}

async fn log(app: &TestApp, who: &str, g: &Value, method: &str, purpose: &str) -> Value {
    let now = app.clock_now();
    let card = json!({ "method": method, "purpose": purpose, "startedAt": iso(now - Duration::minutes(30)), "endedAt": iso(now), "minutes": "沟通顺利" });
    ok(
        app,
        who,
        Op::mutation("logVisit").input("LogVisitInput").returns("visit", "id"),
        json!({ "groupId": g["id"], "card": card }),
    )
    .await
}

db_test!(the_plan_keeps_the_order_of_the_day_and_closes_itself_from_the_days_records, |app| {
    let day = morning(&app);
    let d = day.to_string();
    let (g1, g2, g3) = (
        group(&app, "gz_am1", "广州市计划一号科技公司", None).await,
        group(&app, "gz_am1", "广州市计划二号贸易公司", None).await,
        group(&app, "gz_am1", "广州市计划三号制造公司", None).await,
    );
    // A visit planned for 15:00 is among the morning's suggestions, as an appointment.
    let at = beijing_at(day, 15, 0);
    let planned = ok(
        &app,
        "gz_am1",
        Op::mutation("planVisit").input("PlanVisitInput").returns("visit", "id version"),
        json!({ "groupId": g1["id"], "method": "ONSITE", "purpose": "NEEDS", "plannedAt": iso(at) }),
    )
    .await;
    let s = app.data(Some("gz_am1"), SUGGESTIONS, json!({ "d": d })).await["dayPlanSuggestions"].clone();
    let from_visit = s
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["visit"]["id"] == planned["id"])
        .expect("the planned visit is suggested")
        .clone();
    assert_eq!(
        (from_visit["priority"].as_str(), from_visit["matter"].as_str(), from_visit["means"].as_str()),
        (Some("APPOINTMENT"), Some("INFORMATION"), Some("ONSITE"))
    );
    assert_eq!(from_visit["title"], "走访：需求了解");
    let appointment = ok(&app, "gz_am1", ADD, json!({ "day": d, "visitId": planned["id"],
        "details": { "matter": "VISIT", "means": "ONSITE", "target": "信息科王科长", "purpose": "了解专线扩容需求", "preparation": "带专线资费单", "resources": "请产品经理同行" } })).await;
    assert_eq!(
        (appointment["priority"].as_str(), appointment["at"].as_str()),
        (Some("APPOINTMENT"), Some(iso(at).as_str()))
    );
    assert_eq!(appointment["group"]["id"], g1["id"], "the visit's group");
    assert_eq!(appointment["title"], "走访：需求了解");
    let twice = mutate(
        &app,
        "gz_am1",
        ADD,
        json!({ "day": d, "visitId": planned["id"], "details": details("VISIT", "ONSITE", None) }),
    )
    .await;
    assert_eq!(codes(&twice), ["DUPLICATE"]);
    // Items of one's own: routine unless a deal is in progress on the group.
    let routine = ok(
        &app,
        "gz_am1",
        ADD,
        json!({ "day": d, "groupId": g2["id"], "details": details("RETENTION", "PHONE", Some("电话回访续约意向")) }),
    )
    .await;
    assert_eq!(routine["priority"], "ROUTINE");
    create_proposal(&app, "gz_am1", g3["id"].as_str().unwrap(), None, vec![]).await;
    let key = ok(
        &app,
        "gz_am1",
        ADD,
        json!({ "day": d, "groupId": g3["id"], "details": details("VISIT", "DEMO", Some("演示云视讯方案")) }),
    )
    .await;
    assert_eq!(key["priority"], "KEY_PROJECT", "a proposal is in progress on the group");
    let loose = ok(
        &app,
        "gz_am1",
        ADD,
        json!({ "day": d, "details": details("INFORMATION", "PHONE", Some("整理行业客户名单")) }),
    )
    .await;
    let g4 = group(&app, "gz_am1", "广州市计划四号物流公司", None).await;
    care_task(&app, "gz_am1", &g4, beijing_at(day, 17, 0)).await;
    // A task due today is suggested, taken into the plan, and closes with it.
    let s = app.data(Some("gz_am1"), SUGGESTIONS, json!({ "d": d })).await["dayPlanSuggestions"].clone();
    assert!(
        s.as_array().unwrap().iter().all(|x| x["visit"]["id"] != planned["id"]),
        "a planned item is no longer suggested"
    );
    let task = s
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["group"]["id"] == g4["id"])
        .expect("the care task due today is suggested")
        .clone();
    assert_eq!(
        (task["priority"].as_str(), task["matter"].as_str(), task["means"].as_str()),
        (Some("ROUTINE"), Some("SERVICE"), Some("PHONE"))
    );
    let from_task = ok(&app, "gz_am1", ADD, json!({ "day": d, "taskId": task["task"]["id"], "details": details(task["matter"].as_str().unwrap(), task["means"].as_str().unwrap(), None) })).await;
    assert_eq!(from_task["title"], task["title"], "the task's own words");
    assert_eq!(from_task["task"]["id"], task["task"]["id"]);

    let order: Vec<Value> =
        plan(&app, "gz_am1", &d, None).await.as_array().unwrap().iter().map(|i| i["priority"].clone()).collect();
    let mut sorted = order.clone();
    let rank = |p: &Value| ["APPOINTMENT", "KEY_PROJECT", "ROUTINE"].iter().position(|x| p == x).unwrap();
    sorted.sort_by_key(rank);
    assert_eq!(order, sorted, "appointments, then key projects, then routine");
    assert_eq!(order[0], "APPOINTMENT");

    // A call to the second group does its phone item; the first group's on-site visit is still to come.
    let call = log(&app, "gz_am1", &g2, "PHONE", "CARE").await;
    let now = plan(&app, "gz_am1", &d, None).await;
    let find = |id: &Value| now.as_array().unwrap().iter().find(|i| i["id"] == *id).unwrap().clone();
    assert_eq!(
        (find(&routine["id"])["status"].as_str(), find(&routine["id"])["closedBy"].as_str()),
        (Some("DONE"), Some("VISIT"))
    );
    assert_eq!(find(&appointment["id"])["status"], "OPEN");
    let closed = app
        .data(
            Some("gz_am1"),
            &format!("query($id: ID!) {{ node(id: $id) {{ ... on PlanItem {{ {ITEM} }} }} }}"),
            json!({ "id": routine["id"] }),
        )
        .await["node"]
        .clone();
    assert_eq!(closed["closingVisit"], json!({ "id": call["id"], "method": "PHONE" }));
    let audit = last_audit(&app, "PlanItem").await;
    assert_eq!((audit.action.as_str(), audit.after.unwrap()["status"].as_str()), ("plan.close", Some("DONE")));
    // A call does not do an on-site demo; a visit on site does.
    log(&app, "gz_am1", &g3, "PHONE", "PROPOSAL").await;
    assert_eq!(find_status(&app, &d, &key["id"]).await, "OPEN");
    log(&app, "gz_am1", &g3, "ONSITE", "PROPOSAL").await;
    assert_eq!(find_status(&app, &d, &key["id"]).await, "DONE");
    // The planned visit recorded closes its appointment.
    app.clock.set(at + Duration::hours(1));
    let card = json!({ "method": "ONSITE", "purpose": "NEEDS", "startedAt": iso(at), "endedAt": iso(at + Duration::minutes(50)), "minutes": "需求已记录" });
    ok(
        &app,
        "gz_am1",
        Op::mutation("recordVisit").input("RecordVisitInput").returns("visit", "id"),
        json!({ "id": planned["id"], "expectedVersion": planned["version"], "card": card }),
    )
    .await;
    assert_eq!(find_status(&app, &d, &appointment["id"]).await, "DONE");
    // The task done closes its item.
    ok(
        &app,
        "gz_am1",
        Op::mutation("completeTask").input("CompleteTaskInput").returns("task", "id"),
        json!({ "id": task["task"]["id"], "expectedVersion": task["task"]["version"], "note": "已处理" }),
    )
    .await;
    let item = find_item(&app, &d, &from_task["id"]).await;
    assert_eq!((item["status"].as_str(), item["closedBy"].as_str()), (Some("DONE"), Some("TASK")));
    // What no record does is marked by hand, and may be opened again; a stale version is refused.
    let done = ok(
        &app,
        "gz_am1",
        MOVE,
        json!({ "id": loose["id"], "expectedVersion": loose["version"], "action": "COMPLETE", "note": "名单已整理" }),
    )
    .await;
    assert_eq!(
        (done["status"].as_str(), done["closedBy"].as_str(), done["note"].as_str()),
        (Some("DONE"), Some("MANUAL"), Some("名单已整理"))
    );
    let stale = app
        .exec(
            Some("gz_am1"),
            "mutation($i: MovePlanItemInput!) { movePlanItem(input: $i) { userErrors { code } } }",
            json!({ "i": { "id": loose["id"], "expectedVersion": loose["version"], "action": "REOPEN" } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    let again =
        ok(&app, "gz_am1", MOVE, json!({ "id": loose["id"], "expectedVersion": done["version"], "action": "REOPEN" }))
            .await;
    assert_eq!((again["status"].as_str(), again["closedBy"].clone()), (Some("OPEN"), Value::Null));
    let twice = mutate(
        &app,
        "gz_am1",
        MOVE,
        json!({ "id": loose["id"], "expectedVersion": again["version"], "action": "REOPEN" }),
    )
    .await;
    assert_eq!(codes(&twice), ["INVALID_TRANSITION"]);
    // Editing keeps the item and sets what was chosen.
    let edited = ok(&app, "gz_am1", EDIT, json!({ "id": loose["id"], "expectedVersion": again["version"],
        "details": { "priority": "KEY_PROJECT", "matter": "INFORMATION", "means": "PHONE", "title": "整理行业客户名单（教育）", "resources": "市场部名单" } })).await;
    assert_eq!((edited["priority"].as_str(), edited["resources"].as_str()), (Some("KEY_PROJECT"), Some("市场部名单")));
});

async fn find_item(app: &TestApp, day: &str, id: &Value) -> Value {
    plan(app, "gz_am1", day, None).await.as_array().unwrap().iter().find(|i| i["id"] == *id).unwrap().clone()
}

async fn find_status(app: &TestApp, day: &str, id: &Value) -> String {
    find_item(app, day, id).await["status"].as_str().unwrap().to_string()
}

db_test!(a_plan_is_seen_by_its_owner_and_their_heads_and_changed_by_its_owner_only, |app| {
    let day = morning(&app);
    let d = day.to_string();
    let g = group(&app, "gz_am1", "广州市范围测试公司", None).await;
    let item = ok(
        &app,
        "gz_am1",
        ADD,
        json!({ "day": d, "groupId": g["id"], "details": details("SERVICE", "ONSITE", Some("上门检查专线")) }),
    )
    .await;
    let me = app.data(Some("gz_am1"), "{ me { id } }", json!({})).await["me"]["id"].clone();
    assert_eq!(plan(&app, "gz_head", &d, Some(&me)).await[0]["id"], item["id"], "the head sees the team's plans");
    for who in ["gz_am2", "sz_head", "gz_desk"] {
        let r = app.exec(Some(who), PLAN, json!({ "d": d, "u": me })).await;
        assert_eq!(error_code(&r), "NOT_FOUND", "{who}");
        let node = app.data(Some(who), "query($id: ID!) { node(id: $id) { id } }", json!({ "id": item["id"] })).await;
        assert_eq!(node["node"], Value::Null, "{who}");
        assert_eq!(plan(&app, who, &d, None).await, json!([]), "{who} has a plan of their own, empty");
    }
    let theirs = app
        .exec(
            Some("gz_head"),
            "mutation($i: MovePlanItemInput!) { movePlanItem(input: $i) { userErrors { code } } }",
            json!({ "i": { "id": item["id"], "expectedVersion": item["version"], "action": "DROP" } }),
        )
        .await;
    assert_eq!(error_code(&theirs), "NOT_FOUND", "only its owner changes an item");
    // Another's group, task or visit cannot be planned; days out of reach are refused.
    assert_eq!(
        codes(
            &mutate(
                &app,
                "gz_am2",
                ADD,
                json!({ "day": d, "groupId": g["id"], "details": details("SERVICE", "PHONE", Some("x")) })
            )
            .await
        ),
        ["NOT_FOUND"]
    );
    care_task(&app, "gz_am1", &g, beijing_at(day, 12, 0)).await;
    let their_task = app.data(Some("gz_am1"), SUGGESTIONS, json!({ "d": d })).await["dayPlanSuggestions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| !x["task"].is_null())
        .unwrap()["task"]["id"]
        .clone();
    assert_eq!(
        codes(
            &mutate(
                &app,
                "gz_am2",
                ADD,
                json!({ "day": d, "taskId": their_task, "details": details("SERVICE", "PHONE", None) })
            )
            .await
        ),
        ["NOT_FOUND"]
    );
    for (bad, why) in [(day - Duration::days(1), "yesterday"), (day + Duration::days(7), "a week ahead")] {
        let r = mutate(
            &app,
            "gz_am1",
            ADD,
            json!({ "day": bad.to_string(), "details": details("SERVICE", "PHONE", Some("x")) }),
        )
        .await;
        assert_eq!(codes(&r), ["INVALID"], "{why}");
    }
    let elsewhere = mutate(&app, "gz_am1", ADD, json!({ "day": d, "details": { "matter": "VISIT", "means": "ONSITE", "title": "约见", "at": iso(beijing_at(day + Duration::days(1), 10, 0)) } })).await;
    assert_eq!(codes(&elsewhere), ["INVALID"], "the time is on the planned day");
    assert_eq!(
        codes(
            &mutate(&app, "gz_am1", ADD, json!({ "day": d, "details": details("SERVICE", "PHONE", Some("  ")) })).await
        ),
        ["REQUIRED"]
    );
});
