//! The GraphQL schema: roots merged from each domain area, the `Node` interface, limits.
pub mod child_pages;
pub mod compiled;
pub mod context;
pub mod enums;
pub mod errors;
pub mod files;
pub use context::ContextExt;
pub mod guard;
pub mod limits;
pub mod loaders;
pub mod offers;
pub mod payload;
pub mod persisted;
pub mod relay;
pub mod scalars;

use async_graphql::{
    Context, Data, ID, Interface, MergedObject, MergedSubscription, Object, Request, Schema, SchemaBuilder,
    futures_util::future::join_all,
};

use crate::{
    approvals::graphql::{ApprovalMutation, ApprovalQuery, ApprovalRequest},
    audit::graphql::{AuditEvent, AuditQuery, AuditSubscription},
    auth::graphql::AuthMutation,
    calendar::graphql::{CalendarMutation, CalendarQuery},
    catalog::graphql::{CatalogMutation, CatalogQuery, Product},
    contacts::graphql::{Contact, ContactMutation},
    contracts::graphql::{Contract, ContractMutation, ContractQuery},
    error::{AppError, AppResult},
    events::graphql::EventSubscription,
    groups::graphql::{CustomerGroup, GroupMutation, GroupQuery},
    installs::graphql::{FaultTicket, InstallMutation, InstallQuery, InstallationJob},
    members::graphql::{BandsCache, Member, MemberImport, MemberMutation, MemberQuery},
    org::graphql::{OrgMutation, OrgQuery, OrgUnit},
    pipeline::graphql::PipelineQuery,
    proposals::graphql::{Proposal, ProposalMutation, ProposalQuery},
    settings::graphql::{SettingsMutation, SettingsQuery},
    state::{AppState, RequestMeta},
    tasks::graphql::{Task, TaskMutation, TaskQuery},
    users::graphql::{User, UserMutation, UserQuery, load_visible},
    visits::graphql::{Visit, VisitMutation, VisitQuery},
};
use relay::{NodeKind, decode_global_id};

pub const MAX_DEPTH: usize = 12;
pub const MAX_COMPLEXITY: usize = 5_000;
pub const MAX_DIRECTIVES: usize = 50;
pub const MAX_NODES: usize = 100;

/// An object with a stable, opaque global id, fetchable with `node(id:)`.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Opaque global id."))]
pub enum Node {
    /// An org node.
    OrgUnit(OrgUnit),
    /// A user.
    User(User),
    /// An audit event.
    AuditEvent(AuditEvent),
    /// A group customer.
    CustomerGroup(CustomerGroup),
    /// A member of a group.
    Member(Member),
    /// A contact in a group.
    Contact(Contact),
    /// A visit.
    Visit(Visit),
    /// A member import.
    MemberImport(MemberImport),
    /// A catalog product.
    Product(Product),
    /// A proposal.
    Proposal(Proposal),
    /// An approval request.
    ApprovalRequest(ApprovalRequest),
    /// A contract.
    Contract(Contract),
    /// An installation job.
    InstallationJob(InstallationJob),
    /// A fault ticket.
    FaultTicket(FaultTicket),
    /// A task.
    Task(Task),
    /// A run of a scheduled job.
    JobRun(crate::jobs::graphql::JobRun),
    /// A churn warning.
    ChurnWarning(crate::churn::graphql::ChurnWarning),
    /// A complaint.
    Complaint(crate::complaints::graphql::Complaint),
    /// A disconnection request.
    DisconnectionRequest(crate::retention::graphql::DisconnectionRequest),
    /// A competition report.
    CompetitionReport(crate::competition::graphql::CompetitionReport),
    /// A billing adjustment.
    BillingAdjustment(crate::billing::graphql::BillingAdjustment),
    /// A collection item.
    ArrearsItem(crate::arrears::graphql::ArrearsItem),
    /// An item of a day's plan.
    PlanItem(crate::dayplan::graphql::PlanItem),
    /// A work summary.
    WorkSummary(crate::summaries::graphql::WorkSummary),
    /// An important information report.
    InfoReport(crate::reports::graphql::InfoReport),
    /// A case in the case library.
    WorkCase(crate::cases::graphql::WorkCase),
    /// A resource request.
    ResourceRequest(crate::resources::graphql::ResourceRequest),
    /// A PR gift in stock.
    GiftItem(crate::resources::graphql::GiftItem),
}

