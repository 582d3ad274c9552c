#!/usr/bin/env bash
# Runs every test layer and fails if any layer fails or runs no test:
#   1. native: `cargo test` (src/core and its tests, doc tests included)
#   2. browser: wasm-bindgen-test in headless Chromium (tests/browser.rs)
#   3. end to end: release build, then playwright-core driving Chromium against the demo
#      storefront (tests/e2e), plus the payload size budget (tests/budget); the engines smoke
#      path there drives Chromium, Firefox ESR and WebKitGTK over WebDriver
# Expects scripts/setup.sh to have run (`npm test` does both).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
detect_wasm_mode || die "no wasm32 toolchain: run scripts/setup.sh"

LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT
PASSED=0
FAILED=0
SUMMARY=()
BROKEN=0

# run_layer NAME COUNTER COMMAND...: runs the command, shows its output, and counts the tests
# it ran with COUNTER (cargo or node).
run_layer() {
  local name="$1" counter="$2"; shift 2
  local log="$LOGS/$name.log" start end rc passed failed
  log "layer: $name"
  start=$(date +%s)
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  end=$(date +%s)
  if [ "$counter" = cargo ]; then
    passed=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
    failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
  else
    passed=$(grep -E '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
    failed=$(grep -E '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
  fi
  PASSED=$((PASSED + passed))
  FAILED=$((FAILED + failed))
  local verdict=ok
  if [ "$rc" != 0 ]; then verdict="FAILED (exit $rc)"; BROKEN=1; fi
  if [ "$passed" = 0 ]; then verdict="FAILED (ran no test)"; BROKEN=1; fi
  SUMMARY+=("$(printf '%-12s %4d passed %3d failed %5ss  %s' "$name" "$passed" "$failed" "$((end - start))" "$verdict")")
}

run_layer native cargo cargo test --color never

run_layer browser cargo env \
  CHROMEDRIVER="$(find_chromedriver)" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  bash -c "source scripts/lib.sh; detect_wasm_mode; with_wasm_env cargo test --color never --target wasm32-unknown-unknown --test browser \${WASM_CARGO_FLAGS[@]}"

if bash scripts/build.sh; then
  export SA_NETWORK_TALLY="$LOGS/network.jsonl"
  : > "$SA_NETWORK_TALLY"
  run_layer end-to-end node node --test --test-reporter=tap tests/e2e/*.test.mjs tests/merchant/*.test.mjs tests/budget/*.test.mjs
  SUMMARY+=("$(awk -F'[:,}]' '{ p += $2; r += $4; v += $6 } END {
    printf "network      %d browser sessions made %d requests, %d outside the rule (the assistant'"'"'s files, config, catalogue, the shop'"'"'s own)", p, r, v }' "$SA_NETWORK_TALLY")")
else
  SUMMARY+=("end-to-end   release build FAILED")
  BROKEN=1
fi

echo
for line in "${SUMMARY[@]}"; do echo "  $line"; done
echo "$PASSED passed, $FAILED failed"
if [ "$BROKEN" != 0 ] || [ "$FAILED" != 0 ]; then
  die "tests failed"
fi
