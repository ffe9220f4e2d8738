//! Billing adjustments (补退费, rule 15): the chain sized on the account's month and widened by
//! the cause's departments, evidence required and served only to those who see the request,
//! nobody approving their own, the stages after approval in order; the month's analysis; and
//! prestore waivers on graded numbers (rule 17).
use base64::Engine;
use serde_json::{Value, json};

use crate::{
    archive::group,
    common::{TestApp, error_code},
    db_test,
    flow::{JOB, Op, contract_act, decide, line, ok, paper_documents, pay_due, product_id, signed_contract},
};

pub const ADJUSTMENT: &str = "id code customerName accountNo memberName month amount accumulated cause causeText \
    rectification status billingReference stageNote allowedActions version group { id } \
    executedBy { username } checkedBy { username } auditedBy { username } \
    approval { id status version steps { role status department { code } } }";

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00";

/// The month the test clock is in, `YYYY-MM` (Beijing).
pub fn this_month(app: &TestApp) -> String {
    gecrm::clock::business_date(app.clock_now()).format("%Y-%m").to_string()
}

/// Asks for an adjustment as `who` with `files` as its evidence; returns the payload.
pub async fn request(app: &TestApp, who: &str, figures: Value, files: &[(&str, &[u8])]) -> Value {
    let token = app.login(who).await.0;
    let evidence: Vec<Value> = files.iter().map(|_| Value::Null).collect();
    let ops = json!({
        "query": format!("mutation($i: RequestBillingAdjustmentInput!) {{ requestBillingAdjustment(input: $i) {{ adjustment {{ {ADJUSTMENT} }} userErrors {{ field code message }} }} }}"),
        "variables": { "i": { "figures": figures, "causeText": "客户反映 3 月话费多扣", "rectification": "核查计费规则并修正套餐配置", "evidence": evidence } },
    });
    let paths: Vec<String> = (0..files.len()).map(|i| format!("variables.i.evidence.{i}")).collect();
    let uploads: Vec<(&str, &str, &[u8])> =
        files.iter().zip(&paths).map(|((name, bytes), p)| (p.as_str(), *name, *bytes)).collect();
    let (status, r) = crate::members::upload_files(app, &token, ops, &uploads).await;
    assert_eq!(status, 200, "{r:#}");
    r["data"]["requestBillingAdjustment"].clone()
}

/// An adjustment as `who` asks for it, with a PDF as evidence, asserting it is accepted.
pub async fn asked(app: &TestApp, who: &str, figures: Value) -> Value {
    let p = request(app, who, figures, &[("依据.pdf", PDF)]).await;
    assert_eq!(p["userErrors"], json!([]), "{p:#}");
    p["adjustment"].clone()
}

fn figures(group: &Value, account: &str, amount: &str, cause: &str, month: &str) -> Value {
    json!({ "groupId": group["id"], "accountNo": account, "month": month, "amount": amount, "cause": cause })
}

/// The chain as (role, department code or "").
fn chain(a: &Value) -> Vec<(String, String)> {
    a["approval"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["role"].as_str().unwrap().to_string(), s["department"]["code"].as_str().unwrap_or("").to_string()))
        .collect()
}

fn roles(a: &Value) -> Vec<String> {
    chain(a).into_iter().map(|(r, _)| r).collect()
}

async fn get(app: &TestApp, who: &str, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ node(id: $id) {{ ... on BillingAdjustment {{ {ADJUSTMENT} }} }} }}");
    app.data(Some(who), &q, json!({ "id": id })).await["node"].clone()
}

async fn stage(app: &TestApp, who: &str, mutation: &'static str, a: &Value, extra: Value) -> Value {
    let input =
        if mutation == "executeBillingAdjustment" { "ExecuteBillingAdjustmentInput" } else { "AdjustmentStageInput" };
    let op = Op::mutation(mutation).input(input).returns("adjustment", ADJUSTMENT);
    let mut i = json!({ "id": a["id"], "expectedVersion": a["version"] });
    i.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    crate::flow::mutate(app, who, op, i).await
}

