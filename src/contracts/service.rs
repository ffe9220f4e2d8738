//! Making contracts from accepted proposals and moving them to `ACTIVE` through their gates.
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::{Expr, SimpleExpr},
};
use serde_json::{Value as Json, json};

use futures_util::future::BoxFuture;
use sea_orm::DatabaseTransaction;

use super::{ContractAction, ContractStatus, DocumentKind, DocumentStatus, MACHINE};
use crate::{
    approvals,
    audit::{self, Actor, Change},
    auth::Viewer,
    catalog::Category,
    clock::business_date,
    db::{Versioned, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    events::{self, Event},
    fields::{Check, money},
    groups::service::writable_group,
    machine::Offers,
    proposals::{ProposalStatus, service::current_version},
    reactions::Happened,
    settings,
    state::AppState,
    tasks::{self, NewTask, TaskKind},
};
use entity::{
    contract::{ActiveModel, Column, Entity, Model},
    contract_document, contract_line, customer_group, proposal, proposal_line,
};

fn change(action: &str, id: i64, before: Option<Json>, after: Option<Json>) -> Change<'_> {
    Change { action, entity_type: "Contract", entity_id: Some(id), before, after }
}

fn recipients(c: &Model, group: &customer_group::Model) -> Vec<i64> {
    vec![c.owner_id, group.owner_id]
}

/// Makes the contract of an accepted proposal: its current version's lines, prices and
/// totals are copied and frozen, and the document checklist is laid out.
pub async fn create_from_proposal(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    proposal_id: i64,
    title: Option<&str>,
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let p = proposal::Entity::find_by_id(proposal_id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let group = writable_group(&txn, viewer, p.group_id).await?;
    let status = p.status;
    if status != ProposalStatus::Accepted {
        return Err(UserError::new(
            "proposalId",
            UserErrorCode::InvalidTransition,
            format!("方案当前状态为“{}”，只有客户已接受的方案才能生成合同", status.label_zh()),
            format!("Only an accepted proposal makes a contract; this one is {}", status.as_str()),
        )
        .into());
    }
    if Entity::find().filter(Column::ProposalId.eq(proposal_id)).one(&txn).await?.is_some() {
        return Err(UserError::new(
            "proposalId",
            UserErrorCode::Duplicate,
            "该方案已生成合同",
            "This proposal already has a contract",
        )
        .into());
    }
    let version = current_version(&txn, &p).await?;
    let lines = proposal_line::Entity::find()
        .filter(proposal_line::Column::VersionId.eq(version.id))
        .order_by_asc(proposal_line::Column::Position)
        .all(&txn)
        .await?;
    let mut c = Check::new();
    let title = c.opt_text("title", title, 200).unwrap_or_else(|| version.title.clone());
    c.finish(|| ())?;
    let term_months = lines.iter().map(|l| l.term_months).max().unwrap_or(0).max(1);
    let row = ActiveModel {
        proposal_id: Set(p.id),
        proposal_version_id: Set(version.id),
        group_id: Set(group.id),
        owner_id: Set(p.owner_id),
        branch_id: Set(group.branch_id),
        status: Set(ContractStatus::Draft),
        title: Set(title),
        term_months: Set(term_months),
        monthly_total: Set(version.monthly_total),
        one_off_total: Set(version.one_off_total),
        value: Set(version.term_total),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        if AppError::is_unique_violation(&e) {
            UserError::new(
                "proposalId",
                UserErrorCode::Duplicate,
                "该方案已生成合同",
                "This proposal already has a contract",
            )
            .into()
        } else {
            AppError::from(e)
        }
    })?;
    if !lines.is_empty() {
        contract_line::Entity::insert_many(lines.iter().map(|l| contract_line::ActiveModel {
            contract_id: Set(row.id),
            position: Set(l.position),
            product_id: Set(l.product_id),
            quantity: Set(l.quantity),
            term_months: Set(l.term_months),
            unit_price: Set(l.unit_price),
            net_unit_price: Set(l.net_unit_price),
            line_rate: Set(l.line_rate),
            net_total: Set(l.net_total),
            ..Default::default()
        }))
        .exec(&txn)
        .await?;
    }
    let products = entity::product::Entity::find()
        .filter(entity::product::Column::Id.is_in(lines.iter().map(|l| l.product_id)))
        .all(&txn)
        .await?;
    let needs_ip = products.iter().any(|p| p.category == Category::DedicatedLine || p.params.get("ipCount").is_some());
    let discounted = !version.discount_term.is_zero() || !version.max_line_rate.is_zero();
    let approval = entity::approval_request::Entity::find()
        .filter(entity::approval_request::Column::ProposalVersionId.eq(version.id))
        .order_by_desc(entity::approval_request::Column::Id)
        .one(&txn)
        .await?;
    let docs = DocumentKind::ALL.iter().map(|kind| {
        let (status, details) = match kind {
            DocumentKind::SignedCopies => (DocumentStatus::Missing, json!({ "copies": 4, "customerCopies": 2 })),
            DocumentKind::IpApplication if !needs_ip => (DocumentStatus::NotRequired, json!({})),
            DocumentKind::DiscountApproval if !discounted => (DocumentStatus::NotRequired, json!({})),
            // The approval was given in the system: its request is the document.
            DocumentKind::DiscountApproval => {
                (DocumentStatus::Received, json!({ "approvalRequestId": approval.as_ref().map(|a| a.id) }))
            }
            _ => (DocumentStatus::Missing, json!({})),
        };
        contract_document::ActiveModel {
            contract_id: Set(row.id),
            kind: Set(*kind),
            status: Set(status),
            details: Set(details),
            updated_at: Set(now),
            ..Default::default()
        }
    });
    contract_document::Entity::insert_many(docs).exec(&txn).await?;
    crate::reactions::happened(&txn, Happened::DealMoved { proposal_id: p.id }, now).await?;
    let ev = Event::changed("Contract", row.id, "contract.create", row.status.as_str(), recipients(&row, &group));
    events::commit(
        state,
        txn,
        now,
        actor,
        vec![change("contract.create", row.id, None, Some(audit::snapshot(&row)))],
        vec![ev],
    )
    .await?;
    Ok(row)
}

