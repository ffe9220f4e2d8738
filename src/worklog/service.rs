//! Assembling a day's log from the audit trail, the user's notes, and the head's comments and reviews.
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::Expr,
};
use serde_json::Value as Json;

use super::{LogKind, kind_of};
use crate::{
    audit::{self, Actor, Change},
    auth::{Role, Scope, Viewer},
    clock::business_date,
    dayplan::service::day_span,
    db::{Keyed, Versioned, keyed, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::{Check, Month},
    state::AppState,
};
use entity::{app_user, audit_event, work_log, work_log_comment};

/// How far back notes may still be written.
pub const NOTES_DAYS_BACK: i64 = 31;
/// At most this many records in one day's log.
pub const MAX_ENTRIES: u64 = 500;
/// At most this many audit rows read for a period's figures (a month's tallies, a summary): far
/// more than a person records in a month, and a bound on what one request reads and holds.
pub const MAX_PERIOD_ROWS: u64 = 50_000;

/// One line of a log: something the user recorded.
#[derive(Clone, Debug)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub kind: LogKind,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<i64>,
    pub group_id: Option<i64>,
    /// The row as it was left (a visit's method and purpose, say).
    pub after: Option<Json>,
}

/// The records of `user_id` between `from` and `to`, oldest first.
pub async fn entries<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> AppResult<Vec<Entry>> {
    use audit_event::Column as A;
    let rows: Vec<(DateTime<Utc>, String, String, Option<i64>, Option<Json>)> = audit_event::Entity::find()
        .select_only()
        .columns([A::OccurredAt, A::Action, A::EntityType, A::EntityId, A::After])
        .filter(A::ActorId.eq(user_id))
        .filter(A::OccurredAt.gte(from))
        .filter(A::OccurredAt.lt(to))
        .order_by_asc(A::OccurredAt)
        .order_by_asc(A::Id)
        .limit(MAX_ENTRIES)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(at, action, entity_type, entity_id, after)| {
            let kind = kind_of(&entity_type, &action, after.as_ref())?;
            let group_id = if entity_type == "CustomerGroup" {
                entity_id
            } else {
                after.as_ref().and_then(|a| a.get("groupId")).and_then(Json::as_i64)
            };
            Some(Entry { at, kind, action, entity_type, entity_id, group_id, after })
        })
        .collect())
}

/// Whether `viewer` may read `user`'s log: their own, or a user their scope covers.
pub fn may_read(viewer: &Viewer, user: &app_user::Model) -> bool {
    crate::users::visible(viewer, user)
}

/// Whether `viewer` comments on and reviews `user`'s log: a head over them, never their own.
pub fn may_review(viewer: &Viewer, user: &app_user::Model) -> bool {
    viewer.user_id != user.id
        && !matches!(viewer.scope(), Scope::Own(_) | Scope::Nothing)
        && viewer.role != Role::Admin
        && viewer.scope().covers(&crate::users::placement(user))
}

/// The user `id` as `viewer` may read them.
pub async fn readable_user<C: ConnectionTrait>(db: &C, viewer: &Viewer, id: i64) -> AppResult<app_user::Model> {
    app_user::Entity::find_by_id(id).one(db).await?.filter(|u| may_read(viewer, u)).ok_or_else(AppError::not_found)
}

/// A day's notes, if any were written.
pub async fn notes<C: ConnectionTrait>(db: &C, user_id: i64, day: NaiveDate) -> AppResult<Option<work_log::Model>> {
    Ok(work_log::Entity::find()
        .filter(work_log::Column::UserId.eq(user_id))
        .filter(work_log::Column::Day.eq(day))
        .one(db)
        .await?)
}

/// The comments on a month of `user_id`'s logs (the reviews among them), oldest first.
pub async fn comments<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    month: Month,
) -> AppResult<Vec<work_log_comment::Model>> {
    use work_log_comment::Column as K;
    Ok(work_log_comment::Entity::find()
        .filter(K::UserId.eq(user_id))
        .filter(K::Month.eq(month.to_string()))
        .order_by_asc(K::Id)
        .limit(500)
        .all(db)
        .await?)
}

