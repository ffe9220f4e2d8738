//! Live pipeline events over `/graphql/ws`.
use async_graphql::{Context, Enum, ID, SimpleObject, Subscription, futures_util::Stream};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::Topic;
use crate::{graphql::ContextExt, graphql::relay::NodeKind};

/// What a live event tells.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum EventTopic {
    /// An approval step now waits on you.
    ApprovalWaiting,
    /// Something of yours changed.
    Changed,
    /// An urgent important-information report (紧急重要信息) was sent to you.
    UrgentReport,
    /// Live updates were interrupted for a moment and some may have been missed: refetch what
    /// you show. `objectType` is `User` and `objectId` is you.
    Resync,
}

/// A change you should know about; fetch the object by `objectId` for its details.
#[derive(SimpleObject, Clone)]
pub struct PipelineEvent {
    /// What it tells.
    pub topic: EventTopic,
    /// The object's type: `Proposal`, `Contract`, `InstallationJob` or `ApprovalRequest`.
    pub object_type: String,
    /// The object (global id).
    pub object_id: ID,
    /// What happened, e.g. `proposal.send`.
    pub action: String,
    /// The object's status afterwards.
    pub status: String,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

fn stream(ctx: &Context<'_>, topic: Option<Topic>) -> async_graphql::Result<impl Stream<Item = PipelineEvent> + use<>> {
    let me = ctx.viewer()?.user_id;
    let rx = ctx.state().events.subscribe();
    Ok(BroadcastStream::new(rx).filter_map(move |e| async move {
        let e = e.ok()?;
        if e.topic == Topic::Resync {
            return Some(PipelineEvent {
                topic: EventTopic::Resync,
                object_type: "User".into(),
                object_id: NodeKind::User.id(me),
                action: e.action.clone(),
                status: String::new(),
                occurred_at: e.occurred_at,
            });
        }
        if !e.recipients.contains(&me) || topic.is_some_and(|t| t != e.topic) {
            return None;
        }
        let kind = NodeKind::of_entity_type(&e.entity_type)?;
        Some(PipelineEvent {
            topic: match e.topic {
                Topic::ApprovalWaiting => EventTopic::ApprovalWaiting,
                Topic::Changed => EventTopic::Changed,
                Topic::UrgentReport => EventTopic::UrgentReport,
                Topic::Resync => EventTopic::Resync,
            },
            object_type: e.entity_type.clone(),
            object_id: kind.id(e.entity_id),
            action: e.action.clone(),
            status: e.status.clone(),
            occurred_at: e.occurred_at,
        })
    }))
}

#[derive(Default)]
pub struct EventSubscription;

#[Subscription]
impl EventSubscription {
    /// Approval requests whose current step now waits on you (待我审批).
    async fn approval_waiting(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = PipelineEvent> + use<>> {
        stream(ctx, Some(Topic::ApprovalWaiting))
    }

    /// Your proposals, contracts, installation jobs and requests as they change, and approvals waiting on you.
    async fn my_pipeline_events(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = PipelineEvent> + use<>> {
        stream(ctx, None)
    }
}
