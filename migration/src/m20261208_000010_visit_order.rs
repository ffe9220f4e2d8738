//! Visits are listed by when they happen (走访时间): `happens_at` is the end of a visit that
//! took place and the planned time of one that is planned or was missed. Filled for existing
//! visits here, kept by the visits service from now on; indexed with the id for keyset pages.
use sea_orm_migration::prelude::*;

use crate::util::{a, add, index, ts_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "visit", ts_null("happens_at")).await?;
        m.get_connection()
            .execute_unprepared("UPDATE visit SET happens_at = COALESCE(ended_at, planned_at, created_at)")
            .await?;
        index(m, "idx_visit_group_happens", "visit", &["group_id", "happens_at", "id"], false).await?;
        index(m, "idx_visit_manager_happens", "visit", &["manager_id", "happens_at", "id"], false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_visit_manager_happens").table(a("visit")).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_visit_group_happens").table(a("visit")).to_owned()).await?;
        m.alter_table(Table::alter().table(a("visit")).drop_column(a("happens_at")).to_owned()).await
    }
}
