//! The work log (工作日志): a user's notes per day and the head's comments and monthly reviews;
//! the log's records are read from the audit trail by actor and time.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, fk, index, s, table, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        table(
            m,
            "work_log",
            vec![
                big_integer(a("user_id")),
                date(a("day")),
                s("notes", 4000),
                ts("created_at"),
                ts("updated_at"),
                integer(a("version")),
            ],
            vec![fk("work_log", "user_id", "app_user")],
        )
        .await?;
        index(m, "uq_work_log_day", "work_log", &["user_id", "day"], true).await?;
        table(
            m,
            "work_log_comment",
            vec![
                big_integer(a("user_id")),
                s("month", 7),
                date_null(a("day")),
                big_integer(a("author_id")),
                s("text", 1000),
                boolean(a("review")),
                ts("created_at"),
            ],
            vec![fk("work_log_comment", "user_id", "app_user"), fk("work_log_comment", "author_id", "app_user")],
        )
        .await?;
        index(m, "idx_work_log_comment_month", "work_log_comment", &["user_id", "month", "id"], false).await?;
        // A day's records are the audit rows of its actor in its hours.
        index(m, "idx_audit_event_actor_time", "audit_event", &["actor_id", "occurred_at"], false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_audit_event_actor_time").table(a("audit_event")).to_owned()).await?;
        m.drop_table(Table::drop().table(a("work_log_comment")).to_owned()).await?;
        m.drop_table(Table::drop().table(a("work_log")).to_owned()).await
    }
}
