//! Members, their revenue and bulk imports in the API.
use crate::graphql::ContextExt;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Upload};
use chrono::{DateTime, Utc};

use super::{
    Carrier, MemberStatus, ValueBand, VipLevel,
    import::{ImportMode, ImportStatus},
    service,
};
use crate::{
    error::{AppError, AppResult, UserError, UserErrorCode},
    graphql::{
        compiled::{Leaf, enum_at},
        enums::Gql,
        loaders::{load_by_id, load_children},
        payload::{VersionedIdInput, split},
        relay::NodeKind,
        scalars::{Date, Money},
    },
    groups::graphql::{CustomerGroup, group_of_child},
    settings::ArpuBands,
    state::Lang,
    users::graphql::User,
};
use entity::{
    member::{Column, Model},
    member_import, member_revenue,
};

/// The value-band thresholds, read once per request.
#[derive(Default)]
pub struct BandsCache(tokio::sync::OnceCell<ArpuBands>);

pub async fn bands(ctx: &Context<'_>) -> AppResult<ArpuBands> {
    let cache = ctx.data::<BandsCache>().map_err(|_| AppError::internal("bands cache not registered"))?;
    Ok(*cache.0.get_or_try_init(|| ArpuBands::load(&ctx.state().db)).await?)
}

/// The fields of `Member` a compiled read (`graphql::compiled`) shows, from its columns, as the
/// resolvers below show them.
pub(crate) const COMPILED: &[(&str, Column, Leaf)] = &[
    ("id", Column::Id, Leaf::Id(NodeKind::Member)),
    ("name", Column::Name, Leaf::Text),
    ("phone", Column::Phone, Leaf::Text),
    ("position", Column::Position, Leaf::OptText),
    ("keyPerson", Column::KeyPerson, Leaf::Bool),
    ("vipLevel", Column::VipLevel, Leaf::Enum(enum_at::<VipLevel>)),
    ("carrier", Column::Carrier, Leaf::Enum(enum_at::<Carrier>)),
    ("status", Column::Status, Leaf::Enum(enum_at::<MemberStatus>)),
    ("birthday", Column::Birthday, Leaf::OptDate),
    ("arpu", Column::Arpu, Leaf::OptMoney),
    ("arpuMonth", Column::ArpuMonth, Leaf::OptText),
    ("archivedAt", Column::ArchivedAt, Leaf::OptTime),
    ("version", Column::Version, Leaf::Int),
    ("createdAt", Column::CreatedAt, Leaf::Time),
];

/// A person on the group's account (集团成员).
pub struct Member(pub Model);

