use chrono::Duration;
use serde_json::{Value, json};

use crate::{
    common::{TestApp, error_code},
    db_test,
};

const LOGIN: &str = "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { session { accessToken user { username role } } userErrors { field code message } } }";
const REFRESH: &str = "mutation($t: String!) { refreshToken(input: {refreshToken: $t}) { session { accessToken refreshToken } userErrors { code } } }";

async fn login(app: &TestApp, u: &str, p: &str) -> Value {
    app.exec(None, LOGIN, json!({ "u": u, "p": p })).await
}

db_test!(login_succeeds_with_demo_password, |app| {
    let resp = login(&app, "GZ_AM1", "demo123456").await;
    let login = &resp["data"]["login"];
    assert_eq!(login["userErrors"], json!([]));
    assert_eq!(login["session"]["user"]["username"], "gz_am1");
    assert_eq!(login["session"]["user"]["role"], "ACCOUNT_MANAGER");
    assert_eq!(app.count("audit_event WHERE action = 'auth.login'").await, 1);
});

db_test!(wrong_password_and_unknown_user_look_the_same_and_only_the_password_reveals_a_disabled_account, |app| {
    // Disable gz_am2 first.
    let id =
        app.data(Some("admin"), "{ users(filter: {search: \"gz_am2\"}) { nodes { id version } } }", json!({})).await;
    let user = &id["users"]["nodes"][0];
    app.data(
        Some("admin"),
        "mutation($id: ID!, $v: Int!) { disableUser(input: {id: $id, expectedVersion: $v}) { userErrors { code } } }",
        json!({ "id": user["id"], "v": user["version"] }),
    )
    .await;
    let wrong = login(&app, "gz_am1", "not-the-password").await;
    let unknown = login(&app, "nobody_here", "demo123456").await;
    let disabled_wrong = login(&app, "gz_am2", "not-the-password").await;
    let disabled = login(&app, "gz_am2", "demo123456").await;
    for resp in [&wrong, &unknown, &disabled_wrong, &disabled] {
        assert_eq!(resp["data"]["login"]["session"], Value::Null);
    }
    assert_eq!(wrong["data"]["login"]["userErrors"], unknown["data"]["login"]["userErrors"]);
    assert_eq!(wrong["data"]["login"]["userErrors"], disabled_wrong["data"]["login"]["userErrors"]);
    assert_eq!(wrong["data"]["login"]["userErrors"][0]["code"], "INVALID_CREDENTIALS");
    // With the right password the user is told why, so they ask an administrator.
    assert_eq!(disabled["data"]["login"]["userErrors"][0]["code"], "ACCOUNT_DISABLED");
    assert_eq!(disabled["data"]["login"]["userErrors"][0]["message"], "账号已停用，请联系管理员");
});

db_test!(repeated_failures_for_one_username_are_rate_limited, |app| {
    for _ in 0..5 {
        let r = login(&app, "gz_head", "wrong-password").await;
        assert_eq!(r["data"]["login"]["userErrors"][0]["code"], "INVALID_CREDENTIALS");
    }
    // Even the right password is refused while the limit holds.
    let limited = login(&app, "gz_head", "demo123456").await;
    assert_eq!(error_code(&limited), "RATE_LIMITED");
    assert!(limited["errors"][0]["extensions"]["retryAfterSeconds"].as_u64().unwrap() > 0);
    // Other users are unaffected; after the window the user may try again.
    assert_eq!(login(&app, "gz_am1", "demo123456").await["data"]["login"]["userErrors"], json!([]));
    app.clock.advance(Duration::minutes(16));
    assert_eq!(login(&app, "gz_head", "demo123456").await["data"]["login"]["userErrors"], json!([]));
});

db_test!(
    attempts_from_one_address_are_rate_limited,
    config = |c: &mut gecrm::config::Config| c.login_max_attempts_per_ip = 3,
    |app| {
        for u in ["a1", "a2", "a3"] {
            assert!(login(&app, u, "x").await["data"]["login"]["userErrors"].is_array());
        }
        assert_eq!(error_code(&login(&app, "gz_am1", "demo123456").await), "RATE_LIMITED");
    }
);

