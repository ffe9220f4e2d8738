//! Information reports in the API.
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, Upload};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{InfoRecipientReason, InfoReportKind, InfoReportStatus, InfoUrgency, above, service};
use crate::{
    auth::Scope,
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::files::{self, EvidenceFile},
    graphql::{
        enums::Gql,
        loaders::{load_by_id, load_children},
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
    },
    groups::graphql::{CustomerGroup, group_of_child},
    users::graphql::{User, user_ref},
};
use entity::{
    customer_group,
    info_report::{Column, Entity, Model},
    info_report_comment, info_report_file, info_report_recipient,
};


/// An important information report (重要信息上报).
pub struct InfoReport(pub Model);

impl InfoReport {
    async fn mine(&self, ctx: &Context<'_>) -> AppResult<Option<info_report_recipient::Model>> {
        let me = ctx.viewer()?.user_id;
        Ok(load_children::<info_report_recipient::Entity>(ctx, self.0.id).await?.into_iter().find(|r| r.user_id == me))
    }
}

/// An important information report (重要信息上报): sent up the org tree a level at a time, with
/// read receipts, comments and forwards. Seen by its author and the people it was sent to.
#[Object]
impl InfoReport {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::InfoReport.id(self.0.id)
    }
    /// Who reported it.
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user_ref(ctx, Some(self.0.author_id)).await
    }
    /// What it is about.
    async fn kind(&self) -> Gql<InfoReportKind> {
        Gql(self.0.kind)
    }
    /// How urgent it is; urgent ones are told live.
    async fn urgency(&self) -> Gql<InfoUrgency> {
        Gql(self.0.urgency)
    }
    /// The group it concerns, when you may open the group.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        let Some(id) = self.0.group_id else { return Ok(None) };
        Ok(group_of_child(ctx, id).await?.map(CustomerGroup))
    }
    /// The name of the group it concerns, as part of what was reported (also for a reader who
    /// may not open the group).
    async fn group_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let Some(id) = self.0.group_id else { return Ok(None) };
        Ok(load_by_id::<customer_group::Entity>(ctx, id).await?.map(|g| g.name))
    }
    /// Its title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// What is reported.
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// The level it has reached, or closed.
    async fn status(&self) -> Gql<InfoReportStatus> {
        Gql(self.0.status)
    }
    /// When reported.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Who closed it (办结).
    async fn closed_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user_ref(ctx, self.0.closed_by).await
    }
    /// When closed.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    /// Attached photos and documents.
    async fn files(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<EvidenceFile>> {
        Ok(files::of::<info_report_file::Entity>(ctx, self.0.id).await?)
    }
    /// One attached file by its `id` (to fetch its content alone); null when it is not this report's.
    async fn file(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The file's `id`.")] id: ID,
    ) -> async_graphql::Result<Option<EvidenceFile>> {
        let all = files::of::<info_report_file::Entity>(ctx, self.0.id).await?;
        Ok(all.into_iter().find(|f| id.0 == f.row.id.to_string()))
    }
    /// Who it was sent to, in order, with the read receipts.
    async fn recipients(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<InfoRecipient>> {
        Ok(load_children::<info_report_recipient::Entity>(ctx, self.0.id)
            .await?
            .into_iter()
            .map(InfoRecipient)
            .collect())
    }
    /// The comments, oldest first.
    async fn comments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<InfoComment>> {
        Ok(load_children::<info_report_comment::Entity>(ctx, self.0.id).await?.into_iter().map(InfoComment).collect())
    }
    /// When you read it, if it was sent to you and you have.
    async fn read_at(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<DateTime<Utc>>> {
        Ok(self.mine(ctx).await?.and_then(|r| r.read_at))
    }
    /// True when it was sent to you and you have not read it yet.
    async fn unread(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(self.mine(ctx).await?.is_some_and(|r| r.read_at.is_none()))
    }
    /// Whether you may send it up a level now (the level it is with, and a level above it).
    async fn can_escalate(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(service::acts_on(ctx.viewer()?, &self.0) && above(self.0.status).is_some())
    }
    /// Whether you may close it now (the level it is with).
    async fn can_close(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(service::acts_on(ctx.viewer()?, &self.0))
    }
    /// Whether you may forward it (to people in your own scope).
    async fn can_forward(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(!matches!(ctx.viewer()?.scope(), Scope::Own(_) | Scope::Nothing))
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// Someone a report was sent to, and their read receipt.
pub struct InfoRecipient(info_report_recipient::Model);

/// Someone a report was sent to, and their read receipt.
#[Object]
impl InfoRecipient {
    /// Who.
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user_ref(ctx, Some(self.0.user_id)).await
    }
    /// Routed to their level, or forwarded to them.
    async fn reason(&self) -> Gql<InfoRecipientReason> {
        Gql(self.0.reason)
    }
    /// The level it was routed to; null when forwarded.
    async fn level(&self) -> Option<Gql<InfoReportStatus>> {
        self.0.level.map(Gql)
    }
    /// Who sent it up or forwarded it to them; null when the author sent it.
    async fn sent_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user_ref(ctx, self.0.sent_by).await
    }
    /// What the sender added.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// When it reached them.
    async fn sent_at(&self) -> DateTime<Utc> {
        self.0.sent_at
    }
    /// When they first opened it (已读); null while unread.
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.0.read_at
    }
}

/// A comment on a report.
pub struct InfoComment(info_report_comment::Model);

/// A comment on a report.
#[Object]
impl InfoComment {
    /// Who wrote it.
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        user_ref(ctx, Some(self.0.author_id)).await
    }
    /// The comment.
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// When.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A report visible to the viewer: written by them or sent to them.
pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<InfoReport>> {
    match service::readable(&ctx.state().db, ctx.viewer()?, id).await {
        Ok(m) => Ok(Some(InfoReport(m))),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Which of your reports to list.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum InfoBox {
    /// Those you wrote and those sent to you.
    #[default]
    All,
    /// Those sent to you (收到的).
    Received,
    /// Those you wrote (我上报的).
    Sent,
}

/// Which reports to list.
#[derive(InputObject, Default)]
pub struct InfoReportFilter {
    /// Yours, received or sent (all by default).
    #[graphql(default)]
    pub r#box: InfoBox,
    /// Only this kind.
    pub kind: Option<Gql<InfoReportKind>>,
    /// Only this urgency.
    pub urgency: Option<Gql<InfoUrgency>>,
    /// Only this level or closed.
    pub status: Option<Gql<InfoReportStatus>>,
    /// Only about this group.
    pub group_id: Option<ID>,
    /// Only those sent to you that you have not read.
    #[graphql(default)]
    pub unread: bool,
}

impl InfoReportFilter {
    /// The filter as a condition for `viewer`; `None` when it names a group that is not one.
    fn condition(&self, me: i64, viewer: &crate::auth::Viewer) -> Option<Condition> {
        let mut c = Condition::all().add(match self.r#box {
            InfoBox::All => service::visible_condition(viewer),
            InfoBox::Received => Condition::all().add(Column::Id.in_subquery(service::received_by(me, false))),
            InfoBox::Sent => Condition::all().add(Column::AuthorId.eq(me)),
        });
        if let Some(k) = self.kind {
            c = c.add(Column::Kind.eq(k.0));
        }
        if let Some(u) = self.urgency {
            c = c.add(Column::Urgency.eq(u.0));
        }
        if let Some(s) = self.status {
            c = c.add(Column::Status.eq(s.0));
        }
        if let Some(g) = &self.group_id {
            c = c.add(Column::GroupId.eq(NodeKind::Group.decode(g)?));
        }
        if self.unread {
            c = c.add(Column::Id.in_subquery(service::received_by(me, true)));
        }
        Some(c)
    }
}

/// Reports of one kind.
#[derive(SimpleObject)]
pub struct InfoKindCount {
    /// The kind.
    pub kind: Gql<InfoReportKind>,
    /// How many.
    pub count: i64,
}

/// Reports about one group.
pub struct InfoGroupCount {
    group_id: i64,
    count: i64,
}

/// Reports about one group.
#[Object]
impl InfoGroupCount {
    /// The group, when you may open it.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.group_id).await?.map(CustomerGroup))
    }
    /// Its name.
    async fn group_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(load_by_id::<customer_group::Entity>(ctx, self.group_id).await?.map(|g| g.name))
    }
    /// Its id (to filter by).
    async fn group_id(&self) -> ID {
        NodeKind::Group.id(self.group_id)
    }
    /// How many.
    async fn count(&self) -> i64 {
        self.count
    }
}