/// Fetches any object by global id, answering `None` for what the viewer may not see
/// exactly as for what does not exist.
async fn fetch_node(ctx: &Context<'_>, id: &ID) -> AppResult<Option<Node>> {
    let viewer = ctx.viewer()?;
    let Some((kind, raw)) = decode_global_id(id) else { return Ok(None) };
    Ok(match kind {
        NodeKind::OrgUnit => {
            loaders::load_by_id::<entity::org_unit::Entity>(ctx, raw).await?.map(|m| Node::OrgUnit(OrgUnit(m)))
        }
        NodeKind::User => load_visible(ctx, raw).await?.map(Node::User),
        NodeKind::AuditEvent if viewer.is_admin() => {
            loaders::load_by_id::<entity::audit_event::Entity>(ctx, raw).await?.map(|m| Node::AuditEvent(AuditEvent(m)))
        }
        NodeKind::AuditEvent => None,
        NodeKind::Group => crate::groups::graphql::load_visible(ctx, raw).await?.map(Node::CustomerGroup),
        NodeKind::Member => crate::members::graphql::load_visible(ctx, raw).await?.map(Node::Member),
        NodeKind::Contact => crate::contacts::graphql::load_visible(ctx, raw).await?.map(Node::Contact),
        NodeKind::Visit => crate::visits::graphql::load_visible(ctx, raw).await?.map(Node::Visit),
        NodeKind::MemberImport => crate::members::graphql::load_visible_import(ctx, raw).await?.map(Node::MemberImport),
        NodeKind::Product => crate::catalog::graphql::load_product(ctx, raw).await?.map(Node::Product),
        NodeKind::Proposal => crate::proposals::graphql::load_visible(ctx, raw).await?.map(Node::Proposal),
        NodeKind::ApprovalRequest => {
            crate::approvals::graphql::load_visible(ctx, raw).await?.map(Node::ApprovalRequest)
        }
        NodeKind::Contract => crate::contracts::graphql::load_visible(ctx, raw).await?.map(Node::Contract),
        NodeKind::InstallationJob => crate::installs::graphql::load_visible(ctx, raw).await?.map(Node::InstallationJob),
        NodeKind::FaultTicket => crate::installs::graphql::load_visible_fault(ctx, raw).await?.map(Node::FaultTicket),
        NodeKind::Task => crate::tasks::graphql::load_visible(ctx, raw).await?.map(Node::Task),
        NodeKind::JobRun => crate::jobs::graphql::load_visible(ctx, raw).await?.map(Node::JobRun),
        NodeKind::ChurnWarning => crate::churn::graphql::load_visible(ctx, raw).await?.map(Node::ChurnWarning),
        NodeKind::Complaint => crate::complaints::graphql::load_visible(ctx, raw).await?.map(Node::Complaint),
        NodeKind::CompetitionReport => {
            crate::competition::graphql::load_visible(ctx, raw).await?.map(Node::CompetitionReport)
        }
        NodeKind::DisconnectionRequest => {
            crate::retention::graphql::load_visible(ctx, raw).await?.map(Node::DisconnectionRequest)
        }
        NodeKind::BillingAdjustment => {
            crate::billing::graphql::load_visible(ctx, raw).await?.map(Node::BillingAdjustment)
        }
        NodeKind::ArrearsItem => crate::arrears::graphql::load_visible(ctx, raw).await?.map(Node::ArrearsItem),
        NodeKind::PlanItem => crate::dayplan::graphql::load_visible(ctx, raw).await?.map(Node::PlanItem),
        NodeKind::WorkSummary => crate::summaries::graphql::load_visible(ctx, raw).await?.map(Node::WorkSummary),
        NodeKind::InfoReport => crate::reports::graphql::load_visible(ctx, raw).await?.map(Node::InfoReport),
        NodeKind::WorkCase => crate::cases::graphql::load_visible(ctx, raw).await?.map(Node::WorkCase),
        NodeKind::ResourceRequest => {
            crate::resources::graphql::load_visible(ctx, raw).await?.map(Node::ResourceRequest)
        }
        NodeKind::GiftItem => crate::resources::graphql::load_gift(ctx, raw).await?.map(Node::GiftItem),
    })
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its global id; null when it does not exist or is not visible to you.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global id.")] id: ID,
    ) -> async_graphql::Result<Option<Node>> {
        Ok(fetch_node(ctx, &id).await?)
    }

    /// Several objects by global id, in the order asked (at most 100); null for each one
    /// that does not exist or is not visible to you.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids.")] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(AppError::bad_input("一次最多查询 100 个对象", "At most 100 ids at a time").into());
        }
        // One id that cannot be answered costs only its own position: null there, and an
        // error whose path names it.
        let found = join_all(ids.iter().map(|id| fetch_node(ctx, id))).await;
        Ok(found
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                r.unwrap_or_else(|e| {
                    let mut err = async_graphql::Error::from(e).into_server_error(ctx.item.pos);
                    err.path = vec![
                        async_graphql::PathSegment::Field(ctx.item.node.response_key().node.to_string()),
                        async_graphql::PathSegment::Index(i),
                    ];
                    ctx.add_error(err);
                    None
                })
            })
            .collect())
    }
}

