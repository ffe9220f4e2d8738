//! Arrears in the API: the collection items, the import of billing's lists, the notice, the
//! payments and the figures.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Upload};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{AGE_BANDS, ArrearsAction, ArrearsStatus, notice_from, service};
use crate::{
    clock::business_date,
    documents::graphql::PdfFile,
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::Month,
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::load_by_id,
        offers::allowed,
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
        scalars::{Date, Money},
    },
    groups::graphql::{CustomerGroup, group_of_child},
    org::graphql::OrgUnit,
    users::graphql::User,
};
use entity::arrears_item::{Column, Entity, Model};

/// A collection item (催缴单).
pub struct ArrearsItem(pub Model);

/// A collection item (催缴单): an overdue account from billing's lists, for the group's manager.
#[Object]
impl ArrearsItem {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::ArrearsItem.id(self.0.id)
    }
    /// The billing account (账户).
    async fn account_no(&self) -> &str {
        &self.0.account_no
    }
    /// The group.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// The member, when the list named one.
    async fn member(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<crate::members::graphql::Member>> {
        let Some(id) = self.0.member_id else { return Ok(None) };
        Ok(crate::members::graphql::load_visible(ctx, id).await?)
    }
    /// The manager who collects it (the group's when it was first listed).
    async fn manager(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<entity::app_user::Entity>(ctx, self.0.manager_id).await?.map(User))
    }
    /// The cycle (`YYYY-MM`) that listed it last.
    async fn cycle(&self) -> &str {
        &self.0.cycle
    }
    /// The cycle that listed it first.
    async fn first_cycle(&self) -> &str {
        &self.0.first_cycle
    }
    /// Overdue (欠费金额): what billing lists, plus what was paid on it since it was first listed.
    async fn amount(&self) -> Money {
        Money::of(self.0.amount)
    }
    /// Paid against receipts so far (已缴).
    async fn collected(&self) -> Money {
        Money::of(self.0.collected)
    }
    /// Still owed (应缴余额).
    async fn outstanding(&self) -> Money {
        Money::of(service::outstanding(&self.0))
    }
    /// Months overdue (账龄).
    async fn months_overdue(&self) -> i32 {
        self.0.months_overdue
    }
    /// Where it stands.
    async fn status(&self) -> Gql<ArrearsStatus> {
        Gql(self.0.status)
    }
    /// The date agreed on the call or letter.
    async fn agreed_on(&self) -> Option<Date> {
        self.0.agreed_on.map(Date)
    }
    /// The place agreed.
    async fn agreed_place(&self) -> Option<&str> {
        self.0.agreed_place.as_deref()
    }
    /// The call, letter or visit that agreed them.
    async fn contact_visit(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<crate::visits::graphql::Visit>> {
        let Some(id) = self.0.contact_visit_id else { return Ok(None) };
        Ok(crate::visits::graphql::load_visible(ctx, id).await?)
    }
    /// The first day the arrears notice may be printed (the day after the agreed date).
    async fn notice_from(&self) -> Option<Date> {
        self.0.agreed_on.map(|d| Date(notice_from(d)))
    }
    /// When the notice was first printed.
    async fn noticed_at(&self) -> Option<DateTime<Utc>> {
        self.0.noticed_at
    }
    /// When paid in full.
    async fn paid_at(&self) -> Option<DateTime<Utc>> {
        self.0.paid_at
    }
    /// Payments recorded, oldest first.
    async fn payments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ArrearsPayment>> {
        let rows = crate::graphql::loaders::load_children::<entity::arrears_payment::Entity>(ctx, self.0.id).await?;
        Ok(rows.into_iter().map(ArrearsPayment).collect())
    }
    /// What you may do with it now.
    async fn allowed_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Gql<ArrearsAction>>> {
        let Some(g) = load_by_id::<entity::customer_group::Entity>(ctx, self.0.group_id).await? else {
            return Ok(vec![]);
        };
        let today = business_date(ctx.state().now());
        Ok(allowed(service::offers(ctx.viewer()?, &g, &self.0, today)))
    }
    /// Why printing the notice is refused now (no contact yet, or the agreed date not passed); null when it may be printed.
    async fn notice_blocked(&self, ctx: &Context<'_>) -> Option<UserError> {
        service::notice_refusal(&self.0, business_date(ctx.state().now()))
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A payment against a collection item.
pub struct ArrearsPayment(entity::arrears_payment::Model);

/// A payment against a collection item, with its official receipt number (收据号).
#[Object]
impl ArrearsPayment {
    /// Amount paid.
    async fn amount(&self) -> Money {
        Money::of(self.0.amount)
    }
    /// The official receipt number.
    async fn receipt_no(&self) -> &str {
        &self.0.receipt_no
    }
    /// The day paid.
    async fn paid_on(&self) -> Date {
        Date(self.0.paid_on)
    }
    /// Who recorded it.
    async fn recorded_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<entity::app_user::Entity>(ctx, self.0.recorded_by).await?.map(User))
    }
    /// When recorded.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<ArrearsItem>> {
    let Some(m) = load_by_id::<Entity>(ctx, id).await? else { return Ok(None) };
    Ok(group_of_child(ctx, m.group_id).await?.map(|_| ArrearsItem(m)))
}

