//! The web app (`frontend/`, embedded by the `webapp` crate there). Hashed files under `/assets/` are cached for a year; everything else is revalidated
//! by its ETag. A path that is not a file gets `index.html`, so the app's own routes
//! (`/groups/…`) survive a reload; a missing file (a path with an extension) is a 404.
use axum::{
    body::Body,
    http::{HeaderMap, HeaderValue, StatusCode, Uri, header},
    response::{IntoResponse, Response},
};
use webapp::{Assets, Docs, EmbeddedFile};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// GraphiQL's page (its scripts are under `/assets/` with the app's).
const GRAPHIQL: &str = "graphiql.html";

pub fn serve(uri: &Uri, headers: &HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(file) = (!path.is_empty() && path != GRAPHIQL).then(|| Assets::get(path)).flatten() {
        let cache = if path.starts_with("assets/") { IMMUTABLE } else { REVALIDATE };
        return respond(file, cache, headers);
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match Assets::get("index.html") {
        Some(index) => respond(index, REVALIDATE, headers),
        None => (StatusCode::NOT_FOUND, "the web app is not built").into_response(),
    }
}

/// GraphiQL, bundled like the app (no CDN), for `GET /graphql` from a browser.
pub fn graphiql(headers: &HeaderMap) -> Response {
    match Assets::get(GRAPHIQL) {
        Some(page) => respond(page, REVALIDATE, headers),
        None => (StatusCode::NOT_FOUND, "GraphiQL is not built").into_response(),
    }
}

/// The web app's registered operations (`{ "<sha256>": "<document>" }`), built with it.
pub fn persisted_manifest() -> Option<Vec<u8>> {
    Assets::get("persisted-documents.json").map(|f| f.data.into_owned())
}

/// The API reference generated from `schema.graphql` (SpectaQL), built with the app.
pub fn docs(headers: &HeaderMap) -> Response {
    match Docs::get("index.html") {
        Some(page) => respond(page, REVALIDATE, headers),
        None => (StatusCode::NOT_FOUND, "the API reference is not built").into_response(),
    }
}

fn respond(file: EmbeddedFile, cache: &'static str, headers: &HeaderMap) -> Response {
    let etag = format!("\"{}\"", hex(&file.metadata.sha256_hash()[..16]));
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut resp = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = Response::new(Body::from(file.data.into_owned()));
        if let Ok(v) = HeaderValue::from_str(file.metadata.mimetype()) {
            r.headers_mut().insert(header::CONTENT_TYPE, v);
        }
        r
    };
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    resp
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
