//! Groups in the API: the archive card, its lists and the portfolio changes.
pub mod compiled;
pub mod loaders;

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect, QueryTrait};

use self::loaders::{LastVisitLoader, RevenueTrendLoader};
use super::{GroupKind, GroupStatus, Segment, ServiceTier, StatusChange, ValueClass, service, visible};
use crate::{
    audit::graphql::AuditEvent,
    auth::Viewer,
    contacts::graphql::Contact,
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::{
        child_pages::{ChildList, child_page},
        compiled::Answer,
        enums::Gql,
        loaders::{CachedLoader, Children, Loaded, db_err, load_by_id, load_children},
        payload::{VersionedIdInput, split},
        relay::{KeysetConnection, NodeKind, PageArgs, keyset_sorted},
        scalars::Date,
    },
    members::{
        MemberStatus, ValueBand,
        graphql::{Member, bands},
    },
    org::graphql::{OrgUnit, load_org},
    users::graphql::{User, load_visible as load_user},
    visits::{
        VisitStatus,
        graphql::{Visit, VisitFilter},
    },
};
use entity::customer_group::{Column, Entity, Model};

/// A government or enterprise customer (集团客户), card QX-FW-001.
pub struct CustomerGroup(pub Model);

/// Where the group is (区域).
#[derive(SimpleObject)]
pub struct Region {
    /// County or district (县/区).
    pub county: String,
    /// Town (乡镇).
    pub town: Option<String>,
    /// Street office (街道办).
    pub street_office: Option<String>,
    /// Village or community (村/社区).
    pub village: Option<String>,
}

/// A key date of the group (重要日子).
#[derive(SimpleObject)]
pub struct KeyDate {
    /// What the day is.
    pub name: String,
    /// The date.
    pub date: Date,
}

/// One change of account manager (客户经理变更记录).
pub struct GroupReassignment(entity::group_reassignment::Model);

/// One change of account manager (客户经理变更记录).
#[Object]
impl GroupReassignment {
    /// The manager before; null when outside your scope.
    async fn from_owner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_user(ctx, self.0.from_owner_id).await?)
    }
    /// The manager after; null when outside your scope.
    async fn to_owner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_user(ctx, self.0.to_owner_id).await?)
    }
    /// The department before.
    async fn from_department(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrgUnit>> {
        load_org(ctx, Some(self.0.from_department_id)).await
    }
    /// The department after.
    async fn to_department(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrgUnit>> {
        load_org(ctx, Some(self.0.to_department_id)).await
    }
    /// Who reassigned.
    async fn by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<entity::app_user::Entity>(ctx, self.0.by_id).await?.map(User))
    }
    /// Why (变更原因).
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    /// When.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }
}

