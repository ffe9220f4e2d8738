//! Explicit state machines: each aggregate lists its transitions in one table, and every
//! change of state goes through [`Machine::next`], which refuses what the table does not allow.
use crate::{
    error::{UserError, UserErrorCode},
    fields::Described,
};

/// A stored enum with its API name and labels (every `string_enum!`).
pub trait Labelled: Copy + PartialEq + 'static {
    fn name(&self) -> &'static str;
    /// The zh-CN label.
    fn label(&self) -> &'static str;
    /// The English label.
    fn label_en(&self) -> &'static str;
}

impl<T: Described> Labelled for T {
    fn name(&self) -> &'static str {
        self.facts().name
    }
    fn label(&self) -> &'static str {
        self.facts().zh
    }
    fn label_en(&self) -> &'static str {
        self.facts().en
    }
}

/// What one viewer may do with one object now — the answer an aggregate's availability
/// function gives, and what its `allowedActions` / `blockedActions` show. An action appears
/// only when the object's state allows it and the viewer is one who may take it; it is
/// `blocked` when something it needs is missing, with the refusal its mutation would return.
#[derive(Debug)]
pub struct Offers<A> {
    pub allowed: Vec<A>,
    pub blocked: Vec<(A, UserError)>,
}

impl<A: Copy + PartialEq> Offers<A> {
    pub fn new() -> Self {
        Self { allowed: Vec::new(), blocked: Vec::new() }
    }

    /// Offers `action`, allowed or blocked by `ready`.
    pub fn offer(&mut self, action: A, ready: Result<(), UserError>) {
        match ready {
            Ok(()) => self.allowed.push(action),
            Err(e) => self.blocked.push((action, e)),
        }
    }

    /// Offers `action` when `when` holds (state and viewer), allowed or blocked by `ready`.
    pub fn offer_if(&mut self, when: bool, action: A, ready: impl FnOnce() -> Result<(), UserError>) {
        if when {
            self.offer(action, ready());
        }
    }
}

impl<A: Copy + PartialEq> Default for Offers<A> {
    fn default() -> Self {
        Self::new()
    }
}

/// One transition: the action's name, the states it may start from, the state it leads to.
pub struct Edge<S: 'static> {
    pub action: &'static str,
    pub from: &'static [S],
    pub to: S,
}

/// The transitions of one aggregate.
pub struct Machine<S: 'static> {
    /// What the aggregate is called in messages (zh, en).
    pub noun: (&'static str, &'static str),
    pub edges: &'static [Edge<S>],
}

impl<S: Labelled> Machine<S> {
    /// The state `action` leads to from `current`, or an `INVALID_TRANSITION` user error that
    /// names the current state.
    pub fn next(&self, current: S, action: &str) -> Result<S, UserError> {
        let edge = self.edges.iter().find(|e| e.action == action).unwrap_or_else(|| {
            panic!("{} has no transition named {action}", self.noun.1);
        });
        if edge.from.contains(&current) { Ok(edge.to) } else { Err(self.refusal(current)) }
    }

    /// Checks an action that changes the object but not its state (recording a document,
    /// say): allowed from `current`, or the same refusal as a transition.
    pub fn check(&self, current: S, action: &str) -> Result<(), UserError> {
        if self.allows(current, action) { Ok(()) } else { Err(self.refusal(current)) }
    }

    /// True when `action` may start from `current`.
    pub fn allows(&self, current: S, action: &str) -> bool {
        self.edges.iter().any(|e| e.action == action && e.from.contains(&current))
    }

    pub fn refusal(&self, current: S) -> UserError {
        UserError::new(
            "id",
            UserErrorCode::InvalidTransition,
            format!("{}当前状态为“{}”，不能执行此操作", self.noun.0, current.label()),
            format!("Not allowed while the {} is “{}”", self.noun.1, current.label_en()),
        )
    }

    /// The states `action` may start from: what a conditional `UPDATE … WHERE status IN (…)`
    /// filters on, so a bulk change follows the table too.
    pub fn sources(&self, action: &str) -> &'static [S] {
        self.edges.iter().find(|e| e.action == action).map(|e| e.from).unwrap_or_else(|| {
            panic!("{} has no transition named {action}", self.noun.1);
        })
    }

    /// The state `action` leads to.
    pub fn to(&self, action: &str) -> S {
        self.edges.iter().find(|e| e.action == action).map(|e| e.to).unwrap_or_else(|| {
            panic!("{} has no transition named {action}", self.noun.1);
        })
    }

    /// The actions allowed from `current`, in table order (what a UI offers as buttons).
    pub fn actions(&self, current: S) -> Vec<&'static str> {
        self.edges.iter().filter(|e| e.from.contains(&current)).map(|e| e.action).collect()
    }
}