const VERSIONED: Versioned<Column> =
    Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };

/// A contract the viewer may work on, with its group.
async fn writable<C: ConnectionTrait>(db: &C, viewer: &Viewer, id: i64) -> AppResult<(Model, customer_group::Model)> {
    let c = Entity::find_by_id(id).one(db).await?.ok_or_else(AppError::not_found)?;
    let g = writable_group(db, viewer, c.group_id).await?;
    Ok((c, g))
}

/// One change of a contract: checked against the state machine, versioned, audited, with
/// the pipeline stage kept in step and the people concerned told.
struct Step<'a> {
    action: &'a str,
    /// True when the action leaves the state as it is.
    in_place: bool,
}

/// What a step writes besides the state: its columns, and events to send with the change.
struct Built {
    cols: Vec<(Column, SimpleExpr)>,
    events: Vec<Event>,
}

impl From<Vec<(Column, SimpleExpr)>> for Built {
    fn from(cols: Vec<(Column, SimpleExpr)>) -> Self {
        Built { cols, events: Vec::new() }
    }
}

async fn apply(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    step: Step<'_>,
    build: impl AsyncFnOnce(&sea_orm::DatabaseTransaction, &Model, &customer_group::Model) -> AppResult<Built>,
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, group) = writable(&txn, viewer, id).await?;
    if before.version != expected_version {
        return Err(AppError::stale_version());
    }
    let from = before.status;
    let to = if step.in_place {
        MACHINE.check(from, step.action)?;
        None
    } else {
        Some(MACHINE.next(from, step.action)?)
    };
    let Built { mut cols, events: mut evs } = build(&txn, &before, &group).await?;
    if let Some(to) = to {
        cols.push((Column::Status, Expr::value(to.as_str())));
    }
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    crate::reactions::happened(&txn, Happened::DealMoved { proposal_id: after.proposal_id }, now).await?;
    let action = format!("contract.{}", step.action);
    evs.push(Event::changed("Contract", id, &action, after.status.as_str(), recipients(&after, &group)));
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

