//! Billing's arrears list for a cycle (CSV) into collection items: one open item per account,
//! created on its first listing and brought up to date by later cycles; importing the same
//! cycle again changes nothing. Rows are matched to groups by code (or by the member's number),
//! in batches, and written with one upsert per batch, so a list of 100,000 accounts is read in
//! a few hundred statements on either engine.
use std::collections::{HashMap, HashSet};
use std::io::Read;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, OnConflict, Query},
};

use super::ArrearsStatus;
pub use crate::members::import::RowProblem;
use crate::{
    audit::{Actor, Change},
    auth::{Role, Viewer},
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::Month,
    state::AppState,
};
use entity::{arrears_import, arrears_item, customer_group, member};

/// At most this many rows a file.
pub const MAX_ROWS: usize = 200_000;
/// Rows written by one statement.
const BATCH: usize = 500;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Account,
    GroupCode,
    Phone,
    Amount,
    Months,
    Suspension,
}

const HEADERS: [(Col, &[&str]); 6] = [
    (Col::Account, &["账户", "账号", "账户号", "account", "account_no"]),
    (Col::GroupCode, &["集团编码", "集团编号", "group_code", "groupcode"]),
    (Col::Phone, &["号码", "服务号码", "成员号码", "phone"]),
    (Col::Amount, &["欠费金额", "欠费", "amount"]),
    (Col::Months, &["欠费月数", "账龄", "months_overdue", "months"]),
    (Col::Suspension, &["预计停机日期", "停机日期", "suspension_date"]),
];

/// What an import did.
#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    pub rows: usize,
    /// Accounts listed for the first time (new collection items).
    pub created: usize,
    /// Open items the list changed (a new cycle's amount or age).
    pub updated: usize,
    /// Rows that changed nothing: already imported, or paid since in this cycle.
    pub unchanged: usize,
    /// Members whose expected suspension the list gave.
    pub suspensions: usize,
    pub problems: Vec<RowProblem>,
}

/// A row as read.
struct Row {
    line: u64,
    account: String,
    group_code: String,
    phone: String,
    amount: Decimal,
    months: i32,
    suspension: Option<NaiveDate>,
}

fn bad_file(zh: impl Into<String>, en: impl Into<String>) -> AppError {
    UserError::new("file", UserErrorCode::Invalid, zh.into(), en.into()).into()
}

fn problem(line: u64, zh: impl Into<String>, en: impl Into<String>) -> RowProblem {
    RowProblem { line, zh: zh.into(), en: en.into() }
}

/// Reads the file: rows with their problems.
fn read(bytes: &[u8]) -> AppResult<(Vec<Row>, Vec<RowProblem>)> {
    let mut reader = crate::members::import::csv_reader(bytes);
    let utf8 =
        || bad_file("文件须为 UTF-8 编码的 CSV（在 Excel 中另存为“CSV UTF-8”）", "The file must be CSV in UTF-8");
    let header = reader.headers().map_err(|_| utf8())?.clone();
    let cols = crate::members::import::header_columns(&header, &HEADERS);
    for (need, zh, en) in [
        (Col::Account, "账户", "account"),
        (Col::Amount, "欠费金额", "amount"),
        (Col::Months, "欠费月数", "months_overdue"),
    ] {
        if !cols.iter().any(|(c, _)| *c == need) {
            return Err(bad_file(
                format!(
                    "文件首行须为表头，缺少列：{zh}（可用列：账户、集团编码、号码、欠费金额、欠费月数、预计停机日期）"
                ),
                format!(
                    "The first line must be a header; missing column: {en} (columns: account, group_code, phone, amount, months_overdue, suspension_date)"
                ),
            ));
        }
    }
    if !cols.iter().any(|(c, _)| matches!(c, Col::GroupCode | Col::Phone)) {
        return Err(bad_file(
            "须有“集团编码”或“号码”列以找到客户",
            "A group_code or phone column is needed to find the customer",
        ));
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for rec in reader.records() {
        let rec = rec.map_err(|_| utf8())?;
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        if rows.len() + problems.len() == MAX_ROWS {
            return Err(bad_file("一个文件最多 200,000 行", "At most 200,000 rows a file"));
        }
        let line = rec.position().map_or(0, |p| p.line());
        let get = |c: Col| cols.iter().find(|(k, _)| *k == c).and_then(|(_, i)| rec.get(*i)).unwrap_or("").to_string();
        let account = get(Col::Account);
        if account.is_empty() || account.len() > 32 || !account.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            problems.push(problem(
                line,
                "账户须为 1–32 位字母、数字或连字符",
                "The account is 1–32 letters, digits or dashes",
            ));
            continue;
        }
        if !seen.insert(account.clone()) {
            problems.push(problem(
                line,
                format!("账户 {account} 在文件中重复"),
                format!("Account {account} appears twice in the file"),
            ));
            continue;
        }
        let amount = match get(Col::Amount).replace([',', '¥'], "").parse::<Decimal>() {
            Ok(a) if !a.is_sign_negative() && a.normalize().scale() <= 2 && a < Decimal::from(100_000_000) => a,
            _ => {
                problems.push(problem(
                    line,
                    "欠费金额须为不小于 0 的金额（最多两位小数）",
                    "The amount must be 0 or more, with at most 2 decimals",
                ));
                continue;
            }
        };
        let months = match get(Col::Months).parse::<i32>() {
            Ok(m) if (0..=600).contains(&m) => m,
            _ => {
                problems.push(problem(
                    line,
                    "欠费月数须为 0 到 600 的整数",
                    "Months overdue must be a whole number from 0 to 600",
                ));
                continue;
            }
        };
        let raw_date = get(Col::Suspension);
        let suspension = if raw_date.is_empty() {
            None
        } else {
            match ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"].iter().find_map(|f| NaiveDate::parse_from_str(&raw_date, f).ok())
            {
                Some(d) => Some(d),
                None => {
                    problems.push(problem(
                        line,
                        format!("日期“{raw_date}”格式应为 YYYY-MM-DD"),
                        format!("Date “{raw_date}” must be YYYY-MM-DD"),
                    ));
                    continue;
                }
            }
        };
        if amount.is_zero() && suspension.is_none() {
            // Nothing overdue and no suspension ahead: nothing to do for this account.
            rows.push(Row {
                line,
                account,
                group_code: String::new(),
                phone: String::new(),
                amount,
                months,
                suspension,
            });
            continue;
        }
        rows.push(Row {
            line,
            account,
            group_code: get(Col::GroupCode),
            phone: get(Col::Phone),
            amount,
            months,
            suspension,
        });
    }
    Ok((rows, problems))
}