/// A person on the group's account (集团成员).
#[Object]
impl Member {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::Member.id(self.0.id)
    }
    /// The group.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// Name (姓名).
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Phone number, normalised (号码).
    async fn phone(&self) -> &str {
        &self.0.phone
    }
    /// Position (职务).
    async fn position(&self) -> Option<&str> {
        self.0.position.as_deref()
    }
    /// Key person (关键人).
    async fn key_person(&self) -> bool {
        self.0.key_person
    }
    /// VIP level (VIP等级).
    async fn vip_level(&self) -> Gql<VipLevel> {
        Gql(self.0.vip_level)
    }
    /// Network the number is on (运营商).
    async fn carrier(&self) -> Gql<Carrier> {
        Gql(self.0.carrier)
    }
    /// State of the line (状态).
    async fn status(&self) -> Gql<MemberStatus> {
        Gql(self.0.status)
    }
    /// Birthday (生日).
    async fn birthday(&self) -> Option<Date> {
        self.0.birthday.map(Date)
    }
    /// Revenue of the latest recorded month (ARPU, 元).
    async fn arpu(&self) -> Option<Money> {
        self.0.arpu.map(Money::of)
    }
    /// The month `arpu` is for, `YYYY-MM`.
    async fn arpu_month(&self) -> Option<&str> {
        self.0.arpu_month.as_deref()
    }
    /// Value band from the latest month's ARPU (价值分层); null before any revenue is recorded.
    async fn value_band(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Gql<ValueBand>>> {
        let Some(arpu) = self.0.arpu else { return Ok(None) };
        Ok(Some(Gql(bands(ctx).await?.band(arpu))))
    }
    /// Monthly revenue, newest month first (月收入).
    async fn revenues(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many months, newest first (1–36).", default = 12)] months: i32,
    ) -> async_graphql::Result<Vec<MemberRevenue>> {
        let all = load_children::<member_revenue::Entity>(ctx, self.0.id).await?;
        Ok(all.into_iter().take(months.clamp(1, 36) as usize).map(MemberRevenue).collect())
    }
    /// When archived; null while current.
    async fn archived_at(&self) -> Option<DateTime<Utc>> {
        self.0.archived_at
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When added.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// One month's revenue of a member (月收入).
pub struct MemberRevenue(pub member_revenue::Model);

/// One month's revenue of a member (月收入).
#[Object]
impl MemberRevenue {
    /// The month, `YYYY-MM`.
    async fn month(&self) -> &str {
        &self.0.month
    }
    /// Revenue in CNY.
    async fn amount(&self) -> Money {
        Money::of(self.0.amount)
    }
    /// When recorded (or last corrected).
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }
}

/// One problem in one row of an imported file.
#[derive(SimpleObject)]
pub struct ImportRowError {
    /// Line number in the file (the header is line 1; 0 for the file as a whole).
    pub line: i64,
    /// The column, as named in the file's header; empty for the whole row.
    pub column: String,
    /// What is wrong, in the request's language.
    pub message: String,
}

/// A bulk import of members from CSV (成员导入), with its progress and report.
pub struct MemberImport(pub member_import::Model);

/// A bulk import of members from CSV (成员导入), with its progress and report.
#[Object]
impl MemberImport {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::MemberImport.id(self.0.id)
    }
    /// The group imported into.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// Who started it.
    async fn requested_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<entity::app_user::Entity>(ctx, self.0.requested_by_id).await?.map(User))
    }
    /// The uploaded file's name.
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// What happens to wrong rows.
    async fn mode(&self) -> Gql<ImportMode> {
        Gql(self.0.mode)
    }
    /// Where the import stands.
    async fn status(&self) -> Gql<ImportStatus> {
        Gql(self.0.status)
    }
    /// Data rows in the file (known once validation is done).
    async fn total_rows(&self) -> i32 {
        self.0.total_rows
    }
    /// Rows handled so far in the current phase (validating, then applying).
    async fn processed_rows(&self, ctx: &Context<'_>) -> i64 {
        ctx.state().imports.processed(self.0.id).unwrap_or(self.0.processed_rows as i64)
    }
    /// New members added.
    async fn inserted(&self) -> i32 {
        self.0.inserted
    }
    /// Existing members (same number) whose details changed.
    async fn updated(&self) -> i32 {
        self.0.updated
    }
    /// Existing members already exactly as in the file.
    async fn unchanged(&self) -> i32 {
        self.0.unchanged
    }
    /// Number of problems found (all counted; the first 1,000 are listed in `errors`).
    async fn error_count(&self) -> i32 {
        self.0.error_count
    }
    /// Problems by line and column, in file order.
    async fn errors(&self, ctx: &Context<'_>) -> Vec<ImportRowError> {
        let lang = ctx.lang();
        let items = self.0.errors.as_array().cloned().unwrap_or_default();
        items
            .into_iter()
            .map(|e| ImportRowError {
                line: e["line"].as_i64().unwrap_or(0),
                column: e["column"].as_str().unwrap_or("").to_string(),
                message: e[if lang == Lang::En { "messageEn" } else { "messageZh" }].as_str().unwrap_or("").to_string(),
            })
            .collect()
    }
    /// Why the import broke off, when it did.
    async fn failure(&self) -> Option<&str> {
        self.0.failure.as_deref()
    }
    /// True once the import has finished, whatever the outcome.
    async fn finished(&self) -> async_graphql::Result<bool> {
        Ok(self.0.status.finished())
    }
    /// When it started.
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }
    /// When it finished.
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
}

pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<Member>> {
    let Some(m) = load_by_id::<entity::member::Entity>(ctx, id).await? else { return Ok(None) };
    Ok(group_of_child(ctx, m.group_id).await?.map(|_| Member(m)))
}

pub async fn load_visible_import(ctx: &Context<'_>, id: i64) -> AppResult<Option<MemberImport>> {
    let Some(m) = load_by_id::<member_import::Entity>(ctx, id).await? else { return Ok(None) };
    Ok(group_of_child(ctx, m.group_id).await?.map(|_| MemberImport(m)))
}