/// Rule 5: a signed contract becomes active with the payment recorded and every required
/// document in hand; otherwise the refusal lists what is missing, in checklist order.
pub fn activation_ready(c: &Model, docs: &[contract_document::Model]) -> Result<(), UserError> {
    let missing = missing_documents(c, docs);
    if missing.is_empty() {
        return Ok(());
    }
    let zh: Vec<&str> = missing.iter().map(|k| k.label_zh()).collect();
    let en: Vec<&str> = missing.iter().map(|k| k.label_en()).collect();
    Err(UserError::new(
        "id",
        UserErrorCode::PreconditionFailed,
        format!("缺少：{}", zh.join("、")),
        format!("Missing: {}", en.join(", ")),
    ))
}

/// What a contract still lacks before it can be activated, in checklist order, each once: the
/// documents of its checklist (`docs`, any contract's) still missing, and the payment voucher
/// while no payment is recorded.
pub fn missing_documents(c: &Model, docs: &[contract_document::Model]) -> Vec<DocumentKind> {
    let mut missing: Vec<DocumentKind> =
        docs.iter().filter(|d| d.contract_id == c.id && d.status == DocumentStatus::Missing).map(|d| d.kind).collect();
    if c.paid_amount.is_none() {
        missing.push(DocumentKind::PaymentVoucher);
    }
    let order =
        |k: &DocumentKind| <DocumentKind as crate::fields::Described>::VALUES.iter().position(|f| f.value == *k);
    missing.sort_by_key(order);
    missing.dedup();
    missing
}

/// What [`offers`] weighs besides the viewer: the contract and what its actions check.
pub struct ContractFacts<'a> {
    pub contract: &'a Model,
    pub group: &'a customer_group::Model,
    /// Its pending review request with the steps, while under review.
    pub review: Option<(&'a entity::approval_request::Model, &'a [entity::approval_step::Model])>,
    /// Its document checklist.
    pub documents: &'a [contract_document::Model],
}

/// What `viewer` may do with a contract now: the checks of the mutations themselves — the
/// state machine, the group's writability, the review step, the activation checklist.
pub fn offers(viewer: &Viewer, f: &ContractFacts) -> Offers<ContractAction> {
    use ContractAction as A;
    let c = f.contract;
    let writes = crate::groups::may_write(viewer, f.group);
    let can = |edge: &str| writes && MACHINE.allows(c.status, edge);
    let mut o = Offers::new();
    o.offer_if(can("submit_review"), A::SubmitContractForReview, || Ok(()));
    let reviews = f.review.is_some_and(|(r, steps)| approvals::service::decides_now(viewer, r, steps));
    o.offer_if(can("review_approve") && reviews, A::ReviewContract, || Ok(()));
    o.offer_if(can("send"), A::SendContract, || Ok(()));
    o.offer_if(can("sign"), A::SignContract, || Ok(()));
    o.offer_if(can("document"), A::RecordContractDocument, || Ok(()));
    o.offer_if(can("document"), A::RecordIpApplication, || Ok(()));
    o.offer_if(can("pay"), A::RecordPayment, || Ok(()));
    o.offer_if(can("activate"), A::ActivateContract, || activation_ready(c, f.documents));
    o.offer_if(can("terminate"), A::TerminateContract, || Ok(()));
    o.offer_if(writes && c.status == ContractStatus::Active, A::CreateInstallationJob, || Ok(()));
    o
}

