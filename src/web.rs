//! The web app, served at `/` with SPA fallback. Until the app is built this is one page.
use axum::{
    http::{HeaderValue, header},
    response::{Html, IntoResponse, Response},
};

const INDEX: &str = include_str!("../frontend/index.html");

pub fn serve_index() -> Response {
    let mut resp = Html(INDEX).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}