#[derive(Default)]
pub struct MemberQuery;

#[Object]
impl MemberQuery {
    /// A member import, to follow its progress; null when not visible to you.
    async fn member_import(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The import's global id.")] id: ID,
    ) -> async_graphql::Result<Option<MemberImport>> {
        let Some(raw) = NodeKind::MemberImport.decode(&id) else { return Ok(None) };
        Ok(load_visible_import(ctx, raw).await?)
    }
}

/// A new member of a group.
#[derive(InputObject)]
pub struct CreateMemberInput {
    /// The group (global id).
    pub group_id: ID,
    /// The member's details.
    pub fields: MemberFieldsInput,
    /// The line's state (default in network, 在网).
    #[graphql(default_with = "Gql(MemberStatus::Active)")]
    pub status: Gql<MemberStatus>,
}

/// New details for a member.
#[derive(InputObject)]
pub struct UpdateMemberInput {
    /// The member (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// All the member's details (replacing the old ones).
    pub fields: MemberFieldsInput,
}

/// A change of a member's line state.
#[derive(InputObject)]
pub struct SetMemberStatusInput {
    /// The member (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// The new state.
    pub status: Gql<MemberStatus>,
}

/// Revenue for several members and months at once.
#[derive(InputObject)]
pub struct RecordMemberRevenuesInput {
    /// The entries (1–1000); any wrong entry and none is recorded.
    pub entries: Vec<RevenueEntryInput>,
}

/// A CSV file of members to import into a group.
#[derive(InputObject)]
pub struct ImportMembersInput {
    /// The group (global id).
    pub group_id: ID,
    /// The CSV file (UTF-8, header row: 姓名, 号码, 职务, 关键人, VIP等级, 运营商, 状态, 生日 — or their English names).
    pub file: Upload,
    /// What to do when some rows are wrong.
    #[graphql(default_with = "Gql(ImportMode::AllOrNothing)")]
    pub mode: Gql<ImportMode>,
}

/// Result of changing a member.
#[derive(SimpleObject)]
pub struct MemberPayload {
    /// The member as changed; null when there are user errors.
    pub member: Option<Member>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

/// Result of recording revenue.
#[derive(SimpleObject)]
pub struct RecordMemberRevenuesPayload {
    /// The members whose revenue was recorded; empty when there are user errors.
    pub members: Vec<Member>,
    /// What the user can fix, by entry (`["input", "entries", "3", "amount"]`).
    pub user_errors: Vec<UserError>,
}

/// Result of starting an import.
#[derive(SimpleObject)]
pub struct ImportMembersPayload {
    /// The import, running in the background; poll `memberImport(id)` until `finished`.
    pub import: Option<MemberImport>,
    /// What the user can fix (a missing column, an unreadable file).
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<MemberPayload> {
    let (m, user_errors) = split(r)?;
    Ok(MemberPayload { member: m.map(Member), user_errors })
}

fn decode(id: &ID) -> AppResult<i64> {
    NodeKind::Member.decode(id).ok_or_else(AppError::not_found)
}

#[derive(Default)]
pub struct MemberMutation;

#[Object]
impl MemberMutation {
    /// Adds a member to a group.
    async fn create_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: CreateMemberInput,
    ) -> async_graphql::Result<MemberPayload> {
        let group = NodeKind::Group.decode(&input.group_id).ok_or_else(AppError::not_found)?;
        payload(
            service::create(ctx.state(), &ctx.actor()?, ctx.viewer()?, group, input.fields.into(), input.status.0)
                .await,
        )
    }

    /// Replaces a member's details.
    async fn update_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: UpdateMemberInput,
    ) -> async_graphql::Result<MemberPayload> {
        let id = decode(&input.id)?;
        payload(
            service::update(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, input.fields.into())
                .await,
        )
    }

