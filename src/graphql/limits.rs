//! Checks that bound the work of any request before the engine validates it: the number of
//! tokens (counted before parsing), the size and depth of the selection once fragments are
//! expanded (each fragment measured once, so a fragment that spreads the next one twice
//! costs nothing to measure however deep it goes), and the text of every string the client
//! sent. Validation and execution then only ever see documents of bounded size.
use std::collections::HashMap;

use async_graphql::{
    Name, Positioned, Value as ConstValue, Variables,
    parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet},
};
use async_graphql_value::Value;

/// Most lexical tokens in one document (graphql-armor's default is 1000; the app's largest
/// operation with its fragments is well under this).
pub const MAX_TOKENS: usize = 2_000;
/// Most field selections in one operation with every fragment spread expanded.
pub const MAX_SELECTIONS: usize = 5_000;

/// Why a document was refused before validation.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    TooManyTokens,
    TooManySelections(usize),
    TooDeep(usize),
    FragmentCycle(String),
    ControlCharacter,
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Self::TooManyTokens => format!("Query is too large: more than {MAX_TOKENS} tokens."),
            Self::TooManySelections(n) => {
                format!(
                    "Query is too complex: {n} field selections once fragments are expanded (at most {MAX_SELECTIONS})."
                )
            }
            Self::TooDeep(d) => format!("Query is nested too deep: depth {d} (at most {}).", super::MAX_DEPTH),
            Self::FragmentCycle(name) => format!("Fragment \"{name}\" spreads itself."),
            Self::ControlCharacter => {
                "Text may not contain control characters other than tab and line breaks.".to_string()
            }
        }
    }

    /// The message for a person typing text; the other refusals speak to developers, in
    /// English like the engine's own errors.
    pub fn message_in(&self, lang: crate::state::Lang) -> String {
        match (self, lang) {
            (Self::ControlCharacter, crate::state::Lang::Zh) => "文本不能包含控制字符（制表符和换行除外）".to_string(),
            _ => self.message(),
        }
    }

    pub fn is_limit(&self) -> bool {
        matches!(self, Self::TooManyTokens | Self::TooManySelections(_) | Self::TooDeep(_))
    }
}

/// Counts GraphQL tokens (names, numbers, strings, punctuators; not white space, commas or
/// comments), stopping as soon as `max` is passed. Linear in the text, allocation-free.
pub fn count_tokens(text: &str, max: usize) -> Result<usize, Refusal> {
    let b = text.as_bytes();
    let (mut i, mut n) = (0, 0usize);
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < b.len() && !b[i..].starts_with(b"\"\"\"") {
                    i += if b[i..].starts_with(b"\\\"\"\"") { 4 } else { 1 };
                }
                i += 3;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'.' if b[i..].starts_with(b"...") => i += 3,
            c if c == b'_' || c.is_ascii_alphabetic() => {
                while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
            }
            c if c == b'-' || c.is_ascii_digit() => {
                i += 1;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'+' | b'-')) {
                    i += 1;
                }
            }
            _ => i += 1,
        }
        n += 1;
        if n > max {
            return Err(Refusal::TooManyTokens);
        }
    }
    Ok(n)
}

const INTROSPECTION_ROOTS: [&str; 2] = ["__schema", "__type"];

/// Size (field selections) and depth of a selection set with its fragments expanded.
#[derive(Clone, Copy, Default)]
struct Shape {
    selections: usize,
    depth: usize,
}

struct Measure<'a> {
    doc: &'a ExecutableDocument,
    done: HashMap<&'a str, Shape>,
    visiting: Vec<&'a str>,
}

impl<'a> Measure<'a> {
    fn fragment(&mut self, name: &'a Name) -> Result<Shape, Refusal> {
        if let Some(s) = self.done.get(name.as_str()) {
            return Ok(*s);
        }
        if self.visiting.contains(&name.as_str()) {
            return Err(Refusal::FragmentCycle(name.to_string()));
        }
        // An unknown fragment is left to validation to name.
        let Some(def) = self.doc.fragments.get(name) else { return Ok(Shape::default()) };
        self.visiting.push(name.as_str());
        let shape = self.set(&def.node.selection_set.node);
        self.visiting.pop();
        let shape = shape?;
        self.done.insert(name.as_str(), shape);
        Ok(shape)
    }