const H: &str = "DEPARTMENT_HEAD";
const B: &str = "BRANCH_MANAGER";
const G: &str = "GENERAL_MANAGER";

db_test!(tiers_follow_the_accounts_accumulated_month_at_every_boundary, |app| {
    let g = group(&app, "gz_am1", "广州市越秀区卫生健康局", None).await;
    let m = this_month(&app);
    let cause = "NOT_IN_SYSTEM";
    for (account, amount, want) in [
        ("A-1", "199.99", vec![H]),
        ("A-2", "200.00", vec![H, B]),
        ("A-3", "499.99", vec![H, B]),
        ("A-4", "500.00", vec![H, B, G]),
        ("A-5", "-250.00", vec![H, B]),
    ] {
        let a = asked(&app, "gz_am1", figures(&g, account, amount, cause, &m)).await;
        assert_eq!(roles(&a), want, "{account} {amount}");
        assert_eq!(a["accumulated"], amount.trim_start_matches('-'), "{a:#}");
    }
    // Two ¥150 refunds on one account in one month: the second needs the branch manager.
    let first = asked(&app, "gz_am1", figures(&g, "B-1", "150.00", cause, &m)).await;
    assert_eq!(roles(&first), vec![H]);
    let second = asked(&app, "gz_am1", figures(&g, "B-1", "150.00", cause, &m)).await;
    assert_eq!((roles(&second), second["accumulated"].as_str()), (vec![H.to_string(), B.to_string()], Some("300.00")));
    // Another month starts again; a withdrawn request no longer counts.
    let last_month = gecrm::fields::Month::parse("m", &m).unwrap().plus(-1).to_string();
    assert_eq!(roles(&asked(&app, "gz_am1", figures(&g, "B-1", "150.00", cause, &last_month)).await), vec![H]);
    let w = stage(&app, "gz_am1", "withdrawBillingAdjustment", &second, json!({ "note": "重复申请" })).await;
    assert_eq!(w["adjustment"]["status"], "WITHDRAWN", "{w:#}");
    assert_eq!(w["adjustment"]["approval"]["status"], "CANCELLED");
    let third = asked(&app, "gz_am1", figures(&g, "B-1", "49.99", cause, &m)).await;
    assert_eq!((roles(&third), third["accumulated"].as_str()), (vec![H.to_string()], Some("199.99")));
    // The approver sees the account's history: the other three on B-1, newest first, and only those.
    let q = "query($id: ID!) { node(id: $id) { ... on BillingAdjustment { previousAdjustments { month amount status } } } }";
    let history =
        app.data(Some("gz_head"), q, json!({ "id": third["id"] })).await["node"]["previousAdjustments"].clone();
    assert_eq!(
        history,
        json!([
            { "month": last_month, "amount": "150.00", "status": "PENDING" },
            { "month": m, "amount": "150.00", "status": "WITHDRAWN" },
            { "month": m, "amount": "150.00", "status": "PENDING" }
        ])
    );
    // The preview says what a request would get, before it is made.
    let q = "query($i: AdjustmentFiguresInput!) { billingAdjustmentChain(input: $i) { accumulated steps { role departmentName } } }";
    let p = app.data(Some("gz_am1"), q, json!({ "i": figures(&g, "B-1", "0.01", cause, &m) })).await;
    assert_eq!(p["billingAdjustmentChain"]["accumulated"], "200.00");
    let steps: Vec<&str> =
        p["billingAdjustmentChain"]["steps"].as_array().unwrap().iter().map(|s| s["role"].as_str().unwrap()).collect();
    assert_eq!(steps, vec![H, B]);
    // The tiers are settings.
    let set = "mutation { updateSetting(input: {key: \"refund.tier_branch\", value: \"300.00\", expectedVersion: 1}) { userErrors { code } } }";
    assert_eq!(app.data(Some("admin"), set, json!({})).await["updateSetting"]["userErrors"], json!([]));
    assert_eq!(roles(&asked(&app, "gz_am1", figures(&g, "C-1", "299.99", cause, &m)).await), vec![H]);
});