/// Every read the API offers.
#[derive(MergedObject, Default)]
pub struct Query(
    NodeQuery,
    UserQuery,
    OrgQuery,
    AuditQuery,
    SettingsQuery,
    GroupQuery,
    MemberQuery,
    VisitQuery,
    CalendarQuery,
    CatalogQuery,
    ProposalQuery,
    ApprovalQuery,
    ContractQuery,
    InstallQuery,
    PipelineQuery,
    TaskQuery,
    crate::jobs::graphql::JobQuery,
    crate::cadence::graphql::CadenceQuery,
    crate::churn::graphql::ChurnQuery,
    crate::numbers::graphql::NumberQuery,
    crate::kpi::graphql::KpiQuery,
    crate::complaints::graphql::ComplaintQuery,
    crate::retention::graphql::RetentionQuery,
    crate::competition::graphql::CompetitionQuery,
    crate::billing::graphql::BillingQuery,
    crate::arrears::graphql::ArrearsQuery,
    crate::dayplan::graphql::DayPlanQuery,
    crate::worklog::graphql::WorkLogQuery,
    crate::summaries::graphql::SummaryQuery,
    crate::reports::graphql::ReportQuery,
    crate::cases::graphql::CaseQuery,
    crate::resources::graphql::ResourceQuery,
    enums::LabelQuery,
);

/// Every change the API offers; each takes one `input` and returns a payload with `userErrors`.
#[derive(MergedObject, Default)]
pub struct Mutation(
    AuthMutation,
    OrgMutation,
    UserMutation,
    SettingsMutation,
    GroupMutation,
    MemberMutation,
    ContactMutation,
    VisitMutation,
    CalendarMutation,
    CatalogMutation,
    ProposalMutation,
    ApprovalMutation,
    ContractMutation,
    InstallMutation,
    TaskMutation,
    crate::jobs::graphql::JobMutation,
    crate::churn::graphql::ChurnMutation,
    crate::numbers::graphql::NumberMutation,
    crate::complaints::graphql::ComplaintMutation,
    crate::retention::graphql::RetentionMutation,
    crate::competition::graphql::CompetitionMutation,
    crate::billing::graphql::BillingMutation,
    crate::arrears::graphql::ArrearsMutation,
    crate::dayplan::graphql::DayPlanMutation,
    crate::worklog::graphql::WorkLogMutation,
    crate::summaries::graphql::SummaryMutation,
    crate::reports::graphql::ReportMutation,
    crate::cases::graphql::CaseMutation,
    crate::resources::graphql::ResourceMutation,
    crate::kpi::graphql::KpiMutation,
);

