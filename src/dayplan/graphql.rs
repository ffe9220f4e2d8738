//! The day's plan in the API.
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::{PlanClosure, PlanItemStatus, PlanMatter, PlanMeans, PlanPriority, service};
use crate::{
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::{enums::Gql, loaders::load_by_id, payload::split, relay::NodeKind, scalars::Date},
    groups::graphql::{CustomerGroup, group_of_child},
    tasks::graphql::Task,
    users::graphql::User,
    visits::graphql::Visit,
};
use entity::plan_item::Model;

/// One item of a day's plan (三定: 定工作事项 · 定工作手段 · 定所需资源).
pub struct PlanItem(pub Model);

/// One item of a day's plan (三定: 定工作事项 · 定工作手段 · 定所需资源).
#[Object]
impl PlanItem {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::PlanItem.id(self.0.id)
    }
    /// The business day (Beijing) it is planned for.
    async fn day(&self) -> Date {
        Date(self.0.day)
    }
    /// Whose plan it is in.
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<entity::app_user::Entity>(ctx, self.0.user_id).await?.map(User))
    }
    /// Appointment, key project or routine: the order of the day.
    async fn priority(&self) -> Gql<PlanPriority> {
        Gql(self.0.priority)
    }
    /// 定工作事项.
    async fn matter(&self) -> Gql<PlanMatter> {
        Gql(self.0.matter)
    }
    /// 定工作手段.
    async fn means(&self) -> Gql<PlanMeans> {
        Gql(self.0.means)
    }
    /// What to do; a task's item says what the task says, in the request's language.
    async fn title(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        if let Some(id) = self.0.task_id
            && let Some(t) = load_by_id::<entity::task::Entity>(ctx, id).await?
        {
            return Ok(crate::tasks::title_in(&t, ctx.lang()));
        }
        Ok(self.0.title.clone())
    }
    /// The group it concerns, when you may see it.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        let Some(id) = self.0.group_id else { return Ok(None) };
        Ok(group_of_child(ctx, id).await?.map(CustomerGroup))
    }
    /// The task it was taken from (yours only).
    async fn task(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Task>> {
        let Some(id) = self.0.task_id else { return Ok(None) };
        Ok(crate::tasks::graphql::load_visible(ctx, id).await?)
    }
    /// The planned visit it was taken from.
    async fn visit(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Visit>> {
        let Some(id) = self.0.visit_id else { return Ok(None) };
        Ok(crate::visits::graphql::load_visible(ctx, id).await?)
    }
    /// The appointment's time.
    async fn at(&self) -> Option<DateTime<Utc>> {
        self.0.at
    }
    /// For a visit: whom to see (走访对象).
    async fn target(&self) -> Option<&str> {
        self.0.target.as_deref()
    }
    /// For a visit: its purpose (走访目的).
    async fn purpose(&self) -> Option<&str> {
        self.0.purpose.as_deref()
    }
    /// For a visit: what to prepare (走访准备).
    async fn preparation(&self) -> Option<&str> {
        self.0.preparation.as_deref()
    }
    /// The resources it needs (定所需资源).
    async fn resources(&self) -> Option<&str> {
        self.0.resources.as_deref()
    }
    /// The resources asked for it (experts, trials, gifts, events), oldest first.
    async fn resource_requests(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::resources::graphql::ResourceRequest>> {
        Ok(crate::resources::graphql::of_plan_item(ctx, self.0.id).await?)
    }
    /// Open, done or dropped.
    async fn status(&self) -> Gql<PlanItemStatus> {
        Gql(self.0.status)
    }
    /// What closed it: a visit or call, its task, or its owner by hand.
    async fn closed_by(&self) -> Option<Gql<PlanClosure>> {
        self.0.closed_by.map(Gql)
    }
    /// The visit or call that did it.
    async fn closing_visit(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Visit>> {
        match (self.0.closed_by, self.0.closed_ref_id) {
            (Some(PlanClosure::Visit), Some(id)) => Ok(crate::visits::graphql::load_visible(ctx, id).await?),
            _ => Ok(None),
        }
    }
    /// When it was closed.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    /// The owner's note on closing it.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// An item visible to the viewer: their own, or a user's their scope covers.
pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<PlanItem>> {
    let Some(item) = load_by_id::<entity::plan_item::Entity>(ctx, id).await? else { return Ok(None) };
    let Some(user) = load_by_id::<entity::app_user::Entity>(ctx, item.user_id).await? else { return Ok(None) };
    Ok(service::may_read(ctx.viewer()?, &user).then_some(PlanItem(item)))
}

/// Something the morning's checks surfaced for the day (三查), not yet in its plan.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct PlanSuggestion {
    #[graphql(skip)]
    inner: service::Suggestion,
    /// The order it would take.
    pub priority: Gql<PlanPriority>,
    /// The matter it suggests.
    pub matter: Gql<PlanMatter>,
    /// The means it suggests.
    pub means: Gql<PlanMeans>,
    /// The appointment's time (a planned visit's).
    pub at: Option<DateTime<Utc>>,
}

#[async_graphql::ComplexObject]
impl PlanSuggestion {
    /// The open task (due by the day's end, or overdue).
    async fn task(&self) -> Option<Task> {
        self.inner.task.clone().map(Task)
    }
    /// The visit planned for the day.
    async fn visit(&self) -> Option<Visit> {
        self.inner.visit.clone().map(Visit)
    }
    /// What to do, in the request's language.
    async fn title(&self, ctx: &Context<'_>) -> String {
        match (&self.inner.task, &self.inner.visit) {
            (Some(t), _) => crate::tasks::title_in(t, ctx.lang()),
            (None, Some(v)) => {
                if ctx.lang() == crate::state::Lang::En {
                    format!("Visit: {}", v.purpose.label_en())
                } else {
                    format!("走访：{}", v.purpose.label_zh())
                }
            }
            (None, None) => String::new(),
        }
    }
    /// The group it concerns.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        let Some(id) = self.inner.group_id else { return Ok(None) };
        Ok(group_of_child(ctx, id).await?.map(CustomerGroup))
    }
}

#[derive(Default)]
pub struct DayPlanQuery;

#[Object]
impl DayPlanQuery {
    /// A day's plan in the order it is worked (appointments by time, key projects, routine): yours,
    /// or with `userId` a colleague's your scope covers (a head's team).
    async fn day_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The business day (Beijing); today by default.")] day: Option<Date>,
        #[graphql(desc = "Whose plan (global id of a user); yours by default.")] user_id: Option<ID>,
    ) -> async_graphql::Result<Vec<PlanItem>> {
        let viewer = ctx.viewer()?;
        let day = day.map_or_else(|| crate::clock::business_date(ctx.state().now()), |d| d.0);
        let user = match user_id {
            None => viewer.user_id,
            Some(id) => {
                let raw = NodeKind::User.decode(&id).ok_or_else(AppError::not_found)?;
                let u = load_by_id::<entity::app_user::Entity>(ctx, raw).await?.ok_or_else(AppError::not_found)?;
                if !service::may_read(viewer, &u) {
                    return Err(AppError::not_found().into());
                }
                u.id
            }
        };
        Ok(service::day(&ctx.state().db, user, day).await?.into_iter().map(PlanItem).collect())
    }

    /// What your checks surfaced for a day and is not in its plan yet: open tasks due by its end
    /// (overdue ones too) and the visits planned for it.
    async fn day_plan_suggestions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The business day (Beijing); today by default.")] day: Option<Date>,
    ) -> async_graphql::Result<Vec<PlanSuggestion>> {
        let day = day.map_or_else(|| crate::clock::business_date(ctx.state().now()), |d| d.0);
        let rows = service::suggestions(&ctx.state().db, ctx.viewer()?, day).await?;
        Ok(rows
            .into_iter()
            .map(|s| PlanSuggestion {
                priority: Gql(s.priority),
                matter: Gql(s.matter),
                means: Gql(s.means),
                at: s.at,
                inner: s,
            })
            .collect())
    }
}

