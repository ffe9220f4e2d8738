//! Project-stage summaries (项目阶段小结) and the case library (工作案例) of finished projects.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, fk, index, s, table, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        table(
            m,
            "project_note",
            vec![
                big_integer(a("proposal_id")),
                big_integer(a("author_id")),
                s("stage", 20),
                s("text", 2000),
                ts("created_at"),
            ],
            vec![fk("project_note", "proposal_id", "proposal"), fk("project_note", "author_id", "app_user")],
        )
        .await?;
        index(m, "idx_project_note_proposal", "project_note", &["proposal_id", "id"], false).await?;
        table(
            m,
            "work_case",
            vec![
                big_integer(a("proposal_id")),
                big_integer(a("group_id")),
                big_integer(a("author_id")),
                big_integer_null(a("department_id")),
                big_integer_null(a("branch_id")),
                s("title", 100),
                s("customer_label", 100),
                s("industry", 100),
                s("products", 500),
                s("challenge", 2000),
                s("solution", 2000),
                s("result", 2000),
                ts("created_at"),
                ts("updated_at"),
                integer(a("version")),
            ],
            vec![
                fk("work_case", "proposal_id", "proposal"),
                fk("work_case", "group_id", "customer_group"),
                fk("work_case", "author_id", "app_user"),
            ],
        )
        .await?;
        index(m, "uq_work_case_proposal", "work_case", &["proposal_id"], true).await?;
        index(m, "idx_work_case_industry", "work_case", &["industry", "id"], false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["work_case", "project_note"] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
