# Shared by the other scripts (sourced, not run): paths, logging, and how to run cargo for
# wasm32 on this machine.
#
# Two ways to build for wasm32-unknown-unknown:
#  - "rustup": the target is installed in the rustup toolchain (an ordinary laptop).
#  - "build-std": Debian's rustc-web and its standard-library source, with the standard
#    library compiled from source (-Zbuild-std) and rustup's rust-lld (or wasm-ld) as the
#    linker. For machines where rustup cannot download the target.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

log() { printf '\033[1m[shop-assistant]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[shop-assistant] error:\033[0m %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

rustup_has_wasm_target() {
  command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}

debian_std_src() { [ -d /usr/lib/rustlib/src/rust/library/std ]; }

# A linker for wasm32 when building with Debian's rustc (which does not ship rust-lld).
find_wasm_linker() {
  local sysroot lld
  if command -v rustc >/dev/null 2>&1 && [ "$(command -v rustc)" != /usr/bin/rustc ]; then
    sysroot="$(rustc --print sysroot 2>/dev/null || true)"
    lld="$sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
    [ -x "$lld" ] && { echo "$lld"; return 0; }
  fi
  for lld in "$HOME"/.rustup/toolchains/*/lib/rustlib/*/bin/rust-lld; do
    [ -x "$lld" ] && { echo "$lld"; return 0; }
  done
  command -v wasm-ld 2>/dev/null && return 0
  for lld in /usr/bin/wasm-ld-*; do
    [ -x "$lld" ] && { echo "$lld"; return 0; }
  done
  return 1
}

# Sets WASM_MODE (and WASM_CARGO_FLAGS, WASM_LINKER) for the way available here.
# Returns 1 if neither way is available yet (scripts/setup.sh installs one).
detect_wasm_mode() {
  # SA_WASM_MODE=build-std forces Debian's toolchain even where rustup's target exists.
  if [ "${SA_WASM_MODE:-}" != build-std ] && rustup_has_wasm_target; then
    WASM_MODE=rustup
    WASM_CARGO_FLAGS=()
    return 0
  fi
  if [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] && debian_std_src && WASM_LINKER="$(find_wasm_linker)"; then
    WASM_MODE=build-std
    WASM_CARGO_FLAGS=(-Zbuild-std=std,panic_abort)
    return 0
  fi
  return 1
}

# The standard library's source for the detected mode, if present. Release builds compile
# std from it with the size profile (see with_release_env).
std_source() {
  if [ "$WASM_MODE" = build-std ]; then
    echo /usr/lib/rustlib/src/rust/library
  else
    local src
    src="$(rustc --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library"
    [ -d "$src/std" ] && echo "$src"
  fi
}

# Runs a command with the environment that builds the shipped wasm. In both modes the
# standard library is compiled from source with the release profile (opt-level "z", LTO) and
# panics become an immediate trap: the prebuilt std is tuned for speed and carries the panic
# formatting machinery, which together cost about a fifth of the payload. A trap is caught by
# the loader, which turns the assistant off with one console line. (-Z flags on a stable
# compiler need RUSTC_BOOTSTRAP=1.)
# The stack is 256 KiB instead of Rust's default 1 MiB: the deepest recursion (reading JSON
# nested 128 levels, the most the reader accepts) needs a small fraction of it, and every
# visitor's page would otherwise reserve the rest. The stack sits below the data, so an
# overflow traps (and the loader turns the assistant off) instead of overwriting anything.
RELEASE_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Clink-arg=-zstack-size=262144"
with_release_env() {
  if [ -z "$(std_source)" ]; then
    die "no standard-library source for release builds: run scripts/setup.sh"
  fi
  if [ "$WASM_MODE" = build-std ]; then
    RUSTFLAGS="$RELEASE_RUSTFLAGS" with_wasm_env "$@"
  else
    RUSTC_BOOTSTRAP=1 RUSTFLAGS="$RELEASE_RUSTFLAGS" \
    CARGO_TARGET_DIR="$ROOT/target/wasm-release-std" "$@"
  fi
}

# Runs a command with the environment that builds for wasm32 in the detected mode.
with_wasm_env() {
  if [ "$WASM_MODE" = build-std ]; then
    # Debian's cargo and rustc first on PATH: wasm-pack calls plain `cargo`.
    PATH="/usr/bin:$PATH" \
    RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$WASM_LINKER" \
    CARGO_TARGET_DIR="$ROOT/target/wasm-build-std" \
      "$@"
  else
    "$@"
  fi
}

# Chromium for the browser tests: $CHROME_PATH, else Debian's.
find_chromium() {
  if [ -n "${CHROME_PATH:-}" ] && [ -x "$CHROME_PATH" ]; then echo "$CHROME_PATH"; return 0; fi
  for c in /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -x "$c" ] && { echo "$c"; return 0; }
  done
  return 1
}

find_chromedriver() {
  if [ -n "${CHROMEDRIVER:-}" ] && [ -x "$CHROMEDRIVER" ]; then echo "$CHROMEDRIVER"; return 0; fi
  command -v chromedriver 2>/dev/null
}
