//! The working calendar in the API: everyone reads it, admins edit it.
use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::DayKind;
use crate::{
    error::{AppError, UserError},
    graphql::ContextExt,
    graphql::{enums::Gql, payload::split, scalars::Date},
};
use entity::calendar_day::{Column, Entity, Model};

/// A day that differs from the Monday–Friday rule (节假日 / 调休上班).
pub struct CalendarDay(Model);

/// A day that differs from the Monday–Friday rule (节假日 / 调休上班).
#[Object]
impl CalendarDay {
    /// The day.
    async fn day(&self) -> Date {
        Date(self.0.day)
    }
    /// Holiday or moved working day.
    async fn kind(&self) -> Gql<DayKind> {
        Gql(self.0.kind)
    }
    /// Name, e.g. 国庆节.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// A day of a holiday that makes care tasks for every group (节日关怀, rule 8).
    async fn care(&self) -> bool {
        self.0.care
    }
    /// Last change.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(Default)]
pub struct CalendarQuery;

#[Object]
impl CalendarQuery {
    /// The calendar's holidays and moved working days between two dates (at most a year and a day).
    async fn calendar_days(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First day.")] from: Date,
        #[graphql(desc = "Last day.")] to: Date,
    ) -> async_graphql::Result<Vec<CalendarDay>> {
        ctx.viewer()?;
        if to.0 < from.0 || to.0 - from.0 > Duration::days(366) {
            return Err(AppError::bad_input("日期范围须在一年以内", "The range must be at most a year").into());
        }
        let rows = Entity::find()
            .filter(Column::Day.between(from.0, to.0))
            .order_by_asc(Column::Day)
            .all(&ctx.state().db)
            .await
            .map_err(AppError::from)?;
        Ok(rows.into_iter().map(CalendarDay).collect())
    }
}

/// Marks a day.
#[derive(InputObject)]
pub struct SetCalendarDayInput {
    /// The day.
    pub day: Date,
    /// Holiday, or a weekend day worked.
    pub kind: Gql<DayKind>,
    /// Name, e.g. 春节.
    pub name: String,
    /// Whether this holiday makes care tasks (default false; holidays only).
    pub care: Option<bool>,
}

/// A day to clear.
#[derive(InputObject)]
pub struct RemoveCalendarDayInput {
    /// The day.
    pub day: Date,
}

/// Result of a calendar change.
#[derive(SimpleObject)]
pub struct CalendarDayPayload {
    /// The entry set or removed; null when there are user errors.
    pub calendar_day: Option<CalendarDay>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct CalendarMutation;

#[Object]
impl CalendarMutation {
    /// Marks a day as a holiday or a moved working day (admins only).
    async fn set_calendar_day(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: SetCalendarDayInput,
    ) -> async_graphql::Result<CalendarDayPayload> {
        if !ctx.viewer()?.is_admin() {
            return Err(AppError::forbidden().into());
        }
        let (m, user_errors) = split(
            super::set_day(
                ctx.state(),
                &ctx.actor()?,
                input.day.0,
                input.kind.0,
                &input.name,
                input.care.unwrap_or(false),
            )
            .await,
        )?;
        Ok(CalendarDayPayload { calendar_day: m.map(CalendarDay), user_errors })
    }

    /// Clears a day's entry (admins only).
    async fn remove_calendar_day(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RemoveCalendarDayInput,
    ) -> async_graphql::Result<CalendarDayPayload> {
        if !ctx.viewer()?.is_admin() {
            return Err(AppError::forbidden().into());
        }
        let (m, user_errors) = split(super::remove_day(ctx.state(), &ctx.actor()?, input.day.0).await)?;
        Ok(CalendarDayPayload { calendar_day: m.map(CalendarDay), user_errors })
    }
}