db_test!(each_cause_adds_the_heads_of_its_departments, |app| {
    let g = group(&app, "gz_am1", "广州市越秀区文化广电旅游局", None).await;
    let m = this_month(&app);
    for (i, (cause, units)) in [
        ("DISPUTE", vec!["gz-yw", "gz-sc"]),
        ("SERVICE_ISSUE", vec!["gz-yw", "gz-sc"]),
        ("ONE_OFF_ENTRY", vec!["gz-yw", "gz-sc"]),
        ("BILLING_DATA_ERROR", vec!["gz-xx"]),
        ("LINE_FAULT", vec!["gz-wh"]),
        ("NOT_IN_SYSTEM", vec![]),
    ]
    .into_iter()
    .enumerate()
    {
        let a = asked(&app, "gz_am1", figures(&g, &format!("X-{i}"), "80.00", cause, &m)).await;
        let mut want = vec![(H.to_string(), "gz-jk".to_string())];
        want.extend(units.iter().map(|u| (H.to_string(), u.to_string())));
        assert_eq!(chain(&a), want, "{cause}");
    }
    // The IT centre's head sees a billing-data correction once it reaches them, not before, and
    // the maintenance head never sees it.
    let a = asked(&app, "gz_am1", figures(&g, "Y-1", "320.00", "BILLING_DATA_ERROR", &m)).await;
    assert_eq!(roles(&a), vec![H, H, B]);
    let waiting = "{ myApprovals(box: WAITING, first: 50) { nodes { id kind } } }";
    let has = |d: &Value, id: &Value| d["myApprovals"]["nodes"].as_array().unwrap().iter().any(|n| n["id"] == *id);
    assert!(!has(&app.data(Some("gz_xx_head"), waiting, json!({})).await, &a["approval"]["id"]));
    assert!(has(&app.data(Some("gz_head"), waiting, json!({})).await, &a["approval"]["id"]));
    // The IT centre's head cannot take the first step.
    let early = decide(&app, "gz_xx_head", true, &a["approval"]["id"], None).await;
    assert_eq!(crate::flow::codes(&early), ["NOT_PERMITTED"], "{early:#}");
    assert_eq!(decide(&app, "gz_head", true, &a["approval"]["id"], None).await["userErrors"], json!([]));
    assert!(has(&app.data(Some("gz_xx_head"), waiting, json!({})).await, &a["approval"]["id"]));
    let seen = get(&app, "gz_xx_head", &a["id"]).await;
    assert_eq!(seen["customerName"], "广州市越秀区文化广电旅游局");
    assert!(seen["group"].is_null(), "the group's file stays with its department: {seen:#}");
    assert!(get(&app, "gz_wh_head", &a["id"]).await.is_null(), "not the maintenance head's");
    assert_eq!(decide(&app, "gz_xx_head", true, &a["approval"]["id"], None).await["userErrors"], json!([]));
    assert_eq!(decide(&app, "gz_branch", true, &a["approval"]["id"], None).await["userErrors"], json!([]));
    assert_eq!(get(&app, "gz_am1", &a["id"]).await["status"], "APPROVED");
    // A cause whose department is not set up is refused with a clear reason.
    let disable = "mutation($i: SetOrgUnitFunctionInput!) { setOrgUnitFunction(input: $i) { orgUnit { function } userErrors { code } } }";
    let unit = "{ orgUnits(first: 50) { nodes { id code version } } }";
    let units = app.data(Some("admin"), unit, json!({})).await;
    let wh = units["orgUnits"]["nodes"].as_array().unwrap().iter().find(|u| u["code"] == "gz-wh").unwrap().clone();
    let d = app
        .data(
            Some("admin"),
            disable,
            json!({ "i": { "id": wh["id"], "expectedVersion": wh["version"], "function": null } }),
        )
        .await;
    assert_eq!(d["setOrgUnitFunction"]["userErrors"], json!([]));
    let p = request(&app, "gz_am1", figures(&g, "Z-1", "10.00", "LINE_FAULT", &m), &[("依据.pdf", PDF)]).await;
    assert_eq!(crate::flow::codes(&p), ["PRECONDITION_FAILED"], "{p:#}");
    assert!(p["userErrors"][0]["message"].as_str().unwrap().contains("网络维护部"), "{p:#}");
});

