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

/// Each field declared once with its default (`decode::NumberField`, `decode::FlagField`): a
/// config that leaves them out gets exactly the default the published schema states, whether
/// the decoder reads the field or a whole object is left out (then the object's `Default`).
#[test]
fn what_a_config_leaves_out_is_the_default_the_schema_states() {
    use shop_assistant::core::question::QuestionKind;
    let schema = schema::generate().unwrap_or_else(|e| panic!("{}", e.join("\n")));
    let default = |def: &str, path: &[&str]| -> Value {
        let mut v = schema
            .get("$defs")
            .and_then(|d| d.get(def))
            .unwrap_or_else(|| panic!("no $defs.{def}"));
        for key in path {
            v = v
                .get("properties")
                .and_then(|p| p.get(key))
                .or_else(|| {
                    v.get("items")
                        .and_then(|i| i.get("properties"))
                        .and_then(|p| p.get(key))
                })
                .unwrap_or_else(|| panic!("no {def}.{key}"));
        }
        v.get("default")
            .cloned()
            .unwrap_or_else(|| panic!("{def}.{path:?} states no default"))
    };
    let n = |x: f64| Value::Number(x);
    let b = Value::Bool;
    let given = |text: &str| Config::parse(text).unwrap_or_else(|p| panic!("{p:#?}"));
    // Every object present, none of the fields with a default written.
    let c = given(
        r#"{"catalogue": {"currency": "EUR", "products": [{"id": "a", "name": "A", "url": "/a", "price": 1, "attributes": {"size": 2}}]},
        "flows": {"f": {"title": "F", "questions": [{"id": "q", "type": "range", "text": "Q", "attribute": "size", "min": 0, "max": 10}]}},
        "tracking": {}, "privacy": {},
        "messages": [{"id": "m", "body": "B", "when": {"page": "home"}, "caps": {}, "variants": [{"id": "v"}]}],
        "recommendations": {"blocks": {"b": {"strategies": ["featured"]}}},
        "messageSettings": {}}"#,
    );
    // The objects left out altogether.
    let bare = common::minimal();
    let flow = &c.flows[0];
    let QuestionKind::Range(range) = &flow.questions[0].kind else {
        panic!("a range question")
    };
    let m = &c.messages[0];
    let block = &c.recommendations.blocks[0];
    let cases: Vec<(Value, Value, &str)> = vec![
        (
            default("product", &["inStock"]),
            b(c.catalogue.products()[0].in_stock),
            "inStock",
        ),
        (
            default("flow", &["maxResults"]),
            n(flow.max_results as f64),
            "maxResults",
        ),
        (
            default("flow", &["autoRedirect"]),
            b(flow.auto_redirect),
            "autoRedirect",
        ),
        (
            default("flow", &["startFromLastAnswers"]),
            b(flow.start_from_last_answers),
            "startFromLastAnswers",
        ),
        (default("question", &["step"]), n(range.step), "step"),
        (
            default("tracking", &["jsonLd"]),
            b(c.tracking.json_ld),
            "tracking.jsonLd",
        ),
        (
            default("tracking", &["jsonLd"]),
            b(bare.tracking.json_ld),
            "tracking.jsonLd, no tracking",
        ),
        (
            default("tracking", &["dataLayer"]),
            b(c.tracking.data_layer),
            "tracking.dataLayer",
        ),
        (
            default("privacy", &["consentRequired"]),
            b(c.privacy.consent_required),
            "consentRequired",
        ),
        (
            default("privacy", &["honourGlobalPrivacyControl"]),
            b(c.privacy.honour_gpc),
            "honourGlobalPrivacyControl",
        ),
        (
            default("privacy", &["honourGlobalPrivacyControl"]),
            b(bare.privacy.honour_gpc),
            "honourGlobalPrivacyControl, no privacy",
        ),
        (
            default("message", &["caps", "oncePerVisit"]),
            b(m.caps.once_per_visit),
            "caps.oncePerVisit",
        ),
        (
            default("message", &["caps", "cooldownDays"]),
            n(m.caps.cooldown_days),
            "caps.cooldownDays",
        ),
        (
            default("message", &["caps", "stopAfterConversion"]),
            b(m.caps.stop_after_conversion),
            "caps.stopAfterConversion",
        ),
        (
            default("message", &["variants", "weight"]),
            n(m.variants[0].weight),
            "variants[].weight",
        ),
        (
            default("recommendations", &["dataLayer"]),
            b(c.recommendations.data_layer),
            "recommendations.dataLayer",
        ),
        (
            default("recommendationBlock", &["count"]),
            n(block.count as f64),
            "count",
        ),
        (
            default("recommendationBlock", &["includeBought"]),
            b(block.include_bought),
            "includeBought",
        ),
        (
            default("messageSettings", &["perVisit"]),
            n(f64::from(c.message_settings.per_visit)),
            "perVisit",
        ),
        (
            default("messageSettings", &["perVisit"]),
            n(f64::from(bare.message_settings.per_visit)),
            "perVisit, no messageSettings",
        ),
        (
            default("messageSettings", &["instalments"]),
            n(f64::from(c.message_settings.instalments)),
            "instalments",
        ),
        (
            default("messageSettings", &["instalments"]),
            n(f64::from(bare.message_settings.instalments)),
            "instalments, no messageSettings",
        ),
        (
            default("messageSettings", &["dataLayer"]),
            b(c.message_settings.data_layer),
            "messageSettings.dataLayer",
        ),
    ];
    // One-word fields: the word of the value decoded.
    let placement = shop_assistant::core::message::PLACEMENT;
    let name_of_placement = placement
        .choices
        .iter()
        .find(|(_, v)| *v == m.placement)
        .map(|(n, _)| Value::String(n.to_string()));
    let mut cases = cases;
    cases.push((
        default("message", &["placement"]),
        name_of_placement.unwrap_or(Value::Null),
        "placement",
    ));
    let launched = given(
        r#"{"catalogue": {"currency": "EUR", "products": [{"id": "a", "name": "A", "url": "/a", "price": 1}]},
        "launcher": {"flow": "f", "label": "L"},
        "flows": {"f": {"title": "F", "questions": [{"id": "q", "text": "Q", "answers": [{"id": "x", "label": "X"}]}]}}}"#,
    );
    let position = shop_assistant::core::config::POSITION;
    let name_of_position = position
        .choices
        .iter()
        .find(|(_, v)| Some(*v) == launched.launcher.as_ref().map(|l| l.position))
        .map(|(n, _)| Value::String(n.to_string()));
    cases.push((
        default("launcher", &["position"]),
        name_of_position.unwrap_or(Value::Null),
        "launcher.position",
    ));
    for (stated, decoded, what) in cases {
        assert_eq!(
            stated, decoded,
            "{what}: the schema's default against the decoded value"
        );
    }
    // A message without caps gets the caps `{}` gives.
    let without = given(&r#"{"catalogue": {"currency": "EUR", "products": [{"id": "a", "name": "A", "url": "/a", "price": 1}]},
        "flows": {"f": {"title": "F", "questions": [{"id": "q", "text": "Q", "answers": [{"id": "x", "label": "X"}]}]}},
        "messages": [{"id": "m", "body": "B", "when": {"page": "home"}}]}"#.to_string());
    assert_eq!(without.messages[0].caps, m.caps);
}
