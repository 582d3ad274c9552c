//! A config (or a catalogue) as any bytes: parsing and validation end in a config or a list
//! of problems, never a panic; a config that parses also survives the linter's path walk and
//! the validator's report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shop_assistant::core::config::Config;
use shop_assistant::core::{json, lint, report};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(value) = json::parse(text) {
        // What the reader accepts, the writer writes back readably.
        assert!(json::parse(&json::stringify(&value)).is_ok());
    }
    match Config::parse(text) {
        Ok(mut config) => {
            let _ = lint::lint_deep(&config);
            let _ = report::report(&config);
            let _ = config.attach_catalogue(text);
        }
        Err(problems) => assert!(!problems.is_empty() && problems.iter().all(|p| !p.message.is_empty())),
    }
});
