//! What an object offers its viewer is exactly what they can do: for every state of proposals,
//! contracts, installation jobs and fault tickets, and for one user of every demo role (and
//! two outside the object's scope), each action in `allowedActions` succeeds when taken at
//! once, each action in `blockedActions` is refused with the reason given, and every other
//! action is refused and changes nothing.
use std::{collections::BTreeSet, sync::Mutex};

use serde_json::{Value, json};

use crate::{
    archive::{group, user_id},
    common::TestApp,
    db_test,
    flow::*,
};

/// One user per demo role, then a manager and a head outside the objects' scope.
const VIEWERS: [&str; 8] = ["gm", "admin", "gz_branch", "gz_head", "gz_am1", "gz_installer", "gz_am2", "sz_head"];

/// How an attempt ended: accepted, or refused with the code of the first error.
fn outcome(resp: &Value, mutation: &str) -> Result<(), String> {
    if let Some(e) = resp["errors"].as_array().filter(|e| !e.is_empty()) {
        return Err(e[0]["extensions"]["code"].as_str().unwrap_or("ERROR").to_string());
    }
    match resp["data"][mutation]["userErrors"].as_array() {
        Some(u) if !u.is_empty() => Err(u[0]["code"].as_str().unwrap_or("ERROR").to_string()),
        _ => Ok(()),
    }
}

/// Runs `mutation` as `who` with `input`, returning how it ended.
async fn attempt(app: &TestApp, who: &str, mutation: &str, input_type: &str, input: Value) -> Result<(), String> {
    let doc = format!("mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ userErrors {{ code }} }} }}");
    outcome(&app.exec(Some(who), &doc, json!({ "i": input })).await, mutation)
}

/// What `who` is offered on the object: allowed actions, blocked ones with the reason's code.
async fn offers(app: &TestApp, who: &str, typename: &str, id: &Value) -> (Vec<String>, Vec<(String, String)>) {
    let blocked = if typename == "FaultTicket" { "" } else { "blockedActions { action reason { code } }" };
    let q = format!("query($id: ID!) {{ node(id: $id) {{ ... on {typename} {{ allowedActions {blocked} }} }} }}");
    let node = app.data(Some(who), &q, json!({ "id": id })).await["node"].clone();
    let names = |v: &Value| -> Vec<String> {
        v.as_array().map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect()).unwrap_or_default()
    };
    let blocked = node["blockedActions"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|b| (b["action"].as_str().unwrap().to_string(), b["reason"]["code"].as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    (names(&node["allowedActions"]), blocked)
}

/// A mutation's input naming `obj` at the version read, with `extra` fields.
fn versioned(obj: &Value, extra: Value) -> Value {
    let mut input = json!({ "id": obj["id"], "expectedVersion": obj["version"] });
    for (k, x) in extra.as_object().unwrap() {
        input[k] = x.clone();
    }
    input
}

/// The object's status and version as the general manager reads them.
async fn stamp(app: &TestApp, typename: &str, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ node(id: $id) {{ ... on {typename} {{ status version }} }} }}");
    app.data(Some("gm"), &q, json!({ "id": id })).await["node"].clone()
}

/// What the matrix saw: every (state, viewer) offer, and which actions were allowed or
/// blocked somewhere.
#[derive(Default)]
struct Seen {
    allowed: BTreeSet<String>,
    blocked: BTreeSet<(String, String)>,
    cells: Vec<(String, String, Vec<String>)>,
}

impl Seen {
    /// The allowed actions of one cell.
    fn cell(&self, state: &str, who: &str) -> Vec<String> {
        self.cells
            .iter()
            .find(|(s, w, _)| s == state && w == who)
            .map(|(_, _, a)| a.clone())
            .unwrap_or_else(|| panic!("no cell {state} × {who}"))
    }
}

