//! Important information reports (重要信息上报): sent up the org tree with read receipts,
//! comments, forwarding and attachments.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, fk, index, s, s_null, table, ts, ts_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        table(
            m,
            "info_report",
            vec![
                big_integer(a("author_id")),
                big_integer_null(a("department_id")),
                big_integer_null(a("branch_id")),
                big_integer_null(a("group_id")),
                s("kind", 20),
                s("urgency", 10),
                s("title", 100),
                s("text", 4000),
                s("status", 20),
                big_integer_null(a("closed_by")),
                ts_null("closed_at"),
                ts("created_at"),
                ts("updated_at"),
                integer(a("version")),
            ],
            vec![
                fk("info_report", "author_id", "app_user"),
                fk("info_report", "group_id", "customer_group"),
                fk("info_report", "closed_by", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_info_report_author", "info_report", &["author_id", "id"], false).await?;
        index(m, "idx_info_report_group", "info_report", &["group_id", "id"], false).await?;
        table(
            m,
            "info_report_recipient",
            vec![
                big_integer(a("report_id")),
                big_integer(a("user_id")),
                s("reason", 20),
                s_null("level", 20),
                big_integer_null(a("sent_by")),
                s_null("note", 500),
                ts("sent_at"),
                ts_null("read_at"),
            ],
            vec![
                fk("info_report_recipient", "report_id", "info_report"),
                fk("info_report_recipient", "user_id", "app_user"),
                fk("info_report_recipient", "sent_by", "app_user"),
            ],
        )
        .await?;
        index(m, "uq_info_report_recipient", "info_report_recipient", &["report_id", "user_id"], true).await?;
        index(m, "idx_info_report_recipient_user", "info_report_recipient", &["user_id", "report_id"], false).await?;
        table(
            m,
            "info_report_comment",
            vec![big_integer(a("report_id")), big_integer(a("author_id")), s("text", 1000), ts("created_at")],
            vec![
                fk("info_report_comment", "report_id", "info_report"),
                fk("info_report_comment", "author_id", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_info_report_comment_report", "info_report_comment", &["report_id", "id"], false).await?;
        table(
            m,
            "info_report_file",
            vec![
                big_integer(a("report_id")),
                s("file_name", 200),
                s("content_type", 50),
                big_integer(a("size")),
                s("sha256", 64),
                blob(a("content")),
                big_integer(a("uploaded_by")),
                ts("created_at"),
            ],
            vec![fk("info_report_file", "report_id", "info_report")],
        )
        .await?;
        index(m, "idx_info_report_file_report", "info_report_file", &["report_id", "id"], false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["info_report_file", "info_report_comment", "info_report_recipient", "info_report"] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
