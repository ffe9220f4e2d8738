//! Complaints under 首问负责制 (rule 13): the ticket, owned by its first responder, and each
//! step of handling it; the reply-time settings.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, add_settings, drop_settings, fk, index, s, s_null, table, ts, ts_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SETTINGS: [(&str, &str); 2] = [("complaint.reply_hours", "24"), ("complaint.billing_reply_hours", "48")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        table(
            m,
            "complaint",
            vec![
                s("number", 20).unique_key().to_owned(),
                big_integer(a("group_id")),
                big_integer_null(a("member_id")),
                big_integer(a("department_id")),
                big_integer(a("branch_id")),
                s("channel", 20),
                s("category", 20),
                s("severity", 10),
                s("customer_said", 2000),
                big_integer(a("owner_id")),
                big_integer_null(a("owner_department_id")),
                big_integer_null(a("owner_branch_id")),
                ts("registered_at"),
                ts("reply_due_at"),
                s("status", 20),
                s_null("handled_by", 20),
                integer(a("escalation_level")),
                ts_null("escalated_at"),
                big_integer_null(a("escalated_to_id")),
                s_null("resolution", 2000),
                ts_null("resolved_at"),
                boolean_null(a("company_fault")),
                ts_null("closed_at"),
                integer(a("version")),
            ],
            vec![
                fk("complaint", "group_id", "customer_group"),
                fk("complaint", "member_id", "member"),
                fk("complaint", "owner_id", "app_user"),
                fk("complaint", "escalated_to_id", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_complaint_group", "complaint", &["group_id", "id"], false).await?;
        index(m, "idx_complaint_owner", "complaint", &["owner_id", "id"], false).await?;
        index(m, "idx_complaint_status_due", "complaint", &["status", "reply_due_at"], false).await?;
        table(
            m,
            "complaint_step",
            vec![
                big_integer(a("complaint_id")),
                s("kind", 20),
                big_integer_null(a("by_id")),
                ts("at"),
                s_null("unit", 20),
                big_integer_null(a("to_user_id")),
                big_integer_null(a("visit_id")),
                s("text", 2000),
            ],
            vec![
                fk("complaint_step", "complaint_id", "complaint"),
                fk("complaint_step", "by_id", "app_user"),
                fk("complaint_step", "to_user_id", "app_user"),
                fk("complaint_step", "visit_id", "visit"),
            ],
        )
        .await?;
        index(m, "idx_complaint_step_complaint", "complaint_step", &["complaint_id", "id"], false).await?;
        add_settings(m, &SETTINGS).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_settings(m, &SETTINGS).await?;
        m.drop_table(Table::drop().table(a("complaint_step")).to_owned()).await?;
        m.drop_table(Table::drop().table(a("complaint")).to_owned()).await
    }
}
