//! Monthly targets (目标) per account manager: at the month's end their head sets the next
//! month's (or corrects this month's); the KPI figures are read against them.
use std::collections::HashMap;

use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, sea_query::Expr};

use crate::{
    audit::{self, Actor, Change},
    auth::{Role, Scope, Viewer},
    clock::business_date,
    db::{Keyed, Versioned, keyed, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::{Check, Month},
    state::AppState,
};
use entity::{
    app_user,
    kpi_target::{ActiveModel, Column, Entity, Model},
};

/// What a manager is to reach in a month.
#[derive(Clone, Debug)]
pub struct Goals {
    pub visits_per_day: Decimal,
    pub groups_visited: i32,
    pub new_groups: i32,
    pub proposals: i32,
    pub retention_percent: Decimal,
}

fn check(c: &mut Check, g: &Goals) {
    let dec = |c: &mut Check, field: &str, v: Decimal, max: i64| {
        if v < Decimal::ZERO || v > Decimal::from(max) || v.scale() > 2 {
            c.push(UserError::new(
                field,
                UserErrorCode::Invalid,
                format!("须在 0 到 {max} 之间，最多两位小数"),
                format!("Must be from 0 to {max}, with at most two decimals"),
            ));
        }
    };
    let int = |c: &mut Check, field: &str, v: i32, max: i32| {
        if !(0..=max).contains(&v) {
            c.push(UserError::new(
                field,
                UserErrorCode::Invalid,
                format!("须在 0 到 {max} 之间"),
                format!("Must be from 0 to {max}"),
            ));
        }
    };
    dec(c, "visitsPerDay", g.visits_per_day, 50);
    int(c, "groupsVisited", g.groups_visited, 10_000);
    int(c, "newGroups", g.new_groups, 1_000);
    int(c, "proposals", g.proposals, 1_000);
    dec(c, "retentionPercent", g.retention_percent, 100);
}

/// Whether `viewer` sets `user`'s targets: a head over an account manager.
pub fn may_set(viewer: &Viewer, user: &app_user::Model) -> bool {
    user.role == Role::AccountManager
        && viewer.role != Role::Admin
        && !matches!(viewer.scope(), Scope::Own(_) | Scope::Nothing)
        && viewer.scope().covers(&crate::users::placement(user))
}

/// Sets (or changes, with the version seen) a manager's targets for this month or the next.
pub async fn set(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    user_id: i64,
    month: Month,
    goals: Goals,
    expected_version: Option<i32>,
) -> AppResult<Model> {
    let now = state.now();
    let this = Month::of(business_date(now));
    let mut c = Check::new();
    check(&mut c, &goals);
    if month < this || month > this.plus(1) {
        c.push(UserError::new(
            "month",
            UserErrorCode::Invalid,
            "只能设定本月或下月的目标",
            "Targets are set for this month or the next",
        ));
    }
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let user = app_user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .filter(|u| crate::users::visible(viewer, u))
        .ok_or_else(AppError::not_found)?;
    if !may_set(viewer, &user) {
        return Err(UserError::new(
            "userId",
            UserErrorCode::NotPermitted,
            "只有上级负责人可以为客户经理设定目标",
            "Only a head sets an account manager's targets",
        )
        .into());
    }
    let before =
        Entity::find().filter(Column::UserId.eq(user.id)).filter(Column::Month.eq(month.to_string())).one(&txn).await?;
    let after = match keyed(before.as_ref(), expected_version)? {
        Keyed::Insert => {
            ActiveModel {
                user_id: Set(user.id),
                month: Set(month.to_string()),
                visits_per_day: Set(goals.visits_per_day),
                groups_visited: Set(goals.groups_visited),
                new_groups: Set(goals.new_groups),
                proposals: Set(goals.proposals),
                retention_percent: Set(goals.retention_percent),
                set_by: Set(viewer.user_id),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
        Keyed::Update(b, v) => {
            let cols = [
                (Column::VisitsPerDay, Expr::value(goals.visits_per_day)),
                (Column::GroupsVisited, Expr::value(goals.groups_visited)),
                (Column::NewGroups, Expr::value(goals.new_groups)),
                (Column::Proposals, Expr::value(goals.proposals)),
                (Column::RetentionPercent, Expr::value(goals.retention_percent)),
                (Column::SetBy, Expr::value(viewer.user_id)),
            ];
            let versioned = Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };
            versioned_update::<Entity, _>(&txn, versioned, b.id, v, now, cols).await?;
            Entity::find_by_id(b.id).one(&txn).await?.ok_or_else(AppError::not_found)?
        }
    };
    let change = Change {
        action: if before.is_some() { "kpi_target.update" } else { "kpi_target.set" },
        entity_type: "KpiTarget",
        entity_id: Some(after.id),
        before: before.as_ref().map(audit::snapshot),
        after: Some(audit::snapshot(&after)),
    };
    audit::commit(state, txn, now, actor, change).await?;
    Ok(after)
}

/// The targets of `users` for `month`, in one statement.
pub async fn of_users<C: ConnectionTrait>(db: &C, users: &[i64], month: Month) -> AppResult<HashMap<i64, Model>> {
    if users.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(Entity::find()
        .filter(Column::UserId.is_in(users.iter().copied()))
        .filter(Column::Month.eq(month.to_string()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.user_id, t))
        .collect())
}
