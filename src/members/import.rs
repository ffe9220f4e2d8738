//! Bulk import of a group's members from CSV (成员批量导入).
//!
//! The file is read twice, row by row, from the upload's temporary file: never whole in
//! memory. The first pass validates every row (and finds numbers repeated in the file); the
//! second applies the valid rows in one transaction, keyed by phone number within the group,
//! so re-importing a file changes nothing. `ALL_OR_NOTHING` applies nothing when any row is
//! wrong; `VALID_ROWS` applies the rows that are right and reports the others.
use std::{
    collections::{HashMap, HashSet},
    io::BufReader,
    sync::{
        Arc, Mutex,
        atomic::{AtomicI64, Ordering},
    },
};

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IdenStatic, QueryFilter, Set,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    Carrier, MemberStatus, VipLevel,
    service::{MemberFields, ValidMember, check_member},
};
use crate::{
    audit::{self, Actor, Change},
    auth::Viewer,
    clock::business_date,
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::Check,
    groups::service::writable_group,
    state::AppState,
};
use entity::{member, member_import};

pub use entity::enums::{ImportMode, ImportStatus};

/// How many row errors are kept for the report; all are counted.
pub const MAX_REPORTED_ERRORS: usize = 1000;
const BATCH: usize = 500;

/// One problem in one row of the file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RowError {
    /// Line number in the file (the header is line 1).
    pub line: u64,
    /// Column name as in the header, or empty for the whole row.
    pub column: String,
    pub message_zh: String,
    pub message_en: String,
}

/// Progress of running imports, kept in memory while they run (the row in the database
/// records each phase and the outcome).
#[derive(Default)]
pub struct Registry {
    running: Mutex<HashMap<i64, Arc<AtomicI64>>>,
}

impl Registry {
    pub fn processed(&self, id: i64) -> Option<i64> {
        self.running.lock().ok()?.get(&id).map(|a| a.load(Ordering::Relaxed))
    }

    fn start(&self, id: i64) -> Arc<AtomicI64> {
        let a = Arc::new(AtomicI64::new(0));
        if let Ok(mut m) = self.running.lock() {
            m.insert(id, a.clone());
        }
        a
    }

    fn finish(&self, id: i64) {
        if let Ok(mut m) = self.running.lock() {
            m.remove(&id);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Name,
    Phone,
    Position,
    KeyPerson,
    VipLevel,
    Carrier,
    Status,
    Birthday,
}

/// Accepted header names per column (zh-CN or English, any case).
const HEADERS: [(Col, &[&str]); 8] = [
    (Col::Name, &["姓名", "name"]),
    (Col::Phone, &["号码", "手机号码", "电话", "phone"]),
    (Col::Position, &["职务", "position"]),
    (Col::KeyPerson, &["关键人", "key_person", "keyperson"]),
    (Col::VipLevel, &["vip等级", "vip_level", "viplevel"]),
    (Col::Carrier, &["运营商", "carrier"]),
    (Col::Status, &["状态", "status"]),
    (Col::Birthday, &["生日", "birthday"]),
];

/// Which column of the file holds which field.
#[derive(Clone, Debug)]
struct Layout {
    cols: Vec<(Col, usize, String)>,
}

impl Layout {
    fn from_header(header: &csv::StringRecord) -> Result<Self, UserError> {
        let mut cols: Vec<(Col, usize, String)> = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let name = raw.trim_start_matches('\u{feff}').trim();
            let key = name.to_lowercase().replace(' ', "");
            if let Some((col, _)) = HEADERS.iter().find(|(_, names)| names.contains(&key.as_str())) {
                if !cols.iter().any(|(c, ..)| c == col) {
                    cols.push((*col, i, name.to_string()));
                }
            }
        }
        let missing: Vec<&str> = [Col::Name, Col::Phone]
            .iter()
            .filter(|c| !cols.iter().any(|(have, ..)| have == *c))
            .map(|c| HEADERS.iter().find(|(h, _)| h == c).map_or("", |(_, n)| n[0]))
            .collect();
        if !missing.is_empty() {
            return Err(UserError::new(
                "file",
                UserErrorCode::Invalid,
                format!(
                    "文件首行须为表头，缺少列：{}（可用列：姓名、号码、职务、关键人、VIP等级、运营商、状态、生日）",
                    missing.join("、")
                ),
                format!(
                    "The first line must be a header; missing column(s): {} (columns: name, phone, position, key_person, vip_level, carrier, status, birthday)",
                    missing.join(", ")
                ),
            ));
        }
        Ok(Self { cols })
    }

    fn get<'r>(&self, rec: &'r csv::StringRecord, col: Col) -> Option<(&'r str, &str)> {
        self.cols.iter().find(|(c, ..)| *c == col).map(|(_, i, name)| (rec.get(*i).unwrap_or("").trim(), name.as_str()))
    }

