//! Billing adjustments in the API: the request with its evidence, the chain preview, the stages
//! after approval and the month's analysis.
use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Upload, dataloader::Loader};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::{AdjustmentAction, AdjustmentCause, AdjustmentStatus, OrgFunction, Tiers, service};
use crate::{
    approvals::graphql::ApprovalRequest,
    auth::Role,
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::Month,
    graphql::ContextExt,
    graphql::files::{self, EvidenceFile},
    graphql::{
        enums::Gql,
        loaders::{CachedLoader, load_by_id, load_children},
        offers::allowed,
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
        scalars::Money,
    },
    groups::graphql::{CustomerGroup, group_of_child},
    org::graphql::OrgUnit,
    users::graphql::{User, user_ref},
};
use entity::{
    billing_adjustment::{Column, Entity, Model},
    billing_evidence,
};

/// The viewer's department's function (cached by the request's loader).
async fn function_of(ctx: &Context<'_>) -> AppResult<Option<OrgFunction>> {
    let viewer = ctx.viewer()?;
    if !matches!(viewer.role, Role::DepartmentHead | Role::Billing) {
        return Ok(None);
    }
    let Some(dept) = viewer.department_id else { return Ok(None) };
    Ok(load_by_id::<entity::org_unit::Entity>(ctx, dept).await?.and_then(|u| u.function))
}

/// A billing adjustment (补退费申请).
pub struct BillingAdjustment(pub Model);