db_test!(evidence_is_required_checked_and_shown_only_to_those_who_see_the_request, |app| {
    let g = group(&app, "gz_am1", "广州市越秀区市场监督管理局", None).await;
    let m = this_month(&app);
    let f = figures(&g, "E-1", "66.00", "DISPUTE", &m);
    let none = request(&app, "gz_am1", f.clone(), &[]).await;
    assert_eq!(crate::flow::codes(&none), ["REQUIRED"], "{none:#}");
    assert_eq!(none["userErrors"][0]["field"], json!(["input", "evidence"]));
    let fake = request(&app, "gz_am1", f.clone(), &[("发票.pdf", b"MZ this is a program")]).await;
    assert_eq!(fake["userErrors"][0]["field"], json!(["input", "evidence", "0"]), "{fake:#}");
    let six: Vec<(&str, &[u8])> = (0..6).map(|_| ("a.pdf", PDF)).collect();
    let too_many = request(&app, "gz_am1", f.clone(), &six).await;
    assert!(!too_many["userErrors"].as_array().unwrap().is_empty(), "{too_many:#}");
    assert_eq!(app.count("billing_adjustment").await, 0, "nothing kept from refused requests");

    let p = request(&app, "gz_am1", f, &[("../账单截图.png", PNG), ("投诉记录.pdf", PDF)]).await;
    assert_eq!(p["userErrors"], json!([]), "{p:#}");
    let id = p["adjustment"]["id"].clone();
    let q = "query($id: ID!) { node(id: $id) { ... on BillingAdjustment { evidence { fileName contentType size sha256 contentBase64 } } } }";
    let files = app.data(Some("gz_head"), q, json!({ "id": id })).await["node"]["evidence"].clone();
    assert_eq!(files[0]["fileName"], "账单截图.png", "no path in a name: {files:#}");
    assert_eq!(
        (files[0]["contentType"].as_str(), files[1]["contentType"].as_str()),
        (Some("image/png"), Some("application/pdf"))
    );
    let bytes = base64::engine::general_purpose::STANDARD.decode(files[1]["contentBase64"].as_str().unwrap()).unwrap();
    assert_eq!(bytes, PDF, "the file comes back as uploaded");
    assert_eq!(files[1]["size"], PDF.len());
    // Outside the request's scope there is nothing: another branch's head, another manager.
    assert!(app.data(Some("sz_head"), q, json!({ "id": id })).await["node"].is_null());
    assert!(app.data(Some("gz_am2"), q, json!({ "id": id })).await["node"].is_null());
    let listed = app.data(Some("sz_am1"), "{ billingAdjustments(first: 10) { totalCount } }", json!({})).await;
    assert_eq!(listed["billingAdjustments"]["totalCount"], 0);
    // The branch's billing staff see it (they will execute it).
    let listed = app.data(Some("gz_billing"), "{ billingAdjustments(first: 10) { totalCount } }", json!({})).await;
    assert_eq!(listed["billingAdjustments"]["totalCount"], 1);
});

