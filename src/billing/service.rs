//! Asking for, approving and carrying out billing adjustments.
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, sea_query::Expr,
};

use super::{
    AdjustmentAction, AdjustmentCause, AdjustmentStatus, COUNTED, MACHINE, OrgFunction, Tiers, cause_functions,
    evidence,
};
use crate::{
    approvals::{self, Approver, Outcome, RequestKind, Verdict},
    audit::{self, Actor, Change},
    auth::{Role, Viewer},
    error::{AppError, AppResult, UserError, UserErrorCode},
    events::{self, Event, holders_of},
    fields::{Check, Month},
    groups::{service::writable_group, visible_group_ids},
    machine::Offers,
    state::AppState,
};
use entity::{
    approval_step,
    billing_adjustment::{ActiveModel, Column, Entity, Model},
    billing_evidence, customer_group, member, org_unit,
};

/// What the manager asks for. Field by field as documented on the API's
/// `RequestBillingAdjustmentInput`; checked here.
#[derive(Clone, Debug)]
pub struct NewAdjustment {
    pub group_id: i64,
    pub member_id: Option<i64>,
    pub account_no: Option<String>,
    pub month: String,
    pub amount: Decimal,
    pub cause: AdjustmentCause,
    pub cause_text: String,
    pub rectification: String,
}

/// The largest adjustment taken (its size), CNY.
const MAX_AMOUNT: i64 = 1_000_000;
/// How far back a bill may be corrected, in months.
const MONTHS_BACK: i32 = 24;

fn change<'a>(action: &'a str, before: Option<&Model>, after: &Model) -> Change<'a> {
    Change {
        action,
        entity_type: "BillingAdjustment",
        entity_id: Some(after.id),
        before: before.map(audit::snapshot),
        after: Some(audit::snapshot(after)),
    }
}

/// An account number (账户 / line number): 1–32 letters, digits or dashes.
fn account_no(c: &mut Check, raw: &str) -> Option<String> {
    let v = raw.trim();
    let ok = !v.is_empty() && v.len() <= 32 && v.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-');
    if !ok {
        c.push(UserError::new(
            "accountNo",
            UserErrorCode::Invalid,
            "账户号须为 1–32 位字母、数字或连字符",
            "The account number is 1–32 letters, digits or dashes",
        ));
        return None;
    }
    Some(v.to_string())
}

/// The amount: not zero, at most two decimals, at most ¥1,000,000 either way.
fn amount(c: &mut Check, raw: Decimal) -> Option<Decimal> {
    let size = c.take(crate::fields::money("amount", raw.abs()))?;
    if size.is_zero() || size > Decimal::from(MAX_AMOUNT) {
        c.push(UserError::new(
            "amount",
            UserErrorCode::Invalid,
            format!("金额须非零且不超过 {MAX_AMOUNT} 元（退费为正，补收为负）"),
            format!("The amount must be non-zero and at most {MAX_AMOUNT} (refund positive, back-charge negative)"),
        ));
        return None;
    }
    Some(if raw.is_sign_negative() { -size } else { size })
}

/// The bill's month: a month that has begun, at most [`MONTHS_BACK`] months back.
fn bill_month(c: &mut Check, raw: &str, now: DateTime<Utc>) -> Option<Month> {
    let m = c.take(Month::parse("month", raw))?;
    let current = Month::of(crate::clock::business_date(now));
    if m > current || m < current.plus(-MONTHS_BACK) {
        c.push(UserError::new(
            "month",
            UserErrorCode::Invalid,
            format!("账期须为本月或之前 {MONTHS_BACK} 个月内"),
            format!("The bill month must be this month or within the {MONTHS_BACK} before it"),
        ));
        return None;
    }
    Some(m)
}

