//! Drafting, saving, submitting and commenting on work summaries.
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set, sea_query::Expr,
};
use serde_json::json;

use super::{MACHINE, SummaryPeriod, SummaryStatus, span};
use crate::{
    audit::{self, Actor, Change},
    auth::Viewer,
    clock::business_date,
    dayplan::{PlanItemStatus, service::day_span},
    db::{Keyed, Versioned, keyed, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::{Check, Month},
    kpi::{self, Figures, Subject},
    state::{AppState, Lang},
    worklog::{
        LogKind,
        service::{Tally, may_review, tally},
    },
};
use entity::{
    app_user, plan_item,
    work_summary::{ActiveModel, Column, Entity, Model},
};

/// A period's draft: its span, what was recorded, the plan, the month's KPIs, and the text.
pub struct Draft {
    pub period: SummaryPeriod,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub tally: Tally,
    pub plan_done: i64,
    pub plan_total: i64,
    pub kpis: Figures,
    pub text: String,
}

impl Draft {
    /// The figures as kept with a saved summary.
    pub fn figures(&self) -> serde_json::Value {
        let kinds: serde_json::Map<String, serde_json::Value> =
            LogKind::ALL.iter().map(|k| (k.as_str().to_string(), json!(self.tally.kind(*k)))).collect();
        json!({ "kinds": kinds, "planDone": self.plan_done, "planTotal": self.plan_total })
    }
}

/// The drafted text's lines, each `{}` filled in turn with the figures `lines` gives, in order.
const TEMPLATE_ZH: &str = "{}\n一、客户走访：上门走访 {} 次，电话联系 {} 次。\n二、方案：新建 {} 个，提交审批 {} 个，发送客户 {} 个，客户接受 {} 个。\n三、合同与装机：签订合同 {} 份，装机处理 {} 项。\n四、服务：投诉处理 {} 项，拆机挽留 {} 项，欠费催缴 {} 次。\n五、完成待办 {} 项；计划完成 {} / {} 项。\n六、本月指标：走访 {} 次（日均 {}），回访集团 {} 个，新增集团 {} 个，方案按时率 {}，中高端保有率 {}。\n下一步工作：\n";
const TEMPLATE_EN: &str = "{}\n1. Customers: {} visits on site, {} calls.\n2. Proposals: {} created, {} submitted, {} sent, {} accepted.\n3. Contracts and installations: {} contracts signed, {} installation steps.\n4. Service: {} complaint steps, {} retention steps, {} collection contacts.\n5. Tasks done: {}; plan: {} of {} items done.\n6. This month's KPIs: {} visits ({} per working day), {} groups visited, {} new groups, proposals on time {}, retention {}.\nNext steps:\n";

/// `template` with each `{}` replaced by the next of `values`.
fn fill(template: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut parts = template.split("{}");
    out.push_str(parts.next().unwrap_or_default());
    for (part, value) in parts.zip(values.iter().map(String::as_str).chain(std::iter::repeat(""))) {
        out.push_str(value);
        out.push_str(part);
    }
    out
}

fn lines(d: &Draft, lang: Lang) -> String {
    let (t, k) = (&d.tally, &d.kpis);
    let (from, to, en) = (d.starts_on, d.ends_on, lang == Lang::En);
    let title = match (d.period, en) {
        (SummaryPeriod::Week, true) => format!("Weekly summary, {from} to {to}"),
        (SummaryPeriod::Month, true) => format!("Monthly summary, {from} to {to}"),
        (SummaryPeriod::Week, false) => format!("周工作小结（{from} 至 {to}）"),
        (SummaryPeriod::Month, false) => format!("月工作小结（{from} 至 {to}）"),
    };
    let pct = |v: Option<rust_decimal::Decimal>| v.map_or_else(|| "—".to_string(), |p| format!("{p}%"));
    let counts = [
        t.kind(LogKind::Visit),
        t.kind(LogKind::Call),
        t.action("proposal.create"),
        t.action("proposal.submit"),
        t.action("proposal.send"),
        t.action("proposal.accept"),
        t.action("contract.sign"),
        t.kind(LogKind::Installation),
        t.kind(LogKind::Complaint),
        t.kind(LogKind::Retention),
        t.kind(LogKind::Collection),
        t.action("task.complete"),
        d.plan_done,
        d.plan_total,
        k.visits,
    ];
    let mut values = vec![title];
    values.extend(counts.iter().map(i64::to_string));
    values.extend([
        k.visits_per_working_day().to_string(),
        k.groups_visited.to_string(),
        k.new_groups.to_string(),
        pct(k.on_time_percent()),
        pct(k.retention_percent()),
    ]);
    fill(if en { TEMPLATE_EN } else { TEMPLATE_ZH }, &values)
}

/// Drafts `user`'s summary of the period of `kind` holding `day`, from what they recorded.
pub async fn draft<C: ConnectionTrait>(
    db: &C,
    user: &app_user::Model,
    kind: SummaryPeriod,
    day: NaiveDate,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<Draft> {
    let (starts_on, ends_on) = span(kind, day);
    let (from, _) = day_span(starts_on);
    let (_, to) = day_span(ends_on);
    let tally = tally(db, user.id, from, to).await?;
    use plan_item::Column as P;
    let plan: Vec<PlanItemStatus> = plan_item::Entity::find()
        .select_only()
        .column(P::Status)
        .filter(P::UserId.eq(user.id))
        .filter(P::Day.gte(starts_on))
        .filter(P::Day.lte(ends_on))
        .into_tuple()
        .all(db)
        .await?;
    let plan_total = plan.iter().filter(|s| **s != PlanItemStatus::Dropped).count() as i64;
    let plan_done = plan.iter().filter(|s| **s == PlanItemStatus::Done).count() as i64;
    let kpis = kpi::compute(db, Subject::Manager(user.id), Month::of(ends_on.min(business_date(now))), now).await?;
    let mut d = Draft { period: kind, starts_on, ends_on, tally, plan_done, plan_total, kpis, text: String::new() };
    d.text = lines(&d, lang);
    Ok(d)
}

fn change<'a>(action: &'a str, before: Option<&Model>, after: &Model) -> Change<'a> {
    Change {
        action,
        entity_type: "WorkSummary",
        entity_id: Some(after.id),
        before: before.map(audit::snapshot),
        after: Some(audit::snapshot(after)),
    }
}

