//! Adding, changing and archiving members; recording their monthly revenue.
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    sea_query::{Expr, OnConflict},
};
use serde_json::{Value as Json, json};

use super::{Carrier, MemberStatus, VipLevel};
use crate::{
    audit::{self, Actor, Change},
    auth::Viewer,
    clock::business_date,
    db::Versioned,
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::{Check, Month, Phone, money},
    groups::service::{ChildPlan, ChildTable, change_child, set_child_archived, writable_group},
    state::AppState,
};
use entity::member::{ActiveModel, Column, Entity, Model};

/// Every editable field of a member. Updates replace all of them.
/// Field by field as documented on the API's `MemberFieldsInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct MemberFields {
    pub name: String,
    pub phone: String,
    pub position: Option<String>,
    pub key_person: bool,
    pub vip_level: VipLevel,
    pub carrier: Carrier,
    pub birthday: Option<chrono::NaiveDate>,
}

/// A member's fields, checked and normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMember {
    pub name: String,
    pub phone: Phone,
    pub position: Option<String>,
    pub key_person: bool,
    pub vip_level: VipLevel,
    pub carrier: Carrier,
    pub birthday: Option<chrono::NaiveDate>,
}

/// Checks a member's fields, recording problems in `c` under `prefix` (e.g. `fields`).
pub fn check_member(c: &mut Check, prefix: &str, f: MemberFields, today: chrono::NaiveDate) -> Option<ValidMember> {
    let name = c.text(&format!("{prefix}.name"), &f.name, 100);
    let phone = c.phone(&format!("{prefix}.phone"), &f.phone);
    let position = c.opt_text(&format!("{prefix}.position"), f.position.as_deref(), 100);
    let birthday = c.past_date(&format!("{prefix}.birthday"), f.birthday, today);
    Some(ValidMember {
        name,
        phone: phone?,
        position,
        key_person: f.key_person,
        vip_level: f.vip_level,
        carrier: f.carrier,
        birthday,
    })
}

pub const TABLE: ChildTable<Entity> = ChildTable {
    cols: Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt },
    entity_type: "Member",
    group_of: |m| m.group_id,
    snapshot: crate::audit::snapshot::<Model>,
    archived_col: Column::ArchivedAt,
    archived_at: |m| m.archived_at,
    action_prefix: "member",
};

fn duplicate_phone(e: sea_orm::DbErr) -> AppError {
    if AppError::is_unique_violation(&e) {
        UserError::new(
            "fields.phone",
            UserErrorCode::Duplicate,
            "该号码已是本集团成员",
            "This number is already a member of the group",
        )
        .into()
    } else {
        e.into()
    }
}

