//! Stage summaries and the case library in the API.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{EntityTrait, QueryFilter};

use super::{finished, service};
use crate::{
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::{load_by_id, load_children},
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
    },
    groups::graphql::{CustomerGroup, group_of_child},
    pipeline::Stage,
    users::graphql::User,
};
use entity::{
    app_user, project_note,
    work_case::{Column, Entity, Model},
};

/// A project-stage summary (项目阶段小结).
pub struct StageSummary(pub project_note::Model);

/// A project-stage summary (项目阶段小结): what the manager wrote about the deal at a stage.
#[Object]
impl StageSummary {
    /// The deal's stage when it was written.
    async fn stage(&self) -> Gql<Stage> {
        Gql(self.0.stage)
    }
    /// What was written.
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// Who wrote it.
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<app_user::Entity>(ctx, self.0.author_id).await?.map(User))
    }
    /// When.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A case in the library (工作案例).
pub struct WorkCase(pub Model);

/// A case in the library (工作案例): a finished project written up for colleagues, the
/// customer named as its author chose. Every colleague sees the library; the group itself only
/// those whose scope covers it.
#[Object]
impl WorkCase {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::WorkCase.id(self.0.id)
    }
    /// Its title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The customer as the case names it (e.g. 某区教育局).
    async fn customer_label(&self) -> &str {
        &self.0.customer_label
    }
    /// The customer's industry.
    async fn industry(&self) -> &str {
        &self.0.industry
    }
    /// The products of the deal, by name.
    async fn products(&self) -> &str {
        &self.0.products
    }
    /// The customer's problem or need (背景与难点).
    async fn challenge(&self) -> &str {
        &self.0.challenge
    }
    /// What was done (方案与做法).
    async fn solution(&self) -> &str {
        &self.0.solution
    }
    /// What came of it (成效).
    async fn result(&self) -> &str {
        &self.0.result
    }
    /// Who wrote it up.
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<app_user::Entity>(ctx, self.0.author_id).await?.map(User))
    }
    /// The group, when your scope covers it.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// Whether you may change it (its author).
    async fn can_edit(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(ctx.viewer()?.user_id == self.0.author_id)
    }
    /// When published.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// Any signed-in colleague reads the library.
pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<WorkCase>> {
    ctx.viewer()?;
    Ok(load_by_id::<Entity>(ctx, id).await?.map(WorkCase))
}

/// A deal's stage summaries, oldest first (for `Proposal.stageSummaries`).
pub async fn stage_summaries(ctx: &Context<'_>, proposal_id: i64) -> AppResult<Vec<StageSummary>> {
    Ok(load_children::<project_note::Entity>(ctx, proposal_id).await?.into_iter().map(StageSummary).collect())
}

/// A deal's case, if published (for `Proposal.workCase`).
pub async fn case_of(ctx: &Context<'_>, proposal_id: i64) -> AppResult<Option<WorkCase>> {
    Ok(load_children::<Entity>(ctx, proposal_id).await?.into_iter().next().map(WorkCase))
}

/// Whether the viewer may publish the deal as a case now (for `Proposal.canPublishCase`).
pub async fn can_publish(ctx: &Context<'_>, p: &entity::proposal::Model) -> AppResult<bool> {
    if !finished(p.stage) || case_of(ctx, p.id).await?.is_some() {
        return Ok(false);
    }
    let Some(g) = load_by_id::<entity::customer_group::Entity>(ctx, p.group_id).await? else { return Ok(false) };
    Ok(crate::groups::may_write(ctx.viewer()?, &g))
}

#[derive(Default)]
pub struct CaseQuery;

