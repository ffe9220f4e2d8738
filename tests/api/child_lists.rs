//! Lists under a list (each group's visits, members and history; each stage's deals) are read
//! for all parents at once: the statements a request costs depend on its depth, not on how
//! many parents the outer page holds, and each parent's page is the one it has on its own.
use serde_json::{Value, json};

use crate::{
    archive::group,
    common::TestApp,
    db_test,
    flow::{create_proposal, line, product_id, submit},
    members::statements,
};

/// 6 levels deep: groups › nodes › visits › nodes › manager › displayName.
const VISITS: &str = "query($n: Int!) { groups(first: $n) { nodes { id visits(first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { id endedAt manager { displayName } } } } } }";
const ONE_VISITS: &str = "query($id: ID!) { group(id: $id) { id visits(first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { id endedAt manager { displayName } } } } }";
/// 5 levels deep: groups › nodes › members › nodes › name.
const MEMBERS: &str = "query($n: Int!) { groups(first: $n) { nodes { id members(first: 4, filter: {valueBand: HIGH}) { totalCount pageInfo { hasNextPage } nodes { id name arpu } } } } }";
const ONE_MEMBERS: &str = "query($id: ID!) { group(id: $id) { id members(first: 4, filter: {valueBand: HIGH}) { totalCount pageInfo { hasNextPage } nodes { id name arpu } } } }";
/// 5 levels deep: groups › nodes › auditEvents › nodes › action.
const HISTORY: &str =
    "query($n: Int!) { groups(first: $n) { nodes { id auditEvents(first: 2) { totalCount nodes { id action } } } } }";
const ONE_HISTORY: &str =
    "query($id: ID!) { group(id: $id) { id auditEvents(first: 2) { totalCount nodes { id action } } } }";
/// 4 levels deep: groups › nodes › revenueTrend › month (the trend costs two statements).
const REVENUE: &str =
    "query($n: Int!) { groups(first: $n) { nodes { id revenueTrend { month revenue payingMembers arpu } } } }";
const ONE_REVENUE: &str = "query($id: ID!) { group(id: $id) { id revenueTrend { month revenue payingMembers arpu } } }";
/// 7 levels deep: pipeline › stages › deals › nodes › group › name.
const BOARD: &str = "{ pipeline { stages { stage count deals(first: 2) { totalCount pageInfo { hasNextPage } nodes { id stage owner { displayName } group { name } } } } } }";

fn nodes(v: &Value) -> &Vec<Value> {
    v["nodes"].as_array().expect("a list of nodes")
}

/// Every group of the batched page holds exactly what it holds when asked for on its own.
async fn same_as_alone(app: &TestApp, many: &str, one: &str, field: &str) -> Vec<Value> {
    let page = app.data(Some("gm"), many, json!({ "n": 50 })).await;
    let groups = nodes(&page["groups"]).clone();
    assert_eq!(groups.len(), 50);
    for g in &groups {
        let alone = app.data(Some("gm"), one, json!({ "id": g["id"] })).await;
        assert_eq!(alone["group"][field], g[field], "group {} read alone", g["id"]);
    }
    groups.iter().map(|g| g[field].clone()).collect()
}

