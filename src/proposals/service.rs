//! Drafting, pricing, versioning and moving proposals through their lifecycle.
use chrono::{DateTime, Duration, Utc};
use futures_util::future::BoxFuture;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::{Expr, ExprTrait, SimpleExpr},
};
use serde_json::{Value as Json, json};

use super::{
    CustomerDecision, DiscountKind, MACHINE, ProposalAction, ProposalStatus,
    pricing::{self, Discount, Line, LinePrice, LineProblem, Totals},
};
use crate::{
    approvals,
    audit::{self, Actor, Change},
    auth::Viewer,
    catalog::{Billing, prices_on},
    clock::business_date,
    db::{Versioned, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    events::{self, Event},
    fields::Check,
    groups::service::writable_group,
    machine::Offers,
    reactions::Happened,
    settings,
    state::AppState,
    tasks::{self, NewTask, TaskKind},
    visits::VisitStatus,
};
use entity::{
    customer_group, product, product_price,
    proposal::{ActiveModel, Column, Entity, Model},
    proposal_line, proposal_version,
};

pub const MAX_LINES: usize = 100;

/// One line item as the manager enters it.
/// Field by field as documented on the API's `ProposalLineInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct ProposalLine {
    /// The product; `None` when the caller's id names none (refused as "no such product").
    pub product_id: Option<i64>,
    pub quantity: i32,
    pub term_months: i32,
    pub discount_percent: Option<Decimal>,
    pub discount_amount: Option<Decimal>,
}

/// A proposal's content; each edit replaces all of it.
/// Field by field as documented on the API's `ProposalContentInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct ProposalContent {
    pub title: String,
    pub customer_background: Option<String>,
    pub competitive_situation: Option<String>,
    pub justification: Option<String>,
    pub lines: Vec<ProposalLine>,
}

fn change(action: &str, id: i64, before: Option<Json>, after: Option<Json>) -> Change<'_> {
    Change { action, entity_type: "Proposal", entity_id: Some(id), before, after }
}

/// A line checked and priced.
pub struct PricedLine {
    pub product: product::Model,
    pub price: product_price::Model,
    pub line: Line,
    pub kind: DiscountKind,
    pub discount_value: Decimal,
    pub priced: LinePrice,
}