/// Checks one aggregate: for each state (reached afresh by `reach`) and viewer, every action
/// is tried with `act` — allowed ones on a fresh object each, the rest on one object that
/// must come out unchanged. `act` answers `None` when the action cannot name the object at
/// all (deciding a request that does not exist).
async fn matrix(
    app: &TestApp,
    typename: &str,
    actions: &[&str],
    states: &[&'static str],
    reach: impl AsyncFn(&'static str) -> Value,
    act: impl AsyncFn(&str, &str, &Value) -> Option<Result<(), String>>,
) -> Seen {
    let mut seen = Seen::default();
    for &state in states {
        let obj = reach(state).await;
        let before = stamp(app, typename, &obj["id"]).await;
        for who in VIEWERS {
            let (allowed, blocked) = offers(app, who, typename, &obj["id"]).await;
            for action in actions {
                if allowed.iter().any(|a| a == action) {
                    continue;
                }
                let Some(result) = act(who, action, &obj).await else { continue };
                let Err(code) = result else {
                    panic!("{typename} {state}: {who} was not offered {action}, yet it succeeded");
                };
                if let Some((_, reason)) = blocked.iter().find(|(a, _)| a == action) {
                    assert_eq!(&code, reason, "{typename} {state}: {who}'s {action} is refused as its reason says");
                }
            }
            assert_eq!(stamp(app, typename, &obj["id"]).await, before, "{typename} {state}: refusals change nothing");
            for action in &allowed {
                let fresh = reach(state).await;
                let result = act(who, action, &fresh).await.expect("an offered action names its object");
                assert_eq!(result, Ok(()), "{typename} {state}: {who} was offered {action}");
                seen.allowed.insert(action.clone());
            }
            seen.blocked.extend(blocked);
            seen.cells.push((state.to_string(), who.to_string(), allowed));
        }
    }
    let never: Vec<&&str> = actions.iter().filter(|a| !seen.allowed.contains(**a)).collect();
    assert!(never.is_empty(), "{typename}: every action is offered somewhere, so each input above is sound: {never:?}");
    seen
}

/// The request of a proposal that waits for a decision, else its latest one.
async fn request_of(app: &TestApp, p: &Value) -> Option<Value> {
    let q = "query($id: ID!) { node(id: $id) { ... on Proposal { approvalRequests { id status } } } }";
    let rs = app.data(Some("gm"), q, json!({ "id": p["id"] })).await["node"]["approvalRequests"].clone();
    let rs = rs.as_array()?.clone();
    rs.iter().find(|r| r["status"] == "PENDING").or(rs.last()).map(|r| r["id"].clone())
}

/// Who decides a step of `role` for gz_am1's groups.
fn approver(role: &str) -> &'static str {
    match role {
        "DEPARTMENT_HEAD" => "gz_head",
        "BRANCH_MANAGER" => "gz_branch",
        _ => "gm",
    }
}

/// Approves the proposal's whole chain.
async fn approve_all(app: &TestApp, p: &Value) {
    let r = &p["approvalRequests"][0];
    for role in roles(r) {
        assert_eq!(decide(app, approver(&role), true, &r["id"], Some("同意")).await["userErrors"], json!([]));
    }
}

const PROPOSAL_ACTIONS: [&str; 9] = [
    "UPDATE_PROPOSAL",
    "SUBMIT_PROPOSAL",
    "APPROVE_STEP",
    "REJECT_STEP",
    "SEND_PROPOSAL",
    "RECORD_CUSTOMER_DECISION",
    "REVISE_PROPOSAL",
    "WITHDRAW_PROPOSAL",
    "CREATE_CONTRACT_FROM_PROPOSAL",
];

// Proposals: drafting, approval (the requester is not offered the approver's step, the head
// is), sending, the customer's decision (not after the validity ran out, even before the
// sweep expires it), revision, withdrawal, and the contract of an accepted one.
db_test!(a_proposals_offers_are_what_its_viewer_can_do, |app| {
    let start = sh("2026-11-23T10:00:00");
    app.clock.set(start);
    let g = group(&app, "gz_am1", "天河区政务服务中心", None).await;
    let g = g["id"].as_str().unwrap().to_string();
    let sms = product_id(&app, "GROUP_SMS").await;
    let lines = vec![line(&sms, 1, 12, None)];
    let reach = async |state: &'static str| -> Value {
        app.clock.set(start);
        let p = create_proposal(&app, "gz_am1", &g, None, lines.clone()).await;
        if matches!(state, "DRAFT") {
            return p;
        }
        if state == "WITHDRAWN" {
            let input = json!({ "id": p["id"], "expectedVersion": p["version"], "reason": "客户暂缓" });
            return ok(
                &app,
                "gz_am1",
                Op::mutation("withdrawProposal").input("ProposalReasonInput").returns("proposal", PROPOSAL),
                input,
            )
            .await;
        }
        let p = submit(&app, "gz_am1", &p).await;
        match state {
            "PENDING_APPROVAL" => return p,
            "DRAFT_SUBMITTED_BEFORE" => {
                let r = &p["approvalRequests"][0]["id"];
                assert_eq!(decide(&app, "gz_head", false, r, Some("价格再议")).await["userErrors"], json!([]));
                return proposal(&app, "gz_am1", &p["id"]).await;
            }
            _ => {}
        }
        approve_all(&app, &p).await;
        let p = proposal(&app, "gz_am1", &p["id"]).await;
        if state == "APPROVED" {
            return p;
        }
        let p = act(&app, "gz_am1", "sendProposal", &p).await["proposal"].clone();
        let decision =
            |d: &str| json!({ "id": p["id"], "expectedVersion": p["version"], "decision": d, "reason": "已比价" });
        let record =
            Op::mutation("recordCustomerDecision").input("RecordCustomerDecisionInput").returns("proposal", PROPOSAL);
        match state {
            "SENT" => p,
            "SENT_PAST_VALIDITY" => {
                app.clock.set(start + chrono::Duration::days(100));
                p
            }
            "ACCEPTED" => ok(&app, "gz_am1", record, decision("ACCEPTED")).await,
            "REJECTED" => ok(&app, "gz_am1", record, decision("REJECTED")).await,
            other => panic!("no proposal state {other}"),
        }
    };
    let act = async |who: &str, action: &str, p: &Value| -> Option<Result<(), String>> {
        let v = versioned(p, json!({}));
        let with = |k: &str, x: Value| versioned(p, json!({ k: x }));
        Some(match action {
            "UPDATE_PROPOSAL" => {
                attempt(&app, who, "updateProposal", "UpdateProposalInput", with("content", content(lines.clone())))
                    .await
            }
            "SUBMIT_PROPOSAL" => attempt(&app, who, "submitProposal", "VersionedIdInput", v).await,
            "APPROVE_STEP" | "REJECT_STEP" => {
                let request = request_of(&app, p).await?;
                let m = if action == "APPROVE_STEP" { "approveStep" } else { "rejectStep" };
                attempt(&app, who, m, "DecideStepInput", json!({ "requestId": request, "comment": "意见" })).await
            }
            "SEND_PROPOSAL" => attempt(&app, who, "sendProposal", "VersionedIdInput", v).await,
            "RECORD_CUSTOMER_DECISION" => {
                let input = with("decision", json!("ACCEPTED"));
                attempt(&app, who, "recordCustomerDecision", "RecordCustomerDecisionInput", input).await
            }
            "REVISE_PROPOSAL" => {
                attempt(&app, who, "reviseProposal", "ProposalReasonInput", with("reason", json!("客户要求调整"))).await
            }
            "WITHDRAW_PROPOSAL" => {
                attempt(&app, who, "withdrawProposal", "ProposalReasonInput", with("reason", json!("客户暂缓"))).await
            }
            "CREATE_CONTRACT_FROM_PROPOSAL" => {
                let input = json!({ "proposalId": p["id"] });
                attempt(&app, who, "createContractFromProposal", "CreateContractInput", input).await
            }
            other => panic!("no proposal action {other}"),
        })
    };
    let states = [
        "DRAFT",
        "DRAFT_SUBMITTED_BEFORE",
        "PENDING_APPROVAL",
        "APPROVED",
        "SENT",
        "ACCEPTED",
        "REJECTED",
        "WITHDRAWN",
    ];
    let seen = matrix(&app, "Proposal", &PROPOSAL_ACTIONS, &states, &reach, &act).await;
    // What the issue was about, cell by cell.
    assert_eq!(
        seen.cell("PENDING_APPROVAL", "gz_am1"),
        ["REVISE_PROPOSAL", "WITHDRAW_PROPOSAL"],
        "no approving one's own"
    );
    assert_eq!(
        seen.cell("PENDING_APPROVAL", "gz_head"),
        ["APPROVE_STEP", "REJECT_STEP", "REVISE_PROPOSAL", "WITHDRAW_PROPOSAL"]
    );
    assert_eq!(seen.cell("SENT", "gz_installer"), Vec::<String>::new());
    assert_eq!(seen.cell("SENT", "gz_am2"), Vec::<String>::new(), "another manager's proposal");
    // Past its validity the customer's decision is no longer offered, even before the sweep
    // has expired the proposal; trying it expires it there and then.
    let late = reach("SENT_PAST_VALIDITY").await;
    assert_eq!(offers(&app, "gz_am1", "Proposal", &late["id"]).await.0, ["REVISE_PROPOSAL", "WITHDRAW_PROPOSAL"]);
    assert_eq!(act("gz_am1", "RECORD_CUSTOMER_DECISION", &late).await, Some(Err("INVALID_TRANSITION".into())));
    assert_eq!(stamp(&app, "Proposal", &late["id"]).await["status"], "EXPIRED");
    assert_eq!(seen.cell("ACCEPTED", "gz_am1"), ["CREATE_CONTRACT_FROM_PROPOSAL"]);
    assert!(seen.blocked.contains(&("SUBMIT_PROPOSAL".into(), "PRECONDITION_FAILED".into())), "{:?}", seen.blocked);
});