    /// Records the state of a member's line (在网, 停机, 预销户, 销户, 呼转).
    async fn set_member_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: SetMemberStatusInput,
    ) -> async_graphql::Result<MemberPayload> {
        let id = decode(&input.id)?;
        payload(
            service::set_status(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, input.status.0)
                .await,
        )
    }

    /// Archives a member (kept in history, hidden from lists).
    async fn archive_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<MemberPayload> {
        let id = decode(&input.id)?;
        payload(
            service::set_archived(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, true).await,
        )
    }

    /// Restores an archived member.
    async fn restore_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<MemberPayload> {
        let id = decode(&input.id)?;
        payload(
            service::set_archived(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, false).await,
        )
    }

    /// Records (or corrects) one member's revenue for one month.
    async fn record_member_revenue(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RevenueEntryInput,
    ) -> async_graphql::Result<MemberPayload> {
        let entry = (NodeKind::Member.decode(&input.member_id), input.month, input.amount.0);
        let r = service::record_revenues(ctx.state(), &ctx.actor()?, ctx.viewer()?, vec![entry]).await;
        let r = r.map(|mut v| v.pop()).map_err(|e| match e {
            // One entry: report its fields at the top of the input.
            AppError::Invalid(errors) => AppError::Invalid(
                errors
                    .into_iter()
                    .map(|mut e| {
                        e.field.retain(|p| p != "entries" && p != "0");
                        e
                    })
                    .collect(),
            ),
            other => other,
        });
        let (m, user_errors) = split(r)?;
        Ok(MemberPayload { member: m.flatten().map(Member), user_errors })
    }

    /// Records revenue for many members and months at once, all or nothing.
    async fn record_member_revenues(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RecordMemberRevenuesInput,
    ) -> async_graphql::Result<RecordMemberRevenuesPayload> {
        let entries =
            input.entries.into_iter().map(|e| (NodeKind::Member.decode(&e.member_id), e.month, e.amount.0)).collect();
        let (m, user_errors) =
            split(service::record_revenues(ctx.state(), &ctx.actor()?, ctx.viewer()?, entries).await)?;
        Ok(RecordMemberRevenuesPayload {
            members: m.unwrap_or_default().into_iter().map(Member).collect(),
            user_errors,
        })
    }

    /// Starts importing members from a CSV file (multipart upload); numbers already in the
    /// group are updated, not duplicated. Poll `memberImport(id)` for progress and the report.
    async fn import_members(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ImportMembersInput,
    ) -> async_graphql::Result<ImportMembersPayload> {
        let group = NodeKind::Group.decode(&input.group_id).ok_or_else(AppError::not_found)?;
        let upload = input.file.value(ctx).map_err(|_| {
            AppError::Invalid(vec![UserError::new(
                "file",
                UserErrorCode::Required,
                "请上传文件",
                "Please upload a file",
            )])
        });
        let r = match upload {
            Ok(file) => {
                super::import::start(
                    ctx.state(),
                    &ctx.actor()?,
                    ctx.viewer()?,
                    group,
                    input.mode.0,
                    file.filename,
                    file.content,
                )
                .await
            }
            Err(e) => Err(e),
        };
        let (m, user_errors) = split(r)?;
        Ok(ImportMembersPayload { import: m.map(MemberImport), user_errors })
    }
}

/// Every editable field of a member. Updates replace all of them.
#[derive(InputObject, Clone, Debug)]
pub struct MemberFieldsInput {
    /// Name (姓名).
    pub name: String,
    /// Phone number, mobile or fixed line (号码); unique within the group.
    pub phone: String,
    /// Position (职务).
    pub position: Option<String>,
    /// Key person (关键人).
    #[graphql(default)]
    pub key_person: bool,
    /// VIP level (VIP等级).
    #[graphql(default_with = "Gql(VipLevel::None)")]
    pub vip_level: Gql<VipLevel>,
    /// Network the number is on (运营商).
    #[graphql(default_with = "Gql(Carrier::Own)")]
    pub carrier: Gql<Carrier>,
    /// Birthday (生日).
    pub birthday: Option<Date>,
}

impl From<MemberFieldsInput> for service::MemberFields {
    fn from(c: MemberFieldsInput) -> Self {
        Self {
            name: c.name,
            phone: c.phone,
            position: c.position,
            key_person: c.key_person,
            vip_level: c.vip_level.0,
            carrier: c.carrier.0,
            birthday: c.birthday.map(|v| v.0),
        }
    }
}

/// One month's revenue of one member (月收入).
#[derive(InputObject, Clone, Debug)]
pub struct RevenueEntryInput {
    /// The member (global id).
    pub member_id: ID,
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Revenue for the month in CNY (not negative, two decimals at most).
    pub amount: Money,
}
