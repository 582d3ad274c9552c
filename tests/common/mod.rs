//! Helpers shared by the native test files.
#![allow(dead_code)]

use shop_assistant::core::config::Config;

/// The text of a fixture file in `tests/fixtures`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A file of the project, relative to its root.
pub fn project_file(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The minimal fixture config, parsed.
pub fn minimal() -> Config {
    Config::parse(&fixture("minimal.json")).expect("minimal.json is valid")
}

/// Parses `text` and returns its problems as `path: message` lines; panics if it is valid.
pub fn problems(text: &str) -> Vec<String> {
    match Config::parse(text) {
        Ok(_) => panic!("expected problems, but the config is valid:\n{text}"),
        Err(list) => list.iter().map(|p| p.to_string()).collect(),
    }
}

/// Replaces `from` with `to` in the minimal fixture, insisting that `from` occurs.
pub fn minimal_with(from: &str, to: &str) -> String {
    let text = fixture("minimal.json");
    assert!(text.contains(from), "fixture does not contain {from:?}");
    text.replacen(from, to, 1)
}
