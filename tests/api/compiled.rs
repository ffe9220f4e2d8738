//! Compiled reads: a `groups` list whose selection is plain fields is built without resolving
//! each field. Every document here runs both ways, on one database, for each kind of viewer,
//! and the two answers must be the same bytes; the counter tells which way each one went.
use std::sync::Arc;

use async_graphql::{Request, Variables};
use gecrm::{
    auth::Authn,
    graphql::{AppSchema, build_schema, prepare_request},
    metrics::Metrics,
    state::{AppState, Lang, RequestMeta},
};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::{common::TestApp, db_test};

const VIEWERS: [&str; 4] = ["gm", "gz_head", "gz_am1", "gz_am2"];

/// What the app and the benchmark ask: groups with their owner and contacts.
const PORTFOLIO: &str =
    "{ groups(first: 50) { nodes { id code name owner { displayName } contacts { name role phones } } } }";

/// Every field of the tables, the owner's and the contacts' included.
const EVERY_FIELD: &str = "query($after: String) { groups(first: 40, after: $after, orderBy: {field: CODE, direction: DESC}) {
  __typename totalCount
  pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
  nodes {
    __typename id code name kind segment industry valueClass tier address annualOutputOver3M status
    competitors competitorNotes informatizationProducts notes lastVisitAt baselineMonth openProposals
    archivedAt version createdAt updatedAt unassigned region { __typename county town streetOffice village }
    owner { __typename id username displayName role chiefManager productSpecialist active version lastLoginAt createdAt }
    contacts { __typename id name title role phones email preferences notes archivedAt version createdAt }
    archived: contacts(archived: true) { id name archivedAt }
  }
} }";

/// Pages by name, forwards from a cursor.
const BY_NAME: &str =
    "query($after: String, $n: Int) { groups(first: $n, after: $after, orderBy: {field: NAME, direction: ASC}) {
  edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";

/// Pages backwards, newest first, with a filter.
const BACKWARDS: &str =
    "query($before: String, $status: GroupStatus) { groups(last: 7, before: $before, filter: {status: $status}) {
  nodes { id status } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";

/// Aliases, fragments (named and inline) and `@skip`/`@include`, two lists in one operation.
const SHAPED: &str = "query($yes: Boolean!, $archived: Boolean = false) {
  recent: groups(first: 6) { edges { c: cursor node { ...Card } } info: pageInfo { end: endCursor } }
  old: groups(last: 3, filter: {search: \"集团\"}) { nodes { id @skip(if: $yes) n: name ... on CustomerGroup { code } people: contacts(archived: $archived) { name } } }
}
fragment Card on CustomerGroup { id name @include(if: $yes) manager: owner { ... on User { displayName } } }";

/// Each group's latest visits, with who made them (the benchmark's third shape).
const VISITS: &str =
    "{ groups(first: 20) { nodes { id name visits(first: 10) { nodes { id endedAt manager { displayName } } } } } }";

/// Every field of a visit, its page's cursors, filtered by status.
const EVERY_VISIT_FIELD: &str =
    "query($status: VisitStatus, $n: Int) { groups(first: 30, orderBy: {field: NAME, direction: DESC}) {
  edges { cursor node { id
    visits(first: $n, status: $status) {
      __typename
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { __typename cursor node {
        __typename id status method purpose plannedAt startedAt endedAt needNotes suggestions minutes nextSteps
        customerConfirmed confirmedBy missedReason version createdAt manager { id username role }
      } }
    }
  } }
} }";

/// One group's card: its owner, contacts, first members and latest visits (the benchmark's
/// second shape).
const DETAIL: &str = "query($id: ID!) { group(id: $id) { code name owner { displayName } contacts { name role phones }
  members(first: 50) { nodes { name phone status arpu } } visits(first: 20) { nodes { method purpose endedAt } } } }";

/// Every field of a member, and its page's cursors.
const EVERY_MEMBER_FIELD: &str = "query($id: ID!) { group(id: $id) { __typename id
  members(first: 7) { __typename pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { __typename id name phone position keyPerson vipLevel carrier status birthday arpu arpuMonth
      archivedAt version createdAt } } } } }";

