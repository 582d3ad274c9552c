//! What a visitor's browser hands back from storage, as any bytes: see `stored` in
//! ../checks.rs.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::stored(data));