    /// Reads one row into a member, or the row's problems.
    fn parse(
        &self,
        rec: &csv::StringRecord,
        line: u64,
        today: NaiveDate,
    ) -> Result<(ValidMember, Option<MemberStatus>), Vec<RowError>> {
        let mut errors = Vec::new();
        let mut err = |column: &str, zh: String, en: String| {
            errors.push(RowError { line, column: column.to_string(), message_zh: zh, message_en: en })
        };
        let text = |col| self.get(rec, col).map_or("", |(v, _)| v).to_string();
        let mut enum_of = |col, parse: &dyn Fn(&str) -> Option<()>| {
            if let Some((v, name)) = self.get(rec, col).filter(|(v, _)| !v.is_empty()) {
                if parse(v).is_none() {
                    err(name, format!("无法识别的值“{v}”"), format!("Unrecognised value “{v}”"));
                }
            }
        };
        enum_of(Col::VipLevel, &|v| VipLevel::from_label(v).map(drop));
        enum_of(Col::Carrier, &|v| Carrier::from_label(v).map(drop));
        enum_of(Col::Status, &|v| MemberStatus::from_label(v).map(drop));
        enum_of(Col::KeyPerson, &|v| yes_no(v).map(drop));
        let pick = |col: Col| self.get(rec, col).map(|(v, _)| v).filter(|v| !v.is_empty());
        let birthday = match self.get(rec, Col::Birthday).filter(|(v, _)| !v.is_empty()) {
            Some((v, name)) => match parse_date(v) {
                Some(d) => Some(d),
                None => {
                    err(name, format!("日期“{v}”格式应为 YYYY-MM-DD"), format!("Date “{v}” must be YYYY-MM-DD"));
                    None
                }
            },
            None => None,
        };
        let fields = MemberFields {
            name: text(Col::Name),
            phone: text(Col::Phone),
            position: pick(Col::Position).map(String::from),
            key_person: pick(Col::KeyPerson).and_then(yes_no).unwrap_or(false),
            vip_level: pick(Col::VipLevel).and_then(VipLevel::from_label).unwrap_or(VipLevel::None),
            carrier: pick(Col::Carrier).and_then(Carrier::from_label).unwrap_or(Carrier::Own),
            birthday,
        };
        let status = pick(Col::Status).and_then(MemberStatus::from_label);
        let mut c = Check::new();
        let valid = check_member(&mut c, "row", fields, today);
        for e in c.into_errors() {
            let col = match e.field.last().map(String::as_str) {
                Some("name") => Col::Name,
                Some("phone") => Col::Phone,
                Some("position") => Col::Position,
                _ => Col::Birthday,
            };
            let column = self.get(rec, col).map_or("", |(_, n)| n).to_string();
            errors.push(RowError {
                line,
                column,
                message_zh: e.message.zh.into_owned(),
                message_en: e.message.en.into_owned(),
            });
        }
        match valid {
            Some(v) if errors.is_empty() => Ok((v, status)),
            _ => Err(errors),
        }
    }
}

