//! What a visitor's browser hands back from storage (the profile, a flow in progress), as any
//! bytes: read into a value or rejected, never a panic; a profile that reads writes back to
//! the same profile, and merging pending events into it works.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shop_assistant::core::catalogue::Catalogue;
use shop_assistant::core::flow::FlowState;
use shop_assistant::core::profile::{merge, Event, Profile};

fuzz_target!(|data: &[u8]| {
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
    let _ = merge(Some(text), &Profile::default(), &pending, &Catalogue::default());
});
