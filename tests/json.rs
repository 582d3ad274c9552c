//! The JSON reader: accepts RFC 8259 JSON, rejects everything else with a position.

use shop_assistant::core::json::{parse, stringify, Value};

#[test]
fn reads_every_kind_of_value() {
    let v =
        parse(r#" {"a": [1, -2.5e2, true, false, null], "b": {"c": "d\n\u00e9\ud83d\ude00"}} "#)
            .unwrap();
    assert_eq!(
        v.get("a"),
        Some(&Value::Array(vec![
            Value::Number(1.0),
            Value::Number(-250.0),
            Value::Bool(true),
            Value::Bool(false),
            Value::Null
        ]))
    );
    assert_eq!(
        v.get("b").and_then(|b| b.get("c")).and_then(Value::as_str),
        Some("d\né😀")
    );
}

#[test]
fn keeps_key_order() {
    let Value::Object(members) = parse(r#"{"z": 1, "a": 2, "m": 3}"#).unwrap() else {
        panic!()
    };
    let keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["z", "a", "m"]);
}

#[test]
fn reads_non_latin_text_unchanged() {
    let text = r#"{"ru": "Найти кофе", "ja": "コーヒーを探す", "ar": "ابحث عن قهوتك"}"#;
    let v = parse(text).unwrap();
    assert_eq!(v.get("ja").and_then(Value::as_str), Some("コーヒーを探す"));
    assert_eq!(v.get("ar").and_then(Value::as_str), Some("ابحث عن قهوتك"));
}

#[test]
fn allows_a_byte_order_mark() {
    assert_eq!(parse("\u{feff}[]").unwrap(), Value::Array(vec![]));
}

#[test]
fn reports_line_and_column_of_syntax_errors() {
    let cases = [
        ("{\"a\": 1,}", 1, 9, "trailing comma"),
        ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}'"),
        ("[1, 2", 1, 6, "expected ',' or ']'"),
        ("{'a': 1}", 1, 2, "double quotes"),
        ("[01]", 1, 3, "leading zeros"),
        ("[1.]", 1, 4, "decimal point"),
        ("\"abc", 1, 5, "unterminated"),
        ("\"a\tb\"", 1, 3, "control character"),
        ("\"\\x\"", 1, 3, "unknown escape"),
        ("\"\\ud800\"", 1, 8, "lone surrogate"),
        ("[tru]", 1, 2, "unknown word"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key"),
        ("[1] [2]", 1, 5, "after the end"),
        ("", 1, 1, "unexpected end"),
        ("[1e999]", 1, 2, "out of range"),
        ("{\"é\": x}", 1, 7, "expected a value"),
    ];
    for (text, line, column, needle) in cases {
        let e = parse(text).expect_err(text);
        assert_eq!(
            (e.line, e.column),
            (line, column),
            "position for {text:?}: {e}"
        );
        assert!(e.message.contains(needle), "message for {text:?}: {e}");
    }
}

#[test]
fn rejects_nesting_deeper_than_the_limit() {
    let deep = "[".repeat(200) + &"]".repeat(200);
    assert!(parse(&deep)
        .unwrap_err()
        .message
        .contains("nested too deeply"));
    let ok = "[".repeat(100) + &"]".repeat(100);
    assert!(parse(&ok).is_ok());
}

#[test]
fn round_trips_through_stringify() {
    let text = r#"{"name":"Caf\u00e9 \"Noir\"","n":[0,1.5,-3,1e20],"ok":true,"none":null,"nl":"a\nb\u0001"}"#;
    let v = parse(text).unwrap();
    let again = parse(&stringify(&v)).unwrap();
    assert_eq!(v, again);
    assert_eq!(
        stringify(&parse("[1, 2.5, -0.125]").unwrap()),
        "[1,2.5,-0.125]"
    );
}
