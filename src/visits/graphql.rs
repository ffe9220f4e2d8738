//! Visits and the visit card's product list in the API.
use std::{collections::HashMap, sync::Arc};

use async_graphql::{
    Context, ID, InputObject, Object, SimpleObject,
    dataloader::{DataLoader, HashMapCache, Loader},
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::{Satisfaction, VisitMethod, VisitPurpose, VisitStatus, service};
use crate::{
    catalog::graphql::Product,
    contacts::graphql::Contact,
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::{
        compiled::{Leaf, enum_at},
        enums::Gql,
        loaders::{Loaded, db_err, load_by_id},
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset_sorted},
    },
    groups::graphql::{CustomerGroup, group_of_child},
    users::graphql::{User, load_visible as load_user},
};
use entity::{
    product,
    visit::{Column, Entity, Model},
};

/// Products by code, for the needs ticked on visit cards.
pub struct ProductByCode {
    db: DatabaseConnection,
}

impl ProductByCode {
    pub fn new(db: &DatabaseConnection) -> DataLoader<Self, HashMapCache> {
        DataLoader::with_cache(Self { db: db.clone() }, tokio::spawn, HashMapCache::default())
    }
}

impl Loader<String> for ProductByCode {
    type Value = product::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, product::Model>, Self::Error> {
        let rows = product::Entity::find()
            .filter(product::Column::Code.is_in(keys.iter().cloned()))
            .all(&self.db)
            .await
            .map_err(Arc::new)?;
        Ok(rows.into_iter().map(|p| (p.code.clone(), p)).collect())
    }
}

/// The fields of `Visit` a compiled read (`graphql::compiled`) reads from its columns, as the
/// resolvers below show them; its manager is a `users::graphql::CompiledUser`.
pub(crate) const COMPILED: &[(&str, Column, Leaf)] = &[
    ("id", Column::Id, Leaf::Id(NodeKind::Visit)),
    ("status", Column::Status, Leaf::Enum(enum_at::<VisitStatus>)),
    ("method", Column::Method, Leaf::Enum(enum_at::<VisitMethod>)),
    ("purpose", Column::Purpose, Leaf::Enum(enum_at::<VisitPurpose>)),
    ("plannedAt", Column::PlannedAt, Leaf::OptTime),
    ("startedAt", Column::StartedAt, Leaf::OptTime),
    ("endedAt", Column::EndedAt, Leaf::OptTime),
    ("needNotes", Column::NeedNotes, Leaf::OptText),
    ("suggestions", Column::Suggestions, Leaf::OptText),
    ("minutes", Column::Minutes, Leaf::OptText),
    ("nextSteps", Column::NextSteps, Leaf::OptText),
    ("customerConfirmed", Column::CustomerConfirmed, Leaf::Bool),
    ("confirmedBy", Column::ConfirmedBy, Leaf::OptText),
    ("missedReason", Column::MissedReason, Leaf::OptText),
    ("version", Column::Version, Leaf::Int),
    ("createdAt", Column::CreatedAt, Leaf::Time),
];

/// A visit to a group (走访记录, card QX-FW-003).
pub struct Visit(pub Model);

