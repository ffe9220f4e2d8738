//! Contacts in the API.
use std::collections::HashMap;

use async_graphql::{Context, ID, InputObject, Name, Object, SimpleObject, Value, parser::types::Field};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, QueryTrait};

use super::{ContactRole, service};
use crate::{
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::{
        compiled::{self, Columns, Leaf, Never, Out, enum_at},
        enums::Gql,
        loaders::load_by_id,
        payload::{VersionedIdInput, split},
        relay::NodeKind,
        scalars::Date,
    },
    groups::graphql::{CustomerGroup, group_of_child},
};
use entity::contact::{Column, Entity, Model};

/// A person the account manager deals with inside a group (关键人).
pub struct Contact(pub Model);

/// A person the account manager deals with inside a group (关键人).
#[Object]
impl Contact {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::Contact.id(self.0.id)
    }
    /// The group the contact belongs to.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// Name (姓名).
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Job title (职务).
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }
    /// Role towards us (角色).
    async fn role(&self) -> Gql<ContactRole> {
        Gql(self.0.role)
    }
    /// Phone numbers, normalised (电话).
    async fn phones(&self) -> Vec<String> {
        serde_json::from_value(self.0.phones.clone()).unwrap_or_default()
    }
    /// E-mail address.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// Birthday (生日).
    async fn birthday(&self) -> Option<Date> {
        self.0.birthday.map(Date)
    }
    /// Preferences and interests (喜好).
    async fn preferences(&self) -> Option<&str> {
        self.0.preferences.as_deref()
    }
    /// Notes (备注).
    async fn notes(&self) -> Option<&str> {
        self.0.notes.as_deref()
    }
    /// When archived; null while current.
    async fn archived_at(&self) -> Option<DateTime<Utc>> {
        self.0.archived_at
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When added.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Loads a contact the viewer may see; otherwise as if it did not exist.
pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<Contact>> {
    let Some(m) = load_by_id::<Entity>(ctx, id).await? else { return Ok(None) };
    Ok(group_of_child(ctx, m.group_id).await?.map(|_| Contact(m)))
}

/// `CustomerGroup.contacts` in a compiled read (`graphql::compiled`): the fields asked for,
/// read for a whole page of groups in one statement.
pub(crate) struct CompiledContacts {
    archived: bool,
    columns: Columns<Column>,
    outs: Vec<(Name, Out<Never>)>,
}

/// The columns every compiled contact read selects first: its group, its role and its id,
/// by which a group's contacts are ordered (decision makers first).
const SORTED_BY: [Column; 3] = [Column::GroupId, Column::Role, Column::Id];

const COMPILED: &[(&str, Column, Leaf)] = &[
    ("id", Column::Id, Leaf::Id(NodeKind::Contact)),
    ("name", Column::Name, Leaf::Text),
    ("title", Column::Title, Leaf::OptText),
    ("role", Column::Role, Leaf::Enum(enum_at::<ContactRole>)),
    ("phones", Column::Phones, Leaf::Strings),
    ("email", Column::Email, Leaf::OptText),
    ("preferences", Column::Preferences, Leaf::OptText),
    ("notes", Column::Notes, Leaf::OptText),
    ("archivedAt", Column::ArchivedAt, Leaf::OptTime),
    ("version", Column::Version, Leaf::Int),
    ("createdAt", Column::CreatedAt, Leaf::Time),
];

impl CompiledContacts {
    /// The plan for the field `contacts(archived:)`; `None` when it asks for more than columns.
    pub fn plan(ctx: &Context<'_>, field: &Field) -> Option<Self> {
        let archived = match compiled::argument(ctx, field, "archived").ok()? {
            None => false,
            Some(Value::Boolean(b)) => b,
            Some(_) => return None,
        };
        if field.arguments.iter().any(|(n, _)| n.node.as_str() != "archived") {
            return None;
        }
        let mut columns = Columns::new(&SORTED_BY);
        let fields = compiled::fields_of(ctx, &field.selection_set.node, "Contact")?;
        let outs = compiled::plan_object(fields, "Contact", COMPILED, &mut columns, |_, _| None)?;
        Some(Self { archived, columns, outs })
    }

    /// Each group's contacts, decision makers first, then in the order added.
    pub async fn read(&self, db: &DatabaseConnection, groups: &[i64]) -> AppResult<HashMap<i64, Vec<Value>>> {
        let mut out: HashMap<i64, Vec<Value>> = HashMap::new();
        if groups.is_empty() {
            return Ok(out);
        }
        let query = Entity::find()
            .select_only()
            .columns(self.columns.selected.iter().copied())
            .filter(Column::GroupId.is_in(groups.iter().copied()))
            .filter(if self.archived { Column::ArchivedAt.is_not_null() } else { Column::ArchivedAt.is_null() })
            .into_query();
        let mut rows = Vec::new();
        for row in db.query_all(&query).await? {
            let group = row.try_get_by_index::<i64>(0)?;
            let rank = row.try_get_by_index::<ContactRole>(1)?.rank();
            let id = row.try_get_by_index::<i64>(2)?;
            rows.push(((group, rank, id), row));
        }
        rows.sort_unstable_by_key(|(k, _)| *k);
        for ((group, _, _), row) in rows {
            let value = compiled::object(&self.outs, &row, |_, never| match *never {})?;
            out.entry(group).or_default().push(value);
        }
        Ok(out)
    }
}

/// A new contact in a group.
#[derive(InputObject)]
pub struct CreateContactInput {
    /// The group (global id).
    pub group_id: ID,
    /// The contact's details.
    pub fields: ContactFieldsInput,
}

/// New details for a contact.
#[derive(InputObject)]
pub struct UpdateContactInput {
    /// The contact (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// All the contact's details (replacing the old ones).
    pub fields: ContactFieldsInput,
}

/// Result of changing a contact.
#[derive(SimpleObject)]
pub struct ContactPayload {
    /// The contact as changed; null when there are user errors.
    pub contact: Option<Contact>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<ContactPayload> {
    let (m, user_errors) = split(r)?;
    Ok(ContactPayload { contact: m.map(Contact), user_errors })
}

fn decode(id: &ID) -> AppResult<i64> {
    NodeKind::Contact.decode(id).ok_or_else(AppError::not_found)
}

#[derive(Default)]
pub struct ContactMutation;

#[Object]
impl ContactMutation {
    /// Adds a contact to a group.
    async fn create_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: CreateContactInput,
    ) -> async_graphql::Result<ContactPayload> {
        let group = NodeKind::Group.decode(&input.group_id).ok_or_else(AppError::not_found)?;
        payload(service::create(ctx.state(), &ctx.actor()?, ctx.viewer()?, group, input.fields.into()).await)
    }

    /// Replaces a contact's details.
    async fn update_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: UpdateContactInput,
    ) -> async_graphql::Result<ContactPayload> {
        let id = decode(&input.id)?;
        payload(
            service::update(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, input.fields.into())
                .await,
        )
    }

    /// Archives a contact who left or no longer deals with us; history is kept.
    async fn archive_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<ContactPayload> {
        let id = decode(&input.id)?;
        payload(
            service::set_archived(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, true).await,
        )
    }

    /// Restores an archived contact.
    async fn restore_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: VersionedIdInput,
    ) -> async_graphql::Result<ContactPayload> {
        let id = decode(&input.id)?;
        payload(
            service::set_archived(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, false).await,
        )
    }
}

/// Every editable field of a contact. Updates replace all of them.
#[derive(InputObject, Clone, Debug)]
pub struct ContactFieldsInput {
    /// Name (姓名).
    pub name: String,
    /// Job title (职务).
    pub title: Option<String>,
    /// Role towards us (角色).
    pub role: Gql<ContactRole>,
    /// Phone numbers, mobile or fixed line (电话), at most 5.
    #[graphql(default)]
    pub phones: Vec<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Birthday (生日), for care on the day.
    pub birthday: Option<Date>,
    /// Preferences and interests (喜好).
    pub preferences: Option<String>,
    /// Notes (备注).
    pub notes: Option<String>,
}

impl From<ContactFieldsInput> for service::ContactFields {
    fn from(c: ContactFieldsInput) -> Self {
        Self {
            name: c.name,
            title: c.title,
            role: c.role.0,
            phones: c.phones,
            email: c.email,
            birthday: c.birthday.map(|v| v.0),
            preferences: c.preferences,
            notes: c.notes,
        }
    }
}
