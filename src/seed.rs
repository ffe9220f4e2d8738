//! Demo data: a believable company with two branches and a user for every role.
//! Loaded on first start in development, or with the `seed` command. Every password is
//! `demo123456`.
use chrono::{DateTime, Datelike, Utc};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait};

use crate::{
    audit::{self, Actor, Change},
    auth::{OrgKind, Role},
    config::PasswordCost,
    error::AppResult,
    users::service::{NewUser, insert},
};

pub const DEMO_PASSWORD: &str = "demo123456";

/// Demo users: username, name, role, org code.
pub const DEMO_USERS: [(&str, &str, Role, &str); 18] = [
    ("admin", "系统管理员", Role::Admin, "hq"),
    ("gm", "陈志远", Role::GeneralManager, "hq"),
    ("gz_branch", "李卫东", Role::BranchManager, "gz"),
    ("sz_branch", "周海峰", Role::BranchManager, "sz"),
    ("gz_head", "黄丽华", Role::DepartmentHead, "gz-jk"),
    ("sz_head", "吴建明", Role::DepartmentHead, "sz-jk"),
    ("gz_am1", "张晓明", Role::AccountManager, "gz-jk"),
    ("gz_am2", "刘佳怡", Role::AccountManager, "gz-jk-th"),
    ("sz_am1", "王志强", Role::AccountManager, "sz-jk"),
    ("gz_installer", "赵永刚", Role::Installer, "gz"),
    ("gz_desk", "陈丽", Role::ServiceDesk, "gz-jk"),
    ("gz_yw_head", "郑国强", Role::DepartmentHead, "gz-yw"),
    ("gz_sc_head", "何敏", Role::DepartmentHead, "gz-sc"),
    ("gz_xx_head", "孙建华", Role::DepartmentHead, "gz-xx"),
    ("gz_wh_head", "马俊", Role::DepartmentHead, "gz-wh"),
    ("gz_jf_head", "林静", Role::DepartmentHead, "gz-jf"),
    ("gz_billing", "许婷", Role::Billing, "gz-jf"),
    ("gz_billing2", "高峰", Role::Billing, "gz-jf"),
];

/// Org nodes: code, name, kind, parent code.
pub const DEMO_ORG: [(&str, &str, OrgKind, Option<&str>); 12] = [
    ("hq", "华南通信市公司", OrgKind::Company, None),
    ("gz", "广州分公司", OrgKind::Branch, Some("hq")),
    ("sz", "深圳分公司", OrgKind::Branch, Some("hq")),
    ("gz-jk", "广州集团客户部", OrgKind::Department, Some("gz")),
    ("gz-yx", "广州政企营销中心", OrgKind::Department, Some("gz")),
    ("sz-jk", "深圳集团客户部", OrgKind::Department, Some("sz")),
    ("gz-jk-th", "天河网格", OrgKind::Grid, Some("gz-jk")),
    ("gz-yw", "广州业务支撑中心", OrgKind::Department, Some("gz")),
    ("gz-sc", "广州市场部", OrgKind::Department, Some("gz")),
    ("gz-xx", "广州信息化中心", OrgKind::Department, Some("gz")),
    ("gz-wh", "广州网络维护部", OrgKind::Department, Some("gz")),
    ("gz-jf", "广州计费账务中心", OrgKind::Department, Some("gz")),
];

/// What the demo's functional departments do (rule 15's approvers, billing's staff).
const DEMO_FUNCTIONS: [(&str, entity::enums::OrgFunction); 5] = [
    ("gz-yw", entity::enums::OrgFunction::Product),
    ("gz-sc", entity::enums::OrgFunction::Marketing),
    ("gz-xx", entity::enums::OrgFunction::ItCentre),
    ("gz-wh", entity::enums::OrgFunction::Maintenance),
    ("gz-jf", entity::enums::OrgFunction::Billing),
];

