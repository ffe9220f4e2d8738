//! What a request decides on (审批对象): a proposal version's price and discounts, a graded
//! number on an installation job, and next refunds and prestore waivers. The engine keeps
//! the chain of steps and who may act on them; when the last step is approved or any step
//! rejected it hands the verdict to the subject's own area, which moves its record through
//! its own rules in the same transaction and returns what to audit and announce.
use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use sea_orm::DatabaseTransaction;

use super::RequestKind;
use crate::{
    audit::Change,
    error::{AppError, AppResult},
    events::Event,
};
use entity::approval_request::Model;

/// A decided request, as its subject hears of it.
pub struct Verdict<'a> {
    pub request: &'a Model,
    pub approved: bool,
    /// Who made the deciding step's decision, and what they wrote.
    pub decided_by: i64,
    pub comment: Option<&'a str>,
    pub now: DateTime<Utc>,
}

/// What the subject changed: audit rows and events, committed with the decision.
#[derive(Default)]
pub struct Outcome {
    pub changes: Vec<Change<'static>>,
    pub events: Vec<Event>,
}

/// An area whose records are approved through the engine.
pub trait Subject: Send + Sync {
    /// The kinds of request it answers.
    fn kinds(&self) -> &'static [RequestKind];

    /// Moves the subject of a decided request, inside the deciding transaction.
    fn decided<'a>(&'a self, txn: &'a DatabaseTransaction, verdict: Verdict<'a>) -> BoxFuture<'a, AppResult<Outcome>>;
}

/// The subjects the engine knows, by the kinds they answer (wired once, in `AppState`).
#[derive(Clone)]
pub struct Subjects(Arc<[Box<dyn Subject>]>);

impl Subjects {
    pub fn new(subjects: Vec<Box<dyn Subject>>) -> Self {
        Self(subjects.into())
    }

    /// The subject answering `kind`; a kind nobody answers is a wiring mistake.
    pub fn of(&self, kind: RequestKind) -> AppResult<&dyn Subject> {
        self.0
            .iter()
            .find(|s| s.kinds().contains(&kind))
            .map(|s| s.as_ref())
            .ok_or_else(|| AppError::internal(format!("no approval subject for {}", kind.as_str())))
    }

    /// How many subjects answer `kind` (exactly one each, checked by a test).
    pub fn count(&self, kind: RequestKind) -> usize {
        self.0.iter().filter(|s| s.kinds().contains(&kind)).count()
    }
}
