//! The documents as the API hands them out: a PDF file, base64 in the JSON answer.
use async_graphql::Object;
use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{DateTime, Utc};

/// A PDF document (报价单, 合同文本): its file name, checksum and content.
pub struct PdfFile {
    file_name: String,
    sha256: String,
    created_at: DateTime<Utc>,
    version_number: Option<i32>,
    bytes: Vec<u8>,
}

impl PdfFile {
    /// A document made just now.
    pub fn made(pdf: super::Pdf, version_number: Option<i32>, now: DateTime<Utc>) -> Self {
        Self {
            sha256: super::checksum(&pdf.bytes),
            file_name: pdf.file_name,
            created_at: now,
            version_number,
            bytes: pdf.bytes,
        }
    }

    /// A quote as it was kept when sent.
    pub fn kept(q: entity::quote_document::Model) -> Self {
        Self {
            file_name: q.file_name,
            sha256: q.sha256,
            created_at: q.created_at,
            version_number: Some(q.version_no),
            bytes: q.content,
        }
    }
}

/// A PDF document (报价单, 合同文本): its file name, checksum and content.
#[Object]
impl PdfFile {
    /// Suggested file name, e.g. `报价单-BJ-000012-2.pdf`.
    async fn file_name(&self) -> &str {
        &self.file_name
    }
    /// SHA-256 of the bytes, hex: a kept document keeps its checksum.
    async fn sha256(&self) -> &str {
        &self.sha256
    }
    /// Size in bytes.
    async fn size(&self) -> i64 {
        self.bytes.len() as i64
    }
    /// When it was made (for a kept quote: when it was sent).
    async fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }
    /// The proposal version it shows, for a quote.
    async fn version_number(&self) -> Option<i32> {
        self.version_number
    }
    /// The PDF, base64 (standard alphabet, padded).
    async fn content_base64(&self) -> String {
        STANDARD.encode(&self.bytes)
    }
}
