//! Disconnection retention (拆机挽留, rule 14): the desk registers a request to disconnect; the
//! department head dispatches it to the group's manager (or it goes to them at once, when so
//! configured), who must reach the customer within 4 working hours and finish within 2 working
//! days with the true reason, the offer made and the outcome; the head verifies it and it
//! returns to the desk. A member lost is closed and filed in the churn archive (离网建档).
pub mod graphql;
pub mod import;
pub mod report;
pub mod service;

use chrono::{DateTime, Utc};

use crate::machine::{Edge, Machine};

pub use entity::enums::{ChurnReason, DisconnectionStatus, RetentionOutcome};

crate::string_enum! {
    /// Something a viewer may do with a disconnection request: each value is named after its
    /// mutation.
    pub enum DisconnectionAction {
        /// `dispatchDisconnection`: the head hands it to a manager.
        DispatchDisconnection = ("DISPATCH_DISCONNECTION", "派单", "Dispatch"),
        /// `recordRetentionContact`: the manager reached the customer.
        RecordRetentionContact = ("RECORD_RETENTION_CONTACT", "已联系客户", "Customer reached"),
        /// `finishRetention`: the true reason, the offer and the outcome.
        FinishRetention = ("FINISH_RETENTION", "填写挽留结果", "Record the outcome"),
        /// `verifyRetention`: the head checks it and returns it to the desk.
        VerifyRetention = ("VERIFY_RETENTION", "审核", "Verify"),
    }
}

use DisconnectionStatus::*;

/// Every move a request can make.
pub const MACHINE: Machine<DisconnectionStatus> = Machine {
    noun: ("拆机挽留单", "disconnection request"),
    edges: &[
        Edge { action: "dispatch", from: &[Registered], to: Dispatched },
        Edge { action: "contact", from: &[Dispatched], to: Contacted },
        Edge { action: "finish", from: &[Dispatched, Contacted], to: Done },
        Edge { action: "verify", from: &[Done], to: Returned },
    ],
};

/// The customer was not reached in time: reached late, or not yet and the time is up.
pub fn contact_breached(due: DateTime<Utc>, contacted_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    contacted_at.unwrap_or(now) > due
}

/// Not finished in time.
pub fn finish_breached(due: DateTime<Utc>, finished_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    finished_at.unwrap_or(now) > due
}
