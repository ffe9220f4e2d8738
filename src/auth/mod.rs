//! Authentication (passwords, tokens, rate limits) and the authorization scaffold.
pub mod graphql;
pub mod password;
pub mod rate_limit;
mod role;
mod scope;
pub mod service;
pub mod sessions;
pub mod tokens;

pub use role::{OrgKind, Role};
pub use scope::{Placement, Scope};

/// The signed-in user a request acts for, taken from a verified access token.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Viewer {
    pub user_id: i64,
    pub role: Role,
    pub org_unit_id: i64,
    pub branch_id: Option<i64>,
    pub department_id: Option<i64>,
}

impl Viewer {
    pub fn scope(&self) -> Scope {
        Scope::of(self)
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// What the request's credentials established.
#[derive(Clone, Debug)]
pub enum Authn {
    Anonymous,
    /// A token was sent but is expired, tampered or otherwise unusable.
    Invalid,
    Viewer(Viewer),
}
