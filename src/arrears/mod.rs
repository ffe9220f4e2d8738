//! Arrears collection (欠费催缴, rule 16): billing's lists of overdue accounts become collection
//! items for the groups' managers; a call or letter comes first (a `COLLECTION` visit agreeing a
//! date and place), a printed notice (欠费通知单) only once that date passed unpaid, and payments
//! are recorded against official receipts. Members about to be suspended are watched too (不轻易
//! 停机): a high-value one raises a reminder three days before.
pub mod graphql;
pub mod import;
pub mod service;

use chrono::NaiveDate;

use crate::machine::{Edge, Machine};

pub use entity::enums::ArrearsStatus;

crate::string_enum! {
    /// Something a viewer may do with a collection item: each value is named after its mutation
    /// (the call or letter is a visit logged with `logVisit`'s `arrears`).
    pub enum ArrearsAction {
        /// `logVisit` with `arrears`: a `COLLECTION` visit telling the amount and age and agreeing a date and place.
        LogCollectionContact = ("LOG_COLLECTION_CONTACT", "电话/信函催缴", "Call or write"),
        /// `issueArrearsNotice`: the printed arrears notice, once the agreed date passed unpaid.
        IssueArrearsNotice = ("ISSUE_ARREARS_NOTICE", "打印欠费通知单", "Print the arrears notice"),
        /// `recordArrearsPayment`: a payment with its official receipt number.
        RecordArrearsPayment = ("RECORD_ARREARS_PAYMENT", "登记缴费", "Record a payment"),
    }
}

use ArrearsStatus::*;

/// Rule 16's order: contact first (again if need be), a notice only after contact, payment at
/// any time (a part payment leaves the item where it stands; the one that clears it closes it).
pub const MACHINE: Machine<ArrearsStatus> = Machine {
    noun: ("催缴单", "collection item"),
    edges: &[
        Edge { action: "contact", from: &[Open, Contacted, Noticed], to: Contacted },
        Edge { action: "notice", from: &[Contacted, Noticed], to: Noticed },
        Edge { action: "pay", from: &[Open, Contacted, Noticed], to: Paid },
    ],
};

/// The first day a notice may be printed: the day after the agreed date (rule 16: only once it
/// passed unpaid).
pub fn notice_from(agreed_on: NaiveDate) -> NaiveDate {
    agreed_on.succ_opt().unwrap_or(agreed_on)
}

/// The age bands of the figures, by months overdue: 1, 2, 3, 4–6, over 6.
pub const AGE_BANDS: [(i32, i32); 5] = [(1, 1), (2, 2), (3, 3), (4, 6), (7, i32::MAX)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_needs_a_contact_first() {
        assert!(MACHINE.next(Open, "notice").is_err(), "no notice before the call or letter");
        assert_eq!(MACHINE.next(Contacted, "notice").unwrap(), Noticed);
        assert_eq!(MACHINE.next(Noticed, "pay").unwrap(), Paid);
        assert!(MACHINE.next(Paid, "contact").is_err(), "a paid item is done");
    }

    #[test]
    fn the_notice_waits_until_the_agreed_date_has_passed() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 31).unwrap();
        assert_eq!(notice_from(d), NaiveDate::from_ymd_opt(2027, 4, 1).unwrap());
    }
}
