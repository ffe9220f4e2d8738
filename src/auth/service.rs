//! Sign-in, refresh-token rotation with reuse detection, and sign-out.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, sea_query::Expr,
};
use serde_json::json;

use super::{
    Viewer, password,
    tokens::{hash_refresh_token, new_refresh_token},
};
use crate::{
    audit::{self, Actor, Change},
    error::{AppError, AppResult, UserError, UserErrorCode},
    state::AppState,
};
use entity::{app_user, refresh_token};

/// Tokens handed to a client after sign-in or refresh.
pub struct Session {
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_token_expires_at: DateTime<Utc>,
    pub user: app_user::Model,
}

pub fn viewer_of(user: &app_user::Model) -> AppResult<Viewer> {
    Ok(Viewer {
        user_id: user.id,
        role: user.role,
        org_unit_id: user.org_unit_id,
        branch_id: user.branch_id,
        department_id: user.department_id,
    })
}

fn invalid_credentials() -> AppError {
    UserError::new("username", UserErrorCode::InvalidCredentials, "用户名或密码错误", "Wrong username or password")
        .into()
}

async fn issue<C: ConnectionTrait>(
    state: &AppState,
    db: &C,
    user: app_user::Model,
    family: String,
    now: DateTime<Utc>,
) -> AppResult<Session> {
    let viewer = viewer_of(&user)?;
    let refresh = new_refresh_token();
    let refresh_expires =
        now + chrono::Duration::from_std(state.config.refresh_token_ttl).map_err(AppError::internal)?;
    refresh_token::ActiveModel {
        user_id: Set(user.id),
        family_id: Set(family),
        token_hash: Set(hash_refresh_token(&refresh)),
        issued_at: Set(now),
        expires_at: Set(refresh_expires),
        used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let ttl = state.config.access_token_ttl;
    Ok(Session {
        access_token: state.keys.issue_in_epoch(&viewer, user.session_epoch, now, ttl),
        access_token_expires_at: now + chrono::Duration::from_std(ttl).map_err(AppError::internal)?,
        refresh_token: refresh,
        refresh_token_expires_at: refresh_expires,
        user,
    })
}

/// Checks a username and password. Unknown user and wrong password give the same answer, in
/// about the same time; a disabled account is named only to someone who gave its password.
pub async fn login(
    state: &AppState,
    username: &str,
    password_text: &str,
    ip: &str,
    request_id: Option<String>,
) -> AppResult<Session> {
    let now = state.now();
    let username = username.trim().to_ascii_lowercase();
    if let Err(e) = super::rate_limit::take_attempt(&state.db, state.login_limits, &username, ip, now).await {
        tracing::warn!(user.name = %username, client.ip = %ip, "login rate limited");
        return Err(e);
    }
    let user = app_user::Entity::find().filter(app_user::Column::Username.eq(&username)).one(&state.db).await?;
    let matches = password::verify(password_text.to_string(), user.as_ref().map(|u| u.password_hash.clone())).await?;
    let user = match user {
        Some(u) if matches && u.active => u,
        // Only someone who knows the password learns that the account is disabled.
        Some(_) if matches => {
            tracing::info!(user.name = %username, client.ip = %ip, "login refused: account disabled");
            return Err(UserError::new(
                "username",
                UserErrorCode::AccountDisabled,
                "账号已停用，请联系管理员",
                "This account is disabled; ask an administrator",
            )
            .into());
        }
        _ => {
            tracing::info!(user.name = %username, client.ip = %ip, "login failed");
            return Err(invalid_credentials());
        }
    };
    super::rate_limit::clear_user(&state.db, &username).await?;
    let txn = crate::db::write(&state.db).await?;
    app_user::Entity::update_many()
        .col_expr(app_user::Column::LastLoginAt, Expr::value(now))
        .filter(app_user::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    let session = issue(state, &txn, user, uuid::Uuid::new_v4().to_string(), now).await?;
    let actor = Actor { user_id: Some(session.user.id), request_id };
    audit::commit(
        state,
        txn,
        now,
        &actor,
        Change {
            action: "auth.login",
            entity_type: "User",
            entity_id: Some(session.user.id),
            before: None,
            after: Some(json!({ "ip": ip })),
        },
    )
    .await?;
    Ok(session)
}

/// Revokes the refresh tokens still valid among those matching `which`.
async fn revoke<C: ConnectionTrait>(
    db: &C,
    which: sea_orm::sea_query::SimpleExpr,
    now: DateTime<Utc>,
) -> AppResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(which)
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

async fn revoke_family<C: ConnectionTrait>(db: &C, family: &str, now: DateTime<Utc>) -> AppResult<()> {
    revoke(db, refresh_token::Column::FamilyId.eq(family), now).await
}

pub async fn revoke_all_for_user<C: ConnectionTrait>(db: &C, user_id: i64, now: DateTime<Utc>) -> AppResult<()> {
    revoke(db, refresh_token::Column::UserId.eq(user_id), now).await
}

/// Exchanges a refresh token for a new session. Each token works once: presenting a
/// rotated token again means it leaked, and ends the whole family of sessions — except a retry
/// soon after the first use while the token it was exchanged for is still unused, which is the
/// browser that never received the answer (a page left while the refresh was on its way, two tabs
/// refreshing at once); that retry gets a session of its own in the same family.
pub async fn refresh(state: &AppState, token: &str, request_id: Option<String>) -> AppResult<Session> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_refresh_token(token.trim())))
        .one(&txn)
        .await?
        .ok_or_else(AppError::session_expired)?;
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(AppError::session_expired());
    }
    // Claim the token; a concurrent or later second use finds it already used.
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 && is_lost_answer_retry(&txn, state, &row, now).await? {
        let user = active_user(&txn, &row, now).await?;
        let session = issue(state, &txn, user, row.family_id.clone(), now).await?;
        txn.commit().await?;
        tracing::info!(
            user.id = row.user_id,
            "refresh token presented again within the grace period; new session issued"
        );
        return Ok(session);
    }
    if claimed.rows_affected != 1 {
        revoke_family(&txn, &row.family_id, now).await?;
        let actor = Actor { user_id: Some(row.user_id), request_id };
        let change = Change {
            action: "auth.refresh_token_reused",
            entity_type: "User",
            entity_id: Some(row.user_id),
            before: None,
            after: Some(json!({ "family": row.family_id })),
        };
        audit::commit(state, txn, now, &actor, change).await?;
        tracing::warn!(user.id = row.user_id, "refresh token reuse detected; session family revoked");
        return Err(AppError::session_expired());
    }
    let user = active_user(&txn, &row, now).await?;
    let session = issue(state, &txn, user, row.family_id, now).await?;
    txn.commit().await?;
    Ok(session)
}

