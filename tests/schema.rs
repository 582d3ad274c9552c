//! The configuration's JSON Schema: generated from the decoders' own field lists (so it
//! cannot describe a field the assistant refuses, or miss one it reads), every property
//! described, and the published file up to date. tests/merchant/schema.test.mjs checks
//! configs against it with a JSON Schema validator, as an editor would.

mod common;
use shop_assistant::core::config::Config;
use shop_assistant::core::json::{self, Value};
use shop_assistant::core::schema;

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

/// Every property of every object in the schema has a description (what editors show).
#[test]
fn every_property_is_described() {
    fn walk(v: &Value, path: &str, missing: &mut Vec<String>) {
        match v {
            Value::Object(members) => {
                if let Some(Value::Object(props)) = v.get("properties") {
                    for (k, p) in props {
                        if p.get("description").is_none() {
                            missing.push(format!("{path}.{k}"));
                        }
                    }
                }
                for (k, m) in members {
                    walk(m, &format!("{path}/{k}"), missing);
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