/// Checks and prices lines against the catalog in force on `today`.
async fn price_lines<C: ConnectionTrait>(
    db: &C,
    c: &mut Check,
    lines: &[ProposalLine],
    today: chrono::NaiveDate,
) -> AppResult<Vec<PricedLine>> {
    if lines.len() > MAX_LINES {
        c.push(UserError::new(
            "content.lines",
            UserErrorCode::Invalid,
            format!("最多 {MAX_LINES} 行"),
            format!("At most {MAX_LINES} lines"),
        ));
        return Ok(Vec::new());
    }
    let ids: Vec<Option<i64>> = lines.iter().map(|l| l.product_id).collect();
    let products =
        product::Entity::find().filter(product::Column::Id.is_in(ids.iter().flatten().copied())).all(db).await?;
    let prices = prices_on(db, products.iter().map(|p| p.id), today).await?;
    let mut out = Vec::new();
    for (i, (input, id)) in lines.iter().zip(&ids).enumerate() {
        let f = |name: &str| format!("content.lines.{i}.{name}");
        let Some(product) = id.and_then(|id| products.iter().find(|p| p.id == id && p.active)) else {
            c.push(UserError::new(
                &f("productId"),
                UserErrorCode::NotFound,
                "产品不存在或已下架",
                "No such product on offer",
            ));
            continue;
        };
        let Some(price) = prices.get(&product.id) else {
            c.push(UserError::new(
                &f("productId"),
                UserErrorCode::Invalid,
                format!("{} 尚无标准资费", product.name_zh),
                format!("{} has no standard price yet", product.name_en),
            ));
            continue;
        };
        let billing = product.billing;
        let mut ok = true;
        if !(1..=100_000).contains(&input.quantity) {
            c.push(UserError::new(
                &f("quantity"),
                UserErrorCode::Invalid,
                "数量须在 1 到 100000 之间",
                "Quantity must be 1 to 100000",
            ));
            ok = false;
        }
        let term = if billing == Billing::OneOff { 0 } else { input.term_months };
        if billing != Billing::OneOff && !(1..=120).contains(&term) {
            c.push(UserError::new(
                &f("termMonths"),
                UserErrorCode::Invalid,
                "期限须在 1 到 120 个月之间",
                "Term must be 1 to 120 months",
            ));
            ok = false;
        }
        let (kind, value, discount) = match (input.discount_percent, input.discount_amount) {
            (Some(_), Some(_)) => {
                c.push(UserError::new(
                    &f("discountAmount"),
                    UserErrorCode::Invalid,
                    "折扣率与优惠金额只能填一个",
                    "Give either a percent or an amount, not both",
                ));
                ok = false;
                (DiscountKind::None, Decimal::ZERO, Discount::None)
            }
            (Some(p), None) if !p.is_zero() => (DiscountKind::Percent, p, Discount::Percent(p)),
            (None, Some(a)) if !a.is_zero() => (DiscountKind::Amount, a, Discount::Amount(a)),
            _ => (DiscountKind::None, Decimal::ZERO, Discount::None),
        };
        if value.normalize().scale() > 2 {
            c.push(UserError::new(
                &f("discountPercent"),
                UserErrorCode::Invalid,
                "最多两位小数",
                "At most 2 decimal places",
            ));
            ok = false;
        }
        let line =
            Line { billing, unit_price: price.unit_price, quantity: input.quantity, term_months: term, discount };
        match line.price() {
            Ok(priced) if ok => out.push(PricedLine {
                product: product.clone(),
                price: price.clone(),
                line,
                kind,
                discount_value: value,
                priced,
            }),
            Ok(_) => {}
            Err(LineProblem::PercentOutOfRange) => c.push(UserError::new(
                &f("discountPercent"),
                UserErrorCode::Invalid,
                "折扣率须在 0 到 100% 之间",
                "The percent must be from 0 to 100",
            )),
            Err(LineProblem::AmountOutOfRange) => c.push(UserError::new(
                &f("discountAmount"),
                UserErrorCode::Invalid,
                "优惠金额须在 0 到标准单价之间",
                "The amount off must be from 0 to the standard price",
            )),
            Err(LineProblem::YearlyTermNotWholeYears) => c.push(UserError::new(
                &f("termMonths"),
                UserErrorCode::Invalid,
                "按年计费的产品期限须为 12 的倍数",
                "Yearly products run whole years (multiples of 12 months)",
            )),
        }
    }
    Ok(out)
}

/// The content checked and priced.
struct Content {
    title: String,
    customer_background: Option<String>,
    competitive_situation: Option<String>,
    justification: Option<String>,
    lines: Vec<PricedLine>,
    totals: Totals,
}

async fn check_content<C: ConnectionTrait>(
    db: &C,
    content: &ProposalContent,
    today: chrono::NaiveDate,
) -> AppResult<Content> {
    let mut c = Check::new();
    let title = c.text("content.title", &content.title, 200);
    let customer_background = c.opt_text("content.customerBackground", content.customer_background.as_deref(), 4000);
    let competitive_situation =
        c.opt_text("content.competitiveSituation", content.competitive_situation.as_deref(), 4000);
    let justification = c.opt_text("content.justification", content.justification.as_deref(), 4000);
    let lines = price_lines(db, &mut c, &content.lines, today).await?;
    let totals = pricing::totals(lines.iter().map(|l| (l.line.billing, &l.priced)));
    // Money columns hold up to 10^12 (exclusive); a proposal beyond that is a typing mistake.
    if totals.list_term_total >= Decimal::from(1_000_000_000_000i64) {
        c.push(UserError::new(
            "content.lines",
            UserErrorCode::Invalid,
            "方案总额过大，请检查数量和期限",
            "The proposal's total is too large; check quantities and terms",
        ));
    }
    c.finish(|| Content { title, customer_background, competitive_situation, justification, lines, totals })
}

