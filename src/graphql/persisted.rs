//! Documents known by their SHA-256, so a client sends the hash instead of the text:
//!
//! - **trusted documents**: the web app's operations, registered when the app is built (the
//!   code generator's `persisted-documents.json`, embedded with the app). Where the server is
//!   told to (`TRUSTED_DOCUMENTS`, on in production), a browser — a request with an `Origin` —
//!   may run only these;
//! - **automatic persisted queries** for other clients (the Apollo protocol): a request with
//!   `extensions.persistedQuery.sha256Hash` and no text runs the document registered under that
//!   hash, or answers `PERSISTED_QUERY_NOT_FOUND`; the client then sends text and hash
//!   together, and the text is registered once its hash is checked. Registered documents are
//!   kept in a bounded cache, so a flood of new ones only pushes out old ones.
use std::{
    collections::HashMap,
    num::NonZeroUsize,
    sync::{Arc, Mutex},
};

use async_graphql::{
    Name, Pos, Positioned, Request, ServerError,
    parser::types::{DocumentOperations, ExecutableDocument, Field, Selection, SelectionSet},
};
use sha2::{Digest, Sha256};

use crate::{error::ErrorCode, state::Lang};

/// How many registered documents are kept, and the longest text registered.
const REGISTERED: usize = 1024;
const REGISTRABLE_TEXT: usize = 32 * 1024;

/// The known documents.
pub struct Persisted {
    trusted: HashMap<String, Arc<str>>,
    /// The trusted documents parsed, by text, as the app's client means them (see
    /// [`with_typenames`]).
    parsed: HashMap<Arc<str>, ExecutableDocument>,
    registered: Mutex<lru::LruCache<String, Arc<str>>>,
}

/// The hex SHA-256 of a document's text.
pub fn hash(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// Why a request's document could not be had.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A hash with no text that names no known document: send the text with it.
    NotFound,
    /// The text does not have the hash it came with.
    HashMismatch,
    /// A browser sent something other than a trusted document.
    NotTrusted,
    /// `extensions.persistedQuery` is not `{ version: 1, sha256Hash: "<hex>" }`.
    Malformed,
}

impl Refusal {
    pub fn into_error(self, lang: Lang) -> ServerError {
        let en = lang == Lang::En;
        let (message, code) = match self {
            // The message is the protocol's own, which clients look for.
            Self::NotFound => ("PersistedQueryNotFound".to_string(), ErrorCode::PersistedQueryNotFound),
            Self::HashMismatch => (
                if en { "The document does not match its sha256Hash" } else { "文档与其 sha256Hash 不符" }.into(),
                ErrorCode::BadUserInput,
            ),
            Self::NotTrusted => (
                if en {
                    "Only the app's registered operations are accepted from a browser"
                } else {
                    "浏览器只能执行本应用已登记的操作"
                }
                .into(),
                ErrorCode::Forbidden,
            ),
            Self::Malformed => (
                if en {
                    "extensions.persistedQuery must be { version: 1, sha256Hash: \"<64 hex digits>\" }"
                } else {
                    "extensions.persistedQuery 须为 { version: 1, sha256Hash: \"<64 位十六进制>\" }"
                }
                .into(),
                ErrorCode::BadUserInput,
            ),
        };
        let mut err = ServerError::new(message, Some(Pos::default()));
        err.locations.clear();
        err.extensions.get_or_insert_with(Default::default).set("code", code.as_str());
        err
    }
}