/// Loads the demo data into an empty database. Returns false (and changes nothing) when
/// the database already has users.
pub async fn demo(db: &DatabaseConnection, now: DateTime<Utc>, cost: PasswordCost) -> AppResult<bool> {
    if entity::app_user::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let txn = db.begin().await?;
    let mut ids: Vec<(&str, entity::org_unit::Model)> = Vec::new();
    for (code, name, kind, parent) in DEMO_ORG {
        let parent = parent.and_then(|p| ids.iter().find(|(c, _)| *c == p)).map(|(_, m)| m.clone());
        let mut row = crate::org::service::insert(&txn, now, parent.as_ref(), kind, code, name.to_string()).await?;
        if let Some((_, f)) = DEMO_FUNCTIONS.iter().find(|(c, _)| *c == code) {
            let mut with: entity::org_unit::ActiveModel = row.into();
            with.function = sea_orm::Set(Some(*f));
            row = sea_orm::ActiveModelTrait::update(with, &txn).await?;
        }
        ids.push((code, row));
    }
    for (n, (username, name, role, org)) in DEMO_USERS.into_iter().enumerate() {
        let org_unit_id = ids.iter().find(|(c, _)| *c == org).map(|(_, m)| m.id).expect("demo org exists");
        let new = NewUser {
            username: username.into(),
            display_name: name.into(),
            password: DEMO_PASSWORD.into(),
            role,
            org_unit_id,
        };
        let user = insert(&txn, now, new, cost).await?;
        // How customers reach them (printed on quotes).
        let mut contact: entity::app_user::ActiveModel = user.into();
        contact.phone = sea_orm::Set(Some(format!("139{:08}", 20_260_000 + n)));
        contact.email = sea_orm::Set(Some(format!("{}@example.cn", username.replace('_', "."))));
        sea_orm::ActiveModelTrait::update(contact, &txn).await?;
    }
    audit::record(
        &txn,
        now,
        &Actor::default(),
        Change { action: "seed.demo", entity_type: "System", entity_id: None, before: None, after: None },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(users = DEMO_USERS.len(), "demo users loaded");
    Ok(true)
}

/// A small generated archive (groups, members, contacts, visits) for the demo users, loaded
/// when the archive is empty. Returns false (and changes nothing) otherwise.
pub async fn demo_archive(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<bool> {
    if entity::customer_group::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let made = crate::scale::generate(db, now, crate::scale::Plan::demo()).await?;
    tracing::info!(groups = made.groups, members = made.members, visits = made.visits, "demo archive loaded");
    Ok(true)
}

/// Demo deals across the pipeline for the demo account manager `gz_am1`, made through the
/// same services the API uses: a draft, requests waiting on the department head and on the
/// branch manager, a sent proposal, an accepted one with a contract in draft, and an active
/// contract whose installation job is with the demo installer. Loaded when there are no
/// proposals yet; returns false (and changes nothing) otherwise.
pub async fn demo_pipeline(state: &crate::state::AppState) -> AppResult<bool> {
    use crate::{approvals, contracts, installs, proposals::service as proposals};
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    if entity::proposal::Entity::find().count(&state.db).await? > 0 {
        return Ok(false);
    }
    let user = |name: &'static str| async move {
        let u = entity::app_user::Entity::find()
            .filter(entity::app_user::Column::Username.eq(name))
            .one(&state.db)
            .await?
            .ok_or_else(|| crate::error::AppError::internal("demo user missing"))?;
        crate::auth::service::viewer_of(&u)
    };
    let (am, head, installer) = (user("gz_am1").await?, user("gz_head").await?, user("gz_installer").await?);
    let actor = |v: &crate::auth::Viewer| Actor { user_id: Some(v.user_id), request_id: None };
    let groups = entity::customer_group::Entity::find()
        .filter(entity::customer_group::Column::OwnerId.eq(am.user_id))
        .order_by_asc(entity::customer_group::Column::Id)
        .all(&state.db)
        .await?;
    if groups.len() < 6 {
        return Ok(false);
    }
    let product = |code: &str| {
        let code = code.to_string();
        async move {
            let p = entity::product::Entity::find()
                .filter(entity::product::Column::Code.eq(code))
                .one(&state.db)
                .await?
                .ok_or_else(|| crate::error::AppError::internal("demo product missing"))?;
            AppResult::Ok(p.id)
        }
    };
    let line = |id: i64, qty: i32, pct: Option<&str>| proposals::ProposalLine {
        product_id: Some(id),
        quantity: qty,
        term_months: 36,
        discount_percent: pct.map(|p| p.parse().unwrap_or_default()),
        discount_amount: None,
    };
    let content = |title: &str, lines| proposals::ProposalContent {
        title: title.into(),
        customer_background: Some("区属单位，信息化需求旺盛".into()),
        competitive_situation: Some("电信、联通均有接触".into()),
        justification: Some("三年合约，争取全业务".into()),
        lines,
    };
    let (dl, sms, ftth, cloud) = (
        product("DL_100M").await?,
        product("GROUP_SMS").await?,
        product("FTTH_300M").await?,
        product("CLOUD_HOST_2C4G").await?,
    );
    let a = actor(&am);
    let new = |i: usize, title: &'static str, lines: Vec<proposals::ProposalLine>| {
        let (a, am, g) = (a.clone(), am.clone(), groups[i].id);
        async move { proposals::create(state, &a, &am, g, None, content(title, lines)).await }
    };
    // 1. A draft.
    new(0, "企业宽带提速方案", vec![line(ftth, 2, None)]).await?;
    // 2. Waiting on the department head (¥630 a month off: the whole chain).
    let p = new(1, "政务专线及云主机方案", vec![line(dl, 1, Some("15")), line(cloud, 2, None)]).await?;
    proposals::submit(state, &a, &am, p.id, p.version).await?;
    // 3. The head approved; waiting on the branch manager.
    let p = new(2, "集团短信与专线方案", vec![line(dl, 1, Some("6")), line(sms, 1, None)]).await?;
    let p = proposals::submit(state, &a, &am, p.id, p.version).await?;
    let req = entity::approval_request::Entity::find()
        .filter(entity::approval_request::Column::ProposalId.eq(p.id))
        .one(&state.db)
        .await?
        .ok_or_else(|| crate::error::AppError::internal("demo request missing"))?;
    approvals::service::decide_step(state, &actor(&head), &head, req.id, true, Some("同意"), None).await?;
    // 4 – 6: approved and sent; one accepted with a contract; one installing.
    let mut sent = Vec::new();
    for (i, title) in [(3, "集团短信方案"), (4, "企业宽带方案"), (5, "专线接入方案")] {
        let p = new(i, title, vec![line(if i == 5 { dl } else { sms }, 1, None)]).await?;
        let p = proposals::submit(state, &a, &am, p.id, p.version).await?;
        let req = entity::approval_request::Entity::find()
            .filter(entity::approval_request::Column::ProposalId.eq(p.id))
            .one(&state.db)
            .await?
            .ok_or_else(|| crate::error::AppError::internal("demo request missing"))?;
        approvals::service::decide_step(state, &actor(&head), &head, req.id, true, None, None).await?;
        let p = entity::proposal::Entity::find_by_id(p.id)
            .one(&state.db)
            .await?
            .ok_or_else(crate::error::AppError::not_found)?;
        sent.push(proposals::send(state, &a, &am, p.id, p.version).await?);
    }
    for p in &sent[1..] {
        let p = proposals::decide(state, &a, &am, p.id, p.version, crate::proposals::CustomerDecision::Accepted, None)
            .await?;
        let c = contracts::service::create_from_proposal(state, &a, &am, p.id, None).await?;
        if p.id != sent[2].id {
            continue;
        }
        let c = contracts::service::submit_for_review(state, &a, &am, c.id, c.version).await?;
        let c = contracts::service::review(state, &actor(&head), &head, c.id, c.version, true, None).await?;
        let c = contracts::service::send(state, &a, &am, c.id, c.version).await?;
        let start = crate::clock::business_date(state.now());
        let mut c = contracts::service::sign(state, &a, &am, c.id, c.version, "王主任", start).await?;
        for kind in [
            contracts::DocumentKind::SignedCopies,
            contracts::DocumentKind::NetworkCommitment,
            contracts::DocumentKind::BusinessLicence,
            contracts::DocumentKind::HandlerId,
        ] {
            c = contracts::service::record_document(state, &a, &am, c.id, c.version, kind, true, None).await?;
        }
        let form = contracts::service::IpApplication {
            applicant: groups[5].name.clone(),
            customer_address: groups[5].address.clone(),
            contact: "李科长".into(),
            contact_phone: "020-87654321".into(),
            mailing_address: groups[5].address.clone(),
            line_rate_mbps: 100,
            ip_count: 8,
        };
        let c = contracts::service::record_ip_application(state, &a, &am, c.id, c.version, form).await?;
        let c = contracts::service::record_payment(
            state,
            &a,
            &am,
            c.id,
            c.version,
            contracts::service::amount_due(&c),
            start,
            "PZ-DEMO-0001",
            None,
        )
        .await?;
        let c = contracts::service::activate(state, &a, &am, c.id, c.version).await?;
        let job = installs::service::create(
            state,
            &a,
            &am,
            installs::service::NewJob {
                contract_id: c.id,
                site_address: groups[5].address.clone(),
                site_contact: Some("李科长".into()),
                site_phone: Some("13812345678".into()),
                lines: vec![installs::service::JobLine { position: 1, quantity: 1 }],
                notes: None,
            },
        )
        .await?;
        let job = installs::service::assign(state, &a, &am, job.id, job.version, Some(installer.user_id)).await?;
        installs::service::step(state, &actor(&installer), &installer, job.id, job.version, "accept").await?;
    }
    tracing::info!(proposals = 6, "demo pipeline loaded");
    Ok(true)
}

