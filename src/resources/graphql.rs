//! Resource requests, the gift stock and the month's use in the API.
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};

use super::{Expertise, ResourceKind, ResourceStatus, service};
use crate::{
    catalog::graphql::Product,
    contacts::graphql::Contact,
    dayplan::graphql::PlanItem,
    error::{AppError, AppResult, UserError},
    fields::Month,
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::{load_by_id, load_children},
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
        scalars::Money,
    },
    groups::graphql::{CustomerGroup, group_of_child},
    users::graphql::{User, user_ref},
};
use entity::{
    app_user, customer_group, gift_item, org_unit,
    resource_request::{Column, Entity, Model},
};

/// A request for a resource (定所需资源).
pub struct ResourceRequest(pub Model);

/// A request for a resource a plan item needs (定所需资源): an expert to join a visit, a product
/// trial, PR gifts for a group's contact, or an event. Seen by its requester, the expert asked,
/// and the heads above the requester.
#[Object]
impl ResourceRequest {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::ResourceRequest.id(self.0.id)
    }
    /// What is asked for.
    async fn kind(&self) -> Gql<ResourceKind> {
        Gql(self.0.kind)
    }
    /// Waiting, granted, declined or withdrawn.
    async fn status(&self) -> Gql<ResourceStatus> {
        Gql(self.0.status)
    }
    /// Who asked.
    async fn requester(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user_ref(ctx, Some(self.0.requester_id)).await
    }
    /// The group it is for, when you may open the group.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        let Some(id) = self.0.group_id else { return Ok(None) };
        Ok(group_of_child(ctx, id).await?.map(CustomerGroup))
    }
    /// The group's name, as part of the request (also for an expert who may not open the group).
    async fn group_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let Some(id) = self.0.group_id else { return Ok(None) };
        Ok(load_by_id::<customer_group::Entity>(ctx, id).await?.map(|g| g.name))
    }
    /// The requester's plan item it serves, for the requester.
    async fn plan_item(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PlanItem>> {
        let Some(id) = self.0.plan_item_id else { return Ok(None) };
        Ok(crate::dayplan::graphql::load_visible(ctx, id).await?)
    }
    /// For an expert: the kind asked for.
    async fn expertise(&self) -> Option<Gql<Expertise>> {
        self.0.expertise.map(Gql)
    }
    /// For an expert: who was asked.
    async fn expert(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user_ref(ctx, self.0.expert_id).await
    }
    /// For a trial: the product.
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Product>> {
        let Some(id) = self.0.product_id else { return Ok(None) };
        Ok(crate::catalog::graphql::load_product(ctx, id).await?)
    }
    /// For gifts: which gift.
    async fn gift(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<GiftItem>> {
        let Some(id) = self.0.gift_item_id else { return Ok(None) };
        Ok(load_by_id::<gift_item::Entity>(ctx, id).await?.map(GiftItem))
    }
    /// For gifts: the contact they go to, when you may open the group.
    async fn contact(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Contact>> {
        let Some(id) = self.0.contact_id else { return Ok(None) };
        Ok(crate::contacts::graphql::load_visible(ctx, id).await?)
    }
    /// Gift pieces, trial lines, or an event's guests.
    async fn quantity(&self) -> Option<i32> {
        self.0.quantity
    }
    /// The gifts' value, or an event's budget.
    async fn value(&self) -> Option<Money> {
        self.0.value.map(Money::of)
    }
    /// The visit's day, the trial's first day, or the event's day.
    async fn starts_on(&self) -> Option<NaiveDate> {
        self.0.starts_on
    }
    /// The visit's time, when set.
    async fn at(&self) -> Option<DateTime<Utc>> {
        self.0.at
    }
    /// A trial's length in days.
    async fn days(&self) -> Option<i32> {
        self.0.days
    }
    /// An event's name.
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }
    /// Why it is needed.
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    /// Who granted or declined it; null for a gift issued at once (within the set value).
    async fn decided_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user_ref(ctx, self.0.decided_by).await
    }
    /// When it was granted or declined.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// What the expert or the head said.
    async fn decision_note(&self) -> Option<&str> {
        self.0.decision_note.as_deref()
    }
    /// When asked.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Whether you may grant or decline it now.
    async fn can_decide(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(self.0.status == ResourceStatus::Pending && service::decides(ctx.viewer()?, &self.0))
    }
    /// Whether you may withdraw it now.
    async fn can_cancel(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(self.0.status == ResourceStatus::Pending && self.0.requester_id == ctx.viewer()?.user_id)
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A request visible to the viewer.
pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<ResourceRequest>> {
    match service::readable(&ctx.state().db, ctx.viewer()?, id).await {
        Ok(m) => Ok(Some(ResourceRequest(m))),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The requests serving a plan item, oldest first.
pub async fn of_plan_item(ctx: &Context<'_>, item_id: i64) -> AppResult<Vec<ResourceRequest>> {
    let viewer = ctx.viewer()?;
    Ok(load_children::<Entity>(ctx, item_id)
        .await?
        .into_iter()
        .filter(|r| r.requester_id == viewer.user_id || viewer.scope().covers(&service::placement(r)))
        .map(ResourceRequest)
        .collect())
}

/// A PR gift in a department's stock (公关礼品).
pub struct GiftItem(pub gift_item::Model);

/// A PR gift in a department's stock (公关礼品): its value per piece and how many are left.
#[Object]
impl GiftItem {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::GiftItem.id(self.0.id)
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The value of one piece.
    async fn unit_value(&self) -> Money {
        Money::of(self.0.unit_value)
    }
    /// Pieces in stock (those set aside for a waiting request are already out).
    async fn stock(&self) -> i32 {
        self.0.stock
    }
    /// The department it belongs to.
    async fn department(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<crate::org::graphql::OrgUnit>> {
        Ok(load_by_id::<org_unit::Entity>(ctx, self.0.department_id).await?.map(crate::org::graphql::OrgUnit))
    }
    /// Row version.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A gift the viewer sees (their department's, or one in their scope).
pub async fn load_gift(ctx: &Context<'_>, id: i64) -> AppResult<Option<GiftItem>> {
    let viewer = ctx.viewer()?;
    Ok(gift_item::Entity::find_by_id(id)
        .filter(service::gifts_condition(viewer))
        .one(&ctx.state().db)
        .await?
        .map(GiftItem))
}

/// A colleague who may be asked to join a visit.
pub struct Expert(app_user::Model);

/// A colleague who may be asked to join a visit: a chief account manager (首席客户经理) or a
/// product specialist (产品专家).
#[Object]
impl Expert {
    /// Their user id (global), sent as `expertId`.
    async fn id(&self) -> ID {
        NodeKind::User.id(self.0.id)
    }
    /// Their name.
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    /// What they may be asked for.
    async fn expertise(&self) -> Vec<Gql<Expertise>> {
        let mut out = vec![];
        if self.0.chief_manager {
            out.push(Gql(Expertise::ChiefManager));
        }
        if self.0.product_specialist {
            out.push(Gql(Expertise::ProductSpecialist));
        }
        out
    }
    /// The org node they belong to, by name.
    async fn org_unit_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(load_by_id::<org_unit::Entity>(ctx, self.0.org_unit_id).await?.map(|o| o.name))
    }
}

/// Which requests to list.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResourceBox {
    /// Every request you see: yours, those asking you, and those of your scope.
    #[default]
    All,
    /// Those you asked for (我的申请).
    Mine,
    /// Those waiting on you (待我处理).
    ToDecide,
}

/// Which requests to list.
#[derive(InputObject, Default)]
pub struct ResourceRequestFilter {
    /// Yours, waiting on you, or all you see.
    #[graphql(default)]
    pub r#box: ResourceBox,
    /// Only this kind.
    pub kind: Option<Gql<ResourceKind>>,
    /// Only in this state.
    pub status: Option<Gql<ResourceStatus>>,
    /// Only for this group (its issue records).
    pub group_id: Option<ID>,
    /// Only gifts for this contact (their issue records).
    pub contact_id: Option<ID>,
}

/// One group's or manager's use of resources in a month.
pub struct ResourceUsage(service::Usage, service::UsageBy);

/// One group's or manager's resources granted in a month.
#[Object]
impl ResourceUsage {
    /// The group, when summing by group and you may open it.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        if self.1 != service::UsageBy::Group {
            return Ok(None);
        }
        Ok(group_of_child(ctx, self.0.key).await?.map(CustomerGroup))
    }
    /// The manager, when summing by manager.
    async fn manager(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        if self.1 != service::UsageBy::Manager {
            return Ok(None);
        }
        user_ref(ctx, Some(self.0.key)).await
    }
    /// The group's or the manager's name.
    async fn name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(match self.1 {
            service::UsageBy::Group => load_by_id::<customer_group::Entity>(ctx, self.0.key).await?.map(|g| g.name),
            service::UsageBy::Manager => load_by_id::<app_user::Entity>(ctx, self.0.key).await?.map(|u| u.display_name),
        }
        .unwrap_or_default())
    }
    /// Gift pieces issued.
    async fn gift_pieces(&self) -> i64 {
        self.0.gift_pieces
    }
    /// Their value.
    async fn gift_value(&self) -> Money {
        Money::of(self.0.gift_value)
    }
    /// Trials granted.
    async fn trials(&self) -> i64 {
        self.0.trials
    }
    /// Lines on those trials.
    async fn trial_lines(&self) -> i64 {
        self.0.trial_lines
    }
    /// Events approved.
    async fn events(&self) -> i64 {
        self.0.events
    }
    /// Visits an expert joined.
    async fn companions(&self) -> i64 {
        self.0.companions
    }
}

/// Whose use to sum.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum UsageBy {
    /// Per group.
    Group,
    /// Per account manager.
    Manager,
}

