//! Monthly targets per account manager, set by their head; the KPI page shows them beside the figures.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, fk, index, rate, s, table, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        table(
            m,
            "kpi_target",
            vec![
                big_integer(a("user_id")),
                s("month", 7),
                rate("visits_per_day"),
                integer(a("groups_visited")),
                integer(a("new_groups")),
                integer(a("proposals")),
                rate("retention_percent"),
                big_integer(a("set_by")),
                ts("created_at"),
                ts("updated_at"),
                integer(a("version")),
            ],
            vec![fk("kpi_target", "user_id", "app_user"), fk("kpi_target", "set_by", "app_user")],
        )
        .await?;
        index(m, "uq_kpi_target_month", "kpi_target", &["user_id", "month"], true).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(a("kpi_target")).to_owned()).await
    }
}