const CONTRACT_ACTIONS: [&str; 10] = [
    "SUBMIT_CONTRACT_FOR_REVIEW",
    "REVIEW_CONTRACT",
    "SEND_CONTRACT",
    "SIGN_CONTRACT",
    "RECORD_CONTRACT_DOCUMENT",
    "RECORD_IP_APPLICATION",
    "RECORD_PAYMENT",
    "ACTIVATE_CONTRACT",
    "TERMINATE_CONTRACT",
    "CREATE_INSTALLATION_JOB",
];

/// The signed contract with its paper documents and payment: ready to activate.
async fn complete_contract(app: &TestApp, c: Value) -> Value {
    let c = paper_documents(app, c).await;
    pay_due(app, &c, "PZ-1").await
}

/// An active contract of a new accepted proposal on group `g`.
async fn active_contract(app: &TestApp, g: &str, lines: Vec<Value>) -> Value {
    let c = complete_contract(app, signed_contract(app, g, lines).await).await;
    let c = contract_act(app, "gz_am1", "activateContract", &c).await;
    assert_eq!(c["userErrors"], json!([]), "{c:#}");
    c["contract"].clone()
}

// Contracts: review by the head only (not the manager who submitted it), sending, signing,
// the checklist, activation blocked until the documents and payment are in (with what is
// missing), termination, and installation jobs of an active one.
db_test!(a_contracts_offers_are_what_its_viewer_can_do, |app| {
    app.clock.set(sh("2026-11-23T10:00:00"));
    let g = group(&app, "gz_am1", "天河区审计局", None).await;
    let g = g["id"].as_str().unwrap().to_string();
    let sms = product_id(&app, "GROUP_SMS").await;
    let lines = vec![line(&sms, 2, 12, None)];
    let reach = async |state: &'static str| -> Value {
        if matches!(state, "SIGNED" | "SIGNED_COMPLETE" | "ACTIVE" | "TERMINATED") {
            let c = signed_contract(&app, &g, lines.clone()).await;
            return match state {
                "SIGNED" => c,
                "SIGNED_COMPLETE" => complete_contract(&app, c).await,
                "ACTIVE" => {
                    let c = complete_contract(&app, c).await;
                    contract_act(&app, "gz_am1", "activateContract", &c).await["contract"].clone()
                }
                _ => {
                    let end =
                        Op::mutation("terminateContract").input("TerminateContractInput").returns("contract", CONTRACT);
                    ok(
                        &app,
                        "gz_am1",
                        end,
                        json!({ "id": c["id"], "expectedVersion": c["version"], "reason": "客户搬迁" }),
                    )
                    .await
                }
            };
        }
        let p = accepted_proposal(&app, &g, lines.clone()).await;
        if state == "SENT" {
            return sent_contract(&app, &p).await;
        }
        let c = draft_contract(&app, &p).await;
        if state == "DRAFT" {
            return c;
        }
        let c = contract_act(&app, "gz_am1", "submitContractForReview", &c).await["contract"].clone();
        if state == "UNDER_REVIEW" {
            return c;
        }
        assert_eq!(state, "REVIEWED");
        let review = Op::mutation("reviewContract").input("ReviewContractInput").returns("contract", CONTRACT);
        ok(&app, "gz_head", review, json!({ "id": c["id"], "expectedVersion": c["version"], "approve": true })).await
    };
    let act = async |who: &str, action: &str, c: &Value| -> Option<Result<(), String>> {
        let v = versioned(c, json!({}));
        let with = |extra: Value| versioned(c, extra);
        let form = json!({ "applicant": "天河区审计局", "customerAddress": "天河路 1 号", "contact": "李科长", "contactPhone": "020-87654321", "mailingAddress": "天河路 1 号", "lineRateMbps": 100, "ipCount": 8 });
        Some(match action {
            "SUBMIT_CONTRACT_FOR_REVIEW" => attempt(&app, who, "submitContractForReview", "VersionedIdInput", v).await,
            "REVIEW_CONTRACT" => {
                attempt(&app, who, "reviewContract", "ReviewContractInput", with(json!({ "approve": true }))).await
            }
            "SEND_CONTRACT" => attempt(&app, who, "sendContract", "VersionedIdInput", v).await,
            "SIGN_CONTRACT" => {
                let input = with(json!({ "customerSigner": "陈科长", "termStart": "2026-12-01" }));
                attempt(&app, who, "signContract", "SignContractInput", input).await
            }
            "RECORD_CONTRACT_DOCUMENT" => {
                let input = with(json!({ "kind": "SIGNED_COPIES", "received": true }));
                attempt(&app, who, "recordContractDocument", "RecordContractDocumentInput", input).await
            }
            "RECORD_IP_APPLICATION" => {
                attempt(&app, who, "recordIpApplication", "RecordIpApplicationInput", with(json!({ "form": form })))
                    .await
            }
            "RECORD_PAYMENT" => {
                let input = with(
                    json!({ "amount": "100.00", "paidOn": "2026-11-23", "voucherNo": "PZ-2", "shortPaymentReason": "余款随首张账单收取" }),
                );
                attempt(&app, who, "recordPayment", "RecordPaymentInput", input).await
            }
            "ACTIVATE_CONTRACT" => attempt(&app, who, "activateContract", "VersionedIdInput", v).await,
            "TERMINATE_CONTRACT" => {
                attempt(&app, who, "terminateContract", "TerminateContractInput", with(json!({ "reason": "客户搬迁" })))
                    .await
            }
            "CREATE_INSTALLATION_JOB" => {
                let input = json!({ "contractId": c["id"], "siteAddress": "天河路 1 号", "sitePhone": "13812345678", "lines": [{ "position": 1, "quantity": 1 }] });
                attempt(&app, who, "createInstallationJob", "CreateJobInput", input).await
            }
            other => panic!("no contract action {other}"),
        })
    };
    let states = ["DRAFT", "UNDER_REVIEW", "REVIEWED", "SENT", "SIGNED", "SIGNED_COMPLETE", "ACTIVE", "TERMINATED"];
    let seen = matrix(&app, "Contract", &CONTRACT_ACTIONS, &states, reach, act).await;
    let paper = ["RECORD_CONTRACT_DOCUMENT", "RECORD_IP_APPLICATION"];
    assert_eq!(seen.cell("UNDER_REVIEW", "gz_am1"), paper, "the manager who submitted it does not review it");
    assert_eq!(seen.cell("UNDER_REVIEW", "gz_head"), ["REVIEW_CONTRACT", paper[0], paper[1]]);
    assert_eq!(seen.cell("UNDER_REVIEW", "gm"), paper, "the review is the department head's step");
    assert_eq!(seen.cell("ACTIVE", "gz_installer"), Vec::<String>::new());
    assert!(!seen.cell("SIGNED", "gz_am1").contains(&"ACTIVATE_CONTRACT".to_string()));
    assert!(seen.cell("SIGNED_COMPLETE", "gz_am1").contains(&"ACTIVATE_CONTRACT".to_string()));
    assert!(seen.blocked.contains(&("ACTIVATE_CONTRACT".into(), "PRECONDITION_FAILED".into())), "{:?}", seen.blocked);
});

