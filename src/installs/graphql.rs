//! Installation jobs and fault tickets in the API.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};

use super::{FaultAction, FaultStatus, JobAction, JobStatus, service};
use crate::{
    auth::Role,
    contracts::graphql::ContractLine,
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::{load_by_id, load_children},
        offers::{self, Blocked},
        payload::{VersionedIdInput, split},
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
        scalars::Date,
    },
    groups::{
        graphql::{CustomerGroup, group_of_child},
        visible_group_ids,
    },
    users::graphql::User,
};
use entity::{
    contract_line, fault_ticket,
    installation_job::{Column, Entity, Model},
};

/// An installation job (装机工单) for one site.
pub struct InstallationJob(pub Model);

/// What to install at the site: a contract line and how many.
#[derive(SimpleObject)]
pub struct JobLine {
    /// The contract line.
    pub line: ContractLine,
    /// How many at this site.
    pub quantity: i32,
}

/// An installation job (装机工单) for one site.
#[Object]
impl InstallationJob {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::InstallationJob.id(self.0.id)
    }
    /// Where it stands (工单状态).
    async fn status(&self) -> Gql<JobStatus> {
        Gql(self.0.status)
    }
    /// What you may do next, each named after its mutation, answered for you: the job's lead,
    /// the account side, what the state allows. Each one listed succeeds when done now;
    /// anything else would be refused.
    async fn allowed_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Gql<JobAction>>> {
        Ok(offers::allowed(offers_for(ctx, &self.0).await?))
    }
    /// What you could do next but for something missing, each with the refusal its mutation
    /// would give now — e.g. `START_JOB` while the number's approval is pending.
    async fn blocked_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Blocked<Gql<JobAction>>>> {
        Ok(offers::blocked(offers_for(ctx, &self.0).await?))
    }
    /// The contract; null when outside your scope (installers see the job, not the contract).
    async fn contract(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<crate::contracts::graphql::Contract>> {
        Ok(crate::contracts::graphql::load_visible(ctx, self.0.contract_id).await?)
    }
    /// The group; null when outside your scope.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// The group's name, for the installer's board.
    async fn group_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(load_by_id::<entity::customer_group::Entity>(ctx, self.0.group_id)
            .await?
            .map(|g| g.name)
            .unwrap_or_default())
    }
    /// Site address (装机地址).
    async fn site_address(&self) -> &str {
        &self.0.site_address
    }
    /// Who to meet on site.
    async fn site_contact(&self) -> Option<&str> {
        self.0.site_contact.as_deref()
    }
    /// Their phone.
    async fn site_phone(&self) -> Option<&str> {
        self.0.site_phone.as_deref()
    }
    /// What to install here.
    async fn lines(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<JobLine>> {
        let all = load_children::<contract_line::Entity>(ctx, self.0.contract_id).await?;
        let picked: Vec<serde_json::Value> = serde_json::from_value(self.0.lines.clone()).unwrap_or_default();
        Ok(picked
            .iter()
            .filter_map(|p| {
                let id = p.get("contractLineId")?.as_i64()?;
                let quantity = p.get("quantity")?.as_i64()? as i32;
                all.iter().find(|l| l.id == id).map(|l| JobLine { line: ContractLine(l.clone()), quantity })
            })
            .collect())
    }
    /// The engineering lead (工程负责人).
    async fn lead(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.lead_id else { return Ok(None) };
        Ok(load_by_id::<entity::app_user::Entity>(ctx, id).await?.map(User))
    }
    /// Who may lead this job: the active installers of the group's branch, for the assigning
    /// dialog. Empty for installers, who do not assign.
    async fn lead_candidates(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<User>> {
        if ctx.viewer()?.role == Role::Installer {
            return Ok(Vec::new());
        }
        let Some(group) = load_by_id::<entity::customer_group::Entity>(ctx, self.0.group_id).await? else {
            return Ok(Vec::new());
        };
        use entity::app_user::{Column as U, Entity as Users};
        let users = Users::find()
            .filter(U::Role.eq(Role::Installer.as_str()))
            .filter(U::BranchId.eq(group.branch_id))
            .filter(U::Active.eq(true))
            .order_by_asc(U::Id)
            .all(&ctx.state().db)
            .await
            .map_err(AppError::from)?;
        Ok(users.into_iter().map(User).collect())
    }
    /// Day agreed with the customer (预约日期), or the new day after a postponement.
    async fn scheduled_on(&self) -> Option<Date> {
        self.0.scheduled_on.map(Date)
    }
    /// Why the customer postponed.
    async fn postponed_reason(&self) -> Option<&str> {
        self.0.postponed_reason.as_deref()
    }
    /// Why it was cancelled.
    async fn cancel_reason(&self) -> Option<&str> {
        self.0.cancel_reason.as_deref()
    }
    /// When accepted (受理).
    async fn accepted_at(&self) -> Option<DateTime<Utc>> {
        self.0.accepted_at
    }
    /// When work started.
    async fn started_at(&self) -> Option<DateTime<Utc>> {
        self.0.started_at
    }
    /// When completed (竣工).
    async fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.0.completed_at
    }
    /// When the manager confirmed with the customer.
    async fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.confirmed_at
    }
    /// Notes.
    async fn notes(&self) -> Option<&str> {
        self.0.notes.as_deref()
    }
    /// The number chosen for the new fixed line (选号).
    async fn number(&self) -> Option<&str> {
        self.0.number.as_deref()
    }
    /// Its grade.
    async fn number_grade(&self) -> Option<Gql<crate::numbers::NumberGrade>> {
        self.0.number_grade.map(Gql)
    }
    /// Where its grade approval stands (`NONE` when no number or no approval is needed).
    async fn number_status(&self) -> Gql<crate::numbers::NumberStatus> {
        Gql(self.0.number_status)
    }
    /// The grade approval request, when one was opened and you may see it.
    async fn number_request(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<crate::approvals::graphql::ApprovalRequest>> {
        let Some(id) = self.0.number_request_id else { return Ok(None) };
        Ok(crate::approvals::graphql::load_visible(ctx, id).await?)
    }
    /// Fault tickets, oldest first.
    async fn faults(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<FaultTicket>> {
        Ok(load_children::<fault_ticket::Entity>(ctx, self.0.id).await?.into_iter().map(FaultTicket).collect())
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A fault (故障) reported after installation, with its 10-minute engineering clock.
pub struct FaultTicket(pub fault_ticket::Model);

/// A fault (故障) reported after installation, with its 10-minute engineering clock.
#[Object]
impl FaultTicket {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::FaultTicket.id(self.0.id)
    }
    /// Where it stands.
    async fn status(&self) -> Gql<FaultStatus> {
        Gql(self.0.status)
    }
    /// What the customer reported.
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// When reported.
    async fn reported_at(&self) -> DateTime<Utc> {
        self.0.reported_at
    }
    /// Engineering must be reached by then (联系时限).
    async fn contact_due_at(&self) -> DateTime<Utc> {
        self.0.contact_due_at
    }
    /// When engineering was reached.
    async fn contacted_at(&self) -> Option<DateTime<Utc>> {
        self.0.contacted_at
    }
    /// Engineering was not reached in time (超时).
    async fn breached(&self, ctx: &Context<'_>) -> bool {
        service::breached(&self.0, ctx.state().now())
    }
    /// When fixed.
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }
    /// How it was fixed.
    async fn resolution(&self) -> Option<&str> {
        self.0.resolution.as_deref()
    }
    /// When the customer confirmed the fix.
    async fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.confirmed_at
    }
    /// What you may do next, each named after its mutation: engineering (the job's lead)
    /// reports contact and the fix, the account side confirms it.
    async fn allowed_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Gql<FaultAction>>> {
        let viewer = ctx.viewer()?;
        let Some(job) = load_by_id::<Entity>(ctx, self.0.job_id).await? else { return Ok(vec![]) };
        let Some(group) = load_by_id::<entity::customer_group::Entity>(ctx, job.group_id).await? else {
            return Ok(vec![]);
        };
        Ok(offers::allowed(service::fault_offers(viewer, &self.0, &job, &group)))
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// The viewer's offers on a job, from what the request's loaders hold.
async fn offers_for(ctx: &Context<'_>, job: &Model) -> AppResult<crate::machine::Offers<JobAction>> {
    let viewer = ctx.viewer()?;
    let Some(group) = load_by_id::<entity::customer_group::Entity>(ctx, job.group_id).await? else {
        return Ok(crate::machine::Offers::new());
    };
    // Only accepting looks at the contract.
    let contract_status = match job.status {
        JobStatus::Created => load_by_id::<entity::contract::Entity>(ctx, job.contract_id)
            .await?
            .map(|c| c.status)
            .ok_or_else(|| AppError::internal("job without its contract"))?,
        _ => crate::contracts::ContractStatus::Active,
    };
    Ok(service::offers(viewer, &service::JobFacts { job, group: &group, contract_status }))
}

pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<InstallationJob>> {
    match service::visible(&ctx.state().db, ctx.viewer()?, id).await {
        Ok((j, _)) => Ok(Some(InstallationJob(j))),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn load_visible_fault(ctx: &Context<'_>, id: i64) -> AppResult<Option<FaultTicket>> {
    let Some(f) = load_by_id::<fault_ticket::Entity>(ctx, id).await? else { return Ok(None) };
    Ok(load_visible(ctx, f.job_id).await?.map(|_| FaultTicket(f)))
}

/// Which jobs to list.
#[derive(InputObject, Default)]
pub struct JobFilter {
    /// Only these states.
    pub status: Option<Vec<Gql<JobStatus>>>,
    /// Only this contract's (global id).
    pub contract_id: Option<ID>,
    /// Only this group's (global id).
    pub group_id: Option<ID>,
    /// Only jobs with (`true`) or without (`false`) a fault ticket still waiting for
    /// engineering to be reached (`OPEN`, on its 10-minute clock).
    pub open_fault: Option<bool>,
}

#[derive(Default)]
pub struct InstallQuery;

#[Object]
impl InstallQuery {
    /// Installation jobs: an installer's own, or those of the groups you may see; newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn installation_jobs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<JobFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<InstallationJob>> {
        let viewer = ctx.viewer()?;
        let f = filter.unwrap_or_default();
        let scope = if viewer.role == Role::Installer {
            Condition::all().add(Column::LeadId.eq(viewer.user_id))
        } else {
            Condition::all().add(Column::GroupId.in_subquery(visible_group_ids(viewer)))
        };
        let mut select = Entity::find().filter(scope);
        if let Some(s) = f.status {
            select = select.filter(Column::Status.is_in(s.iter().map(|s| s.0)));
        }
        if let Some(c) = f.contract_id {
            select = select.filter(Column::ContractId.eq(NodeKind::Contract.decode(&c).unwrap_or(-1)));
        }
        if let Some(g) = f.group_id {
            select = select.filter(Column::GroupId.eq(NodeKind::Group.decode(&g).unwrap_or(-1)));
        }
        if let Some(open) = f.open_fault {
            let jobs = service::jobs_with_open_fault();
            select = select.filter(if open { Column::Id.in_subquery(jobs) } else { Column::Id.not_in_subquery(jobs) });
        }
        let args = PageArgs { first, after, last, before };
        Ok(keyset(&ctx.state().db, select, Column::Id, true, args, InstallationJob).await?)
    }
}

/// A contract line to install at the site, and how many.
#[derive(InputObject, Clone)]
pub struct JobLineInput {
    /// Position of the line in the contract (1-based).
    pub position: i32,
    /// How many of it at this site.
    pub quantity: i32,
}

/// A site to install.
#[derive(InputObject, Clone)]
pub struct CreateJobInput {
    /// The contract (global id); it must be active.
    pub contract_id: ID,
    /// Site address (装机地址).
    pub site_address: String,
    /// Who to meet on site (现场联系人).
    pub site_contact: Option<String>,
    /// Their phone.
    pub site_phone: Option<String>,
    /// What to install there.
    pub lines: Vec<JobLineInput>,
    /// Notes (备注).
    pub notes: Option<String>,
}

impl From<JobLineInput> for service::JobLine {
    fn from(l: JobLineInput) -> Self {
        Self { position: l.position, quantity: l.quantity }
    }
}

/// The lead to assign.
#[derive(InputObject)]
pub struct AssignJobLeadInput {
    /// The job (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// An installer of the branch (global id).
    pub lead_id: ID,
}

/// The agreed date.
#[derive(InputObject)]
pub struct ScheduleJobInput {
    /// The job (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Day agreed with the customer.
    pub scheduled_on: Date,
}

/// The customer's new date and reason.
#[derive(InputObject)]
pub struct PostponeJobInput {
    /// The job (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// The new day (required).
    pub new_date: Option<Date>,
    /// Why (required).
    pub reason: String,
}

/// A job and a reason.
#[derive(InputObject)]
pub struct CancelJobInput {
    /// The job (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Why.
    pub reason: String,
}

/// A fault to report.
#[derive(InputObject)]
pub struct ReportFaultInput {
    /// The job (global id).
    pub job_id: ID,
    /// What the customer reports.
    pub description: String,
}

/// A step on a fault ticket.
#[derive(InputObject)]
pub struct FaultStepInput {
    /// The ticket (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// How it was fixed (required to resolve).
    pub resolution: Option<String>,
}

/// Result of a job change.
#[derive(SimpleObject)]
pub struct InstallationJobPayload {
    /// The job as changed; null when there are user errors.
    pub job: Option<InstallationJob>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

/// Result of a fault change.
#[derive(SimpleObject)]
pub struct FaultTicketPayload {
    /// The ticket as changed; null when there are user errors.
    pub fault: Option<FaultTicket>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<InstallationJobPayload> {
    let (m, user_errors) = split(r)?;
    Ok(InstallationJobPayload { job: m.map(InstallationJob), user_errors })
}

fn fault_payload(r: AppResult<fault_ticket::Model>) -> async_graphql::Result<FaultTicketPayload> {
    let (m, user_errors) = split(r)?;
    Ok(FaultTicketPayload { fault: m.map(FaultTicket), user_errors })
}

fn decode(id: &ID) -> AppResult<i64> {
    NodeKind::InstallationJob.decode(id).ok_or_else(AppError::not_found)
}

#[derive(Default)]
pub struct InstallMutation;

impl InstallMutation {
    async fn step(
        ctx: &Context<'_>,
        input: VersionedIdInput,
        action: &'static str,
    ) -> async_graphql::Result<InstallationJobPayload> {
        let id = decode(&input.id)?;
        payload(service::step(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, action).await)
    }

    async fn fault(
        ctx: &Context<'_>,
        input: FaultStepInput,
        action: &'static str,
    ) -> async_graphql::Result<FaultTicketPayload> {
        let id = NodeKind::FaultTicket.decode(&input.id).ok_or_else(AppError::not_found)?;
        let r = service::fault_step(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            id,
            input.expected_version,
            action,
            input.resolution.as_deref(),
        )
        .await;
        fault_payload(r)
    }
}

#[Object]
impl InstallMutation {
    /// Creates the installation job of one site of an active contract (装机工单).
    async fn create_installation_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: CreateJobInput,
    ) -> async_graphql::Result<InstallationJobPayload> {
        let contract_id = NodeKind::Contract.decode(&input.contract_id).ok_or_else(AppError::not_found)?;
        let job = service::NewJob {
            contract_id,
            site_address: input.site_address,
            site_contact: input.site_contact,
            site_phone: input.site_phone,
            lines: input.lines.into_iter().map(Into::into).collect(),
            notes: input.notes,
        };
        payload(service::create(ctx.state(), &ctx.actor()?, ctx.viewer()?, job).await)
    }

    /// Assigns the engineering lead (account side).
    async fn assign_job_lead(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: AssignJobLeadInput,
    ) -> async_graphql::Result<InstallationJobPayload> {
        let id = decode(&input.id)?;
        payload(
            service::assign(
                ctx.state(),
                &ctx.actor()?,
                ctx.viewer()?,
                id,
                input.expected_version,
                NodeKind::User.decode(&input.lead_id),
            )
            .await,
        )
    }

    /// The lead accepts the job (受理/下单); the contract must be active.
    async fn accept_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<InstallationJobPayload> {
        Self::step(ctx, input, "accept").await
    }

    /// The lead books the date agreed with the customer (预约).
    async fn schedule_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ScheduleJobInput,
    ) -> async_graphql::Result<InstallationJobPayload> {
        let id = decode(&input.id)?;
        payload(
            service::schedule(
                ctx.state(),
                &ctx.actor()?,
                ctx.viewer()?,
                id,
                input.expected_version,
                input.scheduled_on.0,
            )
            .await,
        )
    }

    /// The customer asked for another date (改期): new date and reason required.
    async fn postpone_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: PostponeJobInput,
    ) -> async_graphql::Result<InstallationJobPayload> {
        let id = decode(&input.id)?;
        let r = service::postpone(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            id,
            input.expected_version,
            input.new_date.map(|d| d.0),
            &input.reason,
        )
        .await;
        payload(r)
    }

    /// The lead starts work on site (施工).
    async fn start_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<InstallationJobPayload> {
        Self::step(ctx, input, "start").await
    }

    /// The lead reports the installation complete (竣工).
    async fn complete_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<InstallationJobPayload> {
        Self::step(ctx, input, "complete").await
    }

    /// The manager confirms with the customer (竣工确认); follow-up visits are planned.
    async fn confirm_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<InstallationJobPayload> {
        let id = decode(&input.id)?;
        payload(service::confirm(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version).await)
    }

    /// Cancels a job not yet installed (account side).
    async fn cancel_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: CancelJobInput,
    ) -> async_graphql::Result<InstallationJobPayload> {
        let id = decode(&input.id)?;
        payload(
            service::cancel(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, &input.reason).await,
        )
    }

    /// Reports a fault on a completed installation (报障).
    async fn report_fault(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ReportFaultInput,
    ) -> async_graphql::Result<FaultTicketPayload> {
        let id = decode(&input.job_id)?;
        fault_payload(service::report_fault(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, &input.description).await)
    }

    /// The lead has reached engineering on the fault (已联系).
    async fn acknowledge_fault(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: FaultStepInput,
    ) -> async_graphql::Result<FaultTicketPayload> {
        Self::fault(ctx, input, "contact").await
    }

    /// The lead fixed the fault, saying how (已修复).
    async fn resolve_fault(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: FaultStepInput,
    ) -> async_graphql::Result<FaultTicketPayload> {
        Self::fault(ctx, input, "resolve").await
    }

    /// The manager confirmed the fix with the customer (确认修复).
    async fn confirm_fault_resolution(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: FaultStepInput,
    ) -> async_graphql::Result<FaultTicketPayload> {
        Self::fault(ctx, input, "close").await
    }
}
