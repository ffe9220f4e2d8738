//! Important information reports: routed up the org tree a level at a time, read receipts,
//! comments, forwarding, urgent ones told live, attachments; nobody else sees them.
use serde_json::{Value, json};

use crate::{
    archive::{group, user_id},
    common::{TestApp, error_code},
    db_test,
    flow::{Op, codes, last_audit, mutate, ok},
};

pub const REPORT: &str = "id kind urgency status title text groupName group { id } author { username } version canEscalate canClose canForward unread readAt \
    recipients { user { username } reason level sentBy { username } note readAt } comments { author { username } text } files { id fileName contentType size sha256 }";
pub const FILE: Op = Op::mutation("fileInfoReport").input("FileInfoReportInput").returns("report", REPORT);
const ESCALATE: Op = Op::mutation("escalateInfoReport").input("InfoReportMoveInput").returns("report", REPORT);
const CLOSE: Op = Op::mutation("closeInfoReport").input("InfoReportMoveInput").returns("report", REPORT);
const FORWARD: Op = Op::mutation("forwardInfoReport").input("ForwardInfoReportInput").returns("report", REPORT);
const COMMENT: Op = Op::mutation("commentInfoReport").input("CommentInfoReportInput").returns("report", REPORT);
const READ: Op = Op::mutation("markInfoReportRead").input("MarkInfoReportReadInput").returns("report", REPORT);
const NODE: &str = "query($id: ID!) { node(id: $id) { ... on InfoReport { id status } } }";
const LIST: &str = "query($f: InfoReportFilter) { infoReports(filter: $f, first: 50) { nodes { id status unread } } }";

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array().unwrap().iter().map(|r| r[key]["username"].as_str().unwrap_or_default().to_string()).collect()
}

async fn node(app: &TestApp, who: &str, id: &Value) -> Value {
    app.data(Some(who), NODE, json!({ "id": id })).await["node"].clone()
}

async fn listed(app: &TestApp, who: &str, filter: Value, id: &Value) -> bool {
    let d = app.data(Some(who), LIST, json!({ "f": filter })).await;
    d["infoReports"]["nodes"].as_array().unwrap().iter().any(|n| n["id"] == *id)
}

async fn report(app: &TestApp, who: &str, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ node(id: $id) {{ ... on InfoReport {{ {REPORT} }} }} }}");
    app.data(Some(who), &q, json!({ "id": id })).await["node"].clone()
}

/// Nobody but the author and the recipients sees the report, opens it or comments on it.
async fn hidden_from(app: &TestApp, who: &str, id: &Value) {
    assert_eq!(node(app, who, id).await, Value::Null, "{who} opens it");
    assert!(!listed(app, who, json!({}), id).await, "{who} lists it");
    let r = app
        .exec(
            Some(who),
            "mutation($i: CommentInfoReportInput!) { commentInfoReport(input: $i) { userErrors { code } } }",
            json!({ "i": { "id": id, "text": "看看" } }),
        )
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND", "{who} comments");
}