/// Owed in one age band.
#[derive(SimpleObject)]
pub struct AgeBand {
    /// Months overdue from.
    pub from_months: i32,
    /// Months overdue to; null for the open-ended last band.
    pub to_months: Option<i32>,
    /// Still owed in it.
    pub outstanding: Money,
}

/// Collection figures (催缴统计).
#[derive(SimpleObject)]
pub struct CollectionFigures {
    /// Items.
    pub items: i64,
    /// Overdue.
    pub overdue: Money,
    /// Collected against receipts.
    pub collected: Money,
    /// Still owed.
    pub outstanding: Money,
    /// Collected over overdue, percent; null when nothing was overdue.
    pub collection_rate_percent: Option<Money>,
    /// Still owed, by months overdue (1, 2, 3, 4–6, over 6).
    pub by_age: Vec<AgeBand>,
}

impl From<service::Figures> for CollectionFigures {
    fn from(f: service::Figures) -> Self {
        Self {
            items: f.items,
            overdue: Money::of(f.overdue),
            collected: Money::of(f.collected),
            outstanding: Money::of(f.outstanding),
            collection_rate_percent: f.rate().map(Money::of),
            by_age: AGE_BANDS
                .iter()
                .zip(f.by_age)
                .map(|((lo, hi), v)| AgeBand {
                    from_months: *lo,
                    to_months: (*hi != i32::MAX).then_some(*hi),
                    outstanding: Money::of(v),
                })
                .collect(),
        }
    }
}

/// One manager's collection figures.
#[derive(SimpleObject)]
pub struct ManagerCollection {
    /// The manager.
    pub manager: Option<User>,
    /// Their figures.
    pub figures: CollectionFigures,
}

/// One department's collection figures.
#[derive(SimpleObject)]
pub struct DepartmentCollection {
    /// The department.
    pub department: Option<OrgUnit>,
    /// Its figures.
    pub figures: CollectionFigures,
}

/// A cycle's collection figures over the items you see (rule 16's monthly report).
#[derive(SimpleObject)]
pub struct CollectionReport {
    /// The cycle, `YYYY-MM`.
    pub cycle: String,
    /// All of them.
    pub total: CollectionFigures,
    /// By manager, most overdue first.
    pub by_manager: Vec<ManagerCollection>,
    /// By department, most overdue first.
    pub by_department: Vec<DepartmentCollection>,
}

/// An arrears list imported.
#[derive(SimpleObject)]
pub struct ArrearsImportRecord {
    /// The cycle.
    pub cycle: String,
    /// The file's name.
    pub file_name: String,
    /// Rows read.
    pub rows: i32,
    /// New collection items.
    pub created: i32,
    /// Items brought up to date.
    pub updated: i32,
    /// Rows that changed nothing.
    pub unchanged: i32,
    /// Rows not taken.
    pub problems: i32,
    /// When.
    pub created_at: DateTime<Utc>,
}

#[derive(Default)]
pub struct ArrearsQuery;

