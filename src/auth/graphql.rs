//! Sign-in, token refresh and sign-out in the API.
use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::service::{self, Session};
use crate::{
    error::{AppError, UserError, UserErrorCode},
    graphql::ContextExt,
    graphql::payload::split,
    users::graphql::User,
};

/// Tokens for a signed-in user (登录凭证).
#[derive(SimpleObject)]
pub struct AuthSession {
    /// Bearer token for the `Authorization` header; short-lived.
    pub access_token: String,
    /// When the access token stops working.
    pub access_token_expires_at: DateTime<Utc>,
    /// Single-use token to get a new session with `refreshToken`; keep it secret.
    pub refresh_token: String,
    /// When the refresh token stops working.
    pub refresh_token_expires_at: DateTime<Utc>,
    /// The signed-in user.
    pub user: User,
}

impl From<Session> for AuthSession {
    fn from(s: Session) -> Self {
        Self {
            access_token: s.access_token,
            access_token_expires_at: s.access_token_expires_at,
            refresh_token: s.refresh_token,
            refresh_token_expires_at: s.refresh_token_expires_at,
            user: User(s.user),
        }
    }
}

/// Credentials to sign in with.
#[derive(InputObject)]
pub struct LoginInput {
    /// Username (case-insensitive).
    pub username: String,
    /// Password.
    pub password: String,
}

/// A refresh token to exchange or revoke.
#[derive(InputObject)]
pub struct RefreshTokenInput {
    /// The refresh token from the last `login` or `refreshToken`.
    pub refresh_token: String,
}

/// Result of signing in or refreshing.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// The new session; null when there are user errors.
    pub session: Option<AuthSession>,
    /// What the user can fix (e.g. wrong credentials).
    pub user_errors: Vec<UserError>,
}

/// Result of signing out.
#[derive(SimpleObject)]
pub struct LogoutPayload {
    /// True once the session is ended (also when it had already ended).
    pub success: bool,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn blank(field: &str, value: &str) -> Option<UserError> {
    value.trim().is_empty().then(|| UserError::new(field, UserErrorCode::Required, "不能为空", "Required"))
}

fn payload(result: Result<Session, AppError>) -> async_graphql::Result<AuthPayload> {
    let (session, user_errors) = split(result)?;
    Ok(AuthPayload { session: session.map(AuthSession::from), user_errors })
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Signs in with username and password. Attempts are rate-limited per username and per address.
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: LoginInput,
    ) -> async_graphql::Result<AuthPayload> {
        let errors: Vec<UserError> =
            [blank("username", &input.username), blank("password", &input.password)].into_iter().flatten().collect();
        if !errors.is_empty() {
            return payload(Err(AppError::Invalid(errors)));
        }
        let meta = ctx.meta();
        payload(
            service::login(ctx.state(), &input.username, &input.password, &meta.client_ip, meta.request_id.clone())
                .await,
        )
    }

    /// Exchanges a refresh token for a new session; the old token stops working.
    /// An unknown, expired, revoked or reused token is `UNAUTHENTICATED`.
    async fn refresh_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RefreshTokenInput,
    ) -> async_graphql::Result<AuthPayload> {
        if let Some(e) = blank("refreshToken", &input.refresh_token) {
            return payload(Err(e.into()));
        }
        payload(service::refresh(ctx.state(), &input.refresh_token, ctx.meta().request_id.clone()).await)
    }

    /// Signs out: the refresh token and every token rotated from it stop working.
    async fn logout(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RefreshTokenInput,
    ) -> async_graphql::Result<LogoutPayload> {
        service::logout(ctx.state(), &input.refresh_token).await?;
        Ok(LogoutPayload { success: true, user_errors: Vec::new() })
    }
}