/// The account's adjustments counted for `month` (rule 15), by size.
async fn accumulated_before<C: ConnectionTrait>(
    db: &C,
    group_id: i64,
    account: &str,
    month: &str,
) -> AppResult<Decimal> {
    let amounts: Vec<Decimal> = Entity::find()
        .select_only()
        .column(Column::Amount)
        .filter(Column::GroupId.eq(group_id))
        .filter(Column::AccountNo.eq(account))
        .filter(Column::Month.eq(month))
        .filter(Column::Status.is_in(COUNTED))
        .into_tuple()
        .all(db)
        .await?;
    Ok(amounts.into_iter().map(|a| a.abs()).sum())
}

/// The department doing `function` for a branch: the branch's own, else one serving the company.
async fn unit_for<C: ConnectionTrait>(db: &C, function: OrgFunction, branch_id: i64) -> AppResult<org_unit::Model> {
    let units = org_unit::Entity::find()
        .filter(org_unit::Column::Function.eq(function))
        .filter(org_unit::Column::Active.eq(true))
        .order_by_asc(org_unit::Column::Id)
        .all(db)
        .await?;
    let own = units.iter().find(|u| u.branch_id == Some(branch_id)).or(units.first());
    own.cloned().ok_or_else(|| {
        UserError::new(
            "cause",
            UserErrorCode::PreconditionFailed,
            format!("尚未设置{}，无法审批此类补退费：请联系系统管理员", function.label_zh()),
            format!("No {} department is set up to approve this cause: ask an administrator", function.label_en()),
        )
        .into()
    })
}

/// The chain an adjustment would take now: the account's month so far plus this amount, and
/// the approvers (with the departments the cause adds).
pub struct Plan {
    pub accumulated: Decimal,
    pub chain: Vec<Approver>,
    pub units: Vec<org_unit::Model>,
}

async fn plan<C: ConnectionTrait>(
    db: &C,
    group: &customer_group::Model,
    account: &str,
    month: &str,
    amount: Decimal,
    cause: AdjustmentCause,
) -> AppResult<Plan> {
    let accumulated = accumulated_before(db, group.id, account, month).await? + amount.abs();
    let mut units = Vec::new();
    for f in cause_functions(cause) {
        units.push(unit_for(db, *f, group.branch_id).await?);
    }
    let tiers = Tiers::load(db).await?;
    let ids: Vec<i64> = units.iter().map(|u| u.id).collect();
    Ok(Plan { accumulated, chain: super::chain(&tiers, accumulated, &ids), units })
}

/// The member named, in the group; the account defaults to its number.
async fn account_of<C: ConnectionTrait>(
    db: &C,
    group: &customer_group::Model,
    member_id: Option<i64>,
    account: Option<String>,
) -> AppResult<(Option<member::Model>, String)> {
    let m = match member_id {
        Some(id) => Some(
            member::Entity::find_by_id(id)
                .one(db)
                .await?
                .filter(|m| m.group_id == group.id && m.archived_at.is_none())
                .ok_or_else(|| {
                    UserError::new(
                        "memberId",
                        UserErrorCode::NotFound,
                        "该集团没有此成员",
                        "No such member in the group",
                    )
                })?,
        ),
        None => None,
    };
    let account = match (account, &m) {
        (Some(a), _) => a,
        (None, Some(m)) => m.phone.clone(),
        (None, None) => {
            return Err(UserError::new(
                "accountNo",
                UserErrorCode::Required,
                "请填写账户号或选择成员",
                "Give the account number or choose a member",
            )
            .into());
        }
    };
    Ok((m, account))
}

/// The chain a request with these figures would take (the form's preview), on a group the
/// viewer keeps.
pub async fn preview(state: &AppState, viewer: &Viewer, input: &NewAdjustment) -> AppResult<Plan> {
    let mut c = Check::new();
    let acc = input.account_no.as_deref().filter(|a| !a.trim().is_empty()).and_then(|a| account_no(&mut c, a));
    let amt = amount(&mut c, input.amount);
    let month = bill_month(&mut c, &input.month, state.now());
    c.finish(|| ())?;
    let (Some(amt), Some(month)) = (amt, month) else { return Err(AppError::internal("checked")) };
    let group = writable_group(&state.db, viewer, input.group_id).await?;
    let (_, account) = account_of(&state.db, &group, input.member_id, acc).await?;
    plan(&state.db, &group, &account, &month.to_string(), amt, input.cause).await
}