/// Live updates over `/graphql/ws` (graphql-transport-ws).
#[derive(MergedSubscription, Default)]
pub struct Subscription(AuditSubscription, EventSubscription);

/// The engine's schema, unguarded: only [`AppSchema`] answers requests.
pub type EngineSchema = Schema<Query, Mutation, Subscription>;
/// The schema behind the request guard: what the HTTP layer, WebSocket and tests execute on.
pub type AppSchema = guard::Guarded;

/// The schema with its limits, needing no data: used to print the SDL.
pub fn schema_builder() -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(Query::default(), Mutation::default(), Subscription::default())
        // Depth is checked by the guard, which leaves introspection out (tools' queries nest
        // `ofType` deeply) and measures fragments once: see `limits`.
        .limit_complexity(MAX_COMPLEXITY)
        .limit_directives(MAX_DIRECTIVES)
}

/// The SDL, sorted so that the committed file changes only when the API does.
pub fn sdl() -> String {
    schema_builder()
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().sorted_fields().sorted_arguments().sorted_enum_items())
}

pub fn build_schema(state: AppState) -> AppSchema {
    let mut builder = schema_builder();
    if state.config.is_production() {
        builder = builder.disable_introspection().disable_suggestions();
    }
    let persisted = persisted::Persisted::from_manifest(crate::web::persisted_manifest().as_deref());
    tracing::debug!(trusted = persisted.trusted_count(), "the app's registered operations");
    guard::Guarded::new(builder.data(state).finish(), persisted)
}

