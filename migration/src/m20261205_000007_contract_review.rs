//! A contract's review is a request of the approval engine (`CONTRACT_REVIEW`), so it waits in
//! the department head's approvals like a discount does, and a reviewed contract says so with
//! its own state (`REVIEWED`). Existing rows move with it: a contract already reviewed becomes
//! `REVIEWED`; one still waiting gets its pending request, with the head's step open.
use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

use crate::util::{a, add, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "approval_request", big_integer_null(a("contract_id"))).await?;
        index(m, "idx_approval_request_contract", "approval_request", &["contract_id", "id"], false).await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "UPDATE contract SET status = 'REVIEWED' WHERE status = 'UNDER_REVIEW' AND reviewed_at IS NOT NULL",
        )
        .await?;
        let empty = match m.get_database_backend() {
            DatabaseBackend::Postgres => "CAST('[]' AS json)",
            _ => "'[]'",
        };
        db.execute_unprepared(&format!(
            "INSERT INTO approval_request (kind, contract_id, group_id, requester_id, branch_id, department_id, \
             status, matrix_number, discounted_services, line_discounts, monthly_discount, max_line_rate, \
             created_at, version) \
             SELECT 'CONTRACT_REVIEW', c.id, c.group_id, c.owner_id, g.branch_id, g.department_id, 'PENDING', \
             (SELECT COALESCE(MAX(number), 1) FROM approval_matrix), {empty}, {empty}, 0, 0, c.updated_at, 1 \
             FROM contract c JOIN customer_group g ON g.id = c.group_id \
             WHERE c.status = 'UNDER_REVIEW' AND c.reviewed_at IS NULL"
        ))
        .await?;
        db.execute_unprepared(
            "INSERT INTO approval_step (request_id, position, role, status, branch_id, requester_id) \
             SELECT r.id, 1, 'DEPARTMENT_HEAD', 'PENDING', r.branch_id, r.requester_id FROM approval_request r \
             WHERE r.kind = 'CONTRACT_REVIEW' \
             AND NOT EXISTS (SELECT 1 FROM approval_step s WHERE s.request_id = r.id)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared(
            "DELETE FROM approval_step WHERE request_id IN \
             (SELECT id FROM approval_request WHERE kind = 'CONTRACT_REVIEW')",
        )
        .await?;
        db.execute_unprepared("DELETE FROM approval_request WHERE kind = 'CONTRACT_REVIEW'").await?;
        db.execute_unprepared("UPDATE contract SET status = 'UNDER_REVIEW' WHERE status = 'REVIEWED'").await?;
        m.drop_index(Index::drop().name("idx_approval_request_contract").table(a("approval_request")).to_owned())
            .await?;
        m.alter_table(Table::alter().table(a("approval_request")).drop_column(a("contract_id")).to_owned()).await
    }
}
