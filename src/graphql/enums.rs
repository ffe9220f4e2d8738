//! The domain's enums as GraphQL enums, and their labels. The domain defines each one plainly (with
//! `described_enum!` or `string_enum!`, which record its name, documentation and values in
//! [`Described`]); this module gives each the engine's traits from those facts, so the schema
//! reads exactly what the domain says and the domain never names the engine. A new enum used
//! in the API is added to the list below.
//!
//! The labels (zh-CN and English) are written once, on each value in the domain. Clients read
//! them with `enumLabels`; the web app's table (`frontend/src/i18n/labels.json`) is generated
//! from them (`cargo run --bin export-schema -- --labels`) and a test keeps it current.
use std::{borrow::Cow, sync::OnceLock};

use async_graphql::{
    Context, ContextSelectionSet, InputType, InputValueResult, Object, OutputType, Positioned, ServerResult,
    SimpleObject, Value,
    indexmap::IndexMap,
    parser::types::Field,
    registry::{Deprecation, MetaEnumValue, MetaType, MetaTypeId, Registry},
    resolver_utils::{EnumItem, EnumType, enum_value, parse_enum},
};

use crate::{error::AppError, fields::Described, graphql::ContextExt, state::Lang};

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
            .map(|v| {
                let value = MetaEnumValue {
                    name: v.name.to_string(),
                    description: description(v.doc),
                    deprecation: Deprecation::NoDeprecated,
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
        rust_typename: Some(std::any::type_name::<T>()),
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

macro_rules! graphql_enums {
    ($($ty:ty),+ $(,)?) => {
        /// Every value of every enum the API has, in order.
        fn all_labels(lang: Lang) -> impl Iterator<Item = EnumLabel> {
            std::iter::empty()$(.chain(labels_of::<$ty>(lang)))+
        }
        $(
        impl EnumType for $ty {
            fn items() -> &'static [EnumItem<Self>] {
                static ITEMS: OnceLock<Vec<EnumItem<$ty>>> = OnceLock::new();
                ITEMS.get_or_init(|| {
                    <$ty as Described>::VALUES.iter().map(|v| EnumItem { name: v.name, value: v.value }).collect()
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