/// A head's view of the reports they see: how many by kind and by group, and how many unread.
#[derive(SimpleObject)]
pub struct InfoReportTally {
    /// Reports in the filter.
    pub total: i64,
    /// Reports sent to you that you have not read (whatever the filter).
    pub unread: i64,
    /// By kind, every kind with a report.
    pub by_kind: Vec<InfoKindCount>,
    /// By group, the 20 groups with the most reports.
    pub by_group: Vec<InfoGroupCount>,
}

#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// The important information reports you see, newest first: those you wrote and those
    /// sent to you (routed up to your level or forwarded to you).
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn info_reports(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which reports.")] filter: Option<InfoReportFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<InfoReport>> {
        let viewer = ctx.viewer()?;
        let filter = filter.unwrap_or_default();
        let cond = filter.condition(viewer.user_id, viewer).ok_or_else(AppError::not_found)?;
        let args = PageArgs { first, after, last, before };
        Ok(keyset(&ctx.state().db, Entity::find().filter(cond), Column::Id, true, args, InfoReport).await?)
    }

    /// How the reports you see fall by kind and by group (for the head's view), and how many
    /// sent to you are unread.
    async fn info_report_tally(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which reports.")] filter: Option<InfoReportFilter>,
    ) -> async_graphql::Result<InfoReportTally> {
        let (db, viewer) = (&ctx.state().db, ctx.viewer()?);
        let filter = filter.unwrap_or_default();
        let cond = filter.condition(viewer.user_id, viewer).ok_or_else(AppError::not_found)?;
        let by_kind: Vec<(InfoReportKind, i64)> = Entity::find()
            .select_only()
            .column(Column::Kind)
            .column_as(Column::Id.count(), "n")
            .filter(cond.clone())
            .group_by(Column::Kind)
            .into_tuple()
            .all(db)
            .await
            .map_err(AppError::from)?;
        let by_group: Vec<(i64, i64)> = Entity::find()
            .select_only()
            .column(Column::GroupId)
            .column_as(Column::Id.count(), "n")
            .filter(cond)
            .filter(Column::GroupId.is_not_null())
            .group_by(Column::GroupId)
            .order_by_desc(Column::Id.count())
            .order_by_asc(Column::GroupId)
            .limit(20)
            .into_tuple()
            .all(db)
            .await
            .map_err(AppError::from)?;
        let unread = info_report_recipient::Entity::find()
            .filter(info_report_recipient::Column::UserId.eq(viewer.user_id))
            .filter(info_report_recipient::Column::ReadAt.is_null())
            .count(db)
            .await
            .map_err(AppError::from)? as i64;
        let mut kinds: Vec<InfoKindCount> =
            by_kind.into_iter().map(|(kind, count)| InfoKindCount { kind: Gql(kind), count }).collect();
        kinds.sort_by_key(|k| InfoReportKind::ALL.iter().position(|x| *x == k.kind.0));
        Ok(InfoReportTally {
            total: kinds.iter().map(|k| k.count).sum(),
            unread,
            by_kind: kinds,
            by_group: by_group.into_iter().map(|(group_id, count)| InfoGroupCount { group_id, count }).collect(),
        })
    }
}