/// Hands a draft contract to the department head for review: a `CONTRACT_REVIEW` request
/// waits in their approvals.
pub async fn submit_for_review(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
) -> AppResult<Model> {
    let now = state.now();
    let step = Step { action: "submit_review", in_place: false };
    apply(state, actor, viewer, id, expected_version, step, async |txn, before, group| {
        let (_, waiting) = approvals::service::open_contract_review(txn, viewer, before.id, group, now).await?;
        let cols = vec![
            (Column::ReviewedBy, Expr::value(Option::<i64>::None)),
            (Column::ReviewedAt, Expr::value(Option::<DateTime<Utc>>::None)),
        ];
        Ok(Built { cols, events: vec![waiting] })
    })
    .await
}

/// The department head's review (rule 5), decided as the step of the contract's
/// `CONTRACT_REVIEW` request: approved, the contract is `REVIEWED` and may be sent; rejected
/// (comment required), it goes back to draft. [`ContractReview`] moves it.
pub async fn review(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    approve: bool,
    comment: Option<&str>,
) -> AppResult<Model> {
    let (before, _) = writable(&state.db, viewer, id).await?;
    if before.version != expected_version {
        return Err(AppError::stale_version());
    }
    MACHINE.check(before.status, if approve { "review_approve" } else { "review_reject" })?;
    let request = approvals::service::pending_contract_review(&state.db, id)
        .await?
        .ok_or_else(|| AppError::internal(format!("contract {id} under review without its request")))?;
    approvals::service::decide_step(state, actor, viewer, request.id, approve, comment, Some(request.version)).await?;
    Entity::find_by_id(id).one(&state.db).await?.ok_or_else(AppError::not_found)
}

/// Moves a contract when its review request is decided (the approval engine's subject for
/// `CONTRACT_REVIEW`).
pub struct ContractReview;

impl approvals::Subject for ContractReview {
    fn kinds(&self) -> &'static [approvals::RequestKind] {
        &[approvals::RequestKind::ContractReview]
    }

    fn decided<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        verdict: approvals::Verdict<'a>,
    ) -> BoxFuture<'a, AppResult<approvals::Outcome>> {
        Box::pin(async move {
            let id =
                verdict.request.contract_id.ok_or_else(|| AppError::internal("review request without contract"))?;
            let before = Entity::find_by_id(id).one(txn).await?.ok_or_else(AppError::not_found)?;
            let group = customer_group::Entity::find_by_id(before.group_id)
                .one(txn)
                .await?
                .ok_or_else(|| AppError::internal("contract without its group"))?;
            let action = if verdict.approved { "review_approve" } else { "review_reject" };
            let to = MACHINE.next(before.status, action)?;
            let cols = [
                (Column::Status, Expr::value(to.as_str())),
                (Column::ReviewedBy, Expr::value(verdict.approved.then_some(verdict.decided_by))),
                (Column::ReviewedAt, Expr::value(verdict.approved.then_some(verdict.now))),
                (Column::ReviewComment, Expr::value(verdict.comment.map(str::to_string))),
            ];
            versioned_update::<Entity, _>(txn, VERSIONED, id, before.version, verdict.now, cols).await?;
            let after = Entity::find_by_id(id).one(txn).await?.ok_or_else(AppError::not_found)?;
            crate::reactions::happened(txn, Happened::DealMoved { proposal_id: after.proposal_id }, verdict.now)
                .await?;
            let action = format!("contract.{action}");
            let event = Event::changed("Contract", id, &action, after.status.as_str(), recipients(&after, &group));
            let changes = vec![Change {
                action: if verdict.approved { "contract.review_approve" } else { "contract.review_reject" },
                entity_type: "Contract",
                entity_id: Some(id),
                before: Some(audit::snapshot(&before)),
                after: Some(audit::snapshot(&after)),
            }];
            Ok(approvals::Outcome { changes, events: vec![event] })
        })
    }
}

/// Sends the reviewed contract to the customer (rule 5: only after the head's review).
pub async fn send(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
) -> AppResult<Model> {
    let now = state.now();
    apply(state, actor, viewer, id, expected_version, Step { action: "send", in_place: false }, async |_, _, _| {
        Ok(vec![(Column::SentAt, Expr::value(now))].into())
    })
    .await
}

