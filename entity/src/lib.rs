//! SeaORM entities, in the shape `sea-orm-cli generate entity` gives them.
//! Never edited by hand beyond regeneration: behaviour lives in the application's
//! domain modules, which re-export these.
pub mod app_user;
pub mod audit_event;
pub mod org_unit;
pub mod refresh_token;

pub mod prelude {
    pub use super::app_user::Entity as AppUser;
    pub use super::audit_event::Entity as AuditEvent;
    pub use super::org_unit::Entity as OrgUnit;
    pub use super::refresh_token::Entity as RefreshToken;
}
