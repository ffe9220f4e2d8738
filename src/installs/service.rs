//! Creating installation jobs from active contracts, moving them, and fault tickets.
use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use futures_util::future::BoxFuture;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set,
    sea_query::{Expr, SimpleExpr},
};
use serde_json::{Value as Json, json};

use super::{FAULT_MACHINE, FaultAction, FaultStatus, JobAction, JobStatus, MACHINE, Mover, mover};
use crate::{
    audit::{self, Actor, Change},
    auth::{Role, Viewer},
    clock::business_date,
    contracts::ContractStatus,
    db::{Versioned, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    events::{self, Event},
    fields::Check,
    groups::service::{find_visible, writable_group},
    machine::Offers,
    numbers::{NumberGrade, NumberStatus},
    reactions::Happened,
    settings,
    state::AppState,
    visits::{VisitMethod, VisitPurpose, service::plan_in},
};
use entity::{
    contract, contract_line, customer_group, fault_ticket,
    installation_job::{ActiveModel, Column, Entity, Model},
};

fn change(action: &str, id: i64, before: Option<Json>, after: Option<Json>) -> Change<'_> {
    Change { action, entity_type: "InstallationJob", entity_id: Some(id), before, after }
}

fn recipients(j: &Model, group: &customer_group::Model) -> Vec<i64> {
    let mut r = vec![group.owner_id];
    r.extend(j.lead_id);
    r
}

/// A contract line to install at the site, and how many.
/// Field by field as documented on the API's `JobLineInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct JobLine {
    pub position: i32,
    pub quantity: i32,
}

/// A site to install.
/// Field by field as documented on the API's `CreateJobInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct NewJob {
    pub contract_id: i64,
    pub site_address: String,
    pub site_contact: Option<String>,
    pub site_phone: Option<String>,
    pub lines: Vec<JobLine>,
    pub notes: Option<String>,
}

/// Creates the installation job of one site of an active contract (rule 6).
pub async fn create(state: &AppState, actor: &Actor, viewer: &Viewer, input: NewJob) -> AppResult<Model> {
    let cid = input.contract_id;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let c = contract::Entity::find_by_id(cid).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let group = writable_group(&txn, viewer, c.group_id).await?;
    let cs = c.status;
    if cs != ContractStatus::Active {
        return Err(UserError::new(
            "contractId",
            UserErrorCode::InvalidTransition,
            format!("合同当前状态为“{}”，只有已生效的合同才能装机", cs.label_zh()),
            format!("Only an active contract is installed; this one is “{}”", cs.label_en()),
        )
        .into());
    }
    let lines = contract_line::Entity::find().filter(contract_line::Column::ContractId.eq(cid)).all(&txn).await?;
    let mut chk = Check::new();
    let site = chk.text("siteAddress", &input.site_address, 255);
    let contact = chk.opt_text("siteContact", input.site_contact.as_deref(), 100);
    let phone = input.site_phone.as_deref().filter(|p| !p.trim().is_empty()).and_then(|p| chk.phone("sitePhone", p));
    let notes = chk.opt_text("notes", input.notes.as_deref(), 2000);
    if input.lines.is_empty() {
        chk.push(UserError::new("lines", UserErrorCode::Required, "请选择要安装的合同项目", "Choose what to install"));
    }
    let mut picked = Vec::new();
    for (i, l) in input.lines.iter().enumerate() {
        match lines.iter().find(|cl| cl.position == l.position) {
            Some(cl) if (1..=cl.quantity).contains(&l.quantity) => {
                picked.push(json!({ "position": l.position, "contractLineId": cl.id, "quantity": l.quantity }))
            }
            Some(cl) => chk.push(UserError::new(
                &format!("lines.{i}.quantity"),
                UserErrorCode::Invalid,
                format!("数量须在 1 到 {} 之间", cl.quantity),
                format!("Quantity must be 1 to {}", cl.quantity),
            )),
            None => chk.push(UserError::new(
                &format!("lines.{i}.position"),
                UserErrorCode::NotFound,
                "合同中没有这一项",
                "No such line in the contract",
            )),
        }
    }
    chk.finish(|| ())?;
    let row = ActiveModel {
        contract_id: Set(cid),
        group_id: Set(group.id),
        site_address: Set(site),
        site_contact: Set(contact),
        site_phone: Set(phone.map(|p| p.into_inner())),
        lines: Set(json!(picked)),
        status: Set(JobStatus::Created),
        notes: Set(notes),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::reactions::happened(&txn, Happened::DealMoved { proposal_id: c.proposal_id }, now).await?;
    let ev = Event::changed(
        "InstallationJob",
        row.id,
        "installation_job.create",
        row.status.as_str(),
        recipients(&row, &group),
    );
    events::commit(
        state,
        txn,
        now,
        actor,
        vec![change("installation_job.create", row.id, None, Some(audit::snapshot(&row)))],
        vec![ev],
    )
    .await?;
    Ok(row)
}

/// A job and its group, if the viewer sees it: through the group, or as its lead.
pub async fn visible<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    id: i64,
) -> AppResult<(Model, customer_group::Model)> {
    let j = Entity::find_by_id(id).one(db).await?.ok_or_else(AppError::not_found)?;
    if j.lead_id == Some(viewer.user_id) {
        let g = customer_group::Entity::find_by_id(j.group_id).one(db).await?.ok_or_else(AppError::not_found)?;
        return Ok((j, g));
    }
    let g = find_visible(db, viewer, j.group_id).await?;
    Ok((j, g))
}

