//! Typed access to the state and the request from a resolver's context.
use crate::{
    AppState,
    auth::{Authn, Viewer},
    error::{AppError, AppResult},
    state::{Lang, RequestMeta},
};

/// Typed access to the state and the request from a resolver's context.
pub trait ContextExt {
    fn state(&self) -> &AppState;
    fn meta(&self) -> &RequestMeta;
    /// The signed-in viewer, or `UNAUTHENTICATED`.
    fn viewer(&self) -> AppResult<&Viewer>;
    fn lang(&self) -> Lang {
        self.meta().lang
    }
    fn actor(&self) -> AppResult<crate::audit::Actor> {
        Ok(crate::audit::Actor { user_id: Some(self.viewer()?.user_id), request_id: self.meta().request_id.clone() })
    }
}

impl ContextExt for async_graphql::Context<'_> {
    fn state(&self) -> &AppState {
        self.data_unchecked::<AppState>()
    }

    fn meta(&self) -> &RequestMeta {
        static ANON: std::sync::OnceLock<RequestMeta> = std::sync::OnceLock::new();
        self.data_opt::<RequestMeta>().unwrap_or_else(|| ANON.get_or_init(|| RequestMeta::for_viewer(None)))
    }

    fn viewer(&self) -> AppResult<&Viewer> {
        match &self.meta().authn {
            Authn::Viewer(v) => Ok(v),
            Authn::Invalid => Err(AppError::session_expired()),
            Authn::Anonymous => Err(AppError::unauthenticated()),
        }
    }
}