#[Object]
impl ArrearsQuery {
    /// Collection items of the groups you see, newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn arrears_items(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only these states.")] status: Option<Vec<Gql<ArrearsStatus>>>,
        #[graphql(desc = "Only those the cycle listed last, `YYYY-MM`.")] cycle: Option<String>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<ArrearsItem>> {
        let mut select = Entity::find().filter(service::visible_condition(ctx.viewer()?));
        if let Some(s) = status.filter(|s| !s.is_empty()) {
            if s.len() > 4 {
                return Err(AppError::bad_input("最多 4 个状态", "At most 4 states").into());
            }
            select = select.filter(Column::Status.is_in(s.into_iter().map(|g| g.0)));
        }
        if let Some(c) = cycle {
            select = select.filter(Column::Cycle.eq(Month::parse("cycle", &c).map_err(AppError::from)?.to_string()));
        }
        let args = PageArgs { first, after, last, before };
        Ok(keyset(&ctx.state().db, select, Column::Id, true, args, ArrearsItem).await?)
    }

    /// Your open collection items, most overdue first (the workbench's list).
    async fn my_collection_items(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many (1–100).", default = 20)] first: i32,
    ) -> async_graphql::Result<Vec<ArrearsItem>> {
        let viewer = ctx.viewer()?;
        let rows = Entity::find()
            .filter(Column::ManagerId.eq(viewer.user_id))
            .filter(Column::Status.ne(ArrearsStatus::Paid))
            .filter(service::visible_condition(viewer))
            .order_by_desc(Column::MonthsOverdue)
            .order_by_desc(Column::Amount)
            .order_by_asc(Column::Id)
            .limit(first.clamp(1, 100) as u64)
            .all(&ctx.state().db)
            .await
            .map_err(AppError::from)?;
        Ok(rows.into_iter().map(ArrearsItem).collect())
    }

    /// A cycle's collection figures by manager and department (rule 16).
    async fn collection_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The cycle, `YYYY-MM`.")] cycle: String,
    ) -> async_graphql::Result<CollectionReport> {
        let c = Month::parse("cycle", &cycle).map_err(AppError::from)?.to_string();
        let (total, by_manager, by_department) = service::figures(&ctx.state().db, ctx.viewer()?, &c).await?;
        let mut managers = Vec::new();
        for (id, f) in by_manager {
            let manager = load_by_id::<entity::app_user::Entity>(ctx, id).await?.map(User);
            managers.push(ManagerCollection { manager, figures: f.into() });
        }
        let mut departments = Vec::new();
        for (id, f) in by_department {
            let department = load_by_id::<entity::org_unit::Entity>(ctx, id).await?.map(OrgUnit);
            departments.push(DepartmentCollection { department, figures: f.into() });
        }
        Ok(CollectionReport { cycle: c, total: total.into(), by_manager: managers, by_department: departments })
    }

    /// The arrears lists imported, newest first (at most 24): a billing clerk's branch's, or all for administrators.
    async fn arrears_imports(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ArrearsImportRecord>> {
        let viewer = ctx.viewer()?;
        if !matches!(viewer.role, crate::auth::Role::Billing | crate::auth::Role::Admin) {
            return Ok(vec![]);
        }
        let mut q = entity::arrears_import::Entity::find();
        if viewer.role == crate::auth::Role::Billing {
            // A clerk's branch's imports: those made by its staff.
            let staff = entity::app_user::Entity::find()
                .select_only()
                .column(entity::app_user::Column::Id)
                .filter(entity::app_user::Column::BranchId.eq(viewer.branch_id.unwrap_or(-1)));
            q = q
                .filter(entity::arrears_import::Column::ImportedBy.in_subquery(sea_orm::QueryTrait::into_query(staff)));
        }
        let rows = q
            .order_by_desc(entity::arrears_import::Column::Id)
            .limit(24)
            .all(&ctx.state().db)
            .await
            .map_err(AppError::from)?;
        Ok(rows
            .into_iter()
            .map(|r| ArrearsImportRecord {
                cycle: r.cycle,
                file_name: r.file_name,
                rows: r.rows,
                created: r.created,
                updated: r.updated,
                unchanged: r.unchanged,
                problems: r.problems,
                created_at: r.created_at,
            })
            .collect())
    }
}

/// Billing's arrears list for a cycle (CSV, UTF-8): columns 账户, 欠费金额, 欠费月数, and 集团编码
/// and/or 号码, optionally 预计停机日期; at most 200,000 rows.
#[derive(InputObject)]
pub struct ImportArrearsInput {
    /// The billing cycle, `YYYY-MM` (not after this month, not before the latest imported).
    pub cycle: String,
    /// The file (multipart upload).
    pub file: Upload,
}