/// Writes version `number` of a proposal with its lines.
async fn write_version<C: ConnectionTrait>(
    db: &C,
    proposal_id: i64,
    number: i32,
    content: &Content,
    by: i64,
    now: DateTime<Utc>,
) -> AppResult<proposal_version::Model> {
    let t = &content.totals;
    let v = proposal_version::ActiveModel {
        proposal_id: Set(proposal_id),
        number: Set(number),
        title: Set(content.title.clone()),
        customer_background: Set(content.customer_background.clone()),
        competitive_situation: Set(content.competitive_situation.clone()),
        justification: Set(content.justification.clone()),
        list_monthly: Set(t.list_monthly),
        monthly_total: Set(t.monthly_total),
        one_off_total: Set(t.one_off_total),
        list_term_total: Set(t.list_term_total),
        term_total: Set(t.term_total),
        discount_monthly: Set(t.discount_monthly),
        discount_term: Set(t.discount_term),
        discount_rate: Set(t.discount_rate),
        max_line_rate: Set(t.max_line_rate),
        locked: Set(false),
        created_by: Set(by),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    write_lines(db, v.id, &content.lines).await?;
    Ok(v)
}

async fn write_lines<C: ConnectionTrait>(db: &C, version_id: i64, lines: &[PricedLine]) -> AppResult<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let rows = lines.iter().enumerate().map(|(i, l)| proposal_line::ActiveModel {
        version_id: Set(version_id),
        position: Set(i as i32 + 1),
        product_id: Set(l.product.id),
        price_id: Set(l.price.id),
        quantity: Set(l.line.quantity),
        term_months: Set(l.line.term_months),
        unit_price: Set(l.line.unit_price),
        discount_kind: Set(l.kind),
        discount_value: Set(l.discount_value),
        net_unit_price: Set(l.priced.net_unit_price),
        line_rate: Set(l.priced.line_rate),
        list_total: Set(l.priced.list_total),
        net_total: Set(l.priced.net_total),
        monthly_discount: Set(l.priced.list_monthly - l.priced.net_monthly),
        ..Default::default()
    });
    proposal_line::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

/// The lines a visit's recorded needs suggest: each ticked product on offer with a price,
/// one of each, for a year.
async fn lines_from_visit<C: ConnectionTrait>(
    db: &C,
    visit: &entity::visit::Model,
    today: chrono::NaiveDate,
) -> AppResult<Vec<ProposalLine>> {
    let codes: Vec<String> = serde_json::from_value(visit.need_products.clone()).unwrap_or_default();
    let products = product::Entity::find()
        .filter(product::Column::Code.is_in(codes.clone()))
        .filter(product::Column::Active.eq(true))
        .all(db)
        .await?;
    let prices = prices_on(db, products.iter().map(|p| p.id), today).await?;
    Ok(codes
        .iter()
        .filter_map(|code| products.iter().find(|p| &p.code == code))
        .filter(|p| prices.contains_key(&p.id))
        .map(|p| ProposalLine {
            product_id: Some(p.id),
            quantity: 1,
            term_months: if p.billing == Billing::OneOff { 0 } else { 12 },
            discount_percent: None,
            discount_amount: None,
        })
        .collect())
}

/// Ends a proposal change: its audit row (plus `extra` ones), the event for its owner and
/// the group's manager, the commit.
#[allow(clippy::too_many_arguments)]
async fn finish(
    state: &AppState,
    txn: DatabaseTransaction,
    now: DateTime<Utc>,
    actor: &Actor,
    action: &str,
    group: &customer_group::Model,
    before: Option<&Model>,
    after: &Model,
    extra: Vec<Change<'_>>,
) -> AppResult<()> {
    let ev = Event::changed("Proposal", after.id, action, after.status.as_str(), recipients(after, group));
    let mut changes = vec![change(action, after.id, before.map(audit::snapshot), Some(audit::snapshot(after)))];
    changes.extend(extra);
    events::commit(state, txn, now, actor, changes, vec![ev]).await
}

/// Who hears about a change of a proposal: its owner and the group's manager.
fn recipients(p: &Model, group: &customer_group::Model) -> Vec<i64> {
    vec![p.owner_id, group.owner_id]
}

async fn bump_open<C: ConnectionTrait>(db: &C, group_id: i64, delta: i32) -> AppResult<()> {
    customer_group::Entity::update_many()
        .col_expr(customer_group::Column::OpenProposals, Expr::col(customer_group::Column::OpenProposals).add(delta))
        .filter(customer_group::Column::Id.eq(group_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Drafts a proposal for a group, optionally answering a visit: the visit's recorded needs
/// pre-fill the lines when none are given, and rule 1's deadline is set from its end.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    group_id: i64,
    visit_id: Option<i64>,
    mut content: ProposalContent,
) -> AppResult<Model> {
    let now = state.now();
    let today = business_date(now);
    let txn = crate::db::write(&state.db).await?;
    let group = writable_group(&txn, viewer, group_id).await?;
    let mut due_at = None;
    if let Some(vid) = visit_id {
        let visit =
            entity::visit::Entity::find_by_id(vid).one(&txn).await?.filter(|v| v.group_id == group_id).ok_or_else(
                || UserError::new("visitId", UserErrorCode::NotFound, "不是本集团的走访", "Not a visit to this group"),
            )?;
        if visit.status != VisitStatus::Done {
            return Err(UserError::new(
                "visitId",
                UserErrorCode::PreconditionFailed,
                "只能根据已完成的走访制作方案",
                "A proposal answers a visit that took place",
            )
            .into());
        }
        due_at = crate::visits::service::proposal_due(&txn, &visit).await?;
        if content.lines.is_empty() {
            content.lines = lines_from_visit(&txn, &visit, today).await?;
        }
    }
    let checked = check_content(&txn, &content, today).await?;
    let owner_id = if viewer.role == crate::auth::Role::AccountManager { viewer.user_id } else { group.owner_id };
    let row = ActiveModel {
        group_id: Set(group_id),
        visit_id: Set(visit_id),
        owner_id: Set(owner_id),
        status: Set(ProposalStatus::Draft),
        stage: Set(crate::pipeline::Stage::Draft),
        current_version_no: Set(1),
        monthly_value: Set(checked.totals.monthly_total),
        value: Set(checked.totals.term_total),
        due_at: Set(due_at),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write_version(&txn, row.id, 1, &checked, viewer.user_id, now).await?;
    bump_open(&txn, group_id, 1).await?;
    finish(state, txn, now, actor, "proposal.create", &group, None, &row, vec![]).await?;
    Ok(row)
}

const VERSIONED: Versioned<Column> =
    Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };

/// A proposal the viewer may work on, with its group.
pub async fn writable<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    id: i64,
) -> AppResult<(Model, customer_group::Model)> {
    let p = Entity::find_by_id(id).one(db).await?.ok_or_else(AppError::not_found)?;
    let g = writable_group(db, viewer, p.group_id).await?;
    Ok((p, g))
}

pub async fn current_version<C: ConnectionTrait>(db: &C, p: &Model) -> AppResult<proposal_version::Model> {
    proposal_version::Entity::find()
        .filter(proposal_version::Column::ProposalId.eq(p.id))
        .filter(proposal_version::Column::Number.eq(p.current_version_no))
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("proposal without its current version"))
}

/// Moves a proposal by `action` (checked against the state machine), applying `cols` too,
/// keeping the group's open-proposal count and the pipeline stage in step.
pub async fn transition<C: ConnectionTrait>(
    db: &C,
    before: &Model,
    expected_version: i32,
    action: &str,
    now: DateTime<Utc>,
    mut cols: Vec<(Column, SimpleExpr)>,
) -> AppResult<Model> {
    let from = before.status;
    let to = MACHINE.next(from, action)?;
    cols.push((Column::Status, Expr::value(to.as_str())));
    versioned_update::<Entity, _>(db, VERSIONED, before.id, expected_version, now, cols).await?;
    match (from.is_open(), to.is_open()) {
        (true, false) => bump_open(db, before.group_id, -1).await?,
        (false, true) => bump_open(db, before.group_id, 1).await?,
        _ => {}
    }
    crate::reactions::happened(db, Happened::DealMoved { proposal_id: before.id }, now).await?;
    Entity::find_by_id(before.id).one(db).await?.ok_or_else(AppError::not_found)
}

/// Replaces a draft's content. A draft whose version was already submitted gets a new
/// version; earlier versions stay readable with their approvals.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    content: ProposalContent,
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, group) = writable(&txn, viewer, id).await?;
    let checked = check_content(&txn, &content, business_date(now)).await?;
    let current = current_version(&txn, &before).await?;
    let number = if current.locked {
        write_version(&txn, id, current.number + 1, &checked, viewer.user_id, now).await?;
        current.number + 1
    } else {
        let t = &checked.totals;
        proposal_version::Entity::update_many()
            .col_expr(proposal_version::Column::Title, Expr::value(checked.title.clone()))
            .col_expr(proposal_version::Column::CustomerBackground, Expr::value(checked.customer_background.clone()))
            .col_expr(
                proposal_version::Column::CompetitiveSituation,
                Expr::value(checked.competitive_situation.clone()),
            )
            .col_expr(proposal_version::Column::Justification, Expr::value(checked.justification.clone()))
            .col_expr(proposal_version::Column::ListMonthly, Expr::value(t.list_monthly))
            .col_expr(proposal_version::Column::MonthlyTotal, Expr::value(t.monthly_total))
            .col_expr(proposal_version::Column::OneOffTotal, Expr::value(t.one_off_total))
            .col_expr(proposal_version::Column::ListTermTotal, Expr::value(t.list_term_total))
            .col_expr(proposal_version::Column::TermTotal, Expr::value(t.term_total))
            .col_expr(proposal_version::Column::DiscountMonthly, Expr::value(t.discount_monthly))
            .col_expr(proposal_version::Column::DiscountTerm, Expr::value(t.discount_term))
            .col_expr(proposal_version::Column::DiscountRate, Expr::value(t.discount_rate))
            .col_expr(proposal_version::Column::MaxLineRate, Expr::value(t.max_line_rate))
            .col_expr(proposal_version::Column::UpdatedAt, Expr::value(now))
            .filter(proposal_version::Column::Id.eq(current.id))
            .exec(&txn)
            .await?;
        proposal_line::Entity::delete_many().filter(proposal_line::Column::VersionId.eq(current.id)).exec(&txn).await?;
        write_lines(&txn, current.id, &checked.lines).await?;
        current.number
    };
    let cols = vec![
        (Column::CurrentVersionNo, Expr::value(number)),
        (Column::MonthlyValue, Expr::value(checked.totals.monthly_total)),
        (Column::Value, Expr::value(checked.totals.term_total)),
    ];
    let after = transition(&txn, &before, expected_version, "edit", now, cols).await?;
    finish(state, txn, now, actor, "proposal.update", &group, Some(&before), &after, vec![]).await?;
    Ok(after)
}

