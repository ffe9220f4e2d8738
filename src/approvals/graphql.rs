//! Approvals in the API: requests, the inbox, decisions and the matrix.
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect, QueryTrait};

use super::{Matrix, RequestKind, RequestStatus, StepStatus, StoredRule, service};
use crate::{
    auth::Role,
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::{load_by_id, load_children},
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
        scalars::Money,
    },
    groups::graphql::{CustomerGroup, group_of_child},
    proposals::graphql::{Proposal, ProposalVersion, percent},
    users::graphql::{User, load_visible as load_user},
};
use entity::{
    approval_request::{Column, Entity, Model},
    approval_step,
};

/// A request for approval (审批单 / 优惠审批单) with its chain of steps.
pub struct ApprovalRequest(pub Model);

/// A request for approval (审批单 / 优惠审批单) with its chain of steps.
#[Object]
impl ApprovalRequest {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::ApprovalRequest.id(self.0.id)
    }
    /// Proposal approval, or discount approval.
    async fn kind(&self) -> Gql<RequestKind> {
        Gql(self.0.kind)
    }
    /// Overall status (审批状态).
    async fn status(&self) -> Gql<RequestStatus> {
        Gql(self.0.status)
    }
    /// Changes with every decision; send it back as `expectedVersion` when deciding.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The proposal; visible to whoever may act on a step.
    async fn proposal(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Proposal>> {
        let Some(id) = self.0.proposal_id else { return Ok(None) };
        Ok(load_by_id::<entity::proposal::Entity>(ctx, id).await?.map(Proposal))
    }
    /// The proposal version it approves.
    async fn proposal_version(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ProposalVersion>> {
        let Some(id) = self.0.proposal_version_id else { return Ok(None) };
        Ok(load_by_id::<entity::proposal_version::Entity>(ctx, id).await?.map(ProposalVersion))
    }
    /// The group; null when outside your scope.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// Who asked (申请人).
    async fn requester(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<entity::app_user::Entity>(ctx, self.0.requester_id).await?.map(crate::users::graphql::User))
    }
    /// Number of the approval matrix the chain came from.
    async fn matrix_number(&self) -> i32 {
        self.0.matrix_number
    }
    /// Industry type (行业类型): the group's segment.
    async fn industry_type(&self) -> Option<&str> {
        self.0.industry_type.as_deref()
    }
    /// Industry name (行业名称).
    async fn industry_name(&self) -> Option<&str> {
        self.0.industry_name.as_deref()
    }
    /// Services discounted (优惠业务).
    async fn discounted_services(&self) -> Vec<String> {
        serde_json::from_value(self.0.discounted_services.clone()).unwrap_or_default()
    }
    /// Customer background (客户背景).
    async fn customer_background(&self) -> Option<&str> {
        self.0.customer_background.as_deref()
    }
    /// Competitive situation (竞争情况).
    async fn competitive_situation(&self) -> Option<&str> {
        self.0.competitive_situation.as_deref()
    }
    /// Justification (申请理由).
    async fn justification(&self) -> Option<&str> {
        self.0.justification.as_deref()
    }
    /// The discount asked for on each line (申请优惠明细).
    async fn line_discounts(&self) -> async_graphql::Result<Vec<LineDiscount>> {
        let rows: Vec<service::LineDiscount> =
            serde_json::from_value(self.0.line_discounts.clone()).map_err(AppError::internal)?;
        Ok(rows.into_iter().map(LineDiscount).collect())
    }
    /// Monthly discount amount (月优惠金额).
    async fn monthly_discount(&self) -> Money {
        Money(self.0.monthly_discount)
    }
    /// Largest line discount, percent.
    async fn max_line_discount_percent(&self) -> Money {
        percent(self.0.max_line_rate)
    }
    /// The installation job whose number is to be approved (`NUMBER_GRADE` requests).
    async fn job(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<crate::installs::graphql::InstallationJob>> {
        let Some(id) = self.0.job_id else { return Ok(None) };
        Ok(load_by_id::<entity::installation_job::Entity>(ctx, id)
            .await?
            .map(crate::installs::graphql::InstallationJob))
    }
    /// The contract under review (`CONTRACT_REVIEW` requests); null when outside your scope.
    async fn contract(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<crate::contracts::graphql::Contract>> {
        let Some(id) = self.0.contract_id else { return Ok(None) };
        Ok(crate::contracts::graphql::load_visible(ctx, id).await?)
    }
    /// The number asked for (`NUMBER_GRADE` requests).
    async fn requested_number(&self) -> Option<&str> {
        self.0.requested_number.as_deref()
    }
    /// Its grade (`NUMBER_GRADE` requests).
    async fn number_grade(&self) -> Option<Gql<crate::numbers::NumberGrade>> {
        self.0.number_grade.map(Gql)
    }
    /// What the grade asked of the customer when the number was requested (`NUMBER_GRADE`
    /// requests): the pattern, prestore and monthly minimum being approved, unchanged by a later
    /// change of the settings.
    async fn number_terms(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<crate::numbers::graphql::NumberTerms>> {
        let Some(number) = self.0.requested_number.as_deref() else { return Ok(None) };
        crate::numbers::graphql::NumberTerms::of_request(
            ctx,
            number,
            self.0.number_prestore,
            self.0.number_monthly_minimum,
        )
        .await
    }
    /// The earlier discount approval kept on revision (rule 3: only lowered discounts).
    async fn carried_from(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ApprovalRequest>> {
        let Some(id) = self.0.carried_from_id else { return Ok(None) };
        Ok(load_by_id::<Entity>(ctx, id).await?.map(ApprovalRequest))
    }
    /// The chain, in order.
    async fn steps(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ApprovalStep>> {
        Ok(load_children::<approval_step::Entity>(ctx, self.0.id).await?.into_iter().map(ApprovalStep).collect())
    }
    /// True when the step waiting now is yours to decide.
    async fn can_decide(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let viewer = ctx.viewer()?;
        let steps = load_children::<approval_step::Entity>(ctx, self.0.id).await?;
        Ok(service::decides_now(viewer, &self.0, &steps))
    }
    /// The billing adjustment it approves (`BILLING_ADJUSTMENT` requests).
    async fn billing_adjustment(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<crate::billing::graphql::BillingAdjustment>> {
        let Some(id) = self.0.adjustment_id else { return Ok(None) };
        Ok(crate::billing::graphql::load_visible(ctx, id).await?)
    }
    /// Prestore waived on the number (预存款减免, rule 17; `NUMBER_GRADE` requests).
    async fn prestore_waiver(&self) -> Option<Money> {
        self.0.prestore_waiver.map(Money::of)
    }
    /// When raised.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When approved, rejected or cancelled.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
}

/// A line's requested discount.
pub struct LineDiscount(service::LineDiscount);

/// A line's requested discount.
#[Object]
impl LineDiscount {
    /// Product code.
    async fn product_code(&self) -> &str {
        &self.0.product_code
    }
    /// Product name (中文).
    async fn product_name(&self) -> &str {
        &self.0.product_name
    }
    /// Quantity.
    async fn quantity(&self) -> i32 {
        self.0.quantity
    }
    /// Term in months.
    async fn term_months(&self) -> i32 {
        self.0.term_months
    }
    /// Standard unit price.
    async fn unit_price(&self) -> Money {
        Money(self.0.unit_price)
    }
    /// Unit price asked for.
    async fn net_unit_price(&self) -> Money {
        Money(self.0.net_unit_price)
    }
    /// Discount, percent.
    async fn discount_percent(&self) -> Money {
        percent(self.0.line_rate)
    }
    /// Monthly discount amount of the line.
    async fn monthly_discount(&self) -> Money {
        Money(self.0.monthly_discount)
    }
}

/// One step of an approval chain (审批环节).
pub struct ApprovalStep(approval_step::Model);

/// One step of an approval chain (审批环节).
#[Object]
impl ApprovalStep {
    /// Position, from 1.
    async fn position(&self) -> i32 {
        self.0.position
    }
    /// The role that must act.
    async fn role(&self) -> Gql<Role> {
        Gql(self.0.role)
    }
    /// For a department head's step: the department whose head acts (the request's, or one
    /// rule 15 adds for the cause).
    async fn department(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<crate::org::graphql::OrgUnit>> {
        let Some(id) = self.0.unit_id else { return Ok(None) };
        Ok(load_by_id::<entity::org_unit::Entity>(ctx, id).await?.map(crate::org::graphql::OrgUnit))
    }
    /// Where it stands.
    async fn status(&self) -> Gql<StepStatus> {
        Gql(self.0.status)
    }
    /// Who acted; null while undecided or when outside your scope.
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.actor_id else { return Ok(None) };
        Ok(load_user(ctx, id).await?)
    }
    /// The approver's comment (审批意见).
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// When decided.
    async fn acted_at(&self) -> Option<DateTime<Utc>> {
        self.0.acted_at
    }
}

/// Loads a request the viewer may see (through the group, or as a possible approver).
pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<ApprovalRequest>> {
    match service::visible(&ctx.state().db, ctx.viewer()?, id).await {
        Ok((r, _)) => Ok(Some(ApprovalRequest(r))),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Which side of the inbox.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApprovalBox {
    /// Requests whose current step waits on you (待我审批).
    #[default]
    Waiting,
    /// Requests where you decided a step (我已审批).
    Decided,
    /// Requests you raised (我发起的).
    Raised,
}

/// A rule of the approval matrix (审批权限).
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(input_name = "MatrixRuleInput")]
pub struct MatrixRule {
    /// Applies when the monthly discount amount is at least this (CNY).
    pub min_monthly_discount: Option<Money>,
    /// Applies when some line is discounted more than this percent.
    pub line_discount_above_percent: Option<Money>,
    /// Roles that must approve, in any order (they act by authority).
    pub chain: Vec<Gql<Role>>,
}

/// The approval matrix in force.
#[derive(SimpleObject)]
pub struct ApprovalMatrix {
    /// Its number; requests record it.
    pub number: i32,
    /// Its rules. The department head approves every proposal regardless.
    pub rules: Vec<MatrixRule>,
}

fn matrix_view(m: Matrix) -> ApprovalMatrix {
    ApprovalMatrix {
        number: m.number,
        rules: m
            .rules
            .into_iter()
            .map(|r| MatrixRule {
                min_monthly_discount: r.min_monthly_discount.map(Money),
                line_discount_above_percent: r.line_rate_above.map(percent),
                chain: r.chain.into_iter().map(Gql).collect(),
            })
            .collect(),
    }
}

#[derive(Default)]
pub struct ApprovalQuery;

#[Object]
impl ApprovalQuery {
    /// Your approval inbox, newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn my_approvals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which side of the inbox (default WAITING).")] r#box: Option<ApprovalBox>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<ApprovalRequest>> {
        let viewer = ctx.viewer()?;
        let steps = approval_step::Entity::find().select_only().column(approval_step::Column::RequestId);
        let select = match r#box.unwrap_or_default() {
            ApprovalBox::Waiting => {
                let mut s = steps
                    .filter(approval_step::Column::Status.eq(StepStatus::Pending))
                    .filter(approval_step::Column::Role.eq(viewer.role))
                    .filter(approval_step::Column::RequesterId.ne(viewer.user_id));
                s = match viewer.role {
                    Role::GeneralManager => s,
                    // A department head decides for the step's department (see `holds_step`).
                    Role::DepartmentHead => {
                        s.filter(approval_step::Column::UnitId.eq(viewer.department_id.unwrap_or(-1)))
                    }
                    _ => s.filter(approval_step::Column::BranchId.eq(viewer.branch_id.unwrap_or(-1))),
                };
                Entity::find().filter(Column::Id.in_subquery(s.into_query()))
            }
            ApprovalBox::Decided => Entity::find().filter(
                Column::Id.in_subquery(steps.filter(approval_step::Column::ActorId.eq(viewer.user_id)).into_query()),
            ),
            ApprovalBox::Raised => Entity::find().filter(Condition::all().add(Column::RequesterId.eq(viewer.user_id))),
        };
        Ok(keyset(&ctx.state().db, select, Column::Id, true, PageArgs { first, after, last, before }, ApprovalRequest)
            .await?)
    }

    /// The approval matrix in force.
    async fn approval_matrix(&self, ctx: &Context<'_>) -> async_graphql::Result<ApprovalMatrix> {
        ctx.viewer()?;
        Ok(matrix_view(Matrix::current(&ctx.state().db).await?))
    }

    /// The chain of approvers a proposal with these figures would need, under the matrix in force.
    async fn approval_chain_preview(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Monthly discount amount.")] monthly_discount: Money,
        #[graphql(desc = "Largest line discount, percent.")] max_line_discount_percent: Money,
    ) -> async_graphql::Result<Vec<Gql<Role>>> {
        ctx.viewer()?;
        let m = Matrix::current(&ctx.state().db).await?;
        Ok(m.chain(monthly_discount.0, max_line_discount_percent.0 / rust_decimal::Decimal::ONE_HUNDRED)
            .into_iter()
            .map(Gql)
            .collect())
    }
}

/// A decision on the step waiting on you.
#[derive(InputObject)]
pub struct DecideStepInput {
    /// The approval request (global id).
    pub request_id: ID,
    /// Your comment (审批意见); required to reject.
    pub comment: Option<String>,
    /// The request's `version` as you saw it. When given, a request that moved on since (a
    /// second click, another approver) is refused with `CONFLICT` instead of being decided.
    pub expected_version: Option<i32>,
}

/// Result of a decision.
#[derive(SimpleObject)]
pub struct ApprovalPayload {
    /// The request as changed; null when there are user errors.
    pub request: Option<ApprovalRequest>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

/// A new approval matrix.
#[derive(InputObject)]
pub struct UpdateApprovalMatrixInput {
    /// Number of the matrix the caller last saw; a newer one is a `CONFLICT`.
    pub expected_number: i32,
    /// The rules (1–50).
    pub rules: Vec<MatrixRule>,
}

/// Result of changing the matrix.
#[derive(SimpleObject)]
pub struct ApprovalMatrixPayload {
    /// The matrix now in force; null when there are user errors.
    pub matrix: Option<ApprovalMatrix>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct ApprovalMutation;

impl ApprovalMutation {
    async fn decide(
        ctx: &Context<'_>,
        input: DecideStepInput,
        approve: bool,
    ) -> async_graphql::Result<ApprovalPayload> {
        let id = NodeKind::ApprovalRequest.decode(&input.request_id).ok_or_else(AppError::not_found)?;
        let r = service::decide_step(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            id,
            approve,
            input.comment.as_deref(),
            input.expected_version,
        )
        .await;
        let (m, user_errors) = split(r)?;
        Ok(ApprovalPayload { request: m.map(ApprovalRequest), user_errors })
    }
}

#[Object]
impl ApprovalMutation {
    /// Approves the step waiting on you (同意).
    async fn approve_step(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: DecideStepInput,
    ) -> async_graphql::Result<ApprovalPayload> {
        Self::decide(ctx, input, true).await
    }

    /// Rejects the step waiting on you (驳回); the proposal returns to draft.
    async fn reject_step(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: DecideStepInput,
    ) -> async_graphql::Result<ApprovalPayload> {
        Self::decide(ctx, input, false).await
    }

    /// Replaces the approval matrix (admins only).
    async fn update_approval_matrix(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: UpdateApprovalMatrixInput,
    ) -> async_graphql::Result<ApprovalMatrixPayload> {
        if !ctx.viewer()?.is_admin() {
            return Err(AppError::forbidden().into());
        }
        let rules = input
            .rules
            .into_iter()
            .map(|r| StoredRule {
                min_monthly_discount: r.min_monthly_discount.map(|m| m.0),
                line_rate_above: r.line_discount_above_percent.map(|p| p.0 / rust_decimal::Decimal::ONE_HUNDRED),
                chain: r.chain.iter().map(|c| c.as_str().to_string()).collect(),
            })
            .collect();
        let r = service::update_matrix(ctx.state(), &ctx.actor()?, input.expected_number, rules).await;
        let (m, user_errors) = split(r)?;
        let matrix = match m {
            Some(_) => Some(matrix_view(Matrix::current(&ctx.state().db).await?)),
            None => None,
        };
        Ok(ApprovalMatrixPayload { matrix, user_errors })
    }
}
