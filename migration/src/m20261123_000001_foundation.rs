//! Organisation tree, users, refresh tokens and the audit trail.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OrgUnit {
    Table,
    Id,
    ParentId,
    Kind,
    Code,
    Name,
    BranchId,
    DepartmentId,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    Username,
    DisplayName,
    PasswordHash,
    Role,
    OrgUnitId,
    BranchId,
    DepartmentId,
    Phone,
    Email,
    Active,
    Version,
    LastLoginAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RefreshToken {
    Table,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    IssuedAt,
    ExpiresAt,
    UsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AuditEvent {
    Table,
    Id,
    OccurredAt,
    ActorId,
    Action,
    EntityType,
    EntityId,
    Before,
    After,
    RequestId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrgUnit::Table)
                    .col(big_pk_auto(OrgUnit::Id))
                    .col(big_integer_null(OrgUnit::ParentId))
                    .col(string_len(OrgUnit::Kind, 16))
                    .col(string_len_uniq(OrgUnit::Code, 32))
                    .col(string_len(OrgUnit::Name, 100))
                    .col(big_integer_null(OrgUnit::BranchId))
                    .col(big_integer_null(OrgUnit::DepartmentId))
                    .col(boolean(OrgUnit::Active).default(true))
                    .col(integer(OrgUnit::Version).default(1))
                    .col(timestamp_with_time_zone(OrgUnit::CreatedAt))
                    .col(timestamp_with_time_zone(OrgUnit::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create().from(OrgUnit::Table, OrgUnit::ParentId).to(OrgUnit::Table, OrgUnit::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_org_unit_parent").table(OrgUnit::Table).col(OrgUnit::ParentId).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AppUser::Table)
                    .col(big_pk_auto(AppUser::Id))
                    .col(string_len_uniq(AppUser::Username, 64))
                    .col(string_len(AppUser::DisplayName, 100))
                    .col(string_len(AppUser::PasswordHash, 255))
                    .col(string_len(AppUser::Role, 32))
                    .col(big_integer(AppUser::OrgUnitId))
                    .col(big_integer_null(AppUser::BranchId))
                    .col(big_integer_null(AppUser::DepartmentId))
                    .col(string_len_null(AppUser::Phone, 32))
                    .col(string_len_null(AppUser::Email, 255))
                    .col(boolean(AppUser::Active).default(true))
                    .col(integer(AppUser::Version).default(1))
                    .col(timestamp_with_time_zone_null(AppUser::LastLoginAt))
                    .col(timestamp_with_time_zone(AppUser::CreatedAt))
                    .col(timestamp_with_time_zone(AppUser::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create().from(AppUser::Table, AppUser::OrgUnitId).to(OrgUnit::Table, OrgUnit::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_app_user_org_unit", AppUser::OrgUnitId),
            ("idx_app_user_branch", AppUser::BranchId),
            ("idx_app_user_department", AppUser::DepartmentId),
        ] {
            manager.create_index(Index::create().name(name).table(AppUser::Table).col(col).to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(RefreshToken::Table)
                    .col(big_pk_auto(RefreshToken::Id))
                    .col(big_integer(RefreshToken::UserId))
                    .col(string_len(RefreshToken::FamilyId, 36))
                    .col(string_len_uniq(RefreshToken::TokenHash, 64))
                    .col(timestamp_with_time_zone(RefreshToken::IssuedAt))
                    .col(timestamp_with_time_zone(RefreshToken::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshToken::UsedAt))
                    .col(timestamp_with_time_zone_null(RefreshToken::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RefreshToken::Table, RefreshToken::UserId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in
            [("idx_refresh_token_user", RefreshToken::UserId), ("idx_refresh_token_family", RefreshToken::FamilyId)]
        {
            manager.create_index(Index::create().name(name).table(RefreshToken::Table).col(col).to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AuditEvent::Table)
                    .col(big_pk_auto(AuditEvent::Id))
                    .col(timestamp_with_time_zone(AuditEvent::OccurredAt))
                    .col(big_integer_null(AuditEvent::ActorId))
                    .col(string_len(AuditEvent::Action, 64))
                    .col(string_len(AuditEvent::EntityType, 64))
                    .col(big_integer_null(AuditEvent::EntityId))
                    .col(json_null(AuditEvent::Before))
                    .col(json_null(AuditEvent::After))
                    .col(string_len_null(AuditEvent::RequestId, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AuditEvent::Table, AuditEvent::ActorId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_event_entity")
                    .table(AuditEvent::Table)
                    .col(AuditEvent::EntityType)
                    .col(AuditEvent::EntityId)
                    .col(AuditEvent::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_event_actor")
                    .table(AuditEvent::Table)
                    .col(AuditEvent::ActorId)
                    .col(AuditEvent::Id)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditEvent::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(RefreshToken::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AppUser::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(OrgUnit::Table).to_owned()).await
    }
}
