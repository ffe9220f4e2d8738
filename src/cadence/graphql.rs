//! Visit cadence in the API: each group's standing in the viewer's scope, most behind first.
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use sea_orm::ColumnTrait;

use super::{CadencePeriod, Standing, group_ids, standings};
use crate::{
    error::AppError,
    graphql::ContextExt,
    graphql::{enums::Gql, relay::NodeKind, scalars::Date},
    groups::graphql::CustomerGroup,
};
use entity::customer_group::{Column, Model};

/// A group's visit cadence this month (走访达标).
pub struct CadenceStatus(Model, Standing);

/// A group's visit cadence this month (走访达标).
#[Object]
impl CadenceStatus {
    /// The group.
    async fn group(&self) -> CustomerGroup {
        CustomerGroup(self.0.clone())
    }
    /// The month, `YYYY-MM` (Beijing).
    async fn month(&self) -> String {
        self.1.month.to_string()
    }
    /// Calls (电话) required this month.
    async fn calls_required(&self) -> i32 {
        self.1.required.calls as i32
    }
    /// Calls done this month.
    async fn calls_done(&self) -> i32 {
        self.1.calls_done as i32
    }
    /// Onsite visits (上门, 联谊活动) required within the onsite period.
    async fn onsite_required(&self) -> i32 {
        self.1.required.onsite as i32
    }
    /// Onsite visits done within the onsite period.
    async fn onsite_done(&self) -> i32 {
        self.1.onsite_done as i32
    }
    /// The span onsite visits are counted over.
    async fn onsite_period(&self) -> Gql<CadencePeriod> {
        Gql(self.1.required.period)
    }
    /// First day of the onsite period.
    async fn onsite_period_start(&self) -> Date {
        Date(self.1.period_start)
    }
    /// Last day of the onsite period.
    async fn onsite_period_end(&self) -> Date {
        Date(self.1.period_end)
    }
    /// Members with ARPU above the high-value threshold (they ask for a call monthly and a visit
    /// every two months).
    async fn high_value_members(&self) -> i32 {
        self.1.high_value_members as i32
    }
    /// True when the group has what its cadence asks so far.
    async fn compliant(&self) -> bool {
        self.1.compliant()
    }
    /// When the group was last visited.
    async fn last_visit_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_visit_at
    }
}

#[derive(Default)]
pub struct CadenceQuery;

#[Object]
impl CadenceQuery {
    /// The visit cadence of the active groups in your scope (optionally one manager's), most
    /// behind first (rule 7).
    async fn visit_cadence(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this account manager's groups.")] owner_id: Option<ID>,
        #[graphql(desc = "Only groups behind their cadence (default false).")] overdue_only: Option<bool>,
    ) -> async_graphql::Result<Vec<CadenceStatus>> {
        let viewer = ctx.viewer()?;
        let mut cond = viewer.scope().condition(Column::OwnerId, Column::DepartmentId, Column::BranchId);
        if let Some(id) = owner_id {
            let owner = NodeKind::User.decode(&id).ok_or_else(AppError::not_found)?;
            cond = cond.add(Column::OwnerId.eq(owner));
        }
        let mut list = standings(&ctx.state().db, group_ids(cond), ctx.state().now()).await?;
        if overdue_only.unwrap_or(false) {
            list.retain(|(_, s)| !s.compliant());
        }
        list.sort_by(|(ga, a), (gb, b)| {
            a.compliant().cmp(&b.compliant()).then(b.shortfall().cmp(&a.shortfall())).then(ga.name.cmp(&gb.name))
        });
        Ok(list.into_iter().map(|(g, s)| CadenceStatus(g, s)).collect())
    }
}
