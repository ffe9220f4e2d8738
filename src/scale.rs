//! Generated archives: a small one for the demo, a large one (`gecrm seed --scale N`) for the
//! benchmark. Rows go in with multi-row inserts inside one transaction per chunk of groups;
//! names, numbers and dates are drawn from a seeded generator, so runs are repeatable.
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rand::{Rng, SeedableRng, rngs::StdRng};
use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait,
    sea_query::OnConflict,
};
use serde_json::json;

use crate::{
    auth::Role,
    contacts::ContactRole,
    error::{AppError, AppResult},
    fields::Month,
    groups::{GroupCode, GroupKind, GroupStatus, Segment, ServiceTier, ValueClass},
    members::{Carrier, MemberStatus, VipLevel},
    visits::{Satisfaction, VisitMethod, VisitPurpose, VisitStatus},
};
use entity::{app_user, code_sequence, contact, customer_group, member, member_revenue, org_unit, visit};

const DISTRICTS: [&str; 8] = ["天河区", "越秀区", "海珠区", "白云区", "番禺区", "黄埔区", "花都区", "南沙区"];
const TOWNS: [&str; 6] = ["石牌街", "五山街", "林和街", "沙河镇", "新塘镇", "石楼镇"];
const ORGS: [(&str, GroupKind, &str); 12] = [
    ("教育局", GroupKind::Government, "教育"),
    ("人民医院", GroupKind::Institution, "医疗"),
    ("税务局", GroupKind::Government, "政务"),
    ("政务服务中心", GroupKind::Government, "政务"),
    ("第一中学", GroupKind::Institution, "教育"),
    ("智能制造有限公司", GroupKind::Enterprise, "制造"),
    ("物流集团有限公司", GroupKind::Enterprise, "物流"),
    ("商业银行支行", GroupKind::Enterprise, "金融"),
    ("城市建设投资公司", GroupKind::Enterprise, "建筑"),
    ("酒店管理有限公司", GroupKind::Enterprise, "酒店"),
    ("社区卫生服务中心", GroupKind::Institution, "医疗"),
    ("科技园管理委员会", GroupKind::Government, "政务"),
];
const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "梁",
];
const GIVEN: [&str; 20] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华",
    "平",
];
const TITLES: [&str; 6] = ["局长", "主任", "办公室主任", "信息科科长", "财务总监", "行政经理"];
const PRODUCTS: [&str; 5] = ["DEDICATED_LINE", "GROUP_SMS", "VPN", "GROUP_WLAN", "GROUP_RINGTONE"];

/// How big an archive to make.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub groups: usize,
    /// Members per group on average (the sizes vary from a handful to several times this).
    pub members_per_group: usize,
    pub contacts_per_group: usize,
    pub visits_per_group: usize,
    pub seed: u64,
}

impl Plan {
    /// The benchmark's shape: 20 members, 3 contacts and 6 visits per group on average.
    pub fn scale(groups: usize) -> Self {
        Self { groups, members_per_group: 20, contacts_per_group: 3, visits_per_group: 6, seed: 20261123 }
    }

    pub fn demo() -> Self {
        Self { groups: 24, members_per_group: 12, contacts_per_group: 3, visits_per_group: 4, seed: 7 }
    }
}

/// What was made.
#[derive(Debug, Default)]
pub struct Made {
    pub groups: usize,
    pub members: usize,
    pub contacts: usize,
    pub visits: usize,
}

fn person(rng: &mut StdRng) -> String {
    format!("{}{}", SURNAMES[rng.random_range(0..SURNAMES.len())], GIVEN[rng.random_range(0..GIVEN.len())])
}

fn birthday(rng: &mut StdRng) -> NaiveDate {
    NaiveDate::from_ymd_opt(rng.random_range(1960..2000), rng.random_range(1..=12), rng.random_range(1..=28))
        .expect("valid date")
}