db_test!(nobody_approves_their_own_and_the_stages_go_in_order, |app| {
    let g = group(&app, "gz_am1", "广州市越秀区应急管理局", None).await;
    let m = this_month(&app);
    // The head's own request: the head cannot approve it.
    let own = asked(&app, "gz_head", figures(&g, "S-0", "20.00", "NOT_IN_SYSTEM", &m)).await;
    let d = decide(&app, "gz_head", true, &own["approval"]["id"], None).await;
    assert_eq!(crate::flow::codes(&d), ["NOT_PERMITTED"], "{d:#}");

    let a = asked(&app, "gz_am1", figures(&g, "S-1", "120.00", "NOT_IN_SYSTEM", &m)).await;
    assert_eq!(a["allowedActions"], json!(["WITHDRAW_BILLING_ADJUSTMENT"]));
    let early = stage(&app, "gz_billing", "executeBillingAdjustment", &a, json!({ "reference": "JF-1" })).await;
    assert_eq!(crate::flow::codes(&early), ["INVALID_TRANSITION"], "nothing is executed before approval: {early:#}");
    assert_eq!(decide(&app, "gz_head", true, &a["approval"]["id"], Some("同意")).await["userErrors"], json!([]));
    let a = get(&app, "gz_billing", &a["id"]).await;
    assert_eq!(
        (a["status"].as_str(), a["allowedActions"].clone()),
        (Some("APPROVED"), json!(["EXECUTE_BILLING_ADJUSTMENT"]))
    );
    // The manager does not execute; billing needs the billing system's reference.
    let by_manager = stage(&app, "gz_am1", "executeBillingAdjustment", &a, json!({ "reference": "JF-1" })).await;
    assert_eq!(crate::flow::codes(&by_manager), ["NOT_PERMITTED"]);
    let no_ref = stage(&app, "gz_billing", "executeBillingAdjustment", &a, json!({ "reference": " " })).await;
    assert_eq!(crate::flow::codes(&no_ref), ["INVALID"]);
    let audit_first = stage(&app, "gz_jf_head", "auditBillingAdjustment", &a, json!({})).await;
    assert_eq!(crate::flow::codes(&audit_first), ["INVALID_TRANSITION"], "no audit before execution and check");
    let done = stage(
        &app,
        "gz_billing",
        "executeBillingAdjustment",
        &a,
        json!({ "reference": "JF-20270315-001", "note": "已在计费系统冲减" }),
    )
    .await;
    let a = done["adjustment"].clone();
    assert_eq!(
        (a["status"].as_str(), a["billingReference"].as_str()),
        (Some("EXECUTED"), Some("JF-20270315-001")),
        "{done:#}"
    );
    let check = "mutation($i: AdjustmentStageInput!) { checkBillingAdjustment(input: $i) { userErrors { code } } }";
    let stale = app.exec(Some("gz_billing2"), check, json!({ "i": { "id": a["id"], "expectedVersion": 1 } })).await;
    assert_eq!(error_code(&stale), "CONFLICT", "a decision on what was not seen: {stale:#}");
    let own_check = stage(&app, "gz_billing", "checkBillingAdjustment", &a, json!({})).await;
    assert_eq!(crate::flow::codes(&own_check), ["NOT_PERMITTED"], "nobody checks their own execution");
    let a = stage(&app, "gz_billing2", "checkBillingAdjustment", &a, json!({ "note": "核对无误" })).await["adjustment"]
        .clone();
    assert_eq!(a["status"], "CHECKED");
    let clerk_audit = stage(&app, "gz_billing2", "auditBillingAdjustment", &a, json!({})).await;
    assert_eq!(crate::flow::codes(&clerk_audit), ["NOT_PERMITTED"], "the billing centre's head audits");
    let a = stage(&app, "gz_jf_head", "auditBillingAdjustment", &a, json!({ "note": "稽核通过" })).await["adjustment"]
        .clone();
    assert_eq!(a["status"], "AUDITED");
    assert_eq!(
        (
            a["executedBy"]["username"].as_str(),
            a["checkedBy"]["username"].as_str(),
            a["auditedBy"]["username"].as_str()
        ),
        (Some("gz_billing"), Some("gz_billing2"), Some("gz_jf_head"))
    );
    assert_eq!(a["allowedActions"], json!([]));
    // Every step is in the audit trail.
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let actions: Vec<String> = entity::audit_event::Entity::find()
        .filter(entity::audit_event::Column::EntityType.eq("BillingAdjustment"))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for want in [
        "billing_adjustment.request",
        "billing_adjustment.approve",
        "billing_adjustment.execute",
        "billing_adjustment.check",
        "billing_adjustment.audit",
    ] {
        assert!(actions.iter().any(|a| a == want), "{want} in {actions:?}");
    }
    // A rejected request goes no further.
    let r = asked(&app, "gz_am1", figures(&g, "S-2", "30.00", "NOT_IN_SYSTEM", &m)).await;
    let no_reason = decide(&app, "gz_head", false, &r["approval"]["id"], None).await;
    assert_eq!(crate::flow::codes(&no_reason), ["REQUIRED"]);
    assert_eq!(decide(&app, "gz_head", false, &r["approval"]["id"], Some("证据不足")).await["userErrors"], json!([]));
    let r = get(&app, "gz_billing", &r["id"]).await;
    assert_eq!((r["status"].as_str(), r["allowedActions"].clone()), (Some("REJECTED"), json!([])));
});

