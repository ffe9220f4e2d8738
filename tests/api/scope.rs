use serde_json::{Value, json};

use crate::{common::error_code, db_test};

const USERS: &str = "{ users(first: 100) { totalCount nodes { username } } }";

fn usernames(data: &Value) -> Vec<String> {
    let mut v: Vec<String> = data["users"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["username"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

db_test!(each_role_sees_its_own_scope_of_users, |app| {
    let am = app.data(Some("gz_am1"), USERS, json!({})).await;
    assert_eq!(usernames(&am), ["gz_am1"]);
    let head = app.data(Some("gz_head"), USERS, json!({})).await;
    assert_eq!(usernames(&head), ["gz_am1", "gz_am2", "gz_desk", "gz_head"], "department includes its grid and desk");
    let branch = app.data(Some("gz_branch"), USERS, json!({})).await;
    let mut gz: Vec<&str> = gecrm::seed::DEMO_USERS.iter().map(|u| u.0).filter(|u| u.starts_with("gz_")).collect();
    gz.sort();
    assert_eq!(usernames(&branch), gz, "the branch's departments, the desk and billing included");
    assert!(
        usernames(&branch).contains(&"gz_billing".to_string())
            && usernames(&branch).contains(&"gz_xx_head".to_string())
    );
    let sz = app.data(Some("sz_branch"), USERS, json!({})).await;
    assert_eq!(usernames(&sz), ["sz_am1", "sz_branch", "sz_head"]);
    for all in ["admin", "gm"] {
        let d = app.data(Some(all), USERS, json!({})).await;
        assert_eq!(d["users"]["totalCount"], gecrm::seed::DEMO_USERS.len(), "{all}");
    }
});

db_test!(an_invisible_object_is_indistinguishable_from_a_missing_one, |app| {
    let admin = app.data(Some("admin"), "{ users(filter: {search: \"sz_am1\"}) { nodes { id } } }", json!({})).await;
    let sz_id = admin["users"]["nodes"][0]["id"].clone();
    let missing = gecrm::graphql::relay::NodeKind::User.id(999_999).0;
    let q =
        "query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } list: nodes(ids: [$a, $b]) { id } }";
    let seen = app.exec(Some("gz_am1"), q, json!({ "a": sz_id, "b": missing })).await;
    assert!(seen.get("errors").is_none(), "{seen:#}");
    assert_eq!(seen["data"], json!({ "a": null, "b": null, "list": [null, null] }));
    // The same user is visible to the admin, and to their own branch.
    let ok = app.exec(Some("sz_branch"), q, json!({ "a": sz_id, "b": missing })).await;
    assert_eq!(ok["data"]["a"]["id"], sz_id);
});

db_test!(audit_trail_is_for_admins_only, |app| {
    assert_eq!(error_code(&app.exec(Some("gz_head"), "{ auditEvents { totalCount } }", json!({})).await), "FORBIDDEN");
    let admin =
        app.data(Some("admin"), "{ auditEvents(first: 1) { totalCount nodes { id action } } }", json!({})).await;
    let id = admin["auditEvents"]["nodes"][0]["id"].clone();
    assert_eq!(admin["auditEvents"]["nodes"][0]["action"], "seed.demo");
    let node = app.data(Some("gm"), "query($id: ID!) { node(id: $id) { id } }", json!({ "id": id })).await;
    assert_eq!(node["node"], Value::Null);
    let node = app
        .data(Some("admin"), "query($id: ID!) { node(id: $id) { ... on AuditEvent { action } } }", json!({ "id": id }))
        .await;
    assert_eq!(node["node"]["action"], "seed.demo");
});

db_test!(connections_page_forward_and_backward_by_keyset, |app| {
    let q = "query($f: Int, $a: String, $l: Int, $b: String) { users(first: $f, after: $a, last: $l, before: $b) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { username } } }";
    let users = gecrm::seed::DEMO_USERS.len();
    let p1 = app.data(Some("admin"), q, json!({ "f": 4 })).await;
    assert_eq!(p1["users"]["totalCount"], users);
    assert_eq!(p1["users"]["nodes"].as_array().unwrap().len(), 4);
    assert_eq!(p1["users"]["pageInfo"]["hasNextPage"], true);
    let p2 = app.data(Some("admin"), q, json!({ "f": 4, "a": p1["users"]["pageInfo"]["endCursor"] })).await;
    let p3 = app.data(Some("admin"), q, json!({ "f": 4, "a": p2["users"]["pageInfo"]["endCursor"] })).await;
    assert_eq!(p3["users"]["nodes"].as_array().unwrap().len(), 4);
    let mut all: Vec<Value> = Vec::new();
    for p in [&p1, &p2, &p3] {
        all.extend(p["users"]["nodes"].as_array().unwrap().iter().cloned());
    }
    // The rest, a page at a time, until the last says there is no next.
    let mut cursor = p3["users"]["pageInfo"]["endCursor"].clone();
    loop {
        let p = app.data(Some("admin"), q, json!({ "f": 4, "a": cursor })).await;
        let nodes = p["users"]["nodes"].as_array().unwrap();
        assert!(!nodes.is_empty() && nodes.len() <= 4);
        all.extend(nodes.iter().cloned());
        cursor = p["users"]["pageInfo"]["endCursor"].clone();
        if p["users"]["pageInfo"]["hasNextPage"] == false {
            break;
        }
    }
    assert_eq!(all.len(), users);
    all.dedup();
    assert_eq!(all.len(), users, "no overlap between pages");
    // Backward from the start of page 3 gives page 2.
    let back = app.data(Some("admin"), q, json!({ "l": 4, "b": p3["users"]["pageInfo"]["startCursor"] })).await;
    assert_eq!(back["users"]["nodes"], p2["users"]["nodes"]);
    assert_eq!(back["users"]["pageInfo"]["hasPreviousPage"], true);
    // Default page and hard maximum.
    let d = app.data(Some("admin"), "{ orgUnits { nodes { code } } }", json!({})).await;
    assert_eq!(d["orgUnits"]["nodes"].as_array().unwrap().len(), gecrm::seed::DEMO_ORG.len());
    let too_many = app.exec(Some("admin"), "{ users(first: 101) { totalCount } }", json!({})).await;
    assert_eq!(error_code(&too_many), "BAD_USER_INPUT");
});
