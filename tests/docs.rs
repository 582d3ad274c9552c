//! The cookbook's JSON (www/docs/cookbook.md) is real: a whole config validates as written
//! (its catalogue attached, every answer path ending on a product, no warning); a fragment
//! validates in place of the same keys of the demo's config.

mod common;
use shop_assistant::core::config::Config;
use shop_assistant::core::json::{self, Value};
use shop_assistant::core::lint::lint_deep;
use shop_assistant::core::report::report;

fn json_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```json") => current = Some(String::new()),
            (Some(text), "```") => {
                blocks.push(std::mem::take(text));
                current = None;
            }
            (Some(text), l) => {
                text.push_str(l);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_cookbook_json_block_validates() {
    let cookbook = common::project_file("www/docs/cookbook.md");
    let blocks = json_blocks(&cookbook);
    assert!(blocks.len() >= 5, "found {} blocks", blocks.len());
    let Value::Object(demo) = json::parse(&common::project_file("www/assistant.json")).unwrap()
    else {
        panic!("the demo config is an object")
    };
    for block in blocks {
        let value = json::parse(&block).unwrap_or_else(|e| panic!("{e}\n{block}"));
        let Value::Object(members) = &value else {
            panic!("a block is an object:\n{block}")
        };
        if members.iter().any(|(k, _)| k == "flows") {
            let config = Config::parse(&block).unwrap_or_else(|e| panic!("{e:?}\n{block}"));
            let mut warnings = lint_deep(&config);
            warnings.extend(report(&config).warnings);
            assert_eq!(warnings, vec![], "{block}");
        } else {
            let mut merged = demo.clone();
            for (k, v) in members {
                match merged.iter_mut().find(|(m, _)| m == k) {
                    Some(slot) => slot.1 = v.clone(),
                    None => merged.push((k.clone(), v.clone())),
                }
            }
            let text = json::stringify(&Value::Object(merged));
            if let Err(e) = Config::parse(&text) {
                panic!("{e:?}\n{block}");
            }
        }
    }
}