db_test!(expired_access_token_is_unauthenticated, |app| {
    let (token, _) = app.login("gz_am1").await;
    let me = json!({ "query": "{ me { username } }" });
    let (_, _, ok) = app.post_graphql(Some(&token), None, me.clone()).await;
    assert_eq!(ok["data"]["me"]["username"], "gz_am1");
    app.clock.advance(Duration::minutes(15));
    let (status, _, expired) = app.post_graphql(Some(&token), None, me).await;
    assert_eq!(status, 200);
    assert_eq!(error_code(&expired), "UNAUTHENTICATED");
});

db_test!(tampered_or_foreign_tokens_are_unauthenticated, |app| {
    let (token, _) = app.login("gz_am1").await;
    let me = json!({ "query": "{ me { username } }" });
    let mut chars: Vec<char> = token.chars().collect();
    let last = chars.len() - 2;
    chars[last] = if chars[last] == 'A' { 'B' } else { 'A' };
    let tampered: String = chars.into_iter().collect();
    let foreign = gecrm::auth::tokens::JwtKeys::new("someone-elses-secret-0123456789abcdef", &[]).issue(
        &app.viewer("admin"),
        chrono::Utc::now(),
        std::time::Duration::from_secs(600),
    );
    for bad in [tampered.as_str(), foreign.as_str(), "not-a-jwt"] {
        let (_, _, resp) = app.post_graphql(Some(bad), None, me.clone()).await;
        assert_eq!(error_code(&resp), "UNAUTHENTICATED", "{bad}");
        assert_eq!(resp["data"], Value::Null);
    }
});

db_test!(refresh_rotates_the_token, |app| {
    let (_, refresh1) = app.login("gz_head").await;
    let r = app.exec(None, REFRESH, json!({ "t": refresh1 })).await;
    let refresh2 = r["data"]["refreshToken"]["session"]["refreshToken"].as_str().expect("rotated").to_string();
    assert_ne!(refresh1, refresh2);
    let access = r["data"]["refreshToken"]["session"]["accessToken"].as_str().unwrap();
    let (_, _, me) = app.post_graphql(Some(access), None, json!({ "query": "{ me { username } }" })).await;
    assert_eq!(me["data"]["me"]["username"], "gz_head");
    // The new token works once more.
    let r3 = app.exec(None, REFRESH, json!({ "t": refresh2 })).await;
    assert!(r3["data"]["refreshToken"]["session"].is_object(), "{r3:#}");
});

fn rotated(r: &Value) -> String {
    r["data"]["refreshToken"]["session"]["refreshToken"].as_str().unwrap_or_else(|| panic!("{r:#}")).to_string()
}

db_test!(reusing_a_rotated_refresh_token_revokes_the_family, |app| {
    let (_, refresh1) = app.login("gz_head").await;
    let refresh2 = rotated(&app.exec(None, REFRESH, json!({ "t": refresh1 })).await);
    // The legitimate owner goes on with the successor...
    let refresh3 = rotated(&app.exec(None, REFRESH, json!({ "t": refresh2 })).await);
    // ...so the stolen old token presented again is a theft, even at once...
    assert_eq!(error_code(&app.exec(None, REFRESH, json!({ "t": refresh1 })).await), "UNAUTHENTICATED");
    // ...which also ends the legitimate session.
    assert_eq!(error_code(&app.exec(None, REFRESH, json!({ "t": refresh3 })).await), "UNAUTHENTICATED");
    assert_eq!(app.count("audit_event WHERE action = 'auth.refresh_token_reused'").await, 1);
});

db_test!(a_used_refresh_token_presented_after_the_grace_period_revokes_the_family, |app| {
    let (_, refresh1) = app.login("gz_head").await;
    let refresh2 = rotated(&app.exec(None, REFRESH, json!({ "t": refresh1 })).await);
    app.clock.advance(Duration::seconds(31));
    assert_eq!(error_code(&app.exec(None, REFRESH, json!({ "t": refresh1 })).await), "UNAUTHENTICATED");
    assert_eq!(error_code(&app.exec(None, REFRESH, json!({ "t": refresh2 })).await), "UNAUTHENTICATED");
    assert_eq!(app.count("audit_event WHERE action = 'auth.refresh_token_reused'").await, 1);
});

