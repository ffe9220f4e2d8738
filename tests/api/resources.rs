//! Resources a plan item needs (定所需资源): experts asked to join a visit, trials, PR gifts from
//! the department's stock (never below zero), events, and each month's use per group and manager.
use chrono::Duration;
use gecrm::clock::{beijing_at, business_date};
use serde_json::{Value, json};

use crate::{
    archive::{CREATE_CONTACT, group, user_id},
    common::{TestApp, error_code},
    db_test,
    dayplan::morning,
    flow::{Op, codes, last_audit, mutate, ok, product_id},
};

pub const REQUEST: &str = "id kind status reason groupName group { id } requester { username } expertise expert { username } \
    product { code } gift { name stock } contact { name } quantity value startsOn at days title decidedBy { username } decisionNote canDecide canCancel version";
pub const ASK: Op = Op::mutation("requestResource").input("RequestResourceInput").returns("request", REQUEST);
const GRANT: Op = Op::mutation("grantResourceRequest").input("ResourceMoveInput").returns("request", REQUEST);
const DECLINE: Op = Op::mutation("declineResourceRequest").input("ResourceMoveInput").returns("request", REQUEST);
const CANCEL: Op = Op::mutation("cancelResourceRequest").input("ResourceMoveInput").returns("request", REQUEST);
pub const ADD_GIFT: Op = Op::mutation("addGiftItem").input("AddGiftItemInput").returns("gift", "id name unitValue stock");
const RESTOCK: Op = Op::mutation("restockGiftItem").input("RestockGiftItemInput").returns("gift", "id name stock");
const EXPERTISE: Op =
    Op::mutation("setUserExpertise").input("SetUserExpertiseInput").returns("user", "username chiefManager productSpecialist");
const LIST: &str = "query($f: ResourceRequestFilter) { resourceRequests(filter: $f, first: 50) { nodes { id kind status } } }";
const NODE: &str = "query($id: ID!) { node(id: $id) { ... on ResourceRequest { id status } } }";
const STOCK: &str = "{ giftItems { id name stock } }";
const USAGE: &str = "query($m: String!, $b: UsageBy!) { resourceUsage(month: $m, by: $b) { name group { id } manager { username } giftPieces giftValue trials trialLines events companions } }";

/// Marks `who` as an expert (admin).
pub async fn make_expert(app: &TestApp, who: &str, chief: bool, specialist: bool) {
    let v = app.data(Some("admin"), "query($id: ID!) { node(id: $id) { ... on User { version } } }", json!({ "id": user_id(app, who) })).await;
    let input = json!({ "id": user_id(app, who), "chiefManager": chief, "productSpecialist": specialist, "expectedVersion": v["node"]["version"] });
    let u = ok(app, "admin", EXPERTISE, input).await;
    assert_eq!((u["chiefManager"].as_bool(), u["productSpecialist"].as_bool()), (Some(chief), Some(specialist)));
}

/// A contact of group `g`.
pub async fn contact(app: &TestApp, who: &str, g: &Value, name: &str) -> Value {
    let f = json!({ "name": name, "role": "DECISION_MAKER" });
    let d = app.data(Some(who), CREATE_CONTACT, json!({ "g": g["id"], "f": f })).await;
    assert_eq!(d["createContact"]["userErrors"], json!([]), "{d:#}");
    d["createContact"]["contact"].clone()
}

/// A gift added by `head` to their department's stock.
pub async fn gift(app: &TestApp, head: &str, name: &str, value: &str, stock: i64) -> Value {
    ok(app, head, ADD_GIFT, json!({ "name": name, "unitValue": value, "stock": stock })).await
}

async fn stock(app: &TestApp, who: &str, gift: &Value) -> i64 {
    let d = app.data(Some(who), STOCK, json!({})).await;
    let all = d["giftItems"].as_array().unwrap();
    all.iter().find(|g| g["id"] == gift["id"]).map(|g| g["stock"].as_i64().unwrap()).expect("the gift is listed")
}

async fn listed(app: &TestApp, who: &str, filter: Value, id: &Value) -> bool {
    let d = app.data(Some(who), LIST, json!({ "f": filter })).await;
    d["resourceRequests"]["nodes"].as_array().unwrap().iter().any(|n| n["id"] == *id)
}

fn mv(r: &Value, note: Option<&str>) -> Value {
    json!({ "id": r["id"], "expectedVersion": r["version"], "note": note })
}

