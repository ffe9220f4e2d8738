//! The GraphQL face of [`UserError`]: a payload's list of what the user can fix.
use async_graphql::{Context, Object};

use crate::{
    error::{AppError, UserError, UserErrorCode},
    graphql::{ContextExt, enums::Gql},
};

/// Something in the input the user can fix, with the field it concerns.
#[Object(name = "UserError")]
impl UserError {
    /// Path to the input field at fault, e.g. `["input", "username"]`.
    async fn field(&self) -> &[String] {
        &self.field
    }

    /// Human-readable message in the request's language (zh-CN by default).
    async fn message(&self, ctx: &Context<'_>) -> String {
        ctx.lang().pick(&self.message).to_string()
    }

    /// Machine-readable kind of error.
    async fn code(&self) -> Gql<UserErrorCode> {
        Gql(self.code)
    }
}

/// Splits a service result into the payload's object and its `userErrors`;
/// anything the user cannot fix stays an error.
pub fn split<T>(result: Result<T, AppError>) -> async_graphql::Result<(Option<T>, Vec<UserError>)> {
    match result {
        Ok(v) => Ok((Some(v), Vec::new())),
        Err(AppError::Invalid(errors)) => Ok((None, errors)),
        Err(e) => Err(e.into()),
    }
}

/// Names an object and the version the caller last saw (for archive/restore and the like).
#[derive(async_graphql::InputObject)]
pub struct VersionedIdInput {
    /// The object (global id).
    pub id: async_graphql::ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
}
