//! Members, revenue, CSV import, visits and the cost of nested lists.
use axum::body::Body;
use serde_json::{Value, json};

use crate::{
    archive::{CREATE_CONTACT, group, user_id},
    common::{TestApp, error_code},
    db_test,
};

const CREATE_MEMBER: &str = "mutation($g: ID!, $f: MemberFieldsInput!) { createMember(input: {groupId: $g, fields: $f}) { member { id phone version valueBand } userErrors { field code message } } }";
const REVENUE: &str = "mutation($m: ID!, $month: String!, $a: Decimal!) { recordMemberRevenue(input: {memberId: $m, month: $month, amount: $a}) { member { arpu arpuMonth valueBand revenues { month amount } } userErrors { field code } } }";

fn codes(payload: &Value) -> Vec<(String, String)> {
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

async fn member(app: &TestApp, g: &Value, name: &str, phone: &str) -> Value {
    let d = app.data(Some("gz_am1"), CREATE_MEMBER, json!({ "g": g, "f": { "name": name, "phone": phone } })).await;
    assert_eq!(d["createMember"]["userErrors"], json!([]), "{d:#}");
    d["createMember"]["member"].clone()
}

db_test!(members_have_valid_unique_numbers_and_a_value_band_from_revenue, |app| {
    let g = group(&app, "gz_am1", "广州市天河区政务服务中心", None).await;
    let bad =
        app.data(Some("gz_am1"), CREATE_MEMBER, json!({ "g": g["id"], "f": { "name": "", "phone": "1234" } })).await;
    assert_eq!(
        codes(&bad["createMember"]),
        [("input.fields.name".into(), "REQUIRED".into()), ("input.fields.phone".into(), "INVALID".into())]
    );
    let m = member(&app, &g["id"], "张三", "+86 138-0013-8000").await;
    assert_eq!(m["phone"], "13800138000");
    assert_eq!(m["valueBand"], Value::Null, "no revenue yet");
    let dup = app
        .data(Some("gz_am1"), CREATE_MEMBER, json!({ "g": g["id"], "f": { "name": "张三2", "phone": "13800138000" } }))
        .await;
    assert_eq!(codes(&dup["createMember"]), [("input.fields.phone".into(), "DUPLICATE".into())]);

    let r = app.data(Some("gz_am1"), REVENUE, json!({ "m": m["id"], "month": "2026-09", "a": "65.5" })).await;
    let rm = &r["recordMemberRevenue"]["member"];
    assert_eq!(rm["arpu"], "65.50");
    assert_eq!(rm["valueBand"], "HIGH");
    // An older month is history; it does not move the ARPU back.
    let r = app.data(Some("gz_am1"), REVENUE, json!({ "m": m["id"], "month": "2026-08", "a": "20" })).await;
    assert_eq!(r["recordMemberRevenue"]["member"]["arpuMonth"], "2026-09");
    assert_eq!(
        r["recordMemberRevenue"]["member"]["revenues"],
        json!([{ "month": "2026-09", "amount": "65.50" }, { "month": "2026-08", "amount": "20.00" }])
    );
    let r = app.data(Some("gz_am1"), REVENUE, json!({ "m": m["id"], "month": "2026-10", "a": "60.00" })).await;
    assert_eq!(r["recordMemberRevenue"]["member"]["valueBand"], "MID", "¥60 exactly is mid");
    let wrong = app.data(Some("gz_am1"), REVENUE, json!({ "m": m["id"], "month": "2026-13", "a": "-1" })).await;
    assert_eq!(
        codes(&wrong["recordMemberRevenue"]),
        [("input.month".into(), "INVALID".into()), ("input.amount".into(), "INVALID".into())]
    );

    // Bulk: one wrong entry and nothing is recorded.
    let m2 = member(&app, &g["id"], "李四", "020-87654321").await;
    let bulk = "mutation($e: [RevenueEntryInput!]!) { recordMemberRevenues(input: {entries: $e}) { members { phone arpu } userErrors { field code } } }";
    let before = app.count("member_revenue").await;
    let r = app.data(Some("gz_am1"), bulk, json!({ "e": [{ "memberId": m2["id"], "month": "2026-10", "amount": "25" }, { "memberId": m["id"], "month": "2026-10", "amount": "1.001" }] })).await;
    assert_eq!(codes(&r["recordMemberRevenues"]), [("input.entries.1.amount".into(), "INVALID".into())]);
    assert_eq!(app.count("member_revenue").await, before);
    let r = app.data(Some("gz_am1"), bulk, json!({ "e": [{ "memberId": m2["id"], "month": "2026-10", "amount": "25" }, { "memberId": m["id"], "month": "2026-10", "amount": "70" }] })).await;
    assert_eq!(r["recordMemberRevenues"]["members"].as_array().unwrap().len(), 2);

    // Bands by filter, and thresholds are a setting.
    let q = "query($id: ID!, $b: ValueBand) { group(id: $id) { members(filter: {valueBand: $b}) { nodes { phone valueBand } } } }";
    let high = app.data(Some("gz_am1"), q, json!({ "id": g["id"], "b": "HIGH" })).await;
    assert_eq!(high["group"]["members"]["nodes"], json!([{ "phone": "13800138000", "valueBand": "HIGH" }]));
    let low = app.data(Some("gz_am1"), q, json!({ "id": g["id"], "b": "LOW" })).await;
    assert_eq!(low["group"]["members"]["nodes"], json!([{ "phone": "020-87654321", "valueBand": "LOW" }]));
    let set = "mutation { updateSetting(input: {key: \"member.arpu.high_above\", value: \"80\", expectedVersion: 1}) { setting { value } userErrors { code } } }";
    assert_eq!(error_code(&app.exec(Some("gz_head"), set, json!({})).await), "FORBIDDEN");
    app.data(Some("admin"), set, json!({})).await;
    let high = app.data(Some("gz_am1"), q, json!({ "id": g["id"], "b": "HIGH" })).await;
    assert_eq!(high["group"]["members"]["nodes"], json!([]), "¥70 is no longer high once the threshold is ¥80");

    // Another manager cannot touch the member.
    let other = app.exec(Some("gz_am2"), REVENUE, json!({ "m": m["id"], "month": "2026-10", "a": "1" })).await;
    assert_eq!(other["data"]["recordMemberRevenue"]["userErrors"][0]["code"], "NOT_FOUND");
});

/// Sends a GraphQL multipart upload of `csv` to import into group `g`.
pub async fn upload(app: &TestApp, token: &str, g: &Value, mode: &str, csv: &[u8]) -> (u16, Value) {
    let ops = json!({
        "query": "mutation($g: ID!, $f: Upload!, $m: ImportMode!) { importMembers(input: {groupId: $g, file: $f, mode: $m}) { import { id status } userErrors { field code message } } }",
        "variables": { "g": g, "f": null, "m": mode },
    });
    multipart(app, token, ops, "成员.csv", csv).await
}

/// Sends `ops` (a GraphQL request whose variable `f` is the file) with `file` as a multipart
/// upload, as a browser does.
pub async fn multipart(app: &TestApp, token: &str, ops: Value, file_name: &str, file: &[u8]) -> (u16, Value) {
    upload_files(app, token, ops, &[("variables.f", file_name, file)]).await
}

/// A GraphQL multipart request (the upload spec) with `files`: each the variable path it fills,
/// its file name and bytes.
pub async fn upload_files(app: &TestApp, token: &str, ops: Value, files: &[(&str, &str, &[u8])]) -> (u16, Value) {
    let boundary = "----gecrm-test-boundary";
    let map: serde_json::Map<String, Value> =
        files.iter().enumerate().map(|(i, (path, ..))| (i.to_string(), json!([path]))).collect();
    let mut body = Vec::new();
    for (name, value) in [("operations", ops.to_string()), ("map", Value::Object(map).to_string())] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    for (i, (_, file_name, bytes)) in files.iter().enumerate() {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{i}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let req = axum::http::Request::post("/graphql")
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::from(body))
        .unwrap();
    let (status, _, body) = app.http(req).await;
    (status.as_u16(), serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// Polls an import until it finishes.
async fn finished(app: &TestApp, id: &Value) -> Value {
    let q = "query($id: ID!) { memberImport(id: $id) { status finished totalRows processedRows inserted updated unchanged errorCount errors { line column message } } }";
    for _ in 0..600 {
        let d = app.data(Some("gz_am1"), q, json!({ "id": id })).await;
        if d["memberImport"]["finished"] == true {
            return d["memberImport"].clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("import did not finish");
}

const GOOD_AND_BAD: &str = "姓名,号码,职务,VIP等级,运营商,状态,生日\n\
张伟,13800000001,局长,金卡,本网,在网,1970-01-02\n\
王芳,1380000,科员,,,,\n\
李娜,020-83330000,办公室主任,银卡,中国电信,停机,\n\
刘洋,13800000004,,,,,1990/03/04\n";

db_test!(csv_import_reports_bad_rows_honours_all_or_nothing_and_is_idempotent, |app| {
    let g = group(&app, "gz_am1", "广州市天河区政务服务中心", None).await;
    let (token, _) = app.login("gz_am1").await;

    // All or nothing: one bad row and nothing is written.
    let (status, r) = upload(&app, &token, &g["id"], "ALL_OR_NOTHING", GOOD_AND_BAD.as_bytes()).await;
    assert_eq!(status, 200, "{r:#}");
    let job = finished(&app, &r["data"]["importMembers"]["import"]["id"]).await;
    assert_eq!(job["status"], "REJECTED");
    assert_eq!(job["totalRows"], 4);
    assert_eq!(
        job["errors"],
        json!([{ "line": 3, "column": "号码", "message": "“1380000”不是有效的手机号码或固定电话（如 13812345678、020-87654321）" }])
    );
    assert_eq!(app.count("member").await, 0);

    // Valid rows only: three members, the bad row reported.
    let (_, r) = upload(&app, &token, &g["id"], "VALID_ROWS", GOOD_AND_BAD.as_bytes()).await;
    let job = finished(&app, &r["data"]["importMembers"]["import"]["id"]).await;
    assert_eq!(job["status"], "SUCCEEDED_WITH_ERRORS");
    assert_eq!((job["inserted"].as_i64(), job["errorCount"].as_i64()), (Some(3), Some(1)));
    assert_eq!(app.count("member").await, 3);
    let d = app.data(Some("gz_am1"), "query($id: ID!) { group(id: $id) { members(filter: {status: SUSPENDED}) { nodes { name phone carrier vipLevel } } } }", json!({ "id": g["id"] })).await;
    assert_eq!(
        d["group"]["members"]["nodes"],
        json!([{ "name": "李娜", "phone": "020-83330000", "carrier": "CHINA_TELECOM", "vipLevel": "SILVER" }])
    );

    // The same file again changes nothing; a changed row is updated, not duplicated.
    let (_, r) = upload(&app, &token, &g["id"], "VALID_ROWS", GOOD_AND_BAD.as_bytes()).await;
    let job = finished(&app, &r["data"]["importMembers"]["import"]["id"]).await;
    assert_eq!(
        (job["inserted"].as_i64(), job["updated"].as_i64(), job["unchanged"].as_i64()),
        (Some(0), Some(0), Some(3))
    );
    let changed = "name,phone,position\n张伟,138 0000 0001,副局长\n李娜,020-83330000,办公室主任\n";
    let (_, r) = upload(&app, &token, &g["id"], "ALL_OR_NOTHING", changed.as_bytes()).await;
    let job = finished(&app, &r["data"]["importMembers"]["import"]["id"]).await;
    assert_eq!(
        (job["status"].as_str(), job["inserted"].as_i64(), job["updated"].as_i64(), job["unchanged"].as_i64()),
        (Some("SUCCEEDED"), Some(0), Some(2), Some(0)),
        "张伟's position and 李娜's carrier and VIP level (absent columns take their defaults) changed"
    );
    assert_eq!(app.count("member").await, 3);
    // The changes are stored; a file without a status column leaves each member's status alone.
    let d = app
        .data(
            Some("gz_am1"),
            "query($id: ID!) { group(id: $id) { members(first: 10) { nodes { id version name position status carrier } } } }",
            json!({ "id": g["id"] }),
        )
        .await;
    let nodes = d["group"]["members"]["nodes"].as_array().unwrap().clone();
    let by_name = |n: &str| nodes.iter().find(|m| m["name"] == n).cloned().unwrap();
    assert_eq!(by_name("张伟")["position"], "副局长");
    assert_eq!(
        (by_name("李娜")["status"].as_str(), by_name("李娜")["carrier"].as_str()),
        (Some("SUSPENDED"), Some("OWN"))
    );
    // An archived member named again in a file comes back, even with nothing else changed.
    let zhang = nodes.iter().find(|m| m["name"] == "张伟").cloned().unwrap();
    let archived = app
        .data(
            Some("gz_am1"),
            "mutation($id: ID!, $v: Int!) { archiveMember(input: {id: $id, expectedVersion: $v}) { member { archivedAt } userErrors { code } } }",
            json!({ "id": zhang["id"], "v": zhang["version"] }),
        )
        .await;
    assert!(archived["archiveMember"]["member"]["archivedAt"].is_string(), "{archived:#}");
    let (_, r) = upload(&app, &token, &g["id"], "ALL_OR_NOTHING", changed.as_bytes()).await;
    let job = finished(&app, &r["data"]["importMembers"]["import"]["id"]).await;
    assert_eq!((job["updated"].as_i64(), job["unchanged"].as_i64()), (Some(1), Some(1)));
    let d = app
        .data(
            Some("gz_am1"),
            "query($id: ID!) { node(id: $id) { ... on Member { archivedAt } } }",
            json!({ "id": zhang["id"] }),
        )
        .await;
    assert_eq!(d["node"]["archivedAt"], Value::Null, "{d:#}");

    // Numbers repeated within a file are reported on the later line.
    let repeated = "姓名,号码\n甲,13900000001\n乙,139 0000 0001\n";
    let (_, r) = upload(&app, &token, &g["id"], "ALL_OR_NOTHING", repeated.as_bytes()).await;
    let job = finished(&app, &r["data"]["importMembers"]["import"]["id"]).await;
    assert_eq!(job["errors"][0]["line"], 3);
    assert_eq!(job["errors"][0]["message"], "号码 13900000001 与第 2 行重复");

    // A file without the required columns is refused at once.
    let (_, r) = upload(&app, &token, &g["id"], "ALL_OR_NOTHING", "姓名,职务\n张三,经理\n".as_bytes()).await;
    assert_eq!(r["data"]["importMembers"]["userErrors"][0]["field"], json!(["input", "file"]));
    // Imports are audited on the group.
    let h = app
        .data(
            Some("gz_am1"),
            "query($id: ID!) { group(id: $id) { auditEvents(first: 1) { nodes { action after } } } }",
            json!({ "id": g["id"] }),
        )
        .await;
    assert_eq!(h["group"]["auditEvents"]["nodes"][0]["action"], "member.import");
    // Someone else's group: not found.
    let (other, _) = app.login("gz_am2").await;
    let (_, r) = upload(&app, &other, &g["id"], "ALL_OR_NOTHING", GOOD_AND_BAD.as_bytes()).await;
    assert_eq!(error_code(&r), "NOT_FOUND");
});

db_test!(an_oversize_upload_is_refused, config = |c: &mut gecrm::config::Config| c.upload_limit_bytes = 1024, |app| {
    let g = group(&app, "gz_am1", "广州市天河区政务服务中心", None).await;
    let (token, _) = app.login("gz_am1").await;
    let mut csv = String::from("姓名,号码\n");
    for i in 0..200 {
        csv.push_str(&format!("成员{i},139{i:08}\n"));
    }
    let (status, r) = upload(&app, &token, &g["id"], "ALL_OR_NOTHING", csv.as_bytes()).await;
    assert_eq!(status, 413, "{r:#}");
    assert!(r["errors"][0]["message"].as_str().unwrap().contains("文件过大"));
    assert_eq!(app.count("member_import").await, 0);
});

const LOG_VISIT: &str = "mutation($g: ID!, $c: VisitCardInput!) { logVisit(input: {groupId: $g, card: $c}) { visit { id status durationMinutes needProducts { code name } contacts { name } manager { username } } userErrors { field code } } }";

fn card(start: &str, end: &str) -> Value {
    json!({
        "method": "ONSITE", "purpose": "NEEDS", "startedAt": start, "endedAt": end,
        "serviceSatisfaction": "SATISFIED", "networkSatisfaction": "VERY_SATISFIED",
        "needProducts": ["DEDICATED_LINE", "group_sms"], "needNotes": "需要 100M 专线", "minutes": "座谈纪要",
        "nextSteps": "三天内出方案", "customerConfirmed": true, "confirmedBy": "陈院长",
    })
}

db_test!(visits_are_planned_recorded_with_the_card_or_missed, |app| {
    let now = chrono::Utc::now();
    app.clock.set(now);
    let g = group(&app, "gz_am1", "广州市越秀区人民医院", None).await;
    let c = app
        .data(
            Some("gz_am1"),
            CREATE_CONTACT,
            json!({ "g": g["id"], "f": { "name": "陈院长", "role": "DECISION_MAKER" } }),
        )
        .await;
    let contact = c["createContact"]["contact"]["id"].clone();
    let products = app.data(Some("gz_am1"), "{ visitCardProducts { code name } }", json!({})).await;
    assert_eq!(products["visitCardProducts"].as_array().unwrap().len(), 12);
    assert_eq!(products["visitCardProducts"][11], json!({ "code": "GROUP_SMS", "name": "集团短信" }));

    let start = (now - chrono::Duration::hours(2)).to_rfc3339();
    let end = (now - chrono::Duration::minutes(30)).to_rfc3339();
    // Bad cards: end before start, unknown product, confirmation without a name, foreign contact.
    let mut bad = card(&end, &start);
    bad["needProducts"] = json!(["NOPE"]);
    bad["confirmedBy"] = Value::Null;
    bad["contactIds"] = json!([gecrm::graphql::relay::NodeKind::Contact.id(424242).0]);
    let r = app.data(Some("gz_am1"), LOG_VISIT, json!({ "g": g["id"], "c": bad })).await;
    assert_eq!(
        codes(&r["logVisit"]),
        [
            ("input.card.endedAt".into(), "INVALID".into()),
            ("input.card.contactIds.0".into(), "NOT_FOUND".into()),
            ("input.card.needProducts.0".into(), "NOT_FOUND".into()),
            ("input.card.confirmedBy".into(), "REQUIRED".into()),
        ]
    );
    assert_eq!(app.count("visit").await, 0, "nothing half-written");

    let mut good = card(&start, &end);
    good["contactIds"] = json!([contact]);
    let r = app.data(Some("gz_am1"), LOG_VISIT, json!({ "g": g["id"], "c": good })).await;
    let v = &r["logVisit"]["visit"];
    assert_eq!(v["status"], "DONE");
    assert_eq!(v["durationMinutes"], 90);
    assert_eq!(
        v["needProducts"],
        json!([{ "code": "DEDICATED_LINE", "name": "专线接入" }, { "code": "GROUP_SMS", "name": "集团短信" }])
    );
    assert_eq!(v["contacts"], json!([{ "name": "陈院长" }]));
    assert_eq!(v["manager"]["username"], "gz_am1");

    // Plan a call, then record it; plan another and mark it missed.
    let plan = "mutation($g: ID!, $at: DateTime!) { planVisit(input: {groupId: $g, method: PHONE, purpose: CARE, plannedAt: $at}) { visit { id status version } userErrors { code } } }";
    let p = app
        .data(Some("gz_am1"), plan, json!({ "g": g["id"], "at": (now + chrono::Duration::days(1)).to_rfc3339() }))
        .await;
    let planned = p["planVisit"]["visit"].clone();
    assert_eq!(planned["status"], "PLANNED");
    app.clock.set(now + chrono::Duration::days(1) + chrono::Duration::hours(1));
    let mut call = card(
        &(now + chrono::Duration::days(1)).to_rfc3339(),
        &(now + chrono::Duration::days(1) + chrono::Duration::minutes(15)).to_rfc3339(),
    );
    call["method"] = json!("PHONE");
    call["purpose"] = json!("CARE");
    let record = "mutation($id: ID!, $v: Int!, $c: VisitCardInput!) { recordVisit(input: {id: $id, expectedVersion: $v, card: $c}) { visit { status method version } userErrors { field code } } }";
    let r = app.data(Some("gz_am1"), record, json!({ "id": planned["id"], "v": 1, "c": call })).await;
    assert_eq!(r["recordVisit"]["visit"], json!({ "status": "DONE", "method": "PHONE", "version": 2 }));
    let again = app.data(Some("gz_am1"), record, json!({ "id": planned["id"], "v": 2, "c": call })).await;
    // The visit's machine refuses it, naming the state the visit is in.
    assert_eq!(codes(&again["recordVisit"]), [("input.id".into(), "INVALID_TRANSITION".into())]);
    let why = app
        .data(
            Some("gz_am1"),
            &record.replace("field code", "message"),
            json!({ "id": planned["id"], "v": 2, "c": call }),
        )
        .await;
    assert_eq!(why["recordVisit"]["userErrors"][0]["message"], "走访当前状态为“已完成”，不能执行此操作");
    let p2 = app
        .data(Some("gz_am1"), plan, json!({ "g": g["id"], "at": (now + chrono::Duration::days(3)).to_rfc3339() }))
        .await;
    let missed = "mutation($id: ID!) { markVisitMissed(input: {id: $id, expectedVersion: 1, reason: \"客户临时出差\"}) { visit { status missedReason } userErrors { code } } }";
    let m = app.data(Some("gz_am1"), missed, json!({ "id": p2["planVisit"]["visit"]["id"] })).await;
    assert_eq!(m["markVisitMissed"]["visit"], json!({ "status": "MISSED", "missedReason": "客户临时出差" }));

    // The group knows its last visit; lists filter by method and respect scope.
    let d = app.data(Some("gz_am1"), "query($id: ID!) { group(id: $id) { lastVisit { method purpose } visits(first: 10) { totalCount nodes { status } } } }", json!({ "id": g["id"] })).await;
    assert_eq!(d["group"]["lastVisit"], json!({ "method": "PHONE", "purpose": "CARE" }));
    assert_eq!(
        d["group"]["visits"]["nodes"],
        json!([{ "status": "MISSED" }, { "status": "DONE" }, { "status": "DONE" }])
    );
    let q = "{ onsite: visits(filter: {method: ONSITE}) { totalCount } all: visits { totalCount } }";
    let mine = app.data(Some("gz_am1"), q, json!({})).await;
    assert_eq!((mine["onsite"]["totalCount"].as_i64(), mine["all"]["totalCount"].as_i64()), (Some(1), Some(3)));
    let other = app.data(Some("gz_am2"), q, json!({})).await;
    assert_eq!(other["all"]["totalCount"], 0);
    let head = app
        .data(
            Some("gz_head"),
            "query($m: ID!) { visits(filter: {managerId: $m, status: DONE}) { totalCount } }",
            json!({ "m": user_id(&app, "gz_am1") }),
        )
        .await;
    assert_eq!(head["visits"]["totalCount"], 2);
    let stale = app.data(Some("gz_am1"), "{ groups(filter: {notVisitedForDays: 30}) { totalCount } }", json!({})).await;
    assert_eq!(stale["groups"]["totalCount"], 0, "visited yesterday");
    app.clock.set(now + chrono::Duration::days(40));
    let stale = app.data(Some("gz_am1"), "{ groups(filter: {notVisitedForDays: 30}) { totalCount } }", json!({})).await;
    assert_eq!(stale["groups"]["totalCount"], 1);
    // Any number of days is an answer, not a server error.
    let never =
        app.data(Some("gz_am1"), "{ groups(filter: {notVisitedForDays: 2147483647}) { totalCount } }", json!({})).await;
    assert_eq!(never["groups"]["totalCount"], 0);
});

/// SQL statements a request costs, from the `sql_statements_total` counter.
pub async fn statements(app: &TestApp, who: &str, query: &str, vars: Value) -> u64 {
    let before = app.state.metrics.sql_statements.get();
    app.data(Some(who), query, vars).await;
    app.state.metrics.sql_statements.get() - before
}

// The batching window is widened so that unoptimised test builds gather a whole page in it.
db_test!(
    nested_lists_cost_the_same_statements_whatever_the_page_size,
    config = |c: &mut gecrm::config::Config| c.loader_delay = std::time::Duration::from_millis(20),
    |app| {
        let now = chrono::Utc::now();
        for i in 0..12 {
            let g = group(&app, "gz_am1", &format!("测试集团{i:02}"), None).await;
            app.data(
                Some("gz_am1"),
                CREATE_CONTACT,
                json!({ "g": g["id"], "f": { "name": format!("联系人{i}"), "role": "LIAISON" } }),
            )
            .await;
            let c = card(
                &(now - chrono::Duration::hours(3)).to_rfc3339(),
                &(now - chrono::Duration::hours(2)).to_rfc3339(),
            );
            app.data(Some("gz_am1"), LOG_VISIT, json!({ "g": g["id"], "c": c })).await;
        }
        let two = statements(&app, "gz_head", "query($n: Int!) { groups(first: $n) { nodes { code owner { username } contacts { name } lastVisit { endedAt } } } }", json!({ "n": 2 })).await;
        let twelve = statements(&app, "gz_head", "query($n: Int!) { groups(first: $n) { nodes { code owner { username } contacts { name } lastVisit { endedAt } } } }", json!({ "n": 12 })).await;
        assert_eq!(two, twelve, "owner, contacts and last visit are batched");
        assert!(twelve <= 5, "one statement per level, got {twelve}");
        // Keyset pages sorted by name: no overlap, no gap.
        let page = "query($a: String) { groups(first: 5, after: $a, orderBy: {field: NAME, direction: ASC}) { pageInfo { hasNextPage endCursor } nodes { name } } }";
        let mut names = Vec::new();
        let mut after = Value::Null;
        loop {
            let d = app.data(Some("gz_am1"), page, json!({ "a": after })).await;
            names.extend(
                d["groups"]["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap().to_string()),
            );
            if d["groups"]["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = d["groups"]["pageInfo"]["endCursor"].clone();
        }
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert_eq!(names.len(), 12);
        let search = app.data(Some("gz_am1"), "{ a: groups(filter: {search: \"集团07\"}) { totalCount } b: groups(filter: {search: \"gza0000\", tier: GOLD, valueClass: A, county: \"天河区\", hasOpenProposals: false}) { totalCount } c: groups(filter: {status: ACTIVE}) { totalCount } }", json!({})).await;
        assert_eq!(search["a"]["totalCount"], 1);
        assert_eq!(search["b"]["totalCount"], 9, "codes GZA00001–GZA00009 match case-insensitively");
        assert_eq!(search["c"]["totalCount"], 0);
    }
);

// The visits list reads in date order, latest first: a planned visit by its planned time, one
// that took place by its end, whatever order they were entered in; pages continue from their
// cursor without overlap.
db_test!(visits_are_listed_by_when_they_happen, |app| {
    let now = chrono::Utc::now();
    app.clock.set(now);
    let g = group(&app, "gz_am1", "广州市越秀区妇幼保健院", None).await;
    let at = |days: i64| now + chrono::Duration::days(days);
    let log = |days: i64| {
        let app = &app;
        let g = g["id"].clone();
        async move {
            let c = json!({ "method": "PHONE", "purpose": "CARE", "startedAt": (at(days) - chrono::Duration::minutes(20)).to_rfc3339(), "endedAt": at(days).to_rfc3339() });
            let r = app.data(Some("gz_am1"), LOG_VISIT, json!({ "g": g, "c": c })).await;
            r["logVisit"]["visit"]["id"].clone()
        }
    };
    let three_ago = log(-3).await;
    let ten_ago = log(-10).await;
    let plan = "mutation($g: ID!, $at: DateTime!) { planVisit(input: {groupId: $g, method: ONSITE, purpose: ROUTINE, plannedAt: $at}) { visit { id } } }";
    let next_week = app.data(Some("gz_am1"), plan, json!({ "g": g["id"], "at": at(7).to_rfc3339() })).await["planVisit"]["visit"]["id"].clone();
    let yesterday = log(-1).await;
    let list = "query($g: ID!, $a: String) { visits(filter: {groupId: $g}, first: 2, after: $a) { pageInfo { hasNextPage endCursor } nodes { id } } }";
    let first = app.data(Some("gz_am1"), list, json!({ "g": g["id"] })).await;
    let ids =
        |page: &Value| page["visits"]["nodes"].as_array().unwrap().iter().map(|n| n["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&first), [next_week.clone(), yesterday.clone()]);
    assert_eq!(first["visits"]["pageInfo"]["hasNextPage"], true);
    let rest =
        app.data(Some("gz_am1"), list, json!({ "g": g["id"], "a": first["visits"]["pageInfo"]["endCursor"] })).await;
    assert_eq!(ids(&rest), [three_ago.clone(), ten_ago.clone()]);
    assert_eq!(rest["visits"]["pageInfo"]["hasNextPage"], false);
    // A cursor of another shape is refused, not misread.
    let bad = app.exec(Some("gz_am1"), list, json!({ "g": g["id"], "a": "czoxOm5vdC1hLXRpbWU" })).await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT", "{bad:#}");
    // The group's own list reads the same, its first page batched and the next from its cursor.
    let child = "query($g: ID!, $a: String) { group(id: $g) { visits(first: 2, after: $a) { pageInfo { endCursor } nodes { id } } } }";
    let first = app.data(Some("gz_am1"), child, json!({ "g": g["id"] })).await["group"].clone();
    assert_eq!(ids(&first), [next_week.clone(), yesterday.clone()]);
    let rest =
        app.data(Some("gz_am1"), child, json!({ "g": g["id"], "a": first["visits"]["pageInfo"]["endCursor"] })).await;
    assert_eq!(ids(&rest["group"]), [three_ago.clone(), ten_ago.clone()]);
});
