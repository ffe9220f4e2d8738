//! Competition reports: the manager files a competitor's move on a group, the head reviews it;
//! shown on the group's page and counted by month.
use serde_json::{Value, json};

use crate::{
    archive::group,
    common::error_code,
    db_test,
    flow::{Op, codes, mutate, ok},
};

const REPORT: &str = "id competitor offer affected countermeasures supportNeeded month status reviewComment reviewedBy { username } author { username } canReview version";
const FILE: Op = Op::mutation("fileCompetitionReport").input("FileCompetitionReportInput").returns("report", REPORT);
const REVIEW: Op =
    Op::mutation("reviewCompetitionReport").input("ReviewCompetitionReportInput").returns("report", REPORT);

db_test!(the_manager_files_a_competitor_analysis_and_the_head_reviews_it, |app| {
    let g = group(&app, "gz_am1", "广州市天河区科技园", None).await;
    let input = json!({ "groupId": g["id"], "competitor": "中国联通", "offer": "专线 8 折", "affected": "2 条专线", "countermeasures": "专线提速不加价", "supportNeeded": "需要总部提速资源" });
    assert_eq!(
        codes(
            &mutate(
                &app,
                "gz_am1",
                FILE,
                json!({ "groupId": g["id"], "competitor": " ", "offer": "x", "affected": "x", "countermeasures": "x" })
            )
            .await
        ),
        ["REQUIRED"]
    );
    let other = app
        .exec(
            Some("gz_am2"),
            "mutation($i: FileCompetitionReportInput!) { fileCompetitionReport(input: $i) { userErrors { code } } }",
            json!({ "i": input }),
        )
        .await;
    assert_eq!(error_code(&other), "NOT_FOUND", "not a colleague's group");
    let r = ok(&app, "gz_am1", FILE, input.clone()).await;
    assert_eq!(
        (r["status"].as_str(), r["author"]["username"].as_str(), r["canReview"].as_bool()),
        (Some("SUBMITTED"), Some("gz_am1"), Some(false))
    );
    // Only the head reviews, once.
    let review = json!({ "id": r["id"], "expectedVersion": r["version"], "comment": "同意提速方案，报分公司" });
    assert_eq!(codes(&mutate(&app, "gz_am1", REVIEW, review.clone()).await), ["NOT_PERMITTED"]);
    let seen = app
        .data(
            Some("gz_head"),
            "query($id: ID!) { node(id: $id) { ... on CompetitionReport { canReview } } }",
            json!({ "id": r["id"] }),
        )
        .await;
    assert_eq!(seen["node"]["canReview"], true);
    let done = ok(&app, "gz_head", REVIEW, review.clone()).await;
    assert_eq!((done["status"].as_str(), done["reviewedBy"]["username"].as_str()), (Some("REVIEWED"), Some("gz_head")));
    assert_eq!(done["reviewComment"], "同意提速方案，报分公司");
    let again = mutate(
        &app,
        "gz_head",
        REVIEW,
        json!({ "id": r["id"], "expectedVersion": done["version"], "comment": "再审" }),
    )
    .await;
    assert_eq!(codes(&again), ["INVALID_TRANSITION"]);
    // On the group's page, and counted in its month.
    let page = app
        .data(
            Some("gz_am1"),
            "query($id: ID!) { node(id: $id) { ... on CustomerGroup { competitionReports { competitor status } } } }",
            json!({ "id": g["id"] }),
        )
        .await;
    assert_eq!(page["node"]["competitionReports"], json!([{ "competitor": "中国联通", "status": "REVIEWED" }]));
    let month = r["month"].as_str().unwrap().to_string();
    let m = gecrm::fields::Month::parse("m", &month).unwrap();
    let q = "query($f: String!, $t: String!) { competitionReportsByMonth(fromMonth: $f, toMonth: $t) { month count } }";
    let counts = app.data(Some("gz_head"), q, json!({ "f": m.plus(-1).to_string(), "t": month })).await;
    assert_eq!(
        counts["competitionReportsByMonth"],
        json!([{ "month": m.plus(-1).to_string(), "count": 0 }, { "month": month, "count": 1 }])
    );
    for who in ["gz_am2", "sz_head", "gz_desk"] {
        let none = app.data(Some(who), "{ competitionReports { totalCount } }", json!({})).await;
        assert_eq!(none["competitionReports"]["totalCount"], 0, "{who}");
        let node = app.data(Some(who), "query($id: ID!) { node(id: $id) { id } }", json!({ "id": r["id"] })).await;
        assert_eq!(node["node"], Value::Null, "{who}");
    }
    let waiting =
        app.data(Some("gz_head"), "{ competitionReports(status: SUBMITTED) { totalCount } }", json!({})).await;
    assert_eq!(waiting["competitionReports"]["totalCount"], 0);
});
