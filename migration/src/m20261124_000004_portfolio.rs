//! Working the portfolio: tasks with details and notes, the scheduler's leases and run history,
//! care holidays, group baselines (拍照月), churn warnings, retention reports, and numbers chosen
//! on installation jobs with their grade approval.
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{a, add, fk, index, money, s, s_null, table, ts, ts_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Holidays that produce care tasks by default (rule 8): Spring Festival, May Day,
/// Mid-Autumn and National Day.
const CARE_HOLIDAYS: [&str; 4] = ["春节", "劳动节", "中秋节", "国庆节"];

/// The new settings and their defaults (descriptions live in the application).
const SETTINGS: [(&str, &str); 20] = [
    ("cadence.gold.calls_per_month", "2"),
    ("cadence.gold.onsite_per_month", "1"),
    ("cadence.silver.calls_per_month", "1"),
    ("cadence.silver.onsite_per_quarter", "1"),
    ("cadence.high_value.calls_per_month", "1"),
    ("cadence.high_value.onsite_every_months", "2"),
    ("care.birthday_lead_days", "7"),
    ("care.key_date_lead_days", "7"),
    ("care.holiday_lead_days", "30"),
    ("churn.member_drop_percent", "30"),
    ("churn.group_drop_percent", "10"),
    ("retention.low_arpu_below", "50.00"),
    ("retention.low_arpu_months", "3"),
    ("number.grade_a.prestore", "3600.00"),
    ("number.grade_a.monthly_minimum", "300.00"),
    ("number.grade_a.approver", "GENERAL_MANAGER"),
    ("number.grade_b.prestore", "1200.00"),
    ("number.grade_b.monthly_minimum", "100.00"),
    ("number.grade_b.approver", "BRANCH_MANAGER"),
    ("number.grade_c.prestore", "200.00"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "task", text_null(a("body"))).await?;
        add(m, "task", text_null(a("greeting"))).await?;
        add(m, "task", text_null(a("note"))).await?;
        index(m, "idx_task_kind_status", "task", &["kind", "status", "subject_id"], false).await?;

        // The scheduler: one lease row per job (only its holder runs it) and every run kept.
        m.create_table(
            Table::create()
                .table(a("job_lease"))
                .col(string_len(a("job"), 64).primary_key())
                .col(s_null("holder", 128))
                .col(ts_null("leased_until"))
                .to_owned(),
        )
        .await?;
        table(
            m,
            "job_run",
            vec![
                s("job", 64),
                s("holder", 128),
                ts("started_at"),
                ts_null("finished_at"),
                s("status", 16),
                text_null(a("summary")),
                text_null(a("error")),
            ],
            vec![],
        )
        .await?;
        index(m, "idx_job_run_job", "job_run", &["job", "id"], false).await?;

        add(m, "calendar_day", boolean(a("care")).default(false).to_owned()).await?;
        let care = Query::update()
            .table(a("calendar_day"))
            .value(a("care"), true)
            .and_where(Expr::col(a("kind")).eq("HOLIDAY"))
            .and_where(Expr::col(a("name")).is_in(CARE_HOLIDAYS))
            .to_owned();
        m.exec_stmt(care).await?;

        let now = chrono::Utc::now();
        let mut settings = Query::insert()
            .into_table(a("setting"))
            .columns(["key", "value", "version", "updated_at"].map(a))
            .to_owned();
        for (key, value) in SETTINGS {
            settings.values_panic([key.into(), value.into(), 1.into(), now.into()]);
        }
        m.exec_stmt(settings).await?;

        add(m, "customer_group", s_null("baseline_month", 7)).await?;
        table(
            m,
            "churn_warning",
            vec![
                s("kind", 16),
                big_integer(a("group_id")),
                big_integer_null(a("member_id")),
                s("month", 7),
                s("reference_month", 7),
                money("reference_amount"),
                money("current_amount"),
                decimal_len(a("drop_percent"), 7, 2),
                s("dedupe_key", 96).unique_key().to_owned(),
                ts("created_at"),
            ],
            vec![fk("churn_warning", "group_id", "customer_group"), fk("churn_warning", "member_id", "member")],
        )
        .await?;
        index(m, "idx_churn_warning_group", "churn_warning", &["group_id", "id"], false).await?;

        m.create_table(
            Table::create()
                .table(a("retention_report"))
                .col(big_integer(a("group_id")).primary_key())
                .col(text_null(a("causes")))
                .col(text_null(a("measures")))
                .col(text_null(a("outcome")))
                .col(integer(a("version")).default(1))
                .col(big_integer(a("updated_by")))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("retention_report", "group_id", "customer_group"))
                .foreign_key(&mut fk("retention_report", "updated_by", "app_user"))
                .to_owned(),
        )
        .await?;

        add(m, "installation_job", s_null("number", 20)).await?;
        add(m, "installation_job", s_null("number_grade", 1)).await?;
        add(m, "installation_job", s("number_status", 20).default("NONE").to_owned()).await?;
        add(m, "installation_job", big_integer_null(a("number_request_id"))).await?;
        add(m, "approval_request", big_integer_null(a("job_id"))).await?;
        add(m, "approval_request", s_null("requested_number", 20)).await?;
        add(m, "approval_request", s_null("number_grade", 1)).await?;
        index(m, "idx_approval_request_job", "approval_request", &["job_id", "id"], false).await?;
        // KPI and cadence reads.
        index(m, "idx_visit_manager_ended", "visit", &["manager_id", "status", "ended_at"], false).await?;
        index(m, "idx_visit_group_ended", "visit", &["group_id", "status", "ended_at"], false).await?;
        index(m, "idx_approval_request_decided", "approval_request", &["decided_at"], false).await?;
        index(m, "idx_installation_job_confirmed", "installation_job", &["confirmed_at"], false).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["retention_report", "churn_warning", "job_run", "job_lease"] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