/// The web app's list of groups, as it sends it.
const APP_LIST: &str = "query GroupsList($filter: GroupFilter, $first: Int, $after: String, $orderBy: GroupOrder) {
  groups(filter: $filter, first: $first, after: $after, orderBy: $orderBy) { totalCount pageInfo { ...PageInfoFields } nodes { ...GroupsListItem } } }
fragment PageInfoFields on PageInfo { hasNextPage endCursor }
fragment GroupsListItem on CustomerGroup { id code name kind tier valueClass status industry region { county } owner { id displayName }
  unassigned lastVisitAt openProposals }";

/// Documents with a field outside the tables: the resolvers answer them, the same way.
const RESOLVED: [&str; 10] = [
    "{ groups(first: 5) { nodes { id members(first: 2, filter: {keyPerson: true}) { nodes { id } } } } }",
    "{ groups(first: 5) { nodes { id members(first: 2) { nodes { id valueBand } } } } }",
    "{ groups(first: 5) { nodes { id visits(first: 2) { totalCount nodes { id } } } } }",
    "{ groups(first: 5) { nodes { id visits(last: 2) { nodes { id } } } } }",
    "{ groups(first: 5) { nodes { id visits(first: 2) { nodes { id durationMinutes } } } } }",
    "{ groups(first: 5) { nodes { id visits(first: 1) { totalCount } } } }",
    "{ groups(first: 5) { nodes { id department { name } } } }",
    "{ groups(first: 5) { nodes { id } edges { node { id } } } }",
    "{ groups(first: 5) { nodes { ... on Node { id } } } }",
    "{ groups(first: 5) { nodes { id owner { id orgUnit { name } } } } }",
];

/// Odd but valid shapes: a field twice, aliases named like other fields, both directives on
/// one field, fragments inside fragments. Answered the same either way.
const ODD: [&str; 6] = [
    "{ groups(first: 3) { nodes { ...F __typename id } } } fragment F on CustomerGroup { id name __typename }",
    "{ groups(first: 3) { nodes { id name name } } }",
    "{ groups(first: 3) { nodes { name: code code: name } } }",
    "query($s: Boolean!) { groups(first: 3) { nodes { id @skip(if: $s) @include(if: $s) name } } }",
    "{ groups(first: 3) { nodes { __typename ... on CustomerGroup { ... on CustomerGroup { ... C } } } } } fragment C on CustomerGroup { ... on CustomerGroup { id } }",
    "{ groups(first: 3) { pageInfo { hasNextPage } } group(id: \"Q3VzdG9tZXJHcm91cDox\") { __typename } }",
];

/// Refused the same way either way.
const REFUSED: [(&str, &str); 3] = [
    ("{ groups(first: 500) { nodes { id } } }", "BAD_USER_INPUT"),
    ("{ groups(first: 5, after: \"bm90LWEtY3Vyc29y\") { nodes { id } } }", "BAD_USER_INPUT"),
    ("{ groups(first: 5, last: 5) { nodes { id } } }", "BAD_USER_INPUT"),
];

/// The same database and clock, served with compiled reads off.
fn resolvers_only(app: &TestApp) -> AppSchema {
    let mut config = app.state.config.clone();
    config.compiled_reads = false;
    let state = AppState::new(config, app.state.db.clone(), Arc::new(app.clock.clone()), Metrics::new());
    build_schema(state)
}

async fn run(
    app: &TestApp,
    schema: &AppSchema,
    state: &AppState,
    who: Option<&str>,
    query: &str,
    vars: &Value,
) -> String {
    let meta = RequestMeta {
        authn: who.map_or(Authn::Anonymous, |u| Authn::Viewer(app.viewer(u))),
        request_id: None,
        client_ip: "127.0.0.1".into(),
        lang: Lang::Zh,
    };
    let request = Request::new(query).variables(Variables::from_json(vars.clone()));
    let response = schema.execute(prepare_request(request, state, meta)).await;
    serde_json::to_string(&response).expect("response serialises")
}

