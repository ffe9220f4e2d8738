//! The web app, built into `dist/` by `build.rs` and embedded here. A crate of its own so that
//! a change to the app rebuilds this small crate and relinks the server, not the server itself.
pub use rust_embed::{Embed, EmbeddedFile};

#[derive(Embed)]
#[folder = "dist/"]
pub struct Assets;

/// The API reference generated from `schema.graphql` (SpectaQL, one page).
#[derive(Embed)]
#[folder = "dist-docs/"]
pub struct Docs;
