//! The customer archive: groups, portfolios, members, contacts, visits.
use gecrm::graphql::relay::NodeKind;
use serde_json::{Value, json};

use crate::{
    common::{TestApp, error_code},
    db_test,
};

pub const CREATE_GROUP: &str = "mutation($f: GroupFieldsInput!, $o: ID) { createGroup(input: {fields: $f, ownerId: $o}) { group { id code name status version owner { username } department { code } region { county } } userErrors { field code message } } }";

pub fn fields(name: &str, county: &str) -> Value {
    json!({
        "name": name, "kind": "GOVERNMENT", "segment": "CLUSTER", "industry": "政务", "valueClass": "A",
        "tier": "GOLD", "county": county, "town": "石牌街", "address": "天河路 1 号",
        "annualOutputOver3M": true, "competitors": ["中国电信"], "informatizationProducts": ["OA"],
        "foundedOn": "2001-05-01", "keyDates": [{"name": "成立纪念日", "date": "2001-05-01"}],
    })
}

pub fn user_id(app: &TestApp, username: &str) -> String {
    NodeKind::User.id(app.viewer(username).user_id).0
}

/// Creates a group as `who` and returns it.
pub async fn group(app: &TestApp, who: &str, name: &str, owner: Option<&str>) -> Value {
    let owner = owner.map(|o| user_id(app, o));
    let d = app.data(Some(who), CREATE_GROUP, json!({ "f": fields(name, "天河区"), "o": owner })).await;
    assert_eq!(d["createGroup"]["userErrors"], json!([]), "{d:#}");
    d["createGroup"]["group"].clone()
}

fn error_fields(payload: &Value) -> Vec<(String, String)> {
    payload["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let path: Vec<&str> = e["field"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
            (path.join("."), e["code"].as_str().unwrap().to_string())
        })
        .collect()
}

db_test!(groups_get_generated_codes_and_duplicate_names_are_user_errors, |app| {
    let audit_before = app.count("audit_event").await;
    let a = group(&app, "gz_am1", "广州市天河区政务服务中心", None).await;
    assert_eq!(a["code"], "GZA00001");
    assert_eq!(a["status"], "PROSPECT");
    assert_eq!(a["owner"]["username"], "gz_am1");
    assert_eq!(a["department"]["code"], "gz-jk");
    let b = group(&app, "gz_am1", "广州市天河区教育局", None).await;
    assert_eq!(b["code"], "GZA00002", "sequence per region and class");
    let mut f = fields("深圳市南山区科技园管委会", "南山区");
    f["valueClass"] = json!("B");
    let sz = app.data(Some("sz_am1"), CREATE_GROUP, json!({ "f": f })).await;
    assert_eq!(sz["createGroup"]["group"]["code"], "SZB00001");
    assert_eq!(app.count("audit_event").await, audit_before + 3);

    // Same name in the same county: a user error on the name, nothing written.
    let dup = app.data(Some("gz_am1"), CREATE_GROUP, json!({ "f": fields(" 广州市天河区教育局 ", "天河区") })).await;
    assert_eq!(error_fields(&dup["createGroup"]), [("input.fields.name".into(), "DUPLICATE".into())]);
    // The same name elsewhere is fine.
    let other = app.data(Some("gz_am1"), CREATE_GROUP, json!({ "f": fields("广州市天河区教育局", "越秀区") })).await;
    assert_eq!(other["createGroup"]["userErrors"], json!([]));

    // Every bad field is reported at once.
    let mut bad = fields("", "天河区");
    bad["address"] = json!("  ");
    bad["foundedOn"] = json!("2099-01-01");
    bad["notes"] = json!("很".repeat(4001));
    let r = app.data(Some("gz_am1"), CREATE_GROUP, json!({ "f": bad })).await;
    assert_eq!(
        error_fields(&r["createGroup"]),
        [
            ("input.fields.name".into(), "REQUIRED".into()),
            ("input.fields.address".into(), "REQUIRED".into()),
            ("input.fields.foundedOn".into(), "INVALID".into()),
            ("input.fields.notes".into(), "TOO_LONG".into()),
        ]
    );
    // A head must say who owns the group; installers keep no archive.
    let r = app.data(Some("gz_head"), CREATE_GROUP, json!({ "f": fields("新集团", "天河区") })).await;
    assert_eq!(error_fields(&r["createGroup"]), [("input.ownerId".into(), "REQUIRED".into())]);
    let r = app.exec(Some("gz_installer"), CREATE_GROUP, json!({ "f": fields("新集团", "天河区") })).await;
    assert_eq!(error_code(&r), "FORBIDDEN");
    // A head cannot hand a group to a manager outside the department.
    let r = app
        .data(Some("gz_head"), CREATE_GROUP, json!({ "f": fields("新集团", "天河区"), "o": user_id(&app, "sz_am1") }))
        .await;
    assert_eq!(error_fields(&r["createGroup"]), [("input.ownerId".into(), "NOT_FOUND".into())]);
});

