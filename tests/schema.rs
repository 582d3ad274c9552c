//! The configuration's JSON Schema: generated from the decoders' own field lists (so it
//! cannot describe a field the assistant refuses, or miss one it reads), every property
//! described, and the published file up to date. tests/merchant/schema.test.mjs checks
//! configs against it with a JSON Schema validator, as an editor would.

mod common;
use shop_assistant::core::config::Config;
use shop_assistant::core::json::{self, Value};
use shop_assistant::core::schema;
use shop_assistant::core::text::LABEL_KEYS;

#[test]
fn the_schema_agrees_with_the_decoders_and_the_published_file_is_current() {
    let value = schema::generate().unwrap_or_else(|e| panic!("{}", e.join("\n")));
    let published = common::project_file(&format!("www/{}", schema::FILE_NAME));
    assert!(
        schema::pretty(&value) == published,
        "www/{} is out of date: run `npm run schema`",
        schema::FILE_NAME
    );
}

/// The translation files the loader fetches are the ones the assistant's table gives, one per
/// language, and nothing else is in their folder.
#[test]
fn the_published_translations_are_current() {
    use shop_assistant::core::translations::{translation_file, TRANSLATIONS};
    let mut expected: Vec<String> = TRANSLATIONS
        .iter()
        .map(|(k, _)| format!("{k}.json"))
        .collect();
    expected.sort();
    let mut found: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/www/labels"))
            .expect("www/labels exists: run `npm run schema`")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
    found.sort();
    assert_eq!(found, expected, "run `npm run schema`");
    let keys: Vec<&str> = TRANSLATIONS.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        keys,
        shop_assistant::core::translations::LANGUAGES,
        "the same languages, in the same order"
    );
    for (key, table) in TRANSLATIONS {
        assert_eq!(
            table.split('|').count(),
            LABEL_KEYS.len(),
            "{key}: every label"
        );
        assert!(
            table.split('|').all(|t| !t.trim().is_empty()),
            "{key}: no empty label"
        );
        let published = common::project_file(&format!("www/labels/{key}.json"));
        assert_eq!(
            published,
            translation_file(key).unwrap() + "\n",
            "www/labels/{key}.json is out of date: run `npm run schema`"
        );
    }
}

/// The loader picks which translation file to fetch before the wasm runs: its list of
/// languages must be the assistant's.
#[test]
fn the_loader_fetches_exactly_the_published_translations() {
    let loader = common::project_file("www/shop-assistant.js");
    let list = loader
        .split("var TRANSLATIONS = '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the loader's TRANSLATIONS list");
    let languages: Vec<&str> = list.split_whitespace().collect();
    assert_eq!(languages, shop_assistant::core::translations::LANGUAGES);
}

/// Every property of every object in the schema has a description (what editors show).
#[test]
fn every_property_is_described() {
    fn walk(v: &Value, path: &str, missing: &mut Vec<String>) {
        match v {
            Value::Object(members) => {
                if let Some(Value::Object(props)) = v.get("properties") {
                    for (k, p) in props {
                        // `{}` and `false` only say a key must or must not be there (in a
                        // rule between fields); the key is described where it is defined.
                        let mention = matches!(p, Value::Bool(false))
                            || matches!(p, Value::Object(m) if m.is_empty());
                        if !mention && p.get("description").is_none() {
                            missing.push(format!("{path}.{k}"));
                        }
                    }
                }
                for (k, m) in members {
                    // if/then/else state rules between fields described above them.
                    if !matches!(k.as_str(), "if" | "then" | "else") {
                        walk(m, &format!("{path}/{k}"), missing);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, path, missing)),
            _ => {}
        }
    }
    let value = json::parse(&common::project_file("www/assistant.schema.json")).unwrap();
    let mut missing = Vec::new();
    walk(&value, "", &mut missing);
    assert_eq!(missing, Vec::<String>::new());
}

/// A config may name its schema; the decoder accepts the key and ignores it.
#[test]
fn a_config_may_carry_dollar_schema() {
    let text = common::project_file("www/assistant.json");
    assert!(text.contains("\"$schema\": \"./assistant.schema.json\""));
    assert!(Config::parse(&text).is_ok());
}
