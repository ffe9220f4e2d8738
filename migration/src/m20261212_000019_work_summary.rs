//! Work summaries (工作成果小结): weekly and monthly, drafted from the period's records.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, fk, index, s, s_null, table, ts, ts_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        table(
            m,
            "work_summary",
            vec![
                big_integer(a("user_id")),
                big_integer_null(a("department_id")),
                big_integer_null(a("branch_id")),
                s("period", 10),
                date(a("starts_on")),
                date(a("ends_on")),
                json(a("figures")),
                s("text", 8000),
                s("status", 20),
                ts_null("submitted_at"),
                s_null("comment", 1000),
                big_integer_null(a("commented_by")),
                ts_null("commented_at"),
                ts("created_at"),
                ts("updated_at"),
                integer(a("version")),
            ],
            vec![fk("work_summary", "user_id", "app_user"), fk("work_summary", "commented_by", "app_user")],
        )
        .await?;
        index(m, "uq_work_summary_period", "work_summary", &["user_id", "period", "starts_on"], true).await?;
        index(m, "idx_work_summary_department", "work_summary", &["department_id", "status", "id"], false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(a("work_summary")).to_owned()).await
    }
}