// The batching window is widened so that unoptimised test builds gather a whole page in it.
db_test!(
    child_lists_cost_the_same_statements_for_5_20_or_50_parents,
    config = |c: &mut gecrm::config::Config| c.loader_delay = std::time::Duration::from_millis(20),
    |app| {
        let plan = gecrm::scale::Plan { seed: 16, ..gecrm::scale::Plan::scale(60) };
        gecrm::scale::generate(&app.state.db, gecrm::clock::Clock::now(&app.clock), plan).await.expect("scale groups");

        for (query, depth) in [(VISITS, 6), (MEMBERS, 5), (HISTORY, 5), (REVENUE, 4)] {
            let mut cost = Vec::new();
            for n in [5, 20, 50] {
                cost.push(statements(&app, "gm", query, json!({ "n": n })).await);
            }
            // The bound holds whatever the number of parents (read one by one, 50 parents
            // would cost 50 statements and more). Under load a loader's batch can close
            // before every parent has joined it, so the count may vary below the bound.
            assert!(
                cost.iter().all(|&c| c <= depth + 1),
                "{query}: statements at 5/20/50 parents {cost:?}, depth {depth}"
            );
        }

        // Each group's page and total are its own, whichever engine form read them.
        let visits = same_as_alone(&app, VISITS, ONE_VISITS, "visits").await;
        assert!(visits.iter().any(|v| v["pageInfo"]["hasNextPage"] == true), "some groups have more than 3 visits");
        assert!(visits.iter().any(|v| nodes(v).len() < 3), "some have fewer");
        for v in &visits {
            let ended: Vec<&str> = nodes(v).iter().filter_map(|n| n["endedAt"].as_str()).collect();
            assert_eq!(v["pageInfo"]["hasNextPage"], v["totalCount"].as_u64().unwrap() > 3);
            assert!(ended.len() <= 3);
        }
        let members = same_as_alone(&app, MEMBERS, ONE_MEMBERS, "members").await;
        assert!(members.iter().any(|m| m["pageInfo"]["hasNextPage"] == true));
        for m in &members {
            assert!(nodes(m).iter().all(|n| n["arpu"].as_str().unwrap().parse::<f64>().unwrap() > 60.0));
        }
        same_as_alone(&app, HISTORY, ONE_HISTORY, "auditEvents").await;
        let trends = same_as_alone(&app, REVENUE, ONE_REVENUE, "revenueTrend").await;
        assert!(trends.iter().any(|t| t.as_array().unwrap().len() == 6), "groups with revenue show six months");

        // The next page of a nested list continues from its cursor.
        let busy = visits.iter().find(|v| v["pageInfo"]["hasNextPage"] == true).unwrap();
        let page = app.data(Some("gm"), VISITS, json!({ "n": 50 })).await;
        let g = nodes(&page["groups"]).iter().find(|g| g["visits"] == *busy).unwrap();
        let next = app
            .data(
                Some("gm"),
                "query($id: ID!, $a: String) { group(id: $id) { visits(first: 100, after: $a) { nodes { id } } } }",
                json!({ "id": g["id"], "a": busy["pageInfo"]["endCursor"] }),
            )
            .await;
        let rest = nodes(&next["group"]["visits"]);
        assert_eq!(rest.len() as u64 + 3, busy["totalCount"].as_u64().unwrap());
        assert!(rest.iter().all(|r| nodes(busy).iter().all(|n| n["id"] != r["id"])), "no overlap");

        // The board reads every stage's deals together; each stage holds its own deals.
        let g = group(&app, "gz_am1", "看板测试集团", None).await;
        let product = product_id(&app, "DEDICATED_LINE").await;
        for i in 0..4 {
            let p = create_proposal(&app, "gz_am1", g["id"].as_str().unwrap(), None, vec![line(&product, 1, 36, None)])
                .await;
            if i % 2 == 0 {
                submit(&app, "gz_am1", &p).await;
            }
        }
        let cost = statements(&app, "gm", BOARD, json!({})).await;
        assert!(cost <= 8, "{cost} statements for the board");
        let board = app.data(Some("gm"), BOARD, json!({})).await;
        let stages = board["pipeline"]["stages"].as_array().unwrap();
        assert!(stages.iter().filter(|s| s["count"].as_i64().unwrap() > 0).count() >= 2, "demo deals in 2+ stages");
        for s in stages {
            let deals = &s["deals"];
            assert_eq!(deals["totalCount"], s["count"]);
            assert_eq!(nodes(deals).len() as i64, s["count"].as_i64().unwrap().min(2));
            assert!(nodes(deals).iter().all(|d| d["stage"] == s["stage"]));
        }
    }
);