fn yes_no(v: &str) -> Option<bool> {
    match v.trim().to_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "1" => Some(true),
        "否" | "n" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

fn parse_date(v: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"].iter().find_map(|f| NaiveDate::parse_from_str(v, f).ok())
}

/// One row not taken, and why (in both languages).
#[derive(Clone, Debug)]
pub struct RowProblem {
    /// The file's line (the header is line 1).
    pub line: u64,
    pub zh: String,
    pub en: String,
}

/// Which column of a header holds which field: each field by any of its names (case, spaces and a
/// leading BOM ignored), the first column naming it.
pub fn header_columns<C: Copy + PartialEq>(header: &csv::StringRecord, names: &[(C, &[&str])]) -> Vec<(C, usize)> {
    let mut cols: Vec<(C, usize)> = Vec::new();
    for (i, raw) in header.iter().enumerate() {
        let key = raw.trim_start_matches('\u{feff}').trim().to_lowercase().replace(' ', "");
        if let Some((col, _)) = names.iter().find(|(_, n)| n.contains(&key.as_str()))
            && !cols.iter().any(|(c, _)| c == col)
        {
            cols.push((*col, i));
        }
    }
    cols
}

/// A CSV reader as the imports read: ragged rows allowed, fields trimmed, and lines ended by
/// `\n` — a `\r` before it (Excel's CRLF) is trimmed with the field, and a row's line number is
/// the file's (with CRLF as the terminator the reader numbers a row by the line before it).
pub fn csv_reader<R: std::io::Read>(input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(input)
}

fn reader(file: std::fs::File) -> std::io::Result<csv::Reader<BufReader<std::fs::File>>> {
    let mut file = file;
    use std::io::Seek;
    file.seek(std::io::SeekFrom::Start(0))?;
    Ok(csv_reader(BufReader::new(file)))
}

fn bad_file(zh: &str, en: &str) -> UserError {
    UserError::new("file", UserErrorCode::Invalid, zh.to_string(), en.to_string())
}

fn csv_error(e: csv::Error) -> UserError {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => bad_file(
            "文件须为 UTF-8 编码的 CSV（在 Excel 中另存为“CSV UTF-8”）",
            "The file must be CSV in UTF-8 (in Excel: Save As “CSV UTF-8”)",
        ),
        _ => bad_file("无法读取 CSV 文件", "The CSV file cannot be read"),
    }
}

/// Checks the header and starts the import in the background; poll `memberImport(id)`.
pub async fn start(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    group_id: i64,
    mode: ImportMode,
    file_name: String,
    file: std::fs::File,
) -> AppResult<member_import::Model> {
    let group = writable_group(&state.db, viewer, group_id).await?;
    let check_file = file.try_clone().map_err(|e| AppError::internal(e))?;
    let layout = tokio::task::spawn_blocking(move || -> Result<Layout, UserError> {
        let mut r =
            reader(check_file).map_err(|_| bad_file("无法读取上传的文件", "The uploaded file cannot be read"))?;
        let header = r.headers().map_err(csv_error)?.clone();
        if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
            return Err(bad_file("文件为空", "The file is empty"));
        }
        Layout::from_header(&header)
    })
    .await
    .map_err(AppError::internal)??;
    let name: String = file_name.chars().take(255).collect();
    let row = member_import::ActiveModel {
        group_id: Set(group.id),
        requested_by_id: Set(viewer.user_id),
        file_name: Set(if name.trim().is_empty() { "members.csv".into() } else { name }),
        mode: Set(mode),
        status: Set(ImportStatus::Validating),
        errors: Set(json!([])),
        started_at: Set(state.now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    let progress = state.imports.start(row.id);
    let (state2, actor2, job) = (state.clone(), actor.clone(), row.clone());
    let today = business_date(state.now());
    tokio::spawn(async move {
        let id = job.id;
        let outcome = run(&state2, &actor2, job, mode, layout, file, today, progress).await;
        if let Err(e) = outcome {
            tracing::error!(import.id = id, error = ?e, "member import failed");
            let _ = member_import::Entity::update_many()
                .col_expr(member_import::Column::Status, Expr::value(ImportStatus::Failed.as_str()))
                .col_expr(
                    member_import::Column::Failure,
                    Expr::value("导入中断，未写入任何数据 / The import broke off; nothing was written"),
                )
                .col_expr(member_import::Column::FinishedAt, Expr::value(state2.now()))
                .filter(member_import::Column::Id.eq(id))
                .exec(&state2.db)
                .await;
        }
        state2.imports.finish(id);
    });
    Ok(row)
}

struct Validation {
    total: i64,
    error_count: i64,
    errors: Vec<RowError>,
    /// Lines to skip when applying: wrong rows, and numbers already seen earlier in the file.
    bad_lines: HashSet<u64>,
}

/// Pass 1: every row checked; numbers repeated in the file are errors on the later rows.
fn validate(
    layout: &Layout,
    file: std::fs::File,
    today: NaiveDate,
    progress: &AtomicI64,
) -> Result<Validation, UserError> {
    let mut r = reader(file).map_err(|_| bad_file("无法读取上传的文件", "The uploaded file cannot be read"))?;
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut v = Validation { total: 0, error_count: 0, errors: Vec::new(), bad_lines: HashSet::new() };
    let mut rec = csv::StringRecord::new();
    loop {
        match r.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(e)),
        }
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let line = rec.position().map_or(0, |p| p.line());
        v.total += 1;
        progress.store(v.total, Ordering::Relaxed);
        let problems = match layout.parse(&rec, line, today) {
            Ok((m, _)) => match seen.get(m.phone.as_str()) {
                Some(first) => vec![RowError {
                    line,
                    column: layout.get(&rec, Col::Phone).map_or("", |(_, n)| n).to_string(),
                    message_zh: format!("号码 {} 与第 {first} 行重复", m.phone.as_str()),
                    message_en: format!("Number {} repeats line {first}", m.phone.as_str()),
                }],
                None => {
                    seen.insert(m.phone.into_inner(), line);
                    continue;
                }
            },
            Err(problems) => problems,
        };
        v.bad_lines.insert(line);
        v.error_count += problems.len() as i64;
        for p in problems {
            if v.errors.len() < MAX_REPORTED_ERRORS {
                v.errors.push(p);
            }
        }
    }
    Ok(v)
}

