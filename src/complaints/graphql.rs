//! Complaints in the API: the ticket with its steps and clock, the lists, the month's figures,
//! and the handling mutations.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{
    ComplaintAction, ComplaintCategory, ComplaintChannel, ComplaintSeverity, ComplaintStatus, ComplaintStepKind,
    HandlingUnit,
    service::{self, Handling},
};
use crate::{
    error::{AppError, AppResult, UserError},
    fields::Month,
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::{load_by_id, load_children},
        offers,
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
        scalars::Money,
    },
    groups::graphql::{CustomerGroup, group_of_child},
    members::{graphql::Member, lookup::Customer},
    org::graphql::OrgUnit,
    users::graphql::User,
};
use entity::{
    complaint::{Column, Entity, Model},
    complaint_step,
};

/// A complaint (投诉 · 首问负责工单).
pub struct Complaint(pub Model);

/// A complaint (投诉 · 首问负责工单): owned by whoever registered it until the customer
/// accepts the answer (rule 13).
#[Object]
impl Complaint {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::Complaint.id(self.0.id)
    }
    /// Its number (投诉单号), e.g. `TS2026120001`.
    async fn number(&self) -> &str {
        &self.0.number
    }
    /// Where it stands.
    async fn status(&self) -> Gql<ComplaintStatus> {
        Gql(self.0.status)
    }
    /// How it came in.
    async fn channel(&self) -> Gql<ComplaintChannel> {
        Gql(self.0.channel)
    }
    /// What it is about.
    async fn category(&self) -> Gql<ComplaintCategory> {
        Gql(self.0.category)
    }
    /// How serious.
    async fn severity(&self) -> Gql<ComplaintSeverity> {
        Gql(self.0.severity)
    }
    /// What the customer said (客户反映).
    async fn customer_said(&self) -> &str {
        &self.0.customer_said
    }
    /// The group; null when outside your scope (the desk sees its name only).
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// The group's name.
    async fn group_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(load_by_id::<entity::customer_group::Entity>(ctx, self.0.group_id)
            .await?
            .map(|g| g.name)
            .unwrap_or_default())
    }
    /// The member who complained, when one did; null when the group is outside your scope.
    async fn member(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Member>> {
        let Some(id) = self.0.member_id else { return Ok(None) };
        if group_of_child(ctx, self.0.group_id).await?.is_none() {
            return Ok(None);
        }
        Ok(load_by_id::<entity::member::Entity>(ctx, id).await?.map(Member))
    }
    /// The member's name and number, as the desk needs them to call back.
    async fn member_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let Some(id) = self.0.member_id else { return Ok(None) };
        Ok(load_by_id::<entity::member::Entity>(ctx, id).await?.map(|m| format!("{} {}", m.name, m.phone)))
    }
    /// The first responder (首问负责人), who owns it to the end.
    async fn owner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<entity::app_user::Entity>(ctx, self.0.owner_id).await?.map(User))
    }
    /// When registered.
    async fn registered_at(&self) -> DateTime<Utc> {
        self.0.registered_at
    }
    /// The reply time told to the customer (答复时限).
    async fn reply_due_at(&self) -> DateTime<Utc> {
        self.0.reply_due_at
    }
    /// Not answered by the reply time (超时): answered late, or still unanswered after it.
    async fn breached(&self, ctx: &Context<'_>) -> bool {
        super::breached(self.0.reply_due_at, self.0.resolved_at, ctx.state().now())
    }
    /// The department it was last handed to for action.
    async fn handled_by(&self) -> Option<Gql<HandlingUnit>> {
        self.0.handled_by.map(Gql)
    }
    /// 0 not escalated; 1 the department head; 2 the branch manager; 3 the company.
    async fn escalation_level(&self) -> i32 {
        self.0.escalation_level
    }
    /// Whom it was last escalated to.
    async fn escalated_to(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.escalated_to_id else { return Ok(None) };
        Ok(load_by_id::<entity::app_user::Entity>(ctx, id).await?.map(User))
    }
    /// When last escalated.
    async fn escalated_at(&self) -> Option<DateTime<Utc>> {
        self.0.escalated_at
    }
    /// The answer given to the customer.
    async fn resolution(&self) -> Option<&str> {
        self.0.resolution.as_deref()
    }
    /// When answered (cleared when the customer did not accept).
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }
    /// The company was at fault (企业责任), as judged when answering.
    async fn company_fault(&self) -> Option<bool> {
        self.0.company_fault
    }
    /// When the customer accepted the answer.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    /// Each step of handling, oldest first: who, what, when.
    async fn steps(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ComplaintStep>> {
        Ok(load_children::<complaint_step::Entity>(ctx, self.0.id).await?.into_iter().map(ComplaintStep).collect())
    }
    /// What you may do next, each named after its mutation: the first responder (and whom it
    /// was escalated to) everything, heads hand off and answer, others add notes.
    async fn allowed_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Gql<ComplaintAction>>> {
        let viewer = ctx.viewer()?;
        let Some(group) = load_by_id::<entity::customer_group::Entity>(ctx, self.0.group_id).await? else {
            return Ok(vec![]);
        };
        Ok(offers::allowed(service::offers(viewer, &self.0, group.owner_id)))
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// One step of handling a complaint.
pub struct ComplaintStep(pub complaint_step::Model);

/// One step of handling a complaint (处理记录).
#[Object]
impl ComplaintStep {
    /// What was done.
    async fn kind(&self) -> Gql<ComplaintStepKind> {
        Gql(self.0.kind)
    }
    /// Who did it; null for the system (an escalation by the clock).
    async fn by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.by_id else { return Ok(None) };
        Ok(load_by_id::<entity::app_user::Entity>(ctx, id).await?.map(User))
    }
    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// The department it was handed to (hand-offs).
    async fn unit(&self) -> Option<Gql<HandlingUnit>> {
        self.0.unit.map(Gql)
    }
    /// Whom an escalation reached.
    async fn to_user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.to_user_id else { return Ok(None) };
        Ok(load_by_id::<entity::app_user::Entity>(ctx, id).await?.map(User))
    }
    /// The visit, for a `VISITED` step; null when outside your scope.
    async fn visit(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<crate::visits::graphql::Visit>> {
        let Some(id) = self.0.visit_id else { return Ok(None) };
        Ok(crate::visits::graphql::load_visible(ctx, id).await?)
    }
    /// What was said or done.
    async fn text(&self) -> &str {
        &self.0.text
    }
}

pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<Complaint>> {
    match service::visible(&ctx.state().db, ctx.viewer()?, id).await {
        Ok((c, _)) => Ok(Some(Complaint(c))),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A group's complaints, newest first (on the group's page).
pub async fn of_group(ctx: &Context<'_>, group_id: i64) -> AppResult<Vec<Complaint>> {
    let mut all = load_children::<Entity>(ctx, group_id).await?;
    all.reverse();
    Ok(all.into_iter().map(Complaint).collect())
}

/// Which complaints to list.
#[derive(InputObject, Default)]
pub struct ComplaintFilter {
    /// Only these states.
    pub status: Option<Vec<Gql<ComplaintStatus>>>,
    /// Only this group's (global id).
    pub group_id: Option<ID>,
    /// Only those you own as first responder or that were escalated to you.
    pub mine: Option<bool>,
    /// Only those not closed (`true`) or only closed ones (`false`).
    pub open: Option<bool>,
}

/// One row of the month's complaint figures.
#[derive(SimpleObject)]
pub struct ComplaintFigureRow {
    /// The first responder (rows by responder).
    pub user: Option<User>,
    /// The department (rows by department).
    pub department: Option<OrgUnit>,
    /// Complaints registered in the month.
    pub count: i64,
    /// Of them, answered by the reply time.
    pub on_time: i64,
    /// On-time rate in percent; null without complaints.
    pub on_time_percent: Option<Money>,
    /// Of them, escalated.
    pub escalated: i64,
    /// Of them, the company's fault.
    pub company_fault: i64,
}

/// The month's complaint figures (rule 13), over the complaints you see.
#[derive(SimpleObject)]
pub struct ComplaintFigures {
    /// `YYYY-MM`.
    pub month: String,
    /// By first responder.
    pub by_responder: Vec<ComplaintFigureRow>,
    /// By the first responder's department.
    pub by_department: Vec<ComplaintFigureRow>,
}

fn row(f: &service::Figures, user: Option<User>, department: Option<OrgUnit>) -> ComplaintFigureRow {
    ComplaintFigureRow {
        user,
        department,
        count: f.count,
        on_time: f.on_time,
        on_time_percent: crate::kpi::percent(f.on_time, f.count).map(Money),
        escalated: f.escalated,
        company_fault: f.company_fault,
    }
}

#[derive(Default)]
pub struct ComplaintQuery;

#[Object]
impl ComplaintQuery {
    /// Complaints you see: yours as first responder or escalation target, your groups', and
    /// (heads) your people's; newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn complaints(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<ComplaintFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<Complaint>> {
        let viewer = ctx.viewer()?;
        let f = filter.unwrap_or_default();
        let mut select = Entity::find().filter(service::visible_condition(viewer));
        if let Some(s) = f.status {
            select = select.filter(Column::Status.is_in(s.iter().map(|s| s.0)));
        }
        if let Some(g) = f.group_id {
            select = select.filter(Column::GroupId.eq(NodeKind::Group.decode(&g).unwrap_or(-1)));
        }
        if f.mine == Some(true) {
            select = select.filter(
                sea_orm::Condition::any()
                    .add(Column::OwnerId.eq(viewer.user_id))
                    .add(Column::EscalatedToId.eq(viewer.user_id)),
            );
        }
        if let Some(open) = f.open {
            select = select.filter(if open {
                Column::Status.ne(ComplaintStatus::Closed)
            } else {
                Column::Status.eq(ComplaintStatus::Closed)
            });
        }
        let args = PageArgs { first, after, last, before };
        Ok(keyset(&ctx.state().db, select, Column::Id, true, args, Complaint).await?)
    }

    /// The month's complaints by first responder and by department: count, on-time rate,
    /// escalations, the company's faults (rule 13).
    async fn complaint_figures(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "`YYYY-MM`.")] month: String,
    ) -> async_graphql::Result<ComplaintFigures> {
        let m = Month::parse("month", &month).map_err(AppError::from)?;
        let viewer = ctx.viewer()?;
        let (by_owner, by_department) = service::figures(&ctx.state().db, viewer, m, ctx.state().now()).await?;
        // Names in one batch each.
        let users = futures_util::future::try_join_all(
            by_owner.iter().map(|f| load_by_id::<entity::app_user::Entity>(ctx, f.key)),
        )
        .await?;
        let units = futures_util::future::try_join_all(
            by_department.iter().map(|f| load_by_id::<entity::org_unit::Entity>(ctx, f.key)),
        )
        .await?;
        let responders = by_owner.iter().zip(users).map(|(f, u)| row(f, u.map(User), None)).collect();
        let departments = by_department.iter().zip(units).map(|(f, o)| row(f, None, o.map(OrgUnit))).collect();
        Ok(ComplaintFigures { month: m.to_string(), by_responder: responders, by_department: departments })
    }
}

