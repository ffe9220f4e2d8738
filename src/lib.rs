//! Quote-to-contract-to-install CRM for government & enterprise account managers (政企客户经理).
pub mod audit;
pub mod auth;
pub mod clock;
pub mod config;
pub mod contacts;
pub mod db;
pub mod error;
pub mod fields;
pub mod graphql;
pub mod groups;
pub mod http;
pub mod members;
pub mod metrics;
pub mod org;
pub mod scale;
pub mod seed;
pub mod sequence;
pub mod settings;
pub mod state;
pub mod telemetry;
pub mod users;
pub mod visits;
mod web;

pub use graphql::{schema_builder, sdl};
pub use http::router;
pub use state::AppState;
