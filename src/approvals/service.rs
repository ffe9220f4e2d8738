//! Opening approval requests, acting on their steps, and keeping the matrix.
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::Expr,
};
use serde_json::json;

use super::{
    Matrix, REQUEST_MACHINE, RequestKind, RequestStatus, STEP_MACHINE, StepStatus, StoredRule, Verdict, check_rules,
};
use entity::enums::NumberGrade;

use crate::{
    audit::{self, Actor, Change},
    auth::{Role, Viewer},
    error::{AppError, AppResult, UserError, UserErrorCode},
    events::{self, Event, Topic, holders_of},
    fields::cents,
    state::AppState,
};
use entity::{
    approval_request::{ActiveModel, Column, Entity, Model},
    approval_step, customer_group, proposal, proposal_line, proposal_version,
};

/// The discount asked for on one line, as recorded on the request (申请优惠明细).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LineDiscount {
    pub product_id: i64,
    pub product_code: String,
    pub product_name: String,
    pub quantity: i32,
    pub term_months: i32,
    pub unit_price: Decimal,
    pub net_unit_price: Decimal,
    pub line_rate: Decimal,
    pub monthly_discount: Decimal,
}

/// May `viewer` act on `step` of request `r`? A department head acts for the step's department
/// (the request's, rule 2: "its department head", or the functional department rule 15 adds),
/// a branch manager for the request's branch, the general manager for all.
pub fn holds_step(viewer: &Viewer, step: &approval_step::Model, r: &Model) -> bool {
    viewer.role == step.role
        && match step.role {
            Role::GeneralManager => true,
            Role::DepartmentHead => viewer.department_id == Some(step.unit_id.unwrap_or(r.department_id)),
            _ => viewer.branch_id == Some(r.branch_id),
        }
}

/// The step of a pending request that waits for a decision now, if any.
pub fn waiting_step<'a>(r: &Model, steps: &'a [approval_step::Model]) -> Option<&'a approval_step::Model> {
    if r.status != RequestStatus::Pending {
        return None;
    }
    steps.iter().find(|s| STEP_MACHINE.allows(s.status, "approve"))
}

/// May `viewer` decide `step` of request `r`? Not their own request, and the step's role for
/// the request's department or branch ([`holds_step`]); otherwise the `NOT_PERMITTED` refusal.
pub fn may_decide(viewer: &Viewer, r: &Model, step: &approval_step::Model) -> Result<(), UserError> {
    if r.requester_id == viewer.user_id {
        return Err(UserError::new(
            "id",
            UserErrorCode::NotPermitted,
            "不能审批本人提交的申请",
            "You cannot approve your own request",
        ));
    }
    let role = step.role;
    if !holds_step(viewer, step, r) {
        let (zh, en) = if role == Role::DepartmentHead { ("部门", "department") } else { ("分公司", "branch") };
        return Err(UserError::new(
            "id",
            UserErrorCode::NotPermitted,
            format!("此步骤须由申请人所在{zh}的{}审批", role.label_zh()),
            format!("This step is for the {} of the request's {en}", role.label_en().to_lowercase()),
        ));
    }
    Ok(())
}

/// True when the step waiting now on `r` is `viewer`'s to decide.
pub fn decides_now(viewer: &Viewer, r: &Model, steps: &[approval_step::Model]) -> bool {
    waiting_step(r, steps).is_some_and(|s| may_decide(viewer, r, s).is_ok())
}

