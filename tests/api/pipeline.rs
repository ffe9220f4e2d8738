//! The quote-to-contract-to-install pipeline: proposals, approvals, contracts, installation.
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::{
    archive::{group, user_id},
    common::{TestApp, error_code},
    db_test,
};

/// A Shanghai wall-clock time.
pub fn sh(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}+08:00")).unwrap().with_timezone(&Utc)
}

pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

const PROPOSAL: &str = "id status stage version versionNumber dueAt isLate value monthlyValue allowedActions \
    currentVersion { number locked monthlyTotal oneOffTotal termTotal listTermTotal discountMonthly discountTerm discountPercent maxLineDiscountPercent \
      lines { position quantity termMonths unitPrice netUnitPrice lineDiscountPercent netTotal product { code } } } \
    versions { number locked } \
    approvalRequests { id kind status matrixNumber carriedFrom { id } steps { role status comment actor { username } } } \
    followUps { id dueAt status version } contract { id }";

fn payload_query(mutation: &str, input_type: &str, field: &str, selection: &str) -> String {
    format!(
        "mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ {field} {{ {selection} }} userErrors {{ field code message }} }} }}"
    )
}

/// Runs a mutation as `who` and returns its payload.
pub async fn mutate(
    app: &TestApp,
    who: &str,
    mutation: &str,
    input_type: &str,
    field: &str,
    sel: &str,
    input: Value,
) -> Value {
    let q = payload_query(mutation, input_type, field, sel);
    app.data(Some(who), &q, json!({ "i": input })).await[mutation].clone()
}

/// Like [`mutate`], asserting no user errors, returning the object.
pub async fn ok(
    app: &TestApp,
    who: &str,
    mutation: &str,
    input_type: &str,
    field: &str,
    sel: &str,
    input: Value,
) -> Value {
    let p = mutate(app, who, mutation, input_type, field, sel, input).await;
    assert_eq!(p["userErrors"], json!([]), "{mutation}: {p:#}");
    p[field].clone()
}

fn codes(p: &Value) -> Vec<String> {
    p["userErrors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap().to_string()).collect()
}

pub async fn product_id(app: &TestApp, code: &str) -> String {
    let d = app
        .data(
            Some("gz_am1"),
            "query($s: String) { products(filter: {search: $s}, first: 100) { nodes { id code } } }",
            json!({ "s": code }),
        )
        .await;
    let nodes = d["products"]["nodes"].as_array().unwrap();
    nodes.iter().find(|n| n["code"] == code).unwrap_or_else(|| panic!("no product {code}"))["id"]
        .as_str()
        .unwrap()
        .into()
}

pub async fn log_visit(app: &TestApp, who: &str, group: &str, ended: DateTime<Utc>, needs: &[&str]) -> String {
    let card = json!({
        "method": "ONSITE", "purpose": "NEEDS", "startedAt": iso(ended - chrono::Duration::hours(1)), "endedAt": iso(ended),
        "needProducts": needs, "needNotes": "需要专线和短信",
    });
    ok(app, who, "logVisit", "LogVisitInput", "visit", "id", json!({ "groupId": group, "card": card })).await["id"]
        .as_str()
        .unwrap()
        .into()
}

pub fn line(product: &str, qty: i64, term: i64, pct: Option<&str>) -> Value {
    json!({ "productId": product, "quantity": qty, "termMonths": term, "discountPercent": pct })
}

pub fn content(lines: Vec<Value>) -> Value {
    json!({
        "title": "政务专线方案", "customerBackground": "区政务中心，300 人", "competitiveSituation": "电信报价低 15%",
        "justification": "竞争激烈，争取三年合约", "lines": lines,
    })
}

pub async fn create_proposal(app: &TestApp, who: &str, group: &str, visit: Option<&str>, lines: Vec<Value>) -> Value {
    ok(
        app,
        who,
        "createProposal",
        "CreateProposalInput",
        "proposal",
        PROPOSAL,
        json!({ "groupId": group, "visitId": visit, "content": content(lines) }),
    )
    .await
}

pub async fn act(app: &TestApp, who: &str, mutation: &str, p: &Value) -> Value {
    mutate(
        app,
        who,
        mutation,
        "VersionedIdInput",
        "proposal",
        PROPOSAL,
        json!({ "id": p["id"], "expectedVersion": p["version"] }),
    )
    .await
}

pub async fn submit(app: &TestApp, who: &str, p: &Value) -> Value {
    let r = act(app, who, "submitProposal", p).await;
    assert_eq!(r["userErrors"], json!([]), "{r:#}");
    r["proposal"].clone()
}

pub async fn decide(app: &TestApp, who: &str, approve: bool, request: &Value, comment: Option<&str>) -> Value {
    let m = if approve { "approveStep" } else { "rejectStep" };
    mutate(
        app,
        who,
        m,
        "DecideStepInput",
        "request",
        "id status steps { role status }",
        json!({ "requestId": request, "comment": comment }),
    )
    .await
}

pub async fn proposal(app: &TestApp, who: &str, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ node(id: $id) {{ ... on Proposal {{ {PROPOSAL} }} }} }}");
    app.data(Some(who), &q, json!({ "id": id })).await["node"].clone()
}

fn roles(req: &Value) -> Vec<String> {
    req["steps"].as_array().unwrap().iter().map(|s| s["role"].as_str().unwrap().to_string()).collect()
}

/// A proposal taken through approval, sending and acceptance, returned accepted.
pub async fn accepted_proposal(app: &TestApp, group: &str, lines: Vec<Value>) -> Value {
    let p = create_proposal(app, "gz_am1", group, None, lines).await;
    let p = submit(app, "gz_am1", &p).await;
    let req = p["approvalRequests"][0]["id"].clone();
    for who in roles(&p["approvalRequests"][0]).iter().map(|r| match r.as_str() {
        "DEPARTMENT_HEAD" => "gz_head",
        "BRANCH_MANAGER" => "gz_branch",
        _ => "gm",
    }) {
        assert_eq!(decide(app, who, true, &req, Some("同意")).await["userErrors"], json!([]));
    }
    let p = proposal(app, "gz_am1", &p["id"]).await;
    let p = act(app, "gz_am1", "sendProposal", &p).await["proposal"].clone();
    ok(
        app,
        "gz_am1",
        "recordCustomerDecision",
        "RecordCustomerDecisionInput",
        "proposal",
        PROPOSAL,
        json!({ "id": p["id"], "expectedVersion": p["version"], "decision": "ACCEPTED" }),
    )
    .await
}

