//! Money matters: billing adjustments (补退费) with their evidence, approved through the engine
//! (steps may now name the department whose head acts: the functional departments of rule 15),
//! prestore waivers on number requests, arrears collection items with their payments, and the
//! expected suspension of members read from billing's lists.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, add, add_settings, drop_settings, fk, index, money, s, s_null, table, ts, ts_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SETTINGS: [(&str, &str); 2] = [("refund.tier_branch", "200.00"), ("refund.tier_general", "500.00")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // What a department does beyond selling (rule 15's approvers, billing's staff).
        add(m, "org_unit", s_null("function", 20)).await?;
        // The department whose head acts on a step; the request's department until now.
        add(m, "approval_step", big_integer_null(a("unit_id"))).await?;
        m.exec_stmt(
            Query::update()
                .table(a("approval_step"))
                .value(
                    a("unit_id"),
                    SimpleExpr::SubQuery(
                        None,
                        Box::new(
                            Query::select()
                                .column((a("approval_request"), a("department_id")))
                                .from(a("approval_request"))
                                .and_where(
                                    Expr::col((a("approval_request"), a("id")))
                                        .equals((a("approval_step"), a("request_id"))),
                                )
                                .to_owned()
                                .into_sub_query_statement(),
                        ),
                    ),
                )
                .and_where(Expr::col(a("role")).eq("DEPARTMENT_HEAD"))
                .to_owned(),
        )
        .await?;
        add(m, "approval_request", big_integer_null(a("adjustment_id"))).await?;
        add(m, "approval_request", decimal_len_null(a("prestore_waiver"), 14, 2)).await?;
        table(
            m,
            "billing_adjustment",
            vec![
                s("code", 20).unique_key().to_owned(),
                big_integer(a("group_id")),
                big_integer_null(a("member_id")),
                s("account_no", 32),
                s("month", 7),
                money("amount"),
                money("accumulated"),
                s("cause", 30),
                s("cause_text", 2000),
                s("rectification", 2000),
                s("status", 20),
                big_integer_null(a("request_id")),
                big_integer(a("requester_id")),
                big_integer(a("branch_id")),
                big_integer(a("department_id")),
                s_null("billing_reference", 64),
                big_integer_null(a("executed_by")),
                ts_null("executed_at"),
                big_integer_null(a("checked_by")),
                ts_null("checked_at"),
                big_integer_null(a("audited_by")),
                ts_null("audited_at"),
                s_null("stage_note", 1000),
                ts("created_at"),
                integer(a("version")),
            ],
            vec![
                fk("billing_adjustment", "group_id", "customer_group"),
                fk("billing_adjustment", "member_id", "member"),
                fk("billing_adjustment", "requester_id", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_billing_adjustment_account", "billing_adjustment", &["group_id", "account_no", "month"], false)
            .await?;
        index(m, "idx_billing_adjustment_month", "billing_adjustment", &["month", "id"], false).await?;
        index(m, "idx_billing_adjustment_status", "billing_adjustment", &["status", "id"], false).await?;
        index(m, "idx_billing_adjustment_requester", "billing_adjustment", &["requester_id", "id"], false).await?;
        table(
            m,
            "billing_evidence",
            vec![
                big_integer(a("adjustment_id")),
                s("file_name", 200),
                s("content_type", 50),
                big_integer(a("size")),
                s("sha256", 64),
                blob(a("content")),
                big_integer(a("uploaded_by")),
                ts("created_at"),
            ],
            vec![fk("billing_evidence", "adjustment_id", "billing_adjustment")],
        )
        .await?;
        index(m, "idx_billing_evidence_adjustment", "billing_evidence", &["adjustment_id", "id"], false).await?;
        table(
            m,
            "arrears_item",
            vec![
                s("account_no", 32),
                // The account while the item is open; null once paid, so one open item an account.
                s_null("open_key", 32).unique_key().to_owned(),
                big_integer(a("group_id")),
                big_integer_null(a("member_id")),
                big_integer(a("manager_id")),
                big_integer(a("department_id")),
                big_integer(a("branch_id")),
                s("first_cycle", 7),
                s("cycle", 7),
                money("amount"),
                money("collected"),
                integer(a("months_overdue")),
                s("status", 20),
                date_null(a("agreed_on")),
                s_null("agreed_place", 200),
                big_integer_null(a("contact_visit_id")),
                ts_null("noticed_at"),
                ts_null("paid_at"),
                ts("created_at"),
                ts("updated_at"),
                integer(a("version")),
            ],
            vec![fk("arrears_item", "group_id", "customer_group"), fk("arrears_item", "manager_id", "app_user")],
        )
        .await?;
        index(m, "idx_arrears_item_manager", "arrears_item", &["manager_id", "status", "months_overdue"], false)
            .await?;
        index(m, "idx_arrears_item_cycle", "arrears_item", &["cycle", "status"], false).await?;
        index(m, "idx_arrears_item_account", "arrears_item", &["account_no", "id"], false).await?;
        index(m, "idx_arrears_item_group", "arrears_item", &["group_id", "id"], false).await?;
        table(
            m,
            "arrears_payment",
            vec![
                big_integer(a("item_id")),
                money("amount"),
                s("receipt_no", 40).unique_key().to_owned(),
                date(a("paid_on")),
                big_integer(a("recorded_by")),
                ts("created_at"),
            ],
            vec![fk("arrears_payment", "item_id", "arrears_item"), fk("arrears_payment", "recorded_by", "app_user")],
        )
        .await?;
        index(m, "idx_arrears_payment_item", "arrears_payment", &["item_id", "id"], false).await?;
        table(
            m,
            "arrears_import",
            vec![
                s("cycle", 7),
                s("file_name", 200),
                integer(a("rows")),
                integer(a("created")),
                integer(a("updated")),
                integer(a("unchanged")),
                integer(a("problems")),
                big_integer(a("imported_by")),
                ts("created_at"),
            ],
            vec![],
        )
        .await?;
        index(m, "idx_arrears_import_cycle", "arrears_import", &["cycle", "id"], false).await?;
        // Billing's expected suspension of a member (不轻易停机), as of the list that said so.
        add(m, "member", date_null(a("suspension_on"))).await?;
        add(m, "member", s_null("suspension_cycle", 7)).await?;
        index(m, "idx_member_phone", "member", &["phone"], false).await?;
        index(m, "idx_member_suspension", "member", &["suspension_on"], false).await?;
        add_settings(m, &SETTINGS).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_settings(m, &SETTINGS).await?;
        m.drop_index(Index::drop().name("idx_member_suspension").table(a("member")).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_member_phone").table(a("member")).to_owned()).await?;
        for (t, c) in [
            ("member", "suspension_cycle"),
            ("member", "suspension_on"),
            ("approval_request", "prestore_waiver"),
            ("approval_request", "adjustment_id"),
            ("approval_step", "unit_id"),
            ("org_unit", "function"),
        ] {
            m.alter_table(Table::alter().table(a(t)).drop_column(a(c)).to_owned()).await?;
        }
        for t in ["arrears_import", "arrears_payment", "arrears_item", "billing_evidence", "billing_adjustment"] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
