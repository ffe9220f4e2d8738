use sea_orm::entity::prelude::*;

/// A quote (报价单) as it was sent to the customer: the PDF's bytes, kept unchanged.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "quote_document")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    pub version_id: i64,
    pub version_no: i32,
    pub file_name: String,
    /// SHA-256 of `content`, hex.
    pub sha256: String,
    pub size: i64,
    /// The PDF (not in audit snapshots: the checksum stands for it).
    #[serde(skip_serializing)]
    pub content: Vec<u8>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
