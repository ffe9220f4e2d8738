//! Database migrations: the only way tables are made, in production and in tests.
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_foundation;
mod m20261123_000002_customer_archive;
mod m20261123_000003_pipeline;
mod m20261124_000004_portfolio;
mod m20261201_000005_number_terms;
mod m20261204_000006_hardening;
mod m20261205_000007_contract_review;
mod m20261206_000008_server_texts;
mod m20261207_000009_short_payment;
mod m20261208_000010_visit_order;
mod m20261208_000011_quote_document;
mod m20261209_000012_complaints;
mod m20261209_000013_retention;
mod m20261209_000014_competition;
mod m20261210_000015_billing;
mod m20261211_000016_day_plan;
mod m20261211_000017_work_log;
mod m20261211_000018_kpi_target;
mod m20261212_000019_work_summary;
mod m20261213_000020_info_report;
mod m20261213_000021_work_case;
mod m20261214_000022_resources;
mod util;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_foundation::Migration),
            Box::new(m20261123_000002_customer_archive::Migration),
            Box::new(m20261123_000003_pipeline::Migration),
            Box::new(m20261124_000004_portfolio::Migration),
            Box::new(m20261201_000005_number_terms::Migration),
            Box::new(m20261204_000006_hardening::Migration),
            Box::new(m20261205_000007_contract_review::Migration),
            Box::new(m20261206_000008_server_texts::Migration),
            Box::new(m20261207_000009_short_payment::Migration),
            Box::new(m20261208_000010_visit_order::Migration),
            Box::new(m20261208_000011_quote_document::Migration),
            Box::new(m20261209_000012_complaints::Migration),
            Box::new(m20261209_000013_retention::Migration),
            Box::new(m20261209_000014_competition::Migration),
            Box::new(m20261210_000015_billing::Migration),
            Box::new(m20261211_000016_day_plan::Migration),
            Box::new(m20261211_000017_work_log::Migration),
            Box::new(m20261211_000018_kpi_target::Migration),
            Box::new(m20261212_000019_work_summary::Migration),
            Box::new(m20261213_000020_info_report::Migration),
            Box::new(m20261213_000021_work_case::Migration),
            Box::new(m20261214_000022_resources::Migration),
        ]
    }
}
