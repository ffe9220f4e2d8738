//! Disconnection retention (拆机挽留, rule 14) and the churn archive (离网建档) it files the
//! members lost into; whether requests go straight to the group's manager.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, add_settings, drop_settings, fk, index, money, s, s_null, table, ts, ts_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SETTINGS: [(&str, &str); 1] = [("retention.auto_dispatch", "0")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        table(
            m,
            "disconnection_request",
            vec![
                s("number", 20).unique_key().to_owned(),
                big_integer(a("group_id")),
                big_integer_null(a("member_id")),
                s_null("line", 100),
                big_integer(a("department_id")),
                big_integer(a("branch_id")),
                s("counter_reason", 500),
                boolean(a("first_retention_failed")),
                s_null("first_retention_note", 500),
                big_integer(a("registered_by")),
                ts("registered_at"),
                s_null("boss_ref", 50).unique_key().to_owned(),
                s("status", 20),
                big_integer_null(a("assignee_id")),
                ts_null("dispatched_at"),
                ts("contact_due_at"),
                ts("finish_due_at"),
                ts_null("contacted_at"),
                s_null("true_reason", 20),
                s_null("reason_text", 1000),
                s_null("competitor", 100),
                s_null("offer", 1000),
                s_null("outcome", 10),
                ts_null("finished_at"),
                big_integer_null(a("verified_by")),
                ts_null("verified_at"),
                integer(a("version")),
            ],
            vec![
                fk("disconnection_request", "group_id", "customer_group"),
                fk("disconnection_request", "member_id", "member"),
                fk("disconnection_request", "registered_by", "app_user"),
                fk("disconnection_request", "assignee_id", "app_user"),
                fk("disconnection_request", "verified_by", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_disconnection_group", "disconnection_request", &["group_id", "id"], false).await?;
        index(m, "idx_disconnection_status", "disconnection_request", &["status", "id"], false).await?;
        index(m, "idx_disconnection_assignee", "disconnection_request", &["assignee_id", "id"], false).await?;
        table(
            m,
            "churn_record",
            vec![
                big_integer(a("request_id")).unique_key().to_owned(),
                big_integer(a("group_id")),
                big_integer_null(a("member_id")),
                s("subject", 100),
                date(a("lost_on")),
                s("month", 7),
                s("reason", 20),
                s("reason_text", 1000),
                s_null("competitor", 100),
                money("monthly_revenue"),
                big_integer(a("handled_by")),
                big_integer(a("owner_id")),
                big_integer(a("department_id")),
                big_integer(a("branch_id")),
                ts("created_at"),
            ],
            vec![
                fk("churn_record", "request_id", "disconnection_request"),
                fk("churn_record", "group_id", "customer_group"),
                fk("churn_record", "member_id", "member"),
                fk("churn_record", "handled_by", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_churn_record_month", "churn_record", &["month", "id"], false).await?;
        index(m, "idx_churn_record_group", "churn_record", &["group_id", "id"], false).await?;
        add_settings(m, &SETTINGS).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_settings(m, &SETTINGS).await?;
        m.drop_table(Table::drop().table(a("churn_record")).to_owned()).await?;
        m.drop_table(Table::drop().table(a("disconnection_request")).to_owned()).await
    }
}