/// The token's owner, if still active; a disabled user's family ends.
async fn active_user(
    txn: &sea_orm::DatabaseTransaction,
    row: &refresh_token::Model,
    now: DateTime<Utc>,
) -> AppResult<app_user::Model> {
    let user = app_user::Entity::find_by_id(row.user_id).one(txn).await?.ok_or_else(AppError::session_expired)?;
    if !user.active {
        revoke_family(txn, &row.family_id, now).await?;
        return Err(AppError::session_expired());
    }
    Ok(user)
}

/// A second use of `row` within the grace period, while no later token of its family has been
/// used (the successor it was exchanged for never reached anyone).
async fn is_lost_answer_retry(
    txn: &sea_orm::DatabaseTransaction,
    state: &AppState,
    row: &refresh_token::Model,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    // Unused when read but claimed before us: a concurrent refresh, used just now.
    let used_at = row.used_at.unwrap_or(now);
    let grace = chrono::Duration::from_std(state.config.refresh_reuse_grace).map_err(AppError::internal)?;
    if now - used_at > grace {
        return Ok(false);
    }
    let used_since = refresh_token::Entity::find()
        .filter(refresh_token::Column::FamilyId.eq(&row.family_id))
        .filter(refresh_token::Column::Id.gt(row.id))
        .filter(refresh_token::Column::UsedAt.is_not_null())
        .count(txn)
        .await?;
    Ok(used_since == 0)
}

/// Ends the session the refresh token belongs to. Unknown tokens are ignored.
pub async fn logout(state: &AppState, token: &str) -> AppResult<()> {
    let now = state.now();
    if let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_refresh_token(token.trim())))
        .one(&state.db)
        .await?
    {
        revoke_family(&state.db, &row.family_id, now).await?;
    }
    Ok(())
}
