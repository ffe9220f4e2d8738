//! Closed sets of values (statuses, kinds, roles): each is written once with [`string_enum!`],
//! which gives it its stored name, its labels and its documentation, and makes it a column
//! type (stored as its name in a text column), so a model's `status` is a `ProposalStatus`,
//! not a string to re-parse.

/// One value of a closed set: its stored (and API) name, its labels, its documentation.
pub struct Facts<T: 'static> {
    pub value: T,
    /// The stored and API name, e.g. `ACCOUNT_MANAGER`.
    pub name: &'static str,
    /// The label users know (中文), also accepted in imports.
    pub zh: &'static str,
    /// The English label.
    pub en: &'static str,
    /// The documentation, line by line.
    pub doc: &'static [&'static str],
    /// Why the value is deprecated (no longer produced, kept so clients keep working), if it is.
    pub deprecated: Option<&'static str>,
}

/// What a closed set of values says about itself: its name and documentation, and each
/// value's [`Facts`]. The set is defined once; whoever presents the values (the API's
/// schema, the labels the app shows, a state machine's refusals) reads it.
pub trait Described: Copy + Eq + Send + Sync + 'static {
    /// The type's name, e.g. `ProposalStatus`.
    const NAME: &'static str;
    /// The type's documentation, line by line.
    const DOC: &'static [&'static str];
    /// Every value, in order.
    const VALUES: &'static [Facts<Self>];

    /// This value's facts.
    fn facts(self) -> &'static Facts<Self>;

    /// The value whose stored (and API) name is `name`.
    fn from_name(name: &str) -> Option<Self> {
        Self::VALUES.iter().find(|f| f.name == name).map(|f| f.value)
    }
}

#[doc(hidden)]
pub mod __private {
    pub use serde;

    /// `Some(reason)` for a deprecated value, `None` otherwise.
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __deprecation {
        () => {
            None
        };
        ($reason:literal) => {
            Some($reason)
        };
    }
}

/// Defines an enum stored as its SCREAMING_SNAKE_CASE name, with its zh-CN and English labels
/// and its [`Described`] facts (taken from the doc comments): the one place each value's name
/// and labels are written. The enum is a column type (`sea_orm::ActiveEnum` over text) and
/// serialises as its name. A value no longer produced is marked
/// `Old = ("OLD", "旧", "Old", deprecated = "Use NEW")` and stays readable.
#[macro_export]
macro_rules! string_enum {
    ($(#[doc = $doc:literal])* $vis:vis enum $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = ($db:literal, $zh:literal, $en:literal $(, deprecated = $dep:literal)?)),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
        #[sea_orm(rs_type = "String", db_type = "Text")]
        $vis enum $name { $($(#[doc = $vdoc])* #[sea_orm(string_value = $db)] $variant),+ }

        impl $crate::values::Described for $name {
            const NAME: &'static str = stringify!($name);
            const DOC: &'static [&'static str] = &[$($doc),*];
            const VALUES: &'static [$crate::values::Facts<$name>] = &[$($crate::values::Facts {
                value: $name::$variant,
                name: $db,
                zh: $zh,
                en: $en,
                doc: &[$($vdoc),*],
                deprecated: $crate::__deprecation!($($dep)?),
            }),+];

            fn facts(self) -> &'static $crate::values::Facts<Self> {
                // The values are listed in declaration order, so a value's index is its discriminant.
                &<Self as $crate::values::Described>::VALUES[self as usize]
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored (and API) name.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $db),+ }
            }

            /// The label users know (中文).
            pub const fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// The English label.
            pub const fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// The value whose stored (and API) name is `s`.
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }

            /// Reads a value as people type it in a spreadsheet: the API name in any case, or the zh-CN label.
            pub fn from_label(s: &str) -> Option<Self> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(s) || v.label_zh() == s)
            }
        }

        impl $crate::values::__private::serde::Serialize for $name {
            fn serialize<S: $crate::values::__private::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::values::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::values::__private::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as $crate::values::__private::serde::Deserialize>::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| {
                    <D::Error as $crate::values::__private::serde::de::Error>::custom(format!("unknown {} {s:?}", stringify!($name)))
                })
            }
        }
    };
}