const VERSIONED: Versioned<Column> =
    Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };

async fn me<C: ConnectionTrait>(db: &C, viewer: &Viewer) -> AppResult<app_user::Model> {
    app_user::Entity::find_by_id(viewer.user_id).one(db).await?.ok_or_else(AppError::not_found)
}

/// Saves the viewer's summary of the period of `kind` holding `day` (a period begun already):
/// the first time with the draft's figures, after that with the version seen, while a draft.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    kind: SummaryPeriod,
    day: NaiveDate,
    text: &str,
    expected_version: Option<i32>,
    lang: Lang,
) -> AppResult<Model> {
    let now = state.now();
    let mut c = Check::new();
    let text = c.text("text", text, 8000);
    let (starts_on, ends_on) = span(kind, day);
    if starts_on > business_date(now) {
        c.push(UserError::new("day", UserErrorCode::Invalid, "这个周期还没有开始", "That period has not begun"));
    }
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let user = me(&txn, viewer).await?;
    let before = Entity::find()
        .filter(Column::UserId.eq(user.id))
        .filter(Column::Period.eq(kind))
        .filter(Column::StartsOn.eq(starts_on))
        .one(&txn)
        .await?;
    let after = match keyed(before.as_ref(), expected_version)? {
        Keyed::Insert => {
            let d = draft(&txn, &user, kind, day, lang, now).await?;
            ActiveModel {
                user_id: Set(user.id),
                department_id: Set(user.department_id),
                branch_id: Set(user.branch_id),
                period: Set(kind),
                starts_on: Set(starts_on),
                ends_on: Set(ends_on),
                figures: Set(d.figures()),
                text: Set(text),
                status: Set(SummaryStatus::Draft),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
        Keyed::Update(b, v) => {
            if b.status != SummaryStatus::Draft {
                return Err(UserError::new(
                    "id",
                    UserErrorCode::InvalidTransition,
                    "已提交的小结不能再修改",
                    "A submitted summary is not changed",
                )
                .into());
            }
            // Until it is submitted, a draft's figures follow the records.
            let d = draft(&txn, &user, kind, day, lang, now).await?;
            let cols = [(Column::Text, Expr::value(text)), (Column::Figures, Expr::value(d.figures()))];
            versioned_update::<Entity, _>(&txn, VERSIONED, b.id, v, now, cols).await?;
            Entity::find_by_id(b.id).one(&txn).await?.ok_or_else(AppError::not_found)?
        }
    };
    let action = if before.is_some() { "work_summary.edit" } else { "work_summary.create" };
    audit::commit(state, txn, now, actor, change(action, before.as_ref(), &after)).await?;
    Ok(after)
}

/// The summary `id` as `viewer` may read it: their own, or one their scope covers.
pub async fn readable<C: ConnectionTrait>(db: &C, viewer: &Viewer, id: i64) -> AppResult<(Model, app_user::Model)> {
    let s = Entity::find_by_id(id).one(db).await?.ok_or_else(AppError::not_found)?;
    let author = app_user::Entity::find_by_id(s.user_id).one(db).await?.ok_or_else(AppError::not_found)?;
    if !crate::users::visible(viewer, &author) {
        return Err(AppError::not_found());
    }
    Ok((s, author))
}

/// The author submits their draft to the head; the head comments on a submitted one.
pub async fn act(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    comment: Option<&str>,
) -> AppResult<Model> {
    let now = state.now();
    let mut c = Check::new();
    let comment = comment.map(|t| c.text("comment", t, 1000));
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let (before, author) = readable(&txn, viewer, id).await?;
    let (action, cols) = match comment {
        None => {
            if author.id != viewer.user_id {
                return Err(UserError::new(
                    "id",
                    UserErrorCode::NotPermitted,
                    "只有作者可以提交",
                    "Only its author submits it",
                )
                .into());
            }
            let to = MACHINE.next(before.status, "submit")?;
            (
                "work_summary.submit",
                vec![(Column::Status, Expr::value(to.as_str())), (Column::SubmittedAt, Expr::value(now))],
            )
        }
        Some(text) => {
            if !may_review(viewer, &author) {
                return Err(UserError::new(
                    "id",
                    UserErrorCode::NotPermitted,
                    "只有上级负责人可以点评",
                    "Only a head over its author comments",
                )
                .into());
            }
            let to = MACHINE.next(before.status, "comment")?;
            let cols = vec![
                (Column::Status, Expr::value(to.as_str())),
                (Column::Comment, Expr::value(text)),
                (Column::CommentedBy, Expr::value(viewer.user_id)),
                (Column::CommentedAt, Expr::value(now)),
            ];
            ("work_summary.comment", cols)
        }
    };
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let to = if action == "work_summary.comment" { vec![after.user_id] } else { vec![] };
    let ev = crate::events::Event::changed("WorkSummary", id, action, after.status.as_str(), to);
    crate::events::commit(state, txn, now, actor, vec![change(action, Some(&before), &after)], vec![ev]).await?;
    Ok(after)
}

/// The summaries the viewer sees: their own, and those of the users their scope covers.
pub fn visible_condition(viewer: &Viewer) -> sea_orm::Condition {
    match viewer.scope() {
        crate::auth::Scope::Own(_) | crate::auth::Scope::Nothing => {
            sea_orm::Condition::all().add(Column::UserId.eq(viewer.user_id))
        }
        s => sea_orm::Condition::any().add(Column::UserId.eq(viewer.user_id)).add(s.condition(
            Column::UserId,
            Column::DepartmentId,
            Column::BranchId,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fill_puts_the_values_in_order_and_leaves_missing_ones_empty() {
        assert_eq!(fill("a{}b{}c", &["1".into(), "2".into()]), "a1b2c");
        assert_eq!(fill("a{}b{}c", &["1".into()]), "a1bc");
        // Both templates take the same figures.
        assert_eq!(super::TEMPLATE_ZH.matches("{}").count(), super::TEMPLATE_EN.matches("{}").count());
    }
}
