//! Demo data: a believable company with two branches and a user for every role.
//! Loaded on first start in development, or with the `seed` command. Every password is
//! `demo123456`.
use chrono::{DateTime, Utc};
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
pub const DEMO_USERS: [(&str, &str, Role, &str); 10] = [
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
];

/// Org nodes: code, name, kind, parent code.
const DEMO_ORG: [(&str, &str, OrgKind, Option<&str>); 7] = [
    ("hq", "华南通信市公司", OrgKind::Company, None),
    ("gz", "广州分公司", OrgKind::Branch, Some("hq")),
    ("sz", "深圳分公司", OrgKind::Branch, Some("hq")),
    ("gz-jk", "广州集团客户部", OrgKind::Department, Some("gz")),
    ("gz-yx", "广州政企营销中心", OrgKind::Department, Some("gz")),
    ("sz-jk", "深圳集团客户部", OrgKind::Department, Some("sz")),
    ("gz-jk-th", "天河网格", OrgKind::Grid, Some("gz-jk")),
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
        let row = crate::org::service::insert(&txn, now, parent.as_ref(), kind, code, name.to_string()).await?;
        ids.push((code, row));
    }
    for (username, name, role, org) in DEMO_USERS {
        let org_unit_id = ids.iter().find(|(c, _)| *c == org).map(|(_, m)| m.id).expect("demo org exists");
        let new = NewUser {
            username: username.into(),
            display_name: name.into(),
            password: DEMO_PASSWORD.into(),
            role,
            org_unit_id,
        };
        insert(&txn, now, new, cost).await?;
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