/// Records the customer's signature and issues the contract number (合同编号): the next of
/// the branch's sequence for the year, e.g. `GZ-2026-000123`, taken in the same transaction
/// so numbers are unique and gap-free even when contracts are signed at once.
pub async fn sign(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    customer_signer: &str,
    term_start: NaiveDate,
) -> AppResult<Model> {
    let signer = crate::fields::required("customerSigner", customer_signer, 100)?;
    let now = state.now();
    apply(
        state,
        actor,
        viewer,
        id,
        expected_version,
        Step { action: "sign", in_place: false },
        async |txn, before, _| {
            let branch = entity::org_unit::Entity::find_by_id(before.branch_id)
                .one(txn)
                .await?
                .ok_or_else(|| AppError::internal("contract without branch"))?;
            let year = business_date(now).year();
            let prefix = branch.code.to_uppercase();
            let n = crate::sequence::next(txn, &format!("contract:{prefix}:{year}")).await?;
            let number = format!("{prefix}-{year}-{n:06}");
            let term_end = term_start
                .checked_add_months(Months::new(before.term_months as u32))
                .map(|d| d - Duration::days(1))
                .ok_or_else(|| {
                    AppError::from(UserError::new(
                        "termStart",
                        UserErrorCode::Invalid,
                        "合同期限超出范围",
                        "The term is out of range",
                    ))
                })?;
            Ok(vec![
                (Column::Number, Expr::value(number)),
                (Column::SignedAt, Expr::value(now)),
                (Column::CustomerSigner, Expr::value(signer)),
                (Column::TermStart, Expr::value(term_start)),
                (Column::TermEnd, Expr::value(term_end)),
            ]
            .into())
        },
    )
    .await
}

async fn set_document<C: ConnectionTrait>(
    db: &C,
    contract_id: i64,
    kind: DocumentKind,
    status: DocumentStatus,
    details: Option<Json>,
    note: Option<String>,
    by: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut q = contract_document::Entity::update_many()
        .col_expr(contract_document::Column::Status, Expr::value(status.as_str()))
        .col_expr(contract_document::Column::Note, Expr::value(note))
        .col_expr(contract_document::Column::UpdatedBy, Expr::value(by))
        .col_expr(contract_document::Column::UpdatedAt, Expr::value(now));
    if let Some(d) = details {
        q = q.col_expr(contract_document::Column::Details, Expr::value(d));
    }
    q.filter(contract_document::Column::ContractId.eq(contract_id))
        .filter(contract_document::Column::Kind.eq(kind))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks a checklist document received (or missing again), with a note. The IP address
/// application and the payment voucher have their own mutations, which carry their fields.
pub async fn record_document(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    kind: DocumentKind,
    received: bool,
    note: Option<&str>,
) -> AppResult<Model> {
    let mut c = Check::new();
    let note = c.opt_text("note", note, 1000);
    if matches!(kind, DocumentKind::IpApplication | DocumentKind::PaymentVoucher | DocumentKind::DiscountApproval) {
        c.push(UserError::new(
            "kind",
            UserErrorCode::Invalid,
            "此资料请通过专门的表单登记",
            "This document is recorded through its own form",
        ));
    }
    c.finish(|| ())?;
    let now = state.now();
    let status = if received { DocumentStatus::Received } else { DocumentStatus::Missing };
    apply(state, actor, viewer, id, expected_version, Step { action: "document", in_place: true }, async |txn, _, _| {
        set_document(txn, id, kind, status, None, note, viewer.user_id, now).await?;
        Ok(vec![].into())
    })
    .await
}

/// The IP address application form (IP地址申请表).
/// Field by field as documented on the API's `IpApplicationInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct IpApplication {
    pub applicant: String,
    pub customer_address: String,
    pub contact: String,
    pub contact_phone: String,
    pub mailing_address: String,
    pub line_rate_mbps: i32,
    pub ip_count: i32,
}

