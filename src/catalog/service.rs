//! Admin changes to the catalog.
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, sea_query::Expr};
use serde_json::{Value as Json, json};

use super::{Billing, Category};
use crate::{
    audit::{self, Actor, Change},
    clock::business_date,
    db::{Versioned, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::{Check, money},
    state::AppState,
};
use entity::product::{ActiveModel, Column, Entity, Model};

/// A product's descriptive fields.
/// Field by field as documented on the API's `ProductFieldsInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct ProductFields {
    pub name_zh: String,
    pub name_en: String,
    pub category: Category,
    pub billing: Billing,
    pub params: Option<Json>,
    pub description: Option<String>,
}

fn check_params(c: &mut Check, params: Option<Json>) -> Json {
    let v = params.unwrap_or_else(|| json!({}));
    let ok = v.as_object().is_some_and(|o| {
        o.len() <= 20
            && o.iter()
                .all(|(k, v)| k.len() <= 40 && (v.is_number() || v.as_str().is_some_and(|s| s.chars().count() <= 100)))
    });
    if !ok {
        c.push(UserError::new(
            "fields.params",
            UserErrorCode::Invalid,
            "参数须为名称到数字或短文本的对象（最多 20 项）",
            "Parameters must be an object of names to numbers or short texts (at most 20)",
        ));
    }
    v
}

fn check_fields(c: &mut Check, f: ProductFields) -> (String, String, Json, Option<String>) {
    let zh = c.text("fields.nameZh", &f.name_zh, 100);
    let en = c.text("fields.nameEn", &f.name_en, 100);
    let params = check_params(c, f.params);
    let description = c.opt_text("fields.description", f.description.as_deref(), 2000);
    (zh, en, params, description)
}

fn check_price(c: &mut Check, field: &str, price: Decimal) -> Decimal {
    c.take(money(field, price)).unwrap_or_default()
}

fn change(action: &str, id: i64, before: Option<Json>, after: Option<Json>) -> Change<'_> {
    Change { action, entity_type: "Product", entity_id: Some(id), before, after }
}

/// Adds a product with its first standard price.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    code: &str,
    fields: ProductFields,
    unit_price: Decimal,
    effective_from: Option<NaiveDate>,
) -> AppResult<Model> {
    let now = state.now();
    let today = business_date(now);
    let mut c = Check::new();
    let code = c.text("code", &code.trim().to_uppercase(), 32);
    if !code.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') {
        c.push(UserError::new(
            "code",
            UserErrorCode::Invalid,
            "编码只能包含字母、数字和下划线",
            "The code may hold letters, digits and underscores only",
        ));
    }
    let (billing, category) = (fields.billing, fields.category);
    let (zh, en, params, description) = check_fields(&mut c, fields);
    let price = check_price(&mut c, "unitPrice", unit_price);
    let from = effective_from.unwrap_or(today);
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    if Entity::find().filter(Column::Code.eq(&code)).one(&txn).await?.is_some() {
        return Err(UserError::new("code", UserErrorCode::Duplicate, "产品编码已存在", "This code is taken").into());
    }
    let row = ActiveModel {
        code: Set(code),
        name_zh: Set(zh),
        name_en: Set(en),
        category: Set(category),
        billing: Set(billing),
        on_visit_card: Set(false),
        sort_order: Set(1000),
        active: Set(true),
        version: Set(1),
        params: Set(params),
        description: Set(description),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    insert_price(&txn, actor, row.id, price, from, now).await?;
    audit::commit(state, txn, now, actor, change("product.create", row.id, None, Some(audit::snapshot(&row)))).await?;
    Ok(row)
}

async fn insert_price<C: sea_orm::ConnectionTrait>(
    db: &C,
    actor: &Actor,
    product_id: i64,
    price: Decimal,
    from: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<entity::product_price::Model> {
    Ok(entity::product_price::ActiveModel {
        product_id: Set(product_id),
        unit_price: Set(price),
        effective_from: Set(from),
        created_by: Set(actor.user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

const VERSIONED: Versioned<Column> =
    Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };

/// Changes a product's descriptive fields and whether it is offered.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    id: i64,
    expected_version: i32,
    fields: ProductFields,
    active: bool,
) -> AppResult<Model> {
    let mut c = Check::new();
    let (billing, category) = (fields.billing, fields.category);
    let (zh, en, params, description) = check_fields(&mut c, fields);
    c.finish(|| ())?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let cols = vec![
        (Column::NameZh, Expr::value(zh)),
        (Column::NameEn, Expr::value(en)),
        (Column::Category, Expr::value(category.as_str())),
        (Column::Billing, Expr::value(billing.as_str())),
        (Column::Params, Expr::value(params)),
        (Column::Description, Expr::value(description)),
        (Column::Active, Expr::value(active)),
    ];
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    audit::commit(
        state,
        txn,
        now,
        actor,
        change("product.update", id, Some(audit::snapshot(&before)), Some(audit::snapshot(&after))),
    )
    .await?;
    Ok(after)
}

/// Sets a new standard price from a day on (today or later: history is never rewritten).
pub async fn set_price(
    state: &AppState,
    actor: &Actor,
    product_id: i64,
    unit_price: Decimal,
    effective_from: NaiveDate,
) -> AppResult<entity::product_price::Model> {
    let now = state.now();
    let mut c = Check::new();
    let price = check_price(&mut c, "unitPrice", unit_price);
    if effective_from < business_date(now) {
        c.push(UserError::new(
            "effectiveFrom",
            UserErrorCode::Invalid,
            "新价格只能从今天或以后生效",
            "A new price takes effect today or later",
        ));
    }
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let product = Entity::find_by_id(product_id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    use entity::product_price as pp;
    if pp::Entity::find()
        .filter(pp::Column::ProductId.eq(product_id))
        .filter(pp::Column::EffectiveFrom.eq(effective_from))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(UserError::new(
            "effectiveFrom",
            UserErrorCode::Duplicate,
            "该日期已有价格",
            "A price already takes effect on this day",
        )
        .into());
    }
    let row = insert_price(&txn, actor, product_id, price, effective_from, now).await?;
    audit::commit(
        state,
        txn,
        now,
        actor,
        change(
            "product.set_price",
            product.id,
            None,
            Some(json!({ "code": product.code, "unitPrice": row.unit_price, "effectiveFrom": row.effective_from })),
        ),
    )
    .await?;
    Ok(row)
}
