//! The quote-to-contract-to-install pipeline: versioned catalog prices, the working calendar,
//! proposals with versions and lines, the approval matrix and requests, contracts with their
//! lines and document checklist, installation jobs and fault tickets, and tasks.
use std::str::FromStr;

use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{JsonValue, prelude::Decimal},
};

use crate::util::{a, fk, index, money, rate, s, s_null, table, ts, ts_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The catalog: code, 中文, English, category, billing, standard unit price (CNY), parameters.
/// Products already on the visit card get their price and parameters; the rest are added.
const CATALOG: [(&str, &str, &str, &str, &str, &str, &str); 33] = [
    (
        "DL_10M",
        "数字专线 10M",
        "Dedicated line 10 Mbps",
        "DEDICATED_LINE",
        "MONTHLY",
        "800.00",
        r#"{"bandwidthMbps":10,"ipCount":4}"#,
    ),
    (
        "DL_20M",
        "数字专线 20M",
        "Dedicated line 20 Mbps",
        "DEDICATED_LINE",
        "MONTHLY",
        "1300.00",
        r#"{"bandwidthMbps":20,"ipCount":4}"#,
    ),
    (
        "DL_50M",
        "数字专线 50M",
        "Dedicated line 50 Mbps",
        "DEDICATED_LINE",
        "MONTHLY",
        "2600.00",
        r#"{"bandwidthMbps":50,"ipCount":8}"#,
    ),
    (
        "DL_100M",
        "数字专线 100M",
        "Dedicated line 100 Mbps",
        "DEDICATED_LINE",
        "MONTHLY",
        "4200.00",
        r#"{"bandwidthMbps":100,"ipCount":8}"#,
    ),
    (
        "DL_200M",
        "数字专线 200M",
        "Dedicated line 200 Mbps",
        "DEDICATED_LINE",
        "MONTHLY",
        "7000.00",
        r#"{"bandwidthMbps":200,"ipCount":16}"#,
    ),
    (
        "DL_500M",
        "数字专线 500M",
        "Dedicated line 500 Mbps",
        "DEDICATED_LINE",
        "MONTHLY",
        "13500.00",
        r#"{"bandwidthMbps":500,"ipCount":16}"#,
    ),
    (
        "DL_1000M",
        "数字专线 1000M",
        "Dedicated line 1000 Mbps",
        "DEDICATED_LINE",
        "MONTHLY",
        "22000.00",
        r#"{"bandwidthMbps":1000,"ipCount":32}"#,
    ),
    ("DL_INSTALL", "专线开通费", "Dedicated line installation", "DEDICATED_LINE", "ONE_OFF", "2000.00", "{}"),
    (
        "FTTH_100M",
        "企业宽带 FTTH 100M",
        "Business FTTH 100 Mbps",
        "INTERNET",
        "MONTHLY",
        "199.00",
        r#"{"bandwidthMbps":100}"#,
    ),
    (
        "FTTH_300M",
        "企业宽带 FTTH 300M",
        "Business FTTH 300 Mbps",
        "INTERNET",
        "MONTHLY",
        "299.00",
        r#"{"bandwidthMbps":300}"#,
    ),
    (
        "FTTH_1000M",
        "企业宽带 FTTH 1000M",
        "Business FTTH 1000 Mbps",
        "INTERNET",
        "MONTHLY",
        "599.00",
        r#"{"bandwidthMbps":1000}"#,
    ),
    ("FIXED_LINE", "政企固话", "Business fixed line", "FIXED_LINE", "MONTHLY", "25.00", r#"{"lines":1}"#),
    ("FIXED_LINE_INSTALL", "固话装机费", "Fixed line installation", "FIXED_LINE", "ONE_OFF", "100.00", "{}"),
    (
        "PBX_TRUNK_30",
        "中继线（30 路）",
        "PBX trunk, 30 channels",
        "FIXED_LINE",
        "MONTHLY",
        "1500.00",
        r#"{"lines":30}"#,
    ),
    ("PLAN_GROUP_88", "集团成员套餐 88 元", "Group member plan 88", "MOBILE_PLAN", "MONTHLY", "88.00", "{}"),
    ("PLAN_GROUP_128", "集团成员套餐 128 元", "Group member plan 128", "MOBILE_PLAN", "MONTHLY", "128.00", "{}"),
    (
        "CLOUD_HOST_2C4G",
        "云主机 2核4G",
        "Cloud host 2 vCPU 4 GB",
        "CLOUD",
        "MONTHLY",
        "260.00",
        r#"{"vcpu":2,"memoryGb":4}"#,
    ),
    (
        "CLOUD_HOST_8C16G",
        "云主机 8核16G",
        "Cloud host 8 vCPU 16 GB",
        "CLOUD",
        "MONTHLY",
        "980.00",
        r#"{"vcpu":8,"memoryGb":16}"#,
    ),
    ("CLOUD_STORAGE_1T", "云存储 1TB", "Cloud storage 1 TB", "CLOUD", "YEARLY", "1800.00", r#"{"storageTb":1}"#),
    ("IOT_CARD_30M", "物联网卡 30MB/月", "IoT card 30 MB/month", "IOT", "MONTHLY", "5.00", "{}"),
    ("IOT_CARD_1G", "物联网卡 1GB/月", "IoT card 1 GB/month", "IOT", "MONTHLY", "15.00", "{}"),
    ("VPN", "", "", "", "", "300.00", r#"{"lines":50}"#),
    ("GROUP_SMS", "", "", "", "", "500.00", "{}"),
    ("GROUP_RINGTONE", "", "", "", "", "5.00", "{}"),
    ("GROUP_IP", "", "", "", "", "200.00", r#"{"ipCount":8}"#),
    ("DEDICATED_LINE", "", "", "", "", "4200.00", r#"{"bandwidthMbps":100,"ipCount":8}"#),
    ("GROUP_WLAN", "", "", "", "", "400.00", "{}"),
    ("MOA", "", "", "", "", "10.00", "{}"),
    ("MOBILE_IP_PHONE", "", "", "", "", "30.00", "{}"),
    ("ENT_INFO_TERMINAL", "", "", "", "", "60.00", "{}"),
    ("DAS", "", "", "", "", "1500.00", "{}"),
    ("ADS", "", "", "", "", "800.00", "{}"),
    ("POINTS", "", "", "", "", "100.00", "{}"),
];

/// The working calendar: public holidays and weekend working days (调休) of 2026 and 2027.
/// 2027 follows the statutory holidays until its official schedule is announced; admins edit it.
const CALENDAR: [(&str, &str, &str); 20] = [
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-01-04", "2026-01-04", "元旦调休上班"),
    ("2026-02-14", "2026-02-14", "春节调休上班"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-02-28", "2026-02-28", "春节调休上班"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-05-09", "2026-05-09", "劳动节调休上班"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-20", "2026-09-20", "国庆节调休上班"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
    ("2026-10-10", "2026-10-10", "国庆节调休上班"),
    ("2027-01-01", "2027-01-01", "元旦"),
    ("2027-02-06", "2027-02-12", "春节"),
    ("2027-04-05", "2027-04-05", "清明节"),
    ("2027-05-01", "2027-05-05", "劳动节"),
    ("2027-06-09", "2027-06-09", "端午节"),
    ("2027-09-15", "2027-09-15", "中秋节"),
    ("2027-10-01", "2027-10-07", "国庆节"),
];

/// Default approval matrix (domain.md rule 3), as the rows an admin edits.
const DEFAULT_MATRIX: &str = r#"[
  {"minMonthlyDiscount": "0.01", "chain": ["DEPARTMENT_HEAD"]},
  {"minMonthlyDiscount": "200.00", "chain": ["DEPARTMENT_HEAD", "BRANCH_MANAGER"]},
  {"minMonthlyDiscount": "500.00", "chain": ["DEPARTMENT_HEAD", "BRANCH_MANAGER", "GENERAL_MANAGER"]},
  {"lineRateAbove": "0.30", "chain": ["GENERAL_MANAGER"]}
]"#;

const SETTINGS: [(&str, &str); 7] = [
    ("proposal.validity_days", "30"),
    ("proposal.follow_up_first_days", "2"),
    ("proposal.follow_up_every_days", "7"),
    ("contract.renewal_notice_days", "90"),
    ("fault.contact_minutes", "10"),
    ("install.follow_up_days", "7"),
    ("install.follow_up_months", "3"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let now = chrono::Utc::now();
        m.alter_table(
            Table::alter().table(a("product")).add_column(json(a("params")).default(Expr::value("{}"))).to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(a("product")).add_column(text_null(a("description"))).to_owned()).await?;
        table(
            m,
            "product_price",
            vec![
                big_integer(a("product_id")),
                money("unit_price"),
                date(a("effective_from")),
                big_integer_null(a("created_by")),
                ts("created_at"),
            ],
            vec![fk("product_price", "product_id", "product"), fk("product_price", "created_by", "app_user")],
        )
        .await?;
        index(m, "uq_product_price_from", "product_price", &["product_id", "effective_from"], true).await?;

        // Catalog seed.
        let day0 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid date");
        let db = m.get_connection();
        let backend = m.get_database_backend();
        let existing: Vec<String> = db
            .query_all_raw(backend.build(&Query::select().column(a("code")).from(a("product")).to_owned()))
            .await?
            .iter()
            .filter_map(|r| r.try_get::<String>("", "code").ok())
            .collect();
        for (i, (code, zh, en, category, billing, price, params)) in CATALOG.into_iter().enumerate() {
            let params = JsonValue::from_str(params).map_err(|e| DbErr::Custom(e.to_string()))?;
            if existing.iter().any(|c| c == code) {
                m.exec_stmt(
                    Query::update()
                        .table(a("product"))
                        .value(a("params"), params)
                        .and_where(Expr::col(a("code")).eq(code))
                        .to_owned(),
                )
                .await?;
            } else {
                m.exec_stmt(
                    Query::insert()
                        .into_table(a("product"))
                        .columns(
                            [
                                "code",
                                "name_zh",
                                "name_en",
                                "category",
                                "billing",
                                "on_visit_card",
                                "sort_order",
                                "active",
                                "version",
                                "params",
                                "created_at",
                                "updated_at",
                            ]
                            .map(a),
                        )
                        .values_panic([
                            code.into(),
                            zh.into(),
                            en.into(),
                            category.into(),
                            billing.into(),
                            false.into(),
                            (100 + i as i32).into(),
                            true.into(),
                            1.into(),
                            params.into(),
                            now.into(),
                            now.into(),
                        ])
                        .to_owned(),
                )
                .await?;
            }
            let price = Decimal::from_str(price).map_err(|e| DbErr::Custom(e.to_string()))?;
            m.exec_stmt(
                Query::insert()
                    .into_table(a("product_price"))
                    .columns(["product_id", "unit_price", "effective_from", "created_at"].map(a))
                    .select_from(
                        Query::select()
                            .expr(Expr::col(a("id")))
                            .expr(Expr::value(price))
                            .expr(Expr::value(day0))
                            .expr(Expr::value(now))
                            .from(a("product"))
                            .and_where(Expr::col(a("code")).eq(code))
                            .to_owned(),
                    )
                    .map_err(|e| DbErr::Custom(e.to_string()))?
                    .to_owned(),
            )
            .await?;
        }

        // Working calendar.
        m.create_table(
            Table::create()
                .table(a("calendar_day"))
                .col(date(a("day")).primary_key())
                .col(s("kind", 16))
                .col(s("name", 64))
                .col(integer(a("version")).default(1))
                .col(ts("updated_at"))
                .to_owned(),
        )
        .await?;
        let mut days = Query::insert()
            .into_table(a("calendar_day"))
            .columns(["day", "kind", "name", "version", "updated_at"].map(a))
            .to_owned();
        for (from, to, name) in CALENDAR {
            let from = chrono::NaiveDate::from_str(from).map_err(|e| DbErr::Custom(e.to_string()))?;
            let to = chrono::NaiveDate::from_str(to).map_err(|e| DbErr::Custom(e.to_string()))?;
            let kind = if name.ends_with("上班") { "WORKDAY" } else { "HOLIDAY" };
            for d in from.iter_days().take_while(|d| *d <= to) {
                days.values_panic([d.into(), kind.into(), name.into(), 1.into(), now.into()]);
            }
        }
        m.exec_stmt(days).await?;

        let mut settings = Query::insert()
            .into_table(a("setting"))
            .columns(["key", "value", "version", "updated_at"].map(a))
            .to_owned();
        for (key, value) in SETTINGS {
            settings.values_panic([key.into(), value.into(), 1.into(), now.into()]);
        }
        m.exec_stmt(settings).await?;

        // Tasks: what the system asks a person to do.
        table(
            m,
            "task",
            vec![
                s("kind", 32),
                big_integer(a("assignee_id")),
                big_integer_null(a("group_id")),
                s("subject_type", 32),
                big_integer(a("subject_id")),
                s("title", 200),
                ts("due_at"),
                s("status", 16),
                s_null("dedupe_key", 128).unique_key().to_owned(),
                ts_null("done_at"),
                s_null("dismissed_reason", 500),
                integer(a("version")).default(1).to_owned(),
                ts("created_at"),
                ts("updated_at"),
            ],
            vec![fk("task", "assignee_id", "app_user"), fk("task", "group_id", "customer_group")],
        )
        .await?;
        index(m, "idx_task_assignee", "task", &["assignee_id", "status", "due_at"], false).await?;
        index(m, "idx_task_subject", "task", &["subject_type", "subject_id"], false).await?;

        // Proposals.
        table(
            m,
            "proposal",
            vec![
                big_integer(a("group_id")),
                big_integer_null(a("visit_id")),
                big_integer(a("owner_id")),
                s("status", 24),
                s("stage", 24),
                integer(a("current_version_no")),
                money("monthly_value"),
                money("value"),
                ts_null("due_at"),
                ts_null("submitted_at"),
                ts_null("approved_at"),
                ts_null("sent_at"),
                ts_null("valid_until"),
                ts_null("decided_at"),
                s_null("decision_reason", 1000),
                s_null("withdrawn_reason", 1000),
                integer(a("version")).default(1).to_owned(),
                ts("created_at"),
                ts("updated_at"),
            ],
            vec![
                fk("proposal", "group_id", "customer_group"),
                fk("proposal", "visit_id", "visit"),
                fk("proposal", "owner_id", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_proposal_group", "proposal", &["group_id", "id"], false).await?;
        index(m, "idx_proposal_stage", "proposal", &["stage", "id"], false).await?;
        index(m, "idx_proposal_owner", "proposal", &["owner_id", "status"], false).await?;
        index(m, "idx_proposal_status_valid", "proposal", &["status", "valid_until"], false).await?;
        table(
            m,
            "proposal_version",
            vec![
                big_integer(a("proposal_id")),
                integer(a("number")),
                s("title", 200),
                text_null(a("customer_background")),
                text_null(a("competitive_situation")),
                text_null(a("justification")),
                money("list_monthly"),
                money("monthly_total"),
                money("one_off_total"),
                money("list_term_total"),
                money("term_total"),
                money("discount_monthly"),
                money("discount_term"),
                rate("discount_rate"),
                rate("max_line_rate"),
                boolean(a("locked")).default(false).to_owned(),
                big_integer(a("created_by")),
                ts("created_at"),
                ts("updated_at"),
            ],
            vec![fk("proposal_version", "proposal_id", "proposal"), fk("proposal_version", "created_by", "app_user")],
        )
        .await?;
        index(m, "uq_proposal_version_number", "proposal_version", &["proposal_id", "number"], true).await?;
        table(
            m,
            "proposal_line",
            vec![
                big_integer(a("version_id")),
                integer(a("position")),
                big_integer(a("product_id")),
                big_integer(a("price_id")),
                integer(a("quantity")),
                integer(a("term_months")),
                money("unit_price"),
                s("discount_kind", 16),
                decimal_len(a("discount_value"), 14, 4),
                money("net_unit_price"),
                rate("line_rate"),
                money("list_total"),
                money("net_total"),
                money("monthly_discount"),
            ],
            vec![
                fk("proposal_line", "version_id", "proposal_version"),
                fk("proposal_line", "product_id", "product"),
                fk("proposal_line", "price_id", "product_price"),
            ],
        )
        .await?;
        index(m, "idx_proposal_line_version", "proposal_line", &["version_id", "position"], false).await?;

        // Approvals.
        table(
            m,
            "approval_matrix",
            vec![
                integer(a("number")).unique_key().to_owned(),
                json(a("rules")),
                big_integer_null(a("created_by")),
                ts("created_at"),
            ],
            vec![fk("approval_matrix", "created_by", "app_user")],
        )
        .await?;
        let rules = JsonValue::from_str(DEFAULT_MATRIX).map_err(|e| DbErr::Custom(e.to_string()))?;
        m.exec_stmt(
            Query::insert()
                .into_table(a("approval_matrix"))
                .columns(["number", "rules", "created_at"].map(a))
                .values_panic([1.into(), rules.into(), now.into()])
                .to_owned(),
        )
        .await?;
        table(
            m,
            "approval_request",
            vec![
                s("kind", 24),
                big_integer_null(a("proposal_id")),
                big_integer_null(a("proposal_version_id")),
                big_integer(a("group_id")),
                big_integer(a("requester_id")),
                big_integer(a("branch_id")),
                big_integer(a("department_id")),
                s("status", 16),
                integer(a("matrix_number")),
                s_null("industry_type", 32),
                s_null("industry_name", 64),
                json(a("discounted_services")),
                text_null(a("customer_background")),
                text_null(a("competitive_situation")),
                text_null(a("justification")),
                json(a("line_discounts")),
                money("monthly_discount"),
                rate("max_line_rate"),
                big_integer_null(a("carried_from_id")),
                ts("created_at"),
                ts_null("decided_at"),
                integer(a("version")).default(1).to_owned(),
            ],
            vec![
                fk("approval_request", "proposal_id", "proposal"),
                fk("approval_request", "proposal_version_id", "proposal_version"),
                fk("approval_request", "group_id", "customer_group"),
                fk("approval_request", "requester_id", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_approval_request_proposal", "approval_request", &["proposal_id", "id"], false).await?;
        index(m, "idx_approval_request_requester", "approval_request", &["requester_id", "id"], false).await?;
        table(
            m,
            "approval_step",
            vec![
                big_integer(a("request_id")),
                integer(a("position")),
                s("role", 24),
                s("status", 16),
                big_integer(a("branch_id")),
                big_integer(a("requester_id")),
                big_integer_null(a("actor_id")),
                text_null(a("comment")),
                ts_null("acted_at"),
            ],
            vec![fk("approval_step", "request_id", "approval_request"), fk("approval_step", "actor_id", "app_user")],
        )
        .await?;
        index(m, "uq_approval_step_position", "approval_step", &["request_id", "position"], true).await?;
        index(m, "idx_approval_step_waiting", "approval_step", &["status", "role", "branch_id", "id"], false).await?;
        index(m, "idx_approval_step_actor", "approval_step", &["actor_id", "id"], false).await?;

        // Contracts.
        table(
            m,
            "contract",
            vec![
                big_integer(a("proposal_id")).unique_key().to_owned(),
                big_integer(a("proposal_version_id")),
                big_integer(a("group_id")),
                big_integer(a("owner_id")),
                big_integer(a("branch_id")),
                s_null("number", 32).unique_key().to_owned(),
                s("status", 16),
                s("title", 200),
                integer(a("term_months")),
                date_null(a("term_start")),
                date_null(a("term_end")),
                money("monthly_total"),
                money("one_off_total"),
                money("value"),
                big_integer_null(a("reviewed_by")),
                ts_null("reviewed_at"),
                text_null(a("review_comment")),
                ts_null("sent_at"),
                ts_null("signed_at"),
                s_null("customer_signer", 100),
                decimal_len_null(a("paid_amount"), 14, 2),
                date_null(a("paid_on")),
                s_null("voucher_no", 64),
                ts_null("activated_at"),
                ts_null("ended_at"),
                s_null("termination_reason", 1000),
                integer(a("version")).default(1).to_owned(),
                ts("created_at"),
                ts("updated_at"),
            ],
            vec![
                fk("contract", "proposal_id", "proposal"),
                fk("contract", "proposal_version_id", "proposal_version"),
                fk("contract", "group_id", "customer_group"),
                fk("contract", "owner_id", "app_user"),
                fk("contract", "reviewed_by", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_contract_group", "contract", &["group_id", "id"], false).await?;
        index(m, "idx_contract_status_end", "contract", &["status", "term_end"], false).await?;
        table(
            m,
            "contract_line",
            vec![
                big_integer(a("contract_id")),
                integer(a("position")),
                big_integer(a("product_id")),
                integer(a("quantity")),
                integer(a("term_months")),
                money("unit_price"),
                money("net_unit_price"),
                rate("line_rate"),
                money("net_total"),
            ],
            vec![fk("contract_line", "contract_id", "contract"), fk("contract_line", "product_id", "product")],
        )
        .await?;
        index(m, "idx_contract_line_contract", "contract_line", &["contract_id", "position"], false).await?;
        table(
            m,
            "contract_document",
            vec![
                big_integer(a("contract_id")),
                s("kind", 32),
                s("status", 16),
                json(a("details")),
                text_null(a("note")),
                big_integer_null(a("updated_by")),
                ts("updated_at"),
            ],
            vec![fk("contract_document", "contract_id", "contract"), fk("contract_document", "updated_by", "app_user")],
        )
        .await?;
        index(m, "uq_contract_document_kind", "contract_document", &["contract_id", "kind"], true).await?;

        // Installation.
        table(
            m,
            "installation_job",
            vec![
                big_integer(a("contract_id")),
                big_integer(a("group_id")),
                s("site_address", 255),
                s_null("site_contact", 100),
                s_null("site_phone", 32),
                json(a("lines")),
                big_integer_null(a("lead_id")),
                s("status", 16),
                date_null(a("scheduled_on")),
                s_null("postponed_reason", 500),
                s_null("cancel_reason", 500),
                ts_null("accepted_at"),
                ts_null("started_at"),
                ts_null("completed_at"),
                ts_null("confirmed_at"),
                text_null(a("notes")),
                integer(a("version")).default(1).to_owned(),
                ts("created_at"),
                ts("updated_at"),
            ],
            vec![
                fk("installation_job", "contract_id", "contract"),
                fk("installation_job", "group_id", "customer_group"),
                fk("installation_job", "lead_id", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_installation_job_contract", "installation_job", &["contract_id", "id"], false).await?;
        index(m, "idx_installation_job_lead", "installation_job", &["lead_id", "status", "id"], false).await?;
        index(m, "idx_installation_job_group", "installation_job", &["group_id", "id"], false).await?;
        table(
            m,
            "fault_ticket",
            vec![
                big_integer(a("job_id")),
                s("status", 16),
                text(a("description")),
                big_integer(a("reported_by")),
                ts("reported_at"),
                ts("contact_due_at"),
                ts_null("contacted_at"),
                big_integer_null(a("contacted_by")),
                ts_null("resolved_at"),
                text_null(a("resolution")),
                ts_null("confirmed_at"),
                integer(a("version")).default(1).to_owned(),
            ],
            vec![
                fk("fault_ticket", "job_id", "installation_job"),
                fk("fault_ticket", "reported_by", "app_user"),
                fk("fault_ticket", "contacted_by", "app_user"),
            ],
        )
        .await?;
        index(m, "idx_fault_ticket_job", "fault_ticket", &["job_id", "id"], false).await?;
        index(m, "idx_fault_ticket_open", "fault_ticket", &["status", "contact_due_at"], false).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "fault_ticket",
            "installation_job",
            "contract_document",
            "contract_line",
            "contract",
            "approval_step",
            "approval_request",
            "approval_matrix",
            "proposal_line",
            "proposal_version",
            "proposal",
            "task",
            "calendar_day",
            "product_price",
        ] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        let mut del = Query::delete();
        del.from_table(a("setting")).and_where(Expr::col(a("key")).is_in(SETTINGS.map(|(k, _)| k)));
        m.exec_stmt(del).await?;
        Ok(())
    }
}
