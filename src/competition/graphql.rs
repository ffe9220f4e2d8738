//! Competition reports in the API.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{CompetitionReportStatus, service};
use crate::{
    error::{AppError, AppResult, UserError},
    fields::Month,
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::{load_by_id, load_children},
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
    },
    groups::graphql::{CustomerGroup, group_of_child},
    users::graphql::User,
};
use entity::competition_report::{Column, Entity, Model};

/// A competitor analysis for a group (竞争信息).
pub struct CompetitionReport(pub Model);

/// A competitor analysis for a group (竞争信息): filed by the manager, reviewed by the head.
#[Object]
impl CompetitionReport {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::CompetitionReport.id(self.0.id)
    }
    /// The group.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// Who moved in (竞争对手).
    async fn competitor(&self) -> &str {
        &self.0.competitor
    }
    /// With what offer.
    async fn offer(&self) -> &str {
        &self.0.offer
    }
    /// Which members or lines are affected.
    async fn affected(&self) -> &str {
        &self.0.affected
    }
    /// The countermeasures proposed (应对措施).
    async fn countermeasures(&self) -> &str {
        &self.0.countermeasures
    }
    /// The support needed (需要的支持).
    async fn support_needed(&self) -> Option<&str> {
        self.0.support_needed.as_deref()
    }
    /// Who filed it.
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<entity::app_user::Entity>(ctx, self.0.author_id).await?.map(User))
    }
    /// When filed.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// `YYYY-MM` it was filed in.
    async fn month(&self) -> &str {
        &self.0.month
    }
    /// Awaiting review, or reviewed.
    async fn status(&self) -> Gql<CompetitionReportStatus> {
        Gql(self.0.status)
    }
    /// The head's comment.
    async fn review_comment(&self) -> Option<&str> {
        self.0.review_comment.as_deref()
    }
    /// The head who reviewed it.
    async fn reviewed_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.reviewed_by else { return Ok(None) };
        Ok(load_by_id::<entity::app_user::Entity>(ctx, id).await?.map(User))
    }
    /// When reviewed.
    async fn reviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.reviewed_at
    }
    /// Whether you may review it now.
    async fn can_review(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let Some(g) = load_by_id::<entity::customer_group::Entity>(ctx, self.0.group_id).await? else {
            return Ok(false);
        };
        Ok(self.0.status == CompetitionReportStatus::Submitted
            && service::may_review(ctx.viewer()?, &self.0, g.owner_id))
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<CompetitionReport>> {
    let Some(r) = load_by_id::<Entity>(ctx, id).await? else { return Ok(None) };
    Ok(group_of_child(ctx, r.group_id).await?.map(|_| CompetitionReport(r)))
}

/// A group's reports, newest first.
pub async fn of_group(ctx: &Context<'_>, group_id: i64) -> AppResult<Vec<CompetitionReport>> {
    let mut rows = load_children::<Entity>(ctx, group_id).await?;
    rows.reverse();
    Ok(rows.into_iter().map(CompetitionReport).collect())
}

/// Reports filed in one month.
#[derive(SimpleObject)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Reports filed in it.
    pub count: i64,
}

#[derive(Default)]
pub struct CompetitionQuery;

#[Object]
impl CompetitionQuery {
    /// Competition reports of the groups you see, newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn competition_reports(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only these states.")] status: Option<Gql<CompetitionReportStatus>>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<CompetitionReport>> {
        let mut select = Entity::find().filter(service::visible_condition(ctx.viewer()?));
        if let Some(s) = status {
            select = select.filter(Column::Status.eq(s.0));
        }
        let args = PageArgs { first, after, last, before };
        Ok(keyset(&ctx.state().db, select, Column::Id, true, args, CompetitionReport).await?)
    }

    /// Reports filed per month from `fromMonth` to `toMonth` (at most 24 months).
    async fn competition_reports_by_month(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First month, `YYYY-MM`.")] from_month: String,
        #[graphql(desc = "Last month, `YYYY-MM`.")] to_month: String,
    ) -> async_graphql::Result<Vec<MonthCount>> {
        let from = Month::parse("fromMonth", &from_month).map_err(AppError::from)?;
        let to = Month::parse("toMonth", &to_month).map_err(AppError::from)?;
        if to < from || from.until(to) > 23 {
            return Err(
                AppError::bad_input("月份范围须在 24 个月以内且起止有序", "Give at most 24 months, in order").into()
            );
        }
        let rows = service::per_month(&ctx.state().db, ctx.viewer()?, from, to).await?;
        Ok(rows.into_iter().map(|(month, count)| MonthCount { month, count }).collect())
    }
}

/// A competitor analysis to file.
#[derive(InputObject)]
pub struct FileCompetitionReportInput {
    /// The group (global id).
    pub group_id: ID,
    /// Who moved in (at most 100 characters).
    pub competitor: String,
    /// With what offer (at most 1,000).
    pub offer: String,
    /// Which members or lines are affected (at most 1,000).
    pub affected: String,
    /// The countermeasures proposed (at most 2,000).
    pub countermeasures: String,
    /// The support needed (at most 1,000).
    pub support_needed: Option<String>,
}

/// The head's review.
#[derive(InputObject)]
pub struct ReviewCompetitionReportInput {
    /// The report (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// The head's comment (at most 1,000 characters).
    pub comment: String,
}

/// Result of a competition report change.
#[derive(SimpleObject)]
pub struct CompetitionReportPayload {
    /// The report as changed; null when there are user errors.
    pub report: Option<CompetitionReport>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<CompetitionReportPayload> {
    let (m, user_errors) = split(r)?;
    Ok(CompetitionReportPayload { report: m.map(CompetitionReport), user_errors })
}

#[derive(Default)]
pub struct CompetitionMutation;

#[Object]
impl CompetitionMutation {
    /// Files a competitor analysis for a group you keep (竞争信息上报).
    async fn file_competition_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: FileCompetitionReportInput,
    ) -> async_graphql::Result<CompetitionReportPayload> {
        let group_id = NodeKind::Group.decode(&input.group_id).ok_or_else(AppError::not_found)?;
        let new = service::NewReport {
            group_id,
            competitor: input.competitor,
            offer: input.offer,
            affected: input.affected,
            countermeasures: input.countermeasures,
            support_needed: input.support_needed,
        };
        payload(service::file(ctx.state(), &ctx.actor()?, ctx.viewer()?, new).await)
    }

    /// The head reviews a report, with a comment.
    async fn review_competition_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ReviewCompetitionReportInput,
    ) -> async_graphql::Result<CompetitionReportPayload> {
        let id = NodeKind::CompetitionReport.decode(&input.id).ok_or_else(AppError::not_found)?;
        payload(
            service::review(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, &input.comment)
                .await,
        )
    }
}
