//! Contacts in the API.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::{ContactRole, service};
use crate::{
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::load_by_id,
        payload::{VersionedIdInput, split},
        relay::NodeKind,
        scalars::Date,
    },
    groups::graphql::{CustomerGroup, group_of_child},
};
use entity::contact::{Entity, Model};

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