/// Demo revenue for the portfolio rules: the demo manager's group 广州越秀区教育局 (or their
/// first group with members) gets a baseline month three months back and revenue falling since,
/// so that the churn rule has warnings to raise and the retention report figures to show; one of
/// its contacts has a birthday in three days. Loaded when no group has a baseline month yet.
pub async fn demo_portfolio(state: &crate::state::AppState) -> AppResult<bool> {
    use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, QueryOrder, QuerySelect, Set};
    if entity::customer_group::Entity::find()
        .filter(entity::customer_group::Column::BaselineMonth.is_not_null())
        .count(&state.db)
        .await?
        > 0
    {
        return Ok(false);
    }
    let Some(am) =
        entity::app_user::Entity::find().filter(entity::app_user::Column::Username.eq("gz_am1")).one(&state.db).await?
    else {
        return Ok(false);
    };
    let groups = entity::customer_group::Entity::find()
        .filter(entity::customer_group::Column::OwnerId.eq(am.id))
        .order_by_asc(entity::customer_group::Column::Id)
        .all(&state.db)
        .await?;
    let mut chosen = None;
    for g in groups.iter().filter(|g| g.name == "广州越秀区教育局").chain(groups.iter()) {
        let members = entity::member::Entity::find()
            .filter(entity::member::Column::GroupId.eq(g.id))
            .order_by_asc(entity::member::Column::Id)
            .limit(10)
            .all(&state.db)
            .await?;
        if members.len() >= 4 {
            chosen = Some((g.clone(), members));
            break;
        }
    }
    let Some((group, members)) = chosen else { return Ok(false) };
    let now = state.now();
    let month = crate::fields::Month::of(crate::clock::business_date(now));
    let baseline = month.plus(-3);
    let txn = crate::db::write(&state.db).await?;
    // The archive's demo data recorded last month's revenue from ARPU; these months are replaced.
    entity::member_revenue::Entity::delete_many()
        .filter(entity::member_revenue::Column::MemberId.is_in(members.iter().map(|m| m.id)))
        .filter(entity::member_revenue::Column::Month.is_in((1..=3).map(|k| month.plus(-k).to_string())))
        .exec(&txn)
        .await?;
    for (i, m) in members.iter().enumerate() {
        let falls = i < 3;
        for (k, amount) in [(3, "88.00"), (2, "82.50"), (1, if falls { "41.00" } else { "79.90" })] {
            entity::member_revenue::ActiveModel {
                member_id: Set(m.id),
                group_id: Set(group.id),
                month: Set(month.plus(-k).to_string()),
                amount: Set(amount.parse().unwrap_or_default()),
                recorded_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    let mut g: entity::customer_group::ActiveModel = group.clone().into();
    g.baseline_month = Set(Some(baseline.to_string()));
    g.update(&txn).await?;
    let birthday = crate::clock::business_date(now) + chrono::Duration::days(3);
    if let Some(c) = entity::contact::Entity::find()
        .filter(entity::contact::Column::GroupId.eq(group.id))
        .order_by_asc(entity::contact::Column::Id)
        .one(&txn)
        .await?
    {
        let mut c: entity::contact::ActiveModel = c.into();
        c.birthday = Set(chrono::NaiveDate::from_ymd_opt(1978, birthday.month(), birthday.day().min(28)));
        c.update(&txn).await?;
    }
    txn.commit().await?;
    tracing::info!(group = %group.name, baseline = %baseline, "demo revenue loaded");
    Ok(true)
}

/// A complaint registered at the counter and handed to engineering, so the desk, the manager
/// and the head each have one to look at. Loaded once (no complaint yet).
pub async fn demo_service(state: &crate::state::AppState) -> AppResult<bool> {
    use crate::complaints::{
        ComplaintCategory, ComplaintChannel, ComplaintSeverity, HandlingUnit,
        service::{self as complaints, Handling, NewComplaint},
    };
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
    if entity::complaint::Entity::find().count(&state.db).await? > 0 {
        return Ok(false);
    }
    let find = |name: &'static str| async move {
        entity::app_user::Entity::find().filter(entity::app_user::Column::Username.eq(name)).one(&state.db).await
    };
    let (Some(desk), Some(am)) = (find("gz_desk").await?, find("gz_am1").await?) else { return Ok(false) };
    let Some(group) = entity::customer_group::Entity::find()
        .filter(entity::customer_group::Column::OwnerId.eq(am.id))
        .order_by_asc(entity::customer_group::Column::Id)
        .one(&state.db)
        .await?
    else {
        return Ok(false);
    };
    let member = entity::member::Entity::find()
        .filter(entity::member::Column::GroupId.eq(group.id))
        .order_by_asc(entity::member::Column::Id)
        .one(&state.db)
        .await?;
    let viewer = crate::auth::service::viewer_of(&desk)?;
    let actor = Actor { user_id: Some(desk.id), request_id: None };
    use crate::members::lookup::Customer;
    let customer = match &member {
        Some(m) => Customer::Phone(m.phone.clone()),
        None => Customer::GroupCode(group.code.clone()),
    };
    let c = complaints::register(
        state,
        &actor,
        &viewer,
        NewComplaint {
            customer,
            channel: ComplaintChannel::Counter,
            category: ComplaintCategory::NetworkQuality,
            severity: ComplaintSeverity::Serious,
            customer_said: "办公楼三层信号差，通话经常中断，已持续一周。".into(),
            reply_due_at: None,
        },
    )
    .await?;
    let handoff =
        Handling::HandOff { unit: HandlingUnit::Network, text: "请网络维护中心安排测试信号覆盖".into() };
    complaints::handle(state, &actor, &viewer, c.id, c.version, handoff).await?;
    // A request to disconnect another member, waiting for the head to dispatch it.
    let second = entity::member::Entity::find()
        .filter(entity::member::Column::GroupId.eq(group.id))
        .order_by_asc(entity::member::Column::Id)
        .offset(1)
        .one(&state.db)
        .await?;
    if let Some(m) = second {
        let request = crate::retention::service::NewDisconnection {
            customer: Customer::Phone(m.phone.clone()),
            line: None,
            counter_reason: "单位统一更换运营商".into(),
            first_retention_failed: true,
            first_retention_note: Some("已介绍集团内互打免费，客户仍要求拆机".into()),
            boss_ref: None,
        };
        crate::retention::service::register(state, &actor, &viewer, request).await?;
    }
    // The manager's analysis of a competitor moving in, waiting for the head's review.
    let am_viewer = crate::auth::service::viewer_of(&am)?;
    let report = crate::competition::service::NewReport {
        group_id: group.id,
        competitor: "中国电信".into(),
        offer: "全员手机套餐 5 折，赠送千兆宽带".into(),
        affected: "办公室 12 个号码，2 条专线".into(),
        countermeasures: "推出集团融合套餐，对关键人上门拜访".into(),
        support_needed: Some("需分公司审批融合套餐折扣".into()),
    };
    crate::competition::service::file(state, &Actor { user_id: Some(am.id), request_id: None }, &am_viewer, report)
        .await?;
    tracing::info!(group = %group.name, "demo complaint, disconnection request and competition report loaded");
    Ok(true)
}

/// The demo manager's plan for today (三定): what the morning's checks surfaced (the day's
/// planned visits and tasks due, two at most) and an item of their own with the resources it
/// needs. Loaded once (no plan item yet).
pub async fn demo_plan(state: &crate::state::AppState) -> AppResult<bool> {
    use crate::dayplan::{PlanMatter, PlanMeans, service as plan};
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    if entity::plan_item::Entity::find().count(&state.db).await? > 0 {
        return Ok(false);
    }
    let Some(am) =
        entity::app_user::Entity::find().filter(entity::app_user::Column::Username.eq("gz_am1")).one(&state.db).await?
    else {
        return Ok(false);
    };
    let viewer = crate::auth::service::viewer_of(&am)?;
    let actor = Actor { user_id: Some(am.id), request_id: None };
    let day = crate::clock::business_date(state.now());
    let blank = |matter, means, title: Option<&str>, resources: Option<&str>| plan::Details {
        priority: None,
        matter,
        means,
        title: title.map(String::from),
        at: None,
        target: None,
        purpose: None,
        preparation: None,
        resources: resources.map(String::from),
    };
    for s in plan::suggestions(&state.db, &viewer, day).await?.into_iter().take(2) {
        let item = plan::NewItem {
            day,
            group_id: None,
            task_id: s.task.as_ref().map(|t| t.id),
            visit_id: s.visit.as_ref().map(|v| v.id),
            details: plan::Details { at: s.at, ..blank(s.matter, s.means, None, None) },
        };
        plan::add(state, &actor, &viewer, crate::state::Lang::Zh, item).await?;
    }
    let group = entity::customer_group::Entity::find()
        .filter(entity::customer_group::Column::OwnerId.eq(am.id))
        .order_by_asc(entity::customer_group::Column::Id)
        .one(&state.db)
        .await?;
    let own = plan::NewItem {
        day,
        group_id: group.map(|g| g.id),
        task_id: None,
        visit_id: None,
        details: plan::Details {
            target: Some("信息中心主任".into()),
            purpose: Some("介绍云视讯，了解分支机构组网需求".into()),
            preparation: Some("云视讯资费单、演示账号".into()),
            ..blank(PlanMatter::Visit, PlanMeans::Demo, Some("上门演示云视讯"), Some("请产品经理同行，申请 1 个月试用"))
        },
    };
    plan::add(state, &actor, &viewer, crate::state::Lang::Zh, own).await?;
    // This week's summary, drafted from the demo's records and kept as a draft.
    let week = crate::summaries::SummaryPeriod::Week;
    let draft =
        crate::summaries::service::draft(&state.db, &am, week, day, crate::state::Lang::Zh, state.now()).await?;
    crate::summaries::service::save(state, &actor, &viewer, week, day, &draft.text, None, crate::state::Lang::Zh)
        .await?;
    tracing::info!(user = %am.username, "demo day plan and week summary loaded");
    Ok(true)
}

/// Important information for the demo (重要信息上报): the manager's urgent competition report on
/// their first group, read by the head and sent up to the branch with a note, and a special need
/// still unread at the head's; and the deal with its contract in force, with a stage summary
/// and published as a case (工作案例). Loaded once (no report yet).
pub async fn demo_reports(state: &crate::state::AppState) -> AppResult<bool> {
    use crate::reports::{InfoReportKind, InfoUrgency, service as reports};
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    if entity::info_report::Entity::find().count(&state.db).await? > 0 {
        return Ok(false);
    }
    let find = |name: &'static str| async move {
        entity::app_user::Entity::find().filter(entity::app_user::Column::Username.eq(name)).one(&state.db).await
    };
    let (Some(am), Some(head)) = (find("gz_am1").await?, find("gz_head").await?) else { return Ok(false) };
    let group = entity::customer_group::Entity::find()
        .filter(entity::customer_group::Column::OwnerId.eq(am.id))
        .order_by_asc(entity::customer_group::Column::Id)
        .one(&state.db)
        .await?;
    let (am_viewer, head_viewer) = (crate::auth::service::viewer_of(&am)?, crate::auth::service::viewer_of(&head)?);
    let (by_am, by_head) =
        (Actor { user_id: Some(am.id), request_id: None }, Actor { user_id: Some(head.id), request_id: None });
    let urgent = reports::NewReport {
        kind: InfoReportKind::Competition,
        urgency: InfoUrgency::Urgent,
        group_id: group.as_ref().map(|g| g.id),
        title: "异网低价抢夺集团专线".into(),
        text: "竞争对手向信息中心报出 100M 专线 980 元/月（我方 1,480 元），并承诺免费迁移，客户下周二开会比选。建议分公司批准专项折扣并安排上门。".into(),
    };
    let r = reports::file(state, &by_am, &am_viewer, urgent, vec![]).await?;
    let r = reports::mark_read(state, &by_head, &head_viewer, r.id).await?;
    let note = Some("已核实，请分公司审批专项折扣");
    reports::act(state, &by_head, &head_viewer, r.id, r.version, reports::Move::Escalate, note).await?;
    let need = reports::NewReport {
        kind: InfoReportKind::SpecialNeed,
        urgency: InfoUrgency::Normal,
        group_id: group.as_ref().map(|g| g.id),
        title: "客户要求机房双路由接入".into(),
        text: "新办公楼机房要求两条不同路由的专线，年底前开通。".into(),
    };
    reports::file(state, &by_am, &am_viewer, need, vec![]).await?;
    // The demo's deal with its contract in force, written up for the case library.
    let done = entity::proposal::Entity::find()
        .filter(entity::proposal::Column::OwnerId.eq(am.id))
        .filter(entity::proposal::Column::Stage.is_in(crate::cases::FINISHED))
        .order_by_asc(entity::proposal::Column::Id)
        .one(&state.db)
        .await?;
    if let Some(p) = done {
        use crate::cases::service as cases;
        let text = format!(
            "{}\n已完成合同签订，正在装机。",
            cases::draft_note(&state.db, &am_viewer, p.id, crate::state::Lang::Zh).await?
        );
        cases::add_note(state, &by_am, &am_viewer, p.id, &text).await?;
        let case = cases::CaseText {
            title: "区政务服务中心数字专线统一接入".into(),
            customer_label: "某区政务服务中心".into(),
            challenge: "办事大厅各窗口系统分散上网，高峰时带宽不足、排队变长，中心希望统一接入、统一账单。".into(),
            solution: "以 100M 数字专线统一接入，首年折扣经部门负责人审批，合同签订后分批装机，装机后一周上门回访。"
                .into(),
            result: "一次签下中心专线，办事系统高峰不再卡顿，客户满意度为“很满意”，带动两个街道中心咨询。".into(),
        };
        cases::publish(state, &by_am, &am_viewer, p.id, &case).await?;
    }
    tracing::info!(user = %am.username, "demo information reports and case loaded");
    Ok(true)
}

