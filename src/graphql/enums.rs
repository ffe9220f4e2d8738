//! The domain's enums as GraphQL enums, and their labels. The domain defines each one plainly
//! (with `string_enum!`, which records its name, documentation and values in [`Described`]);
//! the API presents it wrapped in [`Gql`], whose engine traits read those facts, so the schema
//! reads exactly what the domain says and the domain never names the engine. A new enum used
//! in the API is added to the list below.
//!
//! The labels (zh-CN and English) are written once, on each value in the domain. Clients read
//! them with `enumLabels`; the web app's table (`frontend/src/i18n/labels.json`) is generated
//! from them (`cargo run --bin export-schema -- --labels`) and a test keeps it current.
use std::borrow::Cow;

use async_graphql::{
    Context, ContextSelectionSet, InputType, InputValueError, InputValueResult, Name, Object, OutputType, Positioned,
    ServerResult, SimpleObject, Value,
    indexmap::IndexMap,
    parser::types::Field,
    registry::{Deprecation, MetaEnumValue, MetaType, MetaTypeId, Registry},
};

use crate::{error::AppError, fields::Described, graphql::ContextExt, state::Lang};

/// Documentation lines as the engine's derive joins them: each line trimmed, then the whole.
fn description(lines: &[&str]) -> Option<String> {
    let text = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn register<T: Described>(registry: &mut Registry) -> String {
    registry.create_input_type::<Gql<T>, _>(MetaTypeId::Enum, |_| MetaType::Enum {
        name: T::NAME.to_string(),
        description: description(T::DOC),
        enum_values: T::VALUES
            .iter()
            .map(|v| {
                let value = MetaEnumValue {
                    name: v.name.to_string(),
                    description: description(v.doc),
                    deprecation: match v.deprecated {
                        Some(reason) => Deprecation::Deprecated { reason: Some(reason.to_string()) },
                        None => Deprecation::NoDeprecated,
                    },
                    visible: None,
                    inaccessible: false,
                    tags: vec![],
                    directive_invocations: vec![],
                };
                (v.name.to_string(), value)
            })
            .collect::<IndexMap<_, _>>(),
        visible: None,
        inaccessible: false,
        tags: vec![],
        rust_typename: Some(std::any::type_name::<Gql<T>>()),
        directive_invocations: vec![],
        requires_scopes: vec![],
    })
}

/// One value's labels.
#[derive(SimpleObject, Clone, Debug, PartialEq, Eq)]
pub struct EnumLabel {
    /// The enum type, e.g. `ProposalStatus`.
    pub type_name: &'static str,
    /// The value, e.g. `SENT`.
    pub value: &'static str,
    /// The label in the caller's language (`Accept-Language`; zh-CN by default).
    pub label: &'static str,
    /// The zh-CN label (also accepted by imports).
    pub zh: &'static str,
    /// The English label.
    pub en: &'static str,
}

fn labels_of<T: Described>(lang: Lang) -> impl Iterator<Item = EnumLabel> {
    T::VALUES.iter().map(move |v| EnumLabel {
        type_name: T::NAME,
        value: v.name,
        label: if lang == Lang::En { v.en } else { v.zh },
        zh: v.zh,
        en: v.en,
    })
}

/// The labels the web app ships: every value of every enum, in each enum's own order, as JSON
/// `{ "ProposalStatus": [{ "value": "DRAFT", "zh": "草稿", "en": "Draft" }, …], … }`.
pub fn labels_json() -> String {
    let mut table = serde_json::Map::new();
    for l in all_labels(Lang::Zh) {
        let entry = table.entry(l.type_name).or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if let serde_json::Value::Array(values) = entry {
            values.push(serde_json::json!({ "value": l.value, "zh": l.zh, "en": l.en }));
        }
    }
    let mut text = serde_json::to_string_pretty(&table).unwrap_or_default();
    text.push('\n');
    text
}

/// The longest enum type name a client may ask for.
const MAX_TYPE_NAME: usize = 100;

#[derive(Default)]
pub struct LabelQuery;

#[Object]
impl LabelQuery {
    /// The label of every value of the API's enums (or of one enum), in the caller's language
    /// and in both: what to show for a state or kind. Needs no sign-in.
    async fn enum_labels(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this enum type, e.g. `ContractStatus`.")] type_name: Option<String>,
    ) -> async_graphql::Result<Vec<EnumLabel>> {
        if type_name.as_ref().is_some_and(|t| t.chars().count() > MAX_TYPE_NAME) {
            return Err(AppError::bad_input("类型名过长", "The type name is too long").into());
        }
        Ok(all_labels(ctx.lang()).filter(|l| type_name.as_deref().is_none_or(|t| t == l.type_name)).collect())
    }
}

/// A domain enum in the API: the value, presented as the GraphQL enum its [`Described`] facts
/// define (same name, values and documentation). The domain's enums are defined beside the
/// tables that store them, so the API wraps them rather than implementing the engine's traits
/// on them directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Gql<T>(pub T);

impl<T> From<T> for Gql<T> {
    fn from(v: T) -> Self {
        Gql(v)
    }
}

impl<T> std::ops::Deref for Gql<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Described> Gql<T> {
    fn to_enum_value(self) -> Value {
        Value::Enum(Name::new(self.0.facts().name))
    }
}

impl<T: Described> InputType for Gql<T> {
    type RawValueType = T;

    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed(T::NAME)
    }

    fn create_type_info(registry: &mut Registry) -> String {
        register::<T>(registry)
    }

    fn parse(value: Option<Value>) -> InputValueResult<Self> {
        let value = value.unwrap_or_default();
        let name = match &value {
            Value::Enum(name) => name.as_str(),
            Value::String(name) => name.as_str(),
            _ => return Err(InputValueError::expected_type(value)),
        };
        T::from_name(name)
            .map(Gql)
            .ok_or_else(|| InputValueError::custom(format!(r#"Enumeration type does not contain value "{name}"."#)))
    }

    fn to_value(&self) -> Value {
        self.to_enum_value()
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(&self.0)
    }
}

impl<T: Described> OutputType for Gql<T> {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed(T::NAME)
    }

    fn create_type_info(registry: &mut Registry) -> String {
        register::<T>(registry)
    }

    async fn resolve(&self, _: &ContextSelectionSet<'_>, _: &Positioned<Field>) -> ServerResult<Value> {
        Ok(self.to_enum_value())
    }
}

macro_rules! graphql_enums {
    ($($ty:ty),+ $(,)?) => {
        /// Every value of every enum the API has, in order.
        fn all_labels(lang: Lang) -> impl Iterator<Item = EnumLabel> {
            std::iter::empty()$(.chain(labels_of::<$ty>(lang)))+
        }

        #[cfg(test)]
        fn check_every_enum(check: &mut dyn FnMut(&'static str, Vec<(&'static str, Value, Option<&'static str>)>)) {
            $(check(<$ty as Described>::NAME, tests::round_trips::<$ty>());)+
        }
    };
}

// Every enum the API presents, for `enumLabels` and the app's table (a new one is added here).
graphql_enums!(
    crate::approvals::RequestKind,
    crate::approvals::RequestStatus,
    crate::approvals::StepStatus,
    crate::auth::Role,
    crate::auth::OrgKind,
    crate::arrears::ArrearsAction,
    crate::arrears::ArrearsStatus,
    crate::billing::AdjustmentAction,
    crate::billing::AdjustmentCause,
    crate::billing::AdjustmentStatus,
    crate::billing::OrgFunction,
    crate::cadence::CadencePeriod,
    crate::calendar::DayKind,
    crate::catalog::Category,
    crate::catalog::Billing,
    crate::churn::ChurnWarningKind,
    crate::churn::monitor::Handling,
    crate::competition::CompetitionReportStatus,
    crate::dayplan::PlanClosure,
    crate::dayplan::PlanItemStatus,
    crate::dayplan::PlanMatter,
    crate::dayplan::PlanMeans,
    crate::dayplan::PlanPriority,
    crate::complaints::ComplaintAction,
    crate::complaints::ComplaintCategory,
    crate::complaints::ComplaintChannel,
    crate::complaints::ComplaintSeverity,
    crate::complaints::ComplaintStatus,
    crate::complaints::ComplaintStepKind,
    crate::complaints::HandlingUnit,
    crate::retention::ChurnReason,
    crate::retention::DisconnectionAction,
    crate::retention::DisconnectionStatus,
    crate::retention::RetentionOutcome,
    crate::contacts::ContactRole,
    crate::contracts::ContractStatus,
    crate::contracts::ContractAction,
    crate::contracts::DocumentKind,
    crate::contracts::DocumentStatus,
    crate::error::UserErrorCode,
    crate::groups::GroupKind,
    crate::groups::Segment,
    crate::groups::ValueClass,
    crate::groups::ServiceTier,
    crate::groups::GroupStatus,
    crate::installs::JobStatus,
    crate::installs::FaultStatus,
    crate::installs::JobAction,
    crate::installs::FaultAction,
    crate::jobs::JobRunStatus,
    crate::members::import::ImportMode,
    crate::members::import::ImportStatus,
    crate::members::VipLevel,
    crate::members::Carrier,
    crate::members::MemberStatus,
    crate::members::ValueBand,
    crate::numbers::NumberGrade,
    crate::numbers::NumberStatus,
    crate::pipeline::Stage,
    crate::summaries::SummaryPeriod,
    crate::summaries::SummaryStatus,
    crate::reports::InfoReportKind,
    crate::reports::InfoUrgency,
    crate::reports::InfoReportStatus,
    crate::reports::InfoRecipientReason,
    crate::resources::ResourceKind,
    crate::resources::ResourceStatus,
    crate::resources::Expertise,
    crate::proposals::ProposalStatus,
    crate::proposals::DiscountKind,
    crate::proposals::CustomerDecision,
    crate::proposals::ProposalAction,
    crate::tasks::TaskKind,
    crate::tasks::TaskStatus,
    crate::visits::VisitMethod,
    crate::visits::VisitPurpose,
    crate::visits::VisitStatus,
    crate::visits::Satisfaction,
    crate::worklog::LogKind
);

#[cfg(test)]
mod tests {
    use super::*;

    /// For each value of `T`: its API name, what the API writes for it, and the name the
    /// API's reading of that output gives back.
    pub(super) fn round_trips<T: Described>() -> Vec<(&'static str, Value, Option<&'static str>)> {
        T::VALUES
            .iter()
            .map(|f| {
                let out = Gql(f.value).to_value();
                let back = <Gql<T> as InputType>::parse(Some(out.clone())).ok().map(|v| v.0.facts().name);
                (f.name, out, back)
            })
            .collect()
    }

    #[test]
    fn every_value_is_written_and_read_by_its_own_name() {
        let mut checked = 0;
        check_every_enum(&mut |ty, values| {
            assert!(!values.is_empty(), "{ty} has values");
            for (name, out, back) in values {
                assert_eq!(out, Value::Enum(Name::new(name)), "{ty}.{name} is written as itself");
                assert_eq!(back, Some(name), "{ty}.{name} reads back as itself");
                checked += 1;
            }
        });
        assert!(checked > 100, "{checked} values checked");
    }

    #[test]
    fn an_unknown_value_is_refused_by_name() {
        let e = <Gql<crate::proposals::ProposalStatus> as InputType>::parse(Some(Value::Enum(Name::new("SIGNED"))))
            .unwrap_err()
            .into_server_error(Default::default());
        assert!(e.message.contains("\"SIGNED\""), "{}", e.message);
        assert!(<Gql<crate::proposals::ProposalStatus> as InputType>::parse(Some(Value::Number(1.into()))).is_err());
    }
}