/// What an item is about and how it is done.
#[derive(InputObject)]
pub struct PlanDetailsInput {
    /// Appointment, key project or routine; by default an item with a time is an appointment, one
    /// on a group with a deal in progress a key project, the rest routine.
    pub priority: Option<Gql<PlanPriority>>,
    /// 定工作事项.
    pub matter: Gql<PlanMatter>,
    /// 定工作手段.
    pub means: Gql<PlanMeans>,
    /// What to do (at most 200 characters); taken from the task or visit when left out there.
    pub title: Option<String>,
    /// The appointment's time, on the planned day.
    pub at: Option<DateTime<Utc>>,
    /// For a visit: whom to see (at most 200).
    pub target: Option<String>,
    /// For a visit: its purpose (at most 500).
    pub purpose: Option<String>,
    /// For a visit: what to prepare (at most 500).
    pub preparation: Option<String>,
    /// The resources it needs (at most 500).
    pub resources: Option<String>,
}

impl From<PlanDetailsInput> for service::Details {
    fn from(i: PlanDetailsInput) -> Self {
        Self {
            priority: i.priority.map(|p| p.0),
            matter: i.matter.0,
            means: i.means.0,
            title: i.title,
            at: i.at,
            target: i.target,
            purpose: i.purpose,
            preparation: i.preparation,
            resources: i.resources,
        }
    }
}

