//! Proposals: the approval matrix and its chains, approvers, rejections, re-approval, prices,
//! deadlines (rule 1), follow-ups (rule 4), and absurd input.
use serde_json::{Value, json};

use crate::{archive::group, common::error_code, db_test, flow::*};

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
    assert_eq!(codes(&act(&app, "gz_am1", "submitProposal", &p).await), ["PRECONDITION_FAILED"]);
    let p = ok(&app, "gz_am1", UPDATE_PROPOSAL, json!({ "id": p["id"], "expectedVersion": p["version"], "content": content(vec![line(&dl, 1, 12, Some("4"))]) }))
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
    let p = ok(&app, "gz_am1", REVISE_PROPOSAL, revise(&p)).await;
    assert_eq!(p["status"], "DRAFT");
    assert_eq!(p["versionNumber"], 2);
    assert_eq!(p["followUps"][0]["status"], "DONE");

    // Lowering the discount keeps the approval: only the head confirms the new version.
    let p = ok(&app, "gz_am1", UPDATE_PROPOSAL, json!({ "id": p["id"], "expectedVersion": p["version"], "content": content(vec![line(&dl, 1, 12, Some("8"))]) }))
        .await;
    let p = submit(&app, "gz_am1", &p).await;
    let kept = &p["approvalRequests"][1];
    assert_eq!(roles(kept), ["DEPARTMENT_HEAD"]);
    assert_eq!(kept["carriedFrom"]["id"], first);
    decide(&app, "gz_head", true, &kept["id"], None).await;
    let p = proposal(&app, "gz_am1", &p["id"]).await;
    assert_eq!(p["status"], "APPROVED");

    // Raising it voids the approval: the whole chain again.
    let p = ok(&app, "gz_am1", REVISE_PROPOSAL, revise(&p)).await;
    let p = ok(&app, "gz_am1", UPDATE_PROPOSAL, json!({ "id": p["id"], "expectedVersion": p["version"], "content": content(vec![line(&dl, 1, 12, Some("12"))]) }))
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
    let created = ok(&app, "admin", Op::mutation("createProduct").input("CreateProductInput").returns("product", "id code standardPrice"), json!({ "code": "odd_line", "fields": { "nameZh": "测试线路", "nameEn": "Odd line", "category": "DEDICATED_LINE", "billing": "MONTHLY", "params": { "bandwidthMbps": 30 } }, "unitPrice": "33.33" }))
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
    let bad = mutate(&app, "gz_am1", Op::mutation("createProposal").input("CreateProposalInput").returns("proposal", "id"), json!({ "groupId": gid, "content": content(vec![json!({ "productId": pid, "quantity": 0, "termMonths": 12, "discountAmount": "40" })]) }))
        .await;
    let fields: Vec<String> = bad["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect::<Vec<_>>().join("."))
        .collect();
    assert_eq!(fields, ["input.content.lines.0.quantity", "input.content.lines.0.discountAmount"]);

    // A new price from today: new proposals take it, the earlier one keeps 33.33.
    const SET_PRICE: Op = Op::mutation("setProductPrice")
        .input("SetProductPriceInput")
        .returns("product", "standardPrice priceHistory { unitPrice effectiveFrom }");
    let priced = mutate(
        &app,
        "admin",
        SET_PRICE,
        json!({ "productId": pid, "unitPrice": "40.00", "effectiveFrom": "2026-11-23" }),
    )
    .await;
    assert_eq!(codes(&priced), ["DUPLICATE"], "the first price already starts today");
    let priced =
        ok(&app, "admin", SET_PRICE, json!({ "productId": pid, "unitPrice": "40.00", "effectiveFrom": "2026-11-24" }))
            .await;
    assert_eq!(priced["standardPrice"], "33.33", "not in force before tomorrow");
    assert_eq!(
        codes(
            &mutate(
                &app,
                "admin",
                Op::mutation("setProductPrice").input("SetProductPriceInput").returns("product", "standardPrice"),
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
        Op::mutation("setCalendarDay").input("SetCalendarDayInput").returns("calendarDay", "day kind"),
        json!({ "day": "2026-11-30", "kind": "HOLIDAY", "name": "测试假日" }),
    )
    .await;
    let v = log_visit(&app, "gz_am1", gid, sh("2026-11-27T19:30:00"), &["GROUP_SMS"]).await;
    let p = create_proposal(&app, "gz_am1", gid, Some(&v), vec![]).await;
    assert_eq!(p["dueAt"], iso(sh("2026-12-01T11:00:00")));
    assert_eq!(p["isLate"], false);
    // Saving the visit already says when its proposal is due, so the manager knows at once.
    let log = "mutation($i: LogVisitInput!) { logVisit(input: $i) { proposalDueAt visit { id } userErrors { code } } }";
    let card = json!({ "method": "ONSITE", "purpose": "NEEDS", "startedAt": iso(sh("2026-11-27T18:45:00")), "endedAt": iso(sh("2026-11-27T19:45:00")), "needNotes": "需要专线" });
    let r = app.data(Some("gz_am1"), log, json!({ "i": { "groupId": gid, "card": card } })).await;
    assert_eq!(r["logVisit"]["proposalDueAt"], iso(sh("2026-12-01T11:00:00")), "{r:#}");
    let card = json!({ "method": "PHONE", "purpose": "CARE", "startedAt": iso(sh("2026-11-27T09:00:00")), "endedAt": iso(sh("2026-11-27T09:10:00")) });
    let r = app.data(Some("gz_am1"), log, json!({ "i": { "groupId": gid, "card": card } })).await;
    assert_eq!(r["logVisit"]["proposalDueAt"], Value::Null, "no needs, no deadline");
    // A visit without recorded needs sets no deadline.
    let card = json!({ "method": "PHONE", "purpose": "CARE", "startedAt": iso(sh("2026-11-27T10:00:00")), "endedAt": iso(sh("2026-11-27T10:10:00")) });
    let plain = ok(
        &app,
        "gz_am1",
        Op::mutation("logVisit").input("LogVisitInput").returns("visit", "id"),
        json!({ "groupId": gid, "card": card }),
    )
    .await;
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
        Op::mutation("completeTask").input("CompleteTaskInput").returns("task", "status"),
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
        Op::mutation("recordCustomerDecision").input("RecordCustomerDecisionInput").returns("proposal", "id"),
        json!({ "id": p["id"], "expectedVersion": p["version"], "decision": "ACCEPTED" }),
    )
    .await;
    assert_eq!(codes(&late), ["INVALID_TRANSITION"]);
    // The group no longer counts an open proposal.
    let open = app.data(Some("gz_am1"), "{ groups(filter: {hasOpenProposals: true}) { totalCount } }", json!({})).await;
    assert_eq!(open["groups"]["totalCount"], 0);
});

db_test!(an_absurd_total_is_a_user_error_not_a_server_error, |app| {
    let g = group(&app, "gz_am1", "增城区工业园", None).await;
    let dl = product_id(&app, "DL_1000M").await; // ¥22,000 a month
    let lines: Vec<Value> = (0..5).map(|_| line(&dl, 100_000, 120, None)).collect();
    let p = mutate(
        &app,
        "gz_am1",
        Op::mutation("createProposal").input("CreateProposalInput").returns("proposal", "id"),
        json!({ "groupId": g["id"], "content": content(lines) }),
    )
    .await;
    assert_eq!(codes(&p), ["INVALID"], "{p:#}");
    assert_eq!(app.count("proposal").await, 0);
});
