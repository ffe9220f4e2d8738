//! The domain's enums as GraphQL enums. The domain defines each one plainly (with
//! `described_enum!` or `string_enum!`, which record its name, documentation and values in
//! [`Described`]); this module gives each the engine's traits from those facts, so the schema
//! reads exactly what the domain says and the domain never names the engine. A new enum used
//! in the API is added to the list below.
use std::{borrow::Cow, sync::OnceLock};

use async_graphql::{
    ContextSelectionSet, InputType, InputValueResult, OutputType, Positioned, ServerResult, Value,
    indexmap::IndexMap,
    parser::types::Field,
    registry::{Deprecation, MetaEnumValue, MetaType, MetaTypeId, Registry},
    resolver_utils::{EnumItem, EnumType, enum_value, parse_enum},
};

use crate::fields::Described;

/// Documentation lines as the engine's derive joins them: each line trimmed, then the whole.
fn description(lines: &[&str]) -> Option<String> {
    let text = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn register<T: Described>(registry: &mut Registry) -> String
where
    T: InputType,
{
    registry.create_input_type::<T, _>(MetaTypeId::Enum, |_| MetaType::Enum {
        name: T::NAME.to_string(),
        description: description(T::DOC),
        enum_values: T::VALUES
            .iter()
            .map(|(_, name, doc)| {
                let value = MetaEnumValue {
                    name: name.to_string(),
                    description: description(doc),
                    deprecation: Deprecation::NoDeprecated,
                    visible: None,
                    inaccessible: false,
                    tags: vec![],
                    directive_invocations: vec![],
                };
                (name.to_string(), value)
            })
            .collect::<IndexMap<_, _>>(),
        visible: None,
        inaccessible: false,
        tags: vec![],
        rust_typename: Some(std::any::type_name::<T>()),
        directive_invocations: vec![],
        requires_scopes: vec![],
    })
}

macro_rules! graphql_enums {
    ($($ty:ty),+ $(,)?) => {$(
        impl EnumType for $ty {
            fn items() -> &'static [EnumItem<Self>] {
                static ITEMS: OnceLock<Vec<EnumItem<$ty>>> = OnceLock::new();
                ITEMS.get_or_init(|| {
                    <$ty as Described>::VALUES.iter().map(|(value, name, _)| EnumItem { name, value: *value }).collect()
                })
            }
        }

        impl InputType for $ty {
            type RawValueType = Self;

            fn type_name() -> Cow<'static, str> {
                Cow::Borrowed(<$ty as Described>::NAME)
            }

            fn create_type_info(registry: &mut Registry) -> String {
                register::<$ty>(registry)
            }

            fn parse(value: Option<Value>) -> InputValueResult<Self> {
                parse_enum(value.unwrap_or_default())
            }

            fn to_value(&self) -> Value {
                enum_value(*self)
            }

            fn as_raw_value(&self) -> Option<&Self::RawValueType> {
                Some(self)
            }
        }

        impl OutputType for $ty {
            fn type_name() -> Cow<'static, str> {
                Cow::Borrowed(<$ty as Described>::NAME)
            }

            fn create_type_info(registry: &mut Registry) -> String {
                register::<$ty>(registry)
            }

            async fn resolve(&self, _: &ContextSelectionSet<'_>, _: &Positioned<Field>) -> ServerResult<Value> {
                Ok(enum_value(*self))
            }
        }
    )+};
}

graphql_enums!(
    crate::approvals::RequestKind,
    crate::approvals::RequestStatus,
    crate::approvals::StepStatus,
    crate::auth::Role,
    crate::auth::OrgKind,
    crate::cadence::CadencePeriod,
    crate::calendar::DayKind,
    crate::catalog::Category,
    crate::catalog::Billing,
    crate::churn::ChurnWarningKind,
    crate::contacts::ContactRole,
    crate::contracts::ContractStatus,
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
    crate::proposals::ProposalStatus,
    crate::proposals::DiscountKind,
    crate::proposals::CustomerDecision,
    crate::tasks::TaskKind,
    crate::tasks::TaskStatus,
    crate::visits::VisitMethod,
    crate::visits::VisitPurpose,
    crate::visits::VisitStatus,
    crate::visits::Satisfaction
);