/// A version is submitted once: one already submitted is changed before it goes again.
pub fn fresh_version(v: &proposal_version::Model) -> Result<(), UserError> {
    if v.locked {
        return Err(UserError::new(
            "id",
            UserErrorCode::PreconditionFailed,
            "此版本已提交过审批，请修改后再提交",
            "This version was already submitted; change it before submitting again",
        ));
    }
    Ok(())
}

/// What [`offers`] weighs besides the viewer: the proposal and what its actions check.
pub struct ProposalFacts<'a> {
    pub proposal: &'a Model,
    pub group: &'a customer_group::Model,
    pub current: &'a proposal_version::Model,
    /// Its open approval request with the steps, if one waits.
    pub request: Option<(&'a entity::approval_request::Model, &'a [entity::approval_step::Model])>,
    /// True when its contract was made.
    pub has_contract: bool,
}

/// What `viewer` may do with a proposal now: the checks of the mutations themselves — the
/// state machine, the group's writability, the approver's step, the submitted version.
pub fn offers(viewer: &Viewer, f: &ProposalFacts, now: DateTime<Utc>) -> Offers<ProposalAction> {
    use ProposalAction as A;
    let p = f.proposal;
    let writes = crate::groups::may_write(viewer, f.group);
    let can = |edge: &str| writes && MACHINE.allows(p.status, edge);
    let mut o = Offers::new();
    o.offer_if(can("edit"), A::UpdateProposal, || Ok(()));
    o.offer_if(can("submit"), A::SubmitProposal, || fresh_version(f.current));
    let decides = f.request.is_some_and(|(r, steps)| approvals::service::decides_now(viewer, r, steps));
    o.offer_if(decides, A::ApproveStep, || Ok(()));
    o.offer_if(decides, A::RejectStep, || Ok(()));
    o.offer_if(can("send"), A::SendProposal, || Ok(()));
    // Past its validity a sent proposal is expired, whether or not the sweep has run yet.
    let valid = p.valid_until.is_none_or(|v| v > now);
    o.offer_if(can("accept") && valid, A::RecordCustomerDecision, || Ok(()));
    o.offer_if(can("revise"), A::ReviseProposal, || Ok(()));
    o.offer_if(can("withdraw"), A::WithdrawProposal, || Ok(()));
    let contract_next = writes && p.status == ProposalStatus::Accepted && !f.has_contract;
    o.offer_if(contract_next, A::CreateContractFromProposal, || Ok(()));
    o
}

