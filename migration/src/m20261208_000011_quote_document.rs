//! The quote as sent to the customer (报价单), kept byte for byte with its checksum.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, fk, index, s, table, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        table(
            m,
            "quote_document",
            vec![
                big_integer(a("proposal_id")),
                big_integer(a("version_id")),
                integer(a("version_no")),
                s("file_name", 200),
                s("sha256", 64),
                big_integer(a("size")),
                blob(a("content")),
                big_integer(a("created_by")),
                ts("created_at"),
            ],
            vec![
                fk("quote_document", "proposal_id", "proposal"),
                fk("quote_document", "version_id", "proposal_version"),
                fk("quote_document", "created_by", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_quote_document_proposal", "quote_document", &["proposal_id", "id"], false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(a("quote_document")).to_owned()).await
    }
}