db_test!(the_months_analysis_counts_what_went_through_by_cause_department_and_size, |app| {
    let g = group(&app, "gz_am1", "广州市越秀区司法局", None).await;
    let m = this_month(&app);
    let approve = async |a: &Value| {
        assert_eq!(decide(&app, "gz_head", true, &a["approval"]["id"], None).await["userErrors"], json!([]));
    };
    let a1 = asked(&app, "gz_am1", figures(&g, "N-1", "120.00", "NOT_IN_SYSTEM", &m)).await;
    approve(&a1).await;
    let a2 = asked(&app, "gz_am1", figures(&g, "N-2", "-80.00", "NOT_IN_SYSTEM", &m)).await;
    approve(&a2).await;
    let a3 = asked(&app, "gz_am1", figures(&g, "N-3", "250.00", "NOT_IN_SYSTEM", &m)).await;
    approve(&a3).await;
    assert_eq!(decide(&app, "gz_branch", true, &a3["approval"]["id"], None).await["userErrors"], json!([]));
    // Pending and rejected ones are not in the analysis.
    asked(&app, "gz_am1", figures(&g, "N-4", "99.00", "NOT_IN_SYSTEM", &m)).await;
    let q = "query($m: String!) { billingAdjustmentAnalysis(month: $m) { month total { count refunded backCharged } \
        byCause { cause tally { count refunded } } byDepartment { department { code } tally { count } } \
        byBand { from tally { count refunded backCharged } } adjustments { code rectification } } }";
    let d = app.data(Some("gz_head"), q, json!({ "m": m })).await["billingAdjustmentAnalysis"].clone();
    assert_eq!(d["total"], json!({ "count": 3, "refunded": "370.00", "backCharged": "80.00" }), "{d:#}");
    assert_eq!(d["byCause"], json!([{ "cause": "NOT_IN_SYSTEM", "tally": { "count": 3, "refunded": "370.00" } }]));
    assert_eq!(d["byDepartment"], json!([{ "department": { "code": "gz-jk" }, "tally": { "count": 3 } }]));
    assert_eq!(
        d["byBand"],
        json!([
            { "from": "0.00", "tally": { "count": 2, "refunded": "120.00", "backCharged": "80.00" } },
            { "from": "200.00", "tally": { "count": 1, "refunded": "250.00", "backCharged": "0.00" } },
            { "from": "500.00", "tally": { "count": 0, "refunded": "0.00", "backCharged": "0.00" } }
        ])
    );
    assert_eq!(d["adjustments"].as_array().unwrap().len(), 3);
    assert_eq!(d["adjustments"][0]["rectification"], "核查计费规则并修正套餐配置");
    // Another branch's head sees none of it.
    let other =
        app.data(Some("sz_head"), q, json!({ "m": m })).await["billingAdjustmentAnalysis"]["total"]["count"].clone();
    assert_eq!(other, 0);
});

