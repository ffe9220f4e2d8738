//! Quote-to-contract-to-install CRM for government & enterprise account managers (政企客户经理).
pub mod audit;
pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod http;
pub mod metrics;
pub mod org;
pub mod seed;
pub mod state;
pub mod telemetry;
pub mod users;
mod web;

pub use graphql::{schema_builder, sdl};
pub use http::router;
pub use state::AppState;