pub fn new_row(group_id: i64, v: ValidMember, status: MemberStatus, now: chrono::DateTime<chrono::Utc>) -> ActiveModel {
    ActiveModel {
        group_id: Set(group_id),
        name: Set(v.name),
        phone: Set(v.phone.into_inner()),
        position: Set(v.position),
        key_person: Set(v.key_person),
        vip_level: Set(v.vip_level),
        carrier: Set(v.carrier),
        status: Set(status),
        birthday: Set(v.birthday),
        arpu: Set(None),
        arpu_month: Set(None),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

pub async fn create(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    group_id: i64,
    f: MemberFields,
    status: MemberStatus,
) -> AppResult<Model> {
    let now = state.now();
    let mut c = Check::new();
    let v = check_member(&mut c, "fields", f, business_date(now));
    let v = c.finish(|| v.expect("valid when no errors"))?;
    let txn = crate::db::write(&state.db).await?;
    writable_group(&txn, viewer, group_id).await?;
    let row = new_row(group_id, v, status, now).insert(&txn).await.map_err(duplicate_phone)?;
    let change = Change {
        action: "member.create",
        entity_type: "Member",
        entity_id: Some(row.id),
        before: None,
        after: Some(audit::snapshot(&row)),
    };
    audit::commit(state, txn, now, actor, change).await?;
    Ok(row)
}

fn ensure_current(m: &Model) -> Result<(), UserError> {
    match m.archived_at {
        Some(_) => {
            Err(UserError::new("id", UserErrorCode::InvalidTransition, "该成员已归档", "This member is archived"))
        }
        None => Ok(()),
    }
}

pub async fn update(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    f: MemberFields,
) -> AppResult<Model> {
    let mut c = Check::new();
    let v = check_member(&mut c, "fields", f, business_date(state.now()));
    let v = c.finish(|| v.expect("valid when no errors"))?;
    let plan: ChildPlan<Entity> = Box::new(move |m| {
        ensure_current(m)?;
        Ok(vec![
            (Column::Name, Expr::value(v.name)),
            (Column::Phone, Expr::value(v.phone.into_inner())),
            (Column::Position, Expr::value(v.position)),
            (Column::KeyPerson, Expr::value(v.key_person)),
            (Column::VipLevel, Expr::value(v.vip_level.as_str())),
            (Column::Carrier, Expr::value(v.carrier.as_str())),
            (Column::Birthday, Expr::value(v.birthday)),
        ])
    });
    change_child(state, actor, viewer, &TABLE, id, expected_version, "member.update", plan).await.map_err(|e| match e {
        AppError::Db(db) => duplicate_phone(db),
        other => other,
    })
}

/// Records the line's state as billing reports it (在网, 停机, 预销户, 销户, 呼转).
pub async fn set_status(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    status: MemberStatus,
) -> AppResult<Model> {
    let plan: ChildPlan<Entity> = Box::new(move |m| {
        ensure_current(m)?;
        if m.status == status {
            return Err(UserError::new(
                "status",
                UserErrorCode::InvalidTransition,
                format!("成员已是“{}”状态", status.label_zh()),
                format!("The member is already “{}”", status.label_en()),
            )
            .into());
        }
        Ok(vec![(Column::Status, Expr::value(status.as_str()))])
    });
    change_child(state, actor, viewer, &TABLE, id, expected_version, "member.set_status", plan).await
}

pub async fn set_archived(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    archived: bool,
) -> AppResult<Model> {
    set_child_archived(state, actor, viewer, &TABLE, id, expected_version, archived).await
}

/// Writes (or corrects) one month's revenue and moves the member's ARPU forward if it is
/// the latest month recorded. Revenue is billing data: it does not change the card's version.
pub async fn write_revenue<C: ConnectionTrait>(
    db: &C,
    member: &Model,
    month: Month,
    amount: Decimal,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    use entity::member_revenue as rev;
    rev::Entity::insert(rev::ActiveModel {
        member_id: Set(member.id),
        group_id: Set(member.group_id),
        month: Set(month.to_string()),
        amount: Set(amount),
        recorded_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([rev::Column::MemberId, rev::Column::Month])
            .update_columns([rev::Column::Amount, rev::Column::RecordedAt])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Entity::update_many()
        .col_expr(Column::Arpu, Expr::value(amount))
        .col_expr(Column::ArpuMonth, Expr::value(month.to_string()))
        .filter(Column::Id.eq(member.id))
        .filter(
            sea_orm::Condition::any().add(Column::ArpuMonth.is_null()).add(Column::ArpuMonth.lte(month.to_string())),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Records revenue for many members and months at once: all of it, or (if any entry is
/// wrong) none of it, with each problem reported at its entry.
pub async fn record_revenues(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    entries: Vec<(Option<i64>, String, Decimal)>,
) -> AppResult<Vec<Model>> {
    if entries.is_empty() || entries.len() > 1000 {
        return Err(UserError::new(
            "entries",
            UserErrorCode::Invalid,
            "每次可录入 1 到 1000 条",
            "Record between 1 and 1000 entries at a time",
        )
        .into());
    }
    let now = state.now();
    let this_month = Month::of(business_date(now));
    let txn = crate::db::write(&state.db).await?;
    let ids: Vec<i64> = entries.iter().filter_map(|e| e.0).collect();
    let members = Entity::find().filter(Column::Id.is_in(ids)).all(&txn).await?;
    // Each group's visibility is checked once, whatever the number of entries.
    let group_ids: Vec<i64> = members.iter().map(|m| m.group_id).collect();
    let groups = entity::customer_group::Entity::find()
        .filter(entity::customer_group::Column::Id.is_in(group_ids))
        .all(&txn)
        .await?;
    let visible: std::collections::HashSet<i64> =
        groups.iter().filter(|g| crate::groups::visible(viewer, g)).map(|g| g.id).collect();
    let mut c = Check::new();
    let mut valid = Vec::new();
    for (i, (id, month, amount)) in entries.iter().enumerate() {
        let member = id.and_then(|id| members.iter().find(|m| m.id == id));
        let member = match member {
            Some(m) if visible.contains(&m.group_id) => Some(m),
            _ => {
                c.push(UserError::new(
                    &format!("entries.{i}.memberId"),
                    UserErrorCode::NotFound,
                    "成员不存在",
                    "Member not found",
                ));
                None
            }
        };
        let month = c.take(Month::parse(&format!("entries.{i}.month"), month));
        if month.is_some_and(|m| m > this_month) {
            c.push(UserError::new(
                &format!("entries.{i}.month"),
                UserErrorCode::Invalid,
                "不能录入未来月份的收入",
                "Revenue cannot be recorded for a future month",
            ));
        }
        let amount = c.take(money(&format!("entries.{i}.amount"), *amount));
        if let (Some(m), Some(month), Some(amount)) = (member, month, amount) {
            valid.push((m.clone(), month, amount));
        }
    }
    c.finish(|| ())?;
    for (m, month, amount) in &valid {
        write_revenue(&txn, m, *month, *amount, now).await?;
    }
    let summary: Vec<Json> = valid
        .iter()
        .map(|(m, month, amount)| json!({ "memberId": m.id, "month": month.to_string(), "amount": amount.to_string() }))
        .collect();
    let change = Change {
        action: "member.record_revenue",
        entity_type: "Member",
        entity_id: (valid.len() == 1).then(|| valid[0].0.id),
        before: None,
        after: Some(json!({ "entries": summary })),
    };
    let mut ids: Vec<i64> = valid.iter().map(|(m, ..)| m.id).collect();
    ids.dedup();
    let updated = Entity::find().filter(Column::Id.is_in(ids.clone())).all(&txn).await?;
    audit::commit(state, txn, now, actor, change).await?;
    let mut out = updated;
    out.sort_by_key(|m| ids.iter().position(|i| *i == m.id));
    Ok(out)
}
