//! Settings in the API: admins read and change them.
use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{EntityTrait, QueryOrder};

use crate::{
    error::{AppError, UserError},
    graphql::ContextExt,
    graphql::payload::split,
};
use entity::setting::{Column, Entity, Model};

/// A setting an admin may change (设置项).
pub struct Setting(Model);

/// A setting an admin may change (设置项).
#[Object]
impl Setting {
    /// Dotted key, e.g. `member.arpu.high_above`.
    async fn key(&self) -> &str {
        &self.0.key
    }
    /// Current value, as text.
    async fn value(&self) -> &str {
        &self.0.value
    }
    /// What the setting means, in the request's language.
    async fn description(&self, ctx: &Context<'_>) -> &'static str {
        let known = super::KNOWN.iter().find(|k| k.key == self.0.key);
        known.map_or("", |k| if ctx.lang() == crate::state::Lang::En { k.en } else { k.zh })
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Last change.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(Default)]
pub struct SettingsQuery;

#[Object]
impl SettingsQuery {
    /// Every setting (admins only).
    async fn settings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Setting>> {
        if !ctx.viewer()?.is_admin() {
            return Err(AppError::forbidden().into());
        }
        let rows = Entity::find().order_by_asc(Column::Key).all(&ctx.state().db).await.map_err(AppError::from)?;
        Ok(rows.into_iter().map(Setting).collect())
    }
}

/// A new value for one setting.
#[derive(InputObject)]
pub struct UpdateSettingInput {
    /// The setting's key.
    pub key: String,
    /// The new value.
    pub value: String,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
}

/// Result of changing a setting.
#[derive(SimpleObject)]
pub struct UpdateSettingPayload {
    /// The setting as changed; null when there are user errors.
    pub setting: Option<Setting>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct SettingsMutation;

#[Object]
impl SettingsMutation {
    /// Changes a setting (admins only).
    async fn update_setting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: UpdateSettingInput,
    ) -> async_graphql::Result<UpdateSettingPayload> {
        if !ctx.viewer()?.is_admin() {
            return Err(AppError::forbidden().into());
        }
        let actor = ctx.actor()?;
        let (m, user_errors) =
            split(super::update(ctx.state(), &actor, &input.key, &input.value, input.expected_version).await)?;
        Ok(UpdateSettingPayload { setting: m.map(Setting), user_errors })
    }
}
