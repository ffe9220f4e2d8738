//! Contacts (关键人): the people an account manager deals with inside a group.
pub mod graphql;
pub mod service;

use crate::string_enum;

string_enum! {
    /// What a contact does for us (关键人角色). Decision makers are listed first.
    pub enum ContactRole {
        /// 决策人
        DecisionMaker = ("DECISION_MAKER", "决策人", "Decision maker"),
        /// 联系人
        Liaison = ("LIAISON", "联系人", "Liaison"),
        /// 技术负责人
        Technical = ("TECHNICAL", "技术负责人", "Technical lead"),
        /// 财务
        Finance = ("FINANCE", "财务", "Finance"),
        /// 其他
        Other = ("OTHER", "其他", "Other"),
    }
}

impl ContactRole {
    /// Listing order: decision makers first, then the rest.
    pub fn rank(self) -> u8 {
        match self {
            ContactRole::DecisionMaker => 0,
            _ => 1,
        }
    }
}