/// Asks for an adjustment on an account of a group the viewer keeps, with its evidence: the
/// request goes to the first approver of its chain.
pub async fn request(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    input: NewAdjustment,
    files: Vec<evidence::Upload>,
) -> AppResult<Model> {
    let now = state.now();
    let mut c = Check::new();
    let acc = input.account_no.as_deref().filter(|a| !a.trim().is_empty()).and_then(|a| account_no(&mut c, a));
    let amt = amount(&mut c, input.amount);
    let month = bill_month(&mut c, &input.month, now);
    let cause_text = c.text("causeText", &input.cause_text, 2000);
    let rectification = c.text("rectification", &input.rectification, 2000);
    let files = match evidence::check(files) {
        Ok(f) => f,
        Err(errors) => {
            errors.into_iter().for_each(|e| c.push(e));
            Vec::new()
        }
    };
    c.finish(|| ())?;
    let (Some(amt), Some(month)) = (amt, month) else { return Err(AppError::internal("checked")) };
    let month = month.to_string();
    let txn = crate::db::write(&state.db).await?;
    let group = writable_group(&txn, viewer, input.group_id).await?;
    let (m, account) = account_of(&txn, &group, input.member_id, acc).await?;
    let plan = plan(&txn, &group, &account, &month, amt, input.cause).await?;
    let stamp = crate::clock::business_date(now).format("%Y%m").to_string();
    let n = crate::sequence::next(&txn, &format!("adjustment:{stamp}")).await?;
    let row = ActiveModel {
        code: Set(format!("BT{stamp}{n:04}")),
        group_id: Set(group.id),
        member_id: Set(m.map(|m| m.id)),
        account_no: Set(account),
        month: Set(month),
        amount: Set(amt),
        accumulated: Set(plan.accumulated),
        cause: Set(input.cause),
        cause_text: Set(cause_text.clone()),
        rectification: Set(rectification),
        status: Set(AdjustmentStatus::Pending),
        requester_id: Set(viewer.user_id),
        branch_id: Set(group.branch_id),
        department_id: Set(group.department_id),
        created_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for f in files {
        billing_evidence::ActiveModel {
            adjustment_id: Set(row.id),
            file_name: Set(f.file_name),
            content_type: Set(f.content_type.to_string()),
            size: Set(f.bytes.len() as i64),
            sha256: Set(f.sha256),
            content: Set(f.bytes),
            uploaded_by: Set(viewer.user_id),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let request = entity::approval_request::ActiveModel {
        adjustment_id: Set(Some(row.id)),
        justification: Set(Some(cause_text)),
        ..approvals::service::plain_request(&txn, RequestKind::BillingAdjustment, viewer, &group, now).await?
    }
    .insert(&txn)
    .await?;
    let waiting = approvals::service::open_chain(&txn, &request, &plan.chain).await?;
    let mut linked: ActiveModel = row.into();
    linked.request_id = Set(Some(request.id));
    let row = linked.update(&txn).await?;
    events::commit(state, txn, now, actor, vec![change("billing_adjustment.request", None, &row)], vec![waiting])
        .await?;
    Ok(row)
}

/// The function of the viewer's department, for the roles to whom it matters (heads of the
/// departments rule 15 names, billing's staff).
pub async fn viewer_function<C: ConnectionTrait>(db: &C, viewer: &Viewer) -> AppResult<Option<OrgFunction>> {
    if !matches!(viewer.role, Role::DepartmentHead | Role::Billing) {
        return Ok(None);
    }
    let Some(dept) = viewer.department_id else { return Ok(None) };
    Ok(org_unit::Entity::find_by_id(dept).one(db).await?.and_then(|u| u.function))
}

/// The adjustments `viewer` sees: those on the groups they see and those they asked for; the
/// ones waiting on or decided by their department's head (rule 15's departments); for billing's
/// staff and its head, all of their branch.
pub fn visible_condition(viewer: &Viewer, function: Option<OrgFunction>) -> Condition {
    let mut any = Condition::any()
        .add(Column::GroupId.in_subquery(visible_group_ids(viewer)))
        .add(Column::RequesterId.eq(viewer.user_id));
    if viewer.role == Role::DepartmentHead {
        let steps = approval_step::Entity::find()
            .select_only()
            .column(approval_step::Column::RequestId)
            .filter(approval_step::Column::UnitId.eq(viewer.department_id.unwrap_or(-1)));
        any = any.add(Column::RequestId.in_subquery(sea_orm::QueryTrait::into_query(steps)));
    }
    if function == Some(OrgFunction::Billing) {
        any = any.add(Column::BranchId.eq(viewer.branch_id.unwrap_or(-1)));
    }
    any
}

/// One adjustment, if `viewer` sees it.
pub async fn find_visible<C: ConnectionTrait>(db: &C, viewer: &Viewer, id: i64) -> AppResult<Model> {
    let function = viewer_function(db, viewer).await?;
    Entity::find_by_id(id).filter(visible_condition(viewer, function)).one(db).await?.ok_or_else(AppError::not_found)
}

fn refused(zh: &'static str, en: &'static str) -> UserError {
    UserError::new("id", UserErrorCode::NotPermitted, zh, en)
}

/// Who may take a stage's action: the requester withdraws; billing's clerks of the branch
/// execute and check (not their own execution); its head audits (neither stage their own).
fn may(viewer: &Viewer, function: Option<OrgFunction>, a: &Model, action: &str) -> Result<(), UserError> {
    let billing = function == Some(OrgFunction::Billing) && viewer.branch_id == Some(a.branch_id);
    let me = Some(viewer.user_id);
    match action {
        "withdraw" if a.requester_id != viewer.user_id => {
            Err(refused("只有申请人可以撤回", "Only the requester may withdraw"))
        }
        "execute" | "check" if !(billing && viewer.role == Role::Billing) => {
            Err(refused("只有本分公司计费账务员可以操作", "Only the branch's billing clerks may do this"))
        }
        "check" if a.executed_by == me => {
            Err(refused("不能审核本人操作的补退费", "You cannot check your own execution"))
        }
        "audit" if !(billing && viewer.role == Role::DepartmentHead) => {
            Err(refused("只有计费账务中心负责人可以稽核", "Only the billing centre's head may audit"))
        }
        "audit" if a.executed_by == me || a.checked_by == me => {
            Err(refused("稽核须由未参与操作和审核的人进行", "The auditor must not have executed or checked it"))
        }
        _ => Ok(()),
    }
}

/// What `viewer` may do with an adjustment now.
pub fn offers(viewer: &Viewer, function: Option<OrgFunction>, a: &Model) -> Offers<AdjustmentAction> {
    use AdjustmentAction as A;
    let mut o = Offers::new();
    for (edge, action) in [
        ("withdraw", A::WithdrawBillingAdjustment),
        ("execute", A::ExecuteBillingAdjustment),
        ("check", A::CheckBillingAdjustment),
        ("audit", A::AuditBillingAdjustment),
    ] {
        o.offer_if(MACHINE.allows(a.status, edge) && may(viewer, function, a, edge).is_ok(), action, || Ok(()));
    }
    o
}

/// A stage: its action, and what it records.
pub enum Stage {
    Withdraw { reason: Option<String> },
    Execute { reference: String, note: Option<String> },
    Check { note: Option<String> },
    Audit { note: Option<String> },
}

/// A billing system reference: 1–64 letters, digits, dashes, slashes or underscores.
fn reference(raw: &str) -> Result<String, AppError> {
    let v = raw.trim();
    let ok = !v.is_empty()
        && v.chars().count() <= 64
        && v.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '/'));
    if ok {
        return Ok(v.to_string());
    }
    Err(UserError::new(
        "reference",
        UserErrorCode::Invalid,
        "请填写计费系统的操作流水号（1–64 位字母、数字、-、_ 或 /）",
        "Give the billing system's reference (1–64 letters, digits, -, _ or /)",
    )
    .into())
}

/// Moves an adjustment through a stage after approval (or withdraws it), in one transaction with
/// its audit row.
pub async fn stage(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    stage: Stage,
) -> AppResult<Model> {
    let now = state.now();
    let (edge, note) = match &stage {
        Stage::Withdraw { reason } => ("withdraw", reason),
        Stage::Execute { note, .. } => ("execute", note),
        Stage::Check { note } => ("check", note),
        Stage::Audit { note } => ("audit", note),
    };
    let note = crate::fields::comment("note", note.as_deref(), 1000, false)?;
    let reference = match &stage {
        Stage::Execute { reference: r, .. } => Some(reference(r)?),
        _ => None,
    };
    let txn = crate::db::write(&state.db).await?;
    let before = find_visible(&txn, viewer, id).await?;
    if before.version != expected_version {
        return Err(AppError::stale_version());
    }
    let to = MACHINE.next(before.status, edge)?;
    let function = viewer_function(&txn, viewer).await?;
    may(viewer, function, &before, edge)?;
    let mut cols = vec![(Column::Status, Expr::value(to.as_str())), (Column::StageNote, Expr::value(note))];
    match stage {
        Stage::Withdraw { .. } => {
            if let Some(r) = before.request_id {
                approvals::service::cancel_requests(&txn, &[r], now).await?;
            }
        }
        Stage::Execute { .. } => {
            cols.push((Column::BillingReference, Expr::value(reference)));
            cols.push((Column::ExecutedBy, Expr::value(viewer.user_id)));
            cols.push((Column::ExecutedAt, Expr::value(now)));
        }
        Stage::Check { .. } => {
            cols.push((Column::CheckedBy, Expr::value(viewer.user_id)));
            cols.push((Column::CheckedAt, Expr::value(now)));
        }
        Stage::Audit { .. } => {
            cols.push((Column::AuditedBy, Expr::value(viewer.user_id)));
            cols.push((Column::AuditedAt, Expr::value(now)));
        }
    }
    crate::db::versioned_set::<Entity, _>(&txn, Column::Id, Column::Version, id, expected_version, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let action = match edge {
        "withdraw" => "billing_adjustment.withdraw",
        "execute" => "billing_adjustment.execute",
        "check" => "billing_adjustment.check",
        _ => "billing_adjustment.audit",
    };
    let to = next_hands(&txn, &after).await?;
    let ev = Event::changed("BillingAdjustment", id, action, after.status.as_str(), to);
    events::commit(state, txn, now, actor, vec![change(action, Some(&before), &after)], vec![ev]).await?;
    Ok(after)
}

/// Who hears of a move: the requester, and whoever acts next (billing's clerks, then its head).
async fn next_hands<C: ConnectionTrait>(db: &C, a: &Model) -> AppResult<Vec<i64>> {
    let mut to = vec![a.requester_id];
    let billing = || async {
        let unit = org_unit::Entity::find()
            .filter(org_unit::Column::Function.eq(OrgFunction::Billing))
            .filter(org_unit::Column::BranchId.eq(a.branch_id))
            .one(db)
            .await?;
        AppResult::Ok(unit)
    };
    match a.status {
        AdjustmentStatus::Approved | AdjustmentStatus::Executed => {
            to.extend(holders_of(db, Role::Billing, a.branch_id, -1).await?);
        }
        AdjustmentStatus::Checked => {
            if let Some(u) = billing().await? {
                to.extend(holders_of(db, Role::DepartmentHead, a.branch_id, u.id).await?);
            }
        }
        _ => {}
    }
    Ok(to)
}

/// An adjustment's approval (补退费审批): the verdict approves it for billing or refuses it.
pub struct AdjustmentApproval;

impl approvals::Subject for AdjustmentApproval {
    fn kinds(&self) -> &'static [RequestKind] {
        &[RequestKind::BillingAdjustment]
    }

    fn decided<'a>(&'a self, txn: &'a DatabaseTransaction, verdict: Verdict<'a>) -> BoxFuture<'a, AppResult<Outcome>> {
        Box::pin(async move {
            let id = verdict
                .request
                .adjustment_id
                .ok_or_else(|| AppError::internal("adjustment request without adjustment"))?;
            let before = Entity::find_by_id(id).one(txn).await?.ok_or_else(AppError::not_found)?;
            let to = MACHINE.next(before.status, if verdict.approved { "approve" } else { "reject" })?;
            let cols = [
                (Column::Status, Expr::value(to.as_str())),
                (Column::StageNote, Expr::value(verdict.comment.map(str::to_string))),
            ];
            crate::db::versioned_set::<Entity, _>(txn, Column::Id, Column::Version, id, before.version, cols).await?;
            let after = Entity::find_by_id(id).one(txn).await?.ok_or_else(AppError::not_found)?;
            let action = if verdict.approved { "billing_adjustment.approve" } else { "billing_adjustment.reject" };
            let to = next_hands(txn, &after).await?;
            Ok(Outcome {
                changes: vec![change(action, Some(&before), &after)],
                events: vec![Event::changed("BillingAdjustment", id, action, after.status.as_str(), to)],
            })
        })
    }
}