fn not_permitted(zh: &'static str, en: &'static str) -> AppError {
    UserError::new("id", UserErrorCode::NotPermitted, zh, en).into()
}

/// Who may take `action` on a job of `group` (see [`mover`]): its engineering lead, the
/// account side (whoever may change the group's records), or either. The refusal is
/// `NOT_PERMITTED`, or `NOT_FOUND` for someone who is neither.
pub fn may_move(viewer: &Viewer, job: &Model, group: &customer_group::Model, action: &str) -> AppResult<()> {
    let is_lead = job.lead_id == Some(viewer.user_id);
    let account_side = crate::groups::may_write(viewer, group);
    match mover(action) {
        Mover::Lead if !is_lead => {
            Err(not_permitted("只有该工单的工程负责人可以操作", "Only the job's engineering lead may do this"))
        }
        Mover::Manager if !account_side => Err(not_permitted(
            "只有客户经理或部门负责人可以操作",
            "Only the account manager or department head may do this",
        )),
        Mover::Either if !is_lead && !account_side => Err(AppError::not_found()),
        _ => Ok(()),
    }
}

/// A job is accepted only under an active contract.
pub fn contract_active(status: ContractStatus) -> Result<(), UserError> {
    if status != ContractStatus::Active {
        return Err(UserError::new(
            "id",
            UserErrorCode::PreconditionFailed,
            "合同未生效，不能受理装机",
            "The contract is not active",
        ));
    }
    Ok(())
}

/// What [`offers`] weighs besides the viewer: the job and what its actions check.
pub struct JobFacts<'a> {
    pub job: &'a Model,
    pub group: &'a customer_group::Model,
    /// The status of its contract.
    pub contract_status: ContractStatus,
}

/// What `viewer` may do with a job now: the checks of the mutations themselves — the state
/// machine, who moves ([`may_move`]), the contract and the number's approval.
pub fn offers(viewer: &Viewer, f: &JobFacts) -> Offers<JobAction> {
    use JobAction as A;
    let job = f.job;
    let can = |edge: &str, who: &str| MACHINE.allows(job.status, edge) && may_move(viewer, job, f.group, who).is_ok();
    let mut o = Offers::new();
    o.offer_if(can("assign", "assign"), A::AssignJobLead, || Ok(()));
    o.offer_if(can("assign", "select_number"), A::SelectJobNumber, || Ok(()));
    o.offer_if(can("accept", "accept"), A::AcceptJob, || contract_active(f.contract_status));
    o.offer_if(can("schedule", "schedule"), A::ScheduleJob, || Ok(()));
    o.offer_if(can("postpone", "postpone"), A::PostponeJob, || Ok(()));
    o.offer_if(can("start", "start"), A::StartJob, || number_cleared(job));
    o.offer_if(can("complete", "complete"), A::CompleteJob, || Ok(()));
    o.offer_if(can("confirm", "confirm"), A::ConfirmJob, || Ok(()));
    o.offer_if(can("cancel", "cancel"), A::CancelJob, || Ok(()));
    let reportable = fault_reportable(job.status).is_ok() && may_move(viewer, job, f.group, "report").is_ok();
    o.offer_if(reportable, A::ReportFault, || Ok(()));
    o
}