impl Persisted {
    /// The trusted documents from the app's manifest (`{ "sha256:<hex>": "<document>" }`); none
    /// when there is no manifest (the API built without the app). An entry whose text does not
    /// have its hash is left out.
    pub fn from_manifest(manifest: Option<&[u8]>) -> Self {
        let listed: HashMap<String, String> = manifest.and_then(|m| serde_json::from_slice(m).ok()).unwrap_or_default();
        let trusted = listed
            .into_iter()
            .map(|(key, text)| (key.strip_prefix("sha256:").unwrap_or(&key).to_ascii_lowercase(), text))
            .filter(|(h, text)| *h == hash(text))
            .map(|(h, t)| (h, Arc::<str>::from(t)))
            .collect::<HashMap<_, _>>();
        let parsed = trusted
            .values()
            .filter_map(|t| Some((t.clone(), with_typenames(async_graphql::parser::parse_query(t.as_ref()).ok()?))))
            .collect();
        let registered = Mutex::new(lru::LruCache::new(NonZeroUsize::new(REGISTERED).expect("non-zero")));
        Self { trusted, parsed, registered }
    }

    /// The parsed form of a trusted document's text, if `text` is one.
    pub fn trusted_document(&self, text: &str) -> Option<&ExecutableDocument> {
        self.parsed.get(text)
    }

    /// How many trusted documents there are.
    pub fn trusted_count(&self) -> usize {
        self.trusted.len()
    }

    /// Gives the request its document when it names one by hash, registers a new one, and
    /// holds a browser to the trusted documents when `trusted_only`.
    pub fn resolve(&self, request: &mut Request, trusted_only: bool) -> Result<(), Refusal> {
        let asked = match request.extensions.get("persistedQuery") {
            None => None,
            Some(v) => Some(sha256_of(v).ok_or(Refusal::Malformed)?),
        };
        let Some(asked) = asked else {
            // Plain text: a browser held to the trusted documents may still send one of them.
            if trusted_only && !self.trusted.contains_key(&hash(&request.query)) {
                return Err(Refusal::NotTrusted);
            }
            return Ok(());
        };
        if let Some(text) = self.trusted.get(&asked) {
            request.query = text.to_string();
            return Ok(());
        }
        if trusted_only {
            return Err(Refusal::NotTrusted);
        }
        if request.query.is_empty() {
            let known = self.registered.lock().ok().and_then(|mut r| r.get(&asked).cloned());
            request.query = known.ok_or(Refusal::NotFound)?.to_string();
            return Ok(());
        }
        if hash(&request.query) != asked {
            return Err(Refusal::HashMismatch);
        }
        if request.query.len() <= REGISTRABLE_TEXT
            && let Ok(mut r) = self.registered.lock()
        {
            r.put(asked, Arc::from(request.query.as_str()));
        }
        Ok(())
    }
}

/// Adds `__typename` to every selection set below the operations' roots, as the web app's
/// client (urql) does to the text it sends: its cache learns from the types in an answer which
/// lists a change touched. The registry holds the documents as written; this is what they
/// mean when the app sends their hash.
fn with_typenames(mut doc: ExecutableDocument) -> ExecutableDocument {
    fn add(set: &mut SelectionSet, here: bool) {
        for item in &mut set.items {
            match &mut item.node {
                Selection::Field(f) if !f.node.selection_set.node.items.is_empty() => {
                    add(&mut f.node.selection_set.node, true)
                }
                Selection::InlineFragment(f) => add(&mut f.node.selection_set.node, true),
                _ => {}
            }
        }
        let has = set.items.iter().any(
            |i| matches!(&i.node, Selection::Field(f) if f.node.alias.is_none() && f.node.name.node == "__typename"),
        );
        if here && !has {
            let pos = Pos::default();
            let field = Field {
                alias: None,
                name: Positioned::new(Name::new("__typename"), pos),
                arguments: vec![],
                directives: vec![],
                selection_set: Positioned::new(SelectionSet::default(), pos),
            };
            set.items.push(Positioned::new(Selection::Field(Positioned::new(field, pos)), pos));
        }
    }
    match &mut doc.operations {
        DocumentOperations::Single(op) => add(&mut op.node.selection_set.node, false),
        DocumentOperations::Multiple(ops) => {
            for op in ops.values_mut() {
                add(&mut op.node.selection_set.node, false);
            }
        }
    }
    for f in doc.fragments.values_mut() {
        add(&mut f.node.selection_set.node, true);
    }
    doc
}