/// Records the IP address application with its fields.
pub async fn record_ip_application(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    form: IpApplication,
) -> AppResult<Model> {
    let mut c = Check::new();
    let applicant = c.text("form.applicant", &form.applicant, 200);
    let address = c.text("form.customerAddress", &form.customer_address, 255);
    let contact = c.text("form.contact", &form.contact, 100);
    let phone = c.phone("form.contactPhone", &form.contact_phone);
    let mailing = c.text("form.mailingAddress", &form.mailing_address, 255);
    if !(1..=100_000).contains(&form.line_rate_mbps) {
        c.push(UserError::new(
            "form.lineRateMbps",
            UserErrorCode::Invalid,
            "线路速率须在 1 到 100000 Mbps 之间",
            "Line rate must be 1 to 100000 Mbps",
        ));
    }
    if !(1..=256).contains(&form.ip_count) {
        c.push(UserError::new(
            "form.ipCount",
            UserErrorCode::Invalid,
            "IP 地址数量须在 1 到 256 之间",
            "IP count must be 1 to 256",
        ));
    }
    let details = c.finish(|| {
        json!({
            "applicant": applicant, "customerAddress": address, "contact": contact,
            "contactPhone": phone.map(|p| p.into_inner()), "mailingAddress": mailing,
            "lineRateMbps": form.line_rate_mbps, "ipCount": form.ip_count,
        })
    })?;
    let now = state.now();
    apply(state, actor, viewer, id, expected_version, Step { action: "document", in_place: true }, async |txn, _, _| {
        set_document(
            txn,
            id,
            DocumentKind::IpApplication,
            DocumentStatus::Received,
            Some(details),
            None,
            viewer.user_id,
            now,
        )
        .await?;
        Ok(vec![].into())
    })
    .await
}

/// Records the customer's payment with its voucher (缴费凭证).
pub async fn record_payment(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    amount: Decimal,
    paid_on: NaiveDate,
    voucher_no: &str,
    short_reason: Option<&str>,
) -> AppResult<Model> {
    let now = state.now();
    let mut c = Check::new();
    let amount = c.take(money("amount", amount));
    let short_reason = c.opt_text("shortPaymentReason", short_reason, 500);
    if amount.is_some_and(|a| a <= Decimal::ZERO) {
        c.push(UserError::new("amount", UserErrorCode::Invalid, "金额须大于零", "The amount must be above zero"));
    }
    let voucher = c.text("voucherNo", voucher_no, 64);
    if paid_on > business_date(now) {
        c.push(UserError::new(
            "paidOn",
            UserErrorCode::Invalid,
            "缴费日期不能晚于今天",
            "The payment cannot be in the future",
        ));
    }
    let amount = c.finish(|| amount.unwrap_or_default())?;
    apply(state, actor, viewer, id, expected_version, Step { action: "pay", in_place: true }, async |txn, before, _| {
        let due = amount_due(before);
        let short_reason = if amount < due { short_reason.clone() } else { None };
        if amount < due && short_reason.is_none() {
            return Err(UserError::new(
                "shortPaymentReason",
                UserErrorCode::Required,
                format!("实收 ¥{amount:.2} 少于首期应收 ¥{due:.2}：请确认并填写少收原因"),
                format!("¥{amount:.2} is less than the ¥{due:.2} due: confirm it and give the reason"),
            )
            .into());
        }
        set_document(
            txn,
            id,
            DocumentKind::PaymentVoucher,
            DocumentStatus::Received,
            Some(json!({ "voucherNo": voucher, "amount": amount, "paidOn": paid_on, "due": due, "shortReason": short_reason })),
            None,
            viewer.user_id,
            now,
        )
        .await?;
        Ok(vec![
            (Column::PaidAmount, Expr::value(amount)),
            (Column::PaidOn, Expr::value(paid_on)),
            (Column::VoucherNo, Expr::value(voucher.clone())),
            (Column::ShortPaymentReason, Expr::value(short_reason)),
        ]
        .into())
    })
    .await
}

