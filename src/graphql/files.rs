//! Uploaded files in the API (a billing adjustment's evidence, an information report's
//! attachments): read from a multipart request within the size limit, listed for many owners
//! at once without their bytes, and served one at a time.
use std::{collections::HashMap, marker::PhantomData, str::FromStr, sync::Arc};

use async_graphql::{Context, ID, Object, Upload, dataloader::Loader};
use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::{
    billing::evidence,
    error::{AppError, AppResult, UserError, UserErrorCode},
    graphql::{ContextExt, loaders::CachedLoader},
};
use entity::{billing_evidence, info_report_file};

/// The tables that keep files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Evidence,
    Report,
}

/// A table of files: which column names their owner.
pub trait FileTable: EntityTrait {
    /// The owner's column.
    const OWNER: &'static str;
    const TABLE: Table;
}

impl FileTable for billing_evidence::Entity {
    const OWNER: &'static str = "adjustment_id";
    const TABLE: Table = Table::Evidence;
}

impl FileTable for info_report_file::Entity {
    const OWNER: &'static str = "report_id";
    const TABLE: Table = Table::Report;
}

/// The bytes of file `id` of `E`.
async fn content_of<E: FileTable>(db: &DatabaseConnection, id: i64) -> AppResult<Vec<u8>> {
    let col = |n: &str| E::Column::from_str(n).map_err(|_| AppError::internal(format!("no column {n}")));
    E::find()
        .select_only()
        .column(col("content")?)
        .filter(col("id")?.eq(id))
        .into_tuple::<Vec<u8>>()
        .one(db)
        .await?
        .ok_or_else(AppError::not_found)
}

/// The files of an upload field, each read up to one byte over the limit (so an oversized one
/// is refused by the checks, not read whole). A part that is not a file is `REQUIRED` at its index.
pub fn read(ctx: &Context<'_>, uploads: &[Upload], field: &str) -> AppResult<Vec<evidence::Upload>> {
    let mut files = Vec::new();
    for (i, u) in uploads.iter().enumerate() {
        let Ok(v) = u.value(ctx) else {
            return Err(UserError::new(
                &format!("{field}.{i}"),
                UserErrorCode::Required,
                "请上传文件",
                "Please upload a file",
            )
            .into());
        };
        let mut bytes = Vec::new();
        let mut limited = std::io::Read::take(v.content, evidence::MAX_BYTES as u64 + 1);
        std::io::Read::read_to_end(&mut limited, &mut bytes).map_err(AppError::internal)?;
        files.push(evidence::Upload { file_name: v.filename, bytes });
    }
    Ok(files)
}

/// A file's facts, without its content.
#[derive(Clone, Debug, sea_orm::FromQueryResult)]
pub struct FileRow {
    pub id: i64,
    pub owner_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

/// Loads the files of many owners at once, without their bytes.
pub struct FileList<E> {
    db: DatabaseConnection,
    _table: PhantomData<fn() -> E>,
}

impl<E> FileList<E> {
    pub fn new(db: &DatabaseConnection) -> Self {
        Self { db: db.clone(), _table: PhantomData }
    }
}

impl<E: FileTable> Loader<i64> for FileList<E>
where
    E::Column: Send + Sync,
{
    type Value = Vec<FileRow>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<FileRow>>, Self::Error> {
        let col = |n: &str| E::Column::from_str(n).map_err(|_| Arc::new(DbErr::Custom(format!("no column {n}"))));
        let owner = col(E::OWNER)?;
        let mut q = E::find().select_only().column(col("id")?).column_as(owner, "owner_id");
        for n in ["file_name", "content_type", "size", "sha256", "created_at"] {
            q = q.column(col(n)?);
        }
        let rows = q
            .filter(owner.is_in(keys.iter().copied()))
            .order_by_asc(col("id")?)
            .into_model::<FileRow>()
            .all(&self.db)
            .await
            .map_err(Arc::new)?;
        let mut out: HashMap<i64, Vec<FileRow>> = HashMap::new();
        for r in rows {
            out.entry(r.owner_id).or_default().push(r);
        }
        Ok(out)
    }
}

/// The files of `owner` in `E`, through the request's loader.
pub async fn of<E: FileTable>(ctx: &Context<'_>, owner: i64) -> AppResult<Vec<EvidenceFile>>
where
    E::Column: Send + Sync,
{
    let loader = ctx.data::<CachedLoader<FileList<E>>>().map_err(|_| AppError::internal("file loader"))?;
    let rows = loader.load_one(owner).await.map_err(crate::graphql::loaders::db_err)?.unwrap_or_default();
    Ok(rows.into_iter().map(|row| EvidenceFile { row, table: E::TABLE }).collect())
}

/// An uploaded file (依据性文件, 附件).
pub struct EvidenceFile {
    pub row: FileRow,
    table: Table,
}

/// An uploaded file (a billing adjustment's evidence 依据性文件, an information report's
/// attachment): a PDF or an image, shown to whoever sees what it belongs to.
#[Object]
impl EvidenceFile {
    /// Its id within what it belongs to (for `BillingAdjustment.evidenceFile`, `InfoReport.file`).
    async fn id(&self) -> ID {
        ID(self.row.id.to_string())
    }
    /// Its file name.
    async fn file_name(&self) -> &str {
        &self.row.file_name
    }
    /// `application/pdf`, `image/png` or `image/jpeg`, read from the content.
    async fn content_type(&self) -> &str {
        &self.row.content_type
    }
    /// Size in bytes.
    async fn size(&self) -> i64 {
        self.row.size
    }
    /// SHA-256 of the bytes, hex.
    async fn sha256(&self) -> &str {
        &self.row.sha256
    }
    /// When uploaded.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }
    /// The file, base64 (standard alphabet, padded). Ask for it one file at a time.
    #[graphql(complexity = 50)]
    async fn content_base64(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let db = &ctx.state().db;
        let bytes = match self.table {
            Table::Evidence => content_of::<billing_evidence::Entity>(db, self.row.id).await?,
            Table::Report => content_of::<info_report_file::Entity>(db, self.row.id).await?,
        };
        Ok(STANDARD.encode(bytes))
    }
}