/// What `viewer` may do with a fault ticket of `job` now.
pub fn fault_offers(
    viewer: &Viewer,
    fault: &fault_ticket::Model,
    job: &Model,
    group: &customer_group::Model,
) -> Offers<FaultAction> {
    use FaultAction as A;
    let can = |edge: &str| {
        FAULT_MACHINE.allows(fault.status, edge) && may_move(viewer, job, group, fault_mover(edge)).is_ok()
    };
    let mut o = Offers::new();
    o.offer_if(can("contact"), A::AcknowledgeFault, || Ok(()));
    o.offer_if(can("resolve"), A::ResolveFault, || Ok(()));
    o.offer_if(can("close"), A::ConfirmFaultResolution, || Ok(()));
    o
}

/// Engineering contacts and fixes (as the lead, like starting work); the account side
/// confirms the fix with the customer (like confirming the job).
fn fault_mover(edge: &str) -> &'static str {
    if edge == "close" { "confirm" } else { "start" }
}

/// The jobs with a fault ticket still waiting for engineering to be reached (as a subquery).
pub fn jobs_with_open_fault() -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(fault_ticket::Column::JobId)
        .from(fault_ticket::Entity)
        .and_where(fault_ticket::Column::Status.eq(FaultStatus::Open))
        .to_owned()
}

/// A graded number's approval (号码等级审批): the verdict approves or rejects the number the
/// job asked for, unless another number was chosen since (that request was cancelled then).
pub struct NumberApproval;

impl crate::approvals::Subject for NumberApproval {
    fn kinds(&self) -> &'static [crate::approvals::RequestKind] {
        &[crate::approvals::RequestKind::NumberGrade]
    }

    fn decided<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        verdict: crate::approvals::Verdict<'a>,
    ) -> BoxFuture<'a, AppResult<crate::approvals::Outcome>> {
        Box::pin(async move {
            let request = verdict.request;
            let id = request.job_id.ok_or_else(|| AppError::internal("number request without job"))?;
            let before = Entity::find_by_id(id).one(txn).await?.ok_or_else(AppError::not_found)?;
            if before.number_request_id != Some(request.id) {
                return Ok(crate::approvals::Outcome::default());
            }
            let from = before.number_status;
            if from != NumberStatus::PendingApproval {
                return Err(AppError::internal(format!("job {id}'s number decided while {}", from.as_str())));
            }
            let to = if verdict.approved { NumberStatus::Approved } else { NumberStatus::Rejected };
            let cols = [(Column::NumberStatus, Expr::value(to.as_str()))];
            versioned_update::<Entity, _>(txn, VERSIONED, id, before.version, verdict.now, cols).await?;
            let after = Entity::find_by_id(id).one(txn).await?.ok_or_else(AppError::not_found)?;
            let change = change(
                "installation_job.number_decided",
                id,
                Some(audit::snapshot(&before)),
                Some(audit::snapshot(&after)),
            );
            Ok(crate::approvals::Outcome { changes: vec![change], events: vec![] })
        })
    }
}

const VERSIONED: Versioned<Column> =
    Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };

/// Moves a job by `action`: the state machine says from where, [`mover`] says who; `build`
/// adds the action's own columns and side effects in the same transaction.
async fn apply(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    action: &str,
    build: impl AsyncFnOnce(&DatabaseTransaction, &Model, &customer_group::Model) -> AppResult<Vec<(Column, SimpleExpr)>>,
) -> AppResult<Model> {
    apply_with_events(state, actor, viewer, id, expected_version, action, async |txn, job, group| {
        Ok((build(txn, job, group).await?, vec![]))
    })
    .await
}

/// [`apply`], where `build` may also return events to send with the change.
async fn apply_with_events(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    action: &str,
    build: impl AsyncFnOnce(
        &DatabaseTransaction,
        &Model,
        &customer_group::Model,
    ) -> AppResult<(Vec<(Column, SimpleExpr)>, Vec<Event>)>,
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, group) = visible(&txn, viewer, id).await?;
    if before.version != expected_version {
        return Err(AppError::stale_version());
    }
    may_move(viewer, &before, &group, action)?;
    let from = before.status;
    // Assigning the lead or choosing the number leaves the state as it is.
    let to = match action {
        "assign" | "select_number" => {
            MACHINE.check(from, "assign")?;
            None
        }
        _ => Some(MACHINE.next(from, action)?),
    };
    if action == "start" {
        number_cleared(&before)?;
    }
    let (mut cols, mut evs) = build(&txn, &before, &group).await?;
    if let Some(to) = to {
        cols.push((Column::Status, Expr::value(to.as_str())));
    }
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let c = contract::Entity::find_by_id(after.contract_id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    crate::reactions::happened(&txn, Happened::DealMoved { proposal_id: c.proposal_id }, now).await?;
    let action = format!("installation_job.{action}");
    evs.push(Event::changed("InstallationJob", id, &action, after.status.as_str(), recipients(&after, &group)));
    events::commit(
        state,
        txn,
        now,
        actor,
        vec![change(&action, id, Some(audit::snapshot(&before)), Some(audit::snapshot(&after)))],
        evs,
    )
    .await?;
    Ok(after)
}

