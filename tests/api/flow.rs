//! Driving the quote-to-contract-to-install pipeline through the API: run a mutation, draft and
//! submit proposals, decide approvals, take contracts and installation jobs through their steps.
//! Shared by the pipeline's tests (`journey`, `proposals`, `contracts`, `pipeline`) and others.
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::common::TestApp;

/// A Shanghai wall-clock time.
pub fn sh(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}+08:00")).unwrap().with_timezone(&Utc)
}

pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

pub const PROPOSAL: &str = "id status stage version versionNumber dueAt isLate value monthlyValue allowedActions \
    currentVersion { number locked monthlyTotal oneOffTotal termTotal listTermTotal discountMonthly discountTerm discountPercent maxLineDiscountPercent \
      lines { position quantity termMonths unitPrice netUnitPrice lineDiscountPercent netTotal product { code } } } \
    versions { number locked } \
    approvalRequests { id kind status matrixNumber carriedFrom { id } steps { role status comment actor { username } } } \
    followUps { id dueAt status version } contract { id }";

/// Changing a draft proposal's content, and taking a proposal back to draft with a reason.
pub const UPDATE_PROPOSAL: Op =
    Op::mutation("updateProposal").input("UpdateProposalInput").returns("proposal", PROPOSAL);
pub const REVISE_PROPOSAL: Op =
    Op::mutation("reviseProposal").input("ProposalReasonInput").returns("proposal", PROPOSAL);

pub fn payload_query(mutation: &str, input_type: &str, field: &str, selection: &str) -> String {
    format!(
        "mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ {field} {{ {selection} }} userErrors {{ field code message }} }} }}"
    )
}

/// A mutation and what to read back from its payload, built by name:
/// `Op::mutation("signContract").input("SignContractInput").returns("contract", CONTRACT)`.
#[derive(Clone, Copy, Debug)]
pub struct Op {
    name: &'static str,
    input: &'static str,
    field: &'static str,
    selection: &'static str,
}

impl Op {
    pub const fn mutation(name: &'static str) -> Self {
        Self { name, input: "", field: "", selection: "" }
    }

    /// The GraphQL type of its `input` argument.
    pub const fn input(self, input: &'static str) -> Self {
        Self { input, ..self }
    }

    /// The payload's field holding the changed object, and the selection to read from it.
    pub const fn returns(self, field: &'static str, selection: &'static str) -> Self {
        Self { field, selection, ..self }
    }

    pub fn document(&self) -> String {
        payload_query(self.name, self.input, self.field, self.selection)
    }
}

/// Runs a mutation as `who` and returns its payload.
pub async fn mutate(app: &TestApp, who: &str, op: Op, input: Value) -> Value {
    app.data(Some(who), &op.document(), json!({ "i": input })).await[op.name].clone()
}

/// Like [`mutate`], asserting no user errors, returning the object.
pub async fn ok(app: &TestApp, who: &str, op: Op, input: Value) -> Value {
    let p = mutate(app, who, op, input).await;
    assert_eq!(p["userErrors"], json!([]), "{}: {p:#}", op.name);
    p[op.field].clone()
}

pub fn codes(p: &Value) -> Vec<String> {
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
    ok(
        app,
        who,
        Op::mutation("logVisit").input("LogVisitInput").returns("visit", "id"),
        json!({ "groupId": group, "card": card }),
    )
    .await["id"]
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
        Op::mutation("createProposal").input("CreateProposalInput").returns("proposal", PROPOSAL),
        json!({ "groupId": group, "visitId": visit, "content": content(lines) }),
    )
    .await
}

pub async fn act(app: &TestApp, who: &str, mutation: &'static str, p: &Value) -> Value {
    mutate(
        app,
        who,
        Op::mutation(mutation).input("VersionedIdInput").returns("proposal", PROPOSAL),
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
        Op::mutation(m).input("DecideStepInput").returns("request", "id status steps { role status }"),
        json!({ "requestId": request, "comment": comment }),
    )
    .await
}

pub async fn proposal(app: &TestApp, who: &str, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ node(id: $id) {{ ... on Proposal {{ {PROPOSAL} }} }} }}");
    app.data(Some(who), &q, json!({ "id": id })).await["node"].clone()
}

pub fn roles(req: &Value) -> Vec<String> {
    req["steps"].as_array().unwrap().iter().map(|s| s["role"].as_str().unwrap().to_string()).collect()
}

/// A proposal taken through approval, sending and acceptance, returned accepted.
/// A proposal of gz_am1's, approved by everyone its discount needs and sent to the customer.
pub async fn sent_proposal(app: &TestApp, group: &str, lines: Vec<Value>) -> Value {
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
    act(app, "gz_am1", "sendProposal", &p).await["proposal"].clone()
}