// The browser left the page while its refresh was on the way: the server rotated the token but
// the answer never arrived, and the next page presents the old token again.
db_test!(a_refresh_whose_answer_was_lost_can_be_retried_at_once, |app| {
    let (_, refresh1) = app.login("gz_installer").await;
    let _lost = rotated(&app.exec(None, REFRESH, json!({ "t": refresh1 })).await);
    app.clock.advance(Duration::seconds(20));
    let retry = app.exec(None, REFRESH, json!({ "t": refresh1 })).await;
    let refresh3 = rotated(&retry);
    let access = retry["data"]["refreshToken"]["session"]["accessToken"].as_str().unwrap();
    let (_, _, me) = app.post_graphql(Some(access), None, json!({ "query": "{ me { username } }" })).await;
    assert_eq!(me["data"]["me"]["username"], "gz_installer");
    // The session goes on normally, and nothing was taken for a theft.
    assert!(app.exec(None, REFRESH, json!({ "t": refresh3 })).await["data"]["refreshToken"]["session"].is_object());
    assert_eq!(app.count("audit_event WHERE action = 'auth.refresh_token_reused'").await, 0);
});

db_test!(expired_refresh_token_is_refused, |app| {
    let (_, refresh) = app.login("gz_am1").await;
    app.clock.advance(Duration::days(15));
    assert_eq!(error_code(&app.exec(None, REFRESH, json!({ "t": refresh })).await), "UNAUTHENTICATED");
});

db_test!(logout_ends_the_session, |app| {
    let (_, refresh) = app.login("gz_am1").await;
    let out = app
        .data(None, "mutation($t: String!) { logout(input: {refreshToken: $t}) { success } }", json!({ "t": refresh }))
        .await;
    assert_eq!(out["logout"]["success"], true);
    assert_eq!(error_code(&app.exec(None, REFRESH, json!({ "t": refresh })).await), "UNAUTHENTICATED");
});

db_test!(disabling_a_user_ends_their_sessions, |app| {
    let (_, refresh) = app.login("gz_am1").await;
    let u =
        app.data(Some("admin"), "{ users(filter: {search: \"gz_am1\"}) { nodes { id version } } }", json!({})).await;
    let user = &u["users"]["nodes"][0];
    let d = app
        .data(
            Some("admin"),
            "mutation($id: ID!, $v: Int!) { disableUser(input: {id: $id, expectedVersion: $v}) { user { active version } userErrors { code } } }",
            json!({ "id": user["id"], "v": user["version"] }),
        )
        .await;
    assert_eq!(d["disableUser"]["user"]["active"], false);
    assert_eq!(error_code(&app.exec(None, REFRESH, json!({ "t": refresh })).await), "UNAUTHENTICATED");
});

db_test!(anonymous_requests_are_unauthenticated_except_login, |app| {
    for q in [
        "{ me { id } }",
        "{ users { totalCount } }",
        "{ orgUnits { totalCount } }",
        "{ node(id: \"VXNlcjox\") { id } }",
    ] {
        assert_eq!(error_code(&app.exec(None, q, json!({})).await), "UNAUTHENTICATED", "{q}");
    }
    let r = app.exec(None, "mutation { createUser(input: {username: \"x1\", displayName: \"x\", password: \"12345678\", role: ADMIN, orgUnitId: \"x\"}) { userErrors { code } } }", json!({})).await;
    assert_eq!(error_code(&r), "UNAUTHENTICATED");
    // Introspection works without signing in during development.
    let i = app.exec(None, "{ __schema { queryType { name } } }", json!({})).await;
    assert_eq!(i["data"]["__schema"]["queryType"]["name"], "Query");
});

db_test!(
    production_mode_hides_introspection,
    config = |c: &mut gecrm::config::Config| c.app_env = gecrm::config::AppEnv::Production,
    |app| {
        let r = app.exec(None, "{ __schema { queryType { name } } }", json!({})).await;
        assert!(r["data"]["__schema"].is_null() || r.get("errors").is_some(), "{r:#}");
    }
);