#[derive(Default)]
pub struct ResourceQuery;

#[Object]
impl ResourceQuery {
    /// Resource requests you see, newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn resource_requests(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which requests.")] filter: Option<ResourceRequestFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<ResourceRequest>> {
        let viewer = ctx.viewer()?;
        let filter = filter.unwrap_or_default();
        let mut c = Condition::all().add(match filter.r#box {
            ResourceBox::All => service::visible_condition(viewer),
            ResourceBox::Mine => Condition::all().add(Column::RequesterId.eq(viewer.user_id)),
            ResourceBox::ToDecide => service::to_decide_condition(viewer),
        });
        if let Some(k) = filter.kind {
            c = c.add(Column::Kind.eq(k.0));
        }
        if let Some(s) = filter.status {
            c = c.add(Column::Status.eq(s.0));
        }
        if let Some(g) = &filter.group_id {
            c = c.add(Column::GroupId.eq(NodeKind::Group.decode(g).ok_or_else(AppError::not_found)?));
        }
        if let Some(k) = &filter.contact_id {
            c = c.add(Column::ContactId.eq(NodeKind::Contact.decode(k).ok_or_else(AppError::not_found)?));
        }
        let args = PageArgs { first, after, last, before };
        Ok(keyset(&ctx.state().db, Entity::find().filter(c), Column::Id, true, args, ResourceRequest).await?)
    }

    /// Colleagues you may ask to join a visit, by name.
    async fn resource_experts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The kind of expert.")] expertise: Gql<Expertise>,
    ) -> async_graphql::Result<Vec<Expert>> {
        let rows = service::experts(&ctx.state().db, ctx.viewer()?, expertise.0).await?;
        Ok(rows.into_iter().map(Expert).collect())
    }

    /// The PR gifts in stock that you see: your department's (or, for a branch or the company,
    /// every department's in your scope), by name.
    async fn gift_items(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<GiftItem>> {
        let viewer = ctx.viewer()?;
        let rows = gift_item::Entity::find()
            .filter(service::gifts_condition(viewer))
            .filter(gift_item::Column::Active.eq(true))
            .order_by_asc(gift_item::Column::Name)
            .order_by_asc(gift_item::Column::Id)
            .all(&ctx.state().db)
            .await
            .map_err(AppError::from)?;
        Ok(rows.into_iter().map(GiftItem).collect())
    }

    /// The resources granted in a month to the requests of your scope, per group or per manager,
    /// most gift value first.
    async fn resource_usage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The month, as `YYYY-MM`.")] month: String,
        #[graphql(desc = "Per group or per manager.")] by: UsageBy,
    ) -> async_graphql::Result<Vec<ResourceUsage>> {
        let month = Month::parse("month", &month).map_err(AppError::from)?;
        let by = match by {
            UsageBy::Group => service::UsageBy::Group,
            UsageBy::Manager => service::UsageBy::Manager,
        };
        let rows = service::usage(&ctx.state().db, ctx.viewer()?, month, by).await?;
        Ok(rows.into_iter().map(|u| ResourceUsage(u, by)).collect())
    }
}

