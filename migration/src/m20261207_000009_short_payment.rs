//! A contract's payment may fall short of what is due (首期应收) only with a reason, kept on
//! the contract (少收原因).
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, add};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "contract", string_len_null(a("short_payment_reason"), 500)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(a("contract")).drop_column(a("short_payment_reason")).to_owned()).await
    }
}
