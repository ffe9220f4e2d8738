use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::{common::error_code, db_test};

const CREATE_ORG: &str = "mutation($p: ID, $k: OrgKind!, $c: String!, $n: String!) { createOrgUnit(input: {parentId: $p, kind: $k, code: $c, name: $n}) { orgUnit { id code kind version branch { code } } userErrors { field code message } } }";
const CREATE_USER: &str = "mutation($u: String!, $r: Role!, $o: ID!) { createUser(input: {username: $u, displayName: \"新同事\", password: \"longenough1\", role: $r, orgUnitId: $o}) { user { id username role department { code } version } userErrors { field code } } }";

async fn org_id(app: &crate::common::TestApp, code: &str) -> Value {
    let d = app.data(Some("admin"), "{ orgUnits(first: 100) { nodes { id code } } }", json!({})).await;
    d["orgUnits"]["nodes"].as_array().unwrap().iter().find(|n| n["code"] == code).unwrap()["id"].clone()
}

db_test!(admin_builds_the_org_tree_and_adds_users_with_audit, |app| {
    let gz = org_id(&app, "gz").await;
    let audit_before = app.count("audit_event").await;
    let dept = app
        .data(Some("admin"), CREATE_ORG, json!({ "p": gz, "k": "DEPARTMENT", "c": "GZ-HY", "n": " 广州行业客户部 " }))
        .await;
    let dept = &dept["createOrgUnit"]["orgUnit"];
    assert_eq!(dept["code"], "gz-hy");
    assert_eq!(dept["branch"]["code"], "gz");
    let user =
        app.data(Some("admin"), CREATE_USER, json!({ "u": "gz_am3", "r": "ACCOUNT_MANAGER", "o": dept["id"] })).await;
    assert_eq!(user["createUser"]["user"]["department"]["code"], "gz-hy");
    assert_eq!(app.count("audit_event").await, audit_before + 2);
    let trail = app
        .data(Some("admin"), "query($id: ID!) { auditEvents(filter: {entityId: $id}) { nodes { action actor { username } before after requestId } } }", json!({ "id": user["createUser"]["user"]["id"] }))
        .await;
    let ev = &trail["auditEvents"]["nodes"][0];
    assert_eq!(ev["action"], "user.create");
    assert_eq!(ev["actor"]["username"], "admin");
    assert_eq!(ev["before"], Value::Null);
    assert_eq!(ev["after"]["username"], "gz_am3");
    assert!(ev["after"].get("passwordHash").is_none(), "no secrets in the audit trail");
    assert_eq!(ev["requestId"], "test-request");
    // The new user can sign in.
    let login = app
        .exec(
            None,
            "mutation { login(input: {username: \"gz_am3\", password: \"longenough1\"}) { userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(login["data"]["login"]["userErrors"], json!([]));
});

db_test!(only_admins_change_users_and_org_units, |app| {
    let gz = org_id(&app, "gz-jk").await;
    for who in ["gz_head", "gm", "gz_am1"] {
        let r = app.exec(Some(who), CREATE_USER, json!({ "u": "someone", "r": "ACCOUNT_MANAGER", "o": gz })).await;
        assert_eq!(error_code(&r), "FORBIDDEN", "{who}");
    }
    assert_eq!(app.count("app_user").await, gecrm::seed::DEMO_USERS.len() as i64);
});

db_test!(bad_input_comes_back_as_user_errors_and_changes_nothing, |app| {
    let gz_jk = org_id(&app, "gz-jk").await;
    let hq = org_id(&app, "hq").await;
    let audit_before = app.count("audit_event").await;
    let dup = app.data(Some("admin"), CREATE_USER, json!({ "u": "GZ_AM1", "r": "ACCOUNT_MANAGER", "o": gz_jk })).await;
    assert_eq!(dup["createUser"]["user"], Value::Null);
    assert_eq!(dup["createUser"]["userErrors"][0]["code"], "DUPLICATE");
    assert_eq!(dup["createUser"]["userErrors"][0]["field"], json!(["input", "username"]));
    let wrong_place =
        app.data(Some("admin"), CREATE_USER, json!({ "u": "newhead", "r": "DEPARTMENT_HEAD", "o": hq })).await;
    assert_eq!(wrong_place["createUser"]["userErrors"][0]["field"], json!(["input", "orgUnitId"]));
    let bad_id =
        app.data(Some("admin"), CREATE_USER, json!({ "u": "newam", "r": "ACCOUNT_MANAGER", "o": "nonsense" })).await;
    assert_eq!(bad_id["createUser"]["userErrors"][0]["code"], "NOT_FOUND");
    let dup_code =
        app.data(Some("admin"), CREATE_ORG, json!({ "p": hq, "k": "BRANCH", "c": "gz", "n": "又一个广州" })).await;
    assert_eq!(dup_code["createOrgUnit"]["userErrors"][0]["code"], "DUPLICATE");
    let wrong_parent =
        app.data(Some("admin"), CREATE_ORG, json!({ "p": hq, "k": "GRID", "c": "grid-x", "n": "网格" })).await;
    assert_eq!(wrong_parent["createOrgUnit"]["userErrors"][0]["field"], json!(["input", "parentId"]));
    let second_company =
        app.data(Some("admin"), CREATE_ORG, json!({ "k": "COMPANY", "c": "hq2", "n": "另一公司" })).await;
    assert_eq!(second_company["createOrgUnit"]["userErrors"][0]["code"], "DUPLICATE");
    let en = app
        .exec_with(
            Some(app.viewer("admin")),
            gecrm::state::Lang::En,
            CREATE_USER,
            json!({ "u": "x", "r": "ACCOUNT_MANAGER", "o": gz_jk }),
        )
        .await;
    assert!(en["data"]["createUser"]["userErrors"].is_array());
    assert_eq!(app.count("audit_event").await, audit_before);
    assert_eq!(app.count("app_user").await, gecrm::seed::DEMO_USERS.len() as i64);
    assert_eq!(app.count("org_unit").await, gecrm::seed::DEMO_ORG.len() as i64);
});

db_test!(a_change_whose_audit_row_fails_leaves_nothing_behind, |app| {
    // The audit row names an actor that does not exist: its foreign key fails after the
    // org node was inserted and updated, inside the same transaction.
    let hq = entity::org_unit::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.code == "hq")
        .unwrap();
    let ghost = gecrm::audit::Actor { user_id: Some(987_654), request_id: None };
    let new = gecrm::org::service::NewOrgUnit {
        parent_id: Some(hq.id),
        kind: gecrm::auth::OrgKind::Branch,
        code: "fs".into(),
        name: "佛山分公司".into(),
    };
    let audit_before = app.count("audit_event").await;
    assert!(gecrm::org::service::create(&app.state, &ghost, new).await.is_err());
    assert_eq!(app.count("org_unit WHERE code = 'fs'").await, 0);
    assert_eq!(app.count("audit_event").await, audit_before);
});

