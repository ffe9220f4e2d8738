//! Contracts in the API.
use async_graphql::{Context, ID, InputObject, Json as GqlJson, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{ContractAction, ContractStatus, DocumentKind, DocumentStatus, service};
use crate::{
    catalog::graphql::Product,
    clock::business_date,
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::{Children, ChildrenLoader, load_by_id, load_children},
        offers::{self, Blocked},
        payload::{VersionedIdInput, split},
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
        scalars::{Date, Money},
    },
    groups::{
        graphql::{CustomerGroup, group_of_child},
        visible_group_ids,
    },
    installs::graphql::InstallationJob,
    proposals::graphql::{Proposal, percent},
    users::graphql::{User, load_visible as load_user},
};
use entity::{
    contract::{Column, Entity, Model},
    contract_document, contract_line,
};

/// The renewal notice in days, read once per request (not once per contract of a list).
#[derive(Default)]
pub struct RenewalNoticeCache(tokio::sync::OnceCell<i64>);

async fn renewal_notice(ctx: &Context<'_>) -> AppResult<i64> {
    let cache = ctx.data::<RenewalNoticeCache>().map_err(|_| AppError::internal("renewal cache not registered"))?;
    Ok(*cache.0.get_or_try_init(|| crate::settings::count(&ctx.state().db, "contract.renewal_notice_days")).await?)
}

/// The pending review requests of contracts, by contract, for a whole page at once.
pub struct PendingReviews(Children<entity::approval_request::Entity>);

impl PendingReviews {
    pub fn new(db: &sea_orm::DatabaseConnection, delay: std::time::Duration) -> Self {
        use entity::approval_request::Column as R;
        let pending = sea_orm::Condition::all()
            .add(R::Kind.eq(crate::approvals::RequestKind::ContractReview))
            .add(R::Status.eq(crate::approvals::RequestStatus::Pending));
        let loader = ChildrenLoader::<entity::approval_request::Entity>::new(db, R::ContractId, pending, vec![]);
        Self(async_graphql::dataloader::DataLoader::with_cache(loader, tokio::spawn, Default::default()).delay(delay))
    }
}

/// The viewer's offers on a contract, from what the request's loaders hold.
async fn offers_for(ctx: &Context<'_>, c: &Model) -> AppResult<crate::machine::Offers<ContractAction>> {
    let viewer = ctx.viewer()?;
    let Some(group) = load_by_id::<entity::customer_group::Entity>(ctx, c.group_id).await? else {
        return Ok(crate::machine::Offers::new());
    };
    let review = if c.status == ContractStatus::UnderReview {
        let loader = ctx.data::<PendingReviews>().map_err(|_| AppError::internal("review loader not registered"))?;
        let found = loader.0.load_one(c.id).await.map_err(|e| AppError::internal(e.to_string()))?;
        match found.and_then(|rs| rs.into_iter().next()) {
            Some(r) => {
                let steps = load_children::<entity::approval_step::Entity>(ctx, r.id).await?;
                Some((r, steps))
            }
            None => None,
        }
    } else {
        None
    };
    let documents = if c.status == ContractStatus::Signed {
        load_children::<contract_document::Entity>(ctx, c.id).await?
    } else {
        Vec::new()
    };
    let facts = service::ContractFacts {
        contract: c,
        group: &group,
        review: review.as_ref().map(|(r, steps)| (r, steps.as_slice())),
        documents: &documents,
    };
    Ok(service::offers(viewer, &facts))
}

/// A contract (合同) made from an accepted proposal version.
pub struct Contract(pub Model);