/// A report to file.
#[derive(InputObject)]
pub struct FileInfoReportInput {
    /// What it is about.
    pub kind: Gql<InfoReportKind>,
    /// How urgent it is.
    pub urgency: Gql<InfoUrgency>,
    /// The group it concerns (one you may open), if any.
    pub group_id: Option<ID>,
    /// A title (at most 100 characters).
    pub title: String,
    /// What to report (at most 4,000 characters).
    pub text: String,
    /// Photos and documents: up to 5 PDF, PNG or JPEG files of at most 5 MB each (multipart upload).
    #[graphql(default)]
    pub files: Vec<Upload>,
}

/// Sending a report up a level, or closing it.
#[derive(InputObject)]
pub struct InfoReportMoveInput {
    /// The report (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// What you add (kept as a comment; at most 1,000 characters).
    pub note: Option<String>,
}

/// Forwarding a report.
#[derive(InputObject)]
pub struct ForwardInfoReportInput {
    /// The report (global id).
    pub id: ID,
    /// Who to forward it to: 1–10 people in your own scope.
    pub user_ids: Vec<ID>,
    /// What you add for them (at most 500 characters).
    pub note: Option<String>,
}

/// A comment on a report.
#[derive(InputObject)]
pub struct CommentInfoReportInput {
    /// The report (global id).
    pub id: ID,
    /// The comment (at most 1,000 characters).
    pub text: String,
}

