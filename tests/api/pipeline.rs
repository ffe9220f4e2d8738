//! The pipeline board: stages of the demo deals, and a page of deals at a bounded cost.
use serde_json::json;

use crate::{archive::group, db_test, flow::*};

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
