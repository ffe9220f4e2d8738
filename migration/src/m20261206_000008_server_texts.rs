//! Texts the server writes are kept as what they say, not as Chinese sentences: a task keeps
//! its text's kind and parameters (`task.text`), a job run its counts (`job_run.outcome`), and
//! both are written out in the reader's language. Rows made before keep their stored Chinese
//! text; open tasks get their parameters the next time their rule runs.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, add};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "task", json_null(a("text"))).await?;
        add(m, "job_run", json_null(a("outcome"))).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(a("job_run")).drop_column(a("outcome")).to_owned()).await?;
        m.alter_table(Table::alter().table(a("task")).drop_column(a("text")).to_owned()).await
    }
}
