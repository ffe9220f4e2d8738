//! Contracts and installation: contract numbers under concurrency, the fault clock, the end of a
//! contract.
use serde_json::json;

use crate::{archive::group, common::error_code, db_test, flow::*};

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
    let mut c = ok(&app, "gz_am1", Op::mutation("signContract").input("SignContractInput").returns("contract", CONTRACT), json!({ "id": c["id"], "expectedVersion": c["version"], "customerSigner": "陈科长", "termStart": "2026-12-01" }))
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
    // What is due first: a month of the recurring charges plus the one-off ones; less needs a reason.
    assert_eq!(c["amountDue"], c["monthlyTotal"], "no one-off charges on this contract");
    let pay = Op::mutation("recordPayment")
        .input("RecordPaymentInput")
        .returns("contract", "status amountDue paidAmount shortPaymentReason version");
    let short = json!({ "id": c["id"], "expectedVersion": c["version"], "amount": "1.00", "paidOn": "2026-11-23", "voucherNo": "PZ-1" });
    let refused = mutate(&app, "gz_am1", pay.clone(), short.clone()).await;
    assert_eq!(codes(&refused), ["REQUIRED"]);
    let message = refused["userErrors"][0]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("¥1.00") && message.contains(&format!("¥{}", c["amountDue"].as_str().unwrap())),
        "{message}"
    );
    let mut with_reason = short.clone();
    with_reason["shortPaymentReason"] = json!("  首期月费随首张账单收取  ");
    let paid = ok(&app, "gz_am1", pay.clone(), with_reason).await;
    assert_eq!(
        (paid["paidAmount"].as_str(), paid["shortPaymentReason"].as_str()),
        (Some("1.00"), Some("首期月费随首张账单收取"))
    );
    // Paying what is due (again, as corrected) needs no reason, and clears the old one.
    let full = json!({ "id": c["id"], "expectedVersion": paid["version"], "amount": c["amountDue"], "paidOn": "2026-11-23", "voucherNo": "PZ-1", "shortPaymentReason": "不再适用" });
    let paid = ok(&app, "gz_am1", pay, full).await;
    assert_eq!(paid["shortPaymentReason"], serde_json::Value::Null);
    c = app
        .data(
            Some("gz_am1"),
            &format!("query($id: ID!) {{ node(id: $id) {{ ... on Contract {{ {CONTRACT} }} }} }}"),
            json!({ "id": c["id"] }),
        )
        .await["node"]
        .clone();
    let c = contract_act(&app, "gz_am1", "activateContract", &c).await["contract"].clone();
    assert_eq!(c["status"], "ACTIVE");
    let j = ok(&app, "gz_am1", Op::mutation("createInstallationJob").input("CreateJobInput").returns("job", JOB), json!({ "contractId": c["id"], "siteAddress": "开发大道 8 号", "sitePhone": "13812345678", "lines": [{ "position": 1, "quantity": 2 }] }))
        .await;
    let j = assign_installer(&app, &j).await;
    // The lead sees only their jobs; the board lists it for them.
    let board = app.data(Some("gz_installer"), "{ installationJobs { nodes { id groupName } } }", json!({})).await;
    assert_eq!(board["installationJobs"]["nodes"][0]["groupName"], "黄埔区开发区管委会");
    assert_eq!(
        codes(
            &mutate(
                &app,
                "gz_am1",
                Op::mutation("reportFault").input("ReportFaultInput").returns("fault", "id"),
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
        Op::mutation("postponeJob").input("PostponeJobInput").returns("job", JOB),
        json!({ "id": j["id"], "expectedVersion": j["version"], "reason": "客户装修" }),
    )
    .await;
    assert_eq!(codes(&postponed), ["REQUIRED"], "a postponement needs the new date");
    let j = ok(
        &app,
        "gz_installer",
        Op::mutation("postponeJob").input("PostponeJobInput").returns("job", JOB),
        json!({ "id": j["id"], "expectedVersion": j["version"], "newDate": "2026-12-05", "reason": "客户装修" }),
    )
    .await;
    assert_eq!(j["status"], "POSTPONED");
    assert_eq!(j["scheduledOn"], "2026-12-05");
    let j = ok(
        &app,
        "gz_installer",
        Op::mutation("scheduleJob").input("ScheduleJobInput").returns("job", JOB),
        json!({ "id": j["id"], "expectedVersion": j["version"], "scheduledOn": "2026-12-05" }),
    )
    .await;
    let j = job_act(&app, "gz_installer", "startJob", &j).await["job"].clone();
    let j = job_act(&app, "gz_installer", "completeJob", &j).await["job"].clone();

    // A fault: engineering must be reached within 10 minutes.
    let f = ok(
        &app,
        "gz_am1",
        Op::mutation("reportFault")
            .input("ReportFaultInput")
            .returns("fault", "id status contactDueAt breached version"),
        json!({ "jobId": j["id"], "description": "专线中断" }),
    )
    .await;
    assert_eq!(f["contactDueAt"], iso(sh("2026-11-23T10:10:00")));
    assert_eq!(f["breached"], false);
    // The lead's workbench lists the jobs whose fault still waits for engineering.
    let waiting = |open: bool| {
        let app = &app;
        async move {
            let q = "query($o: Boolean) { installationJobs(filter: { openFault: $o }) { nodes { id } } }";
            app.data(Some("gz_installer"), q, json!({ "o": open })).await["installationJobs"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["id"].clone())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(waiting(true).await, [j["id"].clone()]);
    assert!(waiting(false).await.is_empty());
    app.clock.set(sh("2026-11-23T10:11:00"));
    let fq = "query($id: ID!) { node(id: $id) { ... on FaultTicket { breached status version } } }";
    assert_eq!(app.data(Some("gz_am1"), fq, json!({ "id": f["id"] })).await["node"]["breached"], true);
    let f = ok(
        &app,
        "gz_installer",
        Op::mutation("acknowledgeFault").input("FaultStepInput").returns("fault", "status breached version"),
        json!({ "id": f["id"], "expectedVersion": f["version"] }),
    )
    .await;
    assert_eq!(f["status"], "CONTACTED");
    assert_eq!(f["breached"], true, "reached after the clock ran out");
    assert!(waiting(true).await.is_empty(), "engineering reached: no longer waiting");
    assert_eq!(waiting(false).await, [j["id"].clone()]);
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
        Op::mutation("resolveFault").input("FaultStepInput").returns("fault", "status version"),
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
        Op::mutation("terminateContract").input("TerminateContractInput").returns("contract", "status"),
        json!({ "id": c["id"], "expectedVersion": c["version"], "reason": " " }),
    )
    .await;
    assert_eq!(codes(&t), ["REQUIRED"]);
    let t = ok(
        &app,
        "gz_am1",
        Op::mutation("terminateContract").input("TerminateContractInput").returns("contract", "status"),
        json!({ "id": c["id"], "expectedVersion": c["version"], "reason": "客户搬迁" }),
    )
    .await;
    assert_eq!(t["status"], "TERMINATED");
    assert_eq!(proposal(&app, "gz_am1", &p["id"]).await["stage"], "CLOSED");
});

// Rule 5 as the department head lives it: a contract submitted for review waits in their
// approvals (`CONTRACT_REVIEW`) like a discount does; approved there it is `REVIEWED` and may
// be sent, rejected it goes back to draft with the head's comment.
db_test!(a_contract_for_review_waits_in_the_heads_approvals_until_reviewed, |app| {
    let g = group(&app, "gz_am1", "天河区审计局", None).await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let p = accepted_proposal(&app, g["id"].as_str().unwrap(), vec![line(&sms, 1, 12, None)]).await;
    let c = draft_contract(&app, &p).await;
    let c = contract_act(&app, "gz_am1", "submitContractForReview", &c).await["contract"].clone();
    assert_eq!(c["status"], "UNDER_REVIEW");
    assert_eq!(
        c["allowedActions"],
        json!(["RECORD_CONTRACT_DOCUMENT", "RECORD_IP_APPLICATION"]),
        "not the submitter's to review"
    );

    let inbox =
        "{ myApprovals(box: WAITING) { nodes { id kind status contract { id status } steps { role status } } } }";
    let waiting = app.data(Some("gz_head"), inbox, json!({})).await["myApprovals"]["nodes"].clone();
    let request = waiting
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "CONTRACT_REVIEW")
        .unwrap_or_else(|| panic!("the review waits on the head: {waiting:#}"))
        .clone();
    assert_eq!(request["contract"]["id"], c["id"]);
    assert_eq!(request["steps"], json!([{ "role": "DEPARTMENT_HEAD", "status": "PENDING" }]));
    // Nobody else has it waiting, and the manager who submitted it cannot review it.
    for who in ["gz_am1", "gz_branch"] {
        let theirs = app.data(Some(who), inbox, json!({})).await["myApprovals"]["nodes"].clone();
        assert!(!theirs.as_array().unwrap().iter().any(|r| r["id"] == request["id"]), "{who}: {theirs:#}");
    }
    let review = Op::mutation("reviewContract").input("ReviewContractInput").returns("contract", CONTRACT);
    let own =
        mutate(&app, "gz_am1", review, json!({ "id": c["id"], "expectedVersion": c["version"], "approve": true }))
            .await;
    assert_eq!(codes(&own), ["NOT_PERMITTED"], "{own:#}");
    assert_eq!(
        codes(&contract_act(&app, "gz_am1", "sendContract", &c).await),
        ["INVALID_TRANSITION"],
        "not sent before review"
    );

    // Approved from the approvals inbox, the contract is reviewed and says so.
    assert_eq!(decide(&app, "gz_head", true, &request["id"], Some("条款无误")).await["userErrors"], json!([]));
    let reviewed = app
        .data(
            Some("gz_head"),
            "query($id: ID!) { node(id: $id) { ... on Contract { status version allowedActions reviewComment reviewedBy { username } } } }",
            json!({ "id": c["id"] }),
        )
        .await["node"]
        .clone();
    assert_eq!(reviewed["status"], "REVIEWED");
    assert_eq!(reviewed["reviewedBy"]["username"], "gz_head");
    assert_eq!(reviewed["reviewComment"], "条款无误");
    assert_eq!(
        reviewed["allowedActions"],
        json!(["SEND_CONTRACT", "RECORD_CONTRACT_DOCUMENT", "RECORD_IP_APPLICATION"])
    );
    let audit = last_audit(&app, "Contract").await;
    assert_eq!(audit.action, "contract.review_approve");
    assert_eq!(
        (&audit.before.unwrap()["status"], &audit.after.unwrap()["status"]),
        (&json!("UNDER_REVIEW"), &json!("REVIEWED"))
    );
    let waiting = app.data(Some("gz_head"), inbox, json!({})).await["myApprovals"]["nodes"].clone();
    assert!(!waiting.as_array().unwrap().iter().any(|r| r["id"] == request["id"]), "decided: {waiting:#}");
    let sent =
        contract_act(&app, "gz_am1", "sendContract", &json!({ "id": c["id"], "version": reviewed["version"] })).await;
    assert_eq!(sent["contract"]["status"], "SENT", "{sent:#}");

    // A second contract, rejected on its page: back to draft with the comment, which is required.
    let p2 = accepted_proposal(&app, g["id"].as_str().unwrap(), vec![line(&sms, 2, 12, None)]).await;
    let c2 = draft_contract(&app, &p2).await;
    let c2 = contract_act(&app, "gz_am1", "submitContractForReview", &c2).await["contract"].clone();
    let bare = json!({ "id": c2["id"], "expectedVersion": c2["version"], "approve": false });
    assert_eq!(codes(&mutate(&app, "gz_head", review, bare).await), ["REQUIRED"]);
    let back = ok(
        &app,
        "gz_head",
        review,
        json!({ "id": c2["id"], "expectedVersion": c2["version"], "approve": false, "comment": "缺少网络承诺书" }),
    )
    .await;
    assert_eq!(back["status"], "DRAFT");
    let requests = app
        .data(Some("gz_am1"), "{ myApprovals(box: RAISED) { nodes { kind status contract { id } } } }", json!({}))
        .await;
    let mine: Vec<_> = requests["myApprovals"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "CONTRACT_REVIEW")
        .map(|r| (r["contract"]["id"].clone(), r["status"].clone()))
        .collect();
    assert_eq!(mine, [(c2["id"].clone(), json!("REJECTED")), (c["id"].clone(), json!("APPROVED"))]);
});

