//! Project-stage summaries and the case library: written up from the deal's facts at each stage,
//! a deal with its contract in force published once as a case, and searched by colleagues
//! across the company who see the case but not the customer's file.
use serde_json::{Value, json};

use crate::{
    archive::group,
    common::{TestApp, error_code},
    db_test,
    flow::{
        CONTRACT, Op, accepted_proposal, codes, contract_act, last_audit, line, mutate, ok, paper_documents, pay_due,
        product_id, sent_contract, sh,
    },
};

const NOTE: Op =
    Op::mutation("addStageSummary").input("AddStageSummaryInput").returns("summary", "stage text author { username }");
const CASE: &str = "id title customerLabel industry products challenge solution result canEdit version author { username } group { id }";
const PUBLISH: Op = Op::mutation("publishWorkCase").input("PublishWorkCaseInput").returns("workCase", CASE);
const EDIT: Op = Op::mutation("editWorkCase").input("EditWorkCaseInput").returns("workCase", CASE);
const DEAL: &str = "query($id: ID!) { node(id: $id) { ... on Proposal { stage canPublishCase stageSummaries { stage text } workCase { id } } } }";
const SEARCH: &str = "query($s: String, $i: String) { workCases(search: $s, industry: $i) { totalCount nodes { id title group { id } } } }";

fn text(title: &str) -> Value {
    json!({ "title": title, "customerLabel": "某区财政局", "challenge": "各科室短信分散办理，费用高",
            "solution": "集团短信统一接入，一张账单", "result": "月费下降两成，客户很满意" })
}

async fn deal(app: &TestApp, id: &Value) -> Value {
    app.data(Some("gz_am1"), DEAL, json!({ "id": id })).await["node"].clone()
}

