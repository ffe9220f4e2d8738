//! The customer archive (客户档案): groups, reassignment history, members and their monthly
//! revenue, contacts, visits, member imports; plus settings, code sequences and the products
//! listed on the visit card (QX-FW-003), which are reference data every installation needs.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OrgUnit {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Setting {
    Table,
    Key,
    Value,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CodeSequence {
    Table,
    Name,
    NextValue,
}

#[derive(DeriveIden)]
enum Product {
    Table,
    Id,
    Code,
    NameZh,
    NameEn,
    Category,
    Billing,
    OnVisitCard,
    SortOrder,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CustomerGroup {
    Table,
    Id,
    Code,
    Name,
    Kind,
    Segment,
    Industry,
    ValueClass,
    Tier,
    County,
    Town,
    StreetOffice,
    Village,
    Address,
    AnnualOutputOver3m,
    Status,
    Competitors,
    CompetitorNotes,
    InformatizationProducts,
    FoundedOn,
    KeyDates,
    Notes,
    OwnerId,
    DepartmentId,
    BranchId,
    LastVisitAt,
    OpenProposals,
    ArchivedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupReassignment {
    Table,
    Id,
    GroupId,
    FromOwnerId,
    ToOwnerId,
    FromDepartmentId,
    ToDepartmentId,
    ById,
    Reason,
    OccurredAt,
}

#[derive(DeriveIden)]
enum Member {
    Table,
    Id,
    GroupId,
    Name,
    Phone,
    Position,
    KeyPerson,
    VipLevel,
    Carrier,
    Status,
    Birthday,
    Arpu,
    ArpuMonth,
    ArchivedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MemberRevenue {
    Table,
    Id,
    MemberId,
    GroupId,
    Month,
    Amount,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Contact {
    Table,
    Id,
    GroupId,
    Name,
    Title,
    Role,
    Phones,
    Email,
    Birthday,
    Preferences,
    Notes,
    ArchivedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Visit {
    Table,
    Id,
    GroupId,
    ManagerId,
    Status,
    Method,
    Purpose,
    PlannedAt,
    StartedAt,
    EndedAt,
    ContactIds,
    ServiceSatisfaction,
    NetworkSatisfaction,
    NeedProducts,
    NeedNotes,
    Suggestions,
    Minutes,
    NextSteps,
    CustomerConfirmed,
    ConfirmedBy,
    MissedReason,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MemberImport {
    Table,
    Id,
    GroupId,
    RequestedById,
    FileName,
    Mode,
    Status,
    TotalRows,
    ProcessedRows,
    Inserted,
    Updated,
    Unchanged,
    ErrorCount,
    Errors,
    Failure,
    StartedAt,
    FinishedAt,
}

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).to_owned()
}

async fn index(manager: &SchemaManager<'_>, name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> Result<(), DbErr> {
    let mut idx = Index::create().name(name).table(table).to_owned();
    for c in cols {
        idx.col(c);
    }
    manager.create_index(idx).await
}

/// The products on visit record card QX-FW-003: code, 中文, English, category, billing.
const CARD_PRODUCTS: [(&str, &str, &str, &str, &str); 12] = [
    ("DAS", "DAS", "Distributed antenna system (DAS)", "VALUE_ADDED", "MONTHLY"),
    ("MOA", "移动办公助理", "Mobile office assistant", "VALUE_ADDED", "MONTHLY"),
    ("ADS", "ADS", "ADS", "VALUE_ADDED", "MONTHLY"),
    ("POINTS", "积分", "Loyalty points", "VALUE_ADDED", "ONE_OFF"),
    ("MOBILE_IP_PHONE", "移动商IP电话", "Business IP phone", "FIXED_LINE", "MONTHLY"),
    ("VPN", "VPN", "Group VPN", "VPN", "MONTHLY"),
    ("ENT_INFO_TERMINAL", "企业信息机", "Enterprise information terminal", "VALUE_ADDED", "MONTHLY"),
    ("GROUP_RINGTONE", "集团彩铃", "Group ringback tone", "VALUE_ADDED", "MONTHLY"),
    ("GROUP_IP", "集团IP", "Group IP", "DEDICATED_LINE", "MONTHLY"),
    ("DEDICATED_LINE", "专线接入", "Dedicated line access", "DEDICATED_LINE", "MONTHLY"),
    ("GROUP_WLAN", "集团E网(WLAN)", "Group E-net (WLAN)", "INTERNET", "MONTHLY"),
    ("GROUP_SMS", "集团短信", "Group SMS", "SMS", "MONTHLY"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Setting::Table)
                    .col(string_len(Setting::Key, 64).primary_key())
                    .col(string_len(Setting::Value, 255))
                    .col(integer(Setting::Version).default(1))
                    .col(timestamp_with_time_zone(Setting::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CodeSequence::Table)
                    .col(string_len(CodeSequence::Name, 64).primary_key())
                    .col(big_integer(CodeSequence::NextValue))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Product::Table)
                    .col(big_pk_auto(Product::Id))
                    .col(string_len_uniq(Product::Code, 32))
                    .col(string_len(Product::NameZh, 100))
                    .col(string_len(Product::NameEn, 100))
                    .col(string_len(Product::Category, 32))
                    .col(string_len(Product::Billing, 16))
                    .col(boolean(Product::OnVisitCard).default(false))
                    .col(integer(Product::SortOrder).default(0))
                    .col(boolean(Product::Active).default(true))
                    .col(integer(Product::Version).default(1))
                    .col(timestamp_with_time_zone(Product::CreatedAt))
                    .col(timestamp_with_time_zone(Product::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        let now = chrono::Utc::now();
        let mut insert = Query::insert()
            .into_table(Product::Table)
            .columns([
                Product::Code,
                Product::NameZh,
                Product::NameEn,
                Product::Category,
                Product::Billing,
                Product::OnVisitCard,
                Product::SortOrder,
                Product::Active,
                Product::Version,
                Product::CreatedAt,
                Product::UpdatedAt,
            ])
            .to_owned();
        for (i, (code, zh, en, category, billing)) in CARD_PRODUCTS.into_iter().enumerate() {
            insert.values_panic([
                code.into(),
                zh.into(),
                en.into(),
                category.into(),
                billing.into(),
                true.into(),
                (i as i32 + 1).into(),
                true.into(),
                1.into(),
                now.into(),
                now.into(),
            ]);
        }
        manager.exec_stmt(insert).await?;
        let mut settings = Query::insert()
            .into_table(Setting::Table)
            .columns([Setting::Key, Setting::Value, Setting::Version, Setting::UpdatedAt])
            .to_owned();
        for (key, value) in [("member.arpu.high_above", "60.00"), ("member.arpu.mid_from", "30.00")] {
            settings.values_panic([key.into(), value.into(), 1.into(), now.into()]);
        }
        manager.exec_stmt(settings).await?;

        manager
            .create_table(
                Table::create()
                    .table(CustomerGroup::Table)
                    .col(big_pk_auto(CustomerGroup::Id))
                    .col(string_len_uniq(CustomerGroup::Code, 32))
                    .col(string_len(CustomerGroup::Name, 200))
                    .col(string_len(CustomerGroup::Kind, 16))
                    .col(string_len(CustomerGroup::Segment, 16))
                    .col(string_len(CustomerGroup::Industry, 64))
                    .col(string_len(CustomerGroup::ValueClass, 1))
                    .col(string_len(CustomerGroup::Tier, 16))
                    .col(string_len(CustomerGroup::County, 64))
                    .col(string_len_null(CustomerGroup::Town, 64))
                    .col(string_len_null(CustomerGroup::StreetOffice, 64))
                    .col(string_len_null(CustomerGroup::Village, 64))
                    .col(string_len(CustomerGroup::Address, 255))
                    .col(boolean(CustomerGroup::AnnualOutputOver3m).default(false))
                    .col(string_len(CustomerGroup::Status, 16))
                    .col(json(CustomerGroup::Competitors))
                    .col(text_null(CustomerGroup::CompetitorNotes))
                    .col(json(CustomerGroup::InformatizationProducts))
                    .col(date_null(CustomerGroup::FoundedOn))
                    .col(json(CustomerGroup::KeyDates))
                    .col(text_null(CustomerGroup::Notes))
                    .col(big_integer(CustomerGroup::OwnerId))
                    .col(big_integer(CustomerGroup::DepartmentId))
                    .col(big_integer(CustomerGroup::BranchId))
                    .col(timestamp_with_time_zone_null(CustomerGroup::LastVisitAt))
                    .col(integer(CustomerGroup::OpenProposals).default(0))
                    .col(timestamp_with_time_zone_null(CustomerGroup::ArchivedAt))
                    .col(integer(CustomerGroup::Version).default(1))
                    .col(timestamp_with_time_zone(CustomerGroup::CreatedAt))
                    .col(timestamp_with_time_zone(CustomerGroup::UpdatedAt))
                    .foreign_key(&mut fk((CustomerGroup::Table, CustomerGroup::OwnerId), (AppUser::Table, AppUser::Id)))
                    .foreign_key(&mut fk(
                        (CustomerGroup::Table, CustomerGroup::DepartmentId),
                        (OrgUnit::Table, OrgUnit::Id),
                    ))
                    .foreign_key(&mut fk(
                        (CustomerGroup::Table, CustomerGroup::BranchId),
                        (OrgUnit::Table, OrgUnit::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_customer_group_region_name")
                    .table(CustomerGroup::Table)
                    .col(CustomerGroup::County)
                    .col(CustomerGroup::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        use CustomerGroup as G;
        for (name, cols) in [
            ("idx_customer_group_owner", vec![G::OwnerId.into_iden(), G::Id.into_iden()]),
            ("idx_customer_group_department", vec![G::DepartmentId.into_iden(), G::Id.into_iden()]),
            ("idx_customer_group_branch", vec![G::BranchId.into_iden(), G::Id.into_iden()]),
            ("idx_customer_group_name", vec![G::Name.into_iden(), G::Id.into_iden()]),
            ("idx_customer_group_status", vec![G::Status.into_iden()]),
            ("idx_customer_group_tier", vec![G::Tier.into_iden()]),
            ("idx_customer_group_class", vec![G::ValueClass.into_iden()]),
            ("idx_customer_group_industry", vec![G::Industry.into_iden()]),
            ("idx_customer_group_last_visit", vec![G::LastVisitAt.into_iden()]),
            ("idx_customer_group_open_proposals", vec![G::OpenProposals.into_iden()]),
        ] {
            index(manager, name, G::Table, cols).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(GroupReassignment::Table)
                    .col(big_pk_auto(GroupReassignment::Id))
                    .col(big_integer(GroupReassignment::GroupId))
                    .col(big_integer(GroupReassignment::FromOwnerId))
                    .col(big_integer(GroupReassignment::ToOwnerId))
                    .col(big_integer(GroupReassignment::FromDepartmentId))
                    .col(big_integer(GroupReassignment::ToDepartmentId))
                    .col(big_integer(GroupReassignment::ById))
                    .col(string_len(GroupReassignment::Reason, 500))
                    .col(timestamp_with_time_zone(GroupReassignment::OccurredAt))
                    .foreign_key(&mut fk(
                        (GroupReassignment::Table, GroupReassignment::GroupId),
                        (CustomerGroup::Table, CustomerGroup::Id),
                    ))
                    .foreign_key(&mut fk(
                        (GroupReassignment::Table, GroupReassignment::FromOwnerId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .foreign_key(&mut fk(
                        (GroupReassignment::Table, GroupReassignment::ToOwnerId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .foreign_key(&mut fk(
                        (GroupReassignment::Table, GroupReassignment::ById),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_group_reassignment_group",
            GroupReassignment::Table,
            vec![GroupReassignment::GroupId.into_iden(), GroupReassignment::Id.into_iden()],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Member::Table)
                    .col(big_pk_auto(Member::Id))
                    .col(big_integer(Member::GroupId))
                    .col(string_len(Member::Name, 100))
                    .col(string_len(Member::Phone, 32))
                    .col(string_len_null(Member::Position, 100))
                    .col(boolean(Member::KeyPerson).default(false))
                    .col(string_len(Member::VipLevel, 16))
                    .col(string_len(Member::Carrier, 16))
                    .col(string_len(Member::Status, 16))
                    .col(date_null(Member::Birthday))
                    .col(decimal_len_null(Member::Arpu, 14, 2))
                    .col(string_len_null(Member::ArpuMonth, 7))
                    .col(timestamp_with_time_zone_null(Member::ArchivedAt))
                    .col(integer(Member::Version).default(1))
                    .col(timestamp_with_time_zone(Member::CreatedAt))
                    .col(timestamp_with_time_zone(Member::UpdatedAt))
                    .foreign_key(&mut fk((Member::Table, Member::GroupId), (CustomerGroup::Table, CustomerGroup::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_member_group_phone")
                    .table(Member::Table)
                    .col(Member::GroupId)
                    .col(Member::Phone)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_member_group_id", Member::Table, vec![Member::GroupId.into_iden(), Member::Id.into_iden()])
            .await?;
        index(
            manager,
            "idx_member_group_status",
            Member::Table,
            vec![Member::GroupId.into_iden(), Member::Status.into_iden(), Member::Id.into_iden()],
        )
        .await?;
        index(
            manager,
            "idx_member_group_arpu",
            Member::Table,
            vec![Member::GroupId.into_iden(), Member::Arpu.into_iden()],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(MemberRevenue::Table)
                    .col(big_pk_auto(MemberRevenue::Id))
                    .col(big_integer(MemberRevenue::MemberId))
                    .col(big_integer(MemberRevenue::GroupId))
                    .col(string_len(MemberRevenue::Month, 7))
                    .col(decimal_len(MemberRevenue::Amount, 14, 2))
                    .col(timestamp_with_time_zone(MemberRevenue::RecordedAt))
                    .foreign_key(&mut fk((MemberRevenue::Table, MemberRevenue::MemberId), (Member::Table, Member::Id)))
                    .foreign_key(&mut fk(
                        (MemberRevenue::Table, MemberRevenue::GroupId),
                        (CustomerGroup::Table, CustomerGroup::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_member_revenue_month")
                    .table(MemberRevenue::Table)
                    .col(MemberRevenue::MemberId)
                    .col(MemberRevenue::Month)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_member_revenue_group_month",
            MemberRevenue::Table,
            vec![MemberRevenue::GroupId.into_iden(), MemberRevenue::Month.into_iden()],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Contact::Table)
                    .col(big_pk_auto(Contact::Id))
                    .col(big_integer(Contact::GroupId))
                    .col(string_len(Contact::Name, 100))
                    .col(string_len_null(Contact::Title, 100))
                    .col(string_len(Contact::Role, 16))
                    .col(json(Contact::Phones))
                    .col(string_len_null(Contact::Email, 255))
                    .col(date_null(Contact::Birthday))
                    .col(text_null(Contact::Preferences))
                    .col(text_null(Contact::Notes))
                    .col(timestamp_with_time_zone_null(Contact::ArchivedAt))
                    .col(integer(Contact::Version).default(1))
                    .col(timestamp_with_time_zone(Contact::CreatedAt))
                    .col(timestamp_with_time_zone(Contact::UpdatedAt))
                    .foreign_key(&mut fk((Contact::Table, Contact::GroupId), (CustomerGroup::Table, CustomerGroup::Id)))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_contact_group",
            Contact::Table,
            vec![Contact::GroupId.into_iden(), Contact::Id.into_iden()],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Visit::Table)
                    .col(big_pk_auto(Visit::Id))
                    .col(big_integer(Visit::GroupId))
                    .col(big_integer(Visit::ManagerId))
                    .col(string_len(Visit::Status, 16))
                    .col(string_len(Visit::Method, 16))
                    .col(string_len(Visit::Purpose, 32))
                    .col(timestamp_with_time_zone_null(Visit::PlannedAt))
                    .col(timestamp_with_time_zone_null(Visit::StartedAt))
                    .col(timestamp_with_time_zone_null(Visit::EndedAt))
                    .col(json(Visit::ContactIds))
                    .col(string_len_null(Visit::ServiceSatisfaction, 32))
                    .col(string_len_null(Visit::NetworkSatisfaction, 32))
                    .col(json(Visit::NeedProducts))
                    .col(text_null(Visit::NeedNotes))
                    .col(text_null(Visit::Suggestions))
                    .col(text_null(Visit::Minutes))
                    .col(text_null(Visit::NextSteps))
                    .col(boolean(Visit::CustomerConfirmed).default(false))
                    .col(string_len_null(Visit::ConfirmedBy, 100))
                    .col(string_len_null(Visit::MissedReason, 500))
                    .col(integer(Visit::Version).default(1))
                    .col(timestamp_with_time_zone(Visit::CreatedAt))
                    .col(timestamp_with_time_zone(Visit::UpdatedAt))
                    .foreign_key(&mut fk((Visit::Table, Visit::GroupId), (CustomerGroup::Table, CustomerGroup::Id)))
                    .foreign_key(&mut fk((Visit::Table, Visit::ManagerId), (AppUser::Table, AppUser::Id)))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_visit_group", vec![Visit::GroupId.into_iden(), Visit::Id.into_iden()]),
            ("idx_visit_manager", vec![Visit::ManagerId.into_iden(), Visit::Id.into_iden()]),
            ("idx_visit_planned_at", vec![Visit::PlannedAt.into_iden()]),
            ("idx_visit_ended_at", vec![Visit::EndedAt.into_iden()]),
            ("idx_visit_method", vec![Visit::Method.into_iden()]),
            ("idx_visit_purpose", vec![Visit::Purpose.into_iden()]),
        ] {
            index(manager, name, Visit::Table, cols).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(MemberImport::Table)
                    .col(big_pk_auto(MemberImport::Id))
                    .col(big_integer(MemberImport::GroupId))
                    .col(big_integer(MemberImport::RequestedById))
                    .col(string_len(MemberImport::FileName, 255))
                    .col(string_len(MemberImport::Mode, 16))
                    .col(string_len(MemberImport::Status, 32))
                    .col(integer(MemberImport::TotalRows).default(0))
                    .col(integer(MemberImport::ProcessedRows).default(0))
                    .col(integer(MemberImport::Inserted).default(0))
                    .col(integer(MemberImport::Updated).default(0))
                    .col(integer(MemberImport::Unchanged).default(0))
                    .col(integer(MemberImport::ErrorCount).default(0))
                    .col(json(MemberImport::Errors))
                    .col(text_null(MemberImport::Failure))
                    .col(timestamp_with_time_zone(MemberImport::StartedAt))
                    .col(timestamp_with_time_zone_null(MemberImport::FinishedAt))
                    .foreign_key(&mut fk(
                        (MemberImport::Table, MemberImport::GroupId),
                        (CustomerGroup::Table, CustomerGroup::Id),
                    ))
                    .foreign_key(&mut fk(
                        (MemberImport::Table, MemberImport::RequestedById),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_member_import_group",
            MemberImport::Table,
            vec![MemberImport::GroupId.into_iden(), MemberImport::Id.into_iden()],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MemberImport::Table.into_iden(),
            Visit::Table.into_iden(),
            Contact::Table.into_iden(),
            MemberRevenue::Table.into_iden(),
            Member::Table.into_iden(),
            GroupReassignment::Table.into_iden(),
            CustomerGroup::Table.into_iden(),
            Product::Table.into_iden(),
            CodeSequence::Table.into_iden(),
            Setting::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
