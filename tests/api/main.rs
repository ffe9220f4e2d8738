//! API integration tests: each database test runs on SQLite and on PostgreSQL.
mod common;

mod actions;
mod archive;
mod arrears;
mod audit_columns;
mod auth;
mod billing;
mod child_lists;
mod competition;
mod complaints;
mod contracts;
mod documents;
mod flow;
mod hostile;
mod http;
mod journey;
mod layering;
mod members;
mod org_users;
mod pipeline;
mod portfolio;
mod proposals;
mod retention;
mod schema;
mod scope;
mod subscriptions;