/// Runs `query` both ways as `who`: asserts the same answer, and returns it (as JSON and as
/// the compiled way's text) and how many lists the compiled way built.
///
/// The answers are compared as JSON values, whose objects compare whatever the order of their
/// keys: the engine puts the fields of an object in the order their resolvers finish (the
/// root's lists, or a group's owner after its columns), where a compiled list keeps the
/// order of the selection, as the specification has it.
async fn both(app: &TestApp, plain: &AppSchema, who: Option<&str>, query: &str, vars: Value) -> (Value, u64) {
    let (answer, _, built) = both_text(app, plain, who, query, vars).await;
    (answer, built)
}

async fn both_text(
    app: &TestApp,
    plain: &AppSchema,
    who: Option<&str>,
    query: &str,
    vars: Value,
) -> (Value, String, u64) {
    let before = app.state.metrics.compiled_reads.get();
    let compiled = run(app, &app.schema, &app.state, who, query, &vars).await;
    let built = app.state.metrics.compiled_reads.get() - before;
    let resolved = run(app, plain, &app.state, who, query, &vars).await;
    let answer: Value = serde_json::from_str(&compiled).expect("JSON");
    let expected: Value = serde_json::from_str(&resolved).expect("JSON");
    assert!(answer == expected, "{who:?} {query} {vars}\ncompiled: {compiled}\nresolved: {resolved}");
    (answer, compiled, built)
}

fn nodes<'a>(v: &'a Value, list: &str) -> &'a Vec<Value> {
    v["data"][list]["nodes"].as_array().unwrap_or_else(|| panic!("nodes of {list} in {v:#}"))
}

