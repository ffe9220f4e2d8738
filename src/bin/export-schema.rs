//! Prints the GraphQL schema (sorted SDL): `cargo run --bin export-schema > schema.graphql`.
//! With `--labels`, prints the enums' labels for the web app instead:
//! `cargo run --bin export-schema -- --labels > frontend/src/i18n/labels.json`.
use std::io::Write;

fn main() -> std::io::Result<()> {
    let text =
        if std::env::args().any(|a| a == "--labels") { gecrm::graphql::enums::labels_json() } else { gecrm::sdl() };
    std::io::stdout().write_all(text.as_bytes())
}
