//! A number-grade request keeps what the grade asked of the customer when it was made (prestore
//! and monthly minimum), so a later change of the settings does not change what was approved.
use sea_orm_migration::{prelude::*, schema::decimal_len_null};

use crate::util::a;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 2] = ["number_prestore", "number_monthly_minimum"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in COLUMNS {
            let mut def = decimal_len_null(a(col), 14, 2);
            m.alter_table(Table::alter().table(a("approval_request")).add_column(&mut def).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in COLUMNS {
            m.alter_table(Table::alter().table(a("approval_request")).drop_column(a(col)).to_owned()).await?;
        }
        Ok(())
    }
}
