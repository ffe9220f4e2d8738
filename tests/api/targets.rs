//! Monthly targets: a head sets each account manager's targets for this month or the next, and
//! the KPI figures are shown against them.
use gecrm::{clock::business_date, fields::Month};
use serde_json::{Value, json};

use crate::{
    archive::{group, user_id},
    common::{TestApp, error_code},
    db_test,
    flow::{Op, codes, iso, mutate, ok},
};

const TARGET: &str = "month visitsPerDay groupsVisited newGroups proposals retentionPercent setBy { username } version";
pub const SET: Op = Op::mutation("setKpiTarget").input("SetKpiTargetInput").returns("target", TARGET);

pub fn goals(user: &str, month: &str) -> Value {
    json!({ "userId": user, "month": month, "visitsPerDay": "3.50", "groupsVisited": 2, "newGroups": 1, "proposals": 4, "retentionPercent": "95.00" })
}

pub fn with(mut v: Value, extra: Value) -> Value {
    v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    v
}

async fn kpis(app: &TestApp, who: &str, month: &str, owner: Option<&str>) -> Value {
    let q = format!(
        "query($m: String!, $o: ID) {{ kpis(month: $m, ownerId: $o) {{ groupsVisited visits canSetTarget target {{ {TARGET} }} }} }}"
    );
    app.data(Some(who), &q, json!({ "m": month, "o": owner })).await["kpis"].clone()
}

db_test!(the_head_sets_targets_and_the_figures_are_read_against_them, |app| {
    let this = Month::of(business_date(app.clock_now()));
    let (m, next) = (this.to_string(), this.plus(1).to_string());
    let am1 = user_id(&app, "gz_am1");
    let t = ok(&app, "gz_head", SET, goals(&am1, &m)).await;
    assert_eq!(
        (t["groupsVisited"].as_i64(), t["visitsPerDay"].as_str(), t["setBy"]["username"].as_str()),
        (Some(2), Some("3.50"), Some("gz_head"))
    );
    // The month's figures beside its targets: two groups visited of the two asked for.
    for name in ["广州市目标甲公司", "广州市目标乙公司"] {
        let g = group(&app, "gz_am1", name, None).await;
        let now = app.clock_now();
        let card = json!({ "method": "ONSITE", "purpose": "ROUTINE", "startedAt": iso(now - chrono::Duration::hours(1)), "endedAt": iso(now), "minutes": "例行走访" });
        ok(
            &app,
            "gz_am1",
            Op::mutation("logVisit").input("LogVisitInput").returns("visit", "id"),
            json!({ "groupId": g["id"], "card": card }),
        )
        .await;
    }
    let own = kpis(&app, "gz_am1", &m, None).await;
    assert_eq!((own["groupsVisited"].as_i64(), own["target"]["groupsVisited"].as_i64()), (Some(2), Some(2)), "{own:#}");
    assert_eq!(own["canSetTarget"], false, "a manager does not set their own");
    let seen = kpis(&app, "gz_head", &m, Some(&am1)).await;
    assert_eq!((seen["target"].clone(), seen["canSetTarget"].as_bool()), (own["target"].clone(), Some(true)));
    // The team: targets where set, none where not.
    let team = app
        .data(
            Some("gz_head"),
            "query($m: String!) { teamKpis(month: $m) { user { username } target { groupsVisited } } }",
            json!({ "m": m }),
        )
        .await;
    let rows = team["teamKpis"].as_array().unwrap();
    let of = |name: &str| rows.iter().find(|r| r["user"]["username"] == name).unwrap()["target"].clone();
    assert_eq!((of("gz_am1"), of("gz_am2")), (json!({ "groupsVisited": 2 }), Value::Null));
    // Next month's, set at this month's end; changed only with the version seen.
    let n = ok(&app, "gz_head", SET, goals(&am1, &next)).await;
    assert_eq!(n["version"], 1);
    assert_eq!(codes(&mutate(&app, "gz_head", SET, goals(&am1, &next)).await), ["REQUIRED"]);
    let changed =
        ok(&app, "gz_head", SET, with(goals(&am1, &next), json!({ "groupsVisited": 30, "expectedVersion": 1 }))).await;
    assert_eq!((changed["groupsVisited"].as_i64(), changed["version"].as_i64()), (Some(30), Some(2)));
    let stale = app
        .exec(
            Some("gz_head"),
            "mutation($i: SetKpiTargetInput!) { setKpiTarget(input: $i) { userErrors { code } } }",
            json!({ "i": with(goals(&am1, &next), json!({ "expectedVersion": 1 })) }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    let audit = crate::flow::last_audit(&app, "KpiTarget").await;
    assert_eq!((audit.action.as_str(), audit.actor_id), ("kpi_target.update", Some(app.viewer("gz_head").user_id)));
});