/// Which members of a group to list.
#[derive(InputObject, Default)]
pub struct MemberFilter {
    /// Only members whose line is in this state.
    pub status: Option<Gql<MemberStatus>>,
    /// Only members in this value band.
    pub value_band: Option<Gql<ValueBand>>,
    /// Only key persons (true) or only others (false).
    pub key_person: Option<bool>,
    /// Text contained in the name or number.
    pub search: Option<String>,
    /// Archived members instead of current ones.
    #[graphql(default)]
    pub archived: bool,
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

/// A government or enterprise customer (集团客户), card QX-FW-001.
#[Object]
impl CustomerGroup {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::Group.id(self.0.id)
    }
    /// Group code (集团编号): region, value class and sequence, e.g. `GZA00042`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Name (集团名称).
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Kind of organisation (单位类型).
    async fn kind(&self) -> Gql<GroupKind> {
        Gql(self.0.kind)
    }
    /// Industry or cluster management (客户类型).
    async fn segment(&self) -> Gql<Segment> {
        Gql(self.0.segment)
    }
    /// Industry (行业).
    async fn industry(&self) -> &str {
        &self.0.industry
    }
    /// Value class (价值等级).
    async fn value_class(&self) -> Gql<ValueClass> {
        Gql(self.0.value_class)
    }
    /// Service tier (服务等级).
    async fn tier(&self) -> Gql<ServiceTier> {
        Gql(self.0.tier)
    }
    /// Where the group is (区域).
    async fn region(&self) -> Region {
        Region {
            county: self.0.county.clone(),
            town: self.0.town.clone(),
            street_office: self.0.street_office.clone(),
            village: self.0.village.clone(),
        }
    }
    /// Street address (地址).
    async fn address(&self) -> &str {
        &self.0.address
    }
    /// Annual output over ¥3M (年产值300万以上).
    async fn annual_output_over3m(&self) -> bool {
        self.0.annual_output_over3m
    }
    /// Where the group stands with us (客户状态).
    async fn status(&self) -> Gql<GroupStatus> {
        Gql(self.0.status)
    }
    /// Carriers present at the customer (竞争对手).
    async fn competitors(&self) -> Vec<String> {
        strings(&self.0.competitors)
    }
    /// Notes on the competition (竞争情况).
    async fn competitor_notes(&self) -> Option<&str> {
        self.0.competitor_notes.as_deref()
    }
    /// Informatization products in use (信息化产品).
    async fn informatization_products(&self) -> Vec<String> {
        strings(&self.0.informatization_products)
    }
    /// Founding day (成立日期).
    async fn founded_on(&self) -> Option<Date> {
        self.0.founded_on.map(Date)
    }
    /// Other key dates (重要日子).
    async fn key_dates(&self) -> Vec<KeyDate> {
        let items = self.0.key_dates.as_array().cloned().unwrap_or_default();
        items
            .iter()
            .filter_map(|k| {
                let date = chrono::NaiveDate::parse_from_str(k["date"].as_str()?, "%Y-%m-%d").ok()?;
                Some(KeyDate { name: k["name"].as_str()?.to_string(), date: Date(date) })
            })
            .collect()
    }
    /// Notes (备注).
    async fn notes(&self) -> Option<&str> {
        self.0.notes.as_deref()
    }
    /// The owning account manager (客户经理); null when outside your scope.
    async fn owner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_user(ctx, self.0.owner_id).await?)
    }
    /// True when the owning manager has been disabled: the group waits for reassignment (待分配).
    async fn unassigned(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let owner = load_by_id::<entity::app_user::Entity>(ctx, self.0.owner_id).await?;
        Ok(owner.is_none_or(|u| !u.active))
    }
    /// The department that looks after the group.
    async fn department(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrgUnit>> {
        load_org(ctx, Some(self.0.department_id)).await
    }
    /// The branch.
    async fn branch(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrgUnit>> {
        load_org(ctx, Some(self.0.branch_id)).await
    }
    /// When the group was last visited (any method).
    async fn last_visit_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_visit_at
    }
    /// The baseline month (拍照月, `YYYY-MM`) the group's revenue is watched against (rule 9).
    async fn baseline_month(&self) -> Option<&str> {
        self.0.baseline_month.as_deref()
    }
    /// Monthly revenue over the six months up to the latest recorded one, oldest first, with
    /// its ARPU (收入趋势); empty before any revenue is recorded.
    async fn revenue_trend(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<GroupRevenueMonth>> {
        let loader = ctx.data::<CachedLoader<RevenueTrendLoader>>()?;
        let trend = loader.load_one(self.0.id).await.map_err(db_err)?;
        Ok(trend.unwrap_or_default().into_iter().map(GroupRevenueMonth).collect())
    }
    /// The retention analysis report (集团保有分析报告); null until a baseline month is set.
    async fn retention_report(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<crate::churn::graphql::RetentionReport>> {
        Ok(crate::churn::graphql::report_of(ctx, &self.0).await?)
    }
    /// The most recent completed visit.
    async fn last_visit(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Visit>> {
        if self.0.last_visit_at.is_none() {
            return Ok(None);
        }
        let loader = ctx.data::<CachedLoader<LastVisitLoader>>()?;
        Ok(loader.load_one(self.0.id).await.map_err(db_err)?.map(Visit))
    }
    /// Proposals not yet decided (open proposals).
    async fn open_proposals(&self) -> i32 {
        self.0.open_proposals
    }
    /// Contacts (关键人), decision makers first.
    async fn contacts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Archived contacts instead of current ones.", default)] archived: bool,
    ) -> async_graphql::Result<Vec<Contact>> {
        let mut all: Vec<_> = load_children::<entity::contact::Entity>(ctx, self.0.id)
            .await?
            .into_iter()
            .filter(|c| c.archived_at.is_some() == archived)
            .collect();
        all.sort_by_key(|c| (c.role.rank(), c.id));
        Ok(all.into_iter().map(Contact).collect())
    }
    /// Members (集团成员), in the order added.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<MemberFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<Member>> {
        let f = filter.unwrap_or_default();
        let band = match f.value_band {
            Some(b) => Some((b.0, bands(ctx).await?)),
            None => None,
        };
        let slice = MemberSlice {
            archived: f.archived,
            status: f.status.map(|s| s.0),
            key_person: f.key_person,
            band,
            search: crate::fields::search_text(f.search)?,
        };
        let args = PageArgs { first, after, last, before };
        Ok(child_page::<GroupMembers, _>(ctx, self.0.id, slice, args, Member).await?)
    }
    /// Visits (走访记录) by when they happen (the end of one that took place, the planned time
    /// otherwise), latest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn visits(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only visits in this state.")] status: Option<Gql<VisitStatus>>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<Visit>> {
        let args = PageArgs { first, after, last, before };
        let page = child_page::<GroupVisits, _>(ctx, self.0.id, status.map(|s| s.0), args, Visit).await?;
        crate::visits::graphql::prime_page(ctx, &page).await?;
        Ok(page)
    }
    /// Its complaints, newest first (投诉记录), open and closed.
    async fn complaints(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<crate::complaints::graphql::Complaint>> {
        Ok(crate::complaints::graphql::of_group(ctx, self.0.id).await?)
    }
    /// Competitor analyses filed for the group, newest first (竞争信息).
    async fn competition_reports(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::competition::graphql::CompetitionReport>> {
        Ok(crate::competition::graphql::of_group(ctx, self.0.id).await?)
    }
    /// Changes of account manager, oldest first (客户经理变更记录).
    async fn reassignments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<GroupReassignment>> {
        let rows = load_children::<entity::group_reassignment::Entity>(ctx, self.0.id).await?;
        Ok(rows.into_iter().map(GroupReassignment).collect())
    }
    /// The group's audit trail (变更历史), newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<AuditEvent>> {
        let args = PageArgs { first, after, last, before };
        Ok(child_page::<GroupAudit, _>(ctx, self.0.id, (), args, AuditEvent).await?)
    }
    /// When archived (归档); null while current.
    async fn archived_at(&self) -> Option<DateTime<Utc>> {
        self.0.archived_at
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// Which of a group's members a page lists: [`MemberFilter`], checked, with the value-band
/// thresholds in force.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MemberSlice {
    archived: bool,
    status: Option<MemberStatus>,
    key_person: Option<bool>,
    band: Option<(ValueBand, crate::settings::ArpuBands)>,
    search: Option<String>,
}

/// `CustomerGroup.members`, in the order added.
pub struct GroupMembers;

impl ChildList for GroupMembers {
    type Entity = entity::member::Entity;
    type Parent = i64;
    type Filter = MemberSlice;
    const DESCENDING: bool = false;
    fn parent() -> entity::member::Column {
        entity::member::Column::GroupId
    }
    fn key() -> entity::member::Column {
        entity::member::Column::Id
    }
    fn condition(f: &MemberSlice) -> Condition {
        use entity::member::Column as M;
        let mut c =
            Condition::all().add(if f.archived { M::ArchivedAt.is_not_null() } else { M::ArchivedAt.is_null() });
        if let Some(s) = f.status {
            c = c.add(M::Status.eq(s.as_str()));
        }
        if let Some(k) = f.key_person {
            c = c.add(M::KeyPerson.eq(k));
        }
        if let Some((band, b)) = f.band {
            c = c.add(match band {
                ValueBand::High => Condition::all().add(M::Arpu.gt(b.high_above)),
                ValueBand::Mid => Condition::all().add(M::Arpu.gte(b.mid_from)).add(M::Arpu.lte(b.high_above)),
                ValueBand::Low => Condition::all().add(M::Arpu.lt(b.mid_from)),
            });
        }
        if let Some(text) = &f.search {
            use crate::fields::contains;
            c = c.add(Condition::any().add(contains(M::Name, text)).add(contains(M::Phone, text)));
        }
        c
    }
}

/// `CustomerGroup.visits`, newest first.
pub struct GroupVisits;

impl ChildList for GroupVisits {
    type Entity = entity::visit::Entity;
    type Parent = i64;
    type Filter = Option<VisitStatus>;
    const DESCENDING: bool = true;
    fn parent() -> entity::visit::Column {
        entity::visit::Column::GroupId
    }
    fn key() -> entity::visit::Column {
        entity::visit::Column::Id
    }
    /// By when they happen, latest first, as the visits list.
    fn sort() -> Option<entity::visit::Column> {
        Some(entity::visit::Column::HappensAt)
    }
    fn condition(status: &Option<VisitStatus>) -> Condition {
        VisitFilter { status: status.map(Gql), ..Default::default() }.condition()
    }
}

/// `CustomerGroup.auditEvents`, newest first.
pub struct GroupAudit;

impl ChildList for GroupAudit {
    type Entity = entity::audit_event::Entity;
    type Parent = i64;
    type Filter = ();
    const DESCENDING: bool = true;
    fn parent() -> entity::audit_event::Column {
        entity::audit_event::Column::EntityId
    }
    fn key() -> entity::audit_event::Column {
        entity::audit_event::Column::Id
    }
    fn condition(_: &()) -> Condition {
        Condition::all().add(entity::audit_event::Column::EntityType.eq(NodeKind::Group.name()))
    }
}

/// Loads the relations a page of groups asks for in one batch each, before the rows are
/// resolved: each row then finds its owner, contacts and last visit in the request's loader
/// caches, so a page costs the same number of statements whatever its size.
async fn prime_page<'a>(ctx: &Context<'_>, page: impl Iterator<Item = &'a Model>) -> AppResult<()> {
    let page: Vec<&Model> = page.collect();
    let look = ctx.look_ahead();
    let (nodes, edges) = (look.field("nodes"), look.field("edges").field("node"));
    let wants = |f: &str| nodes.field(f).exists() || edges.field(f).exists();
    let ids: Vec<i64> = page.iter().map(|g| g.id).collect();
    let owners = async {
        if wants("owner") || wants("unassigned") {
            let l = ctx.data::<Loaded<entity::app_user::Entity>>().map_err(|_| AppError::internal("loader"))?;
            l.load_many(page.iter().map(|g| g.owner_id)).await.map_err(db_err)?;
        }
        AppResult::Ok(())
    };
    let orgs = async {
        if wants("department") || wants("branch") {
            let l = ctx.data::<Loaded<entity::org_unit::Entity>>().map_err(|_| AppError::internal("loader"))?;
            l.load_many(page.iter().flat_map(|g| [g.department_id, g.branch_id])).await.map_err(db_err)?;
        }
        AppResult::Ok(())
    };
    let contacts = async {
        if wants("contacts") {
            let l = ctx.data::<Children<entity::contact::Entity>>().map_err(|_| AppError::internal("loader"))?;
            l.load_many(ids.iter().copied()).await.map_err(db_err)?;
        }
        AppResult::Ok(())
    };
    let visits = async {
        if wants("lastVisit") {
            let l = ctx.data::<CachedLoader<LastVisitLoader>>().map_err(|_| AppError::internal("loader"))?;
            l.load_many(page.iter().filter(|g| g.last_visit_at.is_some()).map(|g| g.id)).await.map_err(db_err)?;
        }
        AppResult::Ok(())
    };
    let (a, b, c, d) = futures_util::join!(owners, orgs, contacts, visits);
    a.and(b).and(c).and(d)
}

/// The group with id `group_id`, if the viewer may see it: how every record under a group
/// checks its visibility (through the request's loader, so it batches).
pub async fn group_of_child(ctx: &Context<'_>, group_id: i64) -> AppResult<Option<Model>> {
    let viewer = ctx.viewer()?;
    Ok(load_by_id::<Entity>(ctx, group_id).await?.filter(|g| visible(viewer, g)))
}

pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<CustomerGroup>> {
    Ok(group_of_child(ctx, id).await?.map(CustomerGroup))
}

/// Which groups to list.
#[derive(InputObject, Default)]
pub struct GroupFilter {
    /// Text contained in the name, code or address.
    pub search: Option<String>,
    /// Only this status.
    pub status: Option<Gql<GroupStatus>>,
    /// Only this service tier.
    pub tier: Option<Gql<ServiceTier>>,
    /// Only this value class.
    pub value_class: Option<Gql<ValueClass>>,
    /// Only this industry (exact).
    pub industry: Option<String>,
    /// Only this county or district (区域).
    pub county: Option<String>,
    /// Only this account manager's groups (global id).
    pub owner_id: Option<ID>,
    /// Only this department's groups (global id).
    pub department_id: Option<ID>,
    /// Only groups not visited for at least this many days (never-visited included).
    pub not_visited_for_days: Option<i32>,
    /// Only groups with (true) or without (false) open proposals.
    pub has_open_proposals: Option<bool>,
    /// Only groups whose manager has been disabled (true), or the others (false).
    pub unassigned: Option<bool>,
    /// Archived groups instead of current ones.
    #[graphql(default)]
    pub archived: bool,
}

/// What to sort groups by.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupOrderField {
    /// When added (默认).
    #[default]
    CreatedAt,
    /// Name (名称).
    Name,
    /// Code (编号).
    Code,
}