    fn set(&mut self, set: &'a SelectionSet) -> Result<Shape, Refusal> {
        let mut total = Shape::default();
        for item in &set.items {
            let inner = match &item.node {
                Selection::Field(f) => {
                    let child = self.set(&f.node.selection_set.node)?;
                    // Introspection is answered from the schema, not the database: tools'
                    // deep `ofType` chains do not count toward the depth limit.
                    let introspection = INTROSPECTION_ROOTS.contains(&f.node.name.node.as_str());
                    Shape {
                        selections: child.selections.saturating_add(1),
                        depth: if introspection { 0 } else { child.depth + 1 },
                    }
                }
                Selection::InlineFragment(f) => self.set(&f.node.selection_set.node)?,
                Selection::FragmentSpread(s) => self.fragment(&s.node.fragment_name.node)?,
            };
            total.selections = total.selections.saturating_add(inner.selections);
            total.depth = total.depth.max(inner.depth);
        }
        Ok(total)
    }
}

/// Refuses a document whose operations, fragments expanded, select more than
/// [`MAX_SELECTIONS`] fields or nest deeper than `max_depth`, or whose fragments spread
/// themselves. Each fragment is measured once.
pub fn check_shape(doc: &ExecutableDocument, max_depth: usize) -> Result<(), Refusal> {
    let mut m = Measure { doc, done: HashMap::new(), visiting: Vec::new() };
    let sets: Vec<&SelectionSet> = match &doc.operations {
        DocumentOperations::Single(op) => vec![&op.node.selection_set.node],
        DocumentOperations::Multiple(ops) => ops.values().map(|op| &op.node.selection_set.node).collect(),
    };
    let mut selections = 0usize;
    for set in sets {
        let s = m.set(set)?;
        if s.depth > max_depth {
            return Err(Refusal::TooDeep(s.depth));
        }
        selections = selections.saturating_add(s.selections);
    }
    // Fragments no operation uses are refused by validation; they must not cost more first.
    for name in doc.fragments.keys() {
        let s = m.fragment(name)?;
        selections = selections.saturating_add(s.selections);
    }
    if selections > MAX_SELECTIONS {
        return Err(Refusal::TooManySelections(selections));
    }
    Ok(())
}

/// A hostile document, for tests and benchmarks: each fragment spreads the next one twice,
/// `levels` deep, so it selects about 2^levels fields once expanded.
pub fn fragment_bomb(levels: usize) -> String {
    let mut q = String::from("{ me { ...U0 } }\n");
    for i in 0..levels {
        q.push_str(&format!("fragment U{i} on User {{ orgUnit {{ id }} ...U{n} ...U{n} }}\n", n = i + 1));
    }
    q.push_str(&format!("fragment U{levels} on User {{ id }}\n"));
    q
}