/// Resources for the demo (定所需资源): 刘佳怡 is a chief account manager and 孙建华 a product
/// specialist; the department keeps three PR gifts; the manager has issued two USB drives to
/// their first group's contact (within the set value, so at once), asks for a tea set (dearer:
/// waiting on the head) and a cloud trial (waiting on the head), and asks the chief to join the
/// demo visit of today's plan (waiting on her). Loaded once (no gift yet).
pub async fn demo_resources(state: &crate::state::AppState) -> AppResult<bool> {
    use crate::resources::{Expertise, ResourceKind, service as res};
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    if entity::gift_item::Entity::find().count(&state.db).await? > 0 {
        return Ok(false);
    }
    let find = |name: &'static str| async move {
        entity::app_user::Entity::find().filter(entity::app_user::Column::Username.eq(name)).one(&state.db).await
    };
    let (Some(am), Some(head), Some(chief), Some(specialist), Some(admin)) = (
        find("gz_am1").await?,
        find("gz_head").await?,
        find("gz_am2").await?,
        find("gz_xx_head").await?,
        find("admin").await?,
    ) else {
        return Ok(false);
    };
    let by = |u: &entity::app_user::Model| Actor { user_id: Some(u.id), request_id: None };
    for (u, chief_manager, product_specialist) in [(&chief, true, false), (&specialist, false, true)] {
        let flags = crate::users::service::Expertise { chief_manager, product_specialist };
        crate::users::service::set_expertise(state, &by(&admin), u.id, u.version, flags).await?;
    }
    let head_viewer = crate::auth::service::viewer_of(&head)?;
    let mut gifts = vec![];
    for (name, value, stock) in [("定制U盘", "35.00", 50), ("企业台历", "25.00", 200), ("茶叶礼盒", "268.00", 10)] {
        let value = value.parse().unwrap_or_default();
        gifts.push(res::add_gift(state, &by(&head), &head_viewer, name, value, stock).await?);
    }
    let group = entity::customer_group::Entity::find()
        .filter(entity::customer_group::Column::OwnerId.eq(am.id))
        .order_by_asc(entity::customer_group::Column::Id)
        .one(&state.db)
        .await?;
    let Some(group) = group else { return Ok(true) };
    let contact = entity::contact::Entity::find()
        .filter(entity::contact::Column::GroupId.eq(group.id))
        .order_by_asc(entity::contact::Column::Id)
        .one(&state.db)
        .await?;
    let viewer = crate::auth::service::viewer_of(&am)?;
    let blank = |kind| res::NewRequest::of(kind, Some(group.id), "");
    if let Some(k) = &contact {
        for (gift, pieces, reason) in [(&gifts[0], 2, "走访时赠送，用于会议资料拷贝"), (&gifts[2], 1, "主任调任，登门致谢")] {
            let ask = res::NewRequest {
                gift_item_id: Some(gift.id),
                contact_id: Some(k.id),
                quantity: Some(pieces),
                reason: reason.into(),
                ..blank(ResourceKind::Gift)
            };
            res::request(state, &by(&am), &viewer, ask).await?;
        }
    }
    let today = crate::clock::business_date(state.now());
    let cloud = entity::product::Entity::find()
        .filter(entity::product::Column::Code.eq("CLOUD_HOST_2C4G"))
        .one(&state.db)
        .await?;
    if let Some(p) = cloud {
        let ask = res::NewRequest {
            product_id: Some(p.id),
            starts_on: Some(today + chrono::Duration::days(1)),
            days: Some(30),
            quantity: Some(2),
            reason: "客户试用后再决定是否迁移业务系统".into(),
            ..blank(ResourceKind::Trial)
        };
        res::request(state, &by(&am), &viewer, ask).await?;
    }
    let demo = entity::plan_item::Entity::find()
        .filter(entity::plan_item::Column::UserId.eq(am.id))
        .filter(entity::plan_item::Column::Title.eq("上门演示云视讯"))
        .one(&state.db)
        .await?;
    if let Some(item) = demo {
        let ask = res::NewRequest {
            plan_item_id: Some(item.id),
            expertise: Some(Expertise::ChiefManager),
            expert_id: Some(chief.id),
            reason: "客户信息中心主任关注组网方案，请首席客户经理一同介绍".into(),
            ..blank(ResourceKind::Companion)
        };
        res::request(state, &by(&am), &viewer, ask).await?;
    }
    tracing::info!(user = %am.username, "demo resources loaded");
    Ok(true)
}

