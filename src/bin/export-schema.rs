//! Prints the GraphQL schema (sorted SDL). `cargo run --bin export-schema > schema.graphql`
use std::io::Write;

fn main() -> std::io::Result<()> {
    std::io::stdout().write_all(gecrm::sdl().as_bytes())
}