/// A complaint to register: the customer (a group you see, optionally one of its members; or,
/// at the desk, a member's phone number or the group's code), what they said, and the reply
/// time promised.
#[derive(InputObject)]
pub struct RegisterComplaintInput {
    /// The group (global id), for those who see it.
    pub group_id: Option<ID>,
    /// The member who complained (global id), with `groupId`.
    pub member_id: Option<ID>,
    /// Or: the member's phone number (the desk), looked up in your reach.
    pub phone: Option<String>,
    /// Or: the group's code (集团编号).
    pub group_code: Option<String>,
    /// How it came in.
    pub channel: Gql<ComplaintChannel>,
    /// What it is about.
    pub category: Gql<ComplaintCategory>,
    /// How serious.
    pub severity: Gql<ComplaintSeverity>,
    /// What the customer said (at most 2,000 characters).
    pub customer_said: String,
    /// The reply time told to the customer, within 30 days; by default 24 hours (48 for
    /// billing), as configured.
    pub reply_due_at: Option<DateTime<Utc>>,
}

impl RegisterComplaintInput {
    fn customer(&self) -> AppResult<Customer> {
        let id = |kind: NodeKind, v: &ID| kind.decode(v).ok_or_else(AppError::not_found);
        Ok(match (&self.group_id, &self.phone, &self.group_code) {
            (Some(g), _, _) => Customer::Group {
                group_id: id(NodeKind::Group, g)?,
                member_id: self.member_id.as_ref().map(|m| id(NodeKind::Member, m)).transpose()?,
            },
            (None, Some(p), _) => Customer::Phone(p.clone()),
            (None, None, Some(c)) => Customer::GroupCode(c.clone()),
            _ => Customer::Unknown,
        })
    }
}

