//! The request guard: the document limits, and the one place where every error in a response
//! gets its `extensions.code` and is localised.
use std::{
    num::NonZeroUsize,
    sync::{Arc, Mutex},
};

use async_graphql::{
    Data, Executor, Pos, Request, Response, ServerError, ServerResult, Value,
    futures_util::{
        StreamExt,
        stream::{self, BoxStream},
    },
    parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet},
};

use super::{errors::MESSAGE_EN, limits};
use crate::{
    error::ErrorCode,
    state::{Lang, RequestMeta},
};

pub const MAX_ALIASES: usize = 15;

/// How many accepted documents are kept, and the longest text kept.
const CACHED_DOCUMENTS: usize = 256;
const CACHEABLE_TEXT: usize = 16 * 1024;

/// Documents already parsed and accepted, by their exact text. An app sends the same few
/// dozen queries over and over: a repeat skips counting, parsing and the shape checks (the
/// engine still validates it against the schema). Refused documents are never kept.
pub struct Documents(Mutex<lru::LruCache<String, Arc<ExecutableDocument>>>);

impl Default for Documents {
    fn default() -> Self {
        Self(Mutex::new(lru::LruCache::new(NonZeroUsize::new(CACHED_DOCUMENTS).expect("non-zero"))))
    }
}

impl Documents {
    fn get(&self, text: &str) -> Option<Arc<ExecutableDocument>> {
        self.0.lock().ok()?.get(text).cloned()
    }

    fn keep(&self, text: &str, doc: &ExecutableDocument) {
        if text.len() <= CACHEABLE_TEXT
            && let Ok(mut cache) = self.0.lock()
        {
            cache.put(text.to_string(), Arc::new(doc.clone()));
        }
    }
}

/// The schema behind its guard. Every request passes [`Guarded::prepare`] before the engine
/// sees it and [`finish`] after, so the engine runs without extensions: an extension, even one
/// that only watches the request, makes the engine build a resolve context and look the
/// field's type up in the registry for every field and list item of every response.
#[derive(Clone)]
pub struct Guarded {
    schema: super::EngineSchema,
    documents: Arc<Documents>,
    persisted: Arc<super::persisted::Persisted>,
}

/// The language a request asked for, from its own data or its connection's.
fn lang_in(data: &Data) -> Option<Lang> {
    data.get(&std::any::TypeId::of::<RequestMeta>()).and_then(|m| m.downcast_ref::<RequestMeta>()).map(|m| m.lang)
}

impl Guarded {
    pub fn new(schema: super::EngineSchema, persisted: super::persisted::Persisted) -> Self {
        Self { schema, documents: Arc::default(), persisted: Arc::new(persisted) }
    }

    /// The documents known by hash (the app's trusted ones, and those clients registered).
    pub fn persisted(&self) -> &super::persisted::Persisted {
        &self.persisted
    }

    /// Runs one request: refused before the engine sees it if its document is out of bounds,
    /// and every error in the answer coded and localised.
    pub async fn execute(&self, request: impl Into<Request>) -> Response {
        let request = request.into();
        let lang = lang_in(&request.data).unwrap_or_default();
        let response = match self.prepare(request, lang) {
            Ok(request) => self.schema.execute(request).await,
            Err(refusal) => Response::from_errors(vec![refusal]),
        };
        finish(response, lang)
    }

    /// Everything here is linear in the text and runs before the engine looks at the
    /// document (its own recursion and directive checks walk every fragment spread, so they
    /// must only ever see a document whose expanded size is already known to be bounded).
    /// The document parsed here is handed on, so it is parsed once.
    fn prepare(&self, mut request: Request, lang: Lang) -> ServerResult<Request> {
        let refused = |r: limits::Refusal| {
            let code = if r.is_limit() { ErrorCode::TooComplex } else { ErrorCode::BadUserInput };
            refused_with(r.message_in(lang), code)
        };
        // The app's own documents are known in advance, as the app means them.
        let trusted = self.persisted.trusted_document(&request.query).cloned();
        let (doc, fresh) = match trusted.or_else(|| self.documents.get(&request.query).map(|d| (*d).clone())) {
            Some(known) => (known, false),
            None => {
                limits::count_tokens(&request.query, limits::MAX_TOKENS).map_err(refused)?;
                let doc = async_graphql::parser::parse_query(&request.query).map_err(ServerError::from)?;
                let aliases = aliases_in(&doc);
                if aliases > MAX_ALIASES {
                    return Err(refused_with(
                        format!("Too many aliases: {aliases} (at most {MAX_ALIASES})."),
                        ErrorCode::TooComplex,
                    ));
                }
                limits::check_shape(&doc, super::MAX_DEPTH).map_err(refused)?;
                (doc, true)
            }
        };
        // The variables are new each time, so their text is always checked.
        limits::check_text(&doc, &request.variables).map_err(refused)?;
        if fresh {
            self.documents.keep(&request.query, &doc);
        }
        request.set_parsed_query(doc);
        Ok(request)
    }
}