db_test!(compiled_lists_answer_what_the_resolvers_answer, |app| {
    let plan = gecrm::scale::Plan { seed: 7, ..gecrm::scale::Plan::scale(80) };
    gecrm::scale::generate(&app.state.db, gecrm::clock::Clock::now(&app.clock), plan).await.expect("scale groups");
    // Some contacts archived, some without phones, so both lists and the empty cases show.
    app.state.db.execute_unprepared("UPDATE contact SET archived_at = created_at WHERE id % 5 = 0").await.unwrap();
    app.state.db.execute_unprepared("UPDATE contact SET phones = '[]' WHERE id % 7 = 0").await.unwrap();
    // A disabled manager's groups wait for reassignment (`unassigned`).
    app.disable_user("sz_am1").await;
    let plain = resolvers_only(&app);
    let all = app.exec(Some("gm"), "{ groups(first: 100) { nodes { id } } }", json!({})).await;
    assert!(nodes(&all, "groups").len() > 50, "the scaled groups are there");

    for who in VIEWERS {
        let (page, built) = both(&app, &plain, Some(who), PORTFOLIO, json!({})).await;
        assert_eq!(built, 1, "{who}: the portfolio page is compiled");
        let groups = nodes(&page, "groups");
        assert!(!groups.is_empty(), "{who} sees groups");
        assert!(
            groups.iter().any(|g| g["contacts"].as_array().is_some_and(|c| !c.is_empty())),
            "{who}: contacts shown"
        );

        // Every field, over two pages (the second from the first's cursor).
        let (first, text, built) = both_text(&app, &plain, Some(who), EVERY_FIELD, json!({})).await;
        assert_eq!(built, 1, "{who}: every field");
        assert!(
            text.contains(r#"{"__typename":"CustomerGroupConnection","totalCount":"#)
                && text.contains(r#","pageInfo":{"__typename":"PageInfo","hasNextPage":"#)
                && text.contains(r#"{"__typename":"CustomerGroup","id":"#),
            "fields in the order asked: {text}"
        );
        let info = &first["data"]["groups"]["pageInfo"];
        if info["hasNextPage"] == true {
            let (second, _) = both(&app, &plain, Some(who), EVERY_FIELD, json!({ "after": info["endCursor"] })).await;
            assert_eq!(second["data"]["groups"]["pageInfo"]["hasPreviousPage"], true);
        }

        // By name, page after page, to the end: no group twice, none left out.
        let mut seen = Vec::new();
        let mut after = Value::Null;
        loop {
            let (page, built) = both(&app, &plain, Some(who), BY_NAME, json!({ "after": after, "n": 25 })).await;
            assert_eq!(built, 1);
            let conn = &page["data"]["groups"];
            for e in conn["edges"].as_array().expect("edges") {
                seen.push(e["node"]["name"].as_str().expect("name").to_string());
            }
            if conn["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = conn["pageInfo"]["endCursor"].clone();
        }
        let mut sorted = seen.clone();
        sorted.sort();
        assert_eq!(seen.len(), sorted.len());

        // Backwards, with and without a filter.
        let (last, _) = both(&app, &plain, Some(who), BACKWARDS, json!({})).await;
        let before = last["data"]["groups"]["pageInfo"]["startCursor"].clone();
        both(&app, &plain, Some(who), BACKWARDS, json!({ "before": before })).await;
        both(&app, &plain, Some(who), BACKWARDS, json!({ "status": "ACTIVE" })).await;

        for yes in [true, false] {
            let (shaped, built) = both(&app, &plain, Some(who), SHAPED, json!({ "yes": yes })).await;
            assert_eq!(built, 2, "both lists of the operation are compiled");
            let card = &shaped["data"]["recent"]["edges"][0]["node"];
            assert_eq!(card.get("name").is_some(), yes, "@include: {card}");
            assert!(card.get("manager").is_some(), "an aliased fragment field: {card}");
        }
        both(&app, &plain, Some(who), SHAPED, json!({ "yes": false, "archived": true })).await;

        for vars in [
            json!({ "first": 20 }),
            json!({ "first": 10, "filter": { "search": "广州" }, "orderBy": { "field": "NAME", "direction": "ASC" } }),
            json!({ "first": 20, "filter": { "unassigned": true } }),
            json!({ "first": 5, "filter": { "status": "ACTIVE", "archived": true } }),
        ] {
            let (answer, built) = both(&app, &plain, Some(who), APP_LIST, vars.clone()).await;
            assert_eq!((built, answer.get("errors")), (1, None), "{who}: the app's list {vars}");
        }

        let (page, built) = both(&app, &plain, Some(who), VISITS, json!({})).await;
        assert_eq!(built, 1, "{who}: groups with their visits are compiled");
        assert!(nodes(&page, "groups").iter().any(|g| g["visits"]["nodes"].as_array().is_some_and(|v| !v.is_empty())));
        for (status, n) in [(Value::Null, 2), (json!("DONE"), 3), (json!("PLANNED"), 1), (json!("MISSED"), 4)] {
            let vars = json!({ "status": status, "n": n });
            let (answer, built) = both(&app, &plain, Some(who), EVERY_VISIT_FIELD, vars.clone()).await;
            assert_eq!((built, answer.get("errors")), (1, None), "{who} {vars}");
        }
        // A visit's cursor continues its group's list the same way either way.
        let (page, _) = both(&app, &plain, Some(who), EVERY_VISIT_FIELD, json!({ "n": 1 })).await;
        let edges = page["data"]["groups"]["edges"].as_array().expect("edges");
        if let Some(g) = edges.iter().find(|g| g["node"]["visits"]["pageInfo"]["hasNextPage"] == true) {
            let after = &g["node"]["visits"]["pageInfo"]["endCursor"];
            let one = "query($id: ID!, $after: String) { group(id: $id) { visits(first: 5, after: $after) { nodes { id } } } }";
            let (next, _) = both(&app, &plain, Some(who), one, json!({ "id": g["node"]["id"], "after": after })).await;
            assert!(!next["data"]["group"]["visits"]["nodes"].as_array().expect("visits").is_empty());
        }

        // Each group alone, whoever asks: the same card, or null for a group out of scope, one
        // that does not exist, or an id of another kind.
        let ids: Vec<Value> = nodes(&all, "groups").iter().map(|g| g["id"].clone()).collect();
        let mut shown = 0;
        for id in ids.iter().step_by(7).chain([&json!("Q3VzdG9tZXJHcm91cDo5OTk5OTk"), &json!("VXNlcjox")]) {
            let (card, built) = both(&app, &plain, Some(who), DETAIL, json!({ "id": id })).await;
            assert_eq!(card.get("errors"), None, "{who} {id}");
            shown += usize::from(card["data"]["group"] != Value::Null);
            let of_kind = id.as_str().is_some_and(|i| i.starts_with("Q3VzdG9tZXJHcm91cD"));
            assert_eq!(built, u64::from(of_kind), "{who} {id}: a group's card is compiled");
            both(&app, &plain, Some(who), EVERY_MEMBER_FIELD, json!({ "id": id })).await;
        }
        assert!(shown > 0, "{who} sees some cards");
        if who != "gm" {
            assert!(shown < ids.len().div_ceil(7), "{who} does not see every card");
        }

        for query in RESOLVED {
            let (answer, built) = both(&app, &plain, Some(who), query, json!({})).await;
            assert_eq!(built, 0, "{query} is left to the resolvers");
            assert!(answer.get("errors").is_none(), "{answer}");
        }
        for query in ODD {
            for skip in [true, false] {
                let (answer, _) = both(&app, &plain, Some(who), query, json!({ "s": skip })).await;
                assert!(answer.get("errors").is_none(), "{query}: {answer}");
            }
        }
        // A leaf asked twice under one key (as the app's client adds `__typename` beside a
        // fragment that has it) is still compiled.
        let (_, built) = both(&app, &plain, Some(who), ODD[0], json!({})).await;
        assert_eq!(built, 1, "{who}: the same leaf twice");
        for (query, code) in REFUSED {
            let (answer, _) = both(&app, &plain, Some(who), query, json!({})).await;
            assert_eq!(crate::common::error_code(&answer), code, "{query}");
        }
    }

    // Signed out: refused the same way, before any list is read.
    let (answer, built) = both(&app, &plain, None, PORTFOLIO, json!({})).await;
    assert_eq!((crate::common::error_code(&answer), built), ("UNAUTHENTICATED", 0));
});

db_test!(a_compiled_page_costs_the_same_statements_whatever_its_size, |app| {
    let plan = gecrm::scale::Plan { seed: 9, ..gecrm::scale::Plan::scale(60) };
    gecrm::scale::generate(&app.state.db, gecrm::clock::Clock::now(&app.clock), plan).await.expect("scale groups");
    let query = "query($n: Int!) { groups(first: $n) { nodes { id name owner { displayName } contacts { name phones } \
                 visits(first: 3) { nodes { id manager { displayName } } } } } }";
    for n in [5, 20, 50] {
        let built = app.state.metrics.compiled_reads.get();
        let statements = crate::members::statements(&app, "gm", query, json!({ "n": n })).await;
        assert_eq!(app.state.metrics.compiled_reads.get(), built + 1, "compiled");
        // The page, its owners, its contacts, its visits and their managers.
        assert!(statements <= 5, "{n} groups cost {statements} statements");
    }
});

// The web app's list of groups, sent by its hash as the app sends it (its client's
// `__typename`s added), is answered by a compiled read.
db_test!(the_apps_group_list_by_its_hash_is_compiled, |app| {
    let plan = gecrm::scale::Plan { seed: 11, ..gecrm::scale::Plan::scale(30) };
    gecrm::scale::generate(&app.state.db, gecrm::clock::Clock::now(&app.clock), plan).await.expect("scale groups");
    let manifest = webapp::Assets::get("persisted-documents.json").expect("the built app registers its operations");
    let registry: std::collections::HashMap<String, String> = serde_json::from_slice(&manifest.data).unwrap();
    let (key, _) = registry.iter().find(|(_, d)| d.contains("query GroupsList(")).expect("the app's group list");
    let (token, _) = app.login("gz_am1").await;
    let body = json!({
        "extensions": { "persistedQuery": { "version": 1, "sha256Hash": key.trim_start_matches("sha256:") } },
        "variables": { "first": 20 },
    });
    let before = app.state.metrics.compiled_reads.get();
    let (status, _, answer) = app.post_graphql(Some(&token), None, body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(app.state.metrics.compiled_reads.get(), before + 1, "compiled: {answer}");
    let groups = &answer["data"]["groups"];
    assert!(groups["totalCount"].as_u64().is_some_and(|n| n > 0), "{answer}");
    let first = &groups["nodes"][0];
    assert_eq!(
        (first["__typename"].as_str(), first["owner"]["__typename"].as_str()),
        (Some("CustomerGroup"), Some("User"))
    );
    assert_eq!(first["region"]["__typename"], "Region", "{answer}");
});
