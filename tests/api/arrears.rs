//! Arrears collection (欠费催缴, rule 16): billing's lists become collection items once per
//! cycle; a call or letter first, the notice only after the agreed date passed unpaid, payments
//! only with a receipt; figures by manager, department and age; and high-value members reminded
//! before a suspension (不轻易停机).
use base64::Engine;
use serde_json::{Value, json};

use crate::{
    archive::group,
    common::{TestApp, error_code},
    db_test,
    flow::{Op, codes, iso, mutate, ok, sh},
};

const ITEM: &str = "id accountNo cycle firstCycle amount collected outstanding monthsOverdue status agreedOn \
    agreedPlace noticeFrom allowedActions version noticeBlocked { code message } member { phone } \
    manager { username } contactVisit { id } payments { amount receiptNo }";

const IMPORT: &str = "mutation($f: Upload, $c: String!) { importArrears(input: {cycle: $c, file: $f}) { rows created updated unchanged suspensions problems { line message } userErrors { field code message } } }";

/// A group of `who`'s with members of these numbers; returns the group (with its code).
async fn customer(app: &TestApp, who: &str, name: &str, phones: &[&str]) -> Value {
    let g = group(app, who, name, None).await;
    for (i, phone) in phones.iter().enumerate() {
        ok(
            app,
            who,
            Op::mutation("createMember").input("CreateMemberInput").returns("member", "id"),
            json!({ "groupId": g["id"], "fields": { "name": format!("成员{i}"), "phone": phone } }),
        )
        .await;
    }
    let code = app
        .data(
            Some(who),
            "query($id: ID!) { node(id: $id) { ... on CustomerGroup { id code name } } }",
            json!({ "id": g["id"] }),
        )
        .await;
    code["node"].clone()
}

/// Imports `csv` for `cycle` as `who`; returns the whole response.
async fn import_as(app: &TestApp, who: &str, cycle: &str, csv: &str) -> Value {
    let token = app.login(who).await.0;
    let ops = json!({ "query": IMPORT, "variables": { "f": null, "c": cycle } });
    let (status, r) = crate::members::multipart(app, &token, ops, "欠费清单.csv", csv.as_bytes()).await;
    assert_eq!(status, 200, "{r:#}");
    r
}

async fn import(app: &TestApp, cycle: &str, csv: &str) -> Value {
    let r = import_as(app, "gz_billing", cycle, csv).await;
    r["data"]["importArrears"].clone()
}

const HEADER: &str = "账户,集团编码,号码,欠费金额,欠费月数,预计停机日期\n";

async fn mine(app: &TestApp, who: &str) -> Vec<Value> {
    let q = format!("{{ myCollectionItems(first: 50) {{ {ITEM} }} }}");
    app.data(Some(who), &q, json!({})).await["myCollectionItems"].as_array().unwrap().clone()
}

async fn item(app: &TestApp, who: &str, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ node(id: $id) {{ ... on ArrearsItem {{ {ITEM} }} }} }}");
    app.data(Some(who), &q, json!({ "id": id })).await["node"].clone()
}

/// Logs a `COLLECTION` contact by `method` now, about `arrears` when given.
async fn contact(app: &TestApp, group: &Value, method: &str, purpose: &str, arrears: Option<Value>) -> Value {
    let now = app.clock_now();
    let card = json!({
        "method": method, "purpose": purpose, "startedAt": iso(now - chrono::Duration::minutes(10)), "endedAt": iso(now),
        "minutes": "告知欠费金额和账龄，客户同意按期缴清", "arrears": arrears,
    });
    mutate(
        app,
        "gz_am1",
        Op::mutation("logVisit").input("LogVisitInput").returns("visit", "id"),
        json!({ "groupId": group["id"], "card": card }),
    )
    .await
}

