//! The day's plan (三定): items a user picks for a day, each with its matter, means and resources,
//! closed by the visit, call or task that does it.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, fk, index, s, s_null, table, ts, ts_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        table(
            m,
            "plan_item",
            vec![
                big_integer(a("user_id")),
                date(a("day")),
                s("priority", 20),
                s("matter", 20),
                s("means", 20),
                s("title", 200),
                big_integer_null(a("group_id")),
                big_integer_null(a("task_id")),
                big_integer_null(a("visit_id")),
                ts_null("at"),
                s_null("target", 200),
                s_null("purpose", 500),
                s_null("preparation", 500),
                s_null("resources", 500),
                s("status", 20),
                s_null("closed_by", 20),
                big_integer_null(a("closed_ref_id")),
                ts_null("closed_at"),
                s_null("note", 500),
                ts("created_at"),
                ts("updated_at"),
                integer(a("version")),
            ],
            vec![
                fk("plan_item", "user_id", "app_user"),
                fk("plan_item", "group_id", "customer_group"),
                fk("plan_item", "task_id", "task"),
                fk("plan_item", "visit_id", "visit"),
            ],
        )
        .await?;
        index(m, "idx_plan_item_day", "plan_item", &["user_id", "day", "id"], false).await?;
        // A task or a planned visit is in a day's plan once (NULLs do not collide on either engine).
        index(m, "uq_plan_item_task", "plan_item", &["user_id", "day", "task_id"], true).await?;
        index(m, "uq_plan_item_visit", "plan_item", &["user_id", "day", "visit_id"], true).await?;
        index(m, "idx_plan_item_group", "plan_item", &["group_id", "day"], false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(a("plan_item")).to_owned()).await
    }
}
