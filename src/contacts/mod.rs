//! Contacts (关键人): the people an account manager deals with inside a group.
pub mod graphql;
pub mod service;

pub use entity::enums::ContactRole;
