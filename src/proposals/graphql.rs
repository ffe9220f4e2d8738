//! Proposals in the API.
use crate::documents::graphql::PdfFile;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

use super::{CustomerDecision, DiscountKind, ProposalAction, ProposalStatus, service};
use crate::{
    approvals::graphql::ApprovalRequest,
    catalog::graphql::Product,
    contracts::graphql::Contract,
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::{load_by_id, load_children},
        offers::{self, Blocked},
        payload::{VersionedIdInput, split},
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
        scalars::Money,
    },
    groups::{
        graphql::{CustomerGroup, group_of_child},
        visible_group_ids,
    },
    pipeline::Stage,
    tasks::graphql::Task,
    users::graphql::{User, load_visible as load_user},
    visits::graphql::Visit,
};
use entity::{
    proposal::{Column, Entity, Model},
    proposal_line, proposal_version,
};

/// A rate (0–1) as a percentage with two decimals.
pub fn percent(rate: Decimal) -> Money {
    Money(rate * Decimal::ONE_HUNDRED)
}

/// A proposal (方案 · 报价) to a group, with all its versions.
pub struct Proposal(pub Model);

/// A proposal (方案 · 报价) to a group, with all its versions.
#[Object]
impl Proposal {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::Proposal.id(self.0.id)
    }
    /// The group it is for.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// The visit it answers.
    async fn visit(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Visit>> {
        let Some(id) = self.0.visit_id else { return Ok(None) };
        Ok(load_by_id::<entity::visit::Entity>(ctx, id).await?.map(Visit))
    }
    /// The account manager who drafts it (客户经理).
    async fn owner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_user(ctx, self.0.owner_id).await?)
    }
    /// Title of the current version.
    async fn title(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(current(ctx, &self.0).await?.map(|v| v.title).unwrap_or_default())
    }
    /// Lifecycle state (方案状态).
    async fn status(&self) -> Gql<ProposalStatus> {
        Gql(self.0.status)
    }
    /// Pipeline stage of the deal (阶段).
    async fn stage(&self) -> Gql<Stage> {
        Gql(self.0.stage)
    }
    /// What you may do next, each named after its mutation, answered for you: your role and
    /// scope, the approval step waiting on you, what the state allows. Each one listed
    /// succeeds when done now; anything else would be refused.
    async fn allowed_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Gql<ProposalAction>>> {
        Ok(offers::allowed(offers_for(ctx, &self.0).await?))
    }
    /// What you could do next but for something missing, each with the refusal its mutation
    /// would give now (what is missing).
    async fn blocked_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Blocked<Gql<ProposalAction>>>> {
        Ok(offers::blocked(offers_for(ctx, &self.0).await?))
    }
    /// Number of the current version (版本号).
    async fn version_number(&self) -> i32 {
        self.0.current_version_no
    }
    /// The current version.
    async fn current_version(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ProposalVersion>> {
        Ok(current(ctx, &self.0).await?.map(ProposalVersion))
    }
    /// Every version, oldest first; earlier ones stay readable with their approvals.
    async fn versions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ProposalVersion>> {
        Ok(load_children::<proposal_version::Entity>(ctx, self.0.id).await?.into_iter().map(ProposalVersion).collect())
    }
    /// Monthly recurring value of the current version after discount (月费).
    async fn monthly_value(&self) -> Money {
        Money(self.0.monthly_value)
    }
    /// Whole-term value of the current version after discount (合同总价值).
    async fn value(&self) -> Money {
        Money(self.0.value)
    }
    /// Rule 1 deadline (12小时出方案), from the visit's end; null when not answering a visit with needs.
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.0.due_at
    }
    /// Sent after its deadline, or not yet sent and the deadline has passed.
    async fn is_late(&self, ctx: &Context<'_>) -> bool {
        let now = ctx.state().now();
        self.0.due_at.is_some_and(|due| self.0.sent_at.unwrap_or(now) > due)
    }
    /// When last submitted for approval.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    /// When fully approved.
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.0.approved_at
    }
    /// When sent to the customer.
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
    /// Valid until (有效期); after that a sent proposal expires.
    async fn valid_until(&self) -> Option<DateTime<Utc>> {
        self.0.valid_until
    }
    /// The customer-facing quote (报价单) of the current version as PDF, made now: letterhead,
    /// customer, lines at standard price with discount and net, totals, validity and the
    /// account manager. Costly: at most four in one request.
    #[graphql(complexity = 1000)]
    async fn quote_pdf(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PdfFile>> {
        let Some(version) = current(ctx, &self.0).await? else { return Ok(None) };
        let now = ctx.state().now();
        let pdf = crate::documents::quote(&ctx.state().db, &self.0, &version, now).await?;
        Ok(Some(PdfFile::made(pdf, Some(version.number), now)))
    }
    /// The quotes as sent to the customer (发送客户), exactly, newest first: one each time the
    /// proposal was sent.
    #[graphql(complexity = 200)]
    async fn sent_quotes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PdfFile>> {
        // Batched with the other proposals of the page (one statement for all).
        let kept = load_children::<entity::quote_document::Entity>(ctx, self.0.id).await?;
        Ok(kept.into_iter().rev().map(PdfFile::kept).collect())
    }
    /// When accepted, rejected, expired or withdrawn.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// The customer's reason (拒绝原因 / 备注).
    async fn decision_reason(&self) -> Option<&str> {
        self.0.decision_reason.as_deref()
    }
    /// Why it was withdrawn.
    async fn withdrawn_reason(&self) -> Option<&str> {
        self.0.withdrawn_reason.as_deref()
    }
    /// Every approval request, oldest first.
    async fn approval_requests(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ApprovalRequest>> {
        let rows = load_children::<entity::approval_request::Entity>(ctx, self.0.id).await?;
        Ok(rows.into_iter().map(ApprovalRequest).collect())
    }
    /// The contract made from it.
    async fn contract(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Contract>> {
        Ok(load_children::<entity::contract::Entity>(ctx, self.0.id).await?.into_iter().next().map(Contract))
    }
    /// Follow-up calls after sending (rule 4).
    async fn follow_ups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Task>> {
        Ok(load_children::<entity::task::Entity>(ctx, self.0.id).await?.into_iter().map(Task).collect())
    }
    /// The stage summaries (项目阶段小结) written about the deal, oldest first.
    async fn stage_summaries(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::cases::graphql::StageSummary>> {
        Ok(crate::cases::graphql::stage_summaries(ctx, self.0.id).await?)
    }
    /// The case (工作案例) the deal was published as, if it was.
    async fn work_case(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<crate::cases::graphql::WorkCase>> {
        Ok(crate::cases::graphql::case_of(ctx, self.0.id).await?)
    }
    /// Whether you may publish the deal as a case now: its contract is in force, it is not a
    /// case yet, and you work on it.
    async fn can_publish_case(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(crate::cases::graphql::can_publish(ctx, &self.0).await?)
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When drafted.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Last change.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// The viewer's offers on a proposal, from what the request's loaders hold.
async fn offers_for(ctx: &Context<'_>, p: &Model) -> AppResult<crate::machine::Offers<ProposalAction>> {
    let viewer = ctx.viewer()?;
    let (Some(group), Some(current)) =
        (load_by_id::<entity::customer_group::Entity>(ctx, p.group_id).await?, current(ctx, p).await?)
    else {
        return Ok(crate::machine::Offers::new());
    };
    let requests = load_children::<entity::approval_request::Entity>(ctx, p.id).await?;
    let open = requests.iter().rev().find(|r| r.status == crate::approvals::RequestStatus::Pending);
    let steps = match open {
        Some(r) => load_children::<entity::approval_step::Entity>(ctx, r.id).await?,
        None => Vec::new(),
    };
    let has_contract =
        p.status == ProposalStatus::Accepted && !load_children::<entity::contract::Entity>(ctx, p.id).await?.is_empty();
    let facts = service::ProposalFacts {
        proposal: p,
        group: &group,
        current: &current,
        request: open.map(|r| (r, steps.as_slice())),
        has_contract,
    };
    Ok(service::offers(viewer, &facts, ctx.state().now()))
}

async fn current(ctx: &Context<'_>, p: &Model) -> AppResult<Option<proposal_version::Model>> {
    let all = load_children::<proposal_version::Entity>(ctx, p.id).await?;
    Ok(all.into_iter().find(|v| v.number == p.current_version_no))
}

/// One version of a proposal (方案版本), with its lines and totals.
pub struct ProposalVersion(pub proposal_version::Model);

/// One version of a proposal (方案版本), with its lines and totals.
#[Object]
impl ProposalVersion {
    /// Version number, from 1.
    async fn number(&self) -> i32 {
        self.0.number
    }
    /// Title (方案名称).
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Customer background (客户背景).
    async fn customer_background(&self) -> Option<&str> {
        self.0.customer_background.as_deref()
    }
    /// Competitive situation (竞争情况).
    async fn competitive_situation(&self) -> Option<&str> {
        self.0.competitive_situation.as_deref()
    }
    /// Why the discount is needed (申请理由).
    async fn justification(&self) -> Option<&str> {
        self.0.justification.as_deref()
    }
    /// Line items, in order.
    async fn lines(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ProposalLine>> {
        Ok(load_children::<proposal_line::Entity>(ctx, self.0.id).await?.into_iter().map(ProposalLine).collect())
    }
    /// Monthly recurring charges at standard price (标准月费); yearly charges count a twelfth.
    async fn list_monthly(&self) -> Money {
        Money(self.0.list_monthly)
    }
    /// Monthly recurring charges after discount (优惠后月费).
    async fn monthly_total(&self) -> Money {
        Money(self.0.monthly_total)
    }
    /// One-off charges after discount (一次性费用).
    async fn one_off_total(&self) -> Money {
        Money(self.0.one_off_total)
    }
    /// Whole-term value at standard price.
    async fn list_term_total(&self) -> Money {
        Money(self.0.list_term_total)
    }
    /// Whole-term value after discount (合同期总额).
    async fn term_total(&self) -> Money {
        Money(self.0.term_total)
    }
    /// Monthly discount amount (月优惠金额): what the approval matrix looks at.
    async fn discount_monthly(&self) -> Money {
        Money(self.0.discount_monthly)
    }
    /// Whole-term discount amount (优惠总额).
    async fn discount_term(&self) -> Money {
        Money(self.0.discount_term)
    }
    /// Whole-term discount as a percentage of the standard value (优惠比例 %).
    async fn discount_percent(&self) -> Money {
        percent(self.0.discount_rate)
    }
    /// The largest line discount, percent.
    async fn max_line_discount_percent(&self) -> Money {
        percent(self.0.max_line_rate)
    }
    /// Submitted for approval, so no longer edited in place.
    async fn locked(&self) -> bool {
        self.0.locked
    }
    /// Who wrote this version.
    async fn created_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_user(ctx, self.0.created_by).await?)
    }
    /// When written.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The approval requests of this version.
    async fn approval_requests(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ApprovalRequest>> {
        let rows = load_children::<entity::approval_request::Entity>(ctx, self.0.proposal_id).await?;
        Ok(rows.into_iter().filter(|r| r.proposal_version_id == Some(self.0.id)).map(ApprovalRequest).collect())
    }
}

/// A line item (报价明细).
pub struct ProposalLine(pub proposal_line::Model);

/// A line item (报价明细).
#[Object]
impl ProposalLine {
    /// Position, from 1.
    async fn position(&self) -> i32 {
        self.0.position
    }
    /// The product.
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Product>> {
        Ok(load_by_id::<entity::product::Entity>(ctx, self.0.product_id).await?.map(Product))
    }
    /// Quantity (数量).
    async fn quantity(&self) -> i32 {
        self.0.quantity
    }
    /// Term in months (期限); 0 for one-off charges.
    async fn term_months(&self) -> i32 {
        self.0.term_months
    }
    /// Standard unit price from the catalog when the line was priced (标准单价).
    async fn unit_price(&self) -> Money {
        Money(self.0.unit_price)
    }
    /// How the discount was given.
    async fn discount_kind(&self) -> Gql<DiscountKind> {
        Gql(self.0.discount_kind)
    }
    /// The percent entered, when given as a percent.
    async fn discount_percent(&self) -> Option<Money> {
        (self.0.discount_kind == DiscountKind::Percent).then_some(Money(self.0.discount_value))
    }
    /// The amount off entered, when given as an amount.
    async fn discount_amount(&self) -> Option<Money> {
        (self.0.discount_kind == DiscountKind::Amount).then_some(Money(self.0.discount_value))
    }
    /// Unit price after discount (优惠后单价).
    async fn net_unit_price(&self) -> Money {
        Money(self.0.net_unit_price)
    }
    /// Discount of this line, percent of the standard price.
    async fn line_discount_percent(&self) -> Money {
        percent(self.0.line_rate)
    }
    /// Whole-term value at standard price.
    async fn list_total(&self) -> Money {
        Money(self.0.list_total)
    }
    /// Whole-term value after discount (小计).
    async fn net_total(&self) -> Money {
        Money(self.0.net_total)
    }
    /// Monthly discount of this line.
    async fn monthly_discount(&self) -> Money {
        Money(self.0.monthly_discount)
    }
}

/// Loads a proposal the viewer may see; otherwise as if it did not exist.
pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<Proposal>> {
    let Some(m) = load_by_id::<Entity>(ctx, id).await? else { return Ok(None) };
    Ok(group_of_child(ctx, m.group_id).await?.map(|_| Proposal(m)))
}

/// Which proposals to list.
#[derive(InputObject, Default)]
pub struct ProposalFilter {
    /// Only these states.
    pub status: Option<Vec<Gql<ProposalStatus>>>,
    /// Only this group's (global id).
    pub group_id: Option<ID>,
    /// Only this manager's (global id).
    pub owner_id: Option<ID>,
    /// Only late ones (deadline passed before sending).
    pub late: Option<bool>,
}

impl ProposalFilter {
    fn condition(&self, now: DateTime<Utc>) -> Condition {
        let mut c = Condition::all();
        if let Some(s) = &self.status {
            c = c.add(Column::Status.is_in(s.iter().map(|s| s.0)));
        }
        if let Some(g) = &self.group_id {
            c = c.add(Column::GroupId.eq(NodeKind::Group.decode(g).unwrap_or(-1)));
        }
        if let Some(o) = &self.owner_id {
            c = c.add(Column::OwnerId.eq(NodeKind::User.decode(o).unwrap_or(-1)));
        }
        if let Some(late) = self.late {
            let is_late = Condition::any()
                .add(Condition::all().add(Column::SentAt.is_null()).add(Column::DueAt.lt(now)))
                .add(sea_orm::sea_query::ExprTrait::gt(
                    sea_orm::sea_query::Expr::col(Column::SentAt),
                    sea_orm::sea_query::Expr::col(Column::DueAt),
                ));
            c = c.add(if late { is_late } else { is_late.not() });
        }
        c
    }
}

#[derive(Default)]
pub struct ProposalQuery;

#[Object]
impl ProposalQuery {
    /// Proposals of the groups you may see, newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn proposals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<ProposalFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<Proposal>> {
        let viewer = ctx.viewer()?;
        let select = Entity::find()
            .filter(Column::GroupId.in_subquery(visible_group_ids(viewer)))
            .filter(filter.unwrap_or_default().condition(ctx.state().now()));
        let page = keyset(&ctx.state().db, select, Column::Id, true, PageArgs { first, after, last, before }, Proposal)
            .await?;
        prime_page(ctx, page.edges.iter().map(|e| &e.node.0)).await?;
        Ok(page)
    }
}

/// Loads the relations a page of proposals selects, for the whole page at once and level by
/// level, so that each row then finds them in the request's loaders.
pub async fn prime_page<'a>(ctx: &Context<'_>, page: impl Iterator<Item = &'a Model>) -> AppResult<()> {
    use crate::graphql::loaders::{Children, Loaded, db_err};
    let page: Vec<&Model> = page.collect();
    let wants = |path: &[&str]| {
        let look = ctx.look_ahead();
        let (mut a, mut b) = (look.field("nodes"), look.field("edges").field("node"));
        for f in path {
            a = a.field(f);
            b = b.field(f);
        }
        a.exists() || b.exists()
    };
    fn loader<'c, T: Send + Sync + 'static>(ctx: &'c Context<'_>) -> AppResult<&'c T> {
        ctx.data::<T>().map_err(|_| AppError::internal("loader not registered"))
    }
    let ids: Vec<i64> = page.iter().map(|p| p.id).collect();
    let people = async {
        if wants(&["owner"]) {
            loader::<Loaded<entity::app_user::Entity>>(ctx)?
                .load_many(page.iter().map(|p| p.owner_id))
                .await
                .map_err(db_err)?;
        }
        if wants(&["group"]) {
            loader::<Loaded<entity::customer_group::Entity>>(ctx)?
                .load_many(page.iter().map(|p| p.group_id))
                .await
                .map_err(db_err)?;
        }
        AppResult::Ok(())
    };
    let versions = async {
        if wants(&["currentVersion"]) || wants(&["title"]) || wants(&["versions"]) {
            let all = loader::<Children<proposal_version::Entity>>(ctx)?
                .load_many(ids.iter().copied())
                .await
                .map_err(db_err)?;
            if wants(&["currentVersion", "lines"]) {
                let current = page.iter().filter_map(|p| {
                    all.get(&p.id).and_then(|vs| vs.iter().find(|v| v.number == p.current_version_no)).map(|v| v.id)
                });
                let lines = loader::<Children<proposal_line::Entity>>(ctx)?.load_many(current).await.map_err(db_err)?;
                if wants(&["currentVersion", "lines", "product"]) {
                    loader::<Loaded<entity::product::Entity>>(ctx)?
                        .load_many(lines.values().flatten().map(|l| l.product_id))
                        .await
                        .map_err(db_err)?;
                }
            }
        }
        AppResult::Ok(())
    };
    let approvals = async {
        if wants(&["approvalRequests"]) {
            let reqs = loader::<Children<entity::approval_request::Entity>>(ctx)?
                .load_many(ids.iter().copied())
                .await
                .map_err(db_err)?;
            if wants(&["approvalRequests", "steps"]) {
                loader::<Children<entity::approval_step::Entity>>(ctx)?
                    .load_many(reqs.values().flatten().map(|r| r.id))
                    .await
                    .map_err(db_err)?;
            }
        }
        AppResult::Ok(())
    };
    let rest = async {
        if wants(&["contract"]) {
            loader::<Children<entity::contract::Entity>>(ctx)?.load_many(ids.iter().copied()).await.map_err(db_err)?;
        }
        if wants(&["followUps"]) {
            loader::<Children<entity::task::Entity>>(ctx)?.load_many(ids.iter().copied()).await.map_err(db_err)?;
        }
        AppResult::Ok(())
    };
    let (a, b, c, d) = futures_util::join!(people, versions, approvals, rest);
    a.and(b).and(c).and(d)
}

/// One line item as the manager enters it.
#[derive(InputObject, Clone, Debug)]
pub struct ProposalLineInput {
    /// The product (global id).
    pub product_id: ID,
    /// How many (数量), 1–100000.
    pub quantity: i32,
    /// Months the line runs (期限), 1–120; a multiple of 12 for yearly products; ignored for one-off charges.
    #[graphql(default = 12)]
    pub term_months: i32,
    /// Percent off the standard unit price (折扣率 %), 0–100. At most one of percent and amount.
    pub discount_percent: Option<Money>,
    /// Amount off the standard unit price per billing period (优惠金额), at most the price.
    pub discount_amount: Option<Money>,
    /// The unit price the client displayed. Ignored: quotes are made at the catalog's standard
    /// price in force today (报价须按照标准价).
    pub unit_price: Option<Money>,
}

impl From<ProposalLineInput> for service::ProposalLine {
    fn from(l: ProposalLineInput) -> Self {
        Self {
            product_id: NodeKind::Product.decode(&l.product_id),
            quantity: l.quantity,
            term_months: l.term_months,
            discount_percent: l.discount_percent.map(|m| m.0),
            discount_amount: l.discount_amount.map(|m| m.0),
        }
    }
}

/// A proposal's content; each edit replaces all of it.
#[derive(InputObject, Clone, Debug)]
pub struct ProposalContentInput {
    /// Title (方案名称).
    pub title: String,
    /// Customer background (客户背景).
    pub customer_background: Option<String>,
    /// Competitive situation (竞争情况).
    pub competitive_situation: Option<String>,
    /// Why the discount is needed (申请理由); required when any line is discounted.
    pub justification: Option<String>,
    /// Line items (at most 100).
    #[graphql(default)]
    pub lines: Vec<ProposalLineInput>,
}

impl From<ProposalContentInput> for service::ProposalContent {
    fn from(c: ProposalContentInput) -> Self {
        Self {
            title: c.title,
            customer_background: c.customer_background,
            competitive_situation: c.competitive_situation,
            justification: c.justification,
            lines: c.lines.into_iter().map(Into::into).collect(),
        }
    }
}

/// A new proposal.
#[derive(InputObject)]
pub struct CreateProposalInput {
    /// The group (global id).
    pub group_id: ID,
    /// The visit it answers (global id): its recorded needs pre-fill the lines when none are
    /// given, and rule 1's deadline runs from its end.
    pub visit_id: Option<ID>,
    /// The content.
    pub content: ProposalContentInput,
}

/// New content for a draft.
#[derive(InputObject)]
pub struct UpdateProposalInput {
    /// The proposal (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// The content, replacing the old.
    pub content: ProposalContentInput,
}

/// A proposal and the reason for an action.
#[derive(InputObject)]
pub struct ProposalReasonInput {
    /// The proposal (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Why.
    pub reason: String,
}

/// The customer's answer.
#[derive(InputObject)]
pub struct RecordCustomerDecisionInput {
    /// The proposal (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Accepted or rejected.
    pub decision: Gql<CustomerDecision>,
    /// The customer's reason; required when rejected.
    pub reason: Option<String>,
}

/// Result of a proposal change.
#[derive(SimpleObject)]
pub struct ProposalPayload {
    /// The proposal as changed; null when there are user errors.
    pub proposal: Option<Proposal>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<ProposalPayload> {
    let (m, user_errors) = split(r)?;
    Ok(ProposalPayload { proposal: m.map(Proposal), user_errors })
}

fn decode(id: &ID) -> AppResult<i64> {
    NodeKind::Proposal.decode(id).ok_or_else(AppError::not_found)
}

#[derive(Default)]
pub struct ProposalMutation;

#[Object]
impl ProposalMutation {
    /// Drafts a proposal for a group (optionally answering a visit).
    async fn create_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: CreateProposalInput,
    ) -> async_graphql::Result<ProposalPayload> {
        let group = NodeKind::Group.decode(&input.group_id).ok_or_else(AppError::not_found)?;
        let visit = match &input.visit_id {
            Some(v) => Some(NodeKind::Visit.decode(v).ok_or_else(AppError::not_found)?),
            None => None,
        };
        payload(service::create(ctx.state(), &ctx.actor()?, ctx.viewer()?, group, visit, input.content.into()).await)
    }

    /// Replaces a draft's content; a draft already submitted once gets a new version.
    async fn update_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: UpdateProposalInput,
    ) -> async_graphql::Result<ProposalPayload> {
        let id = decode(&input.id)?;
        payload(
            service::update(
                ctx.state(),
                &ctx.actor()?,
                ctx.viewer()?,
                id,
                input.expected_version,
                input.content.into(),
            )
            .await,
        )
    }

    /// Submits the current version for approval (提交审批).
    async fn submit_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<ProposalPayload> {
        let id = decode(&input.id)?;
        payload(service::submit(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version).await)
    }

    /// Sends the approved version to the customer (发送客户).
    async fn send_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<ProposalPayload> {
        let id = decode(&input.id)?;
        payload(service::send(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version).await)
    }

    /// Records the customer's answer (客户决定).
    async fn record_customer_decision(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RecordCustomerDecisionInput,
    ) -> async_graphql::Result<ProposalPayload> {
        let id = decode(&input.id)?;
        payload(
            service::decide(
                ctx.state(),
                &ctx.actor()?,
                ctx.viewer()?,
                id,
                input.expected_version,
                input.decision.0,
                input.reason.as_deref(),
            )
            .await,
        )
    }

    /// Reopens the proposal as a new draft version (修改方案).
    async fn revise_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ProposalReasonInput,
    ) -> async_graphql::Result<ProposalPayload> {
        let id = decode(&input.id)?;
        payload(
            service::revise(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, &input.reason).await,
        )
    }

    /// Withdraws the proposal (撤回).
    async fn withdraw_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ProposalReasonInput,
    ) -> async_graphql::Result<ProposalPayload> {
        let id = decode(&input.id)?;
        payload(
            service::withdraw(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, &input.reason)
                .await,
        )
    }
}
