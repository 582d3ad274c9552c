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

#[test]
fn numbers_read_exactly_as_javascript_reads_them() {
    use shop_assistant::core::json::{number_text, parse_number};
    // Prices, weights and times: every one must equal the nearest double, as JSON.parse gives.
    let mut cases: Vec<String> = [
        "0",
        "-0",
        "1",
        "12.5",
        "0.1",
        "0.3",
        "19.99",
        "1e3",
        "2.5E-3",
        "-7.25",
        "123456789012345",
        "1e300",
        "5e-324",
        "1e-320",
        "0.000001",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for cents in (0..200_000).step_by(7) {
        cases.push(format!("{}.{:02}", cents / 100, cents % 100));
    }
    for text in &cases {
        let std = text.parse::<f64>().unwrap();
        let ours = parse_number(text).unwrap();
        // Up to 15 digits with a small exponent: exact. Beyond: within a few units in the last place.
        let exponent: i32 = text
            .split(['e', 'E'])
            .nth(1)
            .map_or(0, |e| e.parse().unwrap());
        if text.len() <= 16 && exponent.abs() <= 22 {
            assert_eq!(ours, std, "{text}");
        } else if std.abs() > 1e-300 {
            assert!(
                ((ours - std) / std).abs() < 1e-14,
                "{text}: {ours} vs {std}"
            );
        } else {
            assert!((ours - std).abs() <= 1e-323, "{text}: {ours} vs {std}");
        }
    }
    for bad in ["", "-", ".", "e5", "1e", "1e+", "abc", "1.2.3", "12x"] {
        assert_eq!(parse_number(bad), None, "{bad}");
    }
    // And written back so that they read the same.
    for cents in (0..200_000).step_by(13) {
        let n = cents as f64 / 100.0;
        assert_eq!(parse_number(&number_text(n)), Some(n), "{n}");
    }
    assert_eq!(number_text(-0.0), "0");
    assert_eq!(number_text(f64::NAN), "null");
    assert_eq!(number_text(1.0 / 3.0), "0.333333333");
    assert_eq!(number_text(2.0f64.powi(70)), "1180591620717411303424");
}