/// An item for a day's plan: your own, or taken from one of your tasks or planned visits.
#[derive(InputObject)]
pub struct AddPlanItemInput {
    /// The business day; today by default, at most six days ahead.
    pub day: Option<Date>,
    /// The group it concerns (global id); taken from the task or visit when left out.
    pub group_id: Option<ID>,
    /// The open task it is taken from (global id).
    pub task_id: Option<ID>,
    /// The planned visit it is taken from (global id).
    pub visit_id: Option<ID>,
    /// What it is about and how it is done.
    pub details: PlanDetailsInput,
}

/// A change to an item.
#[derive(InputObject)]
pub struct EditPlanItemInput {
    /// The item (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// Its matter, means and the rest, as they should now be.
    pub details: PlanDetailsInput,
}

/// What to do with an item by hand.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum PlanItemMove {
    /// Mark it done.
    Complete,
    /// Drop it from the day.
    Drop,
    /// Open it again.
    Reopen,
}

/// An item marked done or dropped by hand, or opened again.
#[derive(InputObject)]
pub struct MovePlanItemInput {
    /// The item (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// What to do.
    pub action: PlanItemMove,
    /// A note (at most 500 characters), e.g. why it was dropped.
    pub note: Option<String>,
}

/// Result of a plan change.
#[derive(SimpleObject)]
pub struct PlanItemPayload {
    /// The item as changed; null when there are user errors.
    pub item: Option<PlanItem>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<PlanItemPayload> {
    let (m, user_errors) = split(r)?;
    Ok(PlanItemPayload { item: m.map(PlanItem), user_errors })
}

fn decode(kind: NodeKind, id: Option<ID>, field: &str) -> AppResult<Option<i64>> {
    id.map(|id| kind.decode(&id).ok_or_else(|| service::not_yours(field))).transpose()
}

#[derive(Default)]
pub struct DayPlanMutation;

#[Object]
impl DayPlanMutation {
    /// Adds an item to your plan for a day (三定).
    async fn add_plan_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The item; see its type for the fields.")] input: AddPlanItemInput,
    ) -> async_graphql::Result<PlanItemPayload> {
        let new = (|| -> AppResult<service::NewItem> {
            Ok(service::NewItem {
                day: input.day.map_or_else(|| crate::clock::business_date(ctx.state().now()), |d| d.0),
                group_id: decode(NodeKind::Group, input.group_id, "groupId")?,
                task_id: decode(NodeKind::Task, input.task_id, "taskId")?,
                visit_id: decode(NodeKind::Visit, input.visit_id, "visitId")?,
                details: input.details.into(),
            })
        })();
        match new {
            Ok(new) => payload(service::add(ctx.state(), &ctx.actor()?, ctx.viewer()?, ctx.lang(), new).await),
            Err(e) => payload(Err(e)),
        }
    }

    /// Changes an item of your plan.
    async fn edit_plan_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change; see its type for the fields.")] input: EditPlanItemInput,
    ) -> async_graphql::Result<PlanItemPayload> {
        let id = NodeKind::PlanItem.decode(&input.id).ok_or_else(AppError::not_found)?;
        let details = input.details.into();
        payload(service::edit(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, details).await)
    }

    /// Marks an item of your plan done or dropped, or opens it again.
    async fn move_plan_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change; see its type for the fields.")] input: MovePlanItemInput,
    ) -> async_graphql::Result<PlanItemPayload> {
        let id = NodeKind::PlanItem.decode(&input.id).ok_or_else(AppError::not_found)?;
        let action = match input.action {
            PlanItemMove::Complete => "complete",
            PlanItemMove::Drop => "drop",
            PlanItemMove::Reopen => "reopen",
        };
        let (state, actor, viewer) = (ctx.state(), ctx.actor()?, ctx.viewer()?);
        payload(
            service::set_status(state, &actor, viewer, id, input.expected_version, action, input.note.as_deref()).await,
        )
    }
}