db_test!(billings_list_becomes_collection_items_once_per_cycle, |app| {
    app.clock.set(sh("2027-03-10T10:00:00"));
    let g1 = customer(&app, "gz_am1", "广州市越秀区教育局", &["13911110001", "13911110002"]).await;
    let g2 = customer(&app, "gz_am1", "广州市越秀区卫生健康局", &["13911110003"]).await;
    let (c1, c2) = (g1["code"].as_str().unwrap(), g2["code"].as_str().unwrap());
    let csv = format!(
        "{HEADER}ZH001,{c1},13911110001,300.00,3,\nZH002,,13911110003,120.50,1,\nZH003,JT-NOPE,,50.00,1,\nZH004,{c1},13911110002,abc,1,\nZH001,{c1},13911110001,300.00,3,\nZH005,{c2},,0.00,0,\n"
    );
    let r = import(&app, "2027-02", &csv).await;
    assert_eq!(r["userErrors"], json!([]), "{r:#}");
    assert_eq!(
        (r["rows"].as_i64(), r["created"].as_i64(), r["updated"].as_i64(), r["unchanged"].as_i64()),
        (Some(6), Some(2), Some(0), Some(1)),
        "{r:#}"
    );
    let lines: Vec<i64> = r["problems"].as_array().unwrap().iter().map(|p| p["line"].as_i64().unwrap()).collect();
    assert_eq!(lines, [4, 5, 6], "the unknown group, the bad amount, the account twice: {r:#}");
    // The same list again changes nothing.
    let again = import(&app, "2027-02", &csv).await;
    assert_eq!(
        (again["created"].as_i64(), again["updated"].as_i64(), again["unchanged"].as_i64()),
        (Some(0), Some(0), Some(3)),
        "{again:#}"
    );
    assert_eq!(app.count("arrears_item").await, 2);
    // Most overdue first, on the manager's list; found by number alone when the code is missing.
    let items = mine(&app, "gz_am1").await;
    let accounts: Vec<&str> = items.iter().map(|i| i["accountNo"].as_str().unwrap()).collect();
    assert_eq!(accounts, ["ZH001", "ZH002"]);
    assert_eq!(
        (items[0]["amount"].as_str(), items[0]["monthsOverdue"].as_i64(), items[0]["status"].as_str()),
        (Some("300.00"), Some(3), Some("OPEN"))
    );
    assert_eq!(items[1]["member"]["phone"], "13911110003");
    // The next cycle brings the open item up to date; an earlier one is refused, as is the future.
    let next = import(&app, "2027-03", &format!("{HEADER}ZH001,{c1},13911110001,420.00,4,\n")).await;
    assert_eq!((next["created"].as_i64(), next["updated"].as_i64()), (Some(0), Some(1)), "{next:#}");
    let a = item(&app, "gz_am1", &items[0]["id"]).await;
    assert_eq!(
        (a["amount"].as_str(), a["monthsOverdue"].as_i64(), a["cycle"].as_str(), a["firstCycle"].as_str()),
        (Some("420.00"), Some(4), Some("2027-03"), Some("2027-02"))
    );
    let old = import(&app, "2027-01", &csv).await;
    assert_eq!(codes(&old), ["PRECONDITION_FAILED"], "{old:#}");
    let future = import(&app, "2027-04", &csv).await;
    assert_eq!(codes(&future), ["INVALID"]);
    // Managers do not import; another branch sees none of it.
    let by_manager = import_as(&app, "gz_am1", "2027-03", &csv).await;
    assert_eq!(error_code(&by_manager), "FORBIDDEN");
    let theirs = app.data(Some("sz_head"), "{ arrearsItems(first: 10) { totalCount } }", json!({})).await;
    assert_eq!(theirs["arrearsItems"]["totalCount"], 0);
    assert!(item(&app, "sz_am1", &items[0]["id"]).await.is_null());
    let head = app.data(Some("gz_head"), "{ arrearsItems(first: 10) { totalCount } }", json!({})).await;
    assert_eq!(head["arrearsItems"]["totalCount"], 2);
    // A file without the columns is refused whole.
    let bad = import(&app, "2027-03", "姓名,电话\n张三,1\n").await;
    assert_eq!(codes(&bad), ["INVALID"]);
});