db_test!(a_report_goes_up_the_org_tree_a_level_at_a_time_with_read_receipts, |app| {
    let g = group(&app, "gz_am1", "广州市信息上报测试局", None).await;
    let r = ok(
        &app,
        "gz_am1",
        FILE,
        json!({ "kind": "COMPETITION", "urgency": "IMPORTANT", "groupId": g["id"], "title": "异网低价攻击",
                "text": "电信报出 30 元融合套餐，信息中心主任在比较" }),
    )
    .await;
    assert_eq!((r["status"].as_str(), r["groupName"].as_str()), (Some("DEPARTMENT"), Some("广州市信息上报测试局")));
    assert_eq!(names(&r["recipients"], "user"), ["gz_head"], "the department head first");
    assert_eq!(
        (r["recipients"][0]["reason"].as_str(), r["recipients"][0]["readAt"].as_null()),
        (Some("ROUTED"), Some(()))
    );
    assert_eq!((r["canEscalate"].as_bool(), r["canClose"].as_bool()), (Some(false), Some(false)));
    assert_eq!(last_audit(&app, "InfoReport").await.action, "info_report.file");
    let id = r["id"].clone();
    // A colleague, another branch's head, and the levels above before it reaches them.
    for who in ["gz_am2", "sz_head", "gz_branch", "gm"] {
        hidden_from(&app, who, &id).await;
    }

    // The head has it unread, counted by kind and group; opening it is the author's read receipt.
    assert!(listed(&app, "gz_head", json!({ "box": "RECEIVED", "unread": true }), &id).await);
    let tally = app
        .data(
            Some("gz_head"),
            "{ infoReportTally { total unread byKind { kind count } byGroup { groupName groupId count } } }",
            json!({}),
        )
        .await["infoReportTally"]
        .clone();
    assert!(tally["unread"].as_i64().unwrap() >= 1, "{tally:#}");
    assert!(tally["byKind"].as_array().unwrap().iter().any(|k| k["kind"] == "COMPETITION"), "{tally:#}");
    let by_group = tally["byGroup"].as_array().unwrap().iter().find(|x| x["groupId"] == g["id"]).cloned();
    assert_eq!(by_group.map(|x| x["count"].clone()), Some(json!(1)), "{tally:#}");
    let seen = ok(&app, "gz_head", READ, json!({ "id": id })).await;
    assert_eq!((seen["unread"].as_bool(), seen["readAt"].is_string()), (Some(false), true));
    let mine = report(&app, "gz_am1", &id).await;
    let receipt = mine["recipients"][0]["readAt"].clone();
    assert!(receipt.is_string(), "the author sees it was read: {mine:#}");
    app.clock.advance(chrono::Duration::minutes(5));
    ok(&app, "gz_head", READ, json!({ "id": id })).await;
    assert_eq!(report(&app, "gz_am1", &id).await["recipients"][0]["readAt"], receipt, "the first opening counts");
    assert!(!listed(&app, "gz_head", json!({ "box": "RECEIVED", "unread": true }), &id).await);

    // Only the level it is with moves it; a stale version moves nothing.
    let head = report(&app, "gz_head", &id).await;
    assert_eq!((head["canEscalate"].as_bool(), head["canClose"].as_bool()), (Some(true), Some(true)));
    let v = head["version"].clone();
    assert_eq!(
        codes(&mutate(&app, "gz_am1", ESCALATE, json!({ "id": id, "expectedVersion": v })).await),
        ["NOT_PERMITTED"]
    );
    let stale = app
        .exec(
            Some("gz_head"),
            "mutation($i: InfoReportMoveInput!) { escalateInfoReport(input: $i) { userErrors { code } } }",
            json!({ "i": { "id": id, "expectedVersion": 99 } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    let up =
        ok(&app, "gz_head", ESCALATE, json!({ "id": id, "expectedVersion": v, "note": "请分公司协调融合套餐折扣" }))
            .await;
    assert_eq!(up["status"], "BRANCH");
    assert_eq!(names(&up["recipients"], "user"), ["gz_head", "gz_branch"]);
    assert_eq!(
        (up["recipients"][1]["level"].as_str(), up["recipients"][1]["sentBy"]["username"].as_str()),
        (Some("BRANCH"), Some("gz_head"))
    );
    assert_eq!(up["comments"][0]["text"], "请分公司协调融合套餐折扣", "the note is kept as a comment");
    assert_eq!(last_audit(&app, "InfoReport").await.action, "info_report.to_branch");
    assert!(node(&app, "gz_branch", &id).await.is_object(), "the branch manager has it now");
    hidden_from(&app, "sz_branch", &id).await;
    hidden_from(&app, "gz_am2", &id).await;
    assert_eq!(
        codes(&mutate(&app, "gz_head", CLOSE, json!({ "id": id, "expectedVersion": up["version"] })).await),
        ["NOT_PERMITTED"],
        "the head is no longer who it waits on"
    );

    // Up to the general manager, who closes it; a closed report moves no more.
    let top = ok(&app, "gz_branch", ESCALATE, json!({ "id": id, "expectedVersion": up["version"] })).await;
    assert_eq!(
        (top["status"].as_str(), names(&top["recipients"], "user").last().map(String::as_str)),
        (Some("COMPANY"), Some("gm"))
    );
    let at_top = report(&app, "gm", &id).await;
    assert_eq!((at_top["canEscalate"].as_bool(), at_top["canClose"].as_bool()), (Some(false), Some(true)));
    let closed =
        ok(&app, "gm", CLOSE, json!({ "id": id, "expectedVersion": top["version"], "note": "已安排市场部应对" })).await;
    assert_eq!(closed["status"], "CLOSED");
    assert_eq!(last_audit(&app, "InfoReport").await.action, "info_report.close");
    assert_eq!(
        codes(&mutate(&app, "gm", CLOSE, json!({ "id": id, "expectedVersion": closed["version"] })).await),
        ["INVALID_TRANSITION"]
    );
    assert_eq!(
        codes(&mutate(&app, "gm", ESCALATE, json!({ "id": id, "expectedVersion": closed["version"] })).await),
        ["INVALID_TRANSITION"]
    );
    // The group's page lists it for its manager; a group outside the author's scope is not found.
    assert!(listed(&app, "gz_am1", json!({ "groupId": g["id"] }), &id).await);
    let other = group(&app, "gz_am2", "广州市别人的客户", None).await;
    assert!(!listed(&app, "gz_am1", json!({ "groupId": other["id"] }), &id).await);
    let r = app
        .exec(
            Some("gz_am1"),
            "mutation($i: FileInfoReportInput!) { fileInfoReport(input: $i) { userErrors { code } } }",
            json!({ "i": { "kind": "RISK", "urgency": "NORMAL", "groupId": other["id"], "title": "越权", "text": "x" } }),
        )
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND");
});

db_test!(a_report_starts_above_its_author_and_is_forwarded_only_within_scope, |app| {
    // A head's report goes to the branch manager, past the head's own people.
    let h = ok(
        &app,
        "gz_head",
        FILE,
        json!({ "kind": "OTHER", "urgency": "NORMAL", "title": "部门人手", "text": "装维人手不足" }),
    )
    .await;
    assert_eq!(
        (h["status"].as_str(), names(&h["recipients"], "user")),
        (Some("BRANCH"), vec!["gz_branch".to_string()])
    );
    hidden_from(&app, "gz_am1", &h["id"]).await;
    let b =
        ok(&app, "gz_branch", FILE, json!({ "kind": "OTHER", "urgency": "NORMAL", "title": "分公司", "text": "x" }))
            .await;
    assert_eq!((b["status"].as_str(), names(&b["recipients"], "user")), (Some("COMPANY"), vec!["gm".to_string()]));
    assert_eq!(
        codes(
            &mutate(&app, "gm", FILE, json!({ "kind": "OTHER", "urgency": "NORMAL", "title": "x", "text": "x" })).await
        ),
        ["NOT_PERMITTED"],
        "nobody is above the general manager"
    );

    let r = ok(
        &app,
        "gz_am1",
        FILE,
        json!({ "kind": "SPECIAL_NEED", "urgency": "NORMAL", "title": "专线双路由", "text": "医院要求双路由" }),
    )
    .await;
    let id = r["id"].clone();
    assert_eq!(r["canForward"], false);
    // A manager forwards to nobody; a head to their own people only, once each.
    let am2 = user_id(&app, "gz_am2");
    assert_eq!(codes(&mutate(&app, "gz_am1", FORWARD, json!({ "id": id, "userIds": [am2] })).await), ["NOT_FOUND"]);
    hidden_from(&app, "gz_am2", &id).await;
    let far = user_id(&app, "sz_am1");
    assert_eq!(codes(&mutate(&app, "gz_head", FORWARD, json!({ "id": id, "userIds": [far] })).await), ["NOT_FOUND"]);
    let f =
        ok(&app, "gz_head", FORWARD, json!({ "id": id, "userIds": [am2], "note": "你做过医院专线，帮忙看看" })).await;
    let fwd = f["recipients"].as_array().unwrap().iter().find(|x| x["user"]["username"] == "gz_am2").cloned().unwrap();
    assert_eq!(
        (fwd["reason"].as_str(), fwd["sentBy"]["username"].as_str(), fwd["level"].as_null()),
        (Some("FORWARDED"), Some("gz_head"), Some(()))
    );
    assert_eq!(last_audit(&app, "InfoReport").await.action, "info_report.forward");
    assert_eq!(codes(&mutate(&app, "gz_head", FORWARD, json!({ "id": id, "userIds": [am2] })).await), ["INVALID"]);
    hidden_from(&app, "sz_am1", &id).await;
    // The colleague it was forwarded to reads and comments; the author sees both. Being
    // forwarded it does not make them the level it waits on.
    let seen = report(&app, "gz_am2", &id).await;
    assert_eq!((seen["unread"].as_bool(), seen["canClose"].as_bool()), (Some(true), Some(false)));
    ok(&app, "gz_am2", COMMENT, json!({ "id": id, "text": "需要两个局向，建议走应急通信方案" })).await;
    ok(&app, "gz_am2", READ, json!({ "id": id })).await;
    let mine = report(&app, "gz_am1", &id).await;
    assert_eq!(mine["comments"][0]["author"]["username"], "gz_am2");
    let receipt =
        mine["recipients"].as_array().unwrap().iter().find(|x| x["user"]["username"] == "gz_am2").cloned().unwrap();
    assert!(receipt["readAt"].is_string(), "{mine:#}");
    assert!(listed(&app, "gz_am2", json!({ "box": "RECEIVED" }), &id).await);
    assert!(!listed(&app, "gz_am2", json!({ "box": "SENT" }), &id).await);
    assert!(listed(&app, "gz_am1", json!({ "box": "SENT", "kind": "SPECIAL_NEED" }), &id).await);
    assert!(!listed(&app, "gz_am1", json!({ "box": "SENT", "kind": "RISK" }), &id).await);
});

db_test!(an_urgent_report_is_told_live_and_its_photo_comes_back, |app| {
    use crate::billing::PNG;
    let addr = crate::subscriptions::serve(&app).await;
    let (head, _) = app.login("gz_head").await;
    let mut ws = crate::subscriptions::subscribe(
        addr,
        &head,
        "subscription { myPipelineEvents { topic objectType objectId action } }",
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let (token, _) = app.login("gz_am1").await;
    let ops = json!({
        "query": format!("mutation($i: FileInfoReportInput!) {{ fileInfoReport(input: $i) {{ report {{ {REPORT} }} userErrors {{ field code }} }} }}"),
        "variables": { "i": { "kind": "COMPLAINT", "urgency": "URGENT", "title": "集团专线中断", "text": "客户威胁转网", "files": [null] } },
    });
    let (status, r) =
        crate::members::upload_files(&app, &token, ops, &[("variables.i.files.0", "现场.png", PNG)]).await;
    assert_eq!(status, 200, "{r:#}");
    let rep = r["data"]["fileInfoReport"]["report"].clone();
    assert_eq!(r["data"]["fileInfoReport"]["userErrors"], json!([]), "{r:#}");
    let msg = crate::subscriptions::next_json(&mut ws).await.expect("the head is told at once");
    let e = &msg["payload"]["data"]["myPipelineEvents"];
    assert_eq!((e["topic"].as_str(), e["objectType"].as_str()), (Some("URGENT_REPORT"), Some("InfoReport")), "{msg:#}");
    assert_eq!(e["objectId"], rep["id"]);

    let f = &rep["files"][0];
    assert_eq!(
        (f["fileName"].as_str(), f["contentType"].as_str(), f["size"].as_i64()),
        (Some("现场.png"), Some("image/png"), Some(PNG.len() as i64))
    );
    let q = "query($id: ID!, $f: ID!) { node(id: $id) { ... on InfoReport { file(id: $f) { contentBase64 } } } }";
    let vars = json!({ "id": rep["id"], "f": f["id"] });
    let got = app.data(Some("gz_head"), q, vars.clone()).await;
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(got["node"]["file"]["contentBase64"].as_str().unwrap())
        .unwrap();
    assert_eq!(bytes, PNG, "the photo comes back byte for byte");
    assert_eq!(app.data(Some("gz_am2"), q, vars).await["node"], Value::Null);
    // Not a picture or a document: refused, nothing filed.
    let before = app.count("info_report").await;
    let ops = json!({
        "query": "mutation($i: FileInfoReportInput!) { fileInfoReport(input: $i) { userErrors { field code } } }",
        "variables": { "i": { "kind": "COMPLAINT", "urgency": "URGENT", "title": "x", "text": "x", "files": [null] } },
    });
    let (_, r) =
        crate::members::upload_files(&app, &token, ops, &[("variables.i.files.0", "a.png", b"MZ\x90 not an image")])
            .await;
    assert_eq!(r["data"]["fileInfoReport"]["userErrors"][0]["field"], json!(["input", "files", "0"]), "{r:#}");
    assert_eq!(app.count("info_report").await, before);
});
