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
pub async fn mutate(app: &TestApp, who: &str, mutation: &str, input_type: &str, field: &str, sel: &str, input: Value) -> Value {
    let q = payload_query(mutation, input_type, field, sel);
    app.data(Some(who), &q, json!({ "i": input })).await[mutation].clone()
}

/// Like [`mutate`], asserting no user errors, returning the object.
pub async fn ok(app: &TestApp, who: &str, mutation: &str, input_type: &str, field: &str, sel: &str, input: Value) -> Value {
    let p = mutate(app, who, mutation, input_type, field, sel, input).await;
    assert_eq!(p["userErrors"], json!([]), "{mutation}: {p:#}");
    p[field].clone()
}

fn codes(p: &Value) -> Vec<String> {
    p["userErrors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap().to_string()).collect()
}

pub async fn product_id(app: &TestApp, code: &str) -> String {
    let d = app
        .data(Some("gz_am1"), "query($s: String) { products(filter: {search: $s}, first: 100) { nodes { id code } } }", json!({ "s": code }))
        .await;
    let nodes = d["products"]["nodes"].as_array().unwrap();
    nodes.iter().find(|n| n["code"] == code).unwrap_or_else(|| panic!("no product {code}"))["id"].as_str().unwrap().into()
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
    ok(app, who, "createProposal", "CreateProposalInput", "proposal", PROPOSAL, json!({ "groupId": group, "visitId": visit, "content": content(lines) }))
        .await
}

pub async fn act(app: &TestApp, who: &str, mutation: &str, p: &Value) -> Value {
    mutate(app, who, mutation, "VersionedIdInput", "proposal", PROPOSAL, json!({ "id": p["id"], "expectedVersion": p["version"] })).await
}

pub async fn submit(app: &TestApp, who: &str, p: &Value) -> Value {
    let r = act(app, who, "submitProposal", p).await;
    assert_eq!(r["userErrors"], json!([]), "{r:#}");
    r["proposal"].clone()
}

pub async fn decide(app: &TestApp, who: &str, approve: bool, request: &Value, comment: Option<&str>) -> Value {
    let m = if approve { "approveStep" } else { "rejectStep" };
    mutate(app, who, m, "DecideStepInput", "request", "id status steps { role status }", json!({ "requestId": request, "comment": comment }))
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

const CONTRACT: &str = "id number status version checklistComplete allowedActions value monthlyTotal termMonths termStart termEnd \
    lines { position quantity unitPrice netUnitPrice product { code } } documents { kind status details } installationJobs { id status }";

pub async fn contract_act(app: &TestApp, who: &str, mutation: &str, c: &Value) -> Value {
    mutate(app, who, mutation, "VersionedIdInput", "contract", CONTRACT, json!({ "id": c["id"], "expectedVersion": c["version"] })).await
}

/// A contract made from an accepted proposal and taken to `SENT`.
pub async fn sent_contract(app: &TestApp, p: &Value) -> Value {
    let c = ok(app, "gz_am1", "createContractFromProposal", "CreateContractInput", "contract", CONTRACT, json!({ "proposalId": p["id"] })).await;
    let c = contract_act(app, "gz_am1", "submitContractForReview", &c).await["contract"].clone();
    let c = ok(app, "gz_head", "reviewContract", "ReviewContractInput", "contract", CONTRACT, json!({ "id": c["id"], "expectedVersion": c["version"], "approve": true }))
        .await;
    let c = contract_act(app, "gz_am1", "sendContract", &c).await;
    assert_eq!(c["userErrors"], json!([]), "{c:#}");
    c["contract"].clone()
}

const JOB: &str = "id status version allowedActions scheduledOn lead { username } lines { quantity line { position product { code } } } faults { id status breached contactDueAt version }";

async fn job_act(app: &TestApp, who: &str, mutation: &str, j: &Value) -> Value {
    mutate(app, who, mutation, "VersionedIdInput", "job", JOB, json!({ "id": j["id"], "expectedVersion": j["version"] })).await
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
    let prefilled: Vec<&str> =
        p["currentVersion"]["lines"].as_array().unwrap().iter().map(|l| l["product"]["code"].as_str().unwrap()).collect();
    assert_eq!(prefilled, ["DEDICATED_LINE", "GROUP_SMS"], "the visit's needs pre-fill the lines");

    // A discount of 10% on the ¥4200 line: ¥420 a month, so the branch manager approves too.
    // The client's unit price is ignored: the catalog's standard price is used.
    let dl = product_id(&app, "DEDICATED_LINE").await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let mut lines = vec![line(&dl, 1, 36, Some("10")), line(&sms, 1, 36, None)];
    lines[0]["unitPrice"] = json!("1.00");
    let p = ok(&app, "gz_am1", "updateProposal", "UpdateProposalInput", "proposal", PROPOSAL, json!({ "id": p["id"], "expectedVersion": p["version"], "content": content(lines) }))
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
    let inbox = "{ myApprovals { nodes { id lineDiscounts { productCode discountPercent } justification canDecide } } }";
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

    let p = ok(&app, "gz_am1", "recordCustomerDecision", "RecordCustomerDecisionInput", "proposal", PROPOSAL, json!({ "id": p["id"], "expectedVersion": p["version"], "decision": "ACCEPTED" }))
        .await;
    assert_eq!(p["status"], "ACCEPTED");
    assert_eq!(p["followUps"][0]["status"], "DONE", "the decision closes the follow-up");

    // Contract: frozen lines, head review, sending, signing issues the number.
    let c = ok(&app, "gz_am1", "createContractFromProposal", "CreateContractInput", "contract", CONTRACT, json!({ "proposalId": p["id"] })).await;
    assert_eq!(c["status"], "DRAFT");
    assert_eq!(c["number"], Value::Null);
    assert_eq!(c["value"], "154080.00");
    assert_eq!(c["lines"][0]["netUnitPrice"], "3780.00");
    let c = contract_act(&app, "gz_am1", "submitContractForReview", &c).await["contract"].clone();
    assert_eq!(codes(&contract_act(&app, "gz_am1", "sendContract", &c).await), ["INVALID_STATE"], "not sent before review");
    let c = ok(&app, "gz_head", "reviewContract", "ReviewContractInput", "contract", CONTRACT, json!({ "id": c["id"], "expectedVersion": c["version"], "approve": true }))
        .await;
    let c = contract_act(&app, "gz_am1", "sendContract", &c).await["contract"].clone();
    assert_eq!(c["status"], "SENT");
    let c = ok(&app, "gz_am1", "signContract", "SignContractInput", "contract", CONTRACT, json!({ "id": c["id"], "expectedVersion": c["version"], "customerSigner": "王主任", "termStart": "2026-12-01" }))
        .await;
    assert_eq!(c["status"], "SIGNED");
    assert_eq!(c["number"], "GZ-2026-000001");
    assert_eq!(c["termEnd"], "2029-11-30");

    // Gates of rule 5 and 6: no job before active, no activation before payment and documents.
    let job_input = json!({ "contractId": c["id"], "siteAddress": "天河路 1 号机房", "lines": [{ "position": 1, "quantity": 1 }] });
    let early = mutate(&app, "gz_am1", "createInstallationJob", "CreateJobInput", "job", JOB, job_input.clone()).await;
    assert_eq!(codes(&early), ["INVALID_TRANSITION"]);
    let refused = contract_act(&app, "gz_am1", "activateContract", &c).await;
    assert_eq!(codes(&refused), ["INVALID_STATE"]);
    assert!(refused["userErrors"][0]["message"].as_str().unwrap().contains("IP地址申请表"), "{refused:#}");
    let mut c = c;
    for kind in ["SIGNED_COPIES", "NETWORK_COMMITMENT", "BUSINESS_LICENCE", "HANDLER_ID"] {
        c = ok(&app, "gz_am1", "recordContractDocument", "RecordContractDocumentInput", "contract", CONTRACT, json!({ "id": c["id"], "expectedVersion": c["version"], "kind": kind, "received": true }))
            .await;
    }
    let form = json!({ "applicant": "天河区政务服务中心", "customerAddress": "天河路 1 号", "contact": "李科长", "contactPhone": "020-87654321", "mailingAddress": "天河路 1 号", "lineRateMbps": 100, "ipCount": 8 });
    c = ok(&app, "gz_am1", "recordIpApplication", "RecordIpApplicationInput", "contract", CONTRACT, json!({ "id": c["id"], "expectedVersion": c["version"], "form": form }))
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
    let hidden = app.exec(Some("gz_installer"), &q, json!({ "i": { "id": j["id"], "expectedVersion": j["version"] } })).await;
    assert_eq!(error_code(&hidden), "NOT_FOUND");
    let installer = user_id(&app, "gz_installer");
    let j = ok(&app, "gz_am1", "assignJobLead", "AssignJobLeadInput", "job", JOB, json!({ "id": j["id"], "expectedVersion": j["version"], "leadId": installer })).await;
    assert_eq!(codes(&job_act(&app, "gz_am1", "acceptJob", &j).await), ["NOT_PERMITTED"], "only the lead accepts");
    let j = job_act(&app, "gz_installer", "acceptJob", &j).await["job"].clone();
    let j = ok(&app, "gz_installer", "scheduleJob", "ScheduleJobInput", "job", JOB, json!({ "id": j["id"], "expectedVersion": j["version"], "scheduledOn": "2026-11-25" })).await;
    assert_eq!(j["status"], "SCHEDULED");
    let j = job_act(&app, "gz_installer", "startJob", &j).await["job"].clone();
    let j = job_act(&app, "gz_installer", "completeJob", &j).await["job"].clone();
    assert_eq!(j["status"], "COMPLETED");
    assert_eq!(codes(&job_act(&app, "gz_installer", "confirmJob", &j).await), ["NOT_PERMITTED"], "the manager confirms");
    let j = job_act(&app, "gz_am1", "confirmJob", &j).await["job"].clone();
    assert_eq!(j["status"], "CONFIRMED");

    // Rule 6: a follow-up call in 7 days, then monthly onsite visits.
    let visits = app
        .data(Some("gz_am1"), "query($g: ID!) { visits(filter: {groupId: $g, status: PLANNED}) { nodes { method purpose plannedAt } } }", json!({ "g": gid }))
        .await;
    let mut planned: Vec<(String, String, String)> = visits["visits"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["plannedAt"].as_str().unwrap().into(), v["method"].as_str().unwrap().into(), v["purpose"].as_str().unwrap().into()))
        .collect();
    planned.sort();
    assert_eq!(planned.len(), 4, "{planned:?}");
    assert_eq!(planned[0], (iso(sh("2026-11-30T10:00:00")), "PHONE".into(), "INSTALL_FOLLOW_UP".into()));
    assert_eq!(planned[1].0, iso(sh("2026-12-30T10:00:00")));
    assert_eq!(planned[1].1, "ONSITE");

    // The board shows the deal as confirmed, with its value.
    let board = app.data(Some("gz_am1"), "{ pipeline { totalCount stages { stage count value deals { nodes { id } } } } }", json!({})).await;
    let confirmed = board["pipeline"]["stages"].as_array().unwrap().iter().find(|s| s["stage"] == "CONFIRMED").unwrap().clone();
    assert_eq!(confirmed["count"], 1);
    assert_eq!(confirmed["value"], "154080.00");
    assert_eq!(confirmed["deals"]["nodes"][0]["id"], p["id"]);
    assert_eq!(app.data(Some("sz_am1"), "{ pipeline { totalCount } }", json!({})).await["pipeline"]["totalCount"], 0);
});