/// Sort direction.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortDirection {
    /// Smallest first.
    Asc,
    /// Largest (or newest) first.
    #[default]
    Desc,
}

/// How to sort groups.
#[derive(InputObject, Default)]
pub struct GroupOrder {
    /// The field.
    #[graphql(default)]
    pub field: GroupOrderField,
    /// The direction.
    #[graphql(default)]
    pub direction: SortDirection,
}

impl GroupFilter {
    fn condition(self, viewer: &Viewer, now: DateTime<Utc>) -> AppResult<Condition> {
        let mut c =
            Condition::all().add(viewer.scope().condition(Column::OwnerId, Column::DepartmentId, Column::BranchId));
        c = c.add(if self.archived { Column::ArchivedAt.is_not_null() } else { Column::ArchivedAt.is_null() });
        if let Some(text) = crate::fields::search_text(self.search)? {
            use crate::fields::contains;
            c = c.add(
                Condition::any()
                    .add(contains(Column::Name, &text))
                    .add(contains(Column::Code, &text.to_uppercase()))
                    .add(contains(Column::Address, &text)),
            );
        }
        if let Some(s) = self.status {
            c = c.add(Column::Status.eq(s.0));
        }
        if let Some(t) = self.tier {
            c = c.add(Column::Tier.eq(t.0));
        }
        if let Some(v) = self.value_class {
            c = c.add(Column::ValueClass.eq(v.0));
        }
        if let Some(i) = self.industry.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
            c = c.add(Column::Industry.eq(i));
        }
        if let Some(county) = self.county.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
            c = c.add(Column::County.eq(county));
        }
        if let Some(o) = self.owner_id {
            c = c.add(Column::OwnerId.eq(NodeKind::User.decode(&o).unwrap_or(-1)));
        }
        if let Some(d) = self.department_id {
            c = c.add(Column::DepartmentId.eq(NodeKind::OrgUnit.decode(&d).unwrap_or(-1)));
        }
        if let Some(days) = self.not_visited_for_days {
            // Bounded: a century back is "never", and larger values would overflow the date.
            let since = now - Duration::days(days.clamp(0, 36_500) as i64);
            c = c.add(Condition::any().add(Column::LastVisitAt.is_null()).add(Column::LastVisitAt.lt(since)));
        }
        if let Some(open) = self.has_open_proposals {
            c = c.add(if open { Column::OpenProposals.gt(0) } else { Column::OpenProposals.eq(0) });
        }
        if let Some(unassigned) = self.unassigned {
            use entity::app_user::{Column as U, Entity as Users};
            let disabled = Users::find().select_only().column(U::Id).filter(U::Active.eq(false)).into_query();
            c = c.add(if unassigned {
                Column::OwnerId.in_subquery(disabled)
            } else {
                Column::OwnerId.not_in_subquery(disabled)
            });
        }
        Ok(c)
    }
}