/// A request for a resource. What each kind needs: an expert (`COMPANION`) a plan item of yours
/// with the visit, the expertise and the expert; a trial (`TRIAL`) the group, the product, its
/// first day, days and lines; gifts (`GIFT`) the group, the gift, the contact and the pieces; an
/// event (`EVENT`) the group, its name, day, guests and budget.
#[derive(InputObject)]
pub struct RequestResourceInput {
    /// What is asked for.
    pub kind: Gql<ResourceKind>,
    /// Your plan item it serves (global id); for an expert, the visit they are asked to join.
    pub plan_item_id: Option<ID>,
    /// The group (one you manage); defaults to the plan item's.
    pub group_id: Option<ID>,
    /// Why it is needed (at most 500 characters).
    pub reason: String,
    /// For an expert: the kind asked for.
    pub expertise: Option<Gql<Expertise>>,
    /// For an expert: who (from `resourceExperts`).
    pub expert_id: Option<ID>,
    /// For a trial: the product (global id).
    pub product_id: Option<ID>,
    /// For gifts: the gift (global id, from `giftItems`).
    pub gift_item_id: Option<ID>,
    /// For gifts: the group's contact they go to (global id).
    pub contact_id: Option<ID>,
    /// Gift pieces (1–100), trial lines (1–1,000) or an event's guests (1–1,000).
    pub quantity: Option<i32>,
    /// A trial's first day or an event's day (today to 180 days on).
    pub starts_on: Option<NaiveDate>,
    /// A trial's length in days (1–90).
    pub days: Option<i32>,
    /// An event's name (at most 100 characters).
    pub title: Option<String>,
    /// An event's budget (above 0, at most 1,000,000 yuan).
    pub budget: Option<Money>,
}