/// Fills the archive for the active account managers already in the database.
pub async fn generate(db: &DatabaseConnection, now: DateTime<Utc>, plan: Plan) -> AppResult<Made> {
    let managers = app_user::Entity::find()
        .filter(app_user::Column::Role.eq(Role::AccountManager))
        .filter(app_user::Column::Active.eq(true))
        .all(db)
        .await?;
    if managers.is_empty() {
        return Err(AppError::internal("no account managers to own the groups"));
    }
    let branches: Vec<org_unit::Model> =
        org_unit::Entity::find().filter(org_unit::Column::Kind.eq("BRANCH")).all(db).await?;
    let mut rng = StdRng::seed_from_u64(plan.seed);
    let mut made = Made::default();
    let mut counters: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    for row in code_sequence::Entity::find().all(db).await? {
        counters.insert(row.name, row.next_value);
    }
    let last_month = Month::of(crate::clock::business_date(now).with_day(1).expect("day 1") - Duration::days(1));
    let existing = customer_group::Entity::find().all(db).await?.len();
    const CHUNK: usize = 500;
    let mut start = 0;
    while start < plan.groups {
        let end = (start + CHUNK).min(plan.groups);
        let txn = db.begin().await?;
        let mut groups = Vec::new();
        let mut codes = Vec::new();
        for i in start..end {
            let owner = &managers[i % managers.len()];
            let branch = branches
                .iter()
                .find(|b| Some(b.id) == owner.branch_id)
                .ok_or_else(|| AppError::internal("manager without branch"))?;
            let region = GroupCode::region(&branch.code);
            let class = [ValueClass::A, ValueClass::B, ValueClass::B, ValueClass::C][rng.random_range(0..4)];
            let counter = counters.entry(GroupCode::counter(&region, class)).or_insert(1);
            let code = GroupCode::compose(&region, class, *counter);
            *counter += 1;
            codes.push(code.clone());
            let n = existing + i;
            let district = DISTRICTS[(n / ORGS.len()) % DISTRICTS.len()];
            let (org, kind, industry) = ORGS[n % ORGS.len()];
            let name = if n < ORGS.len() * DISTRICTS.len() {
                format!("{}{district}{org}", branch.name.trim_end_matches("分公司"))
            } else {
                format!(
                    "{}{district}{org}（{}）",
                    branch.name.trim_end_matches("分公司"),
                    n / (ORGS.len() * DISTRICTS.len())
                )
            };
            let visited = rng.random_bool(0.8).then(|| now - Duration::days(rng.random_range(1..120)));
            groups.push(customer_group::ActiveModel {
                code: Set(code),
                name: Set(name),
                kind: Set(kind),
                segment: Set(if rng.random_bool(0.3) { Segment::Industry } else { Segment::Cluster }),
                industry: Set(industry.into()),
                value_class: Set(class),
                tier: Set([ServiceTier::Diamond, ServiceTier::Gold, ServiceTier::Silver, ServiceTier::Standard]
                    [rng.random_range(0..4)]),
                county: Set(district.into()),
                town: Set(Some(TOWNS[rng.random_range(0..TOWNS.len())].into())),
                street_office: Set(None),
                village: Set(None),
                address: Set(format!(
                    "{district}{}路{}号",
                    ["中山", "天河", "环市", "体育"][rng.random_range(0..4)],
                    rng.random_range(1..300)
                )),
                annual_output_over3m: Set(rng.random_bool(0.5)),
                status: Set([
                    GroupStatus::Active,
                    GroupStatus::Active,
                    GroupStatus::Active,
                    GroupStatus::Prospect,
                    GroupStatus::AtRisk,
                ][rng.random_range(0..5)]),
                competitors: Set(json!(if rng.random_bool(0.5) { vec!["中国电信"] } else { vec![] })),
                competitor_notes: Set(None),
                informatization_products: Set(json!(["OA", "视频会议"])),
                founded_on: Set(Some(birthday(&mut rng))),
                key_dates: Set(json!([])),
                notes: Set(None),
                owner_id: Set(owner.id),
                department_id: Set(owner
                    .department_id
                    .ok_or_else(|| AppError::internal("manager without department"))?),
                branch_id: Set(branch.id),
                last_visit_at: Set(visited),
                open_proposals: Set(0),
                archived_at: Set(None),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
        customer_group::Entity::insert_many(groups).exec(&txn).await?;
        let inserted =
            customer_group::Entity::find().filter(customer_group::Column::Code.is_in(codes)).all(&txn).await?;
        let (mut members, mut contacts, mut visits) = (Vec::new(), Vec::new(), Vec::new());
        for g in &inserted {
            // Sizes vary: most groups are small, some are several times the average.
            let size = match rng.random_range(0..10) {
                0 => plan.members_per_group * 4,
                1..=3 => plan.members_per_group / 2 + 1,
                _ => plan.members_per_group * 3 / 4,
            }
            .max(1);
            for k in 0..size {
                let arpu = Decimal::new(rng.random_range(800..15_000), 2);
                members.push(member::ActiveModel {
                    group_id: Set(g.id),
                    name: Set(person(&mut rng)),
                    phone: Set(format!("1{}{:09}", [3, 5, 8, 9][rng.random_range(0..4)], g.id * 1000 + k as i64)),
                    position: Set(None),
                    key_person: Set(k < 2),
                    vip_level: Set(if k == 0 { VipLevel::Gold } else { VipLevel::None }),
                    carrier: Set(if rng.random_bool(0.9) { Carrier::Own } else { Carrier::ChinaTelecom }),
                    status: Set(if rng.random_bool(0.95) { MemberStatus::Active } else { MemberStatus::Suspended }),
                    birthday: Set(rng.random_bool(0.3).then(|| birthday(&mut rng))),
                    arpu: Set(Some(arpu)),
                    arpu_month: Set(Some(last_month.to_string())),
                    archived_at: Set(None),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                });
            }
            for k in 0..plan.contacts_per_group {
                contacts.push(contact::ActiveModel {
                    group_id: Set(g.id),
                    name: Set(person(&mut rng)),
                    title: Set(Some(TITLES[rng.random_range(0..TITLES.len())].into())),
                    role: Set([
                        ContactRole::DecisionMaker,
                        ContactRole::Liaison,
                        ContactRole::Technical,
                        ContactRole::Finance,
                    ][k % 4]),
                    phones: Set(json!([format!("139{:08}", g.id * 10 + k as i64)])),
                    email: Set(None),
                    birthday: Set(Some(birthday(&mut rng))),
                    preferences: Set(None),
                    notes: Set(None),
                    archived_at: Set(None),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                });
            }
            if let Some(last) = g.last_visit_at {
                for k in 0..plan.visits_per_group {
                    let ended = last - Duration::days(k as i64 * 20);
                    visits.push(visit::ActiveModel {
                        group_id: Set(g.id),
                        manager_id: Set(g.owner_id),
                        status: Set(VisitStatus::Done),
                        method: Set(
                            [VisitMethod::Onsite, VisitMethod::Phone, VisitMethod::Phone, VisitMethod::Event][k % 4]
                        ),
                        purpose: Set([
                            VisitPurpose::Routine,
                            VisitPurpose::Care,
                            VisitPurpose::Needs,
                            VisitPurpose::Proposal,
                        ][k % 4]),
                        planned_at: Set(None),
                        started_at: Set(Some(ended - Duration::minutes(60))),
                        ended_at: Set(Some(ended)),
                        happens_at: Set(ended),
                        contact_ids: Set(json!([])),
                        service_satisfaction: Set(Some(Satisfaction::Satisfied)),
                        network_satisfaction: Set(Some(Satisfaction::Satisfied)),
                        need_products: Set(json!([PRODUCTS[k % PRODUCTS.len()]])),
                        need_notes: Set(None),
                        suggestions: Set(None),
                        minutes: Set(Some("例行走访，了解近期通信需求".into())),
                        next_steps: Set(None),
                        customer_confirmed: Set(true),
                        confirmed_by: Set(Some(person(&mut rng))),
                        missed_reason: Set(None),
                        version: Set(1),
                        created_at: Set(now),
                        updated_at: Set(now),
                        ..Default::default()
                    });
                }
            }
        }
        made.groups += inserted.len();
        made.members += members.len();
        made.contacts += contacts.len();
        made.visits += visits.len();
        for chunk in members.chunks(1000) {
            member::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
        }
        for chunk in contacts.chunks(1000) {
            contact::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
        }
        for chunk in visits.chunks(1000) {
            visit::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
        }
        // Last month's revenue for every member of the chunk, as ARPU says.
        let ids: Vec<i64> = inserted.iter().map(|g| g.id).collect();
        let rows = member::Entity::find().filter(member::Column::GroupId.is_in(ids)).all(&txn).await?;
        let revenue: Vec<member_revenue::ActiveModel> = rows
            .iter()
            .map(|m| member_revenue::ActiveModel {
                member_id: Set(m.id),
                group_id: Set(m.group_id),
                month: Set(last_month.to_string()),
                amount: Set(m.arpu.unwrap_or_default()),
                recorded_at: Set(now),
                ..Default::default()
            })
            .collect();
        for chunk in revenue.chunks(1000) {
            member_revenue::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
        }
        txn.commit().await?;
        tracing::info!(groups = made.groups, members = made.members, "seeding");
        start = end;
    }
    save_counters(db, counters).await?;
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        // Fresh statistics after a bulk load, so the planner sees the real table sizes.
        db.execute_unprepared("ANALYZE").await?;
    }
    Ok(made)
}

async fn save_counters<C: ConnectionTrait>(db: &C, counters: std::collections::HashMap<String, i64>) -> AppResult<()> {
    for (name, next) in counters {
        code_sequence::Entity::insert(code_sequence::ActiveModel { name: Set(name), next_value: Set(next) })
            .on_conflict(
                OnConflict::column(code_sequence::Column::Name)
                    .update_column(code_sequence::Column::NextValue)
                    .to_owned(),
            )
            .exec(db)
            .await?;
    }
    Ok(())
}