/// A billing adjustment (补退费申请): a refund (positive) or back-charge (negative) on one
/// account's bill for one month, approved by rule 15's chain, then executed, checked and audited.
#[Object]
impl BillingAdjustment {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::BillingAdjustment.id(self.0.id)
    }
    /// Its number, e.g. `BT2027030001`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// The group; null when outside your scope (approvers of other departments see `customerName`).
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// The customer's name (集团名称).
    async fn customer_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(load_by_id::<entity::customer_group::Entity>(ctx, self.0.group_id)
            .await?
            .map(|g| g.name)
            .unwrap_or_default())
    }
    /// The billing account (账户) or line number.
    async fn account_no(&self) -> &str {
        &self.0.account_no
    }
    /// The member's name, when a member was named.
    async fn member_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let Some(id) = self.0.member_id else { return Ok(None) };
        Ok(load_by_id::<entity::member::Entity>(ctx, id).await?.map(|m| m.name))
    }
    /// The bill's month, `YYYY-MM` (账期).
    async fn month(&self) -> &str {
        &self.0.month
    }
    /// Positive: refund (退费); negative: back-charge (补收).
    async fn amount(&self) -> Money {
        Money::of(self.0.amount)
    }
    /// The account's adjustments in that month with this one, by size: what the chain was sized on.
    async fn accumulated(&self) -> Money {
        Money::of(self.0.accumulated)
    }
    /// Why (补退费原因).
    async fn cause(&self) -> Gql<AdjustmentCause> {
        Gql(self.0.cause)
    }
    /// The cause described (原因说明).
    async fn cause_text(&self) -> &str {
        &self.0.cause_text
    }
    /// What should change so it does not happen again (整改意见).
    async fn rectification(&self) -> &str {
        &self.0.rectification
    }
    /// Its stage.
    async fn status(&self) -> Gql<AdjustmentStatus> {
        Gql(self.0.status)
    }
    /// The approval request and its chain.
    async fn approval(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ApprovalRequest>> {
        let Some(id) = self.0.request_id else { return Ok(None) };
        Ok(load_by_id::<entity::approval_request::Entity>(ctx, id).await?.map(ApprovalRequest))
    }
    /// Who asked (申请人).
    async fn requester(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<entity::app_user::Entity>(ctx, self.0.requester_id).await?.map(User))
    }
    /// The requester's department.
    async fn department(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrgUnit>> {
        Ok(load_by_id::<entity::org_unit::Entity>(ctx, self.0.department_id).await?.map(OrgUnit))
    }
    /// The billing system's reference for what was done (操作流水号).
    async fn billing_reference(&self) -> Option<&str> {
        self.0.billing_reference.as_deref()
    }
    /// Who executed it in the billing system.
    async fn executed_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user_ref(ctx, self.0.executed_by).await
    }
    /// When executed.
    async fn executed_at(&self) -> Option<DateTime<Utc>> {
        self.0.executed_at
    }
    /// Who checked it (审核).
    async fn checked_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user_ref(ctx, self.0.checked_by).await
    }
    /// When checked.
    async fn checked_at(&self) -> Option<DateTime<Utc>> {
        self.0.checked_at
    }
    /// Who audited it (稽核).
    async fn audited_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user_ref(ctx, self.0.audited_by).await
    }
    /// When audited.
    async fn audited_at(&self) -> Option<DateTime<Utc>> {
        self.0.audited_at
    }
    /// What the last stage's actor (or the deciding approver) wrote.
    async fn stage_note(&self) -> Option<&str> {
        self.0.stage_note.as_deref()
    }
    /// The evidence files (依据性文件).
    async fn evidence(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<EvidenceFile>> {
        Ok(files::of::<billing_evidence::Entity>(ctx, self.0.id).await?)
    }
    /// One evidence file by its `id` (to fetch its content alone); null when it is not this adjustment's.
    async fn evidence_file(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The file's `id`.")] id: ID,
    ) -> async_graphql::Result<Option<EvidenceFile>> {
        let all = files::of::<billing_evidence::Entity>(ctx, self.0.id).await?;
        Ok(all.into_iter().find(|f| id.0 == f.row.id.to_string()))
    }
    /// The member's recent bills, newest first (up to 6 months); empty for an account without a member.
    async fn recent_bills(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::members::graphql::MemberRevenue>> {
        let Some(id) = self.0.member_id else { return Ok(vec![]) };
        let all = load_children::<entity::member_revenue::Entity>(ctx, id).await?;
        Ok(all.into_iter().take(6).map(crate::members::graphql::MemberRevenue).collect())
    }
    /// The account's other adjustments, newest first (at most 20).
    async fn previous_adjustments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<BillingAdjustment>> {
        let loader = ctx.data::<CachedLoader<AccountHistory>>().map_err(|_| AppError::internal("history loader"))?;
        let all = loader
            .load_one((self.0.group_id, self.0.account_no.clone()))
            .await
            .map_err(crate::graphql::loaders::db_err)?
            .unwrap_or_default();
        Ok(all.into_iter().filter(|a| a.id != self.0.id).take(20).map(BillingAdjustment).collect())
    }
    /// What you may do with it now.
    async fn allowed_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Gql<AdjustmentAction>>> {
        Ok(allowed(service::offers(ctx.viewer()?, function_of(ctx).await?, &self.0)))
    }
    /// When asked for.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}


/// Loads the adjustments of many accounts (group and account number) at once, newest first.
pub struct AccountHistory(pub DatabaseConnection);

impl Loader<(i64, String)> for AccountHistory {
    type Value = Vec<Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[(i64, String)]) -> Result<HashMap<(i64, String), Vec<Model>>, Self::Error> {
        let rows = Entity::find()
            .filter(Column::GroupId.is_in(keys.iter().map(|k| k.0)))
            .filter(Column::AccountNo.is_in(keys.iter().map(|k| k.1.clone())))
            .order_by_desc(Column::Id)
            .all(&self.0)
            .await
            .map_err(Arc::new)?;
        let mut out: HashMap<(i64, String), Vec<Model>> = HashMap::new();
        for r in rows {
            let key = (r.group_id, r.account_no.clone());
            if keys.contains(&key) {
                out.entry(key).or_default().push(r);
            }
        }
        Ok(out)
    }
}

/// Loads an adjustment the viewer sees.
pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<BillingAdjustment>> {
    match service::find_visible(&ctx.state().db, ctx.viewer()?, id).await {
        Ok(m) => Ok(Some(BillingAdjustment(m))),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// One step of a chain as it would be opened.
#[derive(SimpleObject)]
pub struct ChainStepPreview {
    /// The role that acts.
    pub role: Gql<Role>,
    /// For a department head: the department whose head acts (the requester's own, or one the
    /// cause adds: 业务主管部门, 市场部, 信息化中心, 网络维护部).
    pub department_name: Option<String>,
}

/// What the chain of an adjustment would be now.
#[derive(SimpleObject)]
pub struct AdjustmentChainPreview {
    /// The account's adjustments that month with this one, by size (rule 15's basis); null when
    /// there are user errors.
    pub accumulated: Option<Money>,
    /// The approvers in order; empty when there are user errors.
    pub steps: Vec<ChainStepPreview>,
    /// Why the figures cannot be sized yet (a field to fix, a department not set up).
    pub user_errors: Vec<UserError>,
}

/// Adjustments of one kind in the analysis: how many, refunded, back-charged.
#[derive(SimpleObject)]
pub struct AdjustmentTally {
    /// How many.
    pub count: i64,
    /// Refunded (退费), CNY.
    pub refunded: Money,
    /// Back-charged (补收), CNY.
    pub back_charged: Money,
}

impl From<service::Tally> for AdjustmentTally {
    fn from(t: service::Tally) -> Self {
        Self { count: t.count, refunded: Money::of(t.refunded), back_charged: Money::of(t.back_charged) }
    }
}

/// The adjustments of one cause.
#[derive(SimpleObject)]
pub struct AdjustmentsByCause {
    /// The cause.
    pub cause: Gql<AdjustmentCause>,
    /// Its figures.
    pub tally: AdjustmentTally,
}

/// The adjustments asked for by one department.
#[derive(SimpleObject)]
pub struct AdjustmentsByDepartment {
    /// The department.
    pub department: Option<OrgUnit>,
    /// Its figures.
    pub tally: AdjustmentTally,
}

/// The adjustments of one size band (by rule 15's tiers).
#[derive(SimpleObject)]
pub struct AdjustmentsByBand {
    /// The band's lower bound (its size), CNY; the band reaches the next one's.
    pub from: Money,
    /// Its figures.
    pub tally: AdjustmentTally,
}

/// A month's adjustments analysed (补退费分析): those approved and on, by cause, department and
/// size, with their rectification proposals.
#[derive(SimpleObject)]
pub struct AdjustmentAnalysis {
    /// The bill month, `YYYY-MM`.
    pub month: String,
    /// All of them.
    pub total: AdjustmentTally,
    /// By cause, most first.
    pub by_cause: Vec<AdjustmentsByCause>,
    /// By the requester's department, most first.
    pub by_department: Vec<AdjustmentsByDepartment>,
    /// By size band.
    pub by_band: Vec<AdjustmentsByBand>,
    /// The adjustments, oldest first, each with its rectification proposal (整改意见).
    pub adjustments: Vec<BillingAdjustment>,
}

#[derive(Default)]
pub struct BillingQuery;

#[Object]
impl BillingQuery {
    /// Billing adjustments you see, newest first: yours, your groups', those waiting on or decided
    /// by your department's head, and for billing's staff all of the branch.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn billing_adjustments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only these stages.")] status: Option<Vec<Gql<AdjustmentStatus>>>,
        #[graphql(desc = "Only this bill month, `YYYY-MM`.")] month: Option<String>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<BillingAdjustment>> {
        let viewer = ctx.viewer()?;
        let mut select = Entity::find().filter(service::visible_condition(viewer, function_of(ctx).await?));
        if let Some(s) = status.filter(|s| !s.is_empty()) {
            if s.len() > 10 {
                return Err(AppError::bad_input("最多 10 个状态", "At most 10 stages").into());
            }
            select = select.filter(Column::Status.is_in(s.into_iter().map(|g| g.0)));
        }
        if let Some(m) = month {
            let m = Month::parse("month", &m).map_err(AppError::from)?;
            select = select.filter(Column::Month.eq(m.to_string()));
        }
        let args = PageArgs { first, after, last, before };
        Ok(keyset(&ctx.state().db, select, Column::Id, true, args, BillingAdjustment).await?)
    }

    /// The chain an adjustment with these figures would take now (rule 15), for the form.
    async fn billing_adjustment_chain(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The figures; evidence is not needed for the preview.")] input: AdjustmentFiguresInput,
    ) -> async_graphql::Result<AdjustmentChainPreview> {
        let new = input.into_new(String::new(), String::new())?;
        let (plan, user_errors) = split(service::preview(ctx.state(), ctx.viewer()?, &new).await)?;
        let Some(plan) = plan else {
            return Ok(AdjustmentChainPreview { accumulated: None, steps: vec![], user_errors });
        };
        let viewer = ctx.viewer()?;
        let own = match viewer.department_id {
            Some(d) => load_by_id::<entity::org_unit::Entity>(ctx, d).await?.map(|u| u.name),
            None => None,
        };
        let steps = plan
            .chain
            .iter()
            .map(|a| ChainStepPreview {
                role: Gql(a.role),
                department_name: match (a.role, a.unit_id) {
                    (Role::DepartmentHead, Some(u)) => plan.units.iter().find(|x| x.id == u).map(|x| x.name.clone()),
                    (Role::DepartmentHead, None) => own.clone(),
                    _ => None,
                },
            })
            .collect();
        Ok(AdjustmentChainPreview { accumulated: Some(Money::of(plan.accumulated)), steps, user_errors })
    }

    /// A month's analysis (补退费分析) over the adjustments you see.
    async fn billing_adjustment_analysis(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The bill month, `YYYY-MM`.")] month: String,
    ) -> async_graphql::Result<AdjustmentAnalysis> {
        let m = Month::parse("month", &month).map_err(AppError::from)?;
        let db = &ctx.state().db;
        let rows = service::of_month(db, ctx.viewer()?, m).await?;
        let tiers = Tiers::load(db).await?;
        let mut total = service::Tally::default();
        rows.iter().for_each(|r| total.add(r.amount));
        let mut by_department = Vec::new();
        for (d, t) in service::grouped(&rows, |r| r.department_id) {
            let department = load_by_id::<entity::org_unit::Entity>(ctx, d).await?.map(OrgUnit);
            by_department.push(AdjustmentsByDepartment { department, tally: t.into() });
        }
        Ok(AdjustmentAnalysis {
            month: m.to_string(),
            total: total.into(),
            by_cause: service::grouped(&rows, |r| r.cause)
                .into_iter()
                .map(|(c, t)| AdjustmentsByCause { cause: Gql(c), tally: t.into() })
                .collect(),
            by_department,
            by_band: service::by_band(&tiers, &rows)
                .into_iter()
                .map(|(from, t)| AdjustmentsByBand { from: Money::of(from), tally: t.into() })
                .collect(),
            adjustments: rows.into_iter().map(BillingAdjustment).collect(),
        })
    }
}

/// The figures that size an adjustment's chain.
#[derive(InputObject)]
pub struct AdjustmentFiguresInput {
    /// The group (global id).
    pub group_id: ID,
    /// The member whose bill it is (global id), if a member's.
    pub member_id: Option<ID>,
    /// The billing account or line number (1–32 letters, digits or dashes); the member's number
    /// when left out.
    pub account_no: Option<String>,
    /// The bill month, `YYYY-MM`: this month or the 24 before.
    pub month: String,
    /// Positive to refund (退费), negative to back-charge (补收); non-zero, at most 1,000,000.
    pub amount: Money,
    /// Why.
    pub cause: Gql<AdjustmentCause>,
}

impl AdjustmentFiguresInput {
    fn into_new(self, cause_text: String, rectification: String) -> AppResult<service::NewAdjustment> {
        let group_id = NodeKind::Group.decode(&self.group_id).ok_or_else(AppError::not_found)?;
        let member_id = match &self.member_id {
            Some(m) => Some(NodeKind::Member.decode(m).ok_or_else(|| {
                AppError::from(UserError::new(
                    "memberId",
                    UserErrorCode::NotFound,
                    "该集团没有此成员",
                    "No such member in the group",
                ))
            })?),
            None => None,
        };
        Ok(service::NewAdjustment {
            group_id,
            member_id,
            account_no: self.account_no,
            month: self.month,
            amount: self.amount.0,
            cause: self.cause.0,
            cause_text,
            rectification,
        })
    }
}

/// An adjustment to ask for, with its evidence.
#[derive(InputObject)]
pub struct RequestBillingAdjustmentInput {
    /// The figures.
    pub figures: AdjustmentFiguresInput,
    /// The cause described (原因说明, at most 2,000 characters).
    pub cause_text: String,
    /// The rectification proposal (整改意见, at most 2,000 characters).
    pub rectification: String,
    /// The evidence (依据性文件): 1–5 PDF, PNG or JPEG files of at most 5 MB each (multipart upload).
    pub evidence: Vec<Upload>,
}

/// A stage after approval, or withdrawing.
#[derive(InputObject)]
pub struct AdjustmentStageInput {
    /// The adjustment (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// A note (at most 1,000 characters).
    pub note: Option<String>,
}

/// Billing records an approved adjustment done.
#[derive(InputObject)]
pub struct ExecuteBillingAdjustmentInput {
    /// The adjustment (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// The billing system's reference (操作流水号: 1–64 letters, digits, -, _ or /).
    pub reference: String,
    /// A note (at most 1,000 characters).
    pub note: Option<String>,
}

/// Result of an adjustment change.
#[derive(SimpleObject)]
pub struct BillingAdjustmentPayload {
    /// The adjustment as changed; null when there are user errors.
    pub adjustment: Option<BillingAdjustment>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<BillingAdjustmentPayload> {
    let (m, user_errors) = split(r)?;
    Ok(BillingAdjustmentPayload { adjustment: m.map(BillingAdjustment), user_errors })
}

#[derive(Default)]
pub struct BillingMutation;

impl BillingMutation {
    async fn stage(
        ctx: &Context<'_>,
        id: &ID,
        version: i32,
        stage: service::Stage,
    ) -> async_graphql::Result<BillingAdjustmentPayload> {
        let id = NodeKind::BillingAdjustment.decode(id).ok_or_else(AppError::not_found)?;
        payload(service::stage(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, version, stage).await)
    }
}

#[Object]
impl BillingMutation {
    /// Asks for a billing adjustment (补退费申请) with its evidence; it goes to the first approver
    /// of rule 15's chain.
    async fn request_billing_adjustment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RequestBillingAdjustmentInput,
    ) -> async_graphql::Result<BillingAdjustmentPayload> {
        let files = match files::read(ctx, &input.evidence, "evidence") {
            Ok(f) => f,
            Err(e) => return payload(Err(e)),
        };
        let new = match input.figures.into_new(input.cause_text, input.rectification) {
            Ok(n) => n,
            Err(e) => return payload(Err(e)),
        };
        payload(service::request(ctx.state(), &ctx.actor()?, ctx.viewer()?, new, files).await)
    }

    /// The requester withdraws an adjustment still being approved (撤回).
    async fn withdraw_billing_adjustment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: AdjustmentStageInput,
    ) -> async_graphql::Result<BillingAdjustmentPayload> {
        Self::stage(ctx, &input.id, input.expected_version, service::Stage::Withdraw { reason: input.note }).await
    }

    /// Billing records an approved adjustment done in the billing system (操作), with its reference.
    async fn execute_billing_adjustment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ExecuteBillingAdjustmentInput,
    ) -> async_graphql::Result<BillingAdjustmentPayload> {
        let stage = service::Stage::Execute { reference: input.reference, note: input.note };
        Self::stage(ctx, &input.id, input.expected_version, stage).await
    }

    /// Another billing clerk checks what was done (审核).
    async fn check_billing_adjustment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: AdjustmentStageInput,
    ) -> async_graphql::Result<BillingAdjustmentPayload> {
        Self::stage(ctx, &input.id, input.expected_version, service::Stage::Check { note: input.note }).await
    }

    /// The billing centre's head audits it (稽核); it then counts in the month's analysis as audited.
    async fn audit_billing_adjustment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: AdjustmentStageInput,
    ) -> async_graphql::Result<BillingAdjustmentPayload> {
        Self::stage(ctx, &input.id, input.expected_version, service::Stage::Audit { note: input.note }).await
    }
}