/// Work cannot start on a line whose graded number still waits for, or was refused, approval.
pub fn number_cleared(job: &Model) -> Result<(), UserError> {
    match job.number_status {
        NumberStatus::PendingApproval => Err(UserError::new(
            "id",
            UserErrorCode::PreconditionFailed,
            "所选号码的等级审批尚未通过，不能开始施工",
            "The chosen number's grade approval is still pending",
        )),
        NumberStatus::Rejected => Err(UserError::new(
            "id",
            UserErrorCode::PreconditionFailed,
            "所选号码的等级审批已驳回，请另选号码",
            "The chosen number's grade was refused; choose another number",
        )),
        _ => Ok(()),
    }
}

/// Chooses the number of the job's new fixed line (选号). A grade that needs approval opens a
/// request along its chain and holds the start of work until it is approved; choosing again
/// cancels the earlier request.
pub async fn select_number(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    number: &str,
    justification: Option<&str>,
    prestore_waiver: Option<rust_decimal::Decimal>,
) -> AppResult<Model> {
    let graded = crate::numbers::classify(number)
        .map_err(|e| UserError::new("number", UserErrorCode::Invalid, e.to_string(), e.message_en()))?;
    let justification = crate::fields::comment("justification", justification, 1000, false)?;
    let waiver = match prestore_waiver {
        Some(w) => Some(crate::fields::money("prestoreWaiver", w)?),
        None => None,
    };
    let now = state.now();
    apply_with_events(state, actor, viewer, id, expected_version, "select_number", async |txn, job, group| {
        let terms = crate::numbers::terms(txn, graded.grade).await?;
        if let Some(w) = waiver {
            crate::numbers::check_waiver(w, terms.prestore)?;
        }
        let chain = crate::numbers::approvers(terms.approver, waiver, &crate::billing::Tiers::load(txn).await?);
        crate::approvals::service::cancel_open_for_job(txn, job.id, now).await?;
        let grade = NumberGrade::from(graded.grade);
        let mut cols = vec![
            (Column::Number, Expr::value(graded.normalized.clone())),
            (Column::NumberGrade, Expr::value(grade.as_str())),
        ];
        let mut evs = vec![];
        match chain {
            Some(chain) => {
                if justification.is_none() {
                    return Err(UserError::new(
                        "justification",
                        UserErrorCode::Required,
                        format!(
                            "{}级号码{}需要审批，请说明申请理由",
                            graded.grade.label_zh(),
                            if waiver.is_some() { "及预存款减免" } else { "" }
                        ),
                        "This needs approval: give the reason",
                    )
                    .into());
                }
                let ask = crate::approvals::service::NumberAsk {
                    number: &graded.normalized,
                    grade,
                    prestore: terms.prestore,
                    monthly_minimum: terms.monthly_minimum,
                    chain,
                    justification: justification.clone(),
                    waiver,
                };
                let (request, ev) =
                    crate::approvals::service::open_number_request(txn, viewer, job, group, ask, now).await?;
                evs.push(ev);
                cols.push((Column::NumberStatus, Expr::value(NumberStatus::PendingApproval.as_str())));
                cols.push((Column::NumberRequestId, Expr::value(request.id)));
            }
            None => {
                cols.push((Column::NumberStatus, Expr::value(NumberStatus::None.as_str())));
                cols.push((Column::NumberRequestId, Expr::value(Option::<i64>::None)));
            }
        }
        Ok((cols, evs))
    })
    .await
}

