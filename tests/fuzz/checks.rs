//! What the fuzz targets check for every input, shared with `tests/fuzz_checks.rs` so that
//! `cargo test` compiles these checks and runs them on the seeds (and every fuzz run starts
//! from checks that still build).

use shop_assistant::core::catalogue::Catalogue;
use shop_assistant::core::config::Config;
use shop_assistant::core::flow::FlowState;
use shop_assistant::core::profile::{merge, Event, Profile, Writer};
use shop_assistant::core::{json, lint, report};

/// A config (or a catalogue) as any bytes: parsing and validation end in a config or a list
/// of problems, never a panic; a config that parses also survives the linter's path walk and
/// the validator's report.
pub fn config(data: &[u8]) {
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
        Err(problems) => {
            assert!(!problems.is_empty() && problems.iter().all(|p| !p.message.is_empty()))
        }
    }
}

/// What a visitor's browser hands back from storage (the profile, a flow in progress), as any
/// bytes: read into a value or rejected, never a panic; a profile that reads writes back to
/// the same profile, and merging pending events into it works.
pub fn stored(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = FlowState::from_json(text);
    if let Ok(profile) = Profile::from_json(text) {
        let written = profile.to_json();
        let again = Profile::from_json(&written).expect("a written profile reads back");
        assert_eq!(again.to_json(), written);
        let _ = profile.stats();
        let _ = profile.describe(0.0);
    }
    let pending = [(Event::CheckoutStart, 1.0)];
    let writer = Writer {
        consent_at: 0.0,
        fresh: 7,
        now: 1.0,
    };
    let _ = merge(
        Some(text),
        &Profile::default(),
        &pending,
        &Catalogue::default(),
        &writer,
    );
}