/// An active contract's installation job for gz_am1's group `name`.
async fn job(app: &TestApp, name: &str) -> Value {
    let g = group(app, "gz_am1", name, None).await;
    let sms = product_id(app, "GROUP_SMS").await;
    let c = signed_contract(app, g["id"].as_str().unwrap(), vec![line(&sms, 2, 12, None)]).await;
    let c = paper_documents(app, c).await;
    let c = pay_due(app, &c, "PZ-77").await;
    let c = contract_act(app, "gz_am1", "activateContract", &c).await["contract"].clone();
    ok(
        app,
        "gz_am1",
        Op::mutation("createInstallationJob").input("CreateJobInput").returns("job", JOB),
        json!({ "contractId": c["id"], "siteAddress": "东风中路 1 号", "sitePhone": "13812345678", "lines": [{ "position": 1, "quantity": 1 }] }),
    )
    .await
}

db_test!(a_prestore_waiver_adds_the_refund_authority_to_the_grades_approver, |app| {
    let j = job(&app, "广州市越秀区人力资源和社会保障局").await;
    let sel = "mutation($i: SelectJobNumberInput!) { selectJobNumber(input: $i) { job { id version numberStatus \
        numberRequest { id prestoreWaiver numberTerms { prestore } steps { role } } } userErrors { field code } } }";
    let pick = |j: &Value, number: &str, waiver: Option<&str>| json!({ "i": { "id": j["id"], "expectedVersion": j["version"], "number": number, "justification": "客户长期合作", "prestoreWaiver": waiver } });
    let steps = |d: &Value| -> Vec<String> {
        d["selectJobNumber"]["job"]["numberRequest"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["role"].as_str().unwrap().to_string())
            .collect()
    };
    // 乙 (branch manager) with ¥600 waived: the general manager joins.
    let d = app.data(Some("gz_am1"), sel, pick(&j, "3451234", Some("600.00"))).await;
    assert_eq!(steps(&d), vec![H, B, G], "{d:#}");
    assert_eq!(d["selectJobNumber"]["job"]["numberRequest"]["prestoreWaiver"], "600.00");
    let j = d["selectJobNumber"]["job"].clone();
    // 乙 without a waiver: the grade's own chain.
    let d = app.data(Some("gz_am1"), sel, pick(&j, "3451234", None)).await;
    assert_eq!(steps(&d), vec![H, B]);
    let j = d["selectJobNumber"]["job"].clone();
    // 丙 needs no approval, but a waiver on it does: the head, for less than ¥200.
    let d = app.data(Some("gz_am1"), sel, pick(&j, "3451122", Some("150.00"))).await;
    assert_eq!(
        (steps(&d), d["selectJobNumber"]["job"]["numberStatus"].as_str()),
        (vec![H.to_string()], Some("PENDING_APPROVAL")),
        "{d:#}"
    );
    let j = d["selectJobNumber"]["job"].clone();
    // More than the prestore, or on a 丁 number that has none, is refused.
    let d = app.data(Some("gz_am1"), sel, pick(&j, "3451122", Some("200.01"))).await;
    assert_eq!(
        d["selectJobNumber"]["userErrors"],
        json!([{ "field": ["input", "prestoreWaiver"], "code": "INVALID" }])
    );
    let d = app.data(Some("gz_am1"), sel, pick(&j, "3851627", Some("10.00"))).await;
    assert_eq!(
        d["selectJobNumber"]["userErrors"],
        json!([{ "field": ["input", "prestoreWaiver"], "code": "INVALID" }])
    );
    let d = app.data(Some("gz_am1"), sel, pick(&j, "3851627", None)).await;
    assert_eq!(d["selectJobNumber"]["job"]["numberStatus"], "NONE", "{d:#}");
});