fn gifts(g: &Value, k: &Value, item: &Value, pieces: i64) -> Value {
    json!({ "kind": "GIFT", "groupId": g["id"], "contactId": k["id"], "giftItemId": item["id"], "quantity": pieces, "reason": "走访赠送" })
}

db_test!(an_expert_accepts_a_visit_and_it_goes_on_their_day, |app| {
    let day = morning(&app);
    let g = group(&app, "gz_am1", "广州市资源陪同测试局", None).await;
    make_expert(&app, "gz_am2", true, false).await;
    make_expert(&app, "gz_xx_head", false, true).await;
    let experts = app.data(Some("gz_am1"), "{ resourceExperts(expertise: CHIEF_MANAGER) { displayName expertise } }", json!({})).await;
    assert_eq!(experts["resourceExperts"], json!([{ "displayName": "刘佳怡", "expertise": ["CHIEF_MANAGER"] }]));
    // The chief does not see herself offered.
    let own = app.data(Some("gz_am2"), "{ resourceExperts(expertise: CHIEF_MANAGER) { displayName } }", json!({})).await;
    assert_eq!(own["resourceExperts"], json!([]));
    let at = beijing_at(day, 15, 0);
    let item = ok(
        &app,
        "gz_am1",
        Op::mutation("addPlanItem").input("AddPlanItemInput").returns("item", "id"),
        json!({ "day": day.to_string(), "groupId": g["id"],
                "details": { "matter": "VISIT", "means": "DEMO", "title": "上门演示云视讯", "at": crate::flow::iso(at), "target": "信息中心主任" } }),
    )
    .await;
    let ask = |expert: &str, expertise: &str| {
        json!({ "kind": "COMPANION", "planItemId": item["id"], "expertise": expertise, "expertId": user_id(&app, expert), "reason": "客户关注组网方案" })
    };
    // Someone who is not that kind of expert is not offered.
    let wrong = mutate(&app, "gz_am1", ASK, ask("gz_xx_head", "CHIEF_MANAGER")).await;
    assert_eq!(codes(&wrong), ["NOT_FOUND"]);
    assert_eq!(wrong["userErrors"][0]["field"], json!(["input", "expertId"]));
    let r = ok(&app, "gz_am1", ASK, ask("gz_am2", "CHIEF_MANAGER")).await;
    assert_eq!((r["status"].as_str(), r["startsOn"].as_str()), (Some("PENDING"), Some(day.to_string().as_str())));
    assert_eq!(r["at"].as_str().map(|s| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap()), Some(at));
    // It waits on the chief, who sees the group by name though not its file.
    assert!(listed(&app, "gz_am2", json!({ "box": "TO_DECIDE" }), &r["id"]).await);
    let seen = app.data(Some("gz_am2"), &format!("query($id: ID!) {{ node(id: $id) {{ ... on ResourceRequest {{ {REQUEST} }} }} }}"), json!({ "id": r["id"] })).await;
    assert_eq!(seen["node"]["groupName"], "广州市资源陪同测试局");
    assert_eq!(seen["node"]["group"], Value::Null);
    assert_eq!(seen["node"]["canDecide"], true);
    // Not the head's to accept, nor the requester's.
    assert_eq!(codes(&mutate(&app, "gz_head", GRANT, mv(&r, None)).await), ["NOT_PERMITTED"]);
    assert_eq!(codes(&mutate(&app, "gz_am1", GRANT, mv(&r, None)).await), ["NOT_PERMITTED"]);
    let granted = ok(&app, "gz_am2", GRANT, mv(&r, Some("下午三点在客户楼下见"))).await;
    assert_eq!((granted["status"].as_str(), granted["decidedBy"]["username"].as_str()), (Some("GRANTED"), Some("gz_am2")));
    assert_eq!(last_audit(&app, "ResourceRequest").await.action, "resource.grant");
    // The visit is on the chief's day, at its time.
    let plan = app
        .data(Some("gz_am2"), "query($d: Date) { dayPlan(day: $d) { title at priority means } }", json!({ "d": day.to_string() }))
        .await;
    let items = plan["dayPlan"].as_array().unwrap();
    let joined = items.iter().find(|i| i["title"] == "陪同张晓明走访：广州市资源陪同测试局").unwrap_or_else(|| panic!("{plan:#}"));
    assert_eq!((joined["priority"].as_str(), joined["means"].as_str()), (Some("APPOINTMENT"), Some("DEMO")));
    // The requester's item shows the answer.
    let mine = app
        .data(Some("gz_am1"), "query($d: Date) { dayPlan(day: $d) { title resourceRequests { status decisionNote expert { username } } } }", json!({ "d": day.to_string() }))
        .await;
    let demo = mine["dayPlan"].as_array().unwrap().iter().find(|i| i["title"] == "上门演示云视讯").unwrap().clone();
    assert_eq!(demo["resourceRequests"], json!([{ "status": "GRANTED", "decisionNote": "下午三点在客户楼下见", "expert": { "username": "gz_am2" } }]));
    // Granted once: a second answer is refused by the state.
    assert_eq!(codes(&mutate(&app, "gz_am2", DECLINE, mv(&granted, None)).await), ["INVALID_TRANSITION"]);
    // The specialist declines: nothing goes on his day.
    let r2 = ok(&app, "gz_am1", ASK, ask("gz_xx_head", "PRODUCT_SPECIALIST")).await;
    let declined = ok(&app, "gz_xx_head", DECLINE, mv(&r2, Some("当天在外地"))).await;
    assert_eq!(declined["status"], "DECLINED");
    let his = app.data(Some("gz_xx_head"), "query($d: Date) { dayPlan(day: $d) { title } }", json!({ "d": day.to_string() })).await;
    assert_eq!(his["dayPlan"], json!([]));
    // Colleagues neither see nor answer it.
    assert_eq!(app.data(Some("sz_am1"), NODE, json!({ "id": r["id"] })).await["node"], Value::Null);
    let r3 = app.exec(Some("gz_am2"), &DECLINE.document(), json!({ "i": mv(&r2, None) })).await;
    assert_eq!(error_code(&r3), "NOT_FOUND", "{r3:#}");
});