/// A visit to a group (走访记录, card QX-FW-003).
#[Object]
impl Visit {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::Visit.id(self.0.id)
    }
    /// The group visited.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// The account manager who visits (客户经理); null when outside your scope.
    async fn manager(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_user(ctx, self.0.manager_id).await?)
    }
    /// Planned, done or missed.
    async fn status(&self) -> Gql<VisitStatus> {
        Gql(self.0.status)
    }
    /// How (走访方式).
    async fn method(&self) -> Gql<VisitMethod> {
        Gql(self.0.method)
    }
    /// Why (走访目的).
    async fn purpose(&self) -> Gql<VisitPurpose> {
        Gql(self.0.purpose)
    }
    /// When planned (计划时间).
    async fn planned_at(&self) -> Option<DateTime<Utc>> {
        self.0.planned_at
    }
    /// Actual start (实际开始).
    async fn started_at(&self) -> Option<DateTime<Utc>> {
        self.0.started_at
    }
    /// Actual end (实际结束).
    async fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.0.ended_at
    }
    /// Duration in minutes (时长).
    async fn duration_minutes(&self) -> Option<i64> {
        Some((self.0.ended_at? - self.0.started_at?).num_minutes())
    }
    /// Contacts met (接洽人).
    async fn contacts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Contact>> {
        let ids: Vec<i64> = serde_json::from_value(self.0.contact_ids.clone()).unwrap_or_default();
        let loader = ctx.data::<Loaded<entity::contact::Entity>>()?;
        let found = loader.load_many(ids.iter().copied()).await.map_err(db_err)?;
        Ok(ids.iter().filter_map(|id| found.get(id).cloned()).map(Contact).collect())
    }
    /// Service satisfaction (服务满意度).
    async fn service_satisfaction(&self) -> Option<Gql<Satisfaction>> {
        self.0.service_satisfaction.map(Gql)
    }
    /// Network satisfaction (网络满意度).
    async fn network_satisfaction(&self) -> Option<Gql<Satisfaction>> {
        self.0.network_satisfaction.map(Gql)
    }
    /// Products the customer needs (业务需求), as ticked on the card.
    async fn need_products(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Product>> {
        let codes: Vec<String> = serde_json::from_value(self.0.need_products.clone()).unwrap_or_default();
        let loader = ctx.data::<DataLoader<ProductByCode, HashMapCache>>()?;
        let found = loader.load_many(codes.iter().cloned()).await.map_err(db_err)?;
        Ok(codes.iter().filter_map(|c| found.get(c).cloned()).map(Product).collect())
    }
    /// Needs in the customer's words (其他需求).
    async fn need_notes(&self) -> Option<&str> {
        self.0.need_notes.as_deref()
    }
    /// Customer suggestions (客户意见及建议).
    async fn suggestions(&self) -> Option<&str> {
        self.0.suggestions.as_deref()
    }
    /// Minutes (走访纪要).
    async fn minutes(&self) -> Option<&str> {
        self.0.minutes.as_deref()
    }
    /// Agreed next steps (下一步工作).
    async fn next_steps(&self) -> Option<&str> {
        self.0.next_steps.as_deref()
    }
    /// The customer confirmed the record (客户确认).
    async fn customer_confirmed(&self) -> bool {
        self.0.customer_confirmed
    }
    /// Who confirmed for the customer (签名人).
    async fn confirmed_by(&self) -> Option<&str> {
        self.0.confirmed_by.as_deref()
    }
    /// Why a planned visit did not happen.
    async fn missed_reason(&self) -> Option<&str> {
        self.0.missed_reason.as_deref()
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When entered.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Loads what a page of visits asks for (managers, ticked products) in one batch each.
pub async fn prime_page(ctx: &Context<'_>, page: &KeysetConnection<Visit>) -> AppResult<()> {
    let look = ctx.look_ahead();
    let (nodes, edges) = (look.field("nodes"), look.field("edges").field("node"));
    let wants = |f: &str| nodes.field(f).exists() || edges.field(f).exists();
    let managers = async {
        if wants("manager") {
            let l = ctx.data::<Loaded<entity::app_user::Entity>>().map_err(|_| AppError::internal("loader"))?;
            l.load_many(page.edges.iter().map(|e| e.node.0.manager_id)).await.map_err(db_err)?;
        }
        AppResult::Ok(())
    };
    let products = async {
        if wants("needProducts") {
            let l = ctx.data::<DataLoader<ProductByCode, HashMapCache>>().map_err(|_| AppError::internal("loader"))?;
            let codes = page.edges.iter().flat_map(|e| {
                serde_json::from_value::<Vec<String>>(e.node.0.need_products.clone()).unwrap_or_default()
            });
            l.load_many(codes).await.map_err(db_err)?;
        }
        AppResult::Ok(())
    };
    let (a, b) = futures_util::join!(managers, products);
    a.and(b)
}

pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<Visit>> {
    let Some(m) = load_by_id::<Entity>(ctx, id).await? else { return Ok(None) };
    Ok(group_of_child(ctx, m.group_id).await?.map(|_| Visit(m)))
}

/// Which visits to list.
#[derive(InputObject, Default)]
pub struct VisitFilter {
    /// Visits that ended (or, if not done, were planned) at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// … and before this time.
    pub to: Option<DateTime<Utc>>,
    /// Only this method.
    pub method: Option<Gql<VisitMethod>>,
    /// Only this purpose.
    pub purpose: Option<Gql<VisitPurpose>>,
    /// Only this status.
    pub status: Option<Gql<VisitStatus>>,
    /// Only this account manager's visits (global id).
    pub manager_id: Option<ID>,
    /// Only visits to this group (global id).
    pub group_id: Option<ID>,
}

impl VisitFilter {
    pub fn condition(self) -> Condition {
        let mut c = Condition::all();
        let when = |lower: bool, at: DateTime<Utc>| {
            let (ended, planned) = if lower {
                (Column::EndedAt.gte(at), Column::PlannedAt.gte(at))
            } else {
                (Column::EndedAt.lt(at), Column::PlannedAt.lt(at))
            };
            Condition::any().add(ended).add(Condition::all().add(Column::EndedAt.is_null()).add(planned))
        };
        if let Some(from) = self.from {
            c = c.add(when(true, from));
        }
        if let Some(to) = self.to {
            c = c.add(when(false, to));
        }
        if let Some(m) = self.method {
            c = c.add(Column::Method.eq(m.0));
        }
        if let Some(p) = self.purpose {
            c = c.add(Column::Purpose.eq(p.0));
        }
        if let Some(s) = self.status {
            c = c.add(Column::Status.eq(s.0));
        }
        if let Some(m) = self.manager_id {
            c = c.add(Column::ManagerId.eq(NodeKind::User.decode(&m).unwrap_or(-1)));
        }
        if let Some(g) = self.group_id {
            c = c.add(Column::GroupId.eq(NodeKind::Group.decode(&g).unwrap_or(-1)));
        }
        c
    }
}

#[derive(Default)]
pub struct VisitQuery;

#[Object]
impl VisitQuery {
    /// Visits to the groups within your scope, by when they happen (the end of one that took
    /// place, the planned time otherwise), latest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn visits(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<VisitFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<Visit>> {
        let viewer = ctx.viewer()?;
        let groups = crate::groups::visible_group_ids(viewer);
        let select =
            Entity::find().filter(Column::GroupId.in_subquery(groups)).filter(filter.unwrap_or_default().condition());
        // By when they happen, latest first (planned ones ahead of those done).
        let args = PageArgs { first, after, last, before };
        let page =
            keyset_sorted(&ctx.state().db, select, Some(Column::HappensAt), Column::Id, true, args, Visit).await?;
        prime_page(ctx, &page).await?;
        Ok(page)
    }

    /// The products listed on the visit card (QX-FW-003), in card order.
    async fn visit_card_products(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Product>> {
        ctx.viewer()?;
        let rows = product::Entity::find()
            .filter(product::Column::OnVisitCard.eq(true))
            .filter(product::Column::Active.eq(true))
            .order_by_asc(product::Column::SortOrder)
            .all(&ctx.state().db)
            .await
            .map_err(AppError::from)?;
        Ok(rows.into_iter().map(Product).collect())
    }
}

/// A visit to plan.
#[derive(InputObject)]
pub struct PlanVisitInput {
    /// The group (global id).
    pub group_id: ID,
    /// How.
    pub method: Gql<VisitMethod>,
    /// Why.
    pub purpose: Gql<VisitPurpose>,
    /// When.
    pub planned_at: DateTime<Utc>,
    /// Contacts to meet (global ids).
    #[graphql(default)]
    pub contact_ids: Vec<ID>,
}

/// Everything card QX-FW-003 records about a visit that took place.
#[derive(InputObject, Clone, Debug)]
pub struct VisitCardInput {
    /// How it happened (走访方式).
    pub method: Gql<VisitMethod>,
    /// Why (走访目的).
    pub purpose: Gql<VisitPurpose>,
    /// When it started (实际开始时间).
    pub started_at: DateTime<Utc>,
    /// When it ended (实际结束时间); after the start, not in the future.
    pub ended_at: DateTime<Utc>,
    /// Contacts met (接洽人), from the group's contacts.
    #[graphql(default)]
    pub contact_ids: Vec<ID>,
    /// Service satisfaction (服务满意度).
    pub service_satisfaction: Option<Gql<Satisfaction>>,
    /// Network satisfaction (网络满意度).
    pub network_satisfaction: Option<Gql<Satisfaction>>,
    /// Business needs: product codes ticked on the card (业务需求), see `visitCardProducts`.
    #[graphql(default)]
    pub need_products: Vec<String>,
    /// Business needs in the customer's words (其他需求).
    pub need_notes: Option<String>,
    /// Customer suggestions (客户意见及建议).
    pub suggestions: Option<String>,
    /// Minutes (走访纪要).
    pub minutes: Option<String>,
    /// Agreed next steps (下一步工作).
    pub next_steps: Option<String>,
    /// The customer confirmed the record (客户确认/签名).
    #[graphql(default)]
    pub customer_confirmed: bool,
    /// The complaint this `COMPLAINT` visit handles (global id): the visit is recorded as a step
    /// of it.
    pub complaint_id: Option<ID>,
    /// The collection item this `COLLECTION` call, letter or visit is about (rule 16): the date
    /// and place agreed for payment are recorded on it.
    pub arrears: Option<CollectionContactInput>,
    /// Who confirmed for the customer (签名人); required when confirmed.
    pub confirmed_by: Option<String>,
}

/// What a collection call or letter agreed (欠费催缴).
#[derive(InputObject, Clone, Debug)]
pub struct CollectionContactInput {
    /// The collection item (global id).
    pub item_id: ID,
    /// The date the customer agreed to pay by: today to 90 days ahead.
    pub agreed_on: crate::graphql::scalars::Date,
    /// Where (e.g. 营业厅, 银行转账; at most 200 characters).
    pub agreed_place: String,
}

impl From<VisitCardInput> for service::VisitCard {
    fn from(c: VisitCardInput) -> Self {
        Self {
            method: c.method.0,
            purpose: c.purpose.0,
            started_at: c.started_at,
            ended_at: c.ended_at,
            contact_ids: contact_ids(&c.contact_ids),
            service_satisfaction: c.service_satisfaction.map(|s| s.0),
            network_satisfaction: c.network_satisfaction.map(|s| s.0),
            need_products: c.need_products,
            need_notes: c.need_notes,
            suggestions: c.suggestions,
            minutes: c.minutes,
            next_steps: c.next_steps,
            customer_confirmed: c.customer_confirmed,
            confirmed_by: c.confirmed_by,
            complaint_id: c.complaint_id.as_ref().map(|id| NodeKind::Complaint.decode(id).unwrap_or(-1)),
            arrears: c.arrears.map(|a| crate::arrears::service::Contact {
                item_id: NodeKind::ArrearsItem.decode(&a.item_id).unwrap_or(-1),
                agreed_on: a.agreed_on.0,
                agreed_place: a.agreed_place,
            }),
        }
    }
}

/// Contact ids as the service takes them: an id that names no contact stays in its place, to
/// be reported at its index.
fn contact_ids(ids: &[ID]) -> Vec<Option<i64>> {
    ids.iter().map(|id| NodeKind::Contact.decode(id)).collect()
}

/// A planned visit, now done.
#[derive(InputObject)]
pub struct RecordVisitInput {
    /// The planned visit (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// The visit card.
    pub card: VisitCardInput,
}

/// A visit that took place without being planned here.
#[derive(InputObject)]
pub struct LogVisitInput {
    /// The group (global id).
    pub group_id: ID,
    /// The visit card.
    pub card: VisitCardInput,
}

/// A planned visit that did not happen.
#[derive(InputObject)]
pub struct MarkVisitMissedInput {
    /// The planned visit (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Why it did not happen.
    pub reason: String,
}

/// Result of changing a visit.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct VisitPayload {
    /// The visit as changed; null when there are user errors.
    pub visit: Option<Visit>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

#[async_graphql::ComplexObject]
impl VisitPayload {
    /// When the proposal answering this visit is due (rule 1, 12小时出方案): for a visit that
    /// took place and recorded needs; null otherwise.
    async fn proposal_due_at(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<DateTime<Utc>>> {
        let Some(v) = &self.visit else { return Ok(None) };
        Ok(service::proposal_due(&ctx.state().db, &v.0).await?)
    }
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<VisitPayload> {
    let (m, user_errors) = split(r)?;
    Ok(VisitPayload { visit: m.map(Visit), user_errors })
}

fn group_id(id: &ID) -> AppResult<i64> {
    NodeKind::Group.decode(id).ok_or_else(AppError::not_found)
}

fn visit_id(id: &ID) -> AppResult<i64> {
    NodeKind::Visit.decode(id).ok_or_else(AppError::not_found)
}

#[derive(Default)]
pub struct VisitMutation;

#[Object]
impl VisitMutation {
    /// Plans a visit (计划走访).
    async fn plan_visit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: PlanVisitInput,
    ) -> async_graphql::Result<VisitPayload> {
        let g = group_id(&input.group_id)?;
        let r = service::plan(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            g,
            input.method.0,
            input.purpose.0,
            input.planned_at,
            &contact_ids(&input.contact_ids),
        )
        .await;
        payload(r)
    }

    /// Records a planned visit as done, with the visit card.
    async fn record_visit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RecordVisitInput,
    ) -> async_graphql::Result<VisitPayload> {
        let id = visit_id(&input.id)?;
        payload(
            service::record(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, input.card.into())
                .await,
        )
    }

    /// Records a visit that was not planned here, straight as done.
    async fn log_visit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: LogVisitInput,
    ) -> async_graphql::Result<VisitPayload> {
        let g = group_id(&input.group_id)?;
        payload(service::log(ctx.state(), &ctx.actor()?, ctx.viewer()?, g, input.card.into()).await)
    }

    /// Marks a planned visit as missed, with the reason.
    async fn mark_visit_missed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: MarkVisitMissedInput,
    ) -> async_graphql::Result<VisitPayload> {
        let id = visit_id(&input.id)?;
        payload(
            service::mark_missed(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, &input.reason)
                .await,
        )
    }
}
