//! The catalog in the API: everyone signed in reads it, admins change it.
use crate::graphql::ContextExt;
use std::{collections::HashMap, sync::Arc};

use async_graphql::{
    Context, ID, InputObject, Json as GqlJson, Object, SimpleObject,
    dataloader::{DataLoader, HashMapCache, Loader},
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use super::{Billing, Category, service};
use crate::{
    clock::{SharedClock, business_date},
    error::{AppError, AppResult, UserError},
    graphql::{
        enums::Gql,
        loaders::{db_err, load_by_id},
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
        scalars::{Date, Money},
    },
    state::Lang,
};
use entity::{
    product::{Column, Entity, Model},
    product_price,
};

/// The standard price in force today for each product, batched per request.
pub struct CurrentPrice {
    db: DatabaseConnection,
    clock: SharedClock,
}

impl CurrentPrice {
    pub fn new(db: &DatabaseConnection, clock: SharedClock) -> DataLoader<Self, HashMapCache> {
        DataLoader::with_cache(Self { db: db.clone(), clock }, tokio::spawn, HashMapCache::default())
    }
}

impl Loader<i64> for CurrentPrice {
    type Value = product_price::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, product_price::Model>, Self::Error> {
        let today = business_date(self.clock.now());
        super::prices_on(&self.db, keys.iter().copied(), today).await.map_err(|e| match e {
            AppError::Db(e) => Arc::new(e),
            other => Arc::new(DbErr::Custom(format!("{other:?}"))),
        })
    }
}

/// A product of the catalog (产品) with its standard price (标准资费).
pub struct Product(pub Model);

/// A product of the catalog (产品) with its standard price (标准资费).
#[Object]
impl Product {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::Product.id(self.0.id)
    }
    /// Product code, e.g. `DL_100M`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Name in the request's language.
    async fn name(&self, ctx: &Context<'_>) -> &str {
        if ctx.lang() == Lang::En { &self.0.name_en } else { &self.0.name_zh }
    }
    /// Chinese name (中文名称).
    async fn name_zh(&self) -> &str {
        &self.0.name_zh
    }
    /// English name.
    async fn name_en(&self) -> &str {
        &self.0.name_en
    }
    /// Category (产品类别).
    async fn category(&self) -> Gql<Category> {
        Gql(self.0.category)
    }
    /// Billing (计费方式).
    async fn billing(&self) -> Gql<Billing> {
        Gql(self.0.billing)
    }
    /// Parameters, e.g. `{"bandwidthMbps": 100, "ipCount": 8}`.
    async fn params(&self) -> GqlJson<serde_json::Value> {
        GqlJson(self.0.params.clone())
    }
    /// Description (说明).
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Listed on the visit card (QX-FW-003).
    async fn on_visit_card(&self) -> bool {
        self.0.on_visit_card
    }
    /// Offered in new proposals.
    async fn active(&self) -> bool {
        self.0.active
    }
    /// The standard unit price in force today (标准单价); null when none is set yet.
    async fn standard_price(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Money>> {
        let loader = ctx.data::<DataLoader<CurrentPrice, HashMapCache>>()?;
        Ok(loader.load_one(self.0.id).await.map_err(db_err)?.map(|p| Money(p.unit_price)))
    }
    /// Every standard price, newest first, including ones that take effect later.
    async fn price_history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ProductPrice>> {
        let rows = crate::graphql::loaders::load_children::<product_price::Entity>(ctx, self.0.id).await?;
        Ok(rows.into_iter().rev().map(ProductPrice).collect())
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A standard price from a day on (资费).
pub struct ProductPrice(pub product_price::Model);

/// A standard price from a day on (资费).
#[Object]
impl ProductPrice {
    /// Unit price per billing period (单价).
    async fn unit_price(&self) -> Money {
        Money(self.0.unit_price)
    }
    /// First day it applies.
    async fn effective_from(&self) -> Date {
        Date(self.0.effective_from)
    }
    /// When it was entered.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

pub async fn load_product(ctx: &Context<'_>, id: i64) -> AppResult<Option<Product>> {
    ctx.viewer()?;
    Ok(load_by_id::<Entity>(ctx, id).await?.map(Product))
}

/// Which products to list.
#[derive(InputObject, Default)]
pub struct ProductFilter {
    /// Text contained in the code or either name.
    pub search: Option<String>,
    /// Only this category.
    pub category: Option<Gql<Category>>,
    /// Only offered (true) or withdrawn (false) products; all when absent.
    pub active: Option<bool>,
}

#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// The catalog, in the order products were added.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn products(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<ProductFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<Product>> {
        ctx.viewer()?;
        let f = filter.unwrap_or_default();
        let mut cond = Condition::all();
        if let Some(s) = crate::fields::search_text(f.search)? {
            use crate::fields::contains;
            cond = cond.add(
                Condition::any()
                    .add(contains(Column::Code, &s.to_uppercase()))
                    .add(contains(Column::NameZh, &s))
                    .add(contains(Column::NameEn, &s)),
            );
        }
        if let Some(c) = f.category {
            cond = cond.add(Column::Category.eq(c.0));
        }
        if let Some(a) = f.active {
            cond = cond.add(Column::Active.eq(a));
        }
        let page = keyset(
            &ctx.state().db,
            Entity::find().filter(cond),
            Column::Id,
            false,
            PageArgs { first, after, last, before },
            Product,
        )
        .await?;
        Ok(page)
    }
}

/// A new product.
#[derive(InputObject)]
pub struct CreateProductInput {
    /// Unique code, letters, digits and underscores (e.g. `DL_100M`).
    pub code: String,
    /// Descriptive fields.
    pub fields: ProductFieldsInput,
    /// Standard unit price per billing period.
    pub unit_price: Money,
    /// First day of the price; today when absent.
    pub effective_from: Option<Date>,
}

/// New descriptive fields for a product.
#[derive(InputObject)]
pub struct UpdateProductInput {
    /// The product (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Descriptive fields (replacing the old ones).
    pub fields: ProductFieldsInput,
    /// Whether new proposals may offer it.
    pub active: bool,
}

/// A new standard price.
#[derive(InputObject)]
pub struct SetProductPriceInput {
    /// The product (global id).
    pub product_id: ID,
    /// Standard unit price per billing period.
    pub unit_price: Money,
    /// First day it applies (today or later).
    pub effective_from: Date,
}

/// Result of a catalog change.
#[derive(SimpleObject)]
pub struct ProductPayload {
    /// The product as changed; null when there are user errors.
    pub product: Option<Product>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn admin(ctx: &Context<'_>) -> AppResult<()> {
    if ctx.viewer()?.is_admin() { Ok(()) } else { Err(AppError::forbidden()) }
}

fn decode(id: &ID) -> AppResult<i64> {
    NodeKind::Product.decode(id).ok_or_else(AppError::not_found)
}

#[derive(Default)]
pub struct CatalogMutation;

#[Object]
impl CatalogMutation {
    /// Adds a product with its first standard price (admins only).
    async fn create_product(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: CreateProductInput,
    ) -> async_graphql::Result<ProductPayload> {
        admin(ctx)?;
        let r = service::create(
            ctx.state(),
            &ctx.actor()?,
            &input.code,
            input.fields.into(),
            input.unit_price.0,
            input.effective_from.map(|d| d.0),
        )
        .await;
        let (m, user_errors) = split(r)?;
        Ok(ProductPayload { product: m.map(Product), user_errors })
    }

    /// Changes a product's names, category, billing, parameters or availability (admins only).
    async fn update_product(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: UpdateProductInput,
    ) -> async_graphql::Result<ProductPayload> {
        admin(ctx)?;
        let id = decode(&input.id)?;
        let r =
            service::update(ctx.state(), &ctx.actor()?, id, input.expected_version, input.fields.into(), input.active)
                .await;
        let (m, user_errors) = split(r)?;
        Ok(ProductPayload { product: m.map(Product), user_errors })
    }

    /// Sets a new standard price from a day on; earlier proposals keep their prices (admins only).
    async fn set_product_price(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: SetProductPriceInput,
    ) -> async_graphql::Result<ProductPayload> {
        admin(ctx)?;
        let id = decode(&input.product_id)?;
        let r = service::set_price(ctx.state(), &ctx.actor()?, id, input.unit_price.0, input.effective_from.0).await;
        let (m, user_errors) = split(r)?;
        let product = match m {
            Some(_) => Entity::find_by_id(id).one(&ctx.state().db).await.map_err(AppError::from)?.map(Product),
            None => None,
        };
        Ok(ProductPayload { product, user_errors })
    }
}

/// A product's descriptive fields.
#[derive(InputObject, Clone)]
pub struct ProductFieldsInput {
    /// Chinese name (中文名称).
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Category (产品类别).
    pub category: Gql<Category>,
    /// Billing (计费方式).
    pub billing: Gql<Billing>,
    /// Parameters as an object of numbers or short texts, e.g. `{"bandwidthMbps": 100, "ipCount": 8}`.
    #[graphql(default)]
    pub params: Option<GqlJson<serde_json::Value>>,
    /// Description (说明).
    pub description: Option<String>,
}

impl From<ProductFieldsInput> for service::ProductFields {
    fn from(c: ProductFieldsInput) -> Self {
        Self {
            name_zh: c.name_zh,
            name_en: c.name_en,
            category: c.category.0,
            billing: c.billing.0,
            params: c.params.map(|v| v.0),
            description: c.description,
        }
    }
}
