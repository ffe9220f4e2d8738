//! Disconnection requests from a BOSS export (CSV): one request per row, each registered as the
//! desk would (in its own transaction), the export's reference (BOSS单号) keeping a re-import
//! from registering a row twice.
use std::io::Read;

use entity::disconnection_request::{Column, Entity};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::service::{NewDisconnection, register};
use crate::{
    audit::Actor,
    auth::{Role, Viewer},
    error::{AppError, AppResult, UserError, UserErrorCode},
    members::lookup::Customer,
    state::AppState,
};

/// At most this many rows a file.
pub const MAX_ROWS: usize = 2_000;
/// At most this many bytes a file.
pub const MAX_BYTES: usize = 1024 * 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Phone,
    Reason,
    Ref,
    FirstFailed,
    FirstNote,
}

const HEADERS: [(Col, &[&str]); 5] = [
    (Col::Phone, &["号码", "服务号码", "phone"]),
    (Col::Reason, &["拆机原因", "受理原因", "原因", "reason"]),
    (Col::Ref, &["boss单号", "单号", "受理单号", "ref"]),
    (Col::FirstFailed, &["首次挽留", "首次挽留失败", "first_retention_failed"]),
    (Col::FirstNote, &["挽留说明", "首次挽留说明", "first_retention_note"]),
];

pub use crate::members::import::RowProblem;

/// What an import did.
#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    pub created: usize,
    /// Rows whose BOSS reference was imported before.
    pub already: usize,
    pub problems: Vec<RowProblem>,
}

fn bad_file(zh: impl Into<String>, en: impl Into<String>) -> AppError {
    UserError::new("file", UserErrorCode::Invalid, zh.into(), en.into()).into()
}

fn problem(line: u64, e: &AppError) -> RowProblem {
    match e {
        AppError::Invalid(errors) => RowProblem {
            line,
            zh: errors.iter().map(|u| u.message.zh.to_string()).collect::<Vec<_>>().join("；"),
            en: errors.iter().map(|u| u.message.en.to_string()).collect::<Vec<_>>().join("; "),
        },
        AppError::NotFound => RowProblem { line, zh: "未找到该号码".into(), en: "No such number".into() },
        other => RowProblem { line, zh: format!("{other:?}"), en: format!("{other:?}") },
    }
}

/// Reads the export and registers each new row; rows with problems are reported, the others go
/// in. The file itself is refused when it is too large, not UTF-8 CSV, or lacks a column.
pub async fn import(state: &AppState, actor: &Actor, viewer: &Viewer, mut file: impl Read) -> AppResult<ImportReport> {
    if matches!(viewer.role, Role::Installer | Role::AccountManager) {
        return Err(AppError::forbidden());
    }
    let mut bytes = Vec::new();
    file.by_ref().take(MAX_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(AppError::internal)?;
    if bytes.len() > MAX_BYTES {
        return Err(bad_file("文件不能超过 1 MB", "The file may not exceed 1 MB"));
    }
    let mut reader = crate::members::import::csv_reader(bytes.as_slice());
    let utf8 =
        || bad_file("文件须为 UTF-8 编码的 CSV（在 Excel 中另存为“CSV UTF-8”）", "The file must be CSV in UTF-8");
    let header = reader.headers().map_err(|_| utf8())?.clone();
    let cols = crate::members::import::header_columns(&header, &HEADERS);
    for (need, zh, en) in
        [(Col::Phone, "号码", "phone"), (Col::Reason, "拆机原因", "reason"), (Col::Ref, "BOSS单号", "ref")]
    {
        if !cols.iter().any(|(c, _)| *c == need) {
            return Err(bad_file(
                format!("文件首行须为表头，缺少列：{zh}（可用列：号码、拆机原因、BOSS单号、首次挽留、挽留说明）"),
                format!(
                    "The first line must be a header; missing column: {en} (columns: phone, reason, ref, first_retention_failed, first_retention_note)"
                ),
            ));
        }
    }
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|_| utf8())?;
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(bad_file("一个文件最多 2,000 行", "At most 2,000 rows a file"));
        }
        let line = rec.position().map_or(0, |p| p.line());
        let get = |c: Col| cols.iter().find(|(k, _)| *k == c).and_then(|(_, i)| rec.get(*i)).unwrap_or("").to_string();
        rows.push((line, get(Col::Phone), get(Col::Reason), get(Col::Ref), get(Col::FirstFailed), get(Col::FirstNote)));
    }
    let mut report = ImportReport::default();
    for (line, phone, reason, boss_ref, first, note) in rows {
        let boss_ref = boss_ref.trim().to_string();
        if boss_ref.is_empty() || boss_ref.chars().count() > 50 {
            report.problems.push(RowProblem {
                line,
                zh: "BOSS单号须为 1 到 50 个字".into(),
                en: "The BOSS reference must be 1 to 50 characters".into(),
            });
            continue;
        }
        if Entity::find().filter(Column::BossRef.eq(boss_ref.as_str())).one(&state.db).await?.is_some() {
            report.already += 1;
            continue;
        }
        let failed = matches!(first.trim(), "是" | "Y" | "y" | "yes" | "1" | "失败");
        let new = NewDisconnection {
            customer: Customer::Phone(phone),
            line: None,
            counter_reason: reason,
            first_retention_failed: failed,
            first_retention_note: Some(note).filter(|n| !n.trim().is_empty()),
            boss_ref: Some(boss_ref),
        };
        match register(state, actor, viewer, new).await {
            Ok(_) => report.created += 1,
            Err(e @ (AppError::Invalid(_) | AppError::NotFound)) => report.problems.push(problem(line, &e)),
            Err(e) => return Err(e),
        }
    }
    tracing::info!(
        created = report.created,
        already = report.already,
        problems = report.problems.len(),
        "disconnection requests imported"
    );
    Ok(report)
}