/// A proposal the customer accepted.
pub async fn accepted_proposal(app: &TestApp, group: &str, lines: Vec<Value>) -> Value {
    let p = sent_proposal(app, group, lines).await;
    ok(
        app,
        "gz_am1",
        Op::mutation("recordCustomerDecision").input("RecordCustomerDecisionInput").returns("proposal", PROPOSAL),
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

pub const CONTRACT: &str = "id number status version checklistComplete allowedActions value monthlyTotal amountDue termMonths termStart termEnd \
    lines { position quantity unitPrice netUnitPrice product { code } } documents { kind status details } installationJobs { id status }";

pub async fn contract_act(app: &TestApp, who: &str, mutation: &'static str, c: &Value) -> Value {
    mutate(
        app,
        who,
        Op::mutation(mutation).input("VersionedIdInput").returns("contract", CONTRACT),
        json!({ "id": c["id"], "expectedVersion": c["version"] }),
    )
    .await
}

/// The draft contract of an accepted proposal, made by its manager.
pub async fn draft_contract(app: &TestApp, p: &Value) -> Value {
    ok(
        app,
        "gz_am1",
        Op::mutation("createContractFromProposal").input("CreateContractInput").returns("contract", CONTRACT),
        json!({ "proposalId": p["id"] }),
    )
    .await
}

/// A contract made from an accepted proposal and taken to `SENT`.
pub async fn sent_contract(app: &TestApp, p: &Value) -> Value {
    let c = draft_contract(app, p).await;
    let c = contract_act(app, "gz_am1", "submitContractForReview", &c).await["contract"].clone();
    let c = ok(
        app,
        "gz_head",
        Op::mutation("reviewContract").input("ReviewContractInput").returns("contract", CONTRACT),
        json!({ "id": c["id"], "expectedVersion": c["version"], "approve": true }),
    )
    .await;
    let c = contract_act(app, "gz_am1", "sendContract", &c).await;
    assert_eq!(c["userErrors"], json!([]), "{c:#}");
    c["contract"].clone()
}

/// A signed contract of a new accepted proposal on group `g`.
pub async fn signed_contract(app: &TestApp, g: &str, lines: Vec<Value>) -> Value {
    let p = accepted_proposal(app, g, lines).await;
    let c = sent_contract(app, &p).await;
    let sign = Op::mutation("signContract").input("SignContractInput").returns("contract", CONTRACT);
    let input = json!({ "id": c["id"], "expectedVersion": c["version"], "customerSigner": "陈科长", "termStart": "2026-12-01" });
    ok(app, "gz_am1", sign, input).await
}

/// The paper documents of the checklist, received.
pub async fn paper_documents(app: &TestApp, mut c: Value) -> Value {
    for kind in ["SIGNED_COPIES", "NETWORK_COMMITMENT", "BUSINESS_LICENCE", "HANDLER_ID"] {
        let input = json!({ "id": c["id"], "expectedVersion": c["version"], "kind": kind, "received": true });
        c = ok(
            app,
            "gz_am1",
            Op::mutation("recordContractDocument").input("RecordContractDocumentInput").returns("contract", CONTRACT),
            input,
        )
        .await;
    }
    c
}

/// The first payment (what is due) recorded with voucher `voucher`.
pub async fn pay_due(app: &TestApp, c: &Value, voucher: &str) -> Value {
    let input = json!({ "id": c["id"], "expectedVersion": c["version"], "amount": c["amountDue"], "paidOn": "2026-11-23", "voucherNo": voucher });
    ok(app, "gz_am1", Op::mutation("recordPayment").input("RecordPaymentInput").returns("contract", CONTRACT), input)
        .await
}

pub const JOB: &str = "id status version allowedActions scheduledOn lead { username } lines { quantity line { position product { code } } } faults { id status breached contactDueAt version }";

pub async fn job_act(app: &TestApp, who: &str, mutation: &'static str, j: &Value) -> Value {
    mutate(
        app,
        who,
        Op::mutation(mutation).input("VersionedIdInput").returns("job", JOB),
        json!({ "id": j["id"], "expectedVersion": j["version"] }),
    )
    .await
}

/// The manager assigns the demo installer (gz_installer) as the job's lead; returns the job.
pub async fn assign_installer(app: &TestApp, j: &Value) -> Value {
    let installer = crate::archive::user_id(app, "gz_installer");
    ok(
        app,
        "gz_am1",
        Op::mutation("assignJobLead").input("AssignJobLeadInput").returns("job", JOB),
        json!({ "id": j["id"], "expectedVersion": j["version"], "leadId": installer }),
    )
    .await
}
