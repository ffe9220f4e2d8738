//! Rule 12: an audit row's before/after is the whole record. Snapshots are derived from the
//! models (`audit::snapshot`); this checks, table by table on real rows of the demo data, that
//! every column appears under its camelCase name, save the secrets left out on purpose.
use sea_orm::{EntityTrait, IdenStatic, Iterable};

use crate::{common::TestApp, db_test};

/// Columns never written to the audit trail: secrets, and a kept PDF (its checksum stands for it).
const SECRETS: &[&str] = &["app_user.password_hash", "refresh_token.token_hash", "quote_document.content"];

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// What is wrong with the snapshot of one row of `E`: columns missing, secrets shown
/// (`None`: the table has no row to look at).
async fn problems<E>(app: &TestApp) -> Option<Vec<String>>
where
    E: EntityTrait,
    E::Model: serde::Serialize + Sync,
{
    let row = E::find().one(&app.state.db).await.unwrap()?;
    let snap = gecrm::audit::snapshot(&row);
    let table = E::default().table_name().to_string();
    Some(
        E::Column::iter()
            .filter_map(|c| {
                let secret = SECRETS.contains(&format!("{table}.{}", c.as_str()).as_str());
                match (secret, snap.get(camel(c.as_str())).is_some()) {
                    (false, false) => Some(format!("{table}.{} missing", c.as_str())),
                    (true, true) => Some(format!("{table}.{} is a secret", c.as_str())),
                    _ => None,
                }
            })
            .collect(),
    )
}

macro_rules! check_all {
    ($app:expr, $($entity:ident),+ $(,)?) => {{
        let mut wrong = Vec::new();
        let mut empty = Vec::new();
        $(
            match problems::<entity::$entity::Entity>($app).await {
                Some(p) => wrong.extend(p),
                None => empty.push(stringify!($entity)),
            }
        )+
        (wrong, empty)
    }};
}

/// Tables the demo data and the steps below leave empty: checked as soon as they have rows.
const NOT_IN_DEMO: &[&str] = &["fault_ticket", "group_reassignment", "member_import", "retention_report"];

db_test!(every_column_of_every_table_is_in_its_audit_snapshot, |app| {
    gecrm::seed::demo_archive(&app.state.db, app.clock_now()).await.unwrap();
    assert!(gecrm::seed::demo_pipeline(&app.state).await.unwrap());
    gecrm::seed::demo_portfolio(&app.state).await.unwrap();
    gecrm::jobs::run_all(&app.state, &[]).await.unwrap();
    app.login("gz_am1").await;
    let (wrong, empty) = check_all!(
        &app,
        app_user,
        approval_matrix,
        approval_request,
        approval_step,
        audit_event,
        calendar_day,
        churn_warning,
        code_sequence,
        contact,
        contract,
        contract_document,
        contract_line,
        customer_group,
        fault_ticket,
        group_reassignment,
        installation_job,
        job_lease,
        job_run,
        login_throttle,
        member,
        member_import,
        member_revenue,
        org_unit,
        product,
        product_price,
        proposal,
        proposal_line,
        proposal_version,
        quote_document,
        refresh_token,
        retention_report,
        setting,
        task,
        visit,
    );
    assert!(wrong.is_empty(), "{wrong:?}");
    assert_eq!(empty, NOT_IN_DEMO, "tables without a row to check");
});