type Batch = Vec<(ValidMember, Option<MemberStatus>)>;

/// Pass 2's reader: sends the valid rows in batches, from a blocking thread.
fn send_batches(
    layout: Layout,
    file: std::fs::File,
    today: NaiveDate,
    skip: HashSet<u64>,
    tx: tokio::sync::mpsc::Sender<Batch>,
) -> std::io::Result<()> {
    let mut r = reader(file)?;
    let mut rec = csv::StringRecord::new();
    let mut batch = Vec::with_capacity(BATCH);
    while r.read_record(&mut rec).map_err(std::io::Error::other)? {
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(str::is_empty) || skip.contains(&line) {
            continue;
        }
        if let Ok(row) = layout.parse(&rec, line, today) {
            batch.push(row);
        }
        if batch.len() == BATCH && tx.blocking_send(std::mem::take(&mut batch)).is_err() {
            return Ok(());
        }
    }
    if !batch.is_empty() {
        let _ = tx.blocking_send(batch);
    }
    Ok(())
}

/// Writes one batch as a single upsert keyed on `(group_id, phone)`: new numbers are inserted,
/// known ones updated where a field differs or the member was archived (and un-archived), the
/// rest left alone. The
/// conflict target is the unique index, so each row is one index probe whatever the group's
/// size or the planner's statistics (a `SELECT … phone IN (…)` lookup was planned on the
/// `group_id` prefix of another index and read the whole group: quadratic on PostgreSQL).
/// Returns `(inserted, updated)`; rows returned by neither were unchanged.
async fn upsert(
    txn: &impl ConnectionTrait,
    group_id: i64,
    rows: &[&(ValidMember, Option<MemberStatus>)],
    sets_status: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<(i64, i64)> {
    use member::Column as M;
    let mut q = Query::insert();
    q.into_table(member::Entity).columns([
        M::GroupId,
        M::Name,
        M::Phone,
        M::Position,
        M::KeyPerson,
        M::VipLevel,
        M::Carrier,
        M::Status,
        M::Birthday,
        M::Version,
        M::CreatedAt,
        M::UpdatedAt,
    ]);
    for (m, status) in rows {
        q.values([
            group_id.into(),
            m.name.clone().into(),
            m.phone.as_str().into(),
            m.position.clone().into(),
            m.key_person.into(),
            m.vip_level.as_str().into(),
            m.carrier.as_str().into(),
            status.unwrap_or(MemberStatus::Active).as_str().into(),
            m.birthday.into(),
            1i32.into(),
            now.into(),
            now.into(),
        ])
        .map_err(AppError::internal)?;
    }
    let mut fields = vec![M::Name, M::Position, M::KeyPerson, M::VipLevel, M::Carrier, M::Birthday];
    if sets_status {
        fields.push(M::Status);
    }
    // The stored row differs from the file's: `IS DISTINCT FROM` on PostgreSQL, SQLite's `IS NOT`.
    let differs = match txn.get_database_backend() {
        sea_orm::DbBackend::Sqlite => "IS NOT",
        _ => "IS DISTINCT FROM",
    };
    // An archived member named in the file comes back, even with the same fields.
    let changed = fields
        .iter()
        .map(|c| format!("\"member\".\"{0}\" {differs} \"excluded\".\"{0}\"", c.as_str()))
        .chain(["\"member\".\"archived_at\" IS NOT NULL".to_string()])
        .collect::<Vec<_>>()
        .join(" OR ");
    q.on_conflict(
        OnConflict::columns([M::GroupId, M::Phone])
            .update_columns(fields)
            .value(M::ArchivedAt, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
            .value(M::Version, Expr::col((member::Entity, M::Version)).add(1))
            .value(M::UpdatedAt, Expr::value(now))
            .action_and_where(Expr::cust(changed))
            .to_owned(),
    )
    .returning_col(M::Version);
    let written = txn.query_all(&q).await?;
    let mut inserted = 0;
    for row in &written {
        if row.try_get::<i32>("", M::Version.as_str())? == 1 {
            inserted += 1;
        }
    }
    Ok((inserted, written.len() as i64 - inserted))
}

#[allow(clippy::too_many_arguments)]
async fn run(
    state: &AppState,
    actor: &Actor,
    job: member_import::Model,
    mode: ImportMode,
    layout: Layout,
    file: std::fs::File,
    today: NaiveDate,
    progress: Arc<AtomicI64>,
) -> AppResult<()> {
    use member_import::Column as I;
    let pass1_file = file.try_clone().map_err(AppError::internal)?;
    let (l1, p1) = (layout.clone(), progress.clone());
    let checked =
        tokio::task::spawn_blocking(move || validate(&l1, pass1_file, today, &p1)).await.map_err(AppError::internal)?;
    let v = match checked {
        Ok(v) => v,
        Err(file_error) => {
            finish(state, job.id, ImportStatus::Rejected, 0, json!([{ "line": 0, "column": "", "messageZh": file_error.message.zh, "messageEn": file_error.message.en }]), 1, [0, 0, 0]).await?;
            return Ok(());
        }
    };
    let errors_json = json!(
        v.errors
            .iter()
            .map(
                |e| json!({ "line": e.line, "column": e.column, "messageZh": e.message_zh, "messageEn": e.message_en })
            )
            .collect::<Vec<_>>()
    );
    if v.error_count > 0 && mode == ImportMode::AllOrNothing {
        finish(state, job.id, ImportStatus::Rejected, v.total, errors_json, v.error_count, [0, 0, 0]).await?;
        return Ok(());
    }
    member_import::Entity::update_many()
        .col_expr(I::Status, Expr::value(ImportStatus::Applying.as_str()))
        .col_expr(I::TotalRows, Expr::value(v.total as i32))
        .col_expr(I::ErrorCount, Expr::value(v.error_count as i32))
        .col_expr(I::Errors, Expr::value(errors_json.clone()))
        .filter(I::Id.eq(job.id))
        .exec(&state.db)
        .await?;
    progress.store(0, Ordering::Relaxed);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Batch>(2);
    let skip = v.bad_lines.clone();
    let reader_task = tokio::task::spawn_blocking(move || send_batches(layout, file, today, skip, tx));
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (mut inserted, mut updated, mut unchanged) = (0i64, 0i64, 0i64);
    let mut done = v.bad_lines.len() as i64;
    while let Some(batch) = rx.recv().await {
        // A status column, where the file has one, is written; otherwise a known member keeps
        // theirs and a new one is active.
        let (with_status, without): (Vec<_>, Vec<_>) = batch.iter().partition(|(_, s)| s.is_some());
        for (part, sets_status) in [(with_status, true), (without, false)] {
            if part.is_empty() {
                continue;
            }
            let (ins, upd) = upsert(&txn, job.group_id, &part, sets_status, now).await?;
            inserted += ins;
            updated += upd;
            unchanged += part.len() as i64 - ins - upd;
        }
        done += batch.len() as i64;
        progress.store(done, Ordering::Relaxed);
    }
    reader_task.await.map_err(AppError::internal)?.map_err(AppError::internal)?;
    let status = if v.error_count > 0 { ImportStatus::SucceededWithErrors } else { ImportStatus::Succeeded };
    let record = audit::record(
        &txn,
        now,
        actor,
        Change {
            action: "member.import",
            entity_type: "CustomerGroup",
            entity_id: Some(job.group_id),
            before: None,
            after: Some(json!({
                "importId": job.id, "fileName": job.file_name, "mode": mode.as_str(), "rows": v.total,
                "inserted": inserted, "updated": updated, "unchanged": unchanged, "rejectedRows": v.bad_lines.len(),
            })),
        },
    )
    .await?;
    txn.commit().await?;
    audit::publish(state, [record]);
    finish(state, job.id, status, v.total, errors_json, v.error_count, [inserted, updated, unchanged]).await
}

#[allow(clippy::too_many_arguments)]
async fn finish(
    state: &AppState,
    id: i64,
    status: ImportStatus,
    total: i64,
    errors: serde_json::Value,
    error_count: i64,
    [inserted, updated, unchanged]: [i64; 3],
) -> AppResult<()> {
    use member_import::Column as I;
    member_import::Entity::update_many()
        .col_expr(I::Status, Expr::value(status.as_str()))
        .col_expr(I::TotalRows, Expr::value(total as i32))
        .col_expr(I::ProcessedRows, Expr::value(total as i32))
        .col_expr(I::Inserted, Expr::value(inserted as i32))
        .col_expr(I::Updated, Expr::value(updated as i32))
        .col_expr(I::Unchanged, Expr::value(unchanged as i32))
        .col_expr(I::ErrorCount, Expr::value(error_count as i32))
        .col_expr(I::Errors, Expr::value(errors))
        .col_expr(I::FinishedAt, Expr::value(state.now()))
        .filter(I::Id.eq(id))
        .exec(&state.db)
        .await?;
    Ok(())
}

/// Parses a whole CSV at once (tests only: imports stream row by row).
#[cfg(test)]
fn parse_all(input: impl std::io::Read, today: NaiveDate) -> Result<Vec<ValidMember>, UserError> {
    let mut r = csv_reader(input);
    let layout = Layout::from_header(&r.headers().map_err(csv_error)?.clone())?;
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(csv_error)?;
        let line = rec.position().map_or(0, |p| p.line());
        if let Ok((m, _)) = layout.parse(&rec, line, today) {
            out.push(m);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn headers_are_read_in_chinese_or_english() {
        let rows =
            parse_all("\u{feff}姓名,号码,VIP等级,运营商,关键人\n张三,138 0013 8000,金卡,本网,是\n".as_bytes(), today())
                .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].phone.as_str(), "13800138000");
        assert_eq!(rows[0].vip_level, VipLevel::Gold);
        assert!(rows[0].key_person);
        let en = parse_all("Name,Phone,Carrier\nLi,020-87654321,china_telecom\n".as_bytes(), today()).unwrap();
        assert_eq!(en[0].carrier, Carrier::ChinaTelecom);
        assert!(parse_all("姓名,职务\n张三,经理\n".as_bytes(), today()).is_err(), "phone column is required");
    }

    #[test]
    fn each_bad_cell_is_reported_with_its_line_and_column() {
        let mut r = csv::ReaderBuilder::new().from_reader("姓名,号码,生日,状态\n,123,2026-13-01,离开\n".as_bytes());
        let layout = Layout::from_header(&r.headers().unwrap().clone()).unwrap();
        let rec = r.records().next().unwrap().unwrap();
        let errs = layout.parse(&rec, 2, today()).unwrap_err();
        let cols: Vec<&str> = errs.iter().map(|e| e.column.as_str()).collect();
        assert!(
            cols.contains(&"姓名") && cols.contains(&"号码") && cols.contains(&"生日") && cols.contains(&"状态"),
            "{errs:?}"
        );
        assert!(errs.iter().all(|e| e.line == 2));
    }

    #[test]
    fn rows_are_numbered_by_the_files_lines_whatever_the_line_ends() {
        for data in [
            "姓名,号码\r\n张三,13800000001\r\n\r\n李四,\"13800000002\"\r\n",
            "姓名,号码\n张三,13800000001\n其他,\n李四,13800000002\n",
        ] {
            let mut r = csv_reader(data.as_bytes());
            r.headers().unwrap();
            let rows: Vec<(u64, Vec<String>)> = r
                .records()
                .map(|x| x.unwrap())
                .filter(|x| !x.iter().all(str::is_empty) && x.get(1) != Some(""))
                .map(|x| (x.position().unwrap().line(), x.iter().map(String::from).collect()))
                .collect();
            assert_eq!(
                rows,
                vec![
                    (2, vec!["张三".to_string(), "13800000001".into()]),
                    (4, vec!["李四".into(), "13800000002".into()])
                ],
                "{data:?}"
            );
        }
    }
}
