//! Adding, changing and archiving contacts.
use sea_orm::{ActiveModelTrait, Set, sea_query::Expr};
use serde_json::{Value as Json, json};

use super::ContactRole;
use crate::{
    audit::{self, Actor, Change},
    auth::Viewer,
    clock::business_date,
    db::Versioned,
    error::{AppResult, UserError, UserErrorCode},
    fields::Check,
    groups::service::{ChildPlan, ChildTable, change_child, set_child_archived, writable_group},
    state::AppState,
};
use entity::contact::{ActiveModel, Column, Entity, Model};

/// Every editable field of a contact. Updates replace all of them.
/// Field by field as documented on the API's `ContactFieldsInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct ContactFields {
    pub name: String,
    pub title: Option<String>,
    pub role: ContactRole,
    pub phones: Vec<String>,
    pub email: Option<String>,
    pub birthday: Option<chrono::NaiveDate>,
    pub preferences: Option<String>,
    pub notes: Option<String>,
}

struct Valid {
    name: String,
    title: Option<String>,
    role: ContactRole,
    phones: Json,
    email: Option<String>,
    birthday: Option<chrono::NaiveDate>,
    preferences: Option<String>,
    notes: Option<String>,
}

fn validate(f: ContactFields, today: chrono::NaiveDate) -> AppResult<Valid> {
    let mut c = Check::new();
    let name = c.text("fields.name", &f.name, 100);
    let title = c.opt_text("fields.title", f.title.as_deref(), 100);
    let mut phones: Vec<String> = Vec::new();
    for (i, p) in f.phones.iter().enumerate().filter(|(_, p)| !p.trim().is_empty()) {
        if let Some(p) = c.phone(&format!("fields.phones.{i}"), p) {
            if !phones.contains(&p.as_str().to_string()) {
                phones.push(p.into_inner());
            }
        }
    }
    if phones.len() > 5 {
        c.push(UserError::new("fields.phones", UserErrorCode::TooLong, "最多 5 个电话", "At most 5 phone numbers"));
    }
    let email = c.email("fields.email", f.email.as_deref());
    let birthday = c.past_date("fields.birthday", f.birthday, today);
    let preferences = c.opt_text("fields.preferences", f.preferences.as_deref(), 1000);
    let notes = c.opt_text("fields.notes", f.notes.as_deref(), 2000);
    c.finish(|| Valid { name, title, role: f.role, phones: json!(phones), email, birthday, preferences, notes })
}

pub const TABLE: ChildTable<Entity> = ChildTable {
    cols: Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt },
    entity_type: "Contact",
    group_of: |m| m.group_id,
    snapshot: crate::audit::snapshot::<Model>,
    archived_col: Column::ArchivedAt,
    archived_at: |m| m.archived_at,
    action_prefix: "contact",
};

pub async fn create(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    group_id: i64,
    f: ContactFields,
) -> AppResult<Model> {
    let now = state.now();
    let v = validate(f, business_date(now))?;
    let txn = crate::db::write(&state.db).await?;
    writable_group(&txn, viewer, group_id).await?;
    let row = ActiveModel {
        group_id: Set(group_id),
        name: Set(v.name),
        title: Set(v.title),
        role: Set(v.role),
        phones: Set(v.phones),
        email: Set(v.email),
        birthday: Set(v.birthday),
        preferences: Set(v.preferences),
        notes: Set(v.notes),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let change = Change {
        action: "contact.create",
        entity_type: "Contact",
        entity_id: Some(row.id),
        before: None,
        after: Some(audit::snapshot(&row)),
    };
    audit::commit(state, txn, now, actor, change).await?;
    Ok(row)
}

pub async fn update(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    f: ContactFields,
) -> AppResult<Model> {
    let v = validate(f, business_date(state.now()))?;
    let plan: ChildPlan<Entity> = Box::new(move |m| {
        ensure_current(m)?;
        Ok(vec![
            (Column::Name, Expr::value(v.name)),
            (Column::Title, Expr::value(v.title)),
            (Column::Role, Expr::value(v.role.as_str())),
            (Column::Phones, Expr::value(v.phones)),
            (Column::Email, Expr::value(v.email)),
            (Column::Birthday, Expr::value(v.birthday)),
            (Column::Preferences, Expr::value(v.preferences)),
            (Column::Notes, Expr::value(v.notes)),
        ])
    });
    change_child(state, actor, viewer, &TABLE, id, expected_version, "contact.update", plan).await
}

/// Archives a contact (it stays in history) or restores it.
pub async fn set_archived(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    archived: bool,
) -> AppResult<Model> {
    set_child_archived(state, actor, viewer, &TABLE, id, expected_version, archived).await
}

fn ensure_current(m: &Model) -> Result<(), UserError> {
    match m.archived_at {
        Some(_) => {
            Err(UserError::new("id", UserErrorCode::InvalidTransition, "该关键人已归档", "This contact is archived"))
        }
        None => Ok(()),
    }
}
