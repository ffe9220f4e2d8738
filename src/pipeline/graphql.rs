//! The pipeline board in the API.
use crate::graphql::ContextExt;
use async_graphql::{Context, ID, Object};
use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Select,
    sea_query::{Expr, ExprTrait},
};

use super::{BOARD, Stage};
use crate::{
    auth::Viewer,
    error::AppError,
    graphql::{
        child_pages::{ChildList, child_page},
        enums::Gql,
        relay::{KeysetConnection, NodeKind, PageArgs},
        scalars::Money,
    },
    groups::visible_group_ids,
    proposals::graphql::Proposal,
    state::Lang,
};
use entity::proposal::{Column, Entity};

/// The deals the viewer may see, optionally one manager's.
fn deals(viewer: &Viewer, owner: Option<i64>) -> Select<Entity> {
    Entity::find().filter(StageDeals::condition(&(viewer.clone(), owner)))
}

/// `PipelineStage.deals`: a stage's deals, newest first, for every stage of the board at once.
pub struct StageDeals;

impl ChildList for StageDeals {
    type Entity = Entity;
    type Parent = String;
    /// Whose board, and optionally one manager's deals.
    type Filter = (Viewer, Option<i64>);
    const DESCENDING: bool = true;
    fn parent() -> Column {
        Column::Stage
    }
    fn key() -> Column {
        Column::Id
    }
    fn condition((viewer, owner): &(Viewer, Option<i64>)) -> Condition {
        let c = Condition::all().add(Column::GroupId.in_subquery(visible_group_ids(viewer)));
        match owner {
            Some(o) => c.add(Column::OwnerId.eq(*o)),
            None => c,
        }
    }
}

#[derive(FromQueryResult)]
struct StageTotal {
    stage: String,
    count: i64,
    value: Option<Decimal>,
    monthly_value: Option<Decimal>,
}

/// The pipeline (销售漏斗) for your scope: one column per stage.
pub struct Pipeline {
    viewer: Viewer,
    owner: Option<i64>,
    totals: Vec<StageTotal>,
}

/// The pipeline (销售漏斗) for your scope: one column per stage.
#[Object]
impl Pipeline {
    /// The columns, in order: draft → pending approval → approved → sent → accepted →
    /// contract signed → active → installing → confirmed.
    async fn stages(&self) -> Vec<PipelineStage> {
        BOARD
            .iter()
            .map(|s| {
                let t = self.totals.iter().find(|t| t.stage == s.as_str());
                PipelineStage {
                    stage: *s,
                    count: t.map_or(0, |t| t.count),
                    value: t.and_then(|t| t.value).unwrap_or_default(),
                    monthly_value: t.and_then(|t| t.monthly_value).unwrap_or_default(),
                    viewer: self.viewer.clone(),
                    owner: self.owner,
                }
            })
            .collect()
    }
    /// Deals on the board.
    async fn total_count(&self) -> i64 {
        self.totals.iter().filter(|t| BOARD.iter().any(|s| s.as_str() == t.stage)).map(|t| t.count).sum()
    }
    /// Whole-term value on the board.
    async fn total_value(&self) -> Money {
        Money(self.totals.iter().filter(|t| BOARD.iter().any(|s| s.as_str() == t.stage)).filter_map(|t| t.value).sum())
    }
}

/// One column of the board.
pub struct PipelineStage {
    stage: Stage,
    count: i64,
    value: Decimal,
    monthly_value: Decimal,
    viewer: Viewer,
    owner: Option<i64>,
}

/// One column of the board.
#[Object]
impl PipelineStage {
    /// The stage.
    async fn stage(&self) -> Gql<Stage> {
        Gql(self.stage)
    }
    /// Its name in the request's language.
    async fn label(&self, ctx: &Context<'_>) -> &'static str {
        if ctx.lang() == Lang::En { self.stage.label_en() } else { self.stage.label_zh() }
    }
    /// Deals in it.
    async fn count(&self) -> i64 {
        self.count
    }
    /// Their whole-term value (after discount).
    async fn value(&self) -> Money {
        Money(self.value)
    }
    /// Their monthly recurring value.
    async fn monthly_value(&self) -> Money {
        Money(self.monthly_value)
    }
    /// The deals (proposals), newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn deals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<Proposal>> {
        let args = PageArgs { first, after, last, before };
        let (stage, filter) = (self.stage.as_str().to_string(), (self.viewer.clone(), self.owner));
        let page = child_page::<StageDeals, _>(ctx, stage, filter, args, Proposal).await?;
        crate::proposals::graphql::prime_page(ctx, page.edges.iter().map(|e| &e.node.0)).await?;
        Ok(page)
    }
}

#[derive(Default)]
pub struct PipelineQuery;

#[Object]
impl PipelineQuery {
    /// The pipeline board for your scope: counts and value per stage, and each stage's deals.
    async fn pipeline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this account manager's deals (global id).")] owner_id: Option<ID>,
    ) -> async_graphql::Result<Pipeline> {
        let viewer = ctx.viewer()?.clone();
        let owner = owner_id.map(|o| NodeKind::User.decode(&o).unwrap_or(-1));
        let totals = deals(&viewer, owner)
            .select_only()
            .column(Column::Stage)
            .column_as(Expr::col(Column::Id).count(), "count")
            .column_as(Expr::col(Column::Value).sum(), "value")
            .column_as(Expr::col(Column::MonthlyValue).sum(), "monthly_value")
            .group_by(Column::Stage)
            .into_model::<StageTotal>()
            .all(&ctx.state().db)
            .await
            .map_err(AppError::from)?;
        Ok(Pipeline { viewer, owner, totals })
    }
}
