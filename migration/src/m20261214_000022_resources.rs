//! Resources a plan item needs (定所需资源): the expert flags on users, the departments' PR gift
//! stock (never below zero), and the requests for experts, trials, gifts and events.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{
    a, add, add_settings, drop_settings, fk, index, money, s, s_null, table, ts, ts_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SETTINGS: [(&str, &str); 1] = [("gift.approval_above", "200.00")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "app_user", boolean(a("chief_manager")).default(false).to_owned()).await?;
        add(m, "app_user", boolean(a("product_specialist")).default(false).to_owned()).await?;
        table(
            m,
            "gift_item",
            vec![
                big_integer(a("department_id")),
                big_integer_null(a("branch_id")),
                s("name", 50),
                money("unit_value"),
                // The database itself refuses a stock below zero, whatever the code does.
                integer(a("stock")).check(Expr::col(a("stock")).gte(0)).to_owned(),
                boolean(a("active")).default(true).to_owned(),
                ts("created_at"),
                ts("updated_at"),
                integer(a("version")),
            ],
            vec![fk("gift_item", "department_id", "org_unit")],
        )
        .await?;
        index(m, "uq_gift_item_name", "gift_item", &["department_id", "name"], true).await?;
        table(
            m,
            "resource_request",
            vec![
                s("kind", 20),
                s("status", 20),
                big_integer(a("requester_id")),
                big_integer_null(a("department_id")),
                big_integer_null(a("branch_id")),
                big_integer_null(a("group_id")),
                big_integer_null(a("plan_item_id")),
                s_null("expertise", 30),
                big_integer_null(a("expert_id")),
                big_integer_null(a("product_id")),
                big_integer_null(a("gift_item_id")),
                big_integer_null(a("contact_id")),
                integer_null(a("quantity")),
                money("value").null().to_owned(),
                date_null(a("starts_on")),
                ts_null("at"),
                integer_null(a("days")),
                s_null("title", 100),
                s("reason", 500),
                big_integer_null(a("decided_by")),
                ts_null("decided_at"),
                s_null("decision_note", 500),
                big_integer_null(a("companion_item_id")),
                ts("created_at"),
                ts("updated_at"),
                integer(a("version")),
            ],
            vec![
                fk("resource_request", "requester_id", "app_user"),
                fk("resource_request", "group_id", "customer_group"),
                fk("resource_request", "plan_item_id", "plan_item"),
                fk("resource_request", "expert_id", "app_user"),
                fk("resource_request", "product_id", "product"),
                fk("resource_request", "gift_item_id", "gift_item"),
                fk("resource_request", "contact_id", "contact"),
                fk("resource_request", "decided_by", "app_user"),
                fk("resource_request", "companion_item_id", "plan_item"),
            ],
        )
        .await?;
        index(m, "idx_resource_request_requester", "resource_request", &["requester_id", "id"], false).await?;
        index(m, "idx_resource_request_expert", "resource_request", &["expert_id", "status", "id"], false).await?;
        index(m, "idx_resource_request_department", "resource_request", &["department_id", "status", "id"], false)
            .await?;
        index(m, "idx_resource_request_group", "resource_request", &["group_id", "id"], false).await?;
        index(m, "idx_resource_request_plan_item", "resource_request", &["plan_item_id", "id"], false).await?;
        index(m, "idx_resource_request_decided", "resource_request", &["status", "decided_at"], false).await?;
        add_settings(m, &SETTINGS).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_settings(m, &SETTINGS).await?;
        for t in ["resource_request", "gift_item"] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        for c in ["chief_manager", "product_specialist"] {
            m.alter_table(Table::alter().table(a("app_user")).drop_column(a(c)).to_owned()).await?;
        }
        Ok(())
    }
}