db_test!(call_first_notice_after_the_agreed_date_and_payments_need_receipts, |app| {
    app.clock.set(sh("2027-03-10T10:00:00"));
    let g = customer(&app, "gz_am1", "广州市越秀区城市管理局", &["13911120001"]).await;
    let c = g["code"].as_str().unwrap();
    let csv = format!("{HEADER}ZH100,{c},13911120001,500.00,2,\n");
    assert_eq!(import(&app, "2027-02", &csv).await["created"], 1);
    let it = mine(&app, "gz_am1").await[0].clone();
    assert_eq!(it["allowedActions"], json!(["LOG_COLLECTION_CONTACT", "RECORD_ARREARS_PAYMENT"]));
    assert_eq!(it["noticeBlocked"]["code"], "PRECONDITION_FAILED", "the notice waits for a call or letter first");
    let notice = Op::mutation("issueArrearsNotice").input("IssueArrearsNoticeInput").returns("item", ITEM);
    let early = mutate(&app, "gz_am1", notice, json!({ "id": it["id"], "expectedVersion": it["version"] })).await;
    assert_eq!(codes(&early), ["PRECONDITION_FAILED"]);
    // The call is a collection visit; another purpose cannot carry it.
    let agreed = json!({ "itemId": it["id"], "agreedOn": "2027-03-12", "agreedPlace": "越秀营业厅" });
    let wrong = contact(&app, &g, "PHONE", "ROUTINE", Some(agreed.clone())).await;
    assert_eq!(wrong["userErrors"][0]["field"], json!(["input", "card", "purpose"]), "{wrong:#}");
    let past = contact(
        &app,
        &g,
        "PHONE",
        "COLLECTION",
        Some(json!({ "itemId": it["id"], "agreedOn": "2027-03-09", "agreedPlace": "营业厅" })),
    )
    .await;
    assert_eq!(codes(&past), ["INVALID"], "an agreed date in the past: {past:#}");
    let called = contact(&app, &g, "LETTER", "COLLECTION", Some(agreed)).await;
    assert_eq!(called["userErrors"], json!([]), "{called:#}");
    let it = item(&app, "gz_am1", &it["id"]).await;
    assert_eq!(
        (it["status"].as_str(), it["agreedOn"].as_str(), it["noticeFrom"].as_str()),
        (Some("CONTACTED"), Some("2027-03-12"), Some("2027-03-13"))
    );
    assert_eq!(it["contactVisit"]["id"], called["visit"]["id"]);
    // On the agreed day the notice is still refused; the day after, it prints.
    app.clock.set(sh("2027-03-12T17:00:00"));
    let r = mutate(&app, "gz_am1", notice, json!({ "id": it["id"], "expectedVersion": it["version"] })).await;
    assert!(r["userErrors"][0]["message"].as_str().unwrap().contains("2027-03-13"), "{r:#}");
    app.clock.set(sh("2027-03-13T09:00:00"));
    let q = format!(
        "mutation($i: IssueArrearsNoticeInput!) {{ issueArrearsNotice(input: $i) {{ item {{ {ITEM} }} notice {{ fileName contentBase64 }} userErrors {{ code }} }} }}"
    );
    let d = app.data(Some("gz_am1"), &q, json!({ "i": { "id": it["id"], "expectedVersion": it["version"] } })).await["issueArrearsNotice"].clone();
    assert_eq!(d["userErrors"], json!([]), "{d:#}");
    assert_eq!(d["item"]["status"], "NOTICED");
    assert!(d["notice"]["fileName"].as_str().unwrap().starts_with("欠费通知单-QF-202702-"), "{d:#}");
    let pdf = base64::engine::general_purpose::STANDARD.decode(d["notice"]["contentBase64"].as_str().unwrap()).unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pdf.len() > 2_000);
    let it = d["item"].clone();
    // Payments: a receipt number always, never more than owed, each receipt once.
    let pay = Op::mutation("recordArrearsPayment").input("RecordArrearsPaymentInput").returns("item", ITEM);
    let paid = |it: &Value, amount: &str, receipt: &str| json!({ "id": it["id"], "expectedVersion": it["version"], "amount": amount, "receiptNo": receipt, "paidOn": "2027-03-13" });
    assert_eq!(codes(&mutate(&app, "gz_am1", pay, paid(&it, "200.00", "")).await), ["REQUIRED"]);
    assert_eq!(codes(&mutate(&app, "gz_am1", pay, paid(&it, "500.01", "SJ-0001")).await), ["INVALID"]);
    let it = ok(&app, "gz_am1", pay, paid(&it, "200.00", "SJ-0001")).await;
    assert_eq!(
        (it["status"].as_str(), it["collected"].as_str(), it["outstanding"].as_str()),
        (Some("NOTICED"), Some("200.00"), Some("300.00"))
    );
    assert_eq!(codes(&mutate(&app, "gz_am1", pay, paid(&it, "100.00", "SJ-0001")).await), ["DUPLICATE"]);
    let it = ok(&app, "gz_am1", pay, paid(&it, "300.00", "SJ-0002")).await;
    assert_eq!(
        (it["status"].as_str(), it["outstanding"].as_str(), it["allowedActions"].clone()),
        (Some("PAID"), Some("0.00"), json!([]))
    );
    assert_eq!(it["payments"].as_array().unwrap().len(), 2);
    // The same cycle's list still shows the account: the receipt wins, nothing reopens.
    let again = import(&app, "2027-02", &csv).await;
    assert_eq!((again["created"].as_i64(), again["unchanged"].as_i64()), (Some(0), Some(1)), "{again:#}");
    assert!(mine(&app, "gz_am1").await.is_empty());
    // A later cycle's new debt is a new item.
    let next = import(&app, "2027-03", &format!("{HEADER}ZH100,{c},13911120001,80.00,1,\n")).await;
    assert_eq!(next["created"], 1);
    // Another manager cannot touch it.
    let other = app
        .exec(
            Some("gz_am2"),
            "mutation($i: RecordArrearsPaymentInput!) { recordArrearsPayment(input: $i) { userErrors { code } } }",
            json!({ "i": paid(&it, "1.00", "SJ-9") }),
        )
        .await;
    assert_eq!(error_code(&other), "NOT_FOUND");
});

