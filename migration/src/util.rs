//! Small builders shared by the migrations: named columns, foreign keys and indexes.
use sea_orm_migration::{prelude::*, schema::*};

pub(crate) fn a(name: &str) -> Alias {
    Alias::new(name)
}

pub(crate) fn fk(table: &str, col: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(a(table), a(col)).to(a(to), a("id")).to_owned()
}

pub(crate) fn money(col: &str) -> ColumnDef {
    decimal_len(a(col), 14, 2)
}

pub(crate) fn rate(col: &str) -> ColumnDef {
    decimal_len(a(col), 9, 6)
}

pub(crate) fn ts(col: &str) -> ColumnDef {
    timestamp_with_time_zone(a(col))
}

pub(crate) fn ts_null(col: &str) -> ColumnDef {
    timestamp_with_time_zone_null(a(col))
}

pub(crate) fn s(col: &str, len: u32) -> ColumnDef {
    string_len(a(col), len)
}

pub(crate) fn s_null(col: &str, len: u32) -> ColumnDef {
    string_len_null(a(col), len)
}

/// Adds a column to a table.
pub(crate) async fn add(m: &SchemaManager<'_>, table: &str, col: ColumnDef) -> Result<(), DbErr> {
    let mut col = col;
    m.alter_table(Table::alter().table(a(table)).add_column(&mut col).to_owned()).await
}

/// A table with a big auto id, the given columns and foreign keys.
pub(crate) async fn table(
    m: &SchemaManager<'_>,
    name: &str,
    cols: Vec<ColumnDef>,
    fks: Vec<ForeignKeyCreateStatement>,
) -> Result<(), DbErr> {
    let mut t = Table::create().table(a(name)).col(big_pk_auto(a("id"))).to_owned();
    for mut c in cols {
        t.col(&mut c);
    }
    for mut f in fks {
        t.foreign_key(&mut f);
    }
    m.create_table(t).await
}

pub(crate) async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: &str,
    cols: &[&str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create().name(name).table(a(table)).to_owned();
    for c in cols {
        idx.col(a(c));
    }
    if unique {
        idx.unique();
    }
    m.create_index(idx).await
}

/// Adds settings with their defaults (version 1).
pub(crate) async fn add_settings(m: &SchemaManager<'_>, settings: &[(&str, &str)]) -> Result<(), DbErr> {
    let now = chrono::Utc::now();
    let mut insert =
        Query::insert().into_table(a("setting")).columns(["key", "value", "version", "updated_at"].map(a)).to_owned();
    for (key, value) in settings {
        insert.values_panic([(*key).into(), (*value).into(), 1.into(), now.into()]);
    }
    m.exec_stmt(insert).await
}

/// Removes settings (a migration's `down`).
pub(crate) async fn drop_settings(m: &SchemaManager<'_>, settings: &[(&str, &str)]) -> Result<(), DbErr> {
    let keys: Vec<&str> = settings.iter().map(|(k, _)| *k).collect();
    m.exec_stmt(Query::delete().from_table(a("setting")).and_where(Expr::col(a("key")).is_in(keys)).to_owned()).await
}