/// Money matters for the demo: billing's arrears list for last month (three of the manager's
/// accounts overdue, one called already, a high-value member due to be suspended in two days),
/// a disputed bill waiting for the head with its evidence, and an approved refund waiting for
/// billing. Loaded once (no adjustment yet).
pub async fn demo_money(state: &crate::state::AppState) -> AppResult<bool> {
    use crate::billing::{AdjustmentCause, service as billing};
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
    if entity::billing_adjustment::Entity::find().count(&state.db).await? > 0 {
        return Ok(false);
    }
    let find = |name: &'static str| async move {
        entity::app_user::Entity::find().filter(entity::app_user::Column::Username.eq(name)).one(&state.db).await
    };
    let (Some(am), Some(head), Some(clerk)) =
        (find("gz_am1").await?, find("gz_head").await?, find("gz_billing").await?)
    else {
        return Ok(false);
    };
    let groups = entity::customer_group::Entity::find()
        .filter(entity::customer_group::Column::OwnerId.eq(am.id))
        .order_by_asc(entity::customer_group::Column::Id)
        .limit(3)
        .all(&state.db)
        .await?;
    let mut members = Vec::new();
    for g in &groups {
        if let Some(m) = entity::member::Entity::find()
            .filter(entity::member::Column::GroupId.eq(g.id))
            .order_by_desc(entity::member::Column::Arpu)
            .order_by_asc(entity::member::Column::Id)
            .one(&state.db)
            .await?
        {
            members.push((g.clone(), m));
        }
    }
    let Some((first_group, first_member)) = members.first().cloned() else { return Ok(false) };
    let now = state.now();
    let today = crate::clock::business_date(now);
    let last_month = crate::fields::Month::of(today).plus(-1).to_string();

    // Billing's list for last month.
    let mut csv = String::from("账户,集团编码,号码,欠费金额,欠费月数,预计停机日期\n");
    for (i, (g, m)) in members.iter().enumerate() {
        let (amount, months) = [("1280.50", 3), ("356.00", 2), ("88.00", 1)][i % 3];
        let suspension = if i == 0 { (today + chrono::Duration::days(2)).to_string() } else { String::new() };
        csv.push_str(&format!("ZH{:08},{},{},{amount},{months},{suspension}\n", m.id, g.code, m.phone));
    }
    let clerk_viewer = crate::auth::service::viewer_of(&clerk)?;
    let clerk_actor = Actor { user_id: Some(clerk.id), request_id: None };
    crate::arrears::import::import(state, &clerk_actor, &clerk_viewer, &last_month, "欠费清单.csv", csv.as_bytes())
        .await?;

    // A disputed bill, with the call record as evidence, waiting for the head (and then the
    // service owner and marketing).
    let am_viewer = crate::auth::service::viewer_of(&am)?;
    let am_actor = Actor { user_id: Some(am.id), request_id: None };
    let mut evidence = crate::documents::pdf::Layout::new("话费争议记录（演示）");
    evidence.centered("话费争议记录", 16.0);
    evidence.paragraph(
        &format!(
            "客户 {}（{}）反映上月账单中“国际漫游数据”费用 86.00 元并未发生，客户当月无出境记录。",
            first_member.name, first_member.phone
        ),
        11.0,
        0.0,
    );
    let evidence = evidence.finish("话费争议记录")?;
    let upload =
        |bytes: Vec<u8>| vec![crate::billing::evidence::Upload { file_name: "话费争议记录.pdf".into(), bytes }];
    billing::request(
        state,
        &am_actor,
        &am_viewer,
        billing::NewAdjustment {
            group_id: first_group.id,
            member_id: Some(first_member.id),
            account_no: None,
            month: last_month.clone(),
            amount: "86.00".parse().unwrap_or_default(),
            cause: AdjustmentCause::Dispute,
            cause_text: "客户无出境记录，账单却有国际漫游数据费，经核实为漫游话单误计。".into(),
            rectification: "请计费中心核查漫游话单的入账规则，避免误计。".into(),
        },
        upload(evidence.clone()),
    )
    .await?;
    // A one-off charge the system could not take, approved and waiting for billing.
    let approved = billing::request(
        state,
        &am_actor,
        &am_viewer,
        billing::NewAdjustment {
            group_id: first_group.id,
            member_id: None,
            account_no: Some(format!("ZH{:08}", first_member.id)),
            month: last_month,
            amount: "45.00".parse().unwrap_or_default(),
            cause: AdjustmentCause::NotInSystem,
            cause_text: "集团短信功能费已线下收取，系统暂不能受理，需补录冲减。".into(),
            rectification: "请业务支撑中心将集团短信功能费纳入系统受理范围。".into(),
        },
        upload(evidence),
    )
    .await?;
    if let Some(request) = approved.request_id {
        let head_viewer = crate::auth::service::viewer_of(&head)?;
        let head_actor = Actor { user_id: Some(head.id), request_id: None };
        crate::approvals::service::decide_step(state, &head_actor, &head_viewer, request, true, Some("同意"), None)
            .await?;
    }
    tracing::info!(group = %first_group.name, "demo arrears and billing adjustments loaded");
    Ok(true)
}