/// Assigns the engineering lead: an active installer of the contract's branch.
pub async fn assign(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    lead_id: Option<i64>,
) -> AppResult<Model> {
    apply(state, actor, viewer, id, expected_version, "assign", async |txn, _, group| {
        let user = match lead_id {
            Some(l) => entity::app_user::Entity::find_by_id(l).one(txn).await?,
            None => None,
        };
        let user = user.filter(|u| u.role == Role::Installer && u.branch_id == Some(group.branch_id));
        match user {
            Some(u) if u.active => Ok(vec![(Column::LeadId, Expr::value(u.id))]),
            Some(_) => Err(UserError::new(
                "leadId",
                UserErrorCode::PreconditionFailed,
                "该工程人员已停用",
                "This installer is disabled",
            )
            .into()),
            None => Err(UserError::new(
                "leadId",
                UserErrorCode::NotFound,
                "须为本分公司的工程人员",
                "The lead must be an installer of the branch",
            )
            .into()),
        }
    })
    .await
}

/// Moves a job one step without extra fields: accept, start, complete.
pub async fn step(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    action: &'static str,
) -> AppResult<Model> {
    let now = state.now();
    apply(state, actor, viewer, id, expected_version, action, async |txn, job, _| {
        Ok(match action {
            "accept" => {
                let c =
                    contract::Entity::find_by_id(job.contract_id).one(txn).await?.ok_or_else(AppError::not_found)?;
                contract_active(c.status)?;
                vec![(Column::AcceptedAt, Expr::value(now))]
            }
            "start" => vec![(Column::StartedAt, Expr::value(now))],
            "complete" => vec![(Column::CompletedAt, Expr::value(now))],
            _ => vec![],
        })
    })
    .await
}

fn check_date(c: &mut Check, field: &str, d: NaiveDate, today: NaiveDate) {
    if d < today || d > today + Duration::days(366) {
        c.push(UserError::new(
            field,
            UserErrorCode::Invalid,
            "日期须在今天到一年之内",
            "The date must be within the coming year",
        ));
    }
}

/// Books the date agreed with the customer (预约).
pub async fn schedule(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    on: NaiveDate,
) -> AppResult<Model> {
    let mut c = Check::new();
    check_date(&mut c, "scheduledOn", on, business_date(state.now()));
    c.finish(|| ())?;
    apply(state, actor, viewer, id, expected_version, "schedule", async |_, _, _| {
        Ok(vec![(Column::ScheduledOn, Expr::value(on))])
    })
    .await
}

/// The customer asked for another date: the new date and the reason are required.
pub async fn postpone(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    new_date: Option<NaiveDate>,
    reason: &str,
) -> AppResult<Model> {
    let mut c = Check::new();
    let reason = c.text("reason", reason, 500);
    match new_date {
        Some(d) => check_date(&mut c, "newDate", d, business_date(state.now())),
        None => c.push(UserError::new("newDate", UserErrorCode::Required, "请填写新的日期", "A new date is required")),
    }
    c.finish(|| ())?;
    apply(state, actor, viewer, id, expected_version, "postpone", async |_, _, _| {
        Ok(vec![(Column::ScheduledOn, Expr::value(new_date)), (Column::PostponedReason, Expr::value(reason))])
    })
    .await
}

/// Cancels a job that has not been installed, with the reason.
pub async fn cancel(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    reason: &str,
) -> AppResult<Model> {
    let reason = crate::fields::required("reason", reason, 500)?;
    let now = state.now();
    apply(state, actor, viewer, id, expected_version, "cancel", async |txn, _, _| {
        crate::approvals::service::cancel_open_for_job(txn, id, now).await?;
        Ok(vec![(Column::CancelReason, Expr::value(reason))])
    })
    .await
}

/// The manager confirmed the completed installation with the customer (竣工确认). Rule 6:
/// an installation follow-up call is planned 7 days later and onsite visits monthly after.
pub async fn confirm(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
) -> AppResult<Model> {
    let now = state.now();
    apply(state, actor, viewer, id, expected_version, "confirm", async |txn, _, group| {
        let days = settings::count(txn, "install.follow_up_days").await?;
        let months = settings::count(txn, "install.follow_up_months").await?;
        let first = now + Duration::days(days);
        plan_in(txn, group.id, group.owner_id, VisitMethod::Phone, VisitPurpose::InstallFollowUp, first, now).await?;
        for m in 1..=months {
            let at = first.checked_add_months(Months::new(m as u32)).unwrap_or(first);
            plan_in(txn, group.id, group.owner_id, VisitMethod::Onsite, VisitPurpose::InstallFollowUp, at, now).await?;
        }
        crate::tasks::close_for(txn, crate::tasks::TaskKind::InstallToConfirm, "InstallationJob", id, now).await?;
        Ok(vec![(Column::ConfirmedAt, Expr::value(now))])
    })
    .await
}