#[Object]
impl CaseQuery {
    /// The case library (工作案例), newest first: finished projects written up by colleagues
    /// across the company, searched in their title, customer, industry, products and text.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn work_cases(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words to find (at most 100 characters).")] search: Option<String>,
        #[graphql(desc = "Only this industry.")] industry: Option<String>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<WorkCase>> {
        ctx.viewer()?;
        let search = crate::fields::search_text(search)?;
        let industry = crate::fields::search_text(industry)?;
        let cond = service::search_condition(search.as_deref(), industry.as_deref());
        let args = PageArgs { first, after, last, before };
        Ok(keyset(&ctx.state().db, Entity::find().filter(cond), Column::Id, true, args, WorkCase).await?)
    }

    /// A draft of a stage summary for a deal you work on, from its facts, in your language.
    async fn stage_summary_draft(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The deal (proposal's global id).")] proposal_id: ID,
    ) -> async_graphql::Result<String> {
        let id = NodeKind::Proposal.decode(&proposal_id).ok_or_else(AppError::not_found)?;
        Ok(service::draft_note(&ctx.state().db, ctx.viewer()?, id, ctx.lang()).await?)
    }
}

/// A stage summary to add.
#[derive(InputObject)]
pub struct AddStageSummaryInput {
    /// The deal (proposal's global id).
    pub proposal_id: ID,
    /// What to write (at most 2,000 characters).
    pub text: String,
}

/// Result of adding a stage summary.
#[derive(SimpleObject)]
pub struct StageSummaryPayload {
    /// The summary added; null when there are user errors.
    pub summary: Option<StageSummary>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

/// A case's text.
#[derive(InputObject)]
pub struct CaseTextInput {
    /// A title (at most 100 characters).
    pub title: String,
    /// How the case names the customer (at most 100 characters, e.g. 某区教育局).
    pub customer_label: String,
    /// The customer's problem or need (at most 2,000 characters).
    pub challenge: String,
    /// What was done (at most 2,000 characters).
    pub solution: String,
    /// What came of it (at most 2,000 characters).
    pub result: String,
}

impl From<CaseTextInput> for service::CaseText {
    fn from(t: CaseTextInput) -> Self {
        Self {
            title: t.title,
            customer_label: t.customer_label,
            challenge: t.challenge,
            solution: t.solution,
            result: t.result,
        }
    }
}

/// A finished deal to publish as a case.
#[derive(InputObject)]
pub struct PublishWorkCaseInput {
    /// The deal (proposal's global id).
    pub proposal_id: ID,
    /// The case.
    pub case: CaseTextInput,
}

/// A change to a case.
#[derive(InputObject)]
pub struct EditWorkCaseInput {
    /// The case (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// The case.
    pub case: CaseTextInput,
}

/// Result of a case change.
#[derive(SimpleObject)]
pub struct WorkCasePayload {
    /// The case as changed; null when there are user errors.
    pub work_case: Option<WorkCase>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<WorkCasePayload> {
    let (m, user_errors) = split(r)?;
    Ok(WorkCasePayload { work_case: m.map(WorkCase), user_errors })
}

fn proposal_id(id: &ID) -> AppResult<i64> {
    NodeKind::Proposal.decode(id).ok_or_else(AppError::not_found)
}

#[derive(Default)]
pub struct CaseMutation;

#[Object]
impl CaseMutation {
    /// Adds a stage summary (项目阶段小结) to a deal you work on, at its stage now.
    async fn add_stage_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The summary; see its type for the fields.")] input: AddStageSummaryInput,
    ) -> async_graphql::Result<StageSummaryPayload> {
        let id = proposal_id(&input.proposal_id)?;
        let (m, user_errors) =
            split(service::add_note(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, &input.text).await)?;
        Ok(StageSummaryPayload { summary: m.map(StageSummary), user_errors })
    }

    /// Publishes a finished deal you work on (its contract in force) as a case (工作案例), once.
    async fn publish_work_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case; see its type for the fields.")] input: PublishWorkCaseInput,
    ) -> async_graphql::Result<WorkCasePayload> {
        let id = proposal_id(&input.proposal_id)?;
        let text = input.case.into();
        payload(service::publish(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, &text).await)
    }

    /// Its author changes a case.
    async fn edit_work_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change; see its type for the fields.")] input: EditWorkCaseInput,
    ) -> async_graphql::Result<WorkCasePayload> {
        let id = NodeKind::WorkCase.decode(&input.id).ok_or_else(AppError::not_found)?;
        let text = input.case.into();
        let (state, actor, viewer) = (ctx.state(), ctx.actor()?, ctx.viewer()?);
        payload(service::edit(state, &actor, viewer, id, input.expected_version, &text).await)
    }
}