db_test!(a_deal_is_summarised_at_its_stages_and_published_once_as_a_searchable_case, |app| {
    app.clock.set(sh("2026-11-23T10:00:00"));
    let g = group(&app, "gz_am1", "黄埔区财政局", None).await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let p = accepted_proposal(&app, g["id"].as_str().unwrap(), vec![line(&sms, 2, 12, None)]).await;

    // A stage summary drafted from the deal's facts, kept at the deal's stage.
    let q = "query($id: ID!) { stageSummaryDraft(proposalId: $id) }";
    let draft =
        app.data(Some("gz_am1"), q, json!({ "id": p["id"] })).await["stageSummaryDraft"].as_str().unwrap().to_string();
    assert!(draft.contains("黄埔区财政局") && draft.contains("当前阶段：客户已接受"), "{draft}");
    assert!(draft.contains("集团短信") || draft.contains("短信"), "the products are named: {draft}");
    let en = app.exec_with(Some(app.viewer("gz_am1")), gecrm::state::Lang::En, q, json!({ "id": p["id"] })).await;
    assert!(en["data"]["stageSummaryDraft"].as_str().unwrap().contains("Stage: Accepted"), "{en:#}");
    let n =
        ok(&app, "gz_am1", NOTE, json!({ "proposalId": p["id"], "text": format!("{draft}客户已接受，下周签合同") }))
            .await;
    assert_eq!((n["stage"].as_str(), n["author"]["username"].as_str()), (Some("ACCEPTED"), Some("gz_am1")));
    assert_eq!(last_audit(&app, "Proposal").await.action, "proposal.stage_summary");
    // Not a case before its contract is in force.
    let d = deal(&app, &p["id"]).await;
    assert_eq!(d["canPublishCase"], false);
    assert_eq!(
        codes(&mutate(&app, "gz_am1", PUBLISH, json!({ "proposalId": p["id"], "case": text("早了") })).await),
        ["PRECONDITION_FAILED"]
    );

    let c = sent_contract(&app, &p).await;
    let sign = Op::mutation("signContract").input("SignContractInput").returns("contract", CONTRACT);
    let c = ok(&app, "gz_am1", sign, json!({ "id": c["id"], "expectedVersion": c["version"], "customerSigner": "陈科长", "termStart": "2026-12-01" })).await;
    let c = paper_documents(&app, c).await;
    let c = pay_due(&app, &c, "PZ-CASE-1").await;
    let c = contract_act(&app, "gz_am1", "activateContract", &c).await["contract"].clone();
    assert_eq!(c["status"], "ACTIVE");
    let n = ok(&app, "gz_am1", NOTE, json!({ "proposalId": p["id"], "text": "合同已生效，安排装机" })).await;
    assert_eq!(n["stage"], "ACTIVE");
    let d = deal(&app, &p["id"]).await;
    let stages: Vec<&str> =
        d["stageSummaries"].as_array().unwrap().iter().map(|s| s["stage"].as_str().unwrap()).collect();
    assert_eq!(stages, ["ACCEPTED", "ACTIVE"], "the summaries keep the stages they were written at");
    assert_eq!(d["canPublishCase"], true);

    // Another manager neither writes on the deal nor publishes it.
    let r = app
        .exec(
            Some("gz_am2"),
            "mutation($i: PublishWorkCaseInput!) { publishWorkCase(input: $i) { userErrors { code } } }",
            json!({ "i": { "proposalId": p["id"], "case": text("别人的") } }),
        )
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND");
    let case =
        ok(&app, "gz_am1", PUBLISH, json!({ "proposalId": p["id"], "case": text("区财政局集团短信统一接入") })).await;
    assert_eq!(
        (case["industry"].as_str().is_some(), case["products"].as_str().unwrap().contains("短信")),
        (true, true),
        "{case:#}"
    );
    assert_eq!(last_audit(&app, "WorkCase").await.action, "work_case.publish");
    assert_eq!(
        codes(&mutate(&app, "gz_am1", PUBLISH, json!({ "proposalId": p["id"], "case": text("再发一次") })).await),
        ["DUPLICATE"]
    );
    let d = deal(&app, &p["id"]).await;
    assert_eq!((d["canPublishCase"].as_bool(), &d["workCase"]["id"]), (Some(false), &case["id"]));

    // Colleagues across the company find it by its words; the customer's file stays theirs.
    for who in ["gz_am2", "sz_am1", "gz_installer"] {
        let found = app.data(Some(who), SEARCH, json!({ "s": "一张账单" })).await["workCases"].clone();
        let hit = found["nodes"].as_array().unwrap().iter().find(|n| n["id"] == case["id"]).cloned();
        let hit = hit.unwrap_or_else(|| panic!("{who} finds the case: {found:#}"));
        assert_eq!(hit["group"], Value::Null, "{who} does not open the customer's file");
    }
    let mine = app.data(Some("gz_am1"), SEARCH, json!({ "s": "财政局" })).await["workCases"]["nodes"].clone();
    assert!(mine.as_array().unwrap().iter().any(|n| n["id"] == case["id"] && n["group"]["id"] == g["id"]));
    let none =
        app.data(Some("gz_am2"), SEARCH, json!({ "s": "没有这种案例" })).await["workCases"]["totalCount"].clone();
    assert_eq!(none, 0);
    let by_industry =
        app.data(Some("gz_am2"), SEARCH, json!({ "i": case["industry"] })).await["workCases"]["nodes"].clone();
    assert!(by_industry.as_array().unwrap().iter().any(|n| n["id"] == case["id"]));

    // Only its author changes it, with the version seen.
    assert_eq!(
        codes(
            &mutate(
                &app,
                "gz_am2",
                EDIT,
                json!({ "id": case["id"], "expectedVersion": case["version"], "case": text("改") })
            )
            .await
        ),
        ["NOT_PERMITTED"]
    );
    let edited = ok(
        &app,
        "gz_am1",
        EDIT,
        json!({ "id": case["id"], "expectedVersion": case["version"], "case": text("区财政局：短信统一接入") }),
    )
    .await;
    assert_eq!((edited["title"].as_str(), edited["version"].as_i64()), (Some("区财政局：短信统一接入"), Some(2)));
    let stale = app
        .exec(
            Some("gz_am1"),
            "mutation($i: EditWorkCaseInput!) { editWorkCase(input: $i) { userErrors { code } } }",
            json!({ "i": { "id": case["id"], "expectedVersion": 1, "case": text("旧") } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
});
