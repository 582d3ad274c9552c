//! Native matching benchmark: `cargo bench --bench matching` (run by `npm run bench`).
//! Prints one JSON line per catalogue size.

#[path = "workload.rs"]
mod workload;

use std::time::Instant;

fn main() {
    let start = Instant::now();
    let now = || start.elapsed().as_secs_f64() * 1000.0;
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes: &[usize] = if quick {
        &[1_000, 10_000]
    } else {
        &[1_000, 10_000, 100_000]
    };
    for (n, rank_ms, step_ms, found) in workload::run(now, sizes) {
        println!("{{\"where\":\"native\",\"products\":{n},\"rank_ms\":{rank_ms:.4},\"step_ms\":{step_ms:.4},\"results\":{found}}}");
    }
    for (n, bytes, read_ms, lint_ms) in workload::run_startup(now, sizes) {
        println!("{{\"where\":\"native\",\"catalogue\":{n},\"bytes\":{bytes},\"read_ms\":{read_ms:.3},\"lint_ms\":{lint_ms:.3}}}");
    }
    for (n, [similar, for_you, complements, all]) in workload::run_recommend(now, sizes) {
        println!("{{\"where\":\"native\",\"recommend_products\":{n},\"similar_ms\":{similar:.4},\"for_you_ms\":{for_you:.4},\"complements_ms\":{complements:.4},\"block_ms\":{all:.4}}}");
    }
    let rules_ms = workload::run_messages(now, 500);
    println!("{{\"where\":\"native\",\"rules\":500,\"choose_ms\":{rules_ms:.4}}}");
    let counts: &[usize] = if quick { &[1_000] } else { &[1_000, 100_000] };
    for (n, us, bytes) in workload::run_profile(now, counts) {
        println!(
            "{{\"where\":\"native\",\"events\":{n},\"event_us\":{us:.3},\"stored_bytes\":{bytes}}}"
        );
    }
}