/// Submits the current version for approval (rule 2), opening its approval request with the
/// chain the matrix gives (rule 3).
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, group) = writable(&txn, viewer, id).await?;
    MACHINE.next(before.status, "submit")?;
    let version = current_version(&txn, &before).await?;
    fresh_version(&version)?;
    let lines = proposal_line::Entity::find()
        .filter(proposal_line::Column::VersionId.eq(version.id))
        .order_by_asc(proposal_line::Column::Position)
        .all(&txn)
        .await?;
    let mut c = Check::new();
    if lines.is_empty() {
        c.push(UserError::new(
            "id",
            UserErrorCode::Required,
            "方案至少需要一项产品",
            "A proposal needs at least one line",
        ));
    }
    let discounted = !version.discount_term.is_zero() || !version.max_line_rate.is_zero();
    if discounted && version.justification.is_none() {
        c.push(UserError::new(
            "content.justification",
            UserErrorCode::Required,
            "有优惠的方案须填写申请理由",
            "A discounted proposal needs a justification",
        ));
    }
    c.finish(|| ())?;
    proposal_version::Entity::update_many()
        .col_expr(proposal_version::Column::Locked, Expr::value(true))
        .filter(proposal_version::Column::Id.eq(version.id))
        .exec(&txn)
        .await?;
    let after =
        transition(&txn, &before, expected_version, "submit", now, vec![(Column::SubmittedAt, Expr::value(now))])
            .await?;
    let (request, mut evs) =
        approvals::service::open_request(&txn, viewer, &after, &version, &lines, &group, now).await?;
    evs.push(Event::changed("Proposal", id, "proposal.submit", after.status.as_str(), recipients(&after, &group)));
    events::commit(
        state,
        txn,
        now,
        actor,
        vec![
            change("proposal.submit", id, Some(audit::snapshot(&before)), Some(audit::snapshot(&after))),
            Change {
                action: "approval.open",
                entity_type: "ApprovalRequest",
                entity_id: Some(request.id),
                before: None,
                after: Some(audit::snapshot(&request)),
            },
        ],
        evs,
    )
    .await?;
    Ok(after)
}