/// The groups named by code, in batches: code → group.
async fn groups_by_code<C: ConnectionTrait>(
    db: &C,
    codes: Vec<String>,
) -> AppResult<HashMap<String, customer_group::Model>> {
    let mut out = HashMap::new();
    for chunk in codes.chunks(BATCH) {
        for g in customer_group::Entity::find()
            .filter(customer_group::Column::Code.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            out.insert(g.code.clone(), g);
        }
    }
    Ok(out)
}

/// Current members by number, in batches: number → (member id, group id), for every member with it.
async fn members_by_phone<C: ConnectionTrait>(
    db: &C,
    phones: Vec<String>,
) -> AppResult<HashMap<String, Vec<(i64, i64)>>> {
    let mut out: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
    for chunk in phones.chunks(BATCH) {
        let rows: Vec<(i64, i64, String)> = member::Entity::find()
            .select_only()
            .columns([member::Column::Id, member::Column::GroupId, member::Column::Phone])
            .filter(member::Column::Phone.is_in(chunk.iter().cloned()))
            .filter(member::Column::ArchivedAt.is_null())
            .into_tuple()
            .all(db)
            .await?;
        for (id, group, phone) in rows {
            out.entry(phone).or_default().push((id, group));
        }
    }
    Ok(out)
}

/// A row matched to its group (and member).
struct Matched<'a> {
    row: &'a Row,
    group: &'a customer_group::Model,
    member_id: Option<i64>,
}

/// Who may import: billing's clerks (their branch's groups) and administrators (all).
fn importer_branch(viewer: &Viewer) -> AppResult<Option<i64>> {
    match viewer.role {
        Role::Admin => Ok(None),
        Role::Billing => Ok(Some(viewer.branch_id.ok_or_else(AppError::forbidden)?)),
        _ => Err(AppError::forbidden()),
    }
}