/// What every request carries: who asks, and fresh per-request DataLoaders.
pub fn request_data(state: &AppState, meta: RequestMeta) -> Data {
    let mut data = Data::default();
    let d = state.config.loader_delay;
    data.insert(meta);
    data.insert(loaders::loader::<entity::org_unit::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::app_user::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::audit_event::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::customer_group::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::member::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::contact::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::visit::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::member_import::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::product::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::proposal::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::proposal_version::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::approval_request::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::contract::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::installation_job::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::fault_ticket::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::task::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::job_run::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::churn_warning::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::complaint::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::disconnection_request::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::competition_report::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::plan_item::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::work_summary::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::info_report::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::work_case::Entity>(&state.db).delay(d));
    data.insert(loaders::loader::<entity::gift_item::Entity>(&state.db).delay(d));
    data.insert(children(d, crate::graphql::files::FileList::<entity::info_report_file::Entity>::new(&state.db)));
    data.insert(children(d, crate::graphql::files::FileList::<entity::billing_evidence::Entity>::new(&state.db)));
    data.insert(
        async_graphql::dataloader::DataLoader::with_cache(
            crate::billing::graphql::AccountHistory(state.db.clone()),
            tokio::spawn,
            async_graphql::dataloader::HashMapCache::default(),
        )
        .delay(d),
    );
    data.insert(loaders::loader::<entity::arrears_item::Entity>(&state.db).delay(d));
    data.insert(crate::catalog::graphql::CurrentPrice::new(&state.db, state.clock.clone()).delay(d));
    macro_rules! by_parent {
        ($entity:ident, $parent:ident, $order:ident) => {
            by_parent!($entity, $parent, $order, sea_orm::Condition::all())
        };
        ($entity:ident, $parent:ident, $order:ident, $filter:expr) => {
            data.insert(children(
                d,
                loaders::ChildrenLoader::<entity::$entity::Entity>::new(
                    &state.db,
                    entity::$entity::Column::$parent,
                    $filter,
                    vec![(entity::$entity::Column::$order, sea_orm::Order::Asc)],
                ),
            ))
        };
    }
    by_parent!(product_price, ProductId, EffectiveFrom);
    by_parent!(proposal_version, ProposalId, Number);
    by_parent!(proposal_line, VersionId, Position);
    by_parent!(approval_request, ProposalId, Id);
    by_parent!(approval_step, RequestId, Position);
    by_parent!(contract, ProposalId, Id);
    by_parent!(contract_line, ContractId, Position);
    by_parent!(contract_document, ContractId, Id);
    by_parent!(quote_document, ProposalId, Id);
    by_parent!(installation_job, ContractId, Id);
    by_parent!(fault_ticket, JobId, Id);
    by_parent!(complaint, GroupId, Id);
    by_parent!(complaint_step, ComplaintId, Id);
    by_parent!(churn_record, GroupId, Id);
    by_parent!(competition_report, GroupId, Id);
    by_parent!(arrears_payment, ItemId, Id);
    by_parent!(info_report_recipient, ReportId, Id);
    by_parent!(info_report_comment, ReportId, Id);
    by_parent!(project_note, ProposalId, Id);
    by_parent!(work_case, ProposalId, Id);
    by_parent!(resource_request, PlanItemId, Id);
    by_parent!(
        task,
        SubjectId,
        DueAt,
        sea_orm::Condition::all().add(sea_orm::ColumnTrait::eq(&entity::task::Column::SubjectType, "Proposal"))
    );
    data.insert(children(
        d,
        loaders::ChildrenLoader::<entity::contact::Entity>::new(
            &state.db,
            entity::contact::Column::GroupId,
            sea_orm::Condition::all(),
            vec![(entity::contact::Column::Id, sea_orm::Order::Asc)],
        ),
    ));
    data.insert(children(
        d,
        loaders::ChildrenLoader::<entity::group_reassignment::Entity>::new(
            &state.db,
            entity::group_reassignment::Column::GroupId,
            sea_orm::Condition::all(),
            vec![(entity::group_reassignment::Column::Id, sea_orm::Order::Asc)],
        ),
    ));
    data.insert(children(
        d,
        loaders::ChildrenLoader::<entity::member_revenue::Entity>::new(
            &state.db,
            entity::member_revenue::Column::MemberId,
            sea_orm::Condition::all(),
            vec![(entity::member_revenue::Column::Month, sea_orm::Order::Desc)],
        ),
    ));
    child_pages::register::<crate::groups::graphql::GroupMembers>(&mut data, &state.db, d);
    child_pages::register::<crate::groups::graphql::GroupVisits>(&mut data, &state.db, d);
    child_pages::register::<crate::groups::graphql::GroupAudit>(&mut data, &state.db, d);
    child_pages::register::<crate::pipeline::graphql::StageDeals>(&mut data, &state.db, d);
    data.insert(crate::groups::graphql::loaders::LastVisitLoader::new(&state.db).delay(d));
    data.insert(crate::groups::graphql::loaders::RevenueTrendLoader::new(&state.db).delay(d));
    data.insert(crate::visits::graphql::ProductByCode::new(&state.db).delay(d));
    data.insert(BandsCache::default());
    data.insert(crate::contracts::graphql::RenewalNoticeCache::default());
    data.insert(crate::contracts::graphql::PendingReviews::new(&state.db, d));
    data
}

fn children<L>(d: std::time::Duration, l: L) -> loaders::CachedLoader<L>
where
    L: async_graphql::dataloader::Loader<i64>,
{
    async_graphql::dataloader::DataLoader::with_cache(l, tokio::spawn, Default::default()).delay(d)
}

pub fn prepare_request(mut request: Request, state: &AppState, meta: RequestMeta) -> Request {
    request.data = request_data(state, meta);
    request
}