db_test!(collection_figures_by_manager_department_and_age, |app| {
    app.clock.set(sh("2027-03-10T10:00:00"));
    let a = customer(&app, "gz_am1", "广州市越秀区民政局", &["13911130001", "13911130002"]).await;
    let b = customer(&app, "gz_am2", "广州市天河区民政局", &["13911130003"]).await;
    let (ca, cb) = (a["code"].as_str().unwrap(), b["code"].as_str().unwrap());
    let csv = format!(
        "{HEADER}ZH301,{ca},13911130001,100.00,1,\nZH302,{ca},13911130002,300.00,5,\nZH303,{cb},13911130003,200.00,2,\n"
    );
    assert_eq!(import(&app, "2027-02", &csv).await["created"], 3);
    let first = mine(&app, "gz_am1").await.into_iter().find(|i| i["accountNo"] == "ZH301").unwrap();
    let pay = Op::mutation("recordArrearsPayment").input("RecordArrearsPaymentInput").returns("item", "id");
    ok(&app, "gz_am1", pay, json!({ "id": first["id"], "expectedVersion": first["version"], "amount": "100.00", "receiptNo": "SJ-3001", "paidOn": "2027-03-10" })).await;
    let q = "query($c: String!) { collectionReport(cycle: $c) { total { items overdue collected collectionRatePercent byAge { fromMonths toMonths outstanding } } \
        byManager { manager { username } figures { items overdue collected collectionRatePercent } } byDepartment { department { code } figures { items } } } }";
    let r = app.data(Some("gz_head"), q, json!({ "c": "2027-02" })).await["collectionReport"].clone();
    assert_eq!(
        (r["total"]["items"].as_i64(), r["total"]["overdue"].as_str(), r["total"]["collected"].as_str()),
        (Some(3), Some("600.00"), Some("100.00"))
    );
    assert_eq!(r["total"]["collectionRatePercent"], "16.67");
    let ages: Vec<(i64, Option<i64>, &str)> = r["total"]["byAge"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["fromMonths"].as_i64().unwrap(), b["toMonths"].as_i64(), b["outstanding"].as_str().unwrap()))
        .collect();
    assert_eq!(
        ages,
        [(1, Some(1), "0.00"), (2, Some(2), "200.00"), (3, Some(3), "0.00"), (4, Some(6), "300.00"), (7, None, "0.00")]
    );
    assert_eq!(
        r["byManager"],
        json!([
            { "manager": { "username": "gz_am1" }, "figures": { "items": 2, "overdue": "400.00", "collected": "100.00", "collectionRatePercent": "25.00" } },
            { "manager": { "username": "gz_am2" }, "figures": { "items": 1, "overdue": "200.00", "collected": "0.00", "collectionRatePercent": "0.00" } }
        ])
    );
    assert_eq!(r["byDepartment"], json!([{ "department": { "code": "gz-jk" }, "figures": { "items": 3 } }]));
    // A manager's report is their own.
    let own =
        app.data(Some("gz_am2"), q, json!({ "c": "2027-02" })).await["collectionReport"]["total"]["items"].clone();
    assert_eq!(own, 1);
});

