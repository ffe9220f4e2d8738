use axum::body::Body;
use serde_json::{Value, json};

use crate::{common::error_code, db_test};

fn get(uri: &str, accept: &str) -> axum::http::Request<Body> {
    axum::http::Request::get(uri).header("accept", accept).body(Body::empty()).unwrap()
}

db_test!(response_type_follows_accept, |app| {
    let q = json!({ "query": "{ __typename }" });
    let (s, h, b) = app.post_graphql(None, Some("application/graphql-response+json"), q.clone()).await;
    assert_eq!((s.as_u16(), h["content-type"].to_str().unwrap()), (200, "application/graphql-response+json"));
    assert_eq!(b["data"]["__typename"], "Query");
    let (_, h, _) = app.post_graphql(None, Some("application/json"), q.clone()).await;
    assert_eq!(h["content-type"], "application/json");
    let (_, h, _) = app.post_graphql(None, None, q.clone()).await;
    assert_eq!(h["content-type"], "application/json", "no Accept means application/json");
    let (s, _, _) = app.post_graphql(None, Some("text/csv"), q).await;
    assert_eq!(s, 406);
});

db_test!(request_errors_are_400_only_for_graphql_response_json, |app| {
    for bad in ["{ me { ", "{ noSuchField }"] {
        let q = json!({ "query": bad });
        let (s, _, b) = app.post_graphql(None, Some("application/graphql-response+json"), q.clone()).await;
        assert_eq!(s, 400, "{bad}");
        assert_eq!(error_code(&b), "BAD_USER_INPUT");
        let (s, _, b) = app.post_graphql(None, Some("application/json"), q).await;
        assert_eq!(s, 200, "{bad}");
        assert_eq!(error_code(&b), "BAD_USER_INPUT");
    }
    // Execution errors are not request errors.
    let (s, _, b) =
        app.post_graphql(None, Some("application/graphql-response+json"), json!({ "query": "{ me { id } }" })).await;
    assert_eq!((s.as_u16(), error_code(&b)), (200, "UNAUTHENTICATED"));
    let (s, _, _) = app
        .http(
            axum::http::Request::post("/graphql")
                .header("content-type", "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(s, 400);
});

db_test!(queries_work_over_get_but_mutations_do_not, |app| {
    let (s, _, b) = app.http(get("/graphql?query=%7B__typename%7D", "application/json")).await;
    assert_eq!(s, 200);
    assert_eq!(serde_json::from_slice::<Value>(&b).unwrap()["data"]["__typename"], "Query");
    let m = "/graphql?query=mutation%7Blogout(input%3A%7BrefreshToken%3A%22x%22%7D)%7Bsuccess%7D%7D";
    let (s, h, _) = app.http(get(m, "application/json")).await;
    assert_eq!(s, 405);
    assert_eq!(h["allow"], "POST");
});

db_test!(over_deep_queries_and_alias_floods_are_too_complex, |app| {
    let (token, _) = app.login("admin").await;
    let mut deep = String::from("id");
    for _ in 0..13 {
        deep = format!("parent {{ {deep} }}");
    }
    let deep = format!("{{ orgUnits {{ nodes {{ {deep} }} }} }}");
    let (_, _, b) = app.post_graphql(Some(&token), None, json!({ "query": deep })).await;
    assert_eq!(error_code(&b), "TOO_COMPLEX");
    let aliases: String = (0..16).map(|i| format!("a{i}: __typename ")).collect();
    let (s, _, b) = app
        .post_graphql(
            Some(&token),
            Some("application/graphql-response+json"),
            json!({ "query": format!("{{ {aliases} }}") }),
        )
        .await;
    assert_eq!((s.as_u16(), error_code(&b)), (400, "TOO_COMPLEX"));
    let ok: String = (0..15).map(|i| format!("a{i}: __typename ")).collect();
    let (_, _, b) = app.post_graphql(Some(&token), None, json!({ "query": format!("{{ {ok} }}") })).await;
    assert_eq!(b["data"]["a14"], "Query");
});

db_test!(wide_selections_over_big_pages_exceed_the_complexity_budget, |app| {
    let org = "id code name kind active version createdAt updatedAt";
    let sel = format!(
        "id username displayName role active version lastLoginAt createdAt orgUnit {{ {org} parent {{ {org} }} branch {{ {org} }} }} branch {{ {org} }} department {{ {org} parent {{ {org} }} }}"
    );
    let q = |n: u32| format!("{{ users(first: {n}) {{ totalCount nodes {{ {sel} }} }} }}");
    let big = app.exec(Some("admin"), &q(100), json!({})).await;
    assert_eq!(error_code(&big), "TOO_COMPLEX");
    let small = app.exec(Some("admin"), &q(10), json!({})).await;
    assert!(small.get("errors").is_none(), "{small:#}");
    assert_eq!(small["data"]["users"]["nodes"].as_array().unwrap().len(), 10);
});

db_test!(batches_are_capped, |app| {
    let one = json!({ "query": "{ __typename }" });
    let (s, _, b) = app.post_graphql(None, None, Value::Array(vec![one.clone(); 3])).await;
    assert_eq!(s, 200);
    assert_eq!(b.as_array().unwrap().len(), 3);
    let (s, _, b) = app.post_graphql(None, None, Value::Array(vec![one; 11])).await;
    assert_eq!((s.as_u16(), error_code(&b)), (400, "TOO_COMPLEX"));
});

db_test!(oversized_bodies_are_refused, |app| {
    let big = format!("{{ __typename }} # {}", "x".repeat(3 * 1024 * 1024));
    let (s, _, _) = app.post_graphql(None, None, json!({ "query": big })).await;
    assert_eq!(s, 413);
});

db_test!(health_readiness_and_metrics, |app| {
    assert_eq!(app.http(get("/healthz", "*/*")).await.0, 200);
    // Ready once the database answers and (on PostgreSQL) the process hears the others.
    let mut ready = app.http(get("/readyz", "*/*")).await.0;
    for _ in 0..100 {
        if ready == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        ready = app.http(get("/readyz", "*/*")).await.0;
    }
    assert_eq!(ready, 200);
    app.post_graphql(None, None, json!({ "query": "query Ping { __typename }", "operationName": "Ping" })).await;
    let (s, _, body) = app.http(get("/metrics", "text/plain")).await;
    assert_eq!(s, 200);
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains("graphql_requests_total{operation=\"Ping\",outcome=\"ok\"} 1"), "{text}");
    assert!(text.contains("graphql_request_duration_seconds_bucket{operation=\"Ping\""));
    let statements = |t: &str| -> u64 {
        t.lines()
            .find_map(|l| l.strip_prefix("sql_statements_total "))
            .and_then(|n| n.parse().ok())
            .expect("counter present")
    };
    let before = statements(&text);
    app.login("gz_am1").await;
    let after = statements(&String::from_utf8(app.http(get("/metrics", "text/plain")).await.2).unwrap());
    assert!(after > before, "signing in runs SQL: {before} → {after}");
});

db_test!(graphiql_and_the_web_app_are_served, |app| {
    let (s, _, b) = app.http(get("/graphql", "text/html")).await;
    assert_eq!(s, 200);
    assert!(String::from_utf8(b).unwrap().to_lowercase().contains("graphiql"));
    let (s, h, b) = app.http(get("/groups/some/deep/link", "text/html")).await;
    assert_eq!(s, 200, "SPA fallback");
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = String::from_utf8(b).unwrap();
    assert!(html.contains("政企客户经理"));
    assert!(html.contains("<div id=\"root\">"), "the built app, not a placeholder: {html}");
});

db_test!(web_app_assets_are_cached_for_a_year_and_the_page_revalidated, |app| {
    let (s, h, b) = app.http(get("/", "text/html")).await;
    assert_eq!(s, 200);
    assert_eq!(h["cache-control"], "no-cache");
    let etag = h["etag"].to_str().unwrap().to_string();
    let html = String::from_utf8(b).unwrap();
    // The page names its hashed script; that file is served for a year, with its type.
    let start = html.find("/assets/").expect("index.html links a hashed asset");
    let script = &html[start..start + html[start..].find('"').unwrap()];
    assert!(script.ends_with(".js"), "{script}");
    let (s, h, b) = app.http(get(script, "*/*")).await;
    assert_eq!(s, 200, "{script}");
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    assert!(h["content-type"].to_str().unwrap().contains("javascript"), "{:?}", h["content-type"]);
    assert!(b.len() > 10_000);
    // Browsers that take gzip get it.
    let (s, h, gz) =
        app.http(axum::http::Request::get(script).header("accept-encoding", "gzip").body(Body::empty()).unwrap()).await;
    assert_eq!((s.as_u16(), h["content-encoding"].to_str().unwrap()), (200, "gzip"));
    assert!(gz.len() < b.len() / 2, "{} gzipped of {}", gz.len(), b.len());
    // A browser that has the page already gets 304 for it.
    let (s, _, b) =
        app.http(axum::http::Request::get("/").header("if-none-match", &etag).body(Body::empty()).unwrap()).await;
    assert_eq!((s.as_u16(), b.len()), (304, 0));
    // A missing file is a 404, not the page; an app route is the page.
    assert_eq!(app.http(get("/assets/nope-123.js", "*/*")).await.0, 404);
    assert_eq!(app.http(get("/favicon.ico", "*/*")).await.0, 404);
    assert_eq!(app.http(get("/proposals/UHJvcG9zYWw6MQ", "text/html")).await.0, 200);
});

db_test!(errors_speak_english_when_asked, |app| {
    let req = axum::http::Request::post("/graphql")
        .header("content-type", "application/json")
        .header("accept-language", "en-US,en;q=0.9")
        .body(Body::from(json!({ "query": "{ me { id } }" }).to_string()))
        .unwrap();
    let (_, _, b) = app.http(req).await;
    let b: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(b["errors"][0]["message"], "Please sign in");
    let (_, _, zh) = app.post_graphql(None, None, json!({ "query": "{ me { id } }" })).await;
    assert_eq!(zh["errors"][0]["message"], "请先登录");
    assert!(zh["errors"][0]["extensions"].get("messageEn").is_none());
});

db_test!(enum_labels_come_from_the_server_in_the_callers_language, |app| {
    let q = json!({ "query": "{ enumLabels(typeName: \"ContractStatus\") { typeName value label zh en } }" });
    let req = axum::http::Request::post("/graphql")
        .header("content-type", "application/json")
        .header("accept-language", "en")
        .body(Body::from(q.to_string()))
        .unwrap();
    let (_, _, b) = app.http(req).await;
    let en: Value = serde_json::from_slice(&b).unwrap();
    let sent = &en["data"]["enumLabels"][3];
    assert_eq!(sent["typeName"], "ContractStatus", "{en:#}");
    assert_eq!(sent["value"], "SENT");
    assert_eq!(sent["label"], "Sent to customer");
    assert_eq!(sent["zh"], "已发送客户");
    // Anyone may read them (no sign-in), in Chinese by default, every value in the enum's order.
    let (_, _, zh) = app.post_graphql(None, None, q.clone()).await;
    let values: Vec<&str> =
        zh["data"]["enumLabels"].as_array().unwrap().iter().map(|l| l["value"].as_str().unwrap()).collect();
    assert_eq!(values, ["DRAFT", "UNDER_REVIEW", "REVIEWED", "SENT", "SIGNED", "ACTIVE", "EXPIRED", "TERMINATED"]);
    assert_eq!(zh["data"]["enumLabels"][3]["label"], "已发送客户");
    // Every enum of the API is there.
    let all = app.post_graphql(None, None, json!({ "query": "{ enumLabels { typeName } }" })).await.2;
    let types: std::collections::BTreeSet<&str> =
        all["data"]["enumLabels"].as_array().unwrap().iter().map(|l| l["typeName"].as_str().unwrap()).collect();
    assert!(types.contains("Role") && types.contains("UserErrorCode") && types.len() >= 40, "{types:?}");
    let none = app.post_graphql(None, None, json!({ "query": "{ enumLabels(typeName: \"Nope\") { value } }" })).await.2;
    assert_eq!(none["data"]["enumLabels"], json!([]));
});

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

/// `GET /graphql` naming a document by its hash.
fn get_by_hash(hash: &str) -> axum::http::Request<Body> {
    let ext: String = url::form_urlencoded::byte_serialize(persisted(hash).to_string().as_bytes()).collect();
    get(&format!("/graphql?extensions={ext}"), "application/json")
}

fn post_from(origin: Option<&str>, body: Value) -> axum::http::Request<Body> {
    let mut req = axum::http::Request::post("/graphql").header("content-type", "application/json");
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

// Automatic persisted queries: a client sends a document's SHA-256 instead of its text; an
// unknown hash asks for the text once (the protocol's `PersistedQueryNotFound`), after which
// the hash alone runs it. A text that does not have its hash is refused, and a mutation named
// by hash is still refused over GET.
db_test!(documents_go_by_their_hash_once_registered, |app| {
    use gecrm::graphql::persisted::hash;
    let q = "query Probe { __typename }";
    let h = hash(q);
    let (s, _, b) = app.post_graphql(None, Some("application/json"), json!({ "extensions": persisted(&h) })).await;
    assert_eq!((s.as_u16(), b["errors"][0]["message"].as_str()), (200, Some("PersistedQueryNotFound")), "{b}");
    assert_eq!(error_code(&b), "PERSISTED_QUERY_NOT_FOUND");
    let (_, _, b) = app.post_graphql(None, None, json!({ "query": q, "extensions": persisted(&h) })).await;
    assert_eq!(b["data"]["__typename"], "Query", "registered with its text: {b}");
    let (_, _, b) = app.post_graphql(None, None, json!({ "extensions": persisted(&h) })).await;
    assert_eq!(b["data"]["__typename"], "Query", "then run by its hash alone: {b}");
    let (s, _, b) = app.http(get_by_hash(&h)).await;
    let b: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!((s.as_u16(), &b["data"]["__typename"]), (200, &json!("Query")), "over GET too: {b}");

    let forged = json!({ "query": "{ __schema { types { name } } }", "extensions": persisted(&h) });
    assert_eq!(error_code(&app.post_graphql(None, None, forged).await.2), "BAD_USER_INPUT", "text without its hash");
    let v2 = json!({ "extensions": { "persistedQuery": { "version": 2, "sha256Hash": h } } });
    assert_eq!(error_code(&app.post_graphql(None, None, v2).await.2), "BAD_USER_INPUT");
    let short = json!({ "extensions": persisted("abc") });
    assert_eq!(error_code(&app.post_graphql(None, None, short).await.2), "BAD_USER_INPUT");

    let m = "mutation Out { logout(input: {refreshToken: \"x\"}) { success } }";
    app.post_graphql(None, None, json!({ "query": m, "extensions": persisted(&hash(m)) })).await;
    let (s, _, _) = app.http(get_by_hash(&hash(m))).await;
    assert_eq!(s, 405, "a mutation named by its hash is still a mutation");
});

// Trusted documents: with `TRUSTED_DOCUMENTS`, a browser (a request with an Origin) runs only
// the web app's registered operations, by hash or as their exact text; anything else from a
// browser is refused, while other clients keep sending what they like.
db_test!(trusted_documents_hold_browsers_to_the_apps_operations, config = |c| c.trusted_documents = true, |app| {
    let manifest = webapp::Assets::get("persisted-documents.json").expect("the built app registers its operations");
    let registry: std::collections::HashMap<String, String> = serde_json::from_slice(&manifest.data).unwrap();
    let (key, login) = registry.iter().find(|(_, d)| d.contains("mutation Login(")).expect("the app's sign-in");
    let hash = key.trim_start_matches("sha256:");
    let vars = json!({ "input": { "username": "gm", "password": "wrong-password" } });
    let (s, _, b) = app
        .http(post_from(Some("http://127.0.0.1:8080"), json!({ "extensions": persisted(hash), "variables": vars })))
        .await;
    let b: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(s, 200);
    let refused = b["data"]["login"]["userErrors"].as_array().is_some_and(|e| !e.is_empty());
    assert!(refused, "the app's own operation runs (and refuses the wrong password): {b}");
    // As the app's client means it: with the types its cache reads.
    assert_eq!(b["data"]["login"]["__typename"], "AuthPayload", "{b}");
    assert_eq!(b["data"]["login"]["userErrors"][0]["__typename"], "UserError", "{b}");
    let (_, _, b) =
        app.http(post_from(Some("http://127.0.0.1:8080"), json!({ "query": login, "variables": vars }))).await;
    let b: Value = serde_json::from_slice(&b).unwrap();
    assert!(b["data"]["login"].is_object(), "its exact text runs too: {b}");

    let own = json!({ "query": "{ __typename }" });
    let (_, _, b) = app.http(post_from(Some("https://elsewhere.example"), own.clone())).await;
    assert_eq!(error_code(&serde_json::from_slice(&b).unwrap()), "FORBIDDEN");
    let (_, _, b) = app.http(post_from(None, own)).await;
    assert_eq!(
        serde_json::from_slice::<Value>(&b).unwrap()["data"]["__typename"],
        "Query",
        "a script is not a browser"
    );
});

// The API reference generated from the schema is served at /docs (outside production).
db_test!(the_api_reference_is_served_at_docs, |app| {
    let (s, h, b) = app.http(get("/docs", "text/html")).await;
    assert_eq!(s, 200);
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = String::from_utf8(b).unwrap();
    assert!(html.contains("ProposalAction") && html.contains("allowedActions"), "the generated reference");
});
