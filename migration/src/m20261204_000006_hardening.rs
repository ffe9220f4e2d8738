//! Sign-in budgets kept in the database, so every server process on one database shares
//! them; and a session epoch per user, raised when the user is disabled, which ends the
//! access tokens issued before at once.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, index, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(a("login_throttle"))
                .col(string_len(a("key"), 100).primary_key())
                .col(ts("window_started_at"))
                .col(integer(a("count")))
                .to_owned(),
        )
        .await?;
        index(m, "idx_login_throttle_window", "login_throttle", &["window_started_at"], false).await?;
        let mut epoch = integer(a("session_epoch")).default(0).to_owned();
        m.alter_table(Table::alter().table(a("app_user")).add_column(&mut epoch).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(a("app_user")).drop_column(a("session_epoch")).to_owned()).await?;
        m.drop_table(Table::drop().table(a("login_throttle")).to_owned()).await
    }
}