#[derive(Default)]
pub struct GroupQuery;

#[Object]
impl GroupQuery {
    /// Groups within your scope (your portfolio, your department's or branch's).
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn groups(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<GroupFilter>,
        #[graphql(desc = "Sort order (default: newest first).")] order_by: Option<GroupOrder>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<Answer<KeysetConnection<CustomerGroup>>> {
        let viewer = ctx.viewer()?;
        let cond = filter.unwrap_or_default().condition(viewer, ctx.state().now())?;
        let order = order_by.unwrap_or_default();
        let sort = match order.field {
            GroupOrderField::CreatedAt => None,
            GroupOrderField::Name => Some(Column::Name),
            GroupOrderField::Code => Some(Column::Code),
        };
        let args = PageArgs { first, after, last, before };
        let descending = order.direction == SortDirection::Desc;
        let select = Entity::find().filter(cond);
        if let Some(plan) = compiled::plan(ctx) {
            return Ok(Answer::built(compiled::read(ctx, plan, select, sort, descending, args).await?));
        }
        let conn = keyset_sorted(&ctx.state().db, select, sort, Column::Id, descending, args, CustomerGroup).await?;
        prime_page(ctx, conn.edges.iter().map(|e| &e.node.0)).await?;
        Ok(Answer::Resolved(conn))
    }