const TASKS: &str = "{ myTasks(kind: SUSPENSION_REMINDER, first: 50) { nodes { title status subjectType } } }";

async fn reminders(app: &TestApp) -> Vec<(String, String)> {
    let d = app.data(Some("gz_am1"), TASKS, json!({})).await;
    d["myTasks"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["title"].as_str().unwrap().to_string(), t["status"].as_str().unwrap().to_string()))
        .collect()
}

async fn set_arpu(app: &TestApp, phone: &str, arpu: &str) {
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let m = entity::member::Entity::find()
        .filter(entity::member::Column::Phone.eq(phone))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut m: entity::member::ActiveModel = m.into();
    m.arpu = Set(Some(arpu.parse().unwrap()));
    m.update(&app.state.db).await.unwrap();
}

async fn run_reminders(app: &TestApp) {
    gecrm::jobs::run_all(&app.state, &["arrears.suspensions".to_string()]).await.expect("job runs");
}

db_test!(a_high_value_member_is_not_cut_off_by_surprise, |app| {
    app.clock.set(sh("2027-03-10T10:00:00"));
    let g = customer(&app, "gz_am1", "广州市越秀区交通运输局", &["13911140001", "13911140002", "13911140003"]).await;
    let c = g["code"].as_str().unwrap();
    set_arpu(&app, "13911140001", "88.00").await;
    set_arpu(&app, "13911140002", "45.00").await;
    set_arpu(&app, "13911140003", "120.00").await;
    let csv = format!(
        "{HEADER}ZH401,{c},13911140001,0.00,0,2027-03-15\nZH402,{c},13911140002,0.00,0,2027-03-12\nZH403,{c},13911140003,60.00,1,2027-03-13\n"
    );
    let r = import(&app, "2027-02", &csv).await;
    assert_eq!((r["suspensions"].as_i64(), r["created"].as_i64()), (Some(3), Some(1)), "{r:#}");
    // Within three days: the high-value 13911140003 (on the 13th); not the mid-value one, not yet the 15th.
    let now = reminders(&app).await;
    assert_eq!(now.len(), 1, "{now:?}");
    assert!(now[0].0.contains("13911140003") && now[0].0.contains("2027-03-13"), "{now:?}");
    app.clock.set(sh("2027-03-12T08:00:00"));
    run_reminders(&app).await;
    let open: Vec<String> = reminders(&app).await.into_iter().filter(|(_, s)| s == "OPEN").map(|(t, _)| t).collect();
    assert_eq!(open.len(), 2, "the 15th is three days away now: {open:?}");
    // The manager's collection call closes the group's reminders.
    let called = contact(&app, &g, "PHONE", "COLLECTION", None).await;
    assert_eq!(called["userErrors"], json!([]), "{called:#}");
    assert!(reminders(&app).await.iter().all(|(_, s)| s == "DONE"));
    // A later list without the date (topped up) closes a reminder that came back; running again
    // makes nothing new.
    let g2 = customer(&app, "gz_am1", "广州市越秀区水务局", &["13911140004"]).await;
    set_arpu(&app, "13911140004", "99.00").await;
    let c2 = g2["code"].as_str().unwrap();
    import(&app, "2027-02", &format!("{csv}ZH404,{c2},13911140004,0.00,0,2027-03-14\n")).await;
    assert_eq!(reminders(&app).await.iter().filter(|(_, s)| s == "OPEN").count(), 1);
    import(&app, "2027-03", &format!("{HEADER}ZH403,{c},13911140003,60.00,1,\n")).await;
    assert_eq!(reminders(&app).await.iter().filter(|(_, s)| s == "OPEN").count(), 0, "topped up: closed");
    run_reminders(&app).await;
    assert_eq!(reminders(&app).await.iter().filter(|(_, s)| s == "OPEN").count(), 0);
});
