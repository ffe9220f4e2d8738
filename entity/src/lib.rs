//! SeaORM entities, in the shape `sea-orm-cli generate entity` gives them.
//! Never edited by hand beyond regeneration: behaviour lives in the application's
//! domain modules, which re-export these.
pub mod app_user;
pub mod audit_event;
pub mod code_sequence;
pub mod contact;
pub mod customer_group;
pub mod group_reassignment;
pub mod member;
pub mod member_import;
pub mod member_revenue;
pub mod org_unit;
pub mod product;
pub mod refresh_token;
pub mod setting;
pub mod visit;

pub mod prelude {
    pub use super::app_user::Entity as AppUser;
    pub use super::audit_event::Entity as AuditEvent;
    pub use super::code_sequence::Entity as CodeSequence;
    pub use super::contact::Entity as Contact;
    pub use super::customer_group::Entity as CustomerGroup;
    pub use super::group_reassignment::Entity as GroupReassignment;
    pub use super::member::Entity as Member;
    pub use super::member_import::Entity as MemberImport;
    pub use super::member_revenue::Entity as MemberRevenue;
    pub use super::org_unit::Entity as OrgUnit;
    pub use super::product::Entity as Product;
    pub use super::refresh_token::Entity as RefreshToken;
    pub use super::setting::Entity as Setting;
    pub use super::visit::Entity as Visit;
}
