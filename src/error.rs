//! One error type for services. Codes are set here, in one place, and nowhere else.
use std::borrow::Cow;

use sea_orm::{DbErr, SqlErr};

/// The codes a client can see in `errors[].extensions.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    Conflict,
    BadUserInput,
    TooComplex,
    RateLimited,
    /// A persisted query's hash names no known document: send the text with it.
    PersistedQueryNotFound,
    Internal,
}

impl ErrorCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::Conflict => "CONFLICT",
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::TooComplex => "TOO_COMPLEX",
            Self::RateLimited => "RATE_LIMITED",
            Self::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Self::Internal => "INTERNAL_SERVER_ERROR",
        }
    }
}

/// A message in both languages the product speaks; zh-CN is the default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub zh: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl Msg {
    pub fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Self { zh: zh.into(), en: en.into() }
    }
}

/// Deliberately not `Display`: that keeps async-graphql's blanket conversion (which would
/// send any error's text to the client) away, so every `?` goes through the mapping below.
#[derive(Debug)]
pub enum AppError {
    Unauthenticated(Msg),
    Forbidden,
    NotFound,
    Conflict(Msg),
    BadUserInput(Msg),
    /// Input the user can fix; resolvers turn it into `userErrors`.
    Invalid(Vec<UserError>),
    RateLimited {
        retry_after_secs: u64,
    },
    Db(DbErr),
    Internal(anyhow::Error),
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        Self::Db(e)
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        Self::Internal(e)
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn unauthenticated() -> Self {
        Self::Unauthenticated(Msg::new("请先登录", "Please sign in"))
    }
    pub fn session_expired() -> Self {
        Self::Unauthenticated(Msg::new("登录已失效，请重新登录", "Your session has expired, please sign in again"))
    }
    pub fn forbidden() -> Self {
        Self::Forbidden
    }
    pub fn not_found() -> Self {
        Self::NotFound
    }
    pub fn stale_version() -> Self {
        Self::Conflict(Msg::new(
            "该记录已被他人修改，请刷新后重试",
            "This record was changed by someone else; reload and try again",
        ))
    }
    pub fn conflict(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Self::Conflict(Msg::new(zh, en))
    }
    pub fn bad_input(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Self::BadUserInput(Msg::new(zh, en))
    }
    pub fn internal(message: impl std::fmt::Display) -> Self {
        Self::Internal(anyhow::anyhow!("{message}"))
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthenticated(_) => ErrorCode::Unauthenticated,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::NotFound => ErrorCode::NotFound,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::BadUserInput(_) | Self::Invalid(_) => ErrorCode::BadUserInput,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Db(_) | Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The client-facing message. Internal details never leave the server.
    pub fn message(&self) -> Msg {
        match self {
            Self::Unauthenticated(m) | Self::Conflict(m) | Self::BadUserInput(m) => m.clone(),
            Self::Invalid(errors) => {
                errors.first().map_or_else(|| Msg::new("输入有误", "Invalid input"), |e| e.message.clone())
            }
            Self::Forbidden => Msg::new("无权执行此操作", "You are not allowed to do this"),
            Self::NotFound => Msg::new("对象不存在", "Not found"),
            Self::RateLimited { retry_after_secs } => Msg::new(
                format!("尝试次数过多，请在 {retry_after_secs} 秒后重试"),
                format!("Too many attempts; try again in {retry_after_secs} seconds"),
            ),
            Self::Db(_) | Self::Internal(_) => Msg::new("服务器内部错误", "Internal server error"),
        }
    }

    /// True when a database error is a unique-key violation (mapped to `CONFLICT` by callers).
    pub fn is_unique_violation(err: &DbErr) -> bool {
        matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
    }
}

/// What a user can fix, reported as data in a payload's `userErrors` (never as a top-level error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserError {
    /// Path to the input field at fault, e.g. `["input", "username"]`.
    pub field: Vec<String>,
    pub message: Msg,
    pub code: UserErrorCode,
}

crate::string_enum! {
    /// Machine-readable kind of a [`UserError`]. One kind per reason a request is refused:
    ///
    /// - the input itself: `REQUIRED`, `INVALID`, `TOO_LONG`, `DUPLICATE`, or `NOT_FOUND` for an
    ///   id in the input that names nothing you can see (the `field` says which);
    /// - `NOT_PERMITTED`: you can see the object, but this action is not yours (your role, a
    ///   step of another approver, your own request, a job led by someone else);
    /// - `INVALID_TRANSITION`: the object's state (its status, or being archived or disabled)
    ///   does not allow the action; the message names the state;
    /// - `PRECONDITION_FAILED`: the state allows it, but something it needs is missing or not
    ///   usable yet (documents, a payment, an approval, an active contract or account); the
    ///   message lists what.
    ///
    /// An object you may not see is not a user error: the request fails with the top-level
    /// error `NOT_FOUND`, exactly as if it did not exist. A newer version on the server than the
    /// `expectedVersion` sent is the top-level `CONFLICT`.
    pub enum UserErrorCode {
        /// A required value is missing or blank (必填).
        Required = ("REQUIRED", "必填", "Required"),
        /// The value has the wrong format or is out of range (格式错误).
        Invalid = ("INVALID", "格式错误", "Invalid"),
        /// The value is too long (过长).
        TooLong = ("TOO_LONG", "过长", "Too long"),
        /// The value must be unique and is already taken (重复).
        Duplicate = ("DUPLICATE", "重复", "Duplicate"),
        /// An id in the input names nothing you can see (不存在).
        NotFound = ("NOT_FOUND", "不存在", "Not found"),
        /// No longer returned: a refusal is `INVALID_TRANSITION` (the state does not allow it)
        /// or `PRECONDITION_FAILED` (something it needs is missing) (状态不允许).
        InvalidState = (
            "INVALID_STATE",
            "状态不允许",
            "Not allowed in this state",
            deprecated = "No longer returned: see INVALID_TRANSITION and PRECONDITION_FAILED."
        ),
        /// The object's state (its status, or being archived or disabled) does not allow this
        /// action (当前状态不允许此操作); the message names the state.
        InvalidTransition = ("INVALID_TRANSITION", "当前状态不允许此操作", "Not allowed from the current state"),
        /// The state allows the action but something it needs is missing or not usable yet
        /// (条件未满足); the message lists what.
        PreconditionFailed = ("PRECONDITION_FAILED", "条件未满足", "Something required is missing"),
        /// You can see the object but this action is not yours: not your role or department, a
        /// step of another approver, your own request (无权操作).
        NotPermitted = ("NOT_PERMITTED", "无权操作", "Not permitted"),
        /// Username or password is wrong (用户名或密码错误).
        InvalidCredentials = ("INVALID_CREDENTIALS", "用户名或密码错误", "Wrong username or password"),
        /// The password is right but the account is disabled (账号已停用).
        AccountDisabled = ("ACCOUNT_DISABLED", "账号已停用", "Account disabled"),
    }
}

impl UserError {
    pub fn new(
        field: &str,
        code: UserErrorCode,
        zh: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            field: std::iter::once("input").chain(field.split('.')).map(String::from).collect(),
            message: Msg::new(zh, en),
            code,
        }
    }
}

impl From<UserError> for AppError {
    fn from(e: UserError) -> Self {
        AppError::Invalid(vec![e])
    }
}