const UPDATE_GROUP: &str = "mutation($id: ID!, $v: Int!, $f: GroupFieldsInput!) { updateGroup(input: {id: $id, expectedVersion: $v, fields: $f}) { group { name version tier } userErrors { field code } } }";

db_test!(a_stale_version_is_a_conflict_and_overwrites_nothing, |app| {
    let g = group(&app, "gz_am1", "广州地铁集团", None).await;
    let mut f = fields("广州地铁集团有限公司", "天河区");
    f["tier"] = json!("DIAMOND");
    let first = app.data(Some("gz_am1"), UPDATE_GROUP, json!({ "id": g["id"], "v": 1, "f": f })).await;
    assert_eq!(first["updateGroup"]["group"]["version"], 2);
    assert_eq!(first["updateGroup"]["group"]["tier"], "DIAMOND");
    // The head edits from the same stale page.
    let stale =
        app.exec(Some("gz_head"), UPDATE_GROUP, json!({ "id": g["id"], "v": 1, "f": fields("改名", "天河区") })).await;
    assert_eq!(error_code(&stale), "CONFLICT");
    let now =
        app.data(Some("gz_am1"), "query($id: ID!) { group(id: $id) { name version } }", json!({ "id": g["id"] })).await;
    assert_eq!(now["group"], json!({ "name": "广州地铁集团有限公司", "version": 2 }));
});

const STATUS: &str = "mutation($id: ID!, $v: Int!, $r: String) { M(input: {id: $id, expectedVersion: $v, reason: $r}) { group { status version } userErrors { field code } } }";

async fn status(app: &TestApp, mutation: &str, id: &Value, v: i64, reason: Option<&str>) -> Value {
    let q = STATUS.replace("M(", &format!("{mutation}("));
    app.data(Some("gz_am1"), &q, json!({ "id": id, "v": v, "r": reason })).await[mutation].clone()
}