/// The month's adjustments that went through (approved and on), for the analysis (分析).
pub async fn of_month<C: ConnectionTrait>(db: &C, viewer: &Viewer, month: Month) -> AppResult<Vec<Model>> {
    let function = viewer_function(db, viewer).await?;
    Ok(Entity::find()
        .filter(visible_condition(viewer, function))
        .filter(Column::Month.eq(month.to_string()))
        .filter(Column::Status.is_in([
            AdjustmentStatus::Approved,
            AdjustmentStatus::Executed,
            AdjustmentStatus::Checked,
            AdjustmentStatus::Audited,
        ]))
        .order_by_asc(Column::Id)
        .all(db)
        .await?)
}

/// Totals of some adjustments: how many, refunded, back-charged.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub count: i64,
    pub refunded: Decimal,
    pub back_charged: Decimal,
}

impl Tally {
    pub fn add(&mut self, amount: Decimal) {
        self.count += 1;
        if amount.is_sign_negative() {
            self.back_charged += -amount;
        } else {
            self.refunded += amount;
        }
    }
}

/// The size bands of the analysis, by rule 15's tiers: (lower bound, tally).
pub fn by_band(tiers: &Tiers, rows: &[Model]) -> Vec<(Decimal, Tally)> {
    let mut bands = vec![
        (Decimal::ZERO, Tally::default()),
        (tiers.branch_from, Tally::default()),
        (tiers.general_from, Tally::default()),
    ];
    for r in rows {
        let i = bands.iter().rposition(|(from, _)| r.amount.abs() >= *from).unwrap_or(0);
        bands[i].1.add(r.amount);
    }
    bands
}

/// Rows grouped by a key, most first (ties in first-seen order).
pub fn grouped<K: PartialEq + Copy>(rows: &[Model], key: impl Fn(&Model) -> K) -> Vec<(K, Tally)> {
    let mut out: Vec<(K, Tally)> = Vec::new();
    for r in rows {
        let k = key(r);
        match out.iter_mut().find(|(x, _)| *x == k) {
            Some((_, t)) => t.add(r.amount),
            None => {
                let mut t = Tally::default();
                t.add(r.amount);
                out.push((k, t));
            }
        }
    }
    out.sort_by(|a, b| b.1.count.cmp(&a.1.count));
    out
}
