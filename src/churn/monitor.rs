//! 重点服务监控集团报表: the groups in the viewer's scope that need watching — flagged 预警, or
//! warned about in the last three months — with their warnings, how the handling stands, who
//! owns them and when they were last contacted. Five statements whatever the number of groups.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::{
    auth::Viewer,
    clock::business_date,
    complaints::ComplaintStatus,
    error::AppResult,
    fields::Month,
    groups::{GroupStatus, visible_group_ids},
    retention::DisconnectionStatus,
    tasks::{TaskKind, TaskStatus},
};
use entity::{churn_warning, complaint, customer_group, disconnection_request, task};

pub use entity::enums::Handling;

/// Months of warnings that keep a group on the report (this one and the two before).
pub const MONTHS: i32 = 3;
/// At most this many groups on the report.
pub const LIMIT: u64 = 500;

/// A group on the report.
pub struct Monitored {
    pub group: customer_group::Model,
    /// Its warnings of the months watched, newest first.
    pub warnings: Vec<churn_warning::Model>,
    pub open_tasks: i64,
    pub done_tasks: i64,
    pub open_retention: i64,
    pub open_complaints: i64,
    pub handling: Handling,
}

/// How a group's handling stands: nothing open is handled; a contact since the latest warning,
/// or a case open with the desk, is in hand; otherwise it waits.
pub fn handling(
    last_contact: Option<DateTime<Utc>>,
    latest_warning: Option<DateTime<Utc>>,
    open: (i64, i64, i64),
) -> Handling {
    let (tasks, retention, complaints) = open;
    if tasks + retention + complaints == 0 {
        return Handling::Handled;
    }
    let contacted = match (last_contact, latest_warning) {
        (Some(c), Some(w)) => c >= w,
        (Some(_), None) => true,
        _ => false,
    };
    if contacted || retention + complaints > 0 { Handling::InHand } else { Handling::Unhandled }
}

async fn counts<C: ConnectionTrait>(
    db: &C,
    select: sea_orm::Select<impl EntityTrait>,
    group_col: impl ColumnTrait,
) -> AppResult<HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = select
        .select_only()
        .column(group_col)
        .column_as(group_col.count(), "n")
        .group_by(group_col)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The report for `viewer`, waiting groups first, then those contacted longest ago.
pub async fn monitored<C: ConnectionTrait>(db: &C, viewer: &Viewer, now: DateTime<Utc>) -> AppResult<Vec<Monitored>> {
    let from = Month::of(business_date(now)).plus(1 - MONTHS).to_string();
    let warned = sea_orm::sea_query::Query::select()
        .column(churn_warning::Column::GroupId)
        .from(churn_warning::Entity)
        .and_where(churn_warning::Column::Month.gte(from.clone()))
        .to_owned();
    let groups = customer_group::Entity::find()
        .filter(customer_group::Column::Id.in_subquery(visible_group_ids(viewer)))
        .filter(
            Condition::any()
                .add(customer_group::Column::Status.eq(GroupStatus::AtRisk))
                .add(customer_group::Column::Id.in_subquery(warned)),
        )
        .order_by_asc(customer_group::Column::Id)
        .limit(LIMIT)
        .all(db)
        .await?;
    let ids: Vec<i64> = groups.iter().map(|g| g.id).collect();
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut warnings: HashMap<i64, Vec<churn_warning::Model>> = HashMap::new();
    for w in churn_warning::Entity::find()
        .filter(churn_warning::Column::GroupId.is_in(ids.clone()))
        .filter(churn_warning::Column::Month.gte(from))
        .order_by_desc(churn_warning::Column::CreatedAt)
        .order_by_desc(churn_warning::Column::Id)
        .all(db)
        .await?
    {
        warnings.entry(w.group_id).or_default().push(w);
    }
    let churn_tasks = |status: TaskStatus| {
        task::Entity::find()
            .filter(task::Column::GroupId.is_in(ids.clone()))
            .filter(task::Column::Kind.eq(TaskKind::ChurnWarning))
            .filter(task::Column::Status.eq(status))
    };
    let open_tasks = counts(db, churn_tasks(TaskStatus::Open), task::Column::GroupId).await?;
    let done_tasks = counts(db, churn_tasks(TaskStatus::Done), task::Column::GroupId).await?;
    let closed_retention = [DisconnectionStatus::Returned];
    let open_retention = counts(
        db,
        disconnection_request::Entity::find()
            .filter(disconnection_request::Column::GroupId.is_in(ids.clone()))
            .filter(disconnection_request::Column::Status.is_not_in(closed_retention)),
        disconnection_request::Column::GroupId,
    )
    .await?;
    let open_complaints = counts(
        db,
        complaint::Entity::find()
            .filter(complaint::Column::GroupId.is_in(ids.clone()))
            .filter(complaint::Column::Status.ne(ComplaintStatus::Closed)),
        complaint::Column::GroupId,
    )
    .await?;
    let mut out: Vec<Monitored> = groups
        .into_iter()
        .map(|g| {
            let id = g.id;
            let ws = warnings.remove(&id).unwrap_or_default();
            let n = |m: &HashMap<i64, i64>| m.get(&id).copied().unwrap_or(0);
            let (ot, r, c) = (n(&open_tasks), n(&open_retention), n(&open_complaints));
            let handling = handling(g.last_visit_at, ws.first().map(|w| w.created_at), (ot, r, c));
            Monitored {
                warnings: ws,
                open_tasks: ot,
                done_tasks: n(&done_tasks),
                open_retention: r,
                open_complaints: c,
                handling,
                group: g,
            }
        })
        .collect();
    let rank = |h: Handling| Handling::ALL.iter().position(|x| *x == h).unwrap_or(0);
    out.sort_by_key(|m| (rank(m.handling), m.group.last_visit_at, m.group.id));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn handling_reads_what_is_open_and_whether_anyone_called_since_the_warning() {
        let warned = Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap();
        let before = Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 12, 2, 2, 0, 0).unwrap();
        assert_eq!(handling(Some(after), Some(warned), (0, 0, 0)), Handling::Handled);
        assert_eq!(handling(Some(before), Some(warned), (1, 0, 0)), Handling::Unhandled);
        assert_eq!(handling(None, Some(warned), (1, 0, 0)), Handling::Unhandled);
        assert_eq!(handling(Some(after), Some(warned), (1, 0, 0)), Handling::InHand);
        assert_eq!(handling(Some(before), Some(warned), (0, 1, 0)), Handling::InHand);
    }
}