/// Writes the viewer's notes on a day (today or the month before it): the first time without a
/// version, after that with the version last seen.
pub async fn save_notes(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    day: NaiveDate,
    text: &str,
    expected_version: Option<i32>,
) -> AppResult<work_log::Model> {
    let now = state.now();
    let today = business_date(now);
    let mut c = Check::new();
    let text = c.opt_text("notes", Some(text), 4000).unwrap_or_default();
    if day > today || day < today - Duration::days(NOTES_DAYS_BACK) {
        c.push(UserError::new(
            "day",
            UserErrorCode::Invalid,
            format!("只能填写今天及之前 {NOTES_DAYS_BACK} 天的日志"),
            format!("Write the log of today or of the {NOTES_DAYS_BACK} days before"),
        ));
    }
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let before = notes(&txn, viewer.user_id, day).await?;
    let after = match keyed(before.as_ref(), expected_version)? {
        Keyed::Insert => {
            work_log::ActiveModel {
                user_id: Set(viewer.user_id),
                day: Set(day),
                notes: Set(text),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
        Keyed::Update(b, v) => {
            let cols = Versioned {
                id: work_log::Column::Id,
                version: work_log::Column::Version,
                updated_at: work_log::Column::UpdatedAt,
            };
            versioned_update::<work_log::Entity, _>(
                &txn,
                cols,
                b.id,
                v,
                now,
                [(work_log::Column::Notes, Expr::value(text))],
            )
            .await?;
            work_log::Entity::find_by_id(b.id).one(&txn).await?.ok_or_else(AppError::not_found)?
        }
    };
    let change = Change {
        action: if before.is_some() { "work_log.update" } else { "work_log.create" },
        entity_type: "WorkLog",
        entity_id: Some(after.id),
        before: before.as_ref().map(audit::snapshot),
        after: Some(audit::snapshot(&after)),
    };
    audit::commit(state, txn, now, actor, change).await?;
    Ok(after)
}

/// What a head says on a user's log.
pub struct NewComment {
    pub user_id: i64,
    /// The day commented on; none for the month's review.
    pub day: Option<NaiveDate>,
    /// The month reviewed (the day's month when a day is given).
    pub month: Option<Month>,
    pub text: String,
}

/// A head comments on a day of a team member's log, or reviews their month (审阅).
pub async fn comment(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    input: NewComment,
) -> AppResult<work_log_comment::Model> {
    let now = state.now();
    let today = business_date(now);
    let mut c = Check::new();
    let text = c.text("text", &input.text, 1000);
    let month = match (input.day, input.month) {
        (Some(d), _) if d > today => {
            c.push(UserError::new("day", UserErrorCode::Invalid, "不能评论未来的日志", "That day has not come yet"));
            None
        }
        (Some(d), _) => Some(Month::of(d)),
        (None, Some(m)) if m > Month::of(today) => {
            c.push(UserError::new(
                "month",
                UserErrorCode::Invalid,
                "不能审阅未来的月份",
                "That month has not come yet",
            ));
            None
        }
        (None, Some(m)) => Some(m),
        (None, None) => {
            c.push(UserError::new("month", UserErrorCode::Required, "请给出日期或月份", "Give a day or a month"));
            None
        }
    };
    c.finish(|| ())?;
    let month = month.ok_or_else(AppError::not_found)?;
    let txn = crate::db::write(&state.db).await?;
    let user = readable_user(&txn, viewer, input.user_id).await?;
    if !may_review(viewer, &user) {
        return Err(UserError::new(
            "userId",
            UserErrorCode::NotPermitted,
            "只有上级负责人可以审阅",
            "Only a head over them reviews",
        )
        .into());
    }
    let row = work_log_comment::ActiveModel {
        user_id: Set(user.id),
        month: Set(month.to_string()),
        day: Set(input.day),
        author_id: Set(viewer.user_id),
        text: Set(text),
        review: Set(input.day.is_none()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let action = if row.review { "work_log.review" } else { "work_log.comment" };
    let change = Change {
        action,
        entity_type: "WorkLogComment",
        entity_id: Some(row.id),
        before: None,
        after: Some(audit::snapshot(&row)),
    };
    let ev = crate::events::Event::changed("WorkLog", user.id, action, "COMMENTED", vec![user.id]);
    crate::events::commit(state, txn, now, actor, vec![change], vec![ev]).await?;
    Ok(row)
}

/// A day of a month's logs: how many records, and whether notes were written.
pub struct DayTally {
    pub day: NaiveDate,
    pub records: i64,
    pub by_kind: HashMap<LogKind, i64>,
    pub notes: bool,
}

/// The month's logs of `user_id`, day by day (days with nothing left out).
pub async fn month<C: ConnectionTrait>(db: &C, user_id: i64, month: Month) -> AppResult<Vec<DayTally>> {
    let (from, _) = day_span(month.first_day());
    let (_, to) = day_span(month.last_day());
    use audit_event::Column as A;
    let rows: Vec<(DateTime<Utc>, String, String, Option<Json>)> = audit_event::Entity::find()
        .select_only()
        .columns([A::OccurredAt, A::Action, A::EntityType, A::After])
        .filter(A::ActorId.eq(user_id))
        .filter(A::OccurredAt.gte(from))
        .filter(A::OccurredAt.lt(to))
        .limit(MAX_PERIOD_ROWS)
        .into_tuple()
        .all(db)
        .await?;
    let mut days: BTreeMap<NaiveDate, DayTally> = BTreeMap::new();
    for (at, action, entity_type, after) in rows {
        let Some(kind) = kind_of(&entity_type, &action, after.as_ref()) else { continue };
        let day = business_date(at);
        let t = days.entry(day).or_insert_with(|| DayTally { day, records: 0, by_kind: HashMap::new(), notes: false });
        t.records += 1;
        *t.by_kind.entry(kind).or_default() += 1;
    }
    let noted: Vec<NaiveDate> = work_log::Entity::find()
        .select_only()
        .column(work_log::Column::Day)
        .filter(work_log::Column::UserId.eq(user_id))
        .filter(work_log::Column::Day.gte(month.first_day()))
        .filter(work_log::Column::Day.lte(month.last_day()))
        .filter(work_log::Column::Notes.ne(""))
        .into_tuple()
        .all(db)
        .await?;
    for day in noted {
        days.entry(day).or_insert_with(|| DayTally { day, records: 0, by_kind: HashMap::new(), notes: false }).notes =
            true;
    }
    Ok(days.into_values().collect())
}

/// The people whose logs a head reviews: the active account managers their scope covers.
pub async fn team<C: ConnectionTrait>(db: &C, viewer: &Viewer) -> AppResult<Vec<app_user::Model>> {
    use app_user::Column as U;
    if matches!(viewer.scope(), Scope::Own(_) | Scope::Nothing) {
        return Ok(vec![]);
    }
    Ok(app_user::Entity::find()
        .filter(viewer.scope().condition(U::Id, U::DepartmentId, U::BranchId))
        .filter(U::Role.eq(Role::AccountManager))
        .filter(U::Active.eq(true))
        .order_by_asc(U::Username)
        .limit(200)
        .all(db)
        .await?)
}

/// A team member's month at a glance.
#[derive(Default, Clone)]
pub struct MemberMonth {
    pub days_with_records: i64,
    pub records: i64,
    pub days_with_notes: i64,
    pub reviews: Vec<work_log_comment::Model>,
}

/// The month of each of `users` at a glance, in three statements whatever their number.
pub async fn team_month<C: ConnectionTrait>(
    db: &C,
    users: &[i64],
    month: Month,
) -> AppResult<HashMap<i64, MemberMonth>> {
    let (from, _) = day_span(month.first_day());
    let (_, to) = day_span(month.last_day());
    use audit_event::Column as A;
    let rows: Vec<(Option<i64>, DateTime<Utc>, String, String)> = audit_event::Entity::find()
        .select_only()
        .columns([A::ActorId, A::OccurredAt, A::Action, A::EntityType])
        .filter(A::ActorId.is_in(users.iter().copied()))
        .filter(A::OccurredAt.gte(from))
        .filter(A::OccurredAt.lt(to))
        .limit(MAX_PERIOD_ROWS)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<i64, MemberMonth> = users.iter().map(|u| (*u, MemberMonth::default())).collect();
    let mut days: HashMap<i64, std::collections::HashSet<NaiveDate>> = HashMap::new();
    for (actor, at, action, entity_type) in rows {
        let Some(actor) = actor else { continue };
        if kind_of(&entity_type, &action, None).is_none() {
            continue;
        }
        if let Some(m) = out.get_mut(&actor) {
            m.records += 1;
        }
        days.entry(actor).or_default().insert(business_date(at));
    }
    for (u, d) in days {
        if let Some(m) = out.get_mut(&u) {
            m.days_with_records = d.len() as i64;
        }
    }
    let noted: Vec<(i64, i64)> = work_log::Entity::find()
        .select_only()
        .column(work_log::Column::UserId)
        .column_as(work_log::Column::Id.count(), "n")
        .filter(work_log::Column::UserId.is_in(users.iter().copied()))
        .filter(work_log::Column::Day.gte(month.first_day()))
        .filter(work_log::Column::Day.lte(month.last_day()))
        .filter(work_log::Column::Notes.ne(""))
        .group_by(work_log::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    for (u, n) in noted {
        if let Some(m) = out.get_mut(&u) {
            m.days_with_notes = n;
        }
    }
    use work_log_comment::Column as K;
    let reviews = work_log_comment::Entity::find()
        .filter(K::UserId.is_in(users.iter().copied()))
        .filter(K::Month.eq(month.to_string()))
        .filter(K::Review.eq(true))
        .order_by_asc(K::Id)
        .all(db)
        .await?;
    for r in reviews {
        if let Some(m) = out.get_mut(&r.user_id) {
            m.reviews.push(r);
        }
    }
    Ok(out)
}

/// What a user recorded between `from` and `to`: counts by kind of record and by action.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub by_kind: HashMap<LogKind, i64>,
    pub by_action: HashMap<String, i64>,
}

impl Tally {
    pub fn kind(&self, k: LogKind) -> i64 {
        self.by_kind.get(&k).copied().unwrap_or(0)
    }
    pub fn action(&self, a: &str) -> i64 {
        self.by_action.get(a).copied().unwrap_or(0)
    }
}

/// Counts what `user_id` recorded in `[from, to)` (at most [`MAX_PERIOD_ROWS`] rows).
pub async fn tally<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> AppResult<Tally> {
    use audit_event::Column as A;
    let rows: Vec<(String, String, Option<Json>)> = audit_event::Entity::find()
        .select_only()
        .columns([A::Action, A::EntityType, A::After])
        .filter(A::ActorId.eq(user_id))
        .filter(A::OccurredAt.gte(from))
        .filter(A::OccurredAt.lt(to))
        .limit(MAX_PERIOD_ROWS)
        .into_tuple()
        .all(db)
        .await?;
    let mut t = Tally::default();
    for (action, entity_type, after) in rows {
        let Some(kind) = kind_of(&entity_type, &action, after.as_ref()) else { continue };
        *t.by_kind.entry(kind).or_default() += 1;
        *t.by_action.entry(action).or_default() += 1;
    }
    Ok(t)
}