    /// One group; null when it does not exist or is not visible to you.
    async fn group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global id.")] id: ID,
    ) -> async_graphql::Result<Answer<Option<CustomerGroup>>> {
        let Some(raw) = NodeKind::Group.decode(&id) else { return Ok(Answer::Resolved(None)) };
        if let Some(plan) = compiled::plan_one(ctx) {
            return Ok(Answer::built(compiled::read_one(ctx, plan, raw).await?));
        }
        Ok(Answer::Resolved(load_visible(ctx, raw).await?))
    }
}

/// A new group.
#[derive(InputObject)]
pub struct CreateGroupInput {
    /// The card's fields.
    pub fields: GroupFieldsInput,
    /// The owning account manager (global id); account managers may leave it out to own the group themselves.
    pub owner_id: Option<ID>,
}

/// New details for a group.
#[derive(InputObject)]
pub struct UpdateGroupInput {
    /// The group (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// All the card's fields (replacing the old ones).
    pub fields: GroupFieldsInput,
}

/// A status change of a group.
#[derive(InputObject)]
pub struct ChangeGroupStatusInput {
    /// The group (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Why; required when flagging a risk or recording churn.
    pub reason: Option<String>,
}

/// Groups to hand to another account manager.
#[derive(InputObject)]
pub struct ReassignGroupsInput {
    /// The groups (global ids), 1–500.
    pub group_ids: Vec<ID>,
    /// The account manager taking them over (global id).
    pub to_owner_id: ID,
    /// Why (变更原因).
    pub reason: String,
}