// The upgrade that made the review a request keeps every contract where it was: one already
// reviewed becomes `REVIEWED`, one still waiting gets its pending request in the head's
// approvals (and rolling the upgrade back restores the old shape).
db_test!(contracts_under_review_keep_their_place_across_the_upgrade, |app| {
    use migration::{Migrator, MigratorTrait};
    let g = group(&app, "gz_am1", "天河区档案局", None).await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let mut contracts = Vec::new();
    for n in 1..=2 {
        let p = accepted_proposal(&app, g["id"].as_str().unwrap(), vec![line(&sms, n, 12, None)]).await;
        let c = draft_contract(&app, &p).await;
        contracts.push(contract_act(&app, "gz_am1", "submitContractForReview", &c).await["contract"].clone());
    }
    let review = Op::mutation("reviewContract").input("ReviewContractInput").returns("contract", CONTRACT);
    let c = &contracts[0];
    ok(&app, "gz_head", review, json!({ "id": c["id"], "expectedVersion": c["version"], "approve": true })).await;

    // Back to before the review's upgrade (and the ones after it).
    app.roll_back_to_before("m20261205_000007_contract_review").await;
    let status = |id: &serde_json::Value| {
        let q = "query($id: ID!) { node(id: $id) { ... on Contract { status } } }";
        let id = id.clone();
        let app = &app;
        async move { app.exec(Some("gz_head"), q, json!({ "id": id })).await }
    };
    // Rolled back, the old shape: both under review (the first with its review recorded).
    let raw = |sql: &str| sea_orm::Statement::from_string(app.state.db.get_database_backend(), sql.to_string());
    use sea_orm::ConnectionTrait;
    let rows =
        app.state.db.query_all_raw(raw("SELECT status FROM contract WHERE status = 'UNDER_REVIEW'")).await.unwrap();
    assert_eq!(rows.len(), 2);

    Migrator::up(&app.state.db, None).await.expect("upgrade");
    assert_eq!(status(&contracts[0]["id"]).await["data"]["node"]["status"], "REVIEWED");
    assert_eq!(status(&contracts[1]["id"]).await["data"]["node"]["status"], "UNDER_REVIEW");
    let inbox = "{ myApprovals(box: WAITING) { nodes { id kind contract { id } steps { role status } } } }";
    let waiting = app.data(Some("gz_head"), inbox, json!({})).await["myApprovals"]["nodes"].clone();
    let reviews: Vec<_> = waiting.as_array().unwrap().iter().filter(|r| r["kind"] == "CONTRACT_REVIEW").collect();
    assert_eq!(reviews.len(), 1, "{waiting:#}");
    assert_eq!(reviews[0]["contract"]["id"], contracts[1]["id"]);
    assert_eq!(reviews[0]["steps"], json!([{ "role": "DEPARTMENT_HEAD", "status": "PENDING" }]));
    // The request made by the upgrade is decided like any other.
    assert_eq!(decide(&app, "gz_head", true, &reviews[0]["id"], None).await["userErrors"], json!([]));
    assert_eq!(status(&contracts[1]["id"]).await["data"]["node"]["status"], "REVIEWED");
});
