//! The fuzz targets' checks (tests/fuzz/checks.rs), run by `cargo test` on the seeds
//! `npm run fuzz` starts from and on every cut and single-byte change of them at a few hundred
//! places: the checks keep compiling with the library, and the error paths of truncated and
//! damaged input are walked on every test run, not only when someone fuzzes.

#[path = "fuzz/checks.rs"]
mod checks;

const CONFIG_SEEDS: &[&str] = &[
    "tests/fixtures/minimal.json",
    "tests/fixtures/full.json",
    "tests/fixtures/broken.json",
    "www/assistant.json",
    "www/shop/catalogue.json",
];
const FLOW: &str = r#"{"flow":"coffee-finder","answers":[["brew","espresso"],["taste",null]]}"#;

fn read(path: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `seed`, then every cut of it and a damaged copy (one byte replaced by a character that
/// matters to JSON) at up to `places` evenly spread positions.
fn variants(seed: &[u8], places: usize, mut check: impl FnMut(&[u8])) {
    check(seed);
    let step = (seed.len() / places).max(1);
    for (n, at) in (0..seed.len()).step_by(step).enumerate() {
        check(&seed[..at]);
        let mut damaged = seed.to_vec();
        damaged[at] = b"\"{}[],:0-e\\ "[n % 12];
        check(&damaged);
    }
}

#[test]
fn config_checks_hold_for_the_seeds_cut_and_damaged() {
    for path in CONFIG_SEEDS {
        variants(&read(path), 150, checks::config);
    }
}

#[test]
fn stored_checks_hold_for_the_seeds_cut_and_damaged() {
    variants(&read("tests/fixtures/profile-v1.json"), 300, checks::stored);
    variants(&read("tests/fixtures/profile-v2.json"), 300, checks::stored);
    variants(&read("tests/fixtures/profile-v3.json"), 300, checks::stored);
    variants(FLOW.as_bytes(), 70, checks::stored);
}