/// Result of changing a group.
#[derive(SimpleObject)]
pub struct GroupPayload {
    /// The group as changed; null when there are user errors.
    pub group: Option<CustomerGroup>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

/// Result of a reassignment.
#[derive(SimpleObject)]
pub struct ReassignGroupsPayload {
    /// The groups as reassigned; empty when there are user errors (then none was changed).
    pub groups: Vec<CustomerGroup>,
    /// What the user can fix, by group (`["input", "groupIds", "2"]`).
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<GroupPayload> {
    let (m, user_errors) = split(r)?;
    Ok(GroupPayload { group: m.map(CustomerGroup), user_errors })
}

fn decode(id: &ID) -> AppResult<i64> {
    NodeKind::Group.decode(id).ok_or_else(AppError::not_found)
}

async fn change_status(
    ctx: &Context<'_>,
    input: ChangeGroupStatusInput,
    what: StatusChange,
) -> async_graphql::Result<GroupPayload> {
    let id = decode(&input.id)?;
    payload(
        service::change_status(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            id,
            input.expected_version,
            what,
            input.reason,
        )
        .await,
    )
}

async fn set_archived(
    ctx: &Context<'_>,
    input: VersionedIdInput,
    archived: bool,
) -> async_graphql::Result<GroupPayload> {
    let id = decode(&input.id)?;
    payload(
        service::set_archived(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, archived).await,
    )
}

#[derive(Default)]
pub struct GroupMutation;

#[Object]
impl GroupMutation {
    /// Adds a group to the archive (新建集团档案); its code is issued by the system.
    async fn create_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: CreateGroupInput,
    ) -> async_graphql::Result<GroupPayload> {
        let owner = match &input.owner_id {
            Some(id) => Some(NodeKind::User.decode(id).unwrap_or(-1)),
            None => None,
        };
        payload(service::create(ctx.state(), &ctx.actor()?, ctx.viewer()?, input.fields.into(), owner).await)
    }

