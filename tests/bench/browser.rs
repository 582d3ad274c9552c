//! In-browser matching benchmark: the same workload as `matching.rs`, compiled to wasm and
//! run in headless Chromium by wasm-bindgen-test (run by `npm run bench`, not `npm test`).
//! Prints one JSON line per catalogue size; asserts nothing about time.
#![cfg(target_arch = "wasm32")]

#[path = "workload.rs"]
mod workload;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[wasm_bindgen_test]
fn matching_in_chromium() {
    for (n, rank_ms, step_ms, found) in workload::run(now, &[1_000, 10_000, 100_000]) {
        console_log!("BENCH {{\"where\":\"chromium\",\"products\":{n},\"rank_ms\":{rank_ms:.4},\"step_ms\":{step_ms:.4},\"results\":{found}}}");
    }
    for (n, bytes, read_ms, lint_ms) in workload::run_startup(now, &[1_000, 10_000, 100_000]) {
        console_log!("BENCH {{\"where\":\"chromium\",\"catalogue\":{n},\"bytes\":{bytes},\"read_ms\":{read_ms:.3},\"lint_ms\":{lint_ms:.3}}}");
    }
    for (n, [similar, for_you, complements, all]) in
        workload::run_recommend(now, &[1_000, 10_000, 100_000])
    {
        console_log!("BENCH {{\"where\":\"chromium\",\"recommend_products\":{n},\"similar_ms\":{similar:.4},\"for_you_ms\":{for_you:.4},\"complements_ms\":{complements:.4},\"block_ms\":{all:.4}}}");
    }
    let rules_ms = workload::run_messages(now, 500);
    console_log!("BENCH {{\"where\":\"chromium\",\"rules\":500,\"choose_ms\":{rules_ms:.4}}}");
    for (n, us, bytes) in workload::run_profile(now, &[1_000, 100_000]) {
        console_log!("BENCH {{\"where\":\"chromium\",\"events\":{n},\"event_us\":{us:.3},\"stored_bytes\":{bytes}}}");
    }
}