/// A proposal's approval (方案审批, 优惠审批): the engine's verdict moves the proposal through
/// its own machine, to `APPROVED` or back to `DRAFT`.
pub struct ProposalApproval;

impl approvals::Subject for ProposalApproval {
    fn kinds(&self) -> &'static [approvals::RequestKind] {
        &[approvals::RequestKind::Proposal, approvals::RequestKind::Discount]
    }

    fn decided<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        verdict: approvals::Verdict<'a>,
    ) -> BoxFuture<'a, AppResult<approvals::Outcome>> {
        Box::pin(async move {
            let id =
                verdict.request.proposal_id.ok_or_else(|| AppError::internal("proposal request without proposal"))?;
            let now = verdict.now;
            let before = Entity::find_by_id(id).one(txn).await?.ok_or_else(AppError::not_found)?;
            let (action, after) = if verdict.approved {
                let cols = vec![(Column::ApprovedAt, Expr::value(now))];
                ("proposal.approve", transition(txn, &before, before.version, "approve", now, cols).await?)
            } else {
                ("proposal.reject", transition(txn, &before, before.version, "reject", now, vec![]).await?)
            };
            let group =
                customer_group::Entity::find_by_id(after.group_id).one(txn).await?.ok_or_else(AppError::not_found)?;
            let event =
                Event::changed("Proposal", id, action, after.status.as_str(), vec![after.owner_id, group.owner_id]);
            let change = change(action, id, Some(audit::snapshot(&before)), Some(audit::snapshot(&after)));
            Ok(approvals::Outcome { changes: vec![change], events: vec![event] })
        })
    }
}

/// Sends an approved proposal to the customer (rule 2): only when the department head
/// approved this exact version and every discount step did too. Sets the validity and the
/// first follow-up call (rule 4).
pub async fn send(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, group) = writable(&txn, viewer, id).await?;
    MACHINE.next(before.status, "send")?;
    let version = current_version(&txn, &before).await?;
    if !approvals::service::version_approved(&txn, version.id).await? {
        return Err(UserError::new(
            "id",
            UserErrorCode::PreconditionFailed,
            "此版本尚未获得全部审批",
            "This version is not fully approved",
        )
        .into());
    }
    let validity = settings::count(&txn, "proposal.validity_days").await?;
    let first = settings::count(&txn, "proposal.follow_up_first_days").await?;
    let after = transition(
        &txn,
        &before,
        expected_version,
        "send",
        now,
        vec![(Column::SentAt, Expr::value(now)), (Column::ValidUntil, Expr::value(now + Duration::days(validity)))],
    )
    .await?;
    let task = follow_up(&txn, &after, &group, 1, now + Duration::days(first), now).await?;
    let task_change = Change {
        action: "task.create",
        entity_type: "Task",
        entity_id: Some(task.id),
        before: None,
        after: Some(audit::snapshot(&task)),
    };
    // The quote the customer gets, kept exactly as sent.
    let quote = crate::documents::keep_quote(&txn, &after, &version, viewer.user_id, now).await?;
    let quote_change = Change {
        action: "quote.keep",
        entity_type: "QuoteDocument",
        entity_id: Some(quote.id),
        before: None,
        after: Some(audit::snapshot(&quote)),
    };
    let changes = vec![task_change, quote_change];
    finish(state, txn, now, actor, "proposal.send", &group, Some(&before), &after, changes).await?;
    Ok(after)
}