/// Hands a complaint to a department for action; you stay its owner.
#[derive(InputObject)]
pub struct HandOffComplaintInput {
    /// The complaint (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// Who is to act.
    pub unit: Gql<HandlingUnit>,
    /// What they are asked to do.
    pub text: String,
}

/// A handling step to record.
#[derive(InputObject)]
pub struct NoteComplaintInput {
    /// The complaint (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// What was done or learned.
    pub text: String,
}

/// The answer given to the customer.
#[derive(InputObject)]
pub struct ResolveComplaintInput {
    /// The complaint (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// The answer (处理结果).
    pub resolution: String,
    /// Whether the company was at fault (企业责任).
    pub company_fault: bool,
}

/// The customer's verdict on the answer.
#[derive(InputObject)]
pub struct ComplaintAcceptanceInput {
    /// The complaint (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// The customer accepts (closes the complaint) or not (escalates it).
    pub accepted: bool,
    /// What the customer said.
    pub text: Option<String>,
}

/// Result of a complaint change.
#[derive(SimpleObject)]
pub struct ComplaintPayload {
    /// The complaint as changed; null when there are user errors.
    pub complaint: Option<Complaint>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<ComplaintPayload> {
    let (m, user_errors) = split(r)?;
    Ok(ComplaintPayload { complaint: m.map(Complaint), user_errors })
}

#[derive(Default)]
pub struct ComplaintMutation;

impl ComplaintMutation {
    async fn handle(
        ctx: &Context<'_>,
        id: &ID,
        expected_version: i32,
        handling: Handling,
    ) -> async_graphql::Result<ComplaintPayload> {
        let id = NodeKind::Complaint.decode(id).ok_or_else(AppError::not_found)?;
        payload(service::handle(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, expected_version, handling).await)
    }
}

#[Object]
impl ComplaintMutation {
    /// Registers a complaint (投诉登记); you are its first responder to the end (rule 13).
    async fn register_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RegisterComplaintInput,
    ) -> async_graphql::Result<ComplaintPayload> {
        let new = service::NewComplaint {
            customer: input.customer()?,
            channel: input.channel.0,
            category: input.category.0,
            severity: input.severity.0,
            customer_said: input.customer_said,
            reply_due_at: input.reply_due_at,
        };
        payload(service::register(ctx.state(), &ctx.actor()?, ctx.viewer()?, new).await)
    }