/// Smart re-approval (rule 3): the earlier full discount approval this version may keep —
/// when no line's discount rose, no new line is discounted and the matrix asks for no one
/// beyond who approved.
async fn approval_to_keep<C: ConnectionTrait>(
    db: &C,
    proposal_id: i64,
    lines: &[LineDiscount],
    chain: &[Role],
) -> AppResult<Option<Model>> {
    let Some(last) = Entity::find()
        .filter(Column::ProposalId.eq(proposal_id))
        .filter(Column::Status.eq(RequestStatus::Approved))
        .filter(Column::Kind.eq(RequestKind::Discount))
        .order_by_desc(Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let base = match last.carried_from_id {
        Some(id) => Entity::find_by_id(id).one(db).await?.ok_or_else(AppError::not_found)?,
        None => last,
    };
    let approved: Vec<LineDiscount> =
        serde_json::from_value(base.line_discounts.clone()).map_err(AppError::internal)?;
    let no_rise = lines
        .iter()
        .filter(|l| l.line_rate > Decimal::ZERO)
        .all(|l| approved.iter().any(|a| a.product_id == l.product_id && l.line_rate <= a.line_rate));
    let steps = approval_step::Entity::find().filter(approval_step::Column::RequestId.eq(base.id)).all(db).await?;
    let approvers: Vec<&str> = steps.iter().map(|s| s.role.as_str()).collect();
    let covered = chain.iter().all(|r| approvers.contains(&r.as_str()));
    Ok((no_rise && covered).then_some(base))
}

/// Opens the approval request of a submitted proposal version: the chain comes from the
/// matrix in force (recorded by number) or, when an earlier discount approval still holds,
/// just the department head. Returns the request and the events to send.
pub async fn open_request(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    p: &proposal::Model,
    version: &proposal_version::Model,
    lines: &[proposal_line::Model],
    group: &customer_group::Model,
    now: DateTime<Utc>,
) -> AppResult<(Model, Vec<Event>)> {
    let matrix = Matrix::current(txn).await?;
    let products = entity::product::Entity::find()
        .filter(entity::product::Column::Id.is_in(lines.iter().map(|l| l.product_id)))
        .all(txn)
        .await?;
    let line_discounts: Vec<LineDiscount> = lines
        .iter()
        .filter_map(|l| {
            let prod = products.iter().find(|x| x.id == l.product_id)?;
            Some(LineDiscount {
                product_id: l.product_id,
                product_code: prod.code.clone(),
                product_name: prod.name_zh.clone(),
                quantity: l.quantity,
                term_months: l.term_months,
                unit_price: l.unit_price,
                net_unit_price: l.net_unit_price,
                line_rate: l.line_rate,
                monthly_discount: l.monthly_discount,
            })
        })
        .collect();
    let discounted = !version.discount_term.is_zero() || !version.max_line_rate.is_zero();
    let mut chain = matrix.chain(version.discount_monthly, version.max_line_rate);
    let mut carried_from = None;
    if discounted && chain.len() > 1 {
        if let Some(kept) = approval_to_keep(txn, p.id, &line_discounts, &chain).await? {
            chain = vec![Role::DepartmentHead];
            carried_from = Some(kept.id);
        }
    }
    let services: Vec<&str> =
        line_discounts.iter().filter(|l| l.line_rate > Decimal::ZERO).map(|l| l.product_name.as_str()).collect();
    let request = ActiveModel {
        kind: Set(if discounted { RequestKind::Discount } else { RequestKind::Proposal }),
        proposal_id: Set(Some(p.id)),
        proposal_version_id: Set(Some(version.id)),
        group_id: Set(group.id),
        requester_id: Set(viewer.user_id),
        branch_id: Set(group.branch_id),
        department_id: Set(group.department_id),
        status: Set(RequestStatus::Pending),
        matrix_number: Set(matrix.number),
        industry_type: Set(Some(group.segment.as_str().to_string())),
        industry_name: Set(Some(group.industry.clone())),
        discounted_services: Set(json!(services)),
        customer_background: Set(version.customer_background.clone()),
        competitive_situation: Set(version.competitive_situation.clone()),
        justification: Set(version.justification.clone()),
        line_discounts: Set(serde_json::to_value(&line_discounts).map_err(AppError::internal)?),
        monthly_discount: Set(cents(version.discount_monthly)),
        max_line_rate: Set(version.max_line_rate),
        carried_from_id: Set(carried_from),
        created_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let waiting = open_chain(txn, &request, &chain).await?;
    Ok((request, vec![waiting]))
}

/// A graded number asked for on an installation job, with the grade's terms as they are now
/// and the chain that approves it.
pub struct NumberAsk<'a> {
    pub number: &'a str,
    /// The grade.
    pub grade: NumberGrade,
    pub prestore: Decimal,
    pub monthly_minimum: Decimal,
    pub chain: Vec<Role>,
    pub justification: Option<String>,
    /// Prestore waived (预存款减免, rule 17).
    pub waiver: Option<Decimal>,
}

/// A pending request of `kind` on `group`'s behalf, raised by `viewer` under the matrix in
/// force, with no discount: what every request but a proposal's starts from.
pub(crate) async fn plain_request(
    txn: &DatabaseTransaction,
    kind: RequestKind,
    viewer: &Viewer,
    group: &customer_group::Model,
    now: DateTime<Utc>,
) -> AppResult<ActiveModel> {
    Ok(ActiveModel {
        kind: Set(kind),
        group_id: Set(group.id),
        requester_id: Set(viewer.user_id),
        branch_id: Set(group.branch_id),
        department_id: Set(group.department_id),
        status: Set(RequestStatus::Pending),
        matrix_number: Set(Matrix::current(txn).await?.number),
        discounted_services: Set(json!([])),
        line_discounts: Set(json!([])),
        monthly_discount: Set(Decimal::ZERO),
        max_line_rate: Set(Decimal::ZERO),
        created_at: Set(now),
        version: Set(1),
        ..Default::default()
    })
}

/// Opens the approval request of a number chosen on an installation job (码号等级审批): the
/// request keeps the grade's terms as they are now. Returns the request and the event to send.
pub async fn open_number_request(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    job: &entity::installation_job::Model,
    group: &customer_group::Model,
    ask: NumberAsk<'_>,
    now: DateTime<Utc>,
) -> AppResult<(Model, Event)> {
    let request = ActiveModel {
        industry_type: Set(Some(group.segment.as_str().to_string())),
        industry_name: Set(Some(group.industry.clone())),
        justification: Set(ask.justification),
        job_id: Set(Some(job.id)),
        requested_number: Set(Some(ask.number.to_string())),
        number_grade: Set(Some(ask.grade)),
        number_prestore: Set(Some(ask.prestore)),
        number_monthly_minimum: Set(Some(ask.monthly_minimum)),
        prestore_waiver: Set(ask.waiver),
        ..plain_request(txn, RequestKind::NumberGrade, viewer, group, now).await?
    }
    .insert(txn)
    .await?;
    let waiting = open_chain(txn, &request, &ask.chain).await?;
    Ok((request, waiting))
}

/// Opens the review of a contract submitted for it (合同审核, rule 5): one step, its
/// department head. Returns the request and the event telling the head.
pub async fn open_contract_review(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    contract_id: i64,
    group: &customer_group::Model,
    now: DateTime<Utc>,
) -> AppResult<(Model, Event)> {
    let request = ActiveModel {
        contract_id: Set(Some(contract_id)),
        ..plain_request(txn, RequestKind::ContractReview, viewer, group, now).await?
    }
    .insert(txn)
    .await?;
    let waiting = open_chain(txn, &request, &[Role::DepartmentHead]).await?;
    Ok((request, waiting))
}

/// The pending review request of a contract, if it waits on one.
pub async fn pending_contract_review<C: ConnectionTrait>(db: &C, contract_id: i64) -> AppResult<Option<Model>> {
    Ok(Entity::find()
        .filter(Column::ContractId.eq(contract_id))
        .filter(Column::Kind.eq(RequestKind::ContractReview))
        .filter(Column::Status.eq(RequestStatus::Pending))
        .one(db)
        .await?)
}

/// Cancels a job's number request still in progress (another number was chosen).
pub async fn cancel_open_for_job<C: ConnectionTrait>(db: &C, job_id: i64, now: DateTime<Utc>) -> AppResult<()> {
    let open: Vec<i64> = Entity::find()
        .filter(Column::JobId.eq(job_id))
        .filter(Column::Status.eq(RequestStatus::Pending))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    cancel_requests(db, &open, now).await
}

/// The stored names of `states`, for a conditional update's filter.
fn names<S: Copy>(states: &[S], name: impl Fn(S) -> &'static str) -> Vec<&'static str> {
    states.iter().map(|s| name(*s)).collect()
}

/// Moves every step of request `id` that `action` may start from.
fn move_steps(id: i64, action: &str) -> sea_orm::UpdateMany<approval_step::Entity> {
    approval_step::Entity::update_many()
        .col_expr(approval_step::Column::Status, Expr::value(STEP_MACHINE.to(action).as_str()))
        .filter(approval_step::Column::RequestId.eq(id))
        .filter(approval_step::Column::Status.is_in(names(STEP_MACHINE.sources(action), StepStatus::as_str)))
}

pub(crate) async fn cancel_requests<C: ConnectionTrait>(db: &C, ids: &[i64], now: DateTime<Utc>) -> AppResult<()> {
    for id in ids {
        Entity::update_many()
            .col_expr(Column::Status, Expr::value(REQUEST_MACHINE.to("cancel").as_str()))
            .col_expr(Column::DecidedAt, Expr::value(now))
            .filter(Column::Id.eq(*id))
            .filter(Column::Status.is_in(names(REQUEST_MACHINE.sources("cancel"), RequestStatus::as_str)))
            .exec(db)
            .await?;
        move_steps(*id, "cancel").exec(db).await?;
    }
    Ok(())
}

/// Inserts the request's chain of steps (the first waiting on its approver) and returns the
/// event telling its holders.
pub(crate) async fn open_chain(
    txn: &DatabaseTransaction,
    request: &Model,
    chain: &[impl Into<super::Approver> + Copy],
) -> AppResult<Event> {
    let chain: Vec<super::Approver> = chain.iter().map(|a| (*a).into()).collect();
    let steps = chain.iter().enumerate().map(|(i, a)| approval_step::ActiveModel {
        request_id: Set(request.id),
        position: Set(i as i32 + 1),
        role: Set(a.role),
        status: Set(if i == 0 { StepStatus::Pending } else { StepStatus::Waiting }),
        branch_id: Set(request.branch_id),
        requester_id: Set(request.requester_id),
        unit_id: Set((a.role == Role::DepartmentHead).then(|| a.unit_id.unwrap_or(request.department_id))),
        ..Default::default()
    });
    approval_step::Entity::insert_many(steps).exec(txn).await?;
    let first = chain.first().copied().ok_or_else(|| AppError::internal("empty approval chain"))?;
    waiting_event(txn, request, first.role, first.unit_id, "approval.open").await
}

async fn waiting_event<C: ConnectionTrait>(
    db: &C,
    r: &Model,
    role: Role,
    unit_id: Option<i64>,
    action: &str,
) -> AppResult<Event> {
    let mut to = holders_of(db, role, r.branch_id, unit_id.unwrap_or(r.department_id)).await?;
    to.retain(|u| *u != r.requester_id);
    Ok(Event::new(Topic::ApprovalWaiting, "ApprovalRequest", r.id, action, r.status.as_str(), to))
}

/// True when the version's latest request is fully approved.
pub async fn version_approved<C: ConnectionTrait>(db: &C, version_id: i64) -> AppResult<bool> {
    let last =
        Entity::find().filter(Column::ProposalVersionId.eq(version_id)).order_by_desc(Column::Id).one(db).await?;
    Ok(last.is_some_and(|r| r.status == RequestStatus::Approved))
}

/// Cancels the proposal's request still in progress (revised or withdrawn).
pub async fn cancel_open<C: ConnectionTrait>(db: &C, proposal_id: i64, now: DateTime<Utc>) -> AppResult<()> {
    let open: Vec<i64> = Entity::find()
        .filter(Column::ProposalId.eq(proposal_id))
        .filter(Column::Status.eq(RequestStatus::Pending))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    cancel_requests(db, &open, now).await
}

/// A request the viewer may see: through its group, or as someone who may act on one of its steps.
pub async fn visible<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    id: i64,
) -> AppResult<(Model, Vec<approval_step::Model>)> {
    let r = Entity::find_by_id(id).one(db).await?.ok_or_else(AppError::not_found)?;
    let steps = approval_step::Entity::find()
        .filter(approval_step::Column::RequestId.eq(id))
        .order_by_asc(approval_step::Column::Position)
        .all(db)
        .await?;
    let group = customer_group::Entity::find_by_id(r.group_id).one(db).await?;
    let sees_group = group.is_some_and(|g| crate::groups::visible(viewer, &g));
    let may_act = steps.iter().any(|s| holds_step(viewer, s, &r));
    if sees_group || may_act { Ok((r, steps)) } else { Err(AppError::not_found()) }
}

/// Approves (`approve`) or rejects the step waiting on the viewer, with a comment (required
/// to reject). Approving the last step approves the request and a rejection ends the chain;
/// either way the request's subject (see [`super::subject`]) moves in the same transaction.
pub async fn decide_step(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    approve: bool,
    comment: Option<&str>,
    expected_version: Option<i32>,
) -> AppResult<Model> {
    let comment = crate::fields::comment("comment", comment, 2000, !approve)?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, steps) = visible(&txn, viewer, id).await?;
    // A decision made on what the approver saw: a second click after the request moved on is
    // a conflict, not a verdict on whatever step waits by then.
    if expected_version.is_some_and(|v| v != before.version) {
        return Err(AppError::stale_version());
    }
    let verdict = if approve { "approve" } else { "reject" };
    let status = before.status;
    REQUEST_MACHINE.check(status, verdict)?;
    let step = steps
        .iter()
        .find(|s| STEP_MACHINE.allows(s.status, verdict))
        .ok_or_else(|| AppError::internal("pending request without an open step"))?;
    may_decide(viewer, &before, step)?;
    // Each step is acted on once: only the update that finds it still pending wins.
    let done = move_steps(id, verdict)
        .col_expr(approval_step::Column::ActorId, Expr::value(viewer.user_id))
        .col_expr(approval_step::Column::Comment, Expr::value(comment.clone()))
        .col_expr(approval_step::Column::ActedAt, Expr::value(now))
        .filter(approval_step::Column::Id.eq(step.id))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::stale_version());
    }
    // Every decision moves the request on: its version says so.
    let bumped = Entity::update_many()
        .col_expr(Column::Version, sea_orm::sea_query::ExprTrait::add(Expr::col(Column::Version), 1))
        .filter(Column::Id.eq(id))
        .filter(Column::Version.eq(before.version))
        .exec(&txn)
        .await?;
    if bumped.rows_affected != 1 {
        return Err(AppError::stale_version());
    }
    let next = steps.iter().find(|s| s.position == step.position + 1);
    let mut evs = Vec::new();
    let mut changes = Vec::new();
    let decided = match (approve, next) {
        (true, Some(next)) => {
            move_steps(id, "open").filter(approval_step::Column::Id.eq(next.id)).exec(&txn).await?;
            evs.push(waiting_event(&txn, &before, next.role, next.unit_id, "approval.approve_step").await?);
            None
        }
        (true, None) => Some(REQUEST_MACHINE.next(status, verdict)?),
        (false, _) => {
            move_steps(id, "cancel").exec(&txn).await?;
            Some(REQUEST_MACHINE.next(status, verdict)?)
        }
    };
    if let Some(outcome) = decided {
        Entity::update_many()
            .col_expr(Column::Status, Expr::value(outcome.as_str()))
            .col_expr(Column::DecidedAt, Expr::value(now))
            .filter(Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    if let Some(outcome) = decided {
        let subject = state.approval_subjects.of(after.kind)?;
        let moved = subject
            .decided(
                &txn,
                Verdict {
                    request: &after,
                    approved: outcome == RequestStatus::Approved,
                    decided_by: viewer.user_id,
                    comment: comment.as_deref(),
                    now,
                },
            )
            .await?;
        changes.extend(moved.changes);
        evs.extend(moved.events);
    }
    let action = if approve { "approval.approve_step" } else { "approval.reject_step" };
    evs.push(Event::changed("ApprovalRequest", id, action, after.status.as_str(), vec![after.requester_id]));
    changes.insert(
        0,
        Change {
            action,
            entity_type: "ApprovalRequest",
            entity_id: Some(id),
            before: Some(with(audit::snapshot(&before), json!({ "step": step.position, "role": step.role }))),
            after: Some(with(audit::snapshot(&after), json!({ "step": step.position, "comment": comment }))),
        },
    );
    events::commit(state, txn, now, actor, changes, evs).await?;
    Ok(after)
}

/// A request's snapshot with the step acted on.
fn with(mut snapshot: serde_json::Value, step: serde_json::Value) -> serde_json::Value {
    if let (Some(row), serde_json::Value::Object(extra)) = (snapshot.as_object_mut(), step) {
        row.extend(extra);
    }
    snapshot
}

/// Replaces the approval matrix with a new numbered one (admins); requests keep the number
/// of the matrix they were raised under.
pub async fn update_matrix(
    state: &AppState,
    actor: &Actor,
    expected_number: i32,
    rules: Vec<StoredRule>,
) -> AppResult<entity::approval_matrix::Model> {
    let checked = check_rules(rules).map_err(AppError::Invalid)?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let current = Matrix::current(&txn).await?;
    if current.number != expected_number {
        return Err(AppError::stale_version());
    }
    let stored: Vec<StoredRule> = checked.iter().map(|r| r.stored()).collect();
    let row = entity::approval_matrix::ActiveModel {
        number: Set(current.number + 1),
        rules: Set(serde_json::to_value(&stored).map_err(AppError::internal)?),
        created_by: Set(actor.user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| if AppError::is_unique_violation(&e) { AppError::stale_version() } else { e.into() })?;
    let before: Vec<StoredRule> = current.rules.iter().map(|r| r.stored()).collect();
    events::commit(
        state,
        txn,
        now,
        actor,
        vec![Change {
            action: "approval_matrix.update",
            entity_type: "ApprovalMatrix",
            entity_id: Some(row.id),
            before: Some(json!({ "number": current.number, "rules": before })),
            after: Some(json!({ "number": row.number, "rules": row.rules })),
        }],
        vec![],
    )
    .await?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role, branch: i64, department: i64) -> Viewer {
        Viewer { user_id: 9, role, org_unit_id: department, branch_id: Some(branch), department_id: Some(department) }
    }

    fn request(branch: i64, department: i64) -> Model {
        Model {
            id: 1,
            kind: RequestKind::ContractReview,
            proposal_id: None,
            proposal_version_id: None,
            group_id: 1,
            requester_id: 2,
            branch_id: branch,
            department_id: department,
            status: RequestStatus::Pending,
            matrix_number: 1,
            industry_type: None,
            industry_name: None,
            discounted_services: json!([]),
            customer_background: None,
            competitive_situation: None,
            justification: None,
            line_discounts: json!([]),
            monthly_discount: Decimal::ZERO,
            max_line_rate: Decimal::ZERO,
            carried_from_id: None,
            job_id: None,
            contract_id: Some(1),
            requested_number: None,
            number_grade: None,
            number_prestore: None,
            number_monthly_minimum: None,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            decided_at: None,
            adjustment_id: None,
            prestore_waiver: None,
            version: 1,
        }
    }

    fn step(role: Role, unit_id: Option<i64>) -> approval_step::Model {
        approval_step::Model {
            id: 1,
            request_id: 1,
            position: 1,
            role,
            status: StepStatus::Pending,
            branch_id: 10,
            requester_id: 2,
            actor_id: None,
            comment: None,
            acted_at: None,
            unit_id,
        }
    }

    #[test]
    fn a_department_heads_step_is_for_the_head_of_that_department() {
        use Role::{AccountManager, BranchManager, DepartmentHead, GeneralManager};
        let r = request(10, 100);
        assert!(holds_step(&viewer(DepartmentHead, 10, 100), &step(DepartmentHead, Some(100)), &r));
        assert!(
            !holds_step(&viewer(DepartmentHead, 10, 101), &step(DepartmentHead, Some(100)), &r),
            "another department"
        );
        assert!(holds_step(&viewer(BranchManager, 10, 10), &step(BranchManager, None), &r));
        assert!(!holds_step(&viewer(BranchManager, 11, 11), &step(BranchManager, None), &r), "another branch");
        assert!(holds_step(&viewer(GeneralManager, 1, 1), &step(GeneralManager, None), &r));
        assert!(!holds_step(&viewer(AccountManager, 10, 100), &step(DepartmentHead, Some(100)), &r), "not the role");
    }

    #[test]
    fn a_functional_departments_step_is_for_its_head_not_the_requesters() {
        use Role::DepartmentHead;
        let r = request(10, 100);
        let it_centre = step(DepartmentHead, Some(300));
        assert!(holds_step(&viewer(DepartmentHead, 10, 300), &it_centre, &r));
        assert!(!holds_step(&viewer(DepartmentHead, 10, 100), &it_centre, &r), "the requester's own head");
    }
}