impl Executor for Guarded {
    async fn execute(&self, request: Request) -> Response {
        Guarded::execute(self, request).await
    }

    fn execute_stream(&self, request: Request, session_data: Option<Arc<Data>>) -> BoxStream<'static, Response> {
        let lang = lang_in(&request.data).or_else(|| session_data.as_deref().and_then(lang_in)).unwrap_or_default();
        match self.prepare(request, lang) {
            Ok(request) => self
                .schema
                .execute_stream_with_session_data(request, session_data.unwrap_or_default())
                .map(move |r| finish(r, lang))
                .boxed(),
            Err(refusal) => stream::once(async move { finish(Response::from_errors(vec![refusal]), lang) }).boxed(),
        }
    }
}

fn count_aliases(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|sel| match &sel.node {
            Selection::Field(f) => usize::from(f.node.alias.is_some()) + count_aliases(&f.node.selection_set.node),
            Selection::InlineFragment(f) => count_aliases(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

fn aliases_in(doc: &ExecutableDocument) -> usize {
    let ops: usize = match &doc.operations {
        DocumentOperations::Single(op) => count_aliases(&op.node.selection_set.node),
        DocumentOperations::Multiple(ops) => ops.values().map(|op| count_aliases(&op.node.selection_set.node)).sum(),
    };
    ops + doc.fragments.values().map(|f| count_aliases(&f.node.selection_set.node)).sum::<usize>()
}

const LIMIT_MESSAGES: [&str; 4] = ["nested too deep", "too complex", "directives", "recursion depth"];

/// Gives an error without a code the code of its kind: limits are `TOO_COMPLEX`, anything
/// else the engine reports itself (syntax, validation, argument coercion) is `BAD_USER_INPUT`.
/// Resolver errors carry their code from [`crate::error::AppError`].
pub fn classify(err: &mut ServerError, lang: Lang) {
    let ext = err.extensions.get_or_insert_with(Default::default);
    if ext.get("code").is_none() {
        let lower = err.message.to_ascii_lowercase();
        let code = if LIMIT_MESSAGES.iter().any(|m| lower.contains(m)) {
            ErrorCode::TooComplex
        } else {
            ErrorCode::BadUserInput
        };
        ext.set("code", code.as_str());
    }
    if let Some(Value::String(en)) = ext.get(MESSAGE_EN).cloned() {
        if lang == Lang::En {
            err.message = en;
        }
        ext.unset(MESSAGE_EN);
    }
}

fn finish(mut resp: Response, lang: Lang) -> Response {
    for e in &mut resp.errors {
        classify(e, lang);
    }
    resp
}

fn refused_with(message: String, code: ErrorCode) -> ServerError {
    let mut err = ServerError::new(message, Some(Pos::default()));
    err.locations.clear();
    err.extensions.get_or_insert_with(Default::default).set("code", code.as_str());
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(message: &str) -> String {
        let mut e = ServerError::new(message, None);
        classify(&mut e, Lang::Zh);
        e.extensions.unwrap().get("code").unwrap().to_string()
    }

    #[test]
    fn engine_errors_get_codes() {
        assert_eq!(code("Query is nested too deep."), "\"TOO_COMPLEX\"");
        assert_eq!(code("Query is too complex."), "\"TOO_COMPLEX\"");
        assert_eq!(code("The number of directives on the field `a` cannot be greater than `50`"), "\"TOO_COMPLEX\"");
        assert_eq!(code("Unknown field \"x\" on type \"Query\"."), "\"BAD_USER_INPUT\"");
        assert_eq!(code(" --> 1:3\n  |\n1 | { a\n  |   ^---\n  |\n  = expected selection"), "\"BAD_USER_INPUT\"");
    }

    #[test]
    fn messages_follow_the_request_language() {
        let app: async_graphql::Error = crate::error::AppError::forbidden().into();
        let mut e = app.into_server_error(Pos::default());
        let mut zh = e.clone();
        classify(&mut zh, Lang::Zh);
        assert_eq!(zh.message, "无权执行此操作");
        classify(&mut e, Lang::En);
        assert_eq!(e.message, "You are not allowed to do this");
        assert!(e.extensions.unwrap().get(MESSAGE_EN).is_none());
    }

    #[test]
    fn aliases_are_counted_everywhere() {
        let doc = async_graphql::parser::parse_query(
            "query { a: me { b: id } ... on Query { c: me { id } } } fragment F on User { d: id }",
        )
        .unwrap();
        assert_eq!(aliases_in(&doc), 4);
    }
}