/// A contract (合同) made from an accepted proposal version.
#[Object]
impl Contract {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::Contract.id(self.0.id)
    }
    /// Contract number (合同编号), issued on signing, e.g. `GZ-2026-000123`.
    async fn number(&self) -> Option<&str> {
        self.0.number.as_deref()
    }
    /// Title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Lifecycle state (合同状态).
    async fn status(&self) -> Gql<ContractStatus> {
        Gql(self.0.status)
    }
    /// What you may do next, each named after its mutation, answered for you: your role and
    /// scope, the review step waiting on you, what the state allows. Each one listed succeeds
    /// when done now; anything else would be refused.
    async fn allowed_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Gql<ContractAction>>> {
        Ok(offers::allowed(offers_for(ctx, &self.0).await?))
    }
    /// What you could do next but for something missing, each with the refusal its mutation
    /// would give now — e.g. `ACTIVATE_CONTRACT` while documents are missing (“缺少：缴费凭证”).
    async fn blocked_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Blocked<Gql<ContractAction>>>> {
        Ok(offers::blocked(offers_for(ctx, &self.0).await?))
    }
    /// The proposal it comes from.
    async fn proposal(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Proposal>> {
        Ok(crate::proposals::graphql::load_visible(ctx, self.0.proposal_id).await?)
    }
    /// The group.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// The account manager.
    async fn owner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_user(ctx, self.0.owner_id).await?)
    }
    /// The frozen line items.
    async fn lines(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ContractLine>> {
        Ok(load_children::<contract_line::Entity>(ctx, self.0.id).await?.into_iter().map(ContractLine).collect())
    }
    /// Term in months (合同期限).
    async fn term_months(&self) -> i32 {
        self.0.term_months
    }
    /// First day of the term.
    async fn term_start(&self) -> Option<Date> {
        self.0.term_start.map(Date)
    }
    /// Last day of the term.
    async fn term_end(&self) -> Option<Date> {
        self.0.term_end.map(Date)
    }
    /// Day renewal is due (续约提醒日): the configured notice before the end (90 days by default).
    async fn renewal_due_on(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Date>> {
        let Some(end) = self.0.term_end else { return Ok(None) };
        Ok(Some(Date(service::renewal_due_on(end, renewal_notice(ctx).await?))))
    }
    /// True when the contract is active and renewal is due.
    async fn renewal_due(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let Some(end) = self.0.term_end else { return Ok(false) };
        let notice = renewal_notice(ctx).await?;
        Ok(self.0.status == ContractStatus::Active
            && business_date(ctx.state().now()) >= service::renewal_due_on(end, notice))
    }
    /// Monthly recurring charges (月费).
    async fn monthly_total(&self) -> Money {
        Money(self.0.monthly_total)
    }
    /// One-off charges.
    async fn one_off_total(&self) -> Money {
        Money(self.0.one_off_total)
    }
    /// Whole-term value (合同金额).
    async fn value(&self) -> Money {
        Money(self.0.value)
    }
    /// The document checklist (合同资料).
    async fn documents(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ContractDocument>> {
        Ok(load_children::<contract_document::Entity>(ctx, self.0.id)
            .await?
            .into_iter()
            .map(ContractDocument)
            .collect())
    }
    /// True when every required document is in hand.
    async fn checklist_complete(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let docs = load_children::<contract_document::Entity>(ctx, self.0.id).await?;
        Ok(docs.iter().all(|d| d.status != DocumentStatus::Missing))
    }
    /// Department head who reviewed it.
    async fn reviewed_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.reviewed_by else { return Ok(None) };
        Ok(load_user(ctx, id).await?)
    }
    /// When reviewed.
    async fn reviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.reviewed_at
    }
    /// The reviewer's comment.
    async fn review_comment(&self) -> Option<&str> {
        self.0.review_comment.as_deref()
    }
    /// When sent to the customer.
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
    /// When signed.
    async fn signed_at(&self) -> Option<DateTime<Utc>> {
        self.0.signed_at
    }
    /// Who signed for the customer.
    async fn customer_signer(&self) -> Option<&str> {
        self.0.customer_signer.as_deref()
    }
    /// The contract document (合同文本) as PDF, made now: number, parties, lines and prices,
    /// term, payment, signature blocks for the four copies, and the document checklist as its
    /// annex. Costly: at most four in one request.
    #[graphql(complexity = 1000)]
    async fn contract_pdf(&self, ctx: &Context<'_>) -> async_graphql::Result<crate::documents::graphql::PdfFile> {
        let now = ctx.state().now();
        let pdf = crate::documents::contract(&ctx.state().db, &self.0, now).await?;
        Ok(crate::documents::graphql::PdfFile::made(pdf, None, now))
    }
    /// What the customer pays before the contract takes effect (首期应收): the first month's
    /// recurring charges plus the one-off charges. A smaller payment needs a reason.
    async fn amount_due(&self) -> Money {
        Money(service::amount_due(&self.0))
    }
    /// Why less than `amountDue` was accepted (少收原因), when it was.
    async fn short_payment_reason(&self) -> Option<&str> {
        self.0.short_payment_reason.as_deref()
    }
    /// Amount paid.
    async fn paid_amount(&self) -> Option<Money> {
        self.0.paid_amount.map(Money)
    }
    /// Day paid.
    async fn paid_on(&self) -> Option<Date> {
        self.0.paid_on.map(Date)
    }
    /// Payment voucher number (缴费凭证号).
    async fn voucher_no(&self) -> Option<&str> {
        self.0.voucher_no.as_deref()
    }
    /// When it became active.
    async fn activated_at(&self) -> Option<DateTime<Utc>> {
        self.0.activated_at
    }
    /// When it ended (expired or terminated).
    async fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.0.ended_at
    }
    /// Why it was terminated.
    async fn termination_reason(&self) -> Option<&str> {
        self.0.termination_reason.as_deref()
    }
    /// Its installation jobs.
    async fn installation_jobs(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<InstallationJob>> {
        let rows = load_children::<entity::installation_job::Entity>(ctx, self.0.id).await?;
        Ok(rows.into_iter().map(InstallationJob).collect())
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When made.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A frozen line item of a contract.
pub struct ContractLine(pub contract_line::Model);

/// A frozen line item of a contract.
#[Object]
impl ContractLine {
    /// Position, from 1.
    async fn position(&self) -> i32 {
        self.0.position
    }
    /// The product.
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Product>> {
        Ok(load_by_id::<entity::product::Entity>(ctx, self.0.product_id).await?.map(Product))
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
    /// Unit price after discount.
    async fn net_unit_price(&self) -> Money {
        Money(self.0.net_unit_price)
    }
    /// Discount, percent.
    async fn discount_percent(&self) -> Money {
        percent(self.0.line_rate)
    }
    /// Whole-term value after discount.
    async fn net_total(&self) -> Money {
        Money(self.0.net_total)
    }
}

/// A document of the checklist (合同资料).
pub struct ContractDocument(contract_document::Model);

/// A document of the checklist (合同资料).
#[Object]
impl ContractDocument {
    /// Which document.
    async fn kind(&self) -> Gql<DocumentKind> {
        Gql(self.0.kind)
    }
    /// In hand, missing, or not required.
    async fn status(&self) -> Gql<DocumentStatus> {
        Gql(self.0.status)
    }
    /// The document's fields (the IP application's form, the voucher's number and amount…).
    async fn details(&self) -> GqlJson<serde_json::Value> {
        GqlJson(self.0.details.clone())
    }
    /// Note.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// Last change.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<Contract>> {
    let Some(m) = load_by_id::<Entity>(ctx, id).await? else { return Ok(None) };
    Ok(group_of_child(ctx, m.group_id).await?.map(|_| Contract(m)))
}

/// Which contracts to list.
#[derive(InputObject, Default)]
pub struct ContractFilter {
    /// Only these states.
    pub status: Option<Vec<Gql<ContractStatus>>>,
    /// Only this group's (global id).
    pub group_id: Option<ID>,
}

#[derive(Default)]
pub struct ContractQuery;

#[Object]
impl ContractQuery {
    /// Contracts of the groups you may see, newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn contracts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<ContractFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<Contract>> {
        let viewer = ctx.viewer()?;
        let f = filter.unwrap_or_default();
        let mut select = Entity::find().filter(Column::GroupId.in_subquery(visible_group_ids(viewer)));
        if let Some(s) = f.status {
            select = select.filter(Column::Status.is_in(s.iter().map(|s| s.0)));
        }
        if let Some(g) = f.group_id {
            select = select.filter(Column::GroupId.eq(NodeKind::Group.decode(&g).unwrap_or(-1)));
        }
        Ok(keyset(&ctx.state().db, select, Column::Id, true, PageArgs { first, after, last, before }, Contract).await?)
    }
}

/// A contract to make.
#[derive(InputObject)]
pub struct CreateContractInput {
    /// The accepted proposal (global id).
    pub proposal_id: ID,
    /// Title; the proposal's by default.
    pub title: Option<String>,
}

/// The head's review.
#[derive(InputObject)]
pub struct ReviewContractInput {
    /// The contract (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Approve (the contract may be sent) or send back to draft.
    pub approve: bool,
    /// Comment; required to send back.
    pub comment: Option<String>,
}

/// A checklist document received (or missing again).
#[derive(InputObject)]
pub struct RecordContractDocumentInput {
    /// The contract (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Which document.
    pub kind: Gql<DocumentKind>,
    /// In hand (true) or missing (false).
    pub received: bool,
    /// Note.
    pub note: Option<String>,
}

/// The contract's term as signed.
#[derive(InputObject)]
pub struct SignContractInput {
    /// The contract (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Who signed for the customer (客户签字人).
    pub customer_signer: String,
    /// First day of the term (合同开始日期); the end follows from the term months.
    pub term_start: Date,
}

/// The IP address application form (IP地址申请表).
#[derive(InputObject, Clone)]
pub struct IpApplicationInput {
    /// Applicant organisation (申请单位).
    pub applicant: String,
    /// Customer address (客户地址).
    pub customer_address: String,
    /// Contact person (联系人).
    pub contact: String,
    /// Contact phone (联系电话).
    pub contact_phone: String,
    /// Mailing address (通信地址).
    pub mailing_address: String,
    /// Line rate in Mbps (线路速率).
    pub line_rate_mbps: i32,
    /// Number of IP addresses (IP地址数量).
    pub ip_count: i32,
}

impl From<IpApplicationInput> for service::IpApplication {
    fn from(f: IpApplicationInput) -> Self {
        Self {
            applicant: f.applicant,
            customer_address: f.customer_address,
            contact: f.contact,
            contact_phone: f.contact_phone,
            mailing_address: f.mailing_address,
            line_rate_mbps: f.line_rate_mbps,
            ip_count: f.ip_count,
        }
    }
}

/// The IP address application, filled in.
#[derive(InputObject)]
pub struct RecordIpApplicationInput {
    /// The contract (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// The form.
    pub form: IpApplicationInput,
}

/// A payment received.
#[derive(InputObject)]
pub struct RecordPaymentInput {
    /// The contract (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Amount paid.
    pub amount: Money,
    /// Day paid.
    pub paid_on: Date,
    /// Voucher number (缴费凭证号).
    pub voucher_no: String,
    /// Required when `amount` is less than the contract's `amountDue`: why the short payment is
    /// accepted (少收原因, e.g. the customer pays the one-off charge with the first bill).
    pub short_payment_reason: Option<String>,
}

/// A contract and the reason for ending it.
#[derive(InputObject)]
pub struct TerminateContractInput {
    /// The contract (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Why.
    pub reason: String,
}

/// Result of a contract change.
#[derive(SimpleObject)]
pub struct ContractPayload {
    /// The contract as changed; null when there are user errors.
    pub contract: Option<Contract>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<ContractPayload> {
    let (m, user_errors) = split(r)?;
    Ok(ContractPayload { contract: m.map(Contract), user_errors })
}

fn decode(id: &ID) -> AppResult<i64> {
    NodeKind::Contract.decode(id).ok_or_else(AppError::not_found)
}

#[derive(Default)]
pub struct ContractMutation;

#[Object]
impl ContractMutation {
    /// Makes the contract of an accepted proposal (生成合同).
    async fn create_contract_from_proposal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: CreateContractInput,
    ) -> async_graphql::Result<ContractPayload> {
        let pid = NodeKind::Proposal.decode(&input.proposal_id).ok_or_else(AppError::not_found)?;
        payload(
            service::create_from_proposal(ctx.state(), &ctx.actor()?, ctx.viewer()?, pid, input.title.as_deref()).await,
        )
    }

    /// Hands the draft to the department head for review (提交审核).
    async fn submit_contract_for_review(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<ContractPayload> {
        let id = decode(&input.id)?;
        payload(service::submit_for_review(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version).await)
    }

    /// The department head's review (合同审核).
    async fn review_contract(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ReviewContractInput,
    ) -> async_graphql::Result<ContractPayload> {
        let id = decode(&input.id)?;
        let r = service::review(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            id,
            input.expected_version,
            input.approve,
            input.comment.as_deref(),
        )
        .await;
        payload(r)
    }

    /// Sends the reviewed contract to the customer.
    async fn send_contract(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<ContractPayload> {
        let id = decode(&input.id)?;
        payload(service::send(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version).await)
    }

    /// Records the signature; the contract number is issued (签约).
    async fn sign_contract(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: SignContractInput,
    ) -> async_graphql::Result<ContractPayload> {
        let id = decode(&input.id)?;
        let r = service::sign(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            id,
            input.expected_version,
            &input.customer_signer,
            input.term_start.0,
        )
        .await;
        payload(r)
    }

    /// Marks a checklist document received or missing.
    async fn record_contract_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RecordContractDocumentInput,
    ) -> async_graphql::Result<ContractPayload> {
        let id = decode(&input.id)?;
        let r = service::record_document(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            id,
            input.expected_version,
            input.kind.0,
            input.received,
            input.note.as_deref(),
        )
        .await;
        payload(r)
    }

    /// Records the IP address application (IP地址申请表).
    async fn record_ip_application(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RecordIpApplicationInput,
    ) -> async_graphql::Result<ContractPayload> {
        let id = decode(&input.id)?;
        payload(
            service::record_ip_application(
                ctx.state(),
                &ctx.actor()?,
                ctx.viewer()?,
                id,
                input.expected_version,
                input.form.into(),
            )
            .await,
        )
    }

    /// Records the payment with its voucher (缴费).
    async fn record_payment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RecordPaymentInput,
    ) -> async_graphql::Result<ContractPayload> {
        let id = decode(&input.id)?;
        let r = service::record_payment(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            id,
            input.expected_version,
            input.amount.0,
            input.paid_on.0,
            &input.voucher_no,
            input.short_payment_reason.as_deref(),
        )
        .await;
        payload(r)
    }

    /// Makes the contract active: payment recorded and checklist complete (合同生效).
    async fn activate_contract(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<ContractPayload> {
        let id = decode(&input.id)?;
        payload(service::activate(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version).await)
    }

    /// Terminates the contract, with the reason (终止).
    async fn terminate_contract(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: TerminateContractInput,
    ) -> async_graphql::Result<ContractPayload> {
        let id = decode(&input.id)?;
        payload(
            service::terminate(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, &input.reason)
                .await,
        )
    }
}