db_test!(gifts_within_the_set_value_are_issued_at_once_and_dearer_ones_wait_on_the_head, |app| {
    let g = group(&app, "gz_am1", "广州市礼品测试局", None).await;
    let k = contact(&app, "gz_am1", &g, "王主任").await;
    let usb = gift(&app, "gz_head", "定制U盘", "35.00", 5).await;
    let tea = gift(&app, "gz_head", "茶叶礼盒", "268.00", 2).await;
    // Only a head keeps the stock, and a name once per department.
    let by_am = mutate(&app, "gz_am1", ADD_GIFT, json!({ "name": "台历", "unitValue": "20.00", "stock": 1 })).await;
    assert_eq!(codes(&by_am), ["NOT_PERMITTED"]);
    let twice = mutate(&app, "gz_head", ADD_GIFT, json!({ "name": "定制U盘", "unitValue": "30.00", "stock": 1 })).await;
    assert_eq!(codes(&twice), ["DUPLICATE"]);
    // ¥70 is within the ¥200 set: issued at once.
    let issued = ok(&app, "gz_am1", ASK, gifts(&g, &k, &usb, 2)).await;
    assert_eq!((issued["status"].as_str(), issued["value"].as_str()), (Some("GRANTED"), Some("70.00")));
    assert_eq!(issued["contact"]["name"], "王主任");
    assert_eq!(stock(&app, "gz_am1", &usb).await, 3);
    // More than the stock: refused, saying what is left, and nothing taken.
    let short = mutate(&app, "gz_am1", ASK, gifts(&g, &k, &usb, 4)).await;
    assert_eq!(codes(&short), ["PRECONDITION_FAILED"]);
    assert!(short["userErrors"][0]["message"].as_str().unwrap().contains("现有 3 件"), "{short:#}");
    assert_eq!(stock(&app, "gz_am1", &usb).await, 3);
    // ¥268 is above the set value: it waits on the head, its piece set aside.
    let dear = ok(&app, "gz_am1", ASK, gifts(&g, &k, &tea, 1)).await;
    assert_eq!(dear["status"], "PENDING");
    assert_eq!(stock(&app, "gz_head", &tea).await, 1);
    assert!(listed(&app, "gz_head", json!({ "box": "TO_DECIDE" }), &dear["id"]).await);
    assert!(!listed(&app, "gz_head", json!({ "box": "TO_DECIDE" }), &issued["id"]).await);
    // Declined: the piece goes back.
    let no = ok(&app, "gz_head", DECLINE, mv(&dear, Some("本月礼品预算已用完"))).await;
    assert_eq!((no["status"].as_str(), no["decisionNote"].as_str()), (Some("DECLINED"), Some("本月礼品预算已用完")));
    assert_eq!(stock(&app, "gz_head", &tea).await, 2);
    // Withdrawn: back too; approved: it stays out.
    let again = ok(&app, "gz_am1", ASK, gifts(&g, &k, &tea, 1)).await;
    let hers = app.exec(Some("gz_am2"), &CANCEL.document(), json!({ "i": mv(&again, None) })).await;
    assert_eq!(error_code(&hers), "NOT_FOUND", "not hers to see: {hers:#}");
    ok(&app, "gz_am1", CANCEL, mv(&again, None)).await;
    assert_eq!(stock(&app, "gz_head", &tea).await, 2);
    let third = ok(&app, "gz_am1", ASK, gifts(&g, &k, &tea, 1)).await;
    // A stale version is a conflict, not a lost answer.
    let stale = app
        .exec(Some("gz_head"), &GRANT.document(), json!({ "i": { "id": third["id"], "expectedVersion": 7 } }))
        .await;
    assert_eq!(error_code(&stale), "CONFLICT", "{stale:#}");
    assert_eq!(stock(&app, "gz_head", &tea).await, 1, "nothing moved");
    let yes = ok(&app, "gz_head", GRANT, mv(&third, None)).await;
    assert_eq!((yes["status"].as_str(), yes["decidedBy"]["username"].as_str()), (Some("GRANTED"), Some("gz_head")));
    assert_eq!(stock(&app, "gz_head", &tea).await, 1);
    // The admin raises the set value: the same tea is issued at once.
    let set = "mutation { updateSetting(input: {key: \"gift.approval_above\", value: \"300.00\", expectedVersion: 1}) { userErrors { code } } }";
    assert_eq!(app.data(Some("admin"), set, json!({})).await["updateSetting"]["userErrors"], json!([]));
    let now = ok(&app, "gz_am1", ASK, gifts(&g, &k, &tea, 1)).await;
    assert_eq!(now["status"], "GRANTED");
    assert_eq!(stock(&app, "gz_head", &tea).await, 0);
    // Restocked by the head.
    let more = ok(&app, "gz_head", RESTOCK, json!({ "id": tea["id"], "quantity": 10 })).await;
    assert_eq!(more["stock"], 10);
    // The group's issue records, and a contact of another group or another department's gift
    // are not the manager's to use.
    let records = app
        .data(Some("gz_head"), LIST, json!({ "f": { "kind": "GIFT", "groupId": g["id"], "status": "GRANTED" } }))
        .await;
    assert_eq!(records["resourceRequests"]["nodes"].as_array().unwrap().len(), 3);
    let k2 = contact(&app, "gz_am1", &g, "赵科长").await;
    ok(&app, "gz_am1", ASK, gifts(&g, &k2, &usb, 1)).await;
    let theirs = |k: &Value| json!({ "f": { "kind": "GIFT", "contactId": k["id"], "status": "GRANTED" } });
    let of = |d: Value| d["resourceRequests"]["nodes"].as_array().unwrap().len();
    assert_eq!(of(app.data(Some("gz_am1"), LIST, theirs(&k)).await), 3);
    assert_eq!(of(app.data(Some("gz_am1"), LIST, theirs(&k2)).await), 1);
    let other = group(&app, "gz_am1", "广州市礼品另一局", None).await;
    let stranger = contact(&app, "gz_am1", &other, "李科长").await;
    let wrong = mutate(&app, "gz_am1", ASK, gifts(&g, &stranger, &usb, 1)).await;
    assert_eq!(codes(&wrong), ["NOT_FOUND"]);
    assert_eq!(wrong["userErrors"][0]["field"], json!(["input", "contactId"]));
    let sz = gift(&app, "sz_head", "深圳定制U盘", "30.00", 5).await;
    let theirs = mutate(&app, "gz_am1", ASK, gifts(&g, &k, &sz, 1)).await;
    assert_eq!(theirs["userErrors"][0]["field"], json!(["input", "giftItemId"]));
    assert_eq!(stock(&app, "sz_head", &sz).await, 5);
    let restock = app.exec(Some("gz_head"), &RESTOCK.document(), json!({ "i": { "id": sz["id"], "quantity": 1 } })).await;
    assert_eq!(error_code(&restock), "NOT_FOUND", "{restock:#}");
});

