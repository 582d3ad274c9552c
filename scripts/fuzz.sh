#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer via cargo-fuzz, AddressSanitizer) of every reader of
# untrusted text: `npm run fuzz [-- SECONDS]` (default 60 per target).
#   config: any bytes as a config and as a catalogue: parse, validate, lint with the path walk.
#   stored: any bytes as a stored profile and a stored flow state: read, write back, merge.
# Seeds come from the project's own configs and a stored profile; the corpus grows under
# target/fuzz-corpus/ between runs. Prints runs and CPU time per target, writes
# bench-results/fuzz.json, and exits 1 on the first crash (libFuzzer saves the input under
# tests/fuzz/artifacts/).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
SECONDS_PER_TARGET="${1:-60}"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  log "installing cargo-fuzz from crates.io"
  cargo install --locked cargo-fuzz --version 0.13.2
fi
# cargo-fuzz passes -Z flags: a nightly toolchain if there is one, else stable with
# RUSTC_BOOTSTRAP=1.
CARGO=(cargo)
if rustup run nightly rustc --version >/dev/null 2>&1; then
  CARGO=(cargo +nightly)
else
  export RUSTC_BOOTSTRAP=1
fi

log "building the fuzz targets"
"${CARGO[@]}" fuzz build --fuzz-dir tests/fuzz -O

seed() {
  local dir="target/fuzz-corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do cp "$f" "$dir/seed-$(basename "$f")"; done
  echo "$dir"
}
CONFIG_CORPUS="$(seed config tests/fixtures/minimal.json tests/fixtures/full.json tests/fixtures/broken.json www/assistant.json www/shop/catalogue.json)"
STORED_CORPUS="$(seed stored tests/fixtures/profile-v1.json tests/fixtures/profile-v2.json tests/fixtures/profile-v3.json)"
printf '%s' '{"flow":"coffee-finder","answers":[["brew","espresso"],["taste",null]]}' > "$STORED_CORPUS/seed-flow.json"

mkdir -p bench-results
RESULTS=()
printf '\n%-8s %12s %10s %10s %8s\n' target runs "cpu (s)" "runs/s" corpus
for target in config stored; do
  corpus="target/fuzz-corpus/$target"
  out="$(mktemp)"
  TIMEFORMAT='%U %S'
  { time "${CARGO[@]}" fuzz run --fuzz-dir tests/fuzz -O "$target" "$corpus" -- \
      -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=4096 -print_final_stats=1 \
      > "$out" 2>&1 ; } 2> "$out.time" || { tail -40 "$out"; die "fuzz target $target crashed (input saved under tests/fuzz/artifacts/$target/)"; }
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)"
  cpu="$(awk '{ printf "%.1f", $1 + $2 }' "$out.time")"
  files="$(find "$corpus" -type f | wc -l)"
  printf '%-8s %12s %10s %10s %8s\n' "$target" "$runs" "$cpu" "$(awk -v r="$runs" -v c="$cpu" 'BEGIN { printf "%d", r / (c > 0 ? c : 1) }')" "$files"
  RESULTS+=("{\"target\": \"$target\", \"runs\": $runs, \"cpuSeconds\": $cpu, \"corpus\": $files}")
  rm -f "$out" "$out.time"
done
{
  printf '{"date": "%s", "machine": "%s, %s cores", "secondsPerTarget": %s, "targets": [\n  ' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" "$(nproc)" "$SECONDS_PER_TARGET"
  (IFS=','; printf '%s' "${RESULTS[*]}" | sed 's/},{/},\n  {/g')
  printf '\n]}\n'
} > bench-results/fuzz.json
log "wrote bench-results/fuzz.json"
