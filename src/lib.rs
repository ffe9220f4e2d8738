//! Quote-to-contract-to-install CRM for government & enterprise account managers (政企客户经理).
#![recursion_limit = "256"]
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod cadence;
pub mod calendar;
pub mod care;
pub mod catalog;
pub mod churn;
pub mod clock;
pub mod config;
pub mod contacts;
pub mod contracts;
pub mod db;
pub mod documents;
pub mod error;
pub mod events;
pub mod fields;
pub mod graphql;
pub mod groups;
pub mod http;
pub mod installs;
pub mod jobs;
pub mod kpi;
pub mod machine;
pub mod members;
pub mod metrics;
pub mod numbers;
pub mod org;
pub mod pipeline;
pub mod proposals;
pub mod reactions;
pub mod scale;
pub mod seed;
pub mod sequence;
pub mod settings;
pub mod state;
pub mod tasks;
pub mod telemetry;
pub mod users;
pub mod visits;

pub use entity::string_enum;
mod web;

pub use graphql::{schema_builder, sdl};
pub use http::router;
pub use state::AppState;