db_test!(concurrent_issues_never_take_the_stock_below_zero, |app| {
    let g = group(&app, "gz_am1", "广州市并发礼品测试局", None).await;
    let k = contact(&app, "gz_am1", &g, "王主任").await;
    let usb = gift(&app, "gz_head", "定制U盘", "10.00", 5).await;
    let doc = ASK.document();
    let tries = (0..12).map(|_| app.exec(Some("gz_am1"), &doc, json!({ "i": gifts(&g, &k, &usb, 1) })));
    let results = futures_util::future::join_all(tries).await;
    let mut granted = 0;
    let mut refused = 0;
    for r in &results {
        let p = &r["data"]["requestResource"];
        match p["request"]["status"].as_str() {
            Some("GRANTED") => granted += 1,
            _ => {
                assert_eq!(codes(p), ["PRECONDITION_FAILED"], "{r:#}");
                refused += 1;
            }
        }
    }
    assert_eq!((granted, refused), (5, 7));
    assert_eq!(stock(&app, "gz_head", &usb).await, 0);
    // The database itself keeps the stock at zero or more.
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    let sql = "UPDATE gift_item SET stock = -1";
    assert!(db.execute_raw(Statement::from_string(db.get_database_backend(), sql)).await.is_err());
});

db_test!(trials_and_events_wait_on_the_head_and_only_the_scope_sees_them, |app| {
    let g = group(&app, "gz_am1", "广州市试用测试局", None).await;
    let today = business_date(app.clock_now());
    let cloud = product_id(&app, "CLOUD_HOST_2C4G").await;
    let trial = ok(
        &app,
        "gz_am1",
        ASK,
        json!({ "kind": "TRIAL", "groupId": g["id"], "productId": cloud, "startsOn": (today + Duration::days(1)).to_string(), "days": 30, "quantity": 2, "reason": "试用后决定" }),
    )
    .await;
    assert_eq!((trial["status"].as_str(), trial["product"]["code"].as_str()), (Some("PENDING"), Some("CLOUD_HOST_2C4G")));
    let event = ok(
        &app,
        "gz_am1",
        ASK,
        json!({ "kind": "EVENT", "groupId": g["id"], "title": "新春联谊会", "startsOn": (today + Duration::days(20)).to_string(), "quantity": 40, "budget": "8000.00", "reason": "维系关键人" }),
    )
    .await;
    assert_eq!((event["value"].as_str(), event["quantity"].as_i64()), (Some("8000.00"), Some(40)));
    // A colleague in the same department sees neither, another branch's head neither.
    for who in ["gz_am2", "sz_head", "sz_branch"] {
        assert_eq!(app.data(Some(who), NODE, json!({ "id": trial["id"] })).await["node"], Value::Null, "{who}");
        assert!(!listed(&app, who, json!({}), &trial["id"]).await, "{who}");
        let r = app.exec(Some(who), &GRANT.document(), json!({ "i": mv(&trial, None) })).await;
        assert_eq!(error_code(&r), "NOT_FOUND", "{who}: {r:#}");
    }
    // The branch manager sees it; the head above decides.
    assert!(listed(&app, "gz_branch", json!({ "kind": "TRIAL" }), &trial["id"]).await);
    assert!(listed(&app, "gz_head", json!({ "box": "TO_DECIDE" }), &trial["id"]).await);
    assert!(!listed(&app, "gz_am1", json!({ "box": "TO_DECIDE" }), &trial["id"]).await);
    assert!(listed(&app, "gz_am1", json!({ "box": "MINE" }), &trial["id"]).await);
    ok(&app, "gz_head", GRANT, mv(&trial, None)).await;
    let no = ok(&app, "gz_head", DECLINE, mv(&event, Some("改为季度活动统一办"))).await;
    assert_eq!(no["status"], "DECLINED");
    // A head's own request waits on the branch manager, not on the head.
    let own = ok(
        &app,
        "gz_head",
        ASK,
        json!({ "kind": "EVENT", "groupId": g["id"], "title": "部门客户答谢会", "startsOn": (today + Duration::days(30)).to_string(), "quantity": 80, "budget": "20000.00", "reason": "年度答谢" }),
    )
    .await;
    assert_eq!(codes(&mutate(&app, "gz_head", GRANT, mv(&own, None)).await), ["NOT_PERMITTED"]);
    assert!(listed(&app, "gz_branch", json!({ "box": "TO_DECIDE" }), &own["id"]).await);
    ok(&app, "gz_branch", GRANT, mv(&own, None)).await;
    // An installer asks for nothing.
    let installer = mutate(&app, "gz_installer", ASK, json!({ "kind": "EVENT", "reason": "x" })).await;
    assert_eq!(codes(&installer), ["NOT_PERMITTED"]);
});