/// The hash of `{ "version": 1, "sha256Hash": "<64 hex digits>" }`, lower-cased.
fn sha256_of(v: &async_graphql::Value) -> Option<String> {
    let async_graphql::Value::Object(o) = v else { return None };
    let version_one = matches!(o.get("version"), Some(async_graphql::Value::Number(n)) if n.as_u64() == Some(1));
    let Some(async_graphql::Value::String(h)) = o.get("sha256Hash") else { return None };
    (version_one && h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit())).then(|| h.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_hash(query: &str, h: &str) -> Request {
        let mut r = Request::new(query);
        r.extensions.insert(
            "persistedQuery".into(),
            async_graphql::Value::from_json(serde_json::json!({ "version": 1, "sha256Hash": h })).unwrap(),
        );
        r
    }

    #[test]
    fn a_document_is_registered_once_its_hash_is_checked_then_named_by_hash() {
        let p = Persisted::from_manifest(None);
        let text = "{ viewer { id } }";
        let h = hash(text);
        assert_eq!(p.resolve(&mut with_hash("", &h), false), Err(Refusal::NotFound));
        assert_eq!(p.resolve(&mut with_hash("{ other }", &h), false), Err(Refusal::HashMismatch));
        assert_eq!(p.resolve(&mut with_hash(text, &h), false), Ok(()));
        let mut by_hash = with_hash("", &h);
        assert_eq!(p.resolve(&mut by_hash, false), Ok(()));
        assert_eq!(by_hash.query, text);
        assert_eq!(p.resolve(&mut with_hash("", "xyz"), false), Err(Refusal::Malformed));
    }

    #[test]
    fn a_browser_held_to_trusted_documents_runs_only_those() {
        let text = "query Me { viewer { id } }";
        let manifest =
            serde_json::json!({ format!("sha256:{}", hash(text)): text, "0".repeat(64): "{ forged }" }).to_string();
        let p = Persisted::from_manifest(Some(manifest.as_bytes()));
        assert_eq!(p.trusted_count(), 1, "an entry whose text does not hash to its key is left out");
        let mut trusted = with_hash("", &hash(text));
        assert_eq!(p.resolve(&mut trusted, true), Ok(()));
        assert_eq!(trusted.query, text);
        assert_eq!(p.resolve(&mut Request::new(text), true), Ok(()), "the same text sent whole");
        assert_eq!(p.resolve(&mut Request::new("{ __schema { types { name } } }"), true), Err(Refusal::NotTrusted));
        let other = "{ viewer { username } }";
        assert_eq!(p.resolve(&mut with_hash(other, &hash(other)), true), Err(Refusal::NotTrusted));
    }

    #[test]
    fn a_trusted_document_asks_for_the_types_the_apps_cache_reads() {
        let text = "query Me { viewer { id org { name } ... on User { role } } }";
        let manifest = serde_json::json!({ hash(text): text }).to_string();
        let p = Persisted::from_manifest(Some(manifest.as_bytes()));
        let doc = p.trusted_document(text).expect("parsed");
        let op = match &doc.operations {
            DocumentOperations::Single(op) => op,
            DocumentOperations::Multiple(ops) => ops.values().next().expect("one operation"),
        };
        let names = |set: &SelectionSet| -> Vec<String> {
            set.items
                .iter()
                .filter_map(|i| match &i.node {
                    Selection::Field(f) => Some(f.node.name.node.to_string()),
                    _ => None,
                })
                .collect()
        };
        let root = &op.node.selection_set.node;
        assert_eq!(names(root), ["viewer"], "not at the root");
        let Selection::Field(viewer) = &root.items[0].node else { panic!() };
        let viewer = &viewer.node.selection_set.node;
        assert_eq!(names(viewer), ["id", "org", "__typename"]);
        let Selection::Field(org) = &viewer.items[1].node else { panic!() };
        assert_eq!(names(&org.node.selection_set.node), ["name", "__typename"]);
    }
}