/// What an import did.
#[derive(SimpleObject)]
pub struct ImportArrearsPayload {
    /// Rows read.
    pub rows: i32,
    /// New collection items.
    pub created: i32,
    /// Open items brought up to date.
    pub updated: i32,
    /// Rows that changed nothing (imported before, or paid since).
    pub unchanged: i32,
    /// Members whose expected suspension the list gave.
    pub suspensions: i32,
    /// Rows not taken, with the reason (at most the first 200).
    pub problems: Vec<crate::retention::graphql::ImportProblem>,
    /// What is wrong with the request or the file itself.
    pub user_errors: Vec<UserError>,
}

/// The notice of an item.
#[derive(InputObject)]
pub struct IssueArrearsNoticeInput {
    /// The collection item (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
}

/// Result of printing a notice.
#[derive(SimpleObject)]
pub struct ArrearsNoticePayload {
    /// The item as changed; null when there are user errors.
    pub item: Option<ArrearsItem>,
    /// The notice (欠费通知单) to print.
    pub notice: Option<PdfFile>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

/// A payment to record.
#[derive(InputObject)]
pub struct RecordArrearsPaymentInput {
    /// The collection item (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// Amount paid: more than 0, at most what is owed.
    pub amount: Money,
    /// The official receipt number (4–40 letters, digits or dashes); each is recorded once.
    pub receipt_no: String,
    /// The day paid: within the last 90 days.
    pub paid_on: Date,
}

/// Result of a collection item change.
#[derive(SimpleObject)]
pub struct ArrearsItemPayload {
    /// The item as changed; null when there are user errors.
    pub item: Option<ArrearsItem>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct ArrearsMutation;

#[Object]
impl ArrearsMutation {
    /// Imports billing's arrears list for a cycle: new overdue accounts become collection items
    /// for their groups' managers, open ones take the cycle's figures; importing the same cycle
    /// again changes nothing (billing's staff and administrators).
    async fn import_arrears(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ImportArrearsInput,
    ) -> async_graphql::Result<ImportArrearsPayload> {
        let r = match input.file.value(ctx) {
            Ok(f) => {
                super::import::import(ctx.state(), &ctx.actor()?, ctx.viewer()?, &input.cycle, &f.filename, f.content)
                    .await
            }
            Err(_) => Err(UserError::new("file", UserErrorCode::Required, "请上传文件", "Please upload a file").into()),
        };
        let en = ctx.lang() == crate::state::Lang::En;
        let (report, user_errors) = split(r)?;
        let report = report.unwrap_or_default();
        Ok(ImportArrearsPayload {
            rows: report.rows as i32,
            created: report.created as i32,
            updated: report.updated as i32,
            unchanged: report.unchanged as i32,
            suspensions: report.suspensions as i32,
            problems: report
                .problems
                .into_iter()
                .take(200)
                .map(|p| crate::retention::graphql::ImportProblem {
                    line: p.line as i64,
                    message: if en { p.en } else { p.zh },
                })
                .collect(),
            user_errors,
        })
    }

    /// Prints the arrears notice (欠费通知单) of an item whose agreed date passed unpaid (rule 16).
    async fn issue_arrears_notice(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: IssueArrearsNoticeInput,
    ) -> async_graphql::Result<ArrearsNoticePayload> {
        let id = NodeKind::ArrearsItem.decode(&input.id).ok_or_else(AppError::not_found)?;
        let now = ctx.state().now();
        let r = service::notice(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version).await;
        let (m, user_errors) = split(r)?;
        let (item, notice) = match m {
            Some((item, pdf)) => (Some(ArrearsItem(item)), Some(PdfFile::made(pdf, None, now))),
            None => (None, None),
        };
        Ok(ArrearsNoticePayload { item, notice, user_errors })
    }

    /// Records a payment with its official receipt number; the one that clears the item closes it.
    async fn record_arrears_payment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RecordArrearsPaymentInput,
    ) -> async_graphql::Result<ArrearsItemPayload> {
        let id = NodeKind::ArrearsItem.decode(&input.id).ok_or_else(AppError::not_found)?;
        let p = service::Payment { amount: input.amount.0, receipt_no: input.receipt_no, paid_on: input.paid_on.0 };
        let r = service::pay(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, p).await;
        let (m, user_errors) = split(r)?;
        Ok(ArrearsItemPayload { item: m.map(ArrearsItem), user_errors })
    }
}