    /// Replaces the card's fields.
    async fn update_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: UpdateGroupInput,
    ) -> async_graphql::Result<GroupPayload> {
        let id = decode(&input.id)?;
        payload(
            service::update(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, input.fields.into())
                .await,
        )
    }

    /// Archives a group (归档): hidden from lists, nothing deleted.
    async fn archive_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<GroupPayload> {
        set_archived(ctx, input, true).await
    }

    /// Restores an archived group.
    async fn restore_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<GroupPayload> {
        set_archived(ctx, input, false).await
    }

    /// A prospect becomes a customer (开户): `PROSPECT` → `ACTIVE`.
    async fn activate_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ChangeGroupStatusInput,
    ) -> async_graphql::Result<GroupPayload> {
        change_status(ctx, input, StatusChange::Activate).await
    }

    /// Flags a customer at risk of leaving (预警): `ACTIVE` → `AT_RISK`; a reason is required.
    async fn flag_group_at_risk(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ChangeGroupStatusInput,
    ) -> async_graphql::Result<GroupPayload> {
        change_status(ctx, input, StatusChange::FlagAtRisk).await
    }

    /// The risk is over (解除预警): `AT_RISK` → `ACTIVE`.
    async fn clear_group_risk(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ChangeGroupStatusInput,
    ) -> async_graphql::Result<GroupPayload> {
        change_status(ctx, input, StatusChange::ClearRisk).await
    }

    /// The customer left (离网): `ACTIVE` or `AT_RISK` → `CHURNED`; a reason is required.
    async fn mark_group_churned(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ChangeGroupStatusInput,
    ) -> async_graphql::Result<GroupPayload> {
        change_status(ctx, input, StatusChange::MarkChurned).await
    }

    /// A churned customer came back (挽回): `CHURNED` → `ACTIVE`.
    async fn win_back_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ChangeGroupStatusInput,
    ) -> async_graphql::Result<GroupPayload> {
        change_status(ctx, input, StatusChange::WinBack).await
    }

    /// Hands groups to another account manager (客户经理变更), keeping the history; for
    /// department heads and above, within their scope. All or none.
    async fn reassign_groups(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ReassignGroupsInput,
    ) -> async_graphql::Result<ReassignGroupsPayload> {
        let ids: Vec<i64> = input.group_ids.iter().map(|id| NodeKind::Group.decode(id).unwrap_or(-1)).collect();
        let to = NodeKind::User.decode(&input.to_owner_id).unwrap_or(-1);
        let r = service::reassign(ctx.state(), &ctx.actor()?, ctx.viewer()?, &ids, to, &input.reason).await;
        let (m, user_errors) = split(r)?;
        Ok(ReassignGroupsPayload {
            groups: m.unwrap_or_default().into_iter().map(CustomerGroup).collect(),
            user_errors,
        })
    }
}