db_test!(the_months_use_is_summed_per_group_and_per_manager, |app| {
    let day = business_date(app.clock_now());
    let (g1, g2) = (group(&app, "gz_am1", "广州市用量一局", None).await, group(&app, "gz_am1", "广州市用量二局", None).await);
    let g3 = group(&app, "gz_head", "广州市用量三局", Some("gz_am2")).await;
    let (k1, k2) = (contact(&app, "gz_am1", &g1, "甲").await, contact(&app, "gz_am1", &g2, "乙").await);
    let k3 = contact(&app, "gz_am2", &g3, "丙").await;
    let usb = gift(&app, "gz_head", "定制U盘", "35.00", 100).await;
    // Last month's gifts are not this month's.
    let last_month = gecrm::fields::Month::of(day).plus(-1).first_day();
    app.clock.set(beijing_at(last_month + Duration::days(3), 10, 0));
    ok(&app, "gz_am1", ASK, gifts(&g1, &k1, &usb, 5)).await;
    app.clock.set(beijing_at(day, 10, 0));
    ok(&app, "gz_am1", ASK, gifts(&g1, &k1, &usb, 2)).await;
    ok(&app, "gz_am1", ASK, gifts(&g1, &k1, &usb, 1)).await;
    ok(&app, "gz_am1", ASK, gifts(&g2, &k2, &usb, 4)).await;
    ok(&app, "gz_am2", ASK, gifts(&g3, &k3, &usb, 3)).await;
    let cloud = product_id(&app, "CLOUD_HOST_2C4G").await;
    let trial = ok(
        &app,
        "gz_am1",
        ASK,
        json!({ "kind": "TRIAL", "groupId": g2["id"], "productId": cloud, "startsOn": day.to_string(), "days": 30, "quantity": 3, "reason": "试用" }),
    )
    .await;
    // A waiting trial is not used yet.
    let month = gecrm::fields::Month::of(day).to_string();
    let by_group = app.data(Some("gz_head"), USAGE, json!({ "m": month, "b": "GROUP" })).await;
    let rows = by_group["resourceUsage"].as_array().unwrap();
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).cloned().unwrap_or(Value::Null);
    assert_eq!((row("广州市用量一局")["giftPieces"].as_i64(), row("广州市用量一局")["giftValue"].as_str()), (Some(3), Some("105.00")));
    assert_eq!(row("广州市用量二局")["trials"], 0);
    ok(&app, "gz_head", GRANT, mv(&trial, None)).await;
    let by_group = app.data(Some("gz_head"), USAGE, json!({ "m": month, "b": "GROUP" })).await;
    let rows = by_group["resourceUsage"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    // Most gift value first.
    assert_eq!(names, ["广州市用量二局", "广州市用量一局", "广州市用量三局"]);
    assert_eq!(
        (rows[0]["giftPieces"].as_i64(), rows[0]["giftValue"].as_str(), rows[0]["trials"].as_i64(), rows[0]["trialLines"].as_i64()),
        (Some(4), Some("140.00"), Some(1), Some(3))
    );
    let by_manager = app.data(Some("gz_head"), USAGE, json!({ "m": month, "b": "MANAGER" })).await;
    let managers: Vec<(String, i64, String)> = by_manager["resourceUsage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["manager"]["username"].as_str().unwrap().into(), r["giftPieces"].as_i64().unwrap(), r["giftValue"].as_str().unwrap().into()))
        .collect();
    assert_eq!(managers, [("gz_am1".into(), 7, "245.00".into()), ("gz_am2".into(), 3, "105.00".into())]);
    // Last month: only the five.
    let before = app.data(Some("gz_head"), USAGE, json!({ "m": gecrm::fields::Month::of(last_month).to_string(), "b": "MANAGER" })).await;
    assert_eq!(before["resourceUsage"].as_array().unwrap().len(), 1);
    assert_eq!(before["resourceUsage"][0]["giftPieces"], 5);
    // A manager sees their own use only; another branch's head nothing.
    let mine = app.data(Some("gz_am2"), USAGE, json!({ "m": month, "b": "MANAGER" })).await;
    assert_eq!(mine["resourceUsage"].as_array().unwrap().len(), 1);
    assert_eq!(mine["resourceUsage"][0]["manager"]["username"], "gz_am2");
    let far = app.data(Some("sz_head"), USAGE, json!({ "m": month, "b": "GROUP" })).await;
    assert_eq!(far["resourceUsage"], json!([]));
});