/// Control characters a text may carry: tab and line breaks. Anything else (NUL above all,
/// which PostgreSQL cannot store) is refused the same way on every engine.
pub fn is_clean_text(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

fn clean_const(v: &ConstValue) -> bool {
    match v {
        ConstValue::String(s) => is_clean_text(s),
        ConstValue::List(items) => items.iter().all(clean_const),
        ConstValue::Object(fields) => fields.iter().all(|(k, v)| is_clean_text(k) && clean_const(v)),
        _ => true,
    }
}

fn clean_value(v: &Value) -> bool {
    match v {
        Value::String(s) => is_clean_text(s),
        Value::List(items) => items.iter().all(clean_value),
        Value::Object(fields) => fields.values().all(clean_value),
        _ => true,
    }
}

fn clean_args(args: &[(Positioned<Name>, Positioned<Value>)]) -> bool {
    args.iter().all(|(_, v)| clean_value(&v.node))
}

fn clean_set(set: &SelectionSet) -> bool {
    set.items.iter().all(|item| match &item.node {
        Selection::Field(f) => {
            clean_args(&f.node.arguments)
                && f.node.directives.iter().all(|d| clean_args(&d.node.arguments))
                && clean_set(&f.node.selection_set.node)
        }
        Selection::InlineFragment(f) => clean_set(&f.node.selection_set.node),
        Selection::FragmentSpread(_) => true,
    })
}

/// Refuses control characters in every string the client sent: the variables and the
/// literals written in the document (arguments and variable defaults).
pub fn check_text(doc: &ExecutableDocument, variables: &Variables) -> Result<(), Refusal> {
    let ops: Vec<_> = match &doc.operations {
        DocumentOperations::Single(op) => vec![op],
        DocumentOperations::Multiple(ops) => ops.values().collect(),
    };
    let ok = variables.iter().all(|(_, v)| clean_const(v))
        && ops.iter().all(|op| {
            clean_set(&op.node.selection_set.node)
                && op
                    .node
                    .variable_definitions
                    .iter()
                    .all(|d| d.node.default_value.as_ref().is_none_or(|v| clean_const(&v.node)))
        })
        && doc.fragments.values().all(|f| clean_set(&f.node.selection_set.node));
    if ok { Ok(()) } else { Err(Refusal::ControlCharacter) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(q: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(q).unwrap()
    }

    #[test]
    fn tokens_are_counted_like_the_graphql_lexer() {
        assert_eq!(count_tokens("{ a(x: -1.5e3, y: \"s, t\") { ...F } } # c d e", 100), Ok(15));
        assert_eq!(count_tokens("\"\"\" a \\\"\"\" b \"\"\" { x }", 100), Ok(4));
        assert_eq!(count_tokens(&"a ".repeat(50), 10), Err(Refusal::TooManyTokens));
    }

    #[test]
    fn a_fragment_bomb_is_measured_without_expanding_it() {
        let started = std::time::Instant::now();
        let r = check_shape(&doc(&fragment_bomb(60)), 12);
        assert!(matches!(r, Err(Refusal::TooManySelections(_))), "{r:?}");
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
        assert_eq!(check_shape(&doc(&fragment_bomb(3)), 12), Ok(()));
    }

    #[tokio::test]
    async fn the_schema_refuses_a_bomb_before_validating_it() {
        let schema = crate::graphql::guard::Guarded::new(
            crate::graphql::schema_builder().finish(),
            crate::graphql::persisted::Persisted::from_manifest(None),
        );
        let resp = tokio::time::timeout(std::time::Duration::from_secs(5), schema.execute(fragment_bomb(30)))
            .await
            .expect("refused in bounded time");
        assert!(resp.errors[0].message.contains("fragments are expanded"), "{:?}", resp.errors);
    }

    #[test]
    fn depth_counts_fragments_but_not_introspection() {
        let deep = "{ a { b { c { d } } } }";
        assert_eq!(check_shape(&doc(deep), 3), Err(Refusal::TooDeep(4)));
        let via_fragment = "{ a { ...F } } fragment F on A { b { c { d } } }";
        assert_eq!(check_shape(&doc(via_fragment), 3), Err(Refusal::TooDeep(4)));
        let tools = "{ __schema { types { ofType { ofType { ofType { ofType { name } } } } } } }";
        assert_eq!(check_shape(&doc(tools), 3), Ok(()));
    }

    #[test]
    fn cycles_are_refused() {
        let q = "{ me { ...A } } fragment A on User { ...B } fragment B on User { ...A }";
        assert!(matches!(check_shape(&doc(q), 12), Err(Refusal::FragmentCycle(_))));
    }

    #[test]
    fn control_characters_are_found_in_variables_and_literals() {
        let vars = |v: serde_json::Value| Variables::from_json(v);
        let q = doc("query($a: String = \"ok\") { f(x: \"fine\\n\\ttext\") }");
        assert_eq!(check_text(&q, &vars(serde_json::json!({ "a": "line\r\nbreak" }))), Ok(()));
        assert_eq!(
            check_text(&q, &vars(serde_json::json!({ "a": { "b": ["x\u{0}"] } }))),
            Err(Refusal::ControlCharacter)
        );
        let lit = doc("{ f(x: { y: \"a\\u0000b\" }) }");
        assert_eq!(check_text(&lit, &Variables::default()), Err(Refusal::ControlCharacter));
        let default = doc("query($a: String = \"\\u001b[31m\") { f(x: $a) }");
        assert_eq!(check_text(&default, &Variables::default()), Err(Refusal::ControlCharacter));
    }
}