/// The `n`th follow-up call on a sent proposal (rule 4).
pub async fn follow_up<C: ConnectionTrait>(
    db: &C,
    p: &Model,
    group: &customer_group::Model,
    n: u32,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<entity::task::Model> {
    tasks::ensure(
        db,
        NewTask {
            kind: TaskKind::ProposalFollowUp,
            assignee_id: p.owner_id,
            group_id: Some(group.id),
            subject_type: "Proposal",
            subject_id: p.id,
            text: tasks::TaskText::ProposalFollowUp { group: group.name.clone(), n },
            due_at,
            dedupe_key: format!("proposal:{}:follow_up:{n}", p.id),
        },
        now,
    )
    .await
}

/// Marks a sent proposal expired (its validity passed): in its own transaction, audited.
async fn expire_one(state: &AppState, id: i64) -> AppResult<Option<Model>> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let Some(before) = Entity::find_by_id(id).one(&txn).await? else { return Ok(None) };
    if before.status != ProposalStatus::Sent || before.valid_until.is_none_or(|v| v > now) {
        return Ok(None);
    }
    let group = customer_group::Entity::find_by_id(before.group_id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let after =
        transition(&txn, &before, before.version, "expire", now, vec![(Column::DecidedAt, Expr::value(now))]).await?;
    tasks::close_for(&txn, TaskKind::ProposalFollowUp, "Proposal", id, now).await?;
    finish(state, txn, now, &Actor::default(), "proposal.expire", &group, Some(&before), &after, vec![]).await?;
    Ok(Some(after))
}

/// Expires every sent proposal whose validity has passed; returns how many.
pub async fn expire_due(state: &AppState) -> AppResult<usize> {
    let ids: Vec<i64> = Entity::find()
        .filter(Column::Status.eq(ProposalStatus::Sent))
        .filter(Column::ValidUntil.lt(state.now()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let mut n = 0;
    for id in ids {
        if expire_one(state, id).await?.is_some() {
            n += 1;
        }
    }
    Ok(n)
}

/// Records the customer's answer to a sent proposal. A proposal past its validity is
/// expired instead, and the answer refused.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    decision: CustomerDecision,
    reason: Option<&str>,
) -> AppResult<Model> {
    let mut c = Check::new();
    let reason = match decision {
        CustomerDecision::Rejected => Some(c.text("reason", reason.unwrap_or(""), 1000)),
        CustomerDecision::Accepted => c.opt_text("reason", reason, 1000),
    };
    c.finish(|| ())?;
    let now = state.now();
    {
        let txn = crate::db::write(&state.db).await?;
        let (p, _) = writable(&txn, viewer, id).await?;
        txn.commit().await?;
        if p.status == ProposalStatus::Sent && p.valid_until.is_some_and(|v| v <= now) {
            expire_one(state, id).await?;
            return Err(MACHINE.refusal(ProposalStatus::Expired).into());
        }
    }
    let txn = crate::db::write(&state.db).await?;
    let (before, group) = writable(&txn, viewer, id).await?;
    let action = match decision {
        CustomerDecision::Accepted => "accept",
        CustomerDecision::Rejected => "decline",
    };
    let after = transition(
        &txn,
        &before,
        expected_version,
        action,
        now,
        vec![(Column::DecidedAt, Expr::value(now)), (Column::DecisionReason, Expr::value(reason))],
    )
    .await?;
    tasks::close_for(&txn, TaskKind::ProposalFollowUp, "Proposal", id, now).await?;
    let action = format!("proposal.{action}");
    finish(state, txn, now, actor, &action, &group, Some(&before), &after, vec![]).await?;
    Ok(after)
}

/// Reopens a submitted, approved or sent proposal as a new draft version (the customer or an
/// approver asked for a change); an open approval request is cancelled.
pub async fn revise(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    reason: &str,
) -> AppResult<Model> {
    let reason = crate::fields::required("reason", reason, 1000)?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, group) = writable(&txn, viewer, id).await?;
    MACHINE.next(before.status, "revise")?;
    let current = current_version(&txn, &before).await?;
    let copy = copy_version(&txn, &current, viewer.user_id, now).await?;
    approvals::service::cancel_open(&txn, id, now).await?;
    tasks::close_for(&txn, TaskKind::ProposalFollowUp, "Proposal", id, now).await?;
    let after = transition(
        &txn,
        &before,
        expected_version,
        "revise",
        now,
        vec![
            (Column::CurrentVersionNo, Expr::value(copy.number)),
            (Column::SentAt, Expr::value(Option::<DateTime<Utc>>::None)),
            (Column::ValidUntil, Expr::value(Option::<DateTime<Utc>>::None)),
            (Column::ApprovedAt, Expr::value(Option::<DateTime<Utc>>::None)),
        ],
    )
    .await?;
    let ev = Event::changed("Proposal", id, "proposal.revise", after.status.as_str(), recipients(&after, &group));
    let mut after_snap = audit::snapshot(&after);
    after_snap["reason"] = json!(reason);
    events::commit(
        state,
        txn,
        now,
        actor,
        vec![change("proposal.revise", id, Some(audit::snapshot(&before)), Some(after_snap))],
        vec![ev],
    )
    .await?;
    Ok(after)
}

/// A new unlocked version with the same content as `v`.
async fn copy_version<C: ConnectionTrait>(
    db: &C,
    v: &proposal_version::Model,
    by: i64,
    now: DateTime<Utc>,
) -> AppResult<proposal_version::Model> {
    let mut copy: proposal_version::ActiveModel = v.clone().into();
    copy.id = sea_orm::ActiveValue::NotSet;
    copy.number = Set(v.number + 1);
    copy.locked = Set(false);
    copy.created_by = Set(by);
    copy.created_at = Set(now);
    copy.updated_at = Set(now);
    let copy = copy.insert(db).await?;
    let lines = proposal_line::Entity::find().filter(proposal_line::Column::VersionId.eq(v.id)).all(db).await?;
    if !lines.is_empty() {
        proposal_line::Entity::insert_many(lines.into_iter().map(|l| {
            let mut a: proposal_line::ActiveModel = l.into();
            a.id = sea_orm::ActiveValue::NotSet;
            a.version_id = Set(copy.id);
            a
        }))
        .exec(db)
        .await?;
    }
    Ok(copy)
}

/// Withdraws a proposal that is still being worked on, with the reason.
pub async fn withdraw(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    reason: &str,
) -> AppResult<Model> {
    let reason = crate::fields::required("reason", reason, 1000)?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, group) = writable(&txn, viewer, id).await?;
    approvals::service::cancel_open(&txn, id, now).await?;
    tasks::close_for(&txn, TaskKind::ProposalFollowUp, "Proposal", id, now).await?;
    let after = transition(
        &txn,
        &before,
        expected_version,
        "withdraw",
        now,
        vec![(Column::WithdrawnReason, Expr::value(reason)), (Column::DecidedAt, Expr::value(now))],
    )
    .await?;
    finish(state, txn, now, actor, "proposal.withdraw", &group, Some(&before), &after, vec![]).await?;
    Ok(after)
}

/// After a follow-up call is done: while the customer has not decided, the next call is due
/// a week later (rule 4). Returns the task made, if any.
pub async fn next_follow_up<C: ConnectionTrait>(
    txn: &C,
    done: &entity::task::Model,
    now: DateTime<Utc>,
) -> AppResult<Option<entity::task::Model>> {
    let Some(p) = Entity::find_by_id(done.subject_id).one(txn).await? else { return Ok(None) };
    if p.status != ProposalStatus::Sent {
        return Ok(None);
    }
    let group = customer_group::Entity::find_by_id(p.group_id).one(txn).await?.ok_or_else(AppError::not_found)?;
    let every = settings::count(txn, "proposal.follow_up_every_days").await?;
    let n = done.dedupe_key.as_deref().and_then(|k| k.rsplit(':').next()).and_then(|n| n.parse().ok());
    let due = std::cmp::max(done.due_at, now) + Duration::days(every);
    Ok(Some(follow_up(txn, &p, &group, n.unwrap_or(1) + 1, due, now).await?))
}