const JOB_ACTIONS: [&str; 10] = [
    "ASSIGN_JOB_LEAD",
    "SELECT_JOB_NUMBER",
    "ACCEPT_JOB",
    "SCHEDULE_JOB",
    "POSTPONE_JOB",
    "START_JOB",
    "COMPLETE_JOB",
    "CONFIRM_JOB",
    "CANCEL_JOB",
    "REPORT_FAULT",
];

const FAULT_ACTIONS: [&str; 3] = ["ACKNOWLEDGE_FAULT", "RESOLVE_FAULT", "CONFIRM_FAULT_RESOLUTION"];

// Installation jobs and their fault tickets: the account side assigns, chooses the number,
// confirms and cancels; the job's lead accepts, schedules, starts and completes; either
// postpones and reports faults. Accepting needs an active contract, starting a cleared
// number; engineering reports contact and the fix, the account side confirms it.
db_test!(a_jobs_offers_are_what_its_viewer_can_do, |app| {
    app.clock.set(sh("2026-11-23T10:00:00"));
    let g = group(&app, "gz_am1", "黄埔区开发区管委会", None).await;
    let g = g["id"].as_str().unwrap().to_string();
    let sms = product_id(&app, "GROUP_SMS").await;
    let lines = vec![line(&sms, 100, 12, None)];
    let contract = active_contract(&app, &g, lines.clone()).await;
    let installer = user_id(&app, "gz_installer");
    let new_job = async |contract: &Value| -> Value {
        let input = json!({ "contractId": contract["id"], "siteAddress": "开发大道 8 号", "sitePhone": "13812345678", "lines": [{ "position": 1, "quantity": 1 }] });
        ok(&app, "gz_am1", Op::mutation("createInstallationJob").input("CreateJobInput").returns("job", JOB), input)
            .await
    };
    // Jobs whose contract ended before they were accepted, made while it was active: one for
    // each action the five account-side viewers are offered there, and one to look at.
    let ended = active_contract(&app, &g, lines.clone()).await;
    let mut orphans = Vec::new();
    for _ in 0..16 {
        let j = new_job(&ended).await;
        let lead = versioned(&j, json!({ "leadId": installer }));
        orphans.push(
            ok(&app, "gz_am1", Op::mutation("assignJobLead").input("AssignJobLeadInput").returns("job", JOB), lead)
                .await,
        );
    }
    let ended = app
        .data(
            Some("gz_am1"),
            &format!("query($id: ID!) {{ node(id: $id) {{ ... on Contract {{ {CONTRACT} }} }} }}"),
            json!({ "id": ended["id"] }),
        )
        .await["node"]
        .clone();
    let end = Op::mutation("terminateContract").input("TerminateContractInput").returns("contract", "status");
    ok(&app, "gz_am1", end, versioned(&ended, json!({ "reason": "客户搬迁" }))).await;
    let orphans = Mutex::new(orphans);

    let step = async |who: &str, mutation: &'static str, input_type: &'static str, j: &Value, extra: Value| -> Value {
        ok(&app, who, Op::mutation(mutation).input(input_type).returns("job", JOB), versioned(j, extra)).await
    };
    let reach_job = async |state: &'static str| -> Value {
        if state == "CREATED_CONTRACT_ENDED" {
            return orphans.lock().unwrap().pop().expect("enough jobs of the ended contract");
        }
        let j = new_job(&contract).await;
        if state == "CREATED" {
            return j;
        }
        if state == "CANCELLED" {
            return step("gz_am1", "cancelJob", "CancelJobInput", &j, json!({ "reason": "客户取消" })).await;
        }
        let j = if state == "NUMBER_PENDING" {
            let pick = json!({ "number": "020-8765 8888", "justification": "客户指定吉祥号" });
            step("gz_am1", "selectJobNumber", "SelectJobNumberInput", &j, pick).await
        } else {
            j
        };
        let j = step("gz_am1", "assignJobLead", "AssignJobLeadInput", &j, json!({ "leadId": installer })).await;
        if state == "CREATED_WITH_LEAD" {
            return j;
        }
        let j = step("gz_installer", "acceptJob", "VersionedIdInput", &j, json!({})).await;
        if state == "ACCEPTED" {
            return j;
        }
        if state == "POSTPONED" {
            let why = json!({ "newDate": "2026-12-05", "reason": "客户装修" });
            return step("gz_installer", "postponeJob", "PostponeJobInput", &j, why).await;
        }
        let j =
            step("gz_installer", "scheduleJob", "ScheduleJobInput", &j, json!({ "scheduledOn": "2026-11-24" })).await;
        if matches!(state, "SCHEDULED" | "NUMBER_PENDING") {
            return j;
        }
        let j = step("gz_installer", "startJob", "VersionedIdInput", &j, json!({})).await;
        if state == "IN_PROGRESS" {
            return j;
        }
        let j = step("gz_installer", "completeJob", "VersionedIdInput", &j, json!({})).await;
        match state {
            "COMPLETED" => j,
            "CONFIRMED" => step("gz_am1", "confirmJob", "VersionedIdInput", &j, json!({})).await,
            other => panic!("no job state {other}"),
        }
    };
    let act_job = async |who: &str, action: &str, j: &Value| -> Option<Result<(), String>> {
        let v = versioned(j, json!({}));
        let with = |extra: Value| versioned(j, extra);
        Some(match action {
            "ASSIGN_JOB_LEAD" => {
                attempt(&app, who, "assignJobLead", "AssignJobLeadInput", with(json!({ "leadId": installer }))).await
            }
            "SELECT_JOB_NUMBER" => {
                attempt(&app, who, "selectJobNumber", "SelectJobNumberInput", with(json!({ "number": "3851627" })))
                    .await
            }
            "ACCEPT_JOB" => attempt(&app, who, "acceptJob", "VersionedIdInput", v).await,
            "SCHEDULE_JOB" => {
                attempt(&app, who, "scheduleJob", "ScheduleJobInput", with(json!({ "scheduledOn": "2026-11-25" })))
                    .await
            }
            "POSTPONE_JOB" => {
                let input = with(json!({ "newDate": "2026-12-06", "reason": "客户出差" }));
                attempt(&app, who, "postponeJob", "PostponeJobInput", input).await
            }
            "START_JOB" => attempt(&app, who, "startJob", "VersionedIdInput", v).await,
            "COMPLETE_JOB" => attempt(&app, who, "completeJob", "VersionedIdInput", v).await,
            "CONFIRM_JOB" => attempt(&app, who, "confirmJob", "VersionedIdInput", v).await,
            "CANCEL_JOB" => {
                attempt(&app, who, "cancelJob", "CancelJobInput", with(json!({ "reason": "客户取消" }))).await
            }
            "REPORT_FAULT" => {
                let input = json!({ "jobId": j["id"], "description": "专线中断" });
                attempt(&app, who, "reportFault", "ReportFaultInput", input).await
            }
            other => panic!("no job action {other}"),
        })
    };
    let states = [
        "CREATED",
        "CREATED_WITH_LEAD",
        "CREATED_CONTRACT_ENDED",
        "ACCEPTED",
        "SCHEDULED",
        "NUMBER_PENDING",
        "POSTPONED",
        "IN_PROGRESS",
        "COMPLETED",
        "CONFIRMED",
        "CANCELLED",
    ];
    let seen = matrix(&app, "InstallationJob", &JOB_ACTIONS, &states, &reach_job, act_job).await;
    let manager = ["ASSIGN_JOB_LEAD", "SELECT_JOB_NUMBER", "CANCEL_JOB"];
    assert_eq!(seen.cell("CREATED", "gz_am1"), manager);
    assert_eq!(seen.cell("CREATED_WITH_LEAD", "gz_installer"), ["ACCEPT_JOB"], "no cancelling or assigning");
    assert_eq!(seen.cell("CREATED_CONTRACT_ENDED", "gz_installer"), Vec::<String>::new());
    assert_eq!(seen.cell("SCHEDULED", "gz_installer"), ["POSTPONE_JOB", "START_JOB"]);
    assert_eq!(seen.cell("NUMBER_PENDING", "gz_installer"), ["POSTPONE_JOB"]);
    for blocked in ["ACCEPT_JOB", "START_JOB"] {
        assert!(seen.blocked.contains(&(blocked.into(), "PRECONDITION_FAILED".into())), "{:?}", seen.blocked);
    }

    // Fault tickets of a completed job.
    let reach_fault = async |state: &'static str| -> Value {
        let j = reach_job("COMPLETED").await;
        let report = Op::mutation("reportFault").input("ReportFaultInput").returns("fault", "id status version");
        let f = ok(&app, "gz_am1", report, json!({ "jobId": j["id"], "description": "专线中断" })).await;
        let fstep = async |who: &str, m: &'static str, f: &Value, extra: Value| -> Value {
            let op = Op::mutation(m).input("FaultStepInput").returns("fault", "id status version");
            ok(&app, who, op, versioned(f, extra)).await
        };
        match state {
            "OPEN" => f,
            "CONTACTED" => fstep("gz_installer", "acknowledgeFault", &f, json!({})).await,
            "RESOLVED" | "CLOSED" => {
                let f = fstep("gz_installer", "resolveFault", &f, json!({ "resolution": "更换光模块" })).await;
                if state == "RESOLVED" { f } else { fstep("gz_am1", "confirmFaultResolution", &f, json!({})).await }
            }
            other => panic!("no fault state {other}"),
        }
    };
    let act_fault = async |who: &str, action: &str, f: &Value| -> Option<Result<(), String>> {
        let m = match action {
            "ACKNOWLEDGE_FAULT" => "acknowledgeFault",
            "RESOLVE_FAULT" => "resolveFault",
            "CONFIRM_FAULT_RESOLUTION" => "confirmFaultResolution",
            other => panic!("no fault action {other}"),
        };
        Some(attempt(&app, who, m, "FaultStepInput", versioned(f, json!({ "resolution": "更换光模块" }))).await)
    };
    let seen = matrix(
        &app,
        "FaultTicket",
        &FAULT_ACTIONS,
        &["OPEN", "CONTACTED", "RESOLVED", "CLOSED"],
        reach_fault,
        act_fault,
    )
    .await;
    assert_eq!(seen.cell("OPEN", "gz_installer"), ["ACKNOWLEDGE_FAULT", "RESOLVE_FAULT"]);
    assert_eq!(seen.cell("OPEN", "gz_am1"), Vec::<String>::new(), "engineering's step");
    assert_eq!(seen.cell("RESOLVED", "gz_am1"), ["CONFIRM_FAULT_RESOLUTION"]);
    assert_eq!(seen.cell("RESOLVED", "gz_installer"), Vec::<String>::new());
});