/// Opening a report sent to you (the read receipt).
#[derive(InputObject)]
pub struct MarkInfoReportReadInput {
    /// The report (global id).
    pub id: ID,
}

/// Result of a report change.
#[derive(SimpleObject)]
pub struct InfoReportPayload {
    /// The report as changed; null when there are user errors.
    pub report: Option<InfoReport>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<InfoReportPayload> {
    let (m, user_errors) = split(r)?;
    Ok(InfoReportPayload { report: m.map(InfoReport), user_errors })
}

fn report_id(id: &ID) -> AppResult<i64> {
    NodeKind::InfoReport.decode(id).ok_or_else(AppError::not_found)
}

#[derive(Default)]
pub struct ReportMutation;

#[Object]
impl ReportMutation {
    /// Reports important information (重要信息上报): it goes to the level above you (your
    /// department head, or the branch manager for a head, the general manager for a branch
    /// manager), skipping a level with nobody in it. Urgent ones are told live.
    async fn file_info_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The report; see its type for the fields.")] input: FileInfoReportInput,
    ) -> async_graphql::Result<InfoReportPayload> {
        let group_id = match &input.group_id {
            Some(g) => Some(NodeKind::Group.decode(g).ok_or_else(AppError::not_found)?),
            None => None,
        };
        let files = match files::read(ctx, &input.files, "files") {
            Ok(f) => f,
            Err(e) => return payload(Err(e)),
        };
        let new = service::NewReport {
            kind: input.kind.0,
            urgency: input.urgency.0,
            group_id,
            title: input.title,
            text: input.text,
        };
        payload(service::file(ctx.state(), &ctx.actor()?, ctx.viewer()?, new, files).await)
    }

    /// The level a report is with sends it up to the next (上报上级).
    async fn escalate_info_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The move; see its type for the fields.")] input: InfoReportMoveInput,
    ) -> async_graphql::Result<InfoReportPayload> {
        Self::act(ctx, input, service::Move::Escalate).await
    }

    /// The level a report is with closes it, handled (办结).
    async fn close_info_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The move; see its type for the fields.")] input: InfoReportMoveInput,
    ) -> async_graphql::Result<InfoReportPayload> {
        Self::act(ctx, input, service::Move::Close).await
    }

    /// Forwards a report you see to people in your own scope (转发).
    async fn forward_info_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The forward; see its type for the fields.")] input: ForwardInfoReportInput,
    ) -> async_graphql::Result<InfoReportPayload> {
        let id = report_id(&input.id)?;
        let mut users = Vec::with_capacity(input.user_ids.len());
        for (i, u) in input.user_ids.iter().enumerate() {
            match NodeKind::User.decode(u) {
                Some(raw) => users.push(raw),
                None => {
                    return payload(Err(UserError::new(
                        &format!("userIds.{i}"),
                        crate::error::UserErrorCode::NotFound,
                        "找不到这位同事",
                        "No such colleague",
                    )
                    .into()));
                }
            }
        }
        let (state, actor, viewer) = (ctx.state(), ctx.actor()?, ctx.viewer()?);
        payload(service::forward(state, &actor, viewer, id, &users, input.note.as_deref()).await)
    }

    /// Comments on a report you see.
    async fn comment_info_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment; see its type for the fields.")] input: CommentInfoReportInput,
    ) -> async_graphql::Result<InfoReportPayload> {
        let id = report_id(&input.id)?;
        payload(service::comment(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, &input.text).await)
    }

    /// Records that you opened a report sent to you (the read receipt its author sees).
    async fn mark_info_report_read(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The report; see its type for the fields.")] input: MarkInfoReportReadInput,
    ) -> async_graphql::Result<InfoReportPayload> {
        let id = report_id(&input.id)?;
        payload(service::mark_read(ctx.state(), &ctx.actor()?, ctx.viewer()?, id).await)
    }
}

impl ReportMutation {
    async fn act(
        ctx: &Context<'_>,
        input: InfoReportMoveInput,
        how: service::Move,
    ) -> async_graphql::Result<InfoReportPayload> {
        let id = report_id(&input.id)?;
        let (state, actor, viewer) = (ctx.state(), ctx.actor()?, ctx.viewer()?);
        payload(service::act(state, &actor, viewer, id, input.expected_version, how, input.note.as_deref()).await)
    }
}
