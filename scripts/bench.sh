#!/usr/bin/env bash
# Benchmarks (not tests: they measure, they do not judge). Run by `npm run bench`.
#   matching: rank() and the per-step availability check for 1k / 10k / 100k products against
#   six answers, natively and in headless Chromium (the same workload: tests/bench/workload.rs).
#   profile: the cost of folding one event into the visitor profile and the stored size after
#   1,000 and 100,000 events, natively and in Chromium.
#   messages: choosing among 500 message rules for one profile and page, natively and in Chromium.
#   recommendations: a block of 8 products per strategy over 1k / 10k / 100k products, natively
#   and in Chromium.
#   writes: the assistant's localStorage writes during a scripted visit to the demo shop.
#   pages: the same 5-question quiz by shop-assistant, SurveyJS and plain JS side by side
#   (download, first question, long tasks, script time, memory, per step; exit intent).
# Writes bench-results/matching.json and pages.json and prints tables. `--quick` skips the
# 100k native run and measures the pages 3 times instead of 7 (what CI can afford).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
detect_wasm_mode || die "no wasm32 toolchain: run scripts/setup.sh"
QUICK=()
[ "${1:-}" = "--quick" ] && QUICK=(--quick)

mkdir -p bench-results
OUT="bench-results/matching.json"
LINES="$(mktemp)"
trap 'rm -f "$LINES"' EXIT

log "matching, native (release settings, opt-level z as shipped)"
cargo bench --quiet --profile perf --bench matching -- "${QUICK[@]}" | grep '^{' >> "$LINES"

log "matching, in headless Chromium (wasm, shipped settings without LTO)"
browser_bench() {
  CHROMEDRIVER="$(find_chromedriver)" CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    with_wasm_env cargo test --profile wasm-bench --target wasm32-unknown-unknown --test bench_browser \
    "${WASM_CARGO_FLAGS[@]}" -- --nocapture 2>/dev/null | sed -n 's/^BENCH //p'
}
# Cargo builds the library twice for this profile (once for the test harness; cargo issue
# 6313), and after a change to the library the two can be linked together (duplicate web_sys
# symbols). A clean build of this profile's artifacts avoids it; it costs about a minute.
rm -rf target/wasm32-unknown-unknown/wasm-bench target/wasm-build-std/wasm32-unknown-unknown/wasm-bench
browser_bench > "$LINES.browser"
[ -s "$LINES.browser" ] || die "the in-browser benchmark printed nothing"
cat "$LINES.browser" >> "$LINES"
rm -f "$LINES.browser"

log "profile writes while browsing the demo shop"
bash scripts/build.sh
node scripts/bench-writes.mjs >> "$LINES"

log "the same quiz: shop-assistant, SurveyJS, plain JS"
node scripts/bench-pages.mjs "${QUICK[@]}" > "$LINES.pages"

node - "$LINES" "$OUT" <<'JS'
const fs = require('fs');
const [lines, out] = process.argv.slice(2);
const all = fs.readFileSync(lines, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const rows = all.filter((r) => 'products' in r);
const profile = all.filter((r) => 'events' in r && !('writes' in r));
const writes = all.filter((r) => 'writes' in r);
const rules = all.filter((r) => 'rules' in r);
const startup = all.filter((r) => 'catalogue' in r);
const recommend = all.filter((r) => 'recommend_products' in r);
const meta = { date: new Date().toISOString(), machine: `${require('os').cpus().length} cores, ${require('os').cpus()[0]?.model ?? 'unknown CPU'}`, rows, startup, profile, writes, rules, recommend };
fs.writeFileSync(out, JSON.stringify(meta, null, 2) + '\n');
console.log(`\nmatching against 6 answers (median ms; ${meta.machine})`);
console.log('where      products   rank()   per step   growth (rank, per 10x products)');
let prev = {};
for (const r of rows) {
  const growth = prev[r.where] ? (r.rank_ms / prev[r.where]).toFixed(1) + 'x' : '';
  prev[r.where] = r.rank_ms;
  console.log(`${r.where.padEnd(10)} ${String(r.products).padStart(8)} ${r.rank_ms.toFixed(3).padStart(8)} ${r.step_ms.toFixed(3).padStart(10)}   ${growth}`);
}
console.log('\nstart-up with a catalogue file: reading it (parse, check, index) and the start-up check (median ms)');
console.log('where      products   JSON KB    read    check');
for (const r of startup) console.log(`${r.where.padEnd(10)} ${String(r.catalogue).padStart(8)} ${(r.bytes / 1024).toFixed(0).padStart(8)} ${r.read_ms.toFixed(2).padStart(7)} ${r.lint_ms.toFixed(2).padStart(8)}`);
console.log('\nvisitor profile: folding one event (what track() does after the call from JS), stored size');
console.log('where       events   per event (us)   stored bytes');
for (const r of profile) console.log(`${r.where.padEnd(10)} ${String(r.events).padStart(7)} ${r.event_us.toFixed(3).padStart(16)} ${String(r.stored_bytes).padStart(14)}`);
console.log('\nrecommendations: a block of 8 for a visitor with 20 views and 3 lines in the basket (median ms)');
console.log('where      products   similar   forYou   complements   all five');
for (const r of recommend) console.log(`${r.where.padEnd(10)} ${String(r.recommend_products).padStart(8)} ${r.similar_ms.toFixed(3).padStart(9)} ${r.for_you_ms.toFixed(3).padStart(8)} ${r.complements_ms.toFixed(3).padStart(13)} ${r.block_ms.toFixed(3).padStart(10)}`);
for (const r of rules) console.log(`\nmessages: choosing among ${r.rules} rules for one profile and page: ${r.choose_ms.toFixed(4)} ms (${r.where})`);
for (const r of writes) console.log(`\nlocalStorage writes: ${r.writes} for ${r.events} events in ${r.browsing_s} s of scripted browsing (${r.writes_per_minute} a minute)`);
console.log(`\nwritten to ${out}`);
JS
cat "$LINES.pages"
rm -f "$LINES.pages"