/// The newest audit row about an entity type.
pub async fn last_audit(app: &TestApp, entity_type: &str) -> entity::audit_event::Model {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    entity::audit_event::Entity::find()
        .filter(entity::audit_event::Column::EntityType.eq(entity_type))
        .order_by_desc(entity::audit_event::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("an audit row")
}

pub const CONTRACT: &str = "id number status version checklistComplete allowedActions value monthlyTotal termMonths termStart termEnd \
    lines { position quantity unitPrice netUnitPrice product { code } } documents { kind status details } installationJobs { id status }";

pub async fn contract_act(app: &TestApp, who: &str, mutation: &str, c: &Value) -> Value {
    mutate(
        app,
        who,
        mutation,
        "VersionedIdInput",
        "contract",
        CONTRACT,
        json!({ "id": c["id"], "expectedVersion": c["version"] }),
    )
    .await
}

/// A contract made from an accepted proposal and taken to `SENT`.
pub async fn sent_contract(app: &TestApp, p: &Value) -> Value {
    let c = ok(
        app,
        "gz_am1",
        "createContractFromProposal",
        "CreateContractInput",
        "contract",
        CONTRACT,
        json!({ "proposalId": p["id"] }),
    )
    .await;
    let c = contract_act(app, "gz_am1", "submitContractForReview", &c).await["contract"].clone();
    let c = ok(
        app,
        "gz_head",
        "reviewContract",
        "ReviewContractInput",
        "contract",
        CONTRACT,
        json!({ "id": c["id"], "expectedVersion": c["version"], "approve": true }),
    )
    .await;
    let c = contract_act(app, "gz_am1", "sendContract", &c).await;
    assert_eq!(c["userErrors"], json!([]), "{c:#}");
    c["contract"].clone()
}

/// The paper documents of the checklist, received.
pub async fn paper_documents(app: &TestApp, mut c: Value) -> Value {
    for kind in ["SIGNED_COPIES", "NETWORK_COMMITMENT", "BUSINESS_LICENCE", "HANDLER_ID"] {
        let input = json!({ "id": c["id"], "expectedVersion": c["version"], "kind": kind, "received": true });
        c = ok(app, "gz_am1", "recordContractDocument", "RecordContractDocumentInput", "contract", CONTRACT, input)
            .await;
    }
    c
}

pub const JOB: &str = "id status version allowedActions scheduledOn lead { username } lines { quantity line { position product { code } } } faults { id status breached contactDueAt version }";

pub async fn job_act(app: &TestApp, who: &str, mutation: &str, j: &Value) -> Value {
    mutate(
        app,
        who,
        mutation,
        "VersionedIdInput",
        "job",
        JOB,
        json!({ "id": j["id"], "expectedVersion": j["version"] }),
    )
    .await
}

db_test!(the_whole_journey_from_visit_to_follow_up_visit, |app| {
    app.clock.set(sh("2026-11-23T10:00:00"));
    let g = group(&app, "gz_am1", "天河区政务服务中心", None).await;
    let gid = g["id"].as_str().unwrap();
    // The visit ended at 09:30 on a Monday with needs: the proposal is due at 18:00 that day.
    let visit = log_visit(&app, "gz_am1", gid, sh("2026-11-23T09:30:00"), &["DEDICATED_LINE", "GROUP_SMS"]).await;
    let p = ok(
        &app,
        "gz_am1",
        "createProposal",
        "CreateProposalInput",
        "proposal",
        PROPOSAL,
        json!({ "groupId": gid, "visitId": visit, "content": { "title": "政务专线方案" } }),
    )
    .await;
    assert_eq!(p["dueAt"], iso(sh("2026-11-23T18:00:00")));
    assert_eq!(p["isLate"], false);
    let prefilled: Vec<&str> = p["currentVersion"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["product"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(prefilled, ["DEDICATED_LINE", "GROUP_SMS"], "the visit's needs pre-fill the lines");

    // A discount of 10% on the ¥4200 line: ¥420 a month, so the branch manager approves too.
    // The client's unit price is ignored: the catalog's standard price is used.
    let dl = product_id(&app, "DEDICATED_LINE").await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let mut lines = vec![line(&dl, 1, 36, Some("10")), line(&sms, 1, 36, None)];
    lines[0]["unitPrice"] = json!("1.00");
    let p = ok(
        &app,
        "gz_am1",
        "updateProposal",
        "UpdateProposalInput",
        "proposal",
        PROPOSAL,
        json!({ "id": p["id"], "expectedVersion": p["version"], "content": content(lines) }),
    )
    .await;
    let v = &p["currentVersion"];
    assert_eq!(v["lines"][0]["unitPrice"], "4200.00");
    assert_eq!(v["lines"][0]["netUnitPrice"], "3780.00");
    assert_eq!(v["monthlyTotal"], "4280.00");
    assert_eq!(v["discountMonthly"], "420.00");
    assert_eq!(v["termTotal"], "154080.00");
    assert_eq!(p["versionNumber"], 1, "a draft never submitted is edited in place");

    // Gate: not sent before approval.
    let early = act(&app, "gz_am1", "sendProposal", &p).await;
    assert_eq!(codes(&early), ["INVALID_TRANSITION"]);

    let p = submit(&app, "gz_am1", &p).await;
    assert_eq!(p["status"], "PENDING_APPROVAL");
    let req = &p["approvalRequests"][0];
    assert_eq!(req["kind"], "DISCOUNT");
    assert_eq!(req["matrixNumber"], 1);
    assert_eq!(roles(req), ["DEPARTMENT_HEAD", "BRANCH_MANAGER"]);
    let rid = req["id"].clone();

    // The head's inbox has it; the branch manager's does not yet.
    let inbox =
        "{ myApprovals { nodes { id lineDiscounts { productCode discountPercent } justification canDecide } } }";
    let head = app.data(Some("gz_head"), inbox, json!({})).await;
    assert_eq!(head["myApprovals"]["nodes"][0]["id"], rid);
    assert_eq!(head["myApprovals"]["nodes"][0]["lineDiscounts"][0]["discountPercent"], "10.00");
    assert_eq!(head["myApprovals"]["nodes"][0]["canDecide"], true);
    assert_eq!(app.data(Some("gz_branch"), inbox, json!({})).await["myApprovals"]["nodes"], json!([]));
    // The branch manager cannot act before the head.
    assert_eq!(codes(&decide(&app, "gz_branch", true, &rid, None).await), ["NOT_PERMITTED"]);
    let r = decide(&app, "gz_head", true, &rid, Some("同意，注意回款")).await;
    assert_eq!(r["request"]["status"], "PENDING");
    assert_eq!(codes(&decide(&app, "gz_head", true, &rid, None).await), ["NOT_PERMITTED"], "each step once");
    let r = decide(&app, "gz_branch", true, &rid, None).await;
    assert_eq!(r["request"]["status"], "APPROVED");

    let p = proposal(&app, "gz_am1", &p["id"]).await;
    assert_eq!(p["status"], "APPROVED");
    let p = act(&app, "gz_am1", "sendProposal", &p).await["proposal"].clone();
    assert_eq!(p["status"], "SENT");
    assert_eq!(p["isLate"], false, "sent at 10:00, due 18:00");
    assert_eq!(p["followUps"][0]["dueAt"], iso(sh("2026-11-25T10:00:00")), "a follow-up call 2 days after sending");

    let p = ok(
        &app,
        "gz_am1",
        "recordCustomerDecision",
        "RecordCustomerDecisionInput",
        "proposal",
        PROPOSAL,
        json!({ "id": p["id"], "expectedVersion": p["version"], "decision": "ACCEPTED" }),
    )
    .await;
    assert_eq!(p["status"], "ACCEPTED");
    assert_eq!(p["followUps"][0]["status"], "DONE", "the decision closes the follow-up");

    // Contract: frozen lines, head review, sending, signing issues the number.
    let c = ok(
        &app,
        "gz_am1",
        "createContractFromProposal",
        "CreateContractInput",
        "contract",
        CONTRACT,
        json!({ "proposalId": p["id"] }),
    )
    .await;
    assert_eq!(c["status"], "DRAFT");
    assert_eq!(c["number"], Value::Null);
    assert_eq!(c["value"], "154080.00");
    assert_eq!(c["lines"][0]["netUnitPrice"], "3780.00");
    let c = contract_act(&app, "gz_am1", "submitContractForReview", &c).await["contract"].clone();
    assert_eq!(
        codes(&contract_act(&app, "gz_am1", "sendContract", &c).await),
        ["INVALID_STATE"],
        "not sent before review"
    );
    let c = ok(
        &app,
        "gz_head",
        "reviewContract",
        "ReviewContractInput",
        "contract",
        CONTRACT,
        json!({ "id": c["id"], "expectedVersion": c["version"], "approve": true }),
    )
    .await;
    let c = contract_act(&app, "gz_am1", "sendContract", &c).await["contract"].clone();
    assert_eq!(c["status"], "SENT");
    let c = ok(&app, "gz_am1", "signContract", "SignContractInput", "contract", CONTRACT, json!({ "id": c["id"], "expectedVersion": c["version"], "customerSigner": "王主任", "termStart": "2026-12-01" }))
        .await;
    assert_eq!(c["status"], "SIGNED");
    assert_eq!(c["number"], "GZ-2026-000001");
    assert_eq!(c["termEnd"], "2029-11-30");
    // The audit row says who signed and when (rule 12): every column the signing wrote.
    let signed = last_audit(&app, "Contract").await;
    assert_eq!(signed.action, "contract.sign");
    let (before, after) = (signed.before.unwrap(), signed.after.unwrap());
    assert_eq!((&before["customerSigner"], &after["customerSigner"]), (&Value::Null, &json!("王主任")));
    assert!(before["signedAt"].is_null() && after["signedAt"].is_string(), "{after:#}");
    assert_eq!((&before["status"], &after["status"]), (&json!("SENT"), &json!("SIGNED")));

    // Gates of rule 5 and 6: no job before active, no activation before payment and documents.
    let job_input =
        json!({ "contractId": c["id"], "siteAddress": "天河路 1 号机房", "lines": [{ "position": 1, "quantity": 1 }] });
    let early = mutate(&app, "gz_am1", "createInstallationJob", "CreateJobInput", "job", JOB, job_input.clone()).await;
    assert_eq!(codes(&early), ["INVALID_TRANSITION"]);
    let refused = contract_act(&app, "gz_am1", "activateContract", &c).await;
    assert_eq!(codes(&refused), ["INVALID_STATE"]);
    assert!(refused["userErrors"][0]["message"].as_str().unwrap().contains("IP地址申请表"), "{refused:#}");
    let mut c = c;
    c = paper_documents(&app, c).await;
    let form = json!({ "applicant": "天河区政务服务中心", "customerAddress": "天河路 1 号", "contact": "李科长", "contactPhone": "020-87654321", "mailingAddress": "天河路 1 号", "lineRateMbps": 100, "ipCount": 8 });
    c = ok(
        &app,
        "gz_am1",
        "recordIpApplication",
        "RecordIpApplicationInput",
        "contract",
        CONTRACT,
        json!({ "id": c["id"], "expectedVersion": c["version"], "form": form }),
    )
    .await;
    assert_eq!(c["checklistComplete"], false, "the payment voucher is still missing");
    c = ok(&app, "gz_am1", "recordPayment", "RecordPaymentInput", "contract", CONTRACT, json!({ "id": c["id"], "expectedVersion": c["version"], "amount": "4280.00", "paidOn": "2026-11-23", "voucherNo": "PZ20261123001" }))
        .await;
    assert_eq!(c["checklistComplete"], true);
    let c = contract_act(&app, "gz_am1", "activateContract", &c).await["contract"].clone();
    assert_eq!(c["status"], "ACTIVE");

    // Installation: the lead moves the job, the manager confirms.
    let j = ok(&app, "gz_am1", "createInstallationJob", "CreateJobInput", "job", JOB, job_input).await;
    assert_eq!(j["lines"][0]["line"]["product"]["code"], "DEDICATED_LINE");
    // Before assignment the installer does not see the job at all.
    let q = payload_query("acceptJob", "VersionedIdInput", "job", "id");
    let hidden =
        app.exec(Some("gz_installer"), &q, json!({ "i": { "id": j["id"], "expectedVersion": j["version"] } })).await;
    assert_eq!(error_code(&hidden), "NOT_FOUND");
    let installer = user_id(&app, "gz_installer");
    let j = ok(
        &app,
        "gz_am1",
        "assignJobLead",
        "AssignJobLeadInput",
        "job",
        JOB,
        json!({ "id": j["id"], "expectedVersion": j["version"], "leadId": installer }),
    )
    .await;
    assert_eq!(codes(&job_act(&app, "gz_am1", "acceptJob", &j).await), ["NOT_PERMITTED"], "only the lead accepts");
    let j = job_act(&app, "gz_installer", "acceptJob", &j).await["job"].clone();
    let j = ok(
        &app,
        "gz_installer",
        "scheduleJob",
        "ScheduleJobInput",
        "job",
        JOB,
        json!({ "id": j["id"], "expectedVersion": j["version"], "scheduledOn": "2026-11-25" }),
    )
    .await;
    assert_eq!(j["status"], "SCHEDULED");
    let j = job_act(&app, "gz_installer", "startJob", &j).await["job"].clone();
    let j = job_act(&app, "gz_installer", "completeJob", &j).await["job"].clone();
    assert_eq!(j["status"], "COMPLETED");
    assert_eq!(
        codes(&job_act(&app, "gz_installer", "confirmJob", &j).await),
        ["NOT_PERMITTED"],
        "the manager confirms"
    );
    let j = job_act(&app, "gz_am1", "confirmJob", &j).await["job"].clone();
    assert_eq!(j["status"], "CONFIRMED");

    // Rule 6: a follow-up call in 7 days, then monthly onsite visits.
    let visits = app
        .data(
            Some("gz_am1"),
            "query($g: ID!) { visits(filter: {groupId: $g, status: PLANNED}) { nodes { method purpose plannedAt } } }",
            json!({ "g": gid }),
        )
        .await;
    let mut planned: Vec<(String, String, String)> = visits["visits"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["plannedAt"].as_str().unwrap().into(),
                v["method"].as_str().unwrap().into(),
                v["purpose"].as_str().unwrap().into(),
            )
        })
        .collect();
    planned.sort();
    assert_eq!(planned.len(), 4, "{planned:?}");
    assert_eq!(planned[0], (iso(sh("2026-11-30T10:00:00")), "PHONE".into(), "INSTALL_FOLLOW_UP".into()));
    assert_eq!(planned[1].0, iso(sh("2026-12-30T10:00:00")));
    assert_eq!(planned[1].1, "ONSITE");

    // The board shows the deal as confirmed, with its value.
    let board = app
        .data(
            Some("gz_am1"),
            "{ pipeline { totalCount stages { stage count value deals { nodes { id } } } } }",
            json!({}),
        )
        .await;
    let confirmed =
        board["pipeline"]["stages"].as_array().unwrap().iter().find(|s| s["stage"] == "CONFIRMED").unwrap().clone();
    assert_eq!(confirmed["count"], 1);
    assert_eq!(confirmed["value"], "154080.00");
    assert_eq!(confirmed["deals"]["nodes"][0]["id"], p["id"]);
    assert_eq!(app.data(Some("sz_am1"), "{ pipeline { totalCount } }", json!({})).await["pipeline"]["totalCount"], 0);

    // Renewal is due 90 days before the term ends; after the end the contract expires.
    app.clock.set(sh("2029-09-15T09:00:00"));
    gecrm::pipeline::sweep(&app.state).await.unwrap();
    gecrm::pipeline::sweep(&app.state).await.unwrap();
    let tasks = app.data(Some("gz_am1"), "{ myTasks { nodes { kind title } } }", json!({})).await;
    let renewals: Vec<&Value> =
        tasks["myTasks"]["nodes"].as_array().unwrap().iter().filter(|t| t["kind"] == "CONTRACT_RENEWAL").collect();
    assert_eq!(renewals.len(), 1, "once, however often the sweep runs: {tasks:#}");
    assert!(renewals[0]["title"].as_str().unwrap().contains("GZ-2026-000001"));
    let cq = "query($id: ID!) { node(id: $id) { ... on Contract { status renewalDue renewalDueOn } } }";
    let cur = app.data(Some("gz_am1"), cq, json!({ "id": c["id"] })).await;
    assert_eq!(cur["node"]["renewalDue"], true);
    assert_eq!(cur["node"]["renewalDueOn"], "2029-09-01");
    app.clock.set(sh("2029-12-01T09:00:00"));
    gecrm::pipeline::sweep(&app.state).await.unwrap();
    assert_eq!(app.data(Some("gz_am1"), cq, json!({ "id": c["id"] })).await["node"]["status"], "EXPIRED");
    assert_eq!(proposal(&app, "gz_am1", &p["id"]).await["stage"], "CLOSED");
});

db_test!(each_matrix_tier_gives_its_chain_and_no_discount_needs_only_the_head, |app| {
    let g = group(&app, "gz_am1", "越秀区教育局", None).await;
    let gid = g["id"].as_str().unwrap();
    let dl = product_id(&app, "DEDICATED_LINE").await; // ¥4200 a month
    let sms = product_id(&app, "GROUP_SMS").await; // ¥500 a month
    for (lines, kind, chain) in [
        (vec![line(&sms, 1, 12, None)], "PROPOSAL", vec!["DEPARTMENT_HEAD"]),
        (vec![line(&sms, 1, 12, Some("20"))], "DISCOUNT", vec!["DEPARTMENT_HEAD"]), // ¥100
        (vec![line(&dl, 1, 12, Some("5"))], "DISCOUNT", vec!["DEPARTMENT_HEAD", "BRANCH_MANAGER"]), // ¥210
        (vec![line(&dl, 1, 12, Some("12"))], "DISCOUNT", vec!["DEPARTMENT_HEAD", "BRANCH_MANAGER", "GENERAL_MANAGER"]), // ¥504
        (vec![line(&sms, 1, 12, Some("30"))], "DISCOUNT", vec!["DEPARTMENT_HEAD"]), // exactly 30%: ¥150
        (vec![line(&sms, 1, 12, Some("35"))], "DISCOUNT", vec!["DEPARTMENT_HEAD", "GENERAL_MANAGER"]), // over 30%
    ] {
        let p = create_proposal(&app, "gz_am1", gid, None, lines).await;
        let p = submit(&app, "gz_am1", &p).await;
        let req = &p["approvalRequests"][0];
        assert_eq!(req["kind"], kind, "{req:#}");
        assert_eq!(roles(req), chain);
    }
    // An admin changes the matrix: ¥100 a month now needs the branch manager; requests
    // record which matrix they used.
    let rules = json!([
        { "minMonthlyDiscount": "0.01", "chain": ["DEPARTMENT_HEAD"] },
        { "minMonthlyDiscount": "100.00", "chain": ["BRANCH_MANAGER"] },
        { "lineDiscountAbovePercent": "40", "chain": ["GENERAL_MANAGER"] },
    ]);
    let q = "mutation($i: UpdateApprovalMatrixInput!) { updateApprovalMatrix(input: $i) { matrix { number rules { minMonthlyDiscount lineDiscountAbovePercent chain } } userErrors { field code } } }";
    let denied = app.exec(Some("gz_head"), q, json!({ "i": { "expectedNumber": 1, "rules": rules } })).await;
    assert_eq!(error_code(&denied), "FORBIDDEN");
    let bad = app
        .data(Some("admin"), q, json!({ "i": { "expectedNumber": 1, "rules": [{ "chain": ["INSTALLER"] }] } }))
        .await;
    assert_eq!(codes(&bad["updateApprovalMatrix"]), ["REQUIRED", "INVALID"]);
    let m = app.data(Some("admin"), q, json!({ "i": { "expectedNumber": 1, "rules": rules } })).await;
    assert_eq!(m["updateApprovalMatrix"]["matrix"]["number"], 2);
    assert_eq!(m["updateApprovalMatrix"]["matrix"]["rules"][2]["lineDiscountAbovePercent"], "40.00");
    let stale = app.exec(Some("admin"), q, json!({ "i": { "expectedNumber": 1, "rules": rules } })).await;
    assert_eq!(error_code(&stale), "CONFLICT");
    let p = create_proposal(&app, "gz_am1", gid, None, vec![line(&sms, 1, 12, Some("20"))]).await;
    let p = submit(&app, "gz_am1", &p).await;
    assert_eq!(p["approvalRequests"][0]["matrixNumber"], 2);
    assert_eq!(roles(&p["approvalRequests"][0]), ["DEPARTMENT_HEAD", "BRANCH_MANAGER"]);

    // The preview the builder shows agrees.
    let preview = app
        .data(
            Some("gz_am1"),
            "{ approvalChainPreview(monthlyDiscount: \"504.00\", maxLineDiscountPercent: \"12\") }",
            json!({}),
        )
        .await;
    assert_eq!(preview["approvalChainPreview"], json!(["DEPARTMENT_HEAD", "BRANCH_MANAGER"]), "under matrix 2");
});

db_test!(approvers_are_checked_for_role_branch_and_self, |app| {
    let g = group(&app, "gz_am1", "海珠区人民医院", None).await;
    let sms = product_id(&app, "GROUP_SMS").await;
    // The head drafts and submits herself: she may not approve her own request.
    let p =
        create_proposal(&app, "gz_head", g["id"].as_str().unwrap(), None, vec![line(&sms, 1, 12, Some("10"))]).await;
    let p = submit(&app, "gz_head", &p).await;
    let rid = p["approvalRequests"][0]["id"].clone();
    let own = decide(&app, "gz_head", true, &rid, None).await;
    assert_eq!(codes(&own), ["NOT_PERMITTED"]);
    assert!(own["userErrors"][0]["message"].as_str().unwrap().contains("本人"));
    // Another branch's manager does not even see the request.
    let q = payload_query("approveStep", "DecideStepInput", "request", "id");
    let foreign = app.exec(Some("sz_branch"), &q, json!({ "i": { "requestId": rid } })).await;
    assert_eq!(error_code(&foreign), "NOT_FOUND");
    let node = app.data(Some("sz_head"), "query($id: ID!) { node(id: $id) { id } }", json!({ "id": rid })).await;
    assert_eq!(node["node"], Value::Null);
    // The account manager sees it through the group but holds no approver role.
    assert_eq!(codes(&decide(&app, "gz_am1", true, &rid, None).await), ["NOT_PERMITTED"]);
    // The refused attempts changed nothing: the head's step still waits.
    let steps = app.data(Some("gz_am1"), "query($id: ID!) { node(id: $id) { ... on ApprovalRequest { status steps { status actor { username } } } } }", json!({ "id": rid })).await;
    assert_eq!(steps["node"]["status"], "PENDING");
    assert_eq!(steps["node"]["steps"][0]["status"], "PENDING");
});

db_test!(a_rejection_ends_the_chain_and_returns_the_proposal_to_draft, |app| {
    let g = group(&app, "gz_am1", "白云区税务局", None).await;
    let dl = product_id(&app, "DEDICATED_LINE").await;
    let p = create_proposal(&app, "gz_am1", g["id"].as_str().unwrap(), None, vec![line(&dl, 1, 12, Some("10"))]).await;
    let p = submit(&app, "gz_am1", &p).await;
    let rid = p["approvalRequests"][0]["id"].clone();
    assert_eq!(codes(&decide(&app, "gz_head", false, &rid, None).await), ["REQUIRED"], "a rejection needs a comment");
    let r = decide(&app, "gz_head", false, &rid, Some("折扣过高")).await;
    assert_eq!(r["request"]["status"], "REJECTED");
    assert_eq!(
        r["request"]["steps"],
        json!([{ "role": "DEPARTMENT_HEAD", "status": "REJECTED" }, { "role": "BRANCH_MANAGER", "status": "CANCELLED" }])
    );
    let p = proposal(&app, "gz_am1", &p["id"]).await;
    assert_eq!(p["status"], "DRAFT");
    // The rejected version stays as it was; it cannot be resubmitted unchanged.
    assert_eq!(codes(&act(&app, "gz_am1", "submitProposal", &p).await), ["INVALID_STATE"]);
    let p = ok(&app, "gz_am1", "updateProposal", "UpdateProposalInput", "proposal", PROPOSAL, json!({ "id": p["id"], "expectedVersion": p["version"], "content": content(vec![line(&dl, 1, 12, Some("4"))]) }))
        .await;
    assert_eq!(p["versionNumber"], 2);
    assert_eq!(p["versions"], json!([{ "number": 1, "locked": true }, { "number": 2, "locked": false }]));
    let p = submit(&app, "gz_am1", &p).await;
    assert_eq!(roles(&p["approvalRequests"][1]), ["DEPARTMENT_HEAD"], "¥168 a month needs the head only");
    // The branch manager's inbox never held the cancelled step.
    assert_eq!(
        app.data(Some("gz_branch"), "{ myApprovals { nodes { id } } }", json!({})).await["myApprovals"]["nodes"],
        json!([])
    );
});

db_test!(revising_keeps_a_discount_approval_when_discounts_only_fall, |app| {
    let g = group(&app, "gz_am1", "荔湾区卫健局", None).await;
    let gid = g["id"].as_str().unwrap().to_string();
    let dl = product_id(&app, "DEDICATED_LINE").await;
    let p = accepted_proposal(&app, &gid, vec![line(&dl, 1, 12, Some("10"))]).await;
    assert_eq!(p["status"], "ACCEPTED");
    // A second deal: approved at 10%, the customer asks for changes after sending.
    let p = create_proposal(&app, "gz_am1", &gid, None, vec![line(&dl, 1, 12, Some("10"))]).await;
    let p = submit(&app, "gz_am1", &p).await;
    let first = p["approvalRequests"][0]["id"].clone();
    decide(&app, "gz_head", true, &first, None).await;
    decide(&app, "gz_branch", true, &first, None).await;
    let p = proposal(&app, "gz_am1", &p["id"]).await;
    let p = act(&app, "gz_am1", "sendProposal", &p).await["proposal"].clone();
    let revise = |p: &Value| json!({ "id": p["id"], "expectedVersion": p["version"], "reason": "客户要求调整数量" });
    let p = ok(&app, "gz_am1", "reviseProposal", "ProposalReasonInput", "proposal", PROPOSAL, revise(&p)).await;
    assert_eq!(p["status"], "DRAFT");
    assert_eq!(p["versionNumber"], 2);
    assert_eq!(p["followUps"][0]["status"], "DONE");

    // Lowering the discount keeps the approval: only the head confirms the new version.
    let p = ok(&app, "gz_am1", "updateProposal", "UpdateProposalInput", "proposal", PROPOSAL, json!({ "id": p["id"], "expectedVersion": p["version"], "content": content(vec![line(&dl, 1, 12, Some("8"))]) }))
        .await;
    let p = submit(&app, "gz_am1", &p).await;
    let kept = &p["approvalRequests"][1];
    assert_eq!(roles(kept), ["DEPARTMENT_HEAD"]);
    assert_eq!(kept["carriedFrom"]["id"], first);
    decide(&app, "gz_head", true, &kept["id"], None).await;
    let p = proposal(&app, "gz_am1", &p["id"]).await;
    assert_eq!(p["status"], "APPROVED");

    // Raising it voids the approval: the whole chain again.
    let p = ok(&app, "gz_am1", "reviseProposal", "ProposalReasonInput", "proposal", PROPOSAL, revise(&p)).await;
    let p = ok(&app, "gz_am1", "updateProposal", "UpdateProposalInput", "proposal", PROPOSAL, json!({ "id": p["id"], "expectedVersion": p["version"], "content": content(vec![line(&dl, 1, 12, Some("12"))]) }))
        .await;
    let p = submit(&app, "gz_am1", &p).await;
    let full = &p["approvalRequests"][2];
    assert_eq!(roles(full), ["DEPARTMENT_HEAD", "BRANCH_MANAGER", "GENERAL_MANAGER"]);
    assert_eq!(full["carriedFrom"], Value::Null);
    // Every version stays readable with its approvals.
    assert_eq!(p["versions"].as_array().unwrap().len(), 3);
});

db_test!(prices_come_from_the_catalog_and_old_proposals_keep_theirs, |app| {
    app.clock.set(sh("2026-11-23T10:00:00"));
    let created = ok(
        &app,
        "admin",
        "createProduct",
        "CreateProductInput",
        "product",
        "id code standardPrice",
        json!({ "code": "odd_line", "fields": { "nameZh": "测试线路", "nameEn": "Odd line", "category": "DEDICATED_LINE", "billing": "MONTHLY", "params": { "bandwidthMbps": 30 } }, "unitPrice": "33.33" }),
    )
    .await;
    // Every product on the visit card can be quoted.
    let card = app.data(Some("gz_am1"), "{ visitCardProducts { code standardPrice } }", json!({})).await;
    let unpriced: Vec<&Value> =
        card["visitCardProducts"].as_array().unwrap().iter().filter(|p| p["standardPrice"].is_null()).collect();
    assert!(unpriced.is_empty(), "{unpriced:?}");
    assert_eq!(created["code"], "ODD_LINE");
    assert_eq!(created["standardPrice"], "33.33");
    let g = group(&app, "gz_am1", "番禺区政务中心", None).await;
    let gid = g["id"].as_str().unwrap();
    let pid = created["id"].as_str().unwrap();
    // Awkward numbers, to the cent: 33.33 less 12.5% is 29.16375 → 29.16 a unit.
    let p = create_proposal(&app, "gz_am1", gid, None, vec![line(pid, 3, 12, Some("12.5"))]).await;
    let v = &p["currentVersion"];
    assert_eq!(v["lines"][0]["netUnitPrice"], "29.16");
    assert_eq!(v["lines"][0]["netTotal"], "1049.76");
    assert_eq!(v["lines"][0]["lineDiscountPercent"], "12.51");
    assert_eq!(v["monthlyTotal"], "87.48");
    assert_eq!(v["discountMonthly"], "12.51");
    assert_eq!(v["termTotal"], "1049.76");
    assert_eq!(v["listTermTotal"], "1199.88");
    assert_eq!(v["discountTerm"], "150.12");
    // A discount beyond the price is refused, field by field.
    let bad = mutate(&app, "gz_am1", "createProposal", "CreateProposalInput", "proposal", "id", json!({ "groupId": gid, "content": content(vec![json!({ "productId": pid, "quantity": 0, "termMonths": 12, "discountAmount": "40" })]) }))
        .await;
    let fields: Vec<String> = bad["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect::<Vec<_>>().join("."))
        .collect();
    assert_eq!(fields, ["input.content.lines.0.quantity", "input.content.lines.0.discountAmount"]);

    // A new price from today: new proposals take it, the earlier one keeps 33.33.
    let priced = mutate(
        &app,
        "admin",
        "setProductPrice",
        "SetProductPriceInput",
        "product",
        "standardPrice priceHistory { unitPrice effectiveFrom }",
        json!({ "productId": pid, "unitPrice": "40.00", "effectiveFrom": "2026-11-23" }),
    )
    .await;
    assert_eq!(codes(&priced), ["DUPLICATE"], "the first price already starts today");
    let priced = ok(
        &app,
        "admin",
        "setProductPrice",
        "SetProductPriceInput",
        "product",
        "standardPrice priceHistory { unitPrice effectiveFrom }",
        json!({ "productId": pid, "unitPrice": "40.00", "effectiveFrom": "2026-11-24" }),
    )
    .await;
    assert_eq!(priced["standardPrice"], "33.33", "not in force before tomorrow");
    assert_eq!(
        codes(
            &mutate(
                &app,
                "admin",
                "setProductPrice",
                "SetProductPriceInput",
                "product",
                "standardPrice",
                json!({ "productId": pid, "unitPrice": "1.00", "effectiveFrom": "2026-01-01" })
            )
            .await
        ),
        ["INVALID"]
    );
    app.clock.set(sh("2026-11-24T09:00:00"));
    let newer = create_proposal(&app, "gz_am1", gid, None, vec![line(pid, 1, 12, None)]).await;
    assert_eq!(newer["currentVersion"]["lines"][0]["unitPrice"], "40.00");
    assert_eq!(proposal(&app, "gz_am1", &p["id"]).await["currentVersion"]["lines"][0]["unitPrice"], "33.33");
    // Only admins change the catalog.
    let q = payload_query("setProductPrice", "SetProductPriceInput", "product", "code");
    let denied = app
        .exec(
            Some("gz_head"),
            &q,
            json!({ "i": { "productId": pid, "unitPrice": "1.00", "effectiveFrom": "2026-12-01" } }),
        )
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");
});

db_test!(proposal_deadlines_follow_rule_one_on_the_working_calendar, |app| {
    // Friday 2026-11-27, 20:00 in Shanghai.
    app.clock.set(sh("2026-11-27T20:00:00"));
    let g = group(&app, "gz_am1", "南沙区港务局", None).await;
    let gid = g["id"].as_str().unwrap();
    for (ended, due) in [
        ("2026-11-23T11:30:00", "2026-11-23T18:00:00"), // before noon
        ("2026-11-23T13:00:00", "2026-11-23T18:00:00"), // over lunch
        ("2026-11-23T14:00:00", "2026-11-23T18:00:00"), // 14:00 exactly
        ("2026-11-23T15:00:00", "2026-11-24T11:00:00"), // afternoon → next working day
        ("2026-11-27T19:00:00", "2026-11-30T11:00:00"), // Friday evening → Monday
        ("2026-09-30T16:00:00", "2026-10-08T11:00:00"), // before the National Day week
        ("2026-10-09T15:00:00", "2026-10-10T11:00:00"), // Saturday 10-10 is worked (调休)
    ] {
        let v = log_visit(&app, "gz_am1", gid, sh(ended), &["GROUP_SMS"]).await;
        let p = create_proposal(&app, "gz_am1", gid, Some(&v), vec![]).await;
        assert_eq!(p["dueAt"], iso(sh(due)), "visit ended {ended}");
        assert_eq!(p["isLate"], sh(due) < sh("2026-11-27T20:00:00"), "late once past due, visit ended {ended}");
    }
    // An admin adds a holiday: the next deadline skips it.
    ok(
        &app,
        "admin",
        "setCalendarDay",
        "SetCalendarDayInput",
        "calendarDay",
        "day kind",
        json!({ "day": "2026-11-30", "kind": "HOLIDAY", "name": "测试假日" }),
    )
    .await;
    let v = log_visit(&app, "gz_am1", gid, sh("2026-11-27T19:30:00"), &["GROUP_SMS"]).await;
    let p = create_proposal(&app, "gz_am1", gid, Some(&v), vec![]).await;
    assert_eq!(p["dueAt"], iso(sh("2026-12-01T11:00:00")));
    assert_eq!(p["isLate"], false);
    // A visit without recorded needs sets no deadline.
    let card = json!({ "method": "PHONE", "purpose": "CARE", "startedAt": iso(sh("2026-11-27T10:00:00")), "endedAt": iso(sh("2026-11-27T10:10:00")) });
    let plain =
        ok(&app, "gz_am1", "logVisit", "LogVisitInput", "visit", "id", json!({ "groupId": gid, "card": card })).await;
    let p = create_proposal(
        &app,
        "gz_am1",
        gid,
        plain["id"].as_str(),
        vec![line(&product_id(&app, "GROUP_SMS").await, 1, 12, None)],
    )
    .await;
    assert_eq!(p["dueAt"], Value::Null);
});

db_test!(sent_proposals_are_followed_up_weekly_and_expire, |app| {
    app.clock.set(sh("2026-11-23T10:00:00"));
    let g = group(&app, "gz_am1", "花都区机场管理局", None).await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let p = create_proposal(&app, "gz_am1", g["id"].as_str().unwrap(), None, vec![line(&sms, 1, 12, None)]).await;
    let p = submit(&app, "gz_am1", &p).await;
    decide(&app, "gz_head", true, &p["approvalRequests"][0]["id"], None).await;
    let p = proposal(&app, "gz_am1", &p["id"]).await;
    let p = act(&app, "gz_am1", "sendProposal", &p).await["proposal"].clone();
    let task = p["followUps"][0].clone();
    app.clock.set(sh("2026-11-25T15:00:00"));
    let done = ok(
        &app,
        "gz_am1",
        "completeTask",
        "CompleteTaskInput",
        "task",
        "status",
        json!({ "id": task["id"], "expectedVersion": task["version"], "note": "客户在内部讨论" }),
    )
    .await;
    assert_eq!(done["status"], "DONE");
    let p = proposal(&app, "gz_am1", &p["id"]).await;
    assert_eq!(p["followUps"][1]["dueAt"], iso(sh("2026-12-02T15:00:00")), "a week later while undecided");
    let mine = app.data(Some("gz_am1"), "{ myTasks { nodes { kind dueAt } } }", json!({})).await;
    assert_eq!(mine["myTasks"]["nodes"].as_array().unwrap().len(), 1);
    // 30 days after sending it expires; the sweep is idempotent and closes the follow-up.
    app.clock.set(sh("2026-12-23T10:00:01"));
    gecrm::pipeline::sweep(&app.state).await.unwrap();
    gecrm::pipeline::sweep(&app.state).await.unwrap();
    let p = proposal(&app, "gz_am1", &p["id"]).await;
    assert_eq!(p["status"], "EXPIRED");
    assert_eq!(p["stage"], "LOST");
    assert_eq!(p["followUps"][1]["status"], "DONE");
    let late = mutate(
        &app,
        "gz_am1",
        "recordCustomerDecision",
        "RecordCustomerDecisionInput",
        "proposal",
        "id",
        json!({ "id": p["id"], "expectedVersion": p["version"], "decision": "ACCEPTED" }),
    )
    .await;
    assert_eq!(codes(&late), ["INVALID_TRANSITION"]);
    // The group no longer counts an open proposal.
    let open = app.data(Some("gz_am1"), "{ groups(filter: {hasOpenProposals: true}) { totalCount } }", json!({})).await;
    assert_eq!(open["groups"]["totalCount"], 0);
});

db_test!(concurrent_signing_never_duplicates_or_skips_a_contract_number, |app| {
    let g = group(&app, "gz_am1", "天河区科技园", None).await;
    let gid = g["id"].as_str().unwrap().to_string();
    let sms = product_id(&app, "GROUP_SMS").await;
    let mut contracts = Vec::new();
    for _ in 0..8 {
        let p = accepted_proposal(&app, &gid, vec![line(&sms, 1, 12, None)]).await;
        contracts.push(sent_contract(&app, &p).await);
    }
    let sign = payload_query("signContract", "SignContractInput", "contract", "number");
    let results = futures_util::future::join_all(contracts.iter().map(|c| {
        app.exec(Some("gz_am1"), &sign, json!({ "i": { "id": c["id"], "expectedVersion": c["version"], "customerSigner": "李主任", "termStart": "2027-01-01" } }))
    }))
    .await;
    let mut numbers: Vec<String> = results
        .iter()
        .map(|r| {
            r["data"]["signContract"]["contract"]["number"].as_str().unwrap_or_else(|| panic!("{r:#}")).to_string()
        })
        .collect();
    numbers.sort();
    let year = gecrm::clock::business_date(app.clock_now()).format("%Y").to_string();
    let expected: Vec<String> = (1..=8).map(|n| format!("GZ-{year}-{n:06}")).collect();
    assert_eq!(numbers, expected);
});

db_test!(faults_run_a_ten_minute_engineering_clock_and_contracts_end, |app| {
    app.clock.set(sh("2026-11-23T10:00:00"));
    let g = group(&app, "gz_am1", "黄埔区开发区管委会", None).await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let p = accepted_proposal(&app, g["id"].as_str().unwrap(), vec![line(&sms, 2, 12, None)]).await;
    // A contract without the dedicated line needs no IP application or discount approval.
    let c = sent_contract(&app, &p).await;
    let mut c = ok(&app, "gz_am1", "signContract", "SignContractInput", "contract", CONTRACT, json!({ "id": c["id"], "expectedVersion": c["version"], "customerSigner": "陈科长", "termStart": "2026-12-01" }))
        .await;
    let docs: Vec<(String, String)> = c["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["kind"].as_str().unwrap().into(), d["status"].as_str().unwrap().into()))
        .collect();
    assert!(docs.contains(&("IP_APPLICATION".into(), "NOT_REQUIRED".into())), "{docs:?}");
    assert!(docs.contains(&("DISCOUNT_APPROVAL".into(), "NOT_REQUIRED".into())));
    c = paper_documents(&app, c).await;
    // A stale version is a conflict, and nothing is written.
    let stale = app
        .exec(
            Some("gz_am1"),
            &payload_query("activateContract", "VersionedIdInput", "contract", "status"),
            json!({ "i": { "id": c["id"], "expectedVersion": 1 } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    c = ok(&app, "gz_am1", "recordPayment", "RecordPaymentInput", "contract", CONTRACT, json!({ "id": c["id"], "expectedVersion": c["version"], "amount": "1000.00", "paidOn": "2026-11-23", "voucherNo": "PZ-1" }))
        .await;
    let c = contract_act(&app, "gz_am1", "activateContract", &c).await["contract"].clone();
    assert_eq!(c["status"], "ACTIVE");
    let j = ok(&app, "gz_am1", "createInstallationJob", "CreateJobInput", "job", JOB, json!({ "contractId": c["id"], "siteAddress": "开发大道 8 号", "sitePhone": "13812345678", "lines": [{ "position": 1, "quantity": 2 }] }))
        .await;
    let installer = user_id(&app, "gz_installer");
    let j = ok(
        &app,
        "gz_am1",
        "assignJobLead",
        "AssignJobLeadInput",
        "job",
        JOB,
        json!({ "id": j["id"], "expectedVersion": j["version"], "leadId": installer }),
    )
    .await;
    // The lead sees only their jobs; the board lists it for them.
    let board = app.data(Some("gz_installer"), "{ installationJobs { nodes { id groupName } } }", json!({})).await;
    assert_eq!(board["installationJobs"]["nodes"][0]["groupName"], "黄埔区开发区管委会");
    assert_eq!(
        codes(
            &mutate(
                &app,
                "gz_am1",
                "reportFault",
                "ReportFaultInput",
                "fault",
                "id",
                json!({ "jobId": j["id"], "description": "断网" })
            )
            .await
        ),
        ["INVALID_TRANSITION"],
        "no faults before completion"
    );
    let j = job_act(&app, "gz_installer", "acceptJob", &j).await["job"].clone();
    let postponed = mutate(
        &app,
        "gz_installer",
        "postponeJob",
        "PostponeJobInput",
        "job",
        JOB,
        json!({ "id": j["id"], "expectedVersion": j["version"], "reason": "客户装修" }),
    )
    .await;
    assert_eq!(codes(&postponed), ["REQUIRED"], "a postponement needs the new date");
    let j = ok(
        &app,
        "gz_installer",
        "postponeJob",
        "PostponeJobInput",
        "job",
        JOB,
        json!({ "id": j["id"], "expectedVersion": j["version"], "newDate": "2026-12-05", "reason": "客户装修" }),
    )
    .await;
    assert_eq!(j["status"], "POSTPONED");
    assert_eq!(j["scheduledOn"], "2026-12-05");
    let j = ok(
        &app,
        "gz_installer",
        "scheduleJob",
        "ScheduleJobInput",
        "job",
        JOB,
        json!({ "id": j["id"], "expectedVersion": j["version"], "scheduledOn": "2026-12-05" }),
    )
    .await;
    let j = job_act(&app, "gz_installer", "startJob", &j).await["job"].clone();
    let j = job_act(&app, "gz_installer", "completeJob", &j).await["job"].clone();

    // A fault: engineering must be reached within 10 minutes.
    let f = ok(
        &app,
        "gz_am1",
        "reportFault",
        "ReportFaultInput",
        "fault",
        "id status contactDueAt breached version",
        json!({ "jobId": j["id"], "description": "专线中断" }),
    )
    .await;
    assert_eq!(f["contactDueAt"], iso(sh("2026-11-23T10:10:00")));
    assert_eq!(f["breached"], false);
    app.clock.set(sh("2026-11-23T10:11:00"));
    let fq = "query($id: ID!) { node(id: $id) { ... on FaultTicket { breached status version } } }";
    assert_eq!(app.data(Some("gz_am1"), fq, json!({ "id": f["id"] })).await["node"]["breached"], true);
    let f = ok(
        &app,
        "gz_installer",
        "acknowledgeFault",
        "FaultStepInput",
        "fault",
        "status breached version",
        json!({ "id": f["id"], "expectedVersion": f["version"] }),
    )
    .await;
    assert_eq!(f["status"], "CONTACTED");
    assert_eq!(f["breached"], true, "reached after the clock ran out");
    let fid = app
        .data(
            Some("gz_am1"),
            "query($id: ID!) { node(id: $id) { ... on InstallationJob { faults { id version } } } }",
            json!({ "id": j["id"] }),
        )
        .await;
    let f = &fid["node"]["faults"][0];
    let f = ok(
        &app,
        "gz_installer",
        "resolveFault",
        "FaultStepInput",
        "fault",
        "status version",
        json!({ "id": f["id"], "expectedVersion": f["version"], "resolution": "更换光模块" }),
    )
    .await;
    assert_eq!(f["status"], "RESOLVED");

    // Termination needs a reason, and ends the deal's place on the board.
    let c = app
        .data(
            Some("gz_am1"),
            &format!("query($id: ID!) {{ node(id: $id) {{ ... on Contract {{ {CONTRACT} }} }} }}"),
            json!({ "id": c["id"] }),
        )
        .await["node"]
        .clone();
    let t = mutate(
        &app,
        "gz_am1",
        "terminateContract",
        "TerminateContractInput",
        "contract",
        "status",
        json!({ "id": c["id"], "expectedVersion": c["version"], "reason": " " }),
    )
    .await;
    assert_eq!(codes(&t), ["REQUIRED"]);
    let t = ok(
        &app,
        "gz_am1",
        "terminateContract",
        "TerminateContractInput",
        "contract",
        "status",
        json!({ "id": c["id"], "expectedVersion": c["version"], "reason": "客户搬迁" }),
    )
    .await;
    assert_eq!(t["status"], "TERMINATED");
    assert_eq!(proposal(&app, "gz_am1", &p["id"]).await["stage"], "CLOSED");
});

db_test!(demo_data_puts_deals_in_every_early_stage, |app| {
    gecrm::seed::demo_archive(&app.state.db, app.clock_now()).await.unwrap();
    assert!(gecrm::seed::demo_pipeline(&app.state).await.unwrap());
    assert!(!gecrm::seed::demo_pipeline(&app.state).await.unwrap(), "loaded once");
    let board = app.data(Some("gz_am1"), "{ pipeline { totalCount stages { stage count } } }", json!({})).await;
    let counts: Vec<(String, i64)> = board["pipeline"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["stage"].as_str().unwrap().into(), s["count"].as_i64().unwrap()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let expected: Vec<(String, i64)> =
        [("DRAFT", 1), ("PENDING_APPROVAL", 2), ("SENT", 1), ("ACCEPTED", 1), ("INSTALLING", 1)]
            .into_iter()
            .map(|(s, n)| (s.to_string(), n))
            .collect();
    assert_eq!(counts, expected);
    // Column names in both languages.
    let q = "{ pipeline { stages { label } } }";
    let zh = app.data(Some("gz_am1"), q, json!({})).await;
    assert_eq!(zh["pipeline"]["stages"][1]["label"], "审批中");
    let en = app.exec_with(Some(app.viewer("gz_am1")), gecrm::state::Lang::En, q, json!({})).await;
    assert_eq!(en["data"]["pipeline"]["stages"][1]["label"], "Pending approval");
    // Each approver has something waiting.
    for who in ["gz_head", "gz_branch"] {
        let inbox = app.data(Some(who), "{ myApprovals { totalCount } }", json!({})).await;
        assert_eq!(inbox["myApprovals"]["totalCount"], 1, "{who}");
    }
    let jobs = app
        .data(Some("gz_installer"), "{ installationJobs { nodes { status leadCandidates { id } } } }", json!({}))
        .await;
    assert_eq!(jobs["installationJobs"]["nodes"], json!([{ "status": "ACCEPTED", "leadCandidates": [] }]));
    // The manager picks the lead among the branch's installers (an account manager may not list users).
    let jobs = app
        .data(Some("gz_am1"), "{ installationJobs { nodes { leadCandidates { username role } } } }", json!({}))
        .await;
    assert_eq!(
        jobs["installationJobs"]["nodes"][0]["leadCandidates"],
        json!([{ "username": "gz_installer", "role": "INSTALLER" }])
    );
    // A group's page lists its own jobs.
    let groups = app
        .data(
            Some("gz_am1"),
            "{ installationJobs { nodes { group { id } } } groups(first: 50) { nodes { id } } }",
            json!({}),
        )
        .await;
    let own = groups["installationJobs"]["nodes"][0]["group"]["id"].clone();
    let other =
        groups["groups"]["nodes"].as_array().unwrap().iter().map(|g| g["id"].clone()).find(|g| *g != own).unwrap();
    let q = "query($g: ID!) { installationJobs(filter: {groupId: $g}) { totalCount } }";
    assert_eq!(app.data(Some("gz_am1"), q, json!({ "g": own })).await["installationJobs"]["totalCount"], 1);
    assert_eq!(app.data(Some("gz_am1"), q, json!({ "g": other })).await["installationJobs"]["totalCount"], 0);
});

// The batching window is widened so that unoptimised test builds gather a whole page in it.
db_test!(
    a_page_of_deals_costs_the_same_statements_whatever_its_size,
    config = |c: &mut gecrm::config::Config| c.loader_delay = std::time::Duration::from_millis(20),
    |app| {
        let g = group(&app, "gz_am1", "从化区文旅局", None).await;
        let sms = product_id(&app, "GROUP_SMS").await;
        let dl = product_id(&app, "DEDICATED_LINE").await;
        for _ in 0..6 {
            let p = create_proposal(
                &app,
                "gz_am1",
                g["id"].as_str().unwrap(),
                None,
                vec![line(&sms, 1, 12, Some("5")), line(&dl, 1, 12, None)],
            )
            .await;
            submit(&app, "gz_am1", &p).await;
        }
        let q = "query($n: Int!) { proposals(first: $n) { nodes { title owner { username } group { name } \
            currentVersion { termTotal lines { unitPrice product { code standardPrice priceHistory { unitPrice } } } } \
            approvalRequests { status steps { role status } } contract { id } followUps { id } } } }";
        let two = crate::members::statements(&app, "gz_head", q, json!({ "n": 2 })).await;
        let six = crate::members::statements(&app, "gz_head", q, json!({ "n": 6 })).await;
        assert_eq!(two, six, "statements grow with depth, not with rows");
    }
);

db_test!(an_absurd_total_is_a_user_error_not_a_server_error, |app| {
    let g = group(&app, "gz_am1", "增城区工业园", None).await;
    let dl = product_id(&app, "DL_1000M").await; // ¥22,000 a month
    let lines: Vec<Value> = (0..5).map(|_| line(&dl, 100_000, 120, None)).collect();
    let p = mutate(
        &app,
        "gz_am1",
        "createProposal",
        "CreateProposalInput",
        "proposal",
        "id",
        json!({ "groupId": g["id"], "content": content(lines) }),
    )
    .await;
    assert_eq!(codes(&p), ["INVALID"], "{p:#}");
    assert_eq!(app.count("proposal").await, 0);
});