db_test!(group_status_changes_follow_the_lifecycle_and_archiving_freezes_the_card, |app| {
    let g = group(&app, "gz_am1", "广州市白云区卫健局", None).await;
    let id = &g["id"];
    assert_eq!(status(&app, "activateGroup", id, 1, None).await["group"]["status"], "ACTIVE");
    let no_reason = status(&app, "flagGroupAtRisk", id, 2, None).await;
    assert_eq!(error_fields(&no_reason), [("input.reason".into(), "REQUIRED".into())]);
    assert_eq!(status(&app, "flagGroupAtRisk", id, 2, Some("异网低价竞争")).await["group"]["status"], "AT_RISK");
    let wrong = status(&app, "activateGroup", id, 3, None).await;
    assert_eq!(error_fields(&wrong), [("input.id".into(), "INVALID_TRANSITION".into())]);
    assert_eq!(status(&app, "markGroupChurned", id, 3, Some("整体转网")).await["group"]["status"], "CHURNED");
    assert_eq!(status(&app, "winBackGroup", id, 4, None).await["group"]["status"], "ACTIVE");

    let archive = "mutation($id: ID!, $v: Int!) { archiveGroup(input: {id: $id, expectedVersion: $v}) { group { archivedAt version } userErrors { code } } }";
    let a = app.data(Some("gz_am1"), archive, json!({ "id": id, "v": 5 })).await;
    assert!(a["archiveGroup"]["group"]["archivedAt"].is_string());
    let list = app
        .data(
            Some("gz_am1"),
            "{ groups { totalCount } archived: groups(filter: {archived: true}) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(list["groups"]["totalCount"], 0, "archived groups leave the list");
    assert_eq!(list["archived"]["nodes"][0]["id"], *id);
    let frozen = app.data(Some("gz_am1"), UPDATE_GROUP, json!({ "id": id, "v": 6, "f": fields("x", "天河区") })).await;
    assert_eq!(error_fields(&frozen["updateGroup"]), [("input.id".into(), "INVALID_TRANSITION".into())]);
    let restore = archive.replace("archiveGroup", "restoreGroup");
    let r = app.data(Some("gz_am1"), &restore, json!({ "id": id, "v": 6 })).await;
    assert_eq!(r["restoreGroup"]["group"]["archivedAt"], Value::Null);
    // The whole story is in the group's history.
    let h = app
        .data(
            Some("gz_am1"),
            "query($id: ID!) { group(id: $id) { auditEvents(first: 20) { nodes { action after } } } }",
            json!({ "id": id }),
        )
        .await;
    let actions: Vec<&str> =
        h["group"]["auditEvents"]["nodes"].as_array().unwrap().iter().map(|n| n["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "group.restore",
            "group.archive",
            "group.win_back",
            "group.mark_churned",
            "group.flag_at_risk",
            "group.activate",
            "group.create"
        ]
    );
    assert_eq!(h["group"]["auditEvents"]["nodes"][3]["after"]["reason"], "整体转网");
});

const SEE: &str = "query($id: ID!) { group(id: $id) { name } node(id: $id) { id } groups { totalCount } }";

db_test!(each_role_sees_only_its_portfolio_and_invisible_groups_look_missing, |app| {
    let g = group(&app, "gz_am1", "广州市海珠区税务局", None).await;
    let id = &g["id"];
    for (who, sees) in [
        ("gz_am1", true),
        ("gz_am2", false),
        ("sz_am1", false),
        ("gz_head", true),
        ("sz_head", false),
        ("gz_branch", true),
        ("sz_branch", false),
        ("gm", true),
        ("admin", true),
        ("gz_installer", false),
    ] {
        let d = app.data(Some(who), SEE, json!({ "id": id })).await;
        assert_eq!(d["group"].is_object(), sees, "{who} group(id)");
        assert_eq!(d["node"].is_object(), sees, "{who} node(id)");
        assert_eq!(d["groups"]["totalCount"], if sees { 1 } else { 0 }, "{who} groups");
    }
    // An invisible group answers exactly like one that does not exist, for reads and writes.
    let missing = NodeKind::Group.id(999_999).0;
    let a = app.exec(Some("gz_am2"), SEE, json!({ "id": id })).await;
    let b = app.exec(Some("gz_am2"), SEE, json!({ "id": missing })).await;
    assert_eq!(a, b);
    let w1 = app.exec(Some("sz_am1"), UPDATE_GROUP, json!({ "id": id, "v": 1, "f": fields("x", "天河区") })).await;
    let w2 = app.exec(Some("sz_am1"), UPDATE_GROUP, json!({ "id": missing, "v": 1, "f": fields("x", "天河区") })).await;
    assert_eq!(error_code(&w1), "NOT_FOUND");
    assert_eq!(w1["errors"][0]["message"], w2["errors"][0]["message"]);
    // Records under the group follow it, through node() too.
    let c = app
        .data(Some("gz_am1"), CREATE_CONTACT, json!({ "g": id, "f": { "name": "李主任", "role": "DECISION_MAKER" } }))
        .await;
    let cid = &c["createContact"]["contact"]["id"];
    let seen = app.data(Some("gz_am2"), "query($id: ID!) { node(id: $id) { id } }", json!({ "id": cid })).await;
    assert_eq!(seen["node"], Value::Null);
    let seen = app
        .data(Some("gz_head"), "query($id: ID!) { node(id: $id) { ... on Contact { name } } }", json!({ "id": cid }))
        .await;
    assert_eq!(seen["node"]["name"], "李主任");
});

const REASSIGN: &str = "mutation($ids: [ID!]!, $to: ID!, $r: String!) { reassignGroups(input: {groupIds: $ids, toOwnerId: $to, reason: $r}) { groups { owner { username } version } userErrors { field code } } }";
const HISTORY: &str = "query($id: ID!) { group(id: $id) { unassigned reassignments { fromOwner { username } toOwner { username } by { username } reason occurredAt } } }";

db_test!(reassignment_keeps_history_and_moves_the_portfolio, |app| {
    let a = group(&app, "gz_am1", "广州港集团", None).await;
    let b = group(&app, "gz_am1", "广州白云机场", None).await;
    let ids = json!([a["id"], b["id"]]);
    let to = user_id(&app, "gz_am2");
    let r = app.exec(Some("gz_am1"), REASSIGN, json!({ "ids": ids, "to": to, "r": "调岗" })).await;
    assert_eq!(error_code(&r), "FORBIDDEN", "managers do not reassign");
    let r = app.data(Some("sz_head"), REASSIGN, json!({ "ids": ids, "to": to, "r": "调岗" })).await;
    assert_eq!(error_fields(&r["reassignGroups"])[0].1, "NOT_FOUND", "another department's manager is out of reach");
    let r = app.data(Some("gz_head"), REASSIGN, json!({ "ids": ids, "to": to, "r": " " })).await;
    assert_eq!(error_fields(&r["reassignGroups"]), [("input.reason".into(), "REQUIRED".into())]);

    let r = app.data(Some("gz_head"), REASSIGN, json!({ "ids": ids, "to": to, "r": "张晓明调岗，客户移交" })).await;
    let moved = r["reassignGroups"]["groups"].as_array().unwrap();
    assert_eq!(moved.len(), 2);
    assert!(moved.iter().all(|g| g["owner"]["username"] == "gz_am2" && g["version"] == 2));
    let h = app.data(Some("gz_head"), HISTORY, json!({ "id": a["id"] })).await;
    let entry = &h["group"]["reassignments"][0];
    assert_eq!(entry["fromOwner"]["username"], "gz_am1");
    assert_eq!(entry["toOwner"]["username"], "gz_am2");
    assert_eq!(entry["by"]["username"], "gz_head");
    assert_eq!(entry["reason"], "张晓明调岗，客户移交");
    // The portfolio moved with it.
    let old = app.data(Some("gz_am1"), "{ groups { totalCount } }", json!({})).await;
    assert_eq!(old["groups"]["totalCount"], 0);
    let new = app.data(Some("gz_am2"), "{ groups { totalCount } }", json!({})).await;
    assert_eq!(new["groups"]["totalCount"], 2);
    // Reassigning to the current owner is refused, and nothing moves.
    let again = app.data(Some("gz_head"), REASSIGN, json!({ "ids": ids, "to": to, "r": "再次" })).await;
    assert_eq!(error_fields(&again["reassignGroups"])[0].1, "INVALID_TRANSITION");

    // When the manager is disabled, the head sees the groups as unassigned.
    let disable = "mutation($id: ID!) { disableUser(input: {id: $id, expectedVersion: 1}) { userErrors { code } } }";
    app.data(Some("admin"), disable, json!({ "id": to })).await;
    let h = app.data(Some("gz_head"), HISTORY, json!({ "id": a["id"] })).await;
    assert_eq!(h["group"]["unassigned"], true);
    let list = app.data(Some("gz_head"), "{ groups(filter: {unassigned: true}) { totalCount } others: groups(filter: {unassigned: false}) { totalCount } }", json!({})).await;
    assert_eq!(list["groups"]["totalCount"], 2);
    assert_eq!(list["others"]["totalCount"], 0);
    // … and can hand them on.
    let r = app
        .data(Some("gz_head"), REASSIGN, json!({ "ids": ids, "to": user_id(&app, "gz_am1"), "r": "原经理离职" }))
        .await;
    assert_eq!(r["reassignGroups"]["userErrors"], json!([]));
    let h = app.data(Some("gz_head"), HISTORY, json!({ "id": a["id"] })).await;
    assert_eq!(h["group"]["reassignments"].as_array().unwrap().len(), 2, "history is kept");
});

pub const CREATE_CONTACT: &str = "mutation($g: ID!, $f: ContactFieldsInput!) { createContact(input: {groupId: $g, fields: $f}) { contact { id name phones role } userErrors { field code } } }";

db_test!(contacts_are_validated_and_decision_makers_come_first, |app| {
    let g = group(&app, "gz_am1", "广州市越秀区人民医院", None).await;
    let bad = app.data(Some("gz_am1"), CREATE_CONTACT, json!({ "g": g["id"], "f": { "name": "王科长", "role": "LIAISON", "phones": ["12345"], "email": "not-mail", "birthday": "2099-01-01" } })).await;
    assert_eq!(
        error_fields(&bad["createContact"]),
        [
            ("input.fields.phones.0".into(), "INVALID".into()),
            ("input.fields.email".into(), "INVALID".into()),
            ("input.fields.birthday".into(), "INVALID".into()),
        ]
    );
    for (name, role, phone) in [
        ("王科长", "LIAISON", "020 8765 4321"),
        ("陈院长", "DECISION_MAKER", "+86 139 0000 1111"),
        ("刘工", "TECHNICAL", "13800138000"),
    ] {
        let r = app.data(Some("gz_am1"), CREATE_CONTACT, json!({ "g": g["id"], "f": { "name": name, "role": role, "phones": [phone], "birthday": "1975-02-28" } })).await;
        assert_eq!(r["createContact"]["userErrors"], json!([]));
    }
    let d = app
        .data(
            Some("gz_am1"),
            "query($id: ID!) { group(id: $id) { contacts { name phones birthday } } }",
            json!({ "id": g["id"] }),
        )
        .await;
    let names: Vec<&str> =
        d["group"]["contacts"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["陈院长", "王科长", "刘工"]);
    assert_eq!(d["group"]["contacts"][0]["phones"], json!(["13900001111"]));
    assert_eq!(d["group"]["contacts"][1]["phones"], json!(["020-87654321"]));
    assert_eq!(d["group"]["contacts"][0]["birthday"], "1975-02-28");
});

db_test!(the_demo_archive_is_visible_by_portfolio_and_new_codes_follow_it, |app| {
    assert!(gecrm::seed::demo_archive(&app.state.db, app.clock_now()).await.unwrap());
    assert!(!gecrm::seed::demo_archive(&app.state.db, app.clock_now()).await.unwrap(), "loaded once");
    let count = |d: &Value| d["groups"]["totalCount"].as_i64().unwrap();
    let q = "{ groups { totalCount nodes { owner { username } contacts { name } } } }";
    let am = app.data(Some("gz_am1"), q, json!({})).await;
    assert!(count(&am) > 0);
    assert!(am["groups"]["nodes"].as_array().unwrap().iter().all(|g| g["owner"]["username"] == "gz_am1"));
    let head = app.data(Some("gz_head"), q, json!({})).await;
    let all = app.data(Some("gm"), q, json!({})).await;
    assert!(count(&am) < count(&head) && count(&head) < count(&all));
    // Codes issued after the generated archive continue its sequences.
    let g = group(&app, "gz_am1", "新开发区管委会", None).await;
    assert!(g["code"].as_str().unwrap().starts_with("GZA"));
});

// A proposal sent and awaiting the customer has its follow-up task; when the group changes hands
// the task goes with it, to the manager who can now open the proposal.
db_test!(open_tasks_move_with_the_group, |app| {
    let g = group(&app, "gz_am1", "广州市海珠区图书馆", None).await;
    let dl = crate::flow::product_id(&app, "DEDICATED_LINE").await;
    let p =
        crate::flow::sent_proposal(&app, g["id"].as_str().unwrap(), vec![crate::flow::line(&dl, 1, 12, None)]).await;
    const MINE: &str = "{ myTasks(status: OPEN, first: 100) { nodes { kind subjectType group { name } } } }";
    let follow_ups = |d: &Value| {
        d["myTasks"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["kind"] == "PROPOSAL_FOLLOW_UP" && t["group"]["name"] == "广州市海珠区图书馆")
            .count()
    };
    assert_eq!(follow_ups(&app.data(Some("gz_am1"), MINE, json!({})).await), 1);
    assert_eq!(follow_ups(&app.data(Some("gz_am2"), MINE, json!({})).await), 0);

    let to = user_id(&app, "gz_am2");
    let r = app.data(Some("gz_head"), REASSIGN, json!({ "ids": [g["id"]], "to": to, "r": "片区调整" })).await;
    assert_eq!(r["reassignGroups"]["userErrors"], json!([]));
    assert_eq!(follow_ups(&app.data(Some("gz_am1"), MINE, json!({})).await), 0, "the old manager no longer holds it");
    assert_eq!(follow_ups(&app.data(Some("gz_am2"), MINE, json!({})).await), 1, "the new manager does");
    let seen = app
        .data(
            Some("gz_am2"),
            "query($id: ID!) { node(id: $id) { ... on Proposal { status } } }",
            json!({ "id": p["id"] }),
        )
        .await;
    assert_eq!(seen["node"]["status"], "SENT", "and can open what it is about");
    let audit = crate::flow::last_audit(&app, "CustomerGroup").await;
    assert_eq!(audit.after.unwrap()["tasksMoved"], 1);
});