/// Granting, declining or withdrawing a request.
#[derive(InputObject)]
pub struct ResourceMoveInput {
    /// The request (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// What you say to the requester (at most 500 characters; not kept on a withdrawal).
    pub note: Option<String>,
}

/// A new gift in your department's stock.
#[derive(InputObject)]
pub struct AddGiftItemInput {
    /// Its name (at most 50 characters, unique in the department).
    pub name: String,
    /// The value of one piece (above 0, at most 100,000 yuan).
    pub unit_value: Money,
    /// Pieces in stock to start with (0–100,000).
    pub stock: i32,
}

/// Pieces added to a gift's stock.
#[derive(InputObject)]
pub struct RestockGiftItemInput {
    /// The gift (global id).
    pub id: ID,
    /// Pieces added (1–100,000; the stock stays at most 100,000).
    pub quantity: i32,
}

/// Result of a request change.
#[derive(SimpleObject)]
pub struct ResourceRequestPayload {
    /// The request as changed; null when there are user errors.
    pub request: Option<ResourceRequest>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

/// Result of a gift stock change.
#[derive(SimpleObject)]
pub struct GiftItemPayload {
    /// The gift as changed; null when there are user errors.
    pub gift: Option<GiftItem>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<ResourceRequestPayload> {
    let (m, user_errors) = split(r)?;
    Ok(ResourceRequestPayload { request: m.map(ResourceRequest), user_errors })
}

fn gift_payload(r: AppResult<gift_item::Model>) -> async_graphql::Result<GiftItemPayload> {
    let (m, user_errors) = split(r)?;
    Ok(GiftItemPayload { gift: m.map(GiftItem), user_errors })
}

/// The raw id of an optional input id of `kind`, or a `NOT_FOUND` on `field`.
fn opt_id(kind: NodeKind, id: &Option<ID>, field: &str) -> AppResult<Option<i64>> {
    match id {
        None => Ok(None),
        Some(id) => match kind.decode(id) {
            Some(raw) => Ok(Some(raw)),
            None => Err(UserError::new(field, crate::error::UserErrorCode::NotFound, "不存在", "Not found").into()),
        },
    }
}

fn decode_new(input: RequestResourceInput) -> AppResult<service::NewRequest> {
    Ok(service::NewRequest {
        kind: input.kind.0,
        plan_item_id: opt_id(NodeKind::PlanItem, &input.plan_item_id, "planItemId")?,
        group_id: opt_id(NodeKind::Group, &input.group_id, "groupId")?,
        reason: input.reason,
        expertise: input.expertise.map(|e| e.0),
        expert_id: opt_id(NodeKind::User, &input.expert_id, "expertId")?,
        product_id: opt_id(NodeKind::Product, &input.product_id, "productId")?,
        gift_item_id: opt_id(NodeKind::GiftItem, &input.gift_item_id, "giftItemId")?,
        contact_id: opt_id(NodeKind::Contact, &input.contact_id, "contactId")?,
        quantity: input.quantity,
        starts_on: input.starts_on,
        days: input.days,
        title: input.title,
        budget: input.budget.map(|b| b.0),
    })
}

fn request_id(id: &ID) -> AppResult<i64> {
    NodeKind::ResourceRequest.decode(id).ok_or_else(AppError::not_found)
}

#[derive(Default)]
pub struct ResourceMutation;

#[Object]
impl ResourceMutation {
    /// Asks for a resource (定所需资源). An expert is asked to join the visit of your plan item
    /// and accepts or declines; gifts worth no more than the set value (`gift.approval_above`)
    /// are issued at once from your department's stock, dearer ones and trials and events wait
    /// on your head.
    async fn request_resource(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RequestResourceInput,
    ) -> async_graphql::Result<ResourceRequestPayload> {
        let new = match decode_new(input) {
            Ok(n) => n,
            Err(e) => return payload(Err(e)),
        };
        payload(service::request(ctx.state(), &ctx.actor()?, ctx.viewer()?, new).await)
    }