    /// Hands a complaint to a department for action (转交处理); the first responder keeps it.
    async fn hand_off_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: HandOffComplaintInput,
    ) -> async_graphql::Result<ComplaintPayload> {
        let h = Handling::HandOff { unit: input.unit.0, text: input.text };
        Self::handle(ctx, &input.id, input.expected_version, h).await
    }

    /// Records a handling step (处理记录).
    async fn note_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: NoteComplaintInput,
    ) -> async_graphql::Result<ComplaintPayload> {
        Self::handle(ctx, &input.id, input.expected_version, Handling::Note { text: input.text }).await
    }

    /// Records the answer given to the customer (答复客户).
    async fn resolve_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ResolveComplaintInput,
    ) -> async_graphql::Result<ComplaintPayload> {
        let h = Handling::Resolve { resolution: input.resolution, company_fault: input.company_fault };
        Self::handle(ctx, &input.id, input.expected_version, h).await
    }

    /// Records whether the customer accepts the answer: accepted closes the complaint, not
    /// accepted escalates it a level.
    async fn record_complaint_acceptance(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ComplaintAcceptanceInput,
    ) -> async_graphql::Result<ComplaintPayload> {
        let h = Handling::Acceptance { accepted: input.accepted, text: input.text };
        Self::handle(ctx, &input.id, input.expected_version, h).await
    }
}
