//! The whole pipeline in one story: from a visit to the follow-up visit after installation.
use serde_json::{Value, json};

use crate::{archive::group, common::error_code, db_test, flow::*};

db_test!(the_whole_journey_from_visit_to_follow_up_visit, |app| {
    app.clock.set(sh("2026-11-23T10:00:00"));
    let g = group(&app, "gz_am1", "天河区政务服务中心", None).await;
    let gid = g["id"].as_str().unwrap();
    // The visit ended at 09:30 on a Monday with needs: the proposal is due at 18:00 that day.
    let visit = log_visit(&app, "gz_am1", gid, sh("2026-11-23T09:30:00"), &["DEDICATED_LINE", "GROUP_SMS"]).await;
    let p = ok(
        &app,
        "gz_am1",
        Op::mutation("createProposal").input("CreateProposalInput").returns("proposal", PROPOSAL),
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
        UPDATE_PROPOSAL,
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
        Op::mutation("recordCustomerDecision").input("RecordCustomerDecisionInput").returns("proposal", PROPOSAL),
        json!({ "id": p["id"], "expectedVersion": p["version"], "decision": "ACCEPTED" }),
    )
    .await;
    assert_eq!(p["status"], "ACCEPTED");
    assert_eq!(p["followUps"][0]["status"], "DONE", "the decision closes the follow-up");

    // Contract: frozen lines, head review, sending, signing issues the number.
    let c = draft_contract(&app, &p).await;
    assert_eq!(c["status"], "DRAFT");
    assert_eq!(c["number"], Value::Null);
    assert_eq!(c["value"], "154080.00");
    assert_eq!(c["lines"][0]["netUnitPrice"], "3780.00");
    let c = contract_act(&app, "gz_am1", "submitContractForReview", &c).await["contract"].clone();
    assert_eq!(
        codes(&contract_act(&app, "gz_am1", "sendContract", &c).await),
        ["INVALID_TRANSITION"],
        "not sent before review"
    );
    let c = ok(
        &app,
        "gz_head",
        Op::mutation("reviewContract").input("ReviewContractInput").returns("contract", CONTRACT),
        json!({ "id": c["id"], "expectedVersion": c["version"], "approve": true }),
    )
    .await;
    let c = contract_act(&app, "gz_am1", "sendContract", &c).await["contract"].clone();
    assert_eq!(c["status"], "SENT");
    let c = ok(&app, "gz_am1", Op::mutation("signContract").input("SignContractInput").returns("contract", CONTRACT), json!({ "id": c["id"], "expectedVersion": c["version"], "customerSigner": "王主任", "termStart": "2026-12-01" }))
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
    let early = mutate(
        &app,
        "gz_am1",
        Op::mutation("createInstallationJob").input("CreateJobInput").returns("job", JOB),
        job_input.clone(),
    )
    .await;
    assert_eq!(codes(&early), ["INVALID_TRANSITION"]);
    let refused = contract_act(&app, "gz_am1", "activateContract", &c).await;
    assert_eq!(codes(&refused), ["PRECONDITION_FAILED"]);
    let missing = refused["userErrors"][0]["message"].as_str().unwrap();
    assert!(missing.starts_with("缺少：") && missing.contains("缴费凭证"), "names what is missing: {missing}");
    assert!(refused["userErrors"][0]["message"].as_str().unwrap().contains("IP地址申请表"), "{refused:#}");
    let mut c = c;
    c = paper_documents(&app, c).await;
    let form = json!({ "applicant": "天河区政务服务中心", "customerAddress": "天河路 1 号", "contact": "李科长", "contactPhone": "020-87654321", "mailingAddress": "天河路 1 号", "lineRateMbps": 100, "ipCount": 8 });
    c = ok(
        &app,
        "gz_am1",
        Op::mutation("recordIpApplication").input("RecordIpApplicationInput").returns("contract", CONTRACT),
        json!({ "id": c["id"], "expectedVersion": c["version"], "form": form }),
    )
    .await;
    assert_eq!(c["checklistComplete"], false, "the payment voucher is still missing");
    c = ok(&app, "gz_am1", Op::mutation("recordPayment").input("RecordPaymentInput").returns("contract", CONTRACT), json!({ "id": c["id"], "expectedVersion": c["version"], "amount": "4280.00", "paidOn": "2026-11-23", "voucherNo": "PZ20261123001" }))
        .await;
    assert_eq!(c["checklistComplete"], true);
    let c = contract_act(&app, "gz_am1", "activateContract", &c).await["contract"].clone();
    assert_eq!(c["status"], "ACTIVE");

    // Installation: the lead moves the job, the manager confirms.
    let j = ok(
        &app,
        "gz_am1",
        Op::mutation("createInstallationJob").input("CreateJobInput").returns("job", JOB),
        job_input,
    )
    .await;
    assert_eq!(j["lines"][0]["line"]["product"]["code"], "DEDICATED_LINE");
    // Before assignment the installer does not see the job at all.
    let q = payload_query("acceptJob", "VersionedIdInput", "job", "id");
    let hidden =
        app.exec(Some("gz_installer"), &q, json!({ "i": { "id": j["id"], "expectedVersion": j["version"] } })).await;
    assert_eq!(error_code(&hidden), "NOT_FOUND");
    let j = assign_installer(&app, &j).await;
    assert_eq!(codes(&job_act(&app, "gz_am1", "acceptJob", &j).await), ["NOT_PERMITTED"], "only the lead accepts");
    let j = job_act(&app, "gz_installer", "acceptJob", &j).await["job"].clone();
    let j = ok(
        &app,
        "gz_installer",
        Op::mutation("scheduleJob").input("ScheduleJobInput").returns("job", JOB),
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