    /// The expert accepts the visit (it goes on their day's plan), or the head approves the
    /// trial, the gifts or the event.
    async fn grant_resource_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The decision; see its type for the fields.")] input: ResourceMoveInput,
    ) -> async_graphql::Result<ResourceRequestPayload> {
        Self::decide(ctx, input, service::Decision::Grant).await
    }

    /// The expert or the head declines; declined gifts go back to stock.
    async fn decline_resource_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The decision; see its type for the fields.")] input: ResourceMoveInput,
    ) -> async_graphql::Result<ResourceRequestPayload> {
        Self::decide(ctx, input, service::Decision::Decline).await
    }

    /// The requester withdraws a waiting request; its gifts go back to stock.
    async fn cancel_resource_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ResourceMoveInput,
    ) -> async_graphql::Result<ResourceRequestPayload> {
        let id = request_id(&input.id)?;
        payload(service::cancel(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version).await)
    }

    /// A department head adds a gift to the department's stock.
    async fn add_gift_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The gift; see its type for the fields.")] input: AddGiftItemInput,
    ) -> async_graphql::Result<GiftItemPayload> {
        let (state, actor, viewer) = (ctx.state(), ctx.actor()?, ctx.viewer()?);
        gift_payload(service::add_gift(state, &actor, viewer, &input.name, input.unit_value.0, input.stock).await)
    }

    /// A department head adds pieces to a gift of the department's stock.
    async fn restock_gift_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The pieces; see its type for the fields.")] input: RestockGiftItemInput,
    ) -> async_graphql::Result<GiftItemPayload> {
        let id = NodeKind::GiftItem.decode(&input.id).ok_or_else(AppError::not_found)?;
        let (state, actor, viewer) = (ctx.state(), ctx.actor()?, ctx.viewer()?);
        gift_payload(service::restock(state, &actor, viewer, id, input.quantity).await)
    }
}

impl ResourceMutation {
    async fn decide(
        ctx: &Context<'_>,
        input: ResourceMoveInput,
        how: service::Decision,
    ) -> async_graphql::Result<ResourceRequestPayload> {
        let id = request_id(&input.id)?;
        let (state, actor, viewer) = (ctx.state(), ctx.actor()?, ctx.viewer()?);
        let note = input.note.as_deref();
        payload(service::decide(state, &actor, viewer, ctx.lang(), id, input.expected_version, how, note).await)
    }
}
