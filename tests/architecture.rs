//! The layering `src/ARCHITECTURE.md` describes, checked on the source: `src/core` uses no
//! browser crate, its modules import only modules listed before them in `src/core/mod.rs`
//! (so there is no import cycle), and raw browser calls (`web_sys::`, `js_sys::`) sit in
//! `src/web/dom.rs` and `src/web/guard.rs` only, but for the allowances named below.

mod common;
use common::project_file;

/// The core's modules in the order `src/core/mod.rs` lists them (its "- [`name`]" lines).
fn layers() -> Vec<String> {
    let text = project_file("src/core/mod.rs");
    let mut out = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("//!")) {
        let mut rest = line;
        while let Some(i) = rest.find("[`") {
            let after = &rest[i + 2..];
            let end = after.find('`').unwrap();
            out.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    out
}

/// The core modules a file names as `super::<module>`.
fn imports(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    while let Some(i) = rest.find("super::") {
        let after = &rest[i + "super::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !out.contains(&name) {
            out.push(name);
        }
        rest = after;
    }
    out
}

#[test]
fn every_core_module_imports_only_the_layers_listed_before_it() {
    let layers = layers();
    let declared: Vec<String> = project_file("src/core/mod.rs")
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';').to_string())
        .collect();
    let mut listed = layers.clone();
    listed.sort();
    assert_eq!(listed, declared, "src/core/mod.rs lists every module once");
    let mut wrong = Vec::new();
    for (i, module) in layers.iter().enumerate() {
        let text = project_file(&format!("src/core/{module}.rs"));
        for used in imports(&text) {
            match layers.iter().position(|m| *m == used) {
                Some(j) if j < i => {}
                _ => wrong.push(format!("{module} imports {used}")),
            }
        }
    }
    assert_eq!(
        wrong,
        Vec::<String>::new(),
        "order in src/core/mod.rs: {layers:?}"
    );
}

#[test]
fn the_core_uses_no_browser_crate() {
    for module in layers() {
        let text = project_file(&format!("src/core/{module}.rs"));
        for banned in ["wasm_bindgen", "web_sys", "js_sys", "gloo"] {
            assert!(
                !text.contains(banned),
                "src/core/{module}.rs names {banned}"
            );
        }
    }
}

/// Calls through `web_sys::`/`js_sys::` paths in `text` (`js_sys::Math::random()`,
/// `web_sys::ShadowRootInit::new(..)`), not types named in signatures (`&web_sys::Document`).
fn raw_calls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for prefix in ["web_sys::", "js_sys::"] {
            let mut rest = line;
            while let Some(i) = rest.find(prefix) {
                let after = &rest[i + prefix.len()..];
                let path: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                if path.contains("::") || after[path.len()..].starts_with('(') {
                    out.push(format!("{prefix}{path}"));
                }
                rest = after;
            }
        }
    }
    out
}

#[test]
fn raw_browser_calls_sit_in_the_dom_module() {
    // The guard owns the queue of effects and the halt, and reads the microtask clock itself.
    let allowed = ["src/web/dom.rs", "src/web/guard.rs"];
    let mut outside = Vec::new();
    for entry in std::fs::read_dir(format!("{}/src/web", env!("CARGO_MANIFEST_DIR"))).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let name = format!("src/web/{}", path.file_name().unwrap().to_str().unwrap());
        if allowed.contains(&name.as_str()) {
            continue;
        }
        for call in raw_calls(&std::fs::read_to_string(&path).unwrap()) {
            outside.push(format!("{name}: {call}"));
        }
    }
    assert_eq!(outside, Vec::<String>::new());
    assert_eq!(
        raw_calls("fn f(d: &web_sys::Document) { js_sys::Math::random(); }"),
        ["js_sys::Math::random"],
        "the check itself tells a call from a type"
    );
}
