//! The layering of ARCHITECTURE.md: domain code (services, rules, entities, jobs, the seed)
//! knows nothing of GraphQL. Only the API files may name `async_graphql` or the API layer
//! (`crate::graphql`, an area's `graphql` module).
use std::path::{Path, PathBuf};

/// Files that are the API layer (`src/graphql/`, an area's `graphql.rs` or `graphql/` folder),
/// or wire it to the rest.
fn is_api_file(path: &Path) -> bool {
    let p = path.to_string_lossy().replace('\\', "/");
    p.ends_with("/graphql.rs")
        || p.contains("/graphql/")
        || p.contains("src/bin/")
        || ["src/http.rs", "src/lib.rs", "src/main.rs"].iter().any(|f| p.ends_with(f))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn names_the_api(text: &str) -> bool {
    text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")).any(|l| {
        l.contains("async_graphql")
            || l.contains("crate::graphql")
            || l.contains("graphql::")
            || l.contains("super::graphql")
    })
}

#[test]
fn domain_code_does_not_know_graphql() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "entity/src", "migration/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 100, "the sources were found ({} files)", files.len());
    let leaking: Vec<String> = files
        .iter()
        .filter(|f| !is_api_file(f))
        .filter(|f| names_the_api(&std::fs::read_to_string(f).unwrap()))
        .map(|f| f.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    assert!(
        leaking.is_empty(),
        "domain files naming the GraphQL layer (convert at the API boundary instead): {leaking:?}"
    );
}

#[test]
fn the_check_sees_a_leak() {
    assert!(names_the_api("use async_graphql::Enum;"));
    assert!(names_the_api("    crate::graphql::relay::NodeKind::Product.id(1)"));
    assert!(!names_the_api("/// async_graphql would box this"));
    assert!(!is_api_file(Path::new("src/proposals/service.rs")));
    assert!(is_api_file(Path::new("src/proposals/graphql.rs")));
    assert!(is_api_file(Path::new("src/groups/graphql/loaders.rs")));
}

/// The approval engine knows its subjects only through `approvals::Subject`: it names none of
/// the areas it approves for, so they can depend on it and not the other way round.
#[test]
fn the_approval_engine_does_not_know_its_subjects() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/approvals"), &mut files);
    let domain: Vec<_> = files.into_iter().filter(|f| !is_api_file(f)).collect();
    assert!(domain.len() >= 3, "{domain:?}");
    for file in domain {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
            for area in ["proposals", "installs", "numbers", "contracts", "pipeline"] {
                assert!(
                    ![format!("{area}::"), format!("{area},"), format!("{area}}}")].iter().any(|p| line.contains(p)),
                    "{} names {area}: {line}",
                    file.display()
                );
            }
        }
    }
}

/// Cross-area reactions go through `src/reactions.rs`: no area calls another's reaction
/// directly (the board's refresh, the cadence's visit count, the next follow-up call).
#[test]
fn reactions_are_declared_in_one_place() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let reactions = [
        ("pipeline::refresh(", "src/pipeline/"),
        ("cadence::on_visit(", "src/cadence/"),
        ("next_follow_up(", "src/proposals/"),
    ];
    let mut direct = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        if rel == "src/reactions.rs" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for (call, home) in reactions {
            let calls = text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")).any(|l| l.contains(call));
            if calls && !rel.starts_with(home) {
                direct.push(format!("{rel}: {call}"));
            }
        }
    }
    assert!(direct.is_empty(), "call these through reactions::happened: {direct:?}");
    let declared = std::fs::read_to_string(root.join("src/reactions.rs")).unwrap();
    assert!(reactions.iter().all(|(call, _)| declared.contains(call)), "every reaction is declared there");
}

/// Refusals follow one rule (see `UserErrorCode`): the state does not allow it →
/// `INVALID_TRANSITION`; something it needs is missing → `PRECONDITION_FAILED`. The old catch-all
/// `INVALID_STATE` stays in the schema for older clients but nothing produces it.
#[test]
fn no_refusal_uses_the_retired_catch_all() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    for file in files.iter().filter(|f| !f.ends_with("src/error.rs")) {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(!text.contains("UserErrorCode::InvalidState"), "{} refuses with INVALID_STATE", file.display());
    }
}
