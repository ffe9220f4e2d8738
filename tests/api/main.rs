//! API integration tests: each database test runs on SQLite and on PostgreSQL.
mod common;

mod auth;
mod http;
mod org_users;
mod schema;
mod scope;
mod subscriptions;
