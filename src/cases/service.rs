//! Writing stage summaries, and publishing, editing and searching cases.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::Expr,
};

use super::finished;
use crate::{
    audit::{self, Actor, Change},
    auth::Viewer,
    db::{Versioned, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::Check,
    proposals::service::{current_version, writable},
    state::{AppState, Lang},
};
use entity::{
    customer_group, product, project_note, proposal, proposal_line,
    work_case::{ActiveModel, Column, Entity, Model},
};

/// The products of a proposal's current version, by name in `lang`, in line order.
async fn products<C: ConnectionTrait>(db: &C, p: &proposal::Model, lang: Lang) -> AppResult<Vec<String>> {
    let v = current_version(db, p).await?;
    let lines = proposal_line::Entity::find()
        .filter(proposal_line::Column::VersionId.eq(v.id))
        .order_by_asc(proposal_line::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let found = product::Entity::find().filter(product::Column::Id.is_in(ids)).all(db).await?;
    let mut names: Vec<String> = Vec::new();
    for l in &lines {
        if let Some(p) = found.iter().find(|p| p.id == l.product_id) {
            let n = if lang == Lang::En { p.name_en.clone() } else { p.name_zh.clone() };
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    Ok(names)
}

/// A draft of a stage summary from the deal's facts: where it stands, what it sells, what
/// happened when; the manager adds what was learnt and what comes next.
pub async fn draft_note<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    proposal_id: i64,
    lang: Lang,
) -> AppResult<String> {
    let (p, g) = writable(db, viewer, proposal_id).await?;
    let v = current_version(db, &p).await?;
    let names = products(db, &p, lang).await?.join("、");
    let day = |t: Option<DateTime<Utc>>| t.map(|t| crate::clock::business_date(t).to_string());
    let en = lang == Lang::En;
    let mut steps: Vec<String> = Vec::new();
    for (at, zh, e) in [
        (Some(p.created_at), "创建", "created"),
        (p.submitted_at, "提交审批", "submitted"),
        (p.approved_at, "审批通过", "approved"),
        (p.sent_at, "发送客户", "sent"),
        (p.decided_at, "客户决定", "decided"),
    ] {
        if let Some(d) = day(at) {
            steps.push(if en { format!("{e} {d}") } else { format!("{d} {zh}") });
        }
    }
    let stage = if en { p.stage.label_en() } else { p.stage.label_zh() };
    Ok(if en {
        format!(
            "Project: {} ({})\nStage: {stage}\nProducts: {names}\nMonthly value: ¥{:.2}\nSo far: {}\nWhat worked, what did not:\nNext steps:\n",
            v.title,
            g.name,
            p.monthly_value,
            steps.join(", ")
        )
    } else {
        format!(
            "项目：{}（{}）\n当前阶段：{stage}\n产品：{names}\n月费合计：¥{:.2}\n进展：{}\n经验与问题：\n下一步：\n",
            v.title,
            g.name,
            p.monthly_value,
            steps.join("，")
        )
    })
}

/// Adds a stage summary to a deal the viewer works on, at the deal's stage now.
pub async fn add_note(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    proposal_id: i64,
    text: &str,
) -> AppResult<project_note::Model> {
    let now = state.now();
    let mut c = Check::new();
    let text = c.text("text", text, 2000);
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let (p, _) = writable(&txn, viewer, proposal_id).await?;
    let row = project_note::ActiveModel {
        proposal_id: Set(p.id),
        author_id: Set(viewer.user_id),
        stage: Set(p.stage),
        text: Set(text),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let change = Change {
        action: "proposal.stage_summary",
        entity_type: "Proposal",
        entity_id: Some(p.id),
        before: None,
        after: Some(audit::snapshot(&row)),
    };
    audit::commit(state, txn, now, actor, change).await?;
    Ok(row)
}

/// A case as its author writes it.
pub struct CaseText {
    pub title: String,
    pub customer_label: String,
    pub challenge: String,
    pub solution: String,
    pub result: String,
}

impl CaseText {
    fn checked(&self) -> Result<CaseText, AppError> {
        let mut c = Check::new();
        let t = CaseText {
            title: c.text("title", &self.title, 100),
            customer_label: c.text("customerLabel", &self.customer_label, 100),
            challenge: c.text("challenge", &self.challenge, 2000),
            solution: c.text("solution", &self.solution, 2000),
            result: c.text("result", &self.result, 2000),
        };
        c.finish(|| t)
    }
}

fn change<'a>(action: &'a str, before: Option<&Model>, after: &Model) -> Change<'a> {
    Change {
        action,
        entity_type: "WorkCase",
        entity_id: Some(after.id),
        before: before.map(audit::snapshot),
        after: Some(audit::snapshot(after)),
    }
}

/// Publishes a finished deal the viewer works on as a case (once per deal).
pub async fn publish(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    proposal_id: i64,
    text: &CaseText,
) -> AppResult<Model> {
    let now = state.now();
    let text = text.checked()?;
    let txn = crate::db::write(&state.db).await?;
    let (p, g): (proposal::Model, customer_group::Model) = writable(&txn, viewer, proposal_id).await?;
    if !finished(p.stage) {
        return Err(UserError::new(
            "proposalId",
            UserErrorCode::PreconditionFailed,
            "合同生效后的项目才能发布为案例",
            "Only a project whose contract is in force becomes a case",
        )
        .into());
    }
    if Entity::find().filter(Column::ProposalId.eq(p.id)).one(&txn).await?.is_some() {
        return Err(UserError::new(
            "proposalId",
            UserErrorCode::Duplicate,
            "这个项目已经发布为案例",
            "This project is a case already",
        )
        .into());
    }
    let names: String = products(&txn, &p, Lang::Zh).await?.join("、").chars().take(500).collect();
    let author = crate::worklog::service::readable_user(&txn, viewer, viewer.user_id).await?;
    let row = ActiveModel {
        proposal_id: Set(p.id),
        group_id: Set(g.id),
        author_id: Set(author.id),
        department_id: Set(author.department_id),
        branch_id: Set(author.branch_id),
        title: Set(text.title),
        customer_label: Set(text.customer_label),
        industry: Set(g.industry.chars().take(100).collect()),
        products: Set(names),
        challenge: Set(text.challenge),
        solution: Set(text.solution),
        result: Set(text.result),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::commit(state, txn, now, actor, change("work_case.publish", None, &row)).await?;
    Ok(row)
}

const VERSIONED: Versioned<Column> =
    Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };

/// Its author changes a case, with the version they saw.
pub async fn edit(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    text: &CaseText,
) -> AppResult<Model> {
    let now = state.now();
    let text = text.checked()?;
    let txn = crate::db::write(&state.db).await?;
    let before = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    if before.author_id != viewer.user_id {
        return Err(UserError::new(
            "id",
            UserErrorCode::NotPermitted,
            "只有作者可以修改案例",
            "Only its author changes a case",
        )
        .into());
    }
    let cols = [
        (Column::Title, Expr::value(text.title)),
        (Column::CustomerLabel, Expr::value(text.customer_label)),
        (Column::Challenge, Expr::value(text.challenge)),
        (Column::Solution, Expr::value(text.solution)),
        (Column::Result, Expr::value(text.result)),
    ];
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    audit::commit(state, txn, now, actor, change("work_case.edit", Some(&before), &after)).await?;
    Ok(after)
}

/// The cases matching `search` (in the title, customer, industry, products and text) and
/// `industry`: the library is the company's, open to every colleague.
pub fn search_condition(search: Option<&str>, industry: Option<&str>) -> Condition {
    let mut c = Condition::all();
    if let Some(s) = search {
        c = c.add(
            Condition::any()
                .add(crate::fields::contains(Column::Title, s))
                .add(crate::fields::contains(Column::CustomerLabel, s))
                .add(crate::fields::contains(Column::Industry, s))
                .add(crate::fields::contains(Column::Products, s))
                .add(crate::fields::contains(Column::Challenge, s))
                .add(crate::fields::contains(Column::Solution, s))
                .add(crate::fields::contains(Column::Result, s)),
        );
    }
    if let Some(i) = industry {
        c = c.add(Column::Industry.eq(i));
    }
    c
}