/// A key date of the group (重要日子), e.g. its founding day or a ceremony.
#[derive(InputObject, Clone, Debug)]
pub struct KeyDateInput {
    /// What the day is (e.g. 成立纪念日, 奠基庆典).
    pub name: String,
    /// The date.
    pub date: Date,
}

impl From<KeyDateInput> for service::KeyDate {
    fn from(c: KeyDateInput) -> Self {
        Self { name: c.name, date: c.date.0 }
    }
}

/// Every editable field of the group card (QX-FW-001). Updates replace all of them.
#[derive(InputObject, Clone, Debug)]
pub struct GroupFieldsInput {
    /// Name (集团名称), 1–200 characters; unique within its county.
    pub name: String,
    /// Kind of organisation (单位类型).
    pub kind: Gql<GroupKind>,
    /// Industry or cluster management (客户类型).
    pub segment: Gql<Segment>,
    /// Industry (行业), e.g. 政务, 教育, 医疗, 制造.
    pub industry: String,
    /// Value class (价值等级).
    pub value_class: Gql<ValueClass>,
    /// Service tier (服务等级).
    pub tier: Gql<ServiceTier>,
    /// County or district (县/区).
    pub county: String,
    /// Town (乡镇).
    pub town: Option<String>,
    /// Street office (街道办).
    pub street_office: Option<String>,
    /// Village or community (村/社区).
    pub village: Option<String>,
    /// Street address (地址).
    pub address: String,
    /// Annual output over ¥3M (年产值300万以上).
    #[graphql(default)]
    pub annual_output_over3m: bool,
    /// Carriers present at the customer (竞争对手运营商), e.g. 中国电信.
    #[graphql(default)]
    pub competitors: Vec<String>,
    /// Notes on the competition (竞争情况).
    pub competitor_notes: Option<String>,
    /// Informatization products in use (已使用的信息化产品).
    #[graphql(default)]
    pub informatization_products: Vec<String>,
    /// Founding day (成立日期).
    pub founded_on: Option<Date>,
    /// Other key dates (庆典、奠基等).
    #[graphql(default)]
    pub key_dates: Vec<KeyDateInput>,
    /// Free notes (备注).
    pub notes: Option<String>,
}

impl From<GroupFieldsInput> for service::GroupFields {
    fn from(c: GroupFieldsInput) -> Self {
        Self {
            name: c.name,
            kind: c.kind.0,
            segment: c.segment.0,
            industry: c.industry,
            value_class: c.value_class.0,
            tier: c.tier.0,
            county: c.county,
            town: c.town,
            street_office: c.street_office,
            village: c.village,
            address: c.address,
            annual_output_over3m: c.annual_output_over3m,
            competitors: c.competitors,
            competitor_notes: c.competitor_notes,
            informatization_products: c.informatization_products,
            founded_on: c.founded_on.map(|v| v.0),
            key_dates: c.key_dates.into_iter().map(Into::into).collect(),
            notes: c.notes,
        }
    }
}

pub struct GroupRevenueMonth(crate::churn::RevenueMonth);

/// One month of a group's revenue (集团月收入).
#[Object]
impl GroupRevenueMonth {
    /// The month, `YYYY-MM`.
    async fn month(&self) -> String {
        self.0.month.to_string()
    }
    /// The group's members' revenue that month.
    async fn revenue(&self) -> crate::graphql::scalars::Money {
        crate::graphql::scalars::Money(self.0.revenue)
    }
    /// Members with revenue recorded that month.
    async fn paying_members(&self) -> i64 {
        self.0.paying_members
    }
    /// Average revenue per paying member (ARPU); null without any.
    async fn arpu(&self) -> Option<crate::graphql::scalars::Money> {
        self.0.arpu().map(crate::graphql::scalars::Money)
    }
}
