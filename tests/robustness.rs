//! Property tests: whatever the input, the readers of untrusted text (config, catalogue,
//! stored profile, stored flow state, numbers, URLs, prices) end in a value or an error, never
//! a panic (a panic in the browser would poison the WebAssembly instance).

mod common;
use proptest::prelude::*;
use shop_assistant::core::config::Config;
use shop_assistant::core::flow::FlowState;
use shop_assistant::core::json;
use shop_assistant::core::profile::Profile;
use shop_assistant::core::tracking::parse_amount;
use shop_assistant::core::url;

/// JSON-ish text: mostly the characters JSON is made of, so the parser gets deep.
fn jsonish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("{".to_string()),
            Just("}".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just(",".to_string()),
            Just(":".to_string()),
            Just("\"".to_string()),
            Just("\\".to_string()),
            Just("\\u".to_string()),
            Just("true".to_string()),
            Just("null".to_string()),
            Just("-".to_string()),
            Just("1e999".to_string()),
            "[0-9.eE+-]{1,6}",
            "\"[a-zA-Z]{0,8}\"",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

/// Variations of a valid config: a real config with one span replaced by junk.
fn mutated_config() -> impl Strategy<Value = String> {
    let base = common::fixture("full.json");
    let len = base.len();
    (0..len, 0..40usize, jsonish()).prop_map(move |(at, cut, junk)| {
        let mut start = at.min(base.len());
        while !base.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + cut).min(base.len());
        while !base.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}{}{}", &base[..start], junk, &base[end..])
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_json_reader_never_panics(text in jsonish()) {
        if let Ok(v) = json::parse(&text) {
            // What it reads, it writes back readably.
            prop_assert!(json::parse(&json::stringify(&v)).is_ok());
        }
    }

    #[test]
    fn any_text_as_config_ends_in_a_config_or_problems_with_paths(text in jsonish()) {
        if let Err(problems) = Config::parse(&text) {
            prop_assert!(!problems.is_empty());
        }
    }

    #[test]
    fn a_mutated_real_config_ends_in_a_config_or_problems(text in mutated_config()) {
        match Config::parse(&text) {
            Ok(c) => prop_assert!(!c.flows.is_empty()),
            Err(problems) => prop_assert!(problems.iter().all(|p| !p.message.is_empty())),
        }
    }

    #[test]
    fn stored_profiles_and_flow_states_never_panic(text in jsonish()) {
        let _ = Profile::from_json(&text);
        let _ = FlowState::from_json(&text);
        let _ = Profile::from_json(&format!("{{\"v\": 1, \"basket\": {text}, \"messages\": {text}, \"surveys\": {text}}}"));
    }

    /// What is written reads back to a number that writes the same text (stored profiles
    /// stay stable however often they are read and written).
    #[test]
    fn written_numbers_read_back_stably(x in -9.0e15f64..9.0e15, scale in 0i32..12) {
        let x = x / 10f64.powi(scale);
        let text = json::number_text(x);
        let back = json::parse_number(&text).unwrap();
        prop_assert_eq!(json::number_text(back), text);
    }

    #[test]
    fn numbers_urls_and_prices_never_panic(text in any::<String>()) {
        let _ = json::parse_number(&text);
        let _ = url::check(&text);
        let _ = url::with_query(&text, "sa_flow", &text);
        let _ = parse_amount(&text);
    }
}