db_test!(a_stale_version_is_a_conflict_and_overwrites_nothing, |app| {
    let u =
        app.data(Some("admin"), "{ users(filter: {search: \"gz_am2\"}) { nodes { id version } } }", json!({})).await;
    let user = u["users"]["nodes"][0].clone();
    let m = "mutation($id: ID!, $v: Int!) { disableUser(input: {id: $id, expectedVersion: $v}) { user { active version } userErrors { code } } }";
    let first = app.data(Some("admin"), m, json!({ "id": user["id"], "v": user["version"] })).await;
    assert_eq!(first["disableUser"]["user"]["version"], 2);
    let enable =
        "mutation($id: ID!, $v: Int!) { enableUser(input: {id: $id, expectedVersion: $v}) { user { active } } }";
    let stale = app.exec(Some("admin"), enable, json!({ "id": user["id"], "v": user["version"] })).await;
    assert_eq!(error_code(&stale), "CONFLICT");
    let now = app
        .data(
            Some("admin"),
            "query($id: ID!) { node(id: $id) { ... on User { active version } } }",
            json!({ "id": user["id"] }),
        )
        .await;
    assert_eq!(now["node"], json!({ "active": false, "version": 2 }));
});

db_test!(org_units_with_active_members_cannot_be_disabled, |app| {
    let d = app.data(Some("admin"), "{ orgUnits(first: 100) { nodes { id code version } } }", json!({})).await;
    let nodes = d["orgUnits"]["nodes"].as_array().unwrap();
    let yx = nodes.iter().find(|n| n["code"] == "gz-yx").unwrap();
    let jk = nodes.iter().find(|n| n["code"] == "gz-jk").unwrap();
    let m = "mutation($id: ID!, $v: Int!) { disableOrgUnit(input: {id: $id, expectedVersion: $v}) { orgUnit { active } userErrors { code } } }";
    let busy = app.data(Some("admin"), m, json!({ "id": jk["id"], "v": jk["version"] })).await;
    assert_eq!(busy["disableOrgUnit"]["userErrors"][0]["code"], "PRECONDITION_FAILED");
    let empty = app.data(Some("admin"), m, json!({ "id": yx["id"], "v": yx["version"] })).await;
    assert_eq!(empty["disableOrgUnit"]["orgUnit"]["active"], false);
});

db_test!(an_admin_cannot_disable_themselves, |app| {
    let me = app.data(Some("admin"), "{ me { id version } }", json!({})).await;
    let m =
        "mutation($id: ID!, $v: Int!) { disableUser(input: {id: $id, expectedVersion: $v}) { userErrors { code } } }";
    let r = app.data(Some("admin"), m, json!({ "id": me["me"]["id"], "v": me["me"]["version"] })).await;
    assert_eq!(r["disableUser"]["userErrors"][0]["code"], "NOT_PERMITTED");
});
