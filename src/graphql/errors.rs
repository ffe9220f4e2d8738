//! How a service's [`AppError`] becomes a GraphQL error: its code in `extensions.code`, the
//! Chinese message, and the English one carried until the response is localised (see
//! [`super::guard`]).
use async_graphql::ErrorExtensions;

use crate::error::{AppError, ErrorCode};

/// Extension key carrying the English message until the response is localised.
pub const MESSAGE_EN: &str = "messageEn";

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        if err.code() == ErrorCode::Internal {
            tracing::error!(error = ?err, "internal error");
        }
        let msg = err.message();
        async_graphql::Error::new(msg.zh.into_owned()).extend_with(|_, ext| {
            ext.set("code", err.code().as_str());
            ext.set(MESSAGE_EN, msg.en.into_owned());
            if let AppError::RateLimited { retry_after_secs } = &err {
                ext.set("retryAfterSeconds", *retry_after_secs);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::DbErr;

    use super::*;

    fn code_of(err: AppError) -> String {
        let gql: async_graphql::Error = err.into();
        let ext = gql.extensions.expect("extensions set");
        ext.get("code").map(|v| v.to_string()).unwrap()
    }

    #[test]
    fn each_error_maps_to_its_code() {
        assert_eq!(code_of(AppError::unauthenticated()), "\"UNAUTHENTICATED\"");
        assert_eq!(code_of(AppError::forbidden()), "\"FORBIDDEN\"");
        assert_eq!(code_of(AppError::not_found()), "\"NOT_FOUND\"");
        assert_eq!(code_of(AppError::stale_version()), "\"CONFLICT\"");
        assert_eq!(code_of(AppError::bad_input("坏", "bad")), "\"BAD_USER_INPUT\"");
        assert_eq!(code_of(AppError::RateLimited { retry_after_secs: 3 }), "\"RATE_LIMITED\"");
        assert_eq!(code_of(AppError::internal("boom")), "\"INTERNAL_SERVER_ERROR\"");
        assert_eq!(code_of(DbErr::Custom("x".into()).into()), "\"INTERNAL_SERVER_ERROR\"");
    }

    #[test]
    fn internal_details_are_hidden() {
        let gql: async_graphql::Error = AppError::internal("password=hunter2 at db.rs:42").into();
        assert_eq!(gql.message, "服务器内部错误");
        let ext = format!("{:?}", gql.extensions);
        assert!(!ext.contains("hunter2"));
    }
}