/// 首期应收: the first month's recurring charges plus the one-off charges, due before the
/// contract takes effect.
pub fn amount_due(c: &Model) -> Decimal {
    c.monthly_total + c.one_off_total
}

/// Makes a signed contract active (rule 5): only with the payment recorded and every
/// required document in hand; otherwise the missing ones are named.
pub async fn activate(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
) -> AppResult<Model> {
    let now = state.now();
    apply(
        state,
        actor,
        viewer,
        id,
        expected_version,
        Step { action: "activate", in_place: false },
        async |txn, before, _| {
            let docs =
                contract_document::Entity::find().filter(contract_document::Column::ContractId.eq(id)).all(txn).await?;
            activation_ready(before, &docs)?;
            tasks::close_for(txn, TaskKind::DocumentMissing, "Contract", id, now).await?;
            Ok(vec![(Column::ActivatedAt, Expr::value(now))].into())
        },
    )
    .await
}

/// Ends a signed or active contract early, with the reason.
pub async fn terminate(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    reason: &str,
) -> AppResult<Model> {
    let reason = crate::fields::required("reason", reason, 1000)?;
    let now = state.now();
    apply(state, actor, viewer, id, expected_version, Step { action: "terminate", in_place: false }, async |_, _, _| {
        Ok(vec![(Column::EndedAt, Expr::value(now)), (Column::TerminationReason, Expr::value(reason))].into())
    })
    .await
}

/// The day renewal is due: the notice period before the term's end.
pub fn renewal_due_on(term_end: NaiveDate, notice_days: i64) -> NaiveDate {
    term_end - Duration::days(notice_days)
}

/// Expires active contracts past their term and opens renewal tasks for those within the
/// notice period (idempotent). Returns (expired, renewal tasks ensured).
pub async fn sweep(state: &AppState) -> AppResult<(usize, usize)> {
    let now = state.now();
    let today = business_date(now);
    let notice = settings::count(&state.db, "contract.renewal_notice_days").await?;
    let active = Entity::find()
        .filter(Column::Status.eq(ContractStatus::Active))
        .filter(Column::TermEnd.lte(today + Duration::days(notice)))
        .all(&state.db)
        .await?;
    let (mut expired, mut reminded) = (0, 0);
    for c in active {
        let Some(end) = c.term_end else { continue };
        let txn = crate::db::write(&state.db).await?;
        let group = customer_group::Entity::find_by_id(c.group_id).one(&txn).await?.ok_or_else(AppError::not_found)?;
        if end < today {
            let to = MACHINE.next(ContractStatus::Active, "expire")?;
            versioned_update::<Entity, _>(
                &txn,
                VERSIONED,
                c.id,
                c.version,
                now,
                vec![(Column::Status, Expr::value(to.as_str())), (Column::EndedAt, Expr::value(now))],
            )
            .await?;
            let after = Entity::find_by_id(c.id).one(&txn).await?.ok_or_else(AppError::not_found)?;
            crate::reactions::happened(&txn, Happened::DealMoved { proposal_id: c.proposal_id }, now).await?;
            let ev =
                Event::changed("Contract", c.id, "contract.expire", after.status.as_str(), recipients(&after, &group));
            events::commit(
                state,
                txn,
                now,
                &Actor::default(),
                vec![change("contract.expire", c.id, Some(audit::snapshot(&c)), Some(audit::snapshot(&after)))],
                vec![ev],
            )
            .await?;
            expired += 1;
            continue;
        }
        let number = c.number.clone().unwrap_or_default();
        tasks::ensure(
            &txn,
            NewTask {
                kind: TaskKind::ContractRenewal,
                assignee_id: group.owner_id,
                group_id: Some(group.id),
                subject_type: "Contract",
                subject_id: c.id,
                text: tasks::TaskText::ContractRenewal { number, ends: end },
                due_at: now,
                dedupe_key: format!("contract:{}:renewal:{end}", c.id),
            },
            now,
        )
        .await?;
        txn.commit().await?;
        reminded += 1;
    }
    Ok((expired, reminded))
}
