//! SeaORM entities, in the shape `sea-orm-cli generate entity` gives them, with one addition:
//! a column holding one of a closed set of values is typed with that set's enum
//! ([`enums`], defined with [`string_enum!`] in [`values`]; stored as text). Behaviour lives in
//! the application's domain modules, which re-export these.
pub mod app_user;
pub mod approval_matrix;
pub mod approval_request;
pub mod approval_step;
pub mod audit_event;
pub mod calendar_day;
pub mod churn_record;
pub mod churn_warning;
pub mod code_sequence;
pub mod complaint;
pub mod complaint_step;
pub mod contact;
pub mod contract;
pub mod contract_document;
pub mod contract_line;
pub mod customer_group;
pub mod disconnection_request;
pub mod enums;
pub mod fault_ticket;
pub mod group_reassignment;
pub mod installation_job;
pub mod job_lease;
pub mod job_run;
pub mod login_throttle;
pub mod member;
pub mod member_import;
pub mod member_revenue;
pub mod org_unit;
pub mod product;
pub mod product_price;
pub mod proposal;
pub mod proposal_line;
pub mod proposal_version;
pub mod quote_document;
pub mod refresh_token;
pub mod retention_report;
pub mod setting;
pub mod task;
pub mod values;
pub mod visit;

pub mod prelude {
    pub use super::app_user::Entity as AppUser;
    pub use super::approval_matrix::Entity as ApprovalMatrix;
    pub use super::approval_request::Entity as ApprovalRequest;
    pub use super::approval_step::Entity as ApprovalStep;
    pub use super::audit_event::Entity as AuditEvent;
    pub use super::calendar_day::Entity as CalendarDay;
    pub use super::churn_warning::Entity as ChurnWarning;
    pub use super::code_sequence::Entity as CodeSequence;
    pub use super::contact::Entity as Contact;
    pub use super::contract::Entity as Contract;
    pub use super::contract_document::Entity as ContractDocument;
    pub use super::contract_line::Entity as ContractLine;
    pub use super::customer_group::Entity as CustomerGroup;
    pub use super::fault_ticket::Entity as FaultTicket;
    pub use super::group_reassignment::Entity as GroupReassignment;
    pub use super::installation_job::Entity as InstallationJob;
    pub use super::job_lease::Entity as JobLease;
    pub use super::job_run::Entity as JobRun;
    pub use super::member::Entity as Member;
    pub use super::member_import::Entity as MemberImport;
    pub use super::member_revenue::Entity as MemberRevenue;
    pub use super::org_unit::Entity as OrgUnit;
    pub use super::product::Entity as Product;
    pub use super::product_price::Entity as ProductPrice;
    pub use super::proposal::Entity as Proposal;
    pub use super::proposal_line::Entity as ProposalLine;
    pub use super::proposal_version::Entity as ProposalVersion;
    pub use super::refresh_token::Entity as RefreshToken;
    pub use super::retention_report::Entity as RetentionReport;
    pub use super::setting::Entity as Setting;
    pub use super::task::Entity as Task;
    pub use super::visit::Entity as Visit;
}