/// Faults are reported on a finished installation (completed or confirmed).
fn fault_reportable(js: JobStatus) -> Result<(), UserError> {
    if !matches!(js, JobStatus::Completed | JobStatus::Confirmed) {
        return Err(UserError::new(
            "jobId",
            UserErrorCode::InvalidTransition,
            format!("装机工单当前状态为“{}”，竣工后才能报故障", js.label_zh()),
            format!("Faults are reported after completion; the job is {}", js.as_str()),
        ));
    }
    Ok(())
}

/// Reports a fault on a completed installation; engineering must be reached within the
/// configured minutes (10 by default).
pub async fn report_fault(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    job_id: i64,
    description: &str,
) -> AppResult<fault_ticket::Model> {
    let description = crate::fields::required("description", description, 2000)?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (job, group) = visible(&txn, viewer, job_id).await?;
    may_move(viewer, &job, &group, "report")?;
    fault_reportable(job.status)?;
    let minutes = settings::count(&txn, "fault.contact_minutes").await?;
    let row = fault_ticket::ActiveModel {
        job_id: Set(job_id),
        status: Set(FaultStatus::Open),
        description: Set(description),
        reported_by: Set(viewer.user_id),
        reported_at: Set(now),
        contact_due_at: Set(now + Duration::minutes(minutes)),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let ev = Event::changed("InstallationJob", job_id, "fault.report", job.status.as_str(), recipients(&job, &group));
    events::commit(
        state,
        txn,
        now,
        actor,
        vec![Change {
            action: "fault.report",
            entity_type: "FaultTicket",
            entity_id: Some(row.id),
            before: None,
            after: Some(audit::snapshot(&row)),
        }],
        vec![ev],
    )
    .await?;
    Ok(row)
}

/// Moves a fault ticket: engineering contacted (`contact`) or fault fixed (`resolve`) by the
/// job's lead; the fix confirmed with the customer (`close`) by the account side.
pub async fn fault_step(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    action: &'static str,
    text: Option<&str>,
) -> AppResult<fault_ticket::Model> {
    let mut c = Check::new();
    let resolution = if action == "resolve" { Some(c.text("resolution", text.unwrap_or(""), 2000)) } else { None };
    c.finish(|| ())?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = fault_ticket::Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let (job, group) = visible(&txn, viewer, before.job_id).await?;
    may_move(viewer, &job, &group, fault_mover(action))?;
    let to = FAULT_MACHINE.next(before.status, action)?;
    let mut cols: Vec<(fault_ticket::Column, SimpleExpr)> =
        vec![(fault_ticket::Column::Status, Expr::value(to.as_str()))];
    match action {
        "contact" => {
            cols.push((fault_ticket::Column::ContactedAt, Expr::value(now)));
            cols.push((fault_ticket::Column::ContactedBy, Expr::value(viewer.user_id)));
        }
        "resolve" => {
            if before.contacted_at.is_none() {
                cols.push((fault_ticket::Column::ContactedAt, Expr::value(now)));
                cols.push((fault_ticket::Column::ContactedBy, Expr::value(viewer.user_id)));
            }
            cols.push((fault_ticket::Column::ResolvedAt, Expr::value(now)));
            cols.push((fault_ticket::Column::Resolution, Expr::value(resolution)));
        }
        _ => cols.push((fault_ticket::Column::ConfirmedAt, Expr::value(now))),
    }
    let (id_col, version_col) = (fault_ticket::Column::Id, fault_ticket::Column::Version);
    crate::db::versioned_set::<fault_ticket::Entity, _>(&txn, id_col, version_col, id, expected_version, cols).await?;
    let after = fault_ticket::Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    if after.status != FaultStatus::Open {
        crate::tasks::close_key(&txn, &format!("fault:{id}:breach"), now).await?;
    }
    let action = format!("fault.{action}");
    let ev = Event::changed("InstallationJob", job.id, &action, job.status.as_str(), recipients(&job, &group));
    events::commit(
        state,
        txn,
        now,
        actor,
        vec![Change {
            action: &action,
            entity_type: "FaultTicket",
            entity_id: Some(id),
            before: Some(audit::snapshot(&before)),
            after: Some(audit::snapshot(&after)),
        }],
        vec![ev],
    )
    .await?;
    Ok(after)
}

/// True when engineering was not reached in time (or has not been and the time is up).
pub fn breached(f: &fault_ticket::Model, now: DateTime<Utc>) -> bool {
    f.contacted_at.unwrap_or(now) > f.contact_due_at
}
