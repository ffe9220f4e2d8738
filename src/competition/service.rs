//! Filing and reviewing competition reports.
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
    sea_query::Expr,
};

use super::{CompetitionReportStatus, MACHINE};
use crate::{
    audit::{self, Actor, Change},
    auth::{Scope, Viewer},
    error::{AppError, AppResult, UserError, UserErrorCode},
    events::{self, Event},
    fields::{Check, Month},
    groups::{service::writable_group, visible_group_ids},
    state::AppState,
};
use entity::{
    competition_report::{ActiveModel, Column, Entity, Model},
    customer_group,
};

/// What the manager found.
/// Field by field as documented on the API's `FileCompetitionReportInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct NewReport {
    pub group_id: i64,
    pub competitor: String,
    pub offer: String,
    pub affected: String,
    pub countermeasures: String,
    pub support_needed: Option<String>,
}

fn change<'a>(action: &'a str, before: Option<&Model>, after: &Model) -> Change<'a> {
    Change {
        action,
        entity_type: "CompetitionReport",
        entity_id: Some(after.id),
        before: before.map(audit::snapshot),
        after: Some(audit::snapshot(after)),
    }
}

/// Files a report on a group the viewer keeps; the group's heads are told.
pub async fn file(state: &AppState, actor: &Actor, viewer: &Viewer, input: NewReport) -> AppResult<Model> {
    let mut c = Check::new();
    let competitor = c.text("competitor", &input.competitor, 100);
    let offer = c.text("offer", &input.offer, 1000);
    let affected = c.text("affected", &input.affected, 1000);
    let countermeasures = c.text("countermeasures", &input.countermeasures, 2000);
    let support = c.opt_text("supportNeeded", input.support_needed.as_deref(), 1000);
    c.finish(|| ())?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let group = writable_group(&txn, viewer, input.group_id).await?;
    let row = ActiveModel {
        group_id: Set(group.id),
        department_id: Set(group.department_id),
        branch_id: Set(group.branch_id),
        author_id: Set(viewer.user_id),
        competitor: Set(competitor),
        offer: Set(offer),
        affected: Set(affected),
        countermeasures: Set(countermeasures),
        support_needed: Set(support),
        month: Set(Month::of(crate::clock::business_date(now)).to_string()),
        status: Set(CompetitionReportStatus::Submitted),
        created_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let heads = heads(&txn, group.department_id).await?;
    let ev = Event::changed("CompetitionReport", row.id, "competition.file", row.status.as_str(), heads);
    events::commit(state, txn, now, actor, vec![change("competition.file", None, &row)], vec![ev]).await?;
    Ok(row)
}

async fn heads<C: ConnectionTrait>(db: &C, department_id: i64) -> AppResult<Vec<i64>> {
    use entity::app_user::{Column as U, Entity as Users};
    Ok(Users::find()
        .select_only()
        .column(U::Id)
        .filter(U::Role.eq(crate::auth::Role::DepartmentHead))
        .filter(U::DepartmentId.eq(department_id))
        .filter(U::Active.eq(true))
        .into_tuple()
        .all(db)
        .await?)
}

/// Heads over the report's group review it.
pub fn may_review(viewer: &Viewer, r: &Model, group_owner: i64) -> bool {
    let p = crate::auth::Placement {
        owner_id: Some(group_owner),
        department_id: Some(r.department_id),
        branch_id: Some(r.branch_id),
    };
    !matches!(viewer.scope(), Scope::Own(_) | Scope::Nothing) && viewer.scope().covers(&p)
}

/// The head reviews the report, with a comment.
pub async fn review(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    comment: &str,
) -> AppResult<Model> {
    let mut c = Check::new();
    let comment = c.text("comment", comment, 1000);
    c.finish(|| ())?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let group = crate::groups::service::find_visible(&txn, viewer, before.group_id).await?;
    let to = MACHINE.next(before.status, "review")?;
    if !may_review(viewer, &before, group.owner_id) {
        return Err(UserError::new(
            "id",
            UserErrorCode::NotPermitted,
            "只有部门负责人可以审阅",
            "Only the head reviews",
        )
        .into());
    }
    let cols = [
        (Column::Status, Expr::value(to.as_str())),
        (Column::ReviewComment, Expr::value(comment)),
        (Column::ReviewedBy, Expr::value(viewer.user_id)),
        (Column::ReviewedAt, Expr::value(now)),
    ];
    crate::db::versioned_set::<Entity, _>(&txn, Column::Id, Column::Version, id, expected_version, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let ev =
        Event::changed("CompetitionReport", id, "competition.review", after.status.as_str(), vec![after.author_id]);
    events::commit(state, txn, now, actor, vec![change("competition.review", Some(&before), &after)], vec![ev]).await?;
    Ok(after)
}

/// The reports of the groups the viewer sees.
pub fn visible_condition(viewer: &Viewer) -> Condition {
    Condition::all().add(Column::GroupId.in_subquery(visible_group_ids(viewer)))
}

/// Reports filed per month, from `from` to `to`, over the groups the viewer sees.
pub async fn per_month<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    from: Month,
    to: Month,
) -> AppResult<Vec<(String, i64)>> {
    let rows: Vec<(String, i64)> = Entity::find()
        .select_only()
        .column(Column::Month)
        .column_as(Column::Id.count(), "n")
        .filter(visible_condition(viewer))
        .filter(Column::Month.gte(from.to_string()))
        .filter(Column::Month.lte(to.to_string()))
        .group_by(Column::Month)
        .into_tuple()
        .all(db)
        .await?;
    Ok((0..=from.until(to))
        .map(|i| {
            let m = from.plus(i).to_string();
            let n = rows.iter().find(|(k, _)| *k == m).map_or(0, |(_, n)| *n);
            (m, n)
        })
        .collect())
}

/// The group's owner, for review rights.
pub async fn group_owner<C: ConnectionTrait>(db: &C, group_id: i64) -> AppResult<i64> {
    Ok(customer_group::Entity::find_by_id(group_id).one(db).await?.ok_or_else(AppError::not_found)?.owner_id)
}