/// Imports billing's arrears list for `cycle` (`YYYY-MM`).
pub async fn import(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    cycle: &str,
    file_name: &str,
    mut file: impl Read,
) -> AppResult<ImportReport> {
    let branch = importer_branch(viewer)?;
    let cycle = Month::parse("cycle", cycle)?;
    let now = state.now();
    if cycle > Month::of(crate::clock::business_date(now)) {
        return Err(UserError::new(
            "cycle",
            UserErrorCode::Invalid,
            "账期不能晚于本月",
            "The cycle cannot be after this month",
        )
        .into());
    }
    let latest: Option<String> = arrears_import::Entity::find()
        .order_by_desc(arrears_import::Column::Cycle)
        .one(&state.db)
        .await?
        .map(|r| r.cycle);
    if let Some(l) = latest.filter(|l| l.as_str() > cycle.to_string().as_str()) {
        return Err(UserError::new(
            "cycle",
            UserErrorCode::PreconditionFailed,
            format!("已导入更新的账期 {l}，不能再导入较早的账期"),
            format!("A later cycle ({l}) was imported; an earlier one cannot be"),
        )
        .into());
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(AppError::internal)?;
    let (rows, mut problems) = read(&bytes)?;
    drop(bytes);
    let mut report = ImportReport { rows: rows.len() + problems.len(), ..Default::default() };

    let codes: HashSet<String> =
        rows.iter().filter(|r| !r.group_code.is_empty()).map(|r| r.group_code.clone()).collect();
    let phones: HashSet<String> = rows.iter().filter(|r| !r.phone.is_empty()).map(|r| r.phone.clone()).collect();
    let by_code = groups_by_code(&state.db, codes.into_iter().collect()).await?;
    let by_phone = members_by_phone(&state.db, phones.into_iter().collect()).await?;
    let phone_groups: HashSet<i64> = by_phone.values().flatten().map(|(_, g)| *g).collect();
    let by_id: HashMap<i64, customer_group::Model> = {
        let missing: Vec<i64> = phone_groups.into_iter().filter(|g| !by_code.values().any(|x| x.id == *g)).collect();
        let mut out = HashMap::new();
        for chunk in missing.chunks(BATCH) {
            for g in customer_group::Entity::find()
                .filter(customer_group::Column::Id.is_in(chunk.iter().copied()))
                .all(&state.db)
                .await?
            {
                out.insert(g.id, g);
            }
        }
        for g in by_code.values() {
            out.insert(g.id, g.clone());
        }
        out
    };
    let mut matched = Vec::new();
    for row in rows.iter().filter(|r| !(r.amount.is_zero() && r.suspension.is_none())) {
        let members = by_phone.get(&row.phone).map(Vec::as_slice).unwrap_or(&[]);
        let group = if row.group_code.is_empty() {
            match members {
                [(_, g)] => by_id.get(g),
                _ => None,
            }
        } else {
            by_code.get(&row.group_code)
        };
        let Some(group) = group.filter(|g| branch.is_none_or(|b| g.branch_id == b)) else {
            problems.push(problem(
                row.line,
                "未找到该集团（请核对集团编码或号码，且须为本分公司客户）",
                "No such group (check the code or number; it must be your branch's customer)",
            ));
            continue;
        };
        let member_id = members.iter().find(|(_, g)| *g == group.id).map(|(m, _)| *m);
        if !row.phone.is_empty() && member_id.is_none() {
            problems.push(problem(row.line, "该集团没有此号码的成员", "The group has no member with this number"));
            continue;
        }
        matched.push(Matched { row, group, member_id });
    }

    let txn = crate::db::write(&state.db).await?;
    let cycle_s = cycle.to_string();
    // Accounts paid in full since this cycle's list: the list still shows them, the receipt wins.
    let paid: HashSet<String> = arrears_item::Entity::find()
        .select_only()
        .column(arrears_item::Column::AccountNo)
        .filter(arrears_item::Column::Cycle.eq(cycle_s.as_str()))
        .filter(arrears_item::Column::Status.eq(ArrearsStatus::Paid))
        .into_tuple::<String>()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let owed: Vec<&Matched> =
        matched.iter().filter(|m| !m.row.amount.is_zero() && !paid.contains(&m.row.account)).collect();
    for chunk in owed.chunks(BATCH) {
        let (created, updated) = upsert(&txn, chunk, &cycle_s, now).await?;
        report.created += created;
        report.updated += updated;
    }
    report.suspensions = mark_suspensions(&txn, &matched, &cycle_s).await?;
    report.unchanged = report.rows - problems.len() - report.created - report.updated;
    problems.sort_by_key(|p| p.line);
    report.problems = problems;
    let row = arrears_import::ActiveModel {
        cycle: Set(cycle_s.clone()),
        file_name: Set(file_name.chars().take(200).collect()),
        rows: Set(report.rows as i32),
        created: Set(report.created as i32),
        updated: Set(report.updated as i32),
        unchanged: Set(report.unchanged as i32),
        problems: Set(report.problems.len() as i32),
        imported_by: Set(viewer.user_id),
        created_at: Set(now),
        ..Default::default()
    };
    let row = sea_orm::ActiveModelTrait::insert(row, &txn).await?;
    let change = Change {
        action: "arrears.import",
        entity_type: "ArrearsImport",
        entity_id: Some(row.id),
        before: None,
        after: Some(crate::audit::snapshot(&row)),
    };
    crate::events::commit(state, txn, now, actor, vec![change], vec![]).await?;
    super::service::suspension_reminders(state).await?;
    Ok(report)
}

/// Writes one batch: new accounts become open items; an open item takes a later cycle's figures
/// (what billing lists plus what was collected on it) and the same cycle's unchanged. Returns
/// (created, updated).
async fn upsert<C: ConnectionTrait>(
    txn: &C,
    rows: &[&Matched<'_>],
    cycle: &str,
    now: DateTime<Utc>,
) -> AppResult<(usize, usize)> {
    use arrears_item::Column as A;
    let mut q = Query::insert();
    q.into_table(arrears_item::Entity).columns([
        A::AccountNo,
        A::OpenKey,
        A::GroupId,
        A::MemberId,
        A::ManagerId,
        A::DepartmentId,
        A::BranchId,
        A::FirstCycle,
        A::Cycle,
        A::Amount,
        A::Collected,
        A::MonthsOverdue,
        A::Status,
        A::CreatedAt,
        A::UpdatedAt,
        A::Version,
    ]);
    for m in rows {
        q.values([
            m.row.account.as_str().into(),
            m.row.account.as_str().into(),
            m.group.id.into(),
            m.member_id.into(),
            m.group.owner_id.into(),
            m.group.department_id.into(),
            m.group.branch_id.into(),
            cycle.into(),
            cycle.into(),
            m.row.amount.into(),
            Decimal::ZERO.into(),
            m.row.months.into(),
            ArrearsStatus::Open.as_str().into(),
            now.into(),
            now.into(),
            1i32.into(),
        ])
        .map_err(AppError::internal)?;
    }
    let t = "\"arrears_item\"";
    let later = format!("{t}.\"cycle\" < \"excluded\".\"cycle\"");
    let changed = format!(
        "{later} OR ({t}.\"cycle\" = \"excluded\".\"cycle\" AND ({t}.\"amount\" <> \"excluded\".\"amount\" OR {t}.\"months_overdue\" <> \"excluded\".\"months_overdue\"))"
    );
    q.on_conflict(
        OnConflict::column(A::OpenKey)
            .value(
                A::Amount,
                Expr::cust(format!("CASE WHEN {later} THEN \"excluded\".\"amount\" + {t}.\"collected\" ELSE \"excluded\".\"amount\" END")),
            )
            .value(A::MonthsOverdue, Expr::cust("\"excluded\".\"months_overdue\""))
            .value(A::Cycle, Expr::cust("\"excluded\".\"cycle\""))
            .value(A::MemberId, Expr::cust("\"excluded\".\"member_id\""))
            .value(A::UpdatedAt, Expr::value(now))
            .value(A::Version, Expr::cust(format!("{t}.\"version\" + 1")))
            .action_and_where(Expr::cust(changed))
            .to_owned(),
    )
    .returning_col(A::Version);
    let written = txn.query_all(&q).await?;
    let mut created = 0;
    for row in &written {
        if row.try_get::<i32>("", sea_orm::IdenStatic::as_str(&A::Version))? == 1 {
            created += 1;
        }
    }
    Ok((created, written.len() - created))
}

/// Records the expected suspension of the members the list names, and clears it for those an
/// earlier list named and this one does not (they topped up). Returns how many it names.
async fn mark_suspensions<C: ConnectionTrait>(txn: &C, rows: &[Matched<'_>], cycle: &str) -> AppResult<usize> {
    let mut by_date: HashMap<NaiveDate, Vec<i64>> = HashMap::new();
    for m in rows {
        if let (Some(d), Some(id)) = (m.row.suspension, m.member_id) {
            by_date.entry(d).or_default().push(id);
        }
    }
    let named: usize = by_date.values().map(Vec::len).sum();
    for (date, ids) in by_date {
        for chunk in ids.chunks(BATCH) {
            member::Entity::update_many()
                .col_expr(member::Column::SuspensionOn, Expr::value(date))
                .col_expr(member::Column::SuspensionCycle, Expr::value(cycle))
                .filter(member::Column::Id.is_in(chunk.iter().copied()))
                .exec(txn)
                .await?;
        }
    }
    member::Entity::update_many()
        .col_expr(member::Column::SuspensionOn, Expr::value(Option::<NaiveDate>::None))
        .col_expr(member::Column::SuspensionCycle, Expr::value(Option::<String>::None))
        .filter(member::Column::SuspensionCycle.is_not_null())
        .filter(member::Column::SuspensionCycle.ne(cycle))
        .exec(txn)
        .await?;
    Ok(named)
}
