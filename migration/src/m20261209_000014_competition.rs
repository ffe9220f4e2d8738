//! Competition reports (竞争信息): a manager's analysis of a competitor's move on a group, reviewed
//! by the head.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, fk, index, s, s_null, table, ts, ts_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        table(
            m,
            "competition_report",
            vec![
                big_integer(a("group_id")),
                big_integer(a("department_id")),
                big_integer(a("branch_id")),
                big_integer(a("author_id")),
                s("competitor", 100),
                s("offer", 1000),
                s("affected", 1000),
                s("countermeasures", 2000),
                s_null("support_needed", 1000),
                s("month", 7),
                s("status", 20),
                s_null("review_comment", 1000),
                big_integer_null(a("reviewed_by")),
                ts_null("reviewed_at"),
                ts("created_at"),
                integer(a("version")),
            ],
            vec![
                fk("competition_report", "group_id", "customer_group"),
                fk("competition_report", "author_id", "app_user"),
                fk("competition_report", "reviewed_by", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_competition_report_group", "competition_report", &["group_id", "id"], false).await?;
        index(m, "idx_competition_report_month", "competition_report", &["month", "id"], false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(a("competition_report")).to_owned()).await
    }
}
