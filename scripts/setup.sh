#!/usr/bin/env bash
# Installs what building and testing need, and nothing that is already there.
# Idempotent; takes seconds when everything is present. Run by `npm start` and `npm test`.
#
#  - npm packages (playwright-core, binaryen for wasm-opt) from package-lock.json;
#  - a way to compile for wasm32: rustup's target and rust-src if they can be had, else
#    Debian's rustc-web and rust-web-src (the standard library is then built from source);
#  - wasm-bindgen-cli (the exact version in Cargo.lock) and wasm-pack, from crates.io;
#  - Chromium and ChromeDriver from Debian, unless CHROME_PATH/CHROMEDRIVER point at them;
#  - with --engines (npm test): Firefox ESR, WebKitGTK's WebDriver and Xvfb from Debian, and
#    geckodriver from crates.io.
# Nothing here waits on the network without a time limit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1

# Root, or passwordless sudo, for Debian packages; otherwise explain what to install.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@";
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@";
  else return 1; fi
}

APT_UPDATED=0
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ "$APT_UPDATED" = 0 ]; then
    as_root timeout 300 apt-get update -qq || die "apt-get update failed (root or passwordless sudo needed to install: $*)"
    APT_UPDATED=1
  fi
  log "installing Debian packages: $*"
  as_root timeout 1200 apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "could not install $* (root or passwordless sudo needed)"
}

# 1. npm packages.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  timeout 600 npm ci --no-audit --no-fund --loglevel=error
fi

# 2. A wasm32 compiler.
if ! detect_wasm_mode; then
  if command -v rustup >/dev/null 2>&1; then
    log "adding the wasm32 target with rustup (30 s at most)"
    timeout 30 rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || log "rustup could not fetch the target; using Debian's rustc-web instead"
  fi
  if ! detect_wasm_mode; then
    apt_install rustc-web cargo-web rust-web-src
    if ! find_wasm_linker >/dev/null; then apt_install lld; fi
    detect_wasm_mode || die "no way to compile for wasm32 after installing rustc-web"
  fi
fi

# Release builds compile the standard library from source (scripts/lib.sh, with_release_env):
# with rustup that needs its rust-src component. Debian's rust-web-src is already there.
if [ -z "$(std_source)" ]; then
  log "adding rustup's rust-src component (60 s at most)"
  timeout 60 rustup component add rust-src >/dev/null 2>&1 \
    || die "could not add rust-src with rustup; install it with 'rustup component add rust-src'"
fi

# 3. wasm-bindgen-cli, the version the crate is locked to. No --locked: the registry mirror
#    may lack a crate the CLI's own lock file names.
WB_VERSION="$(wasm_bindgen_version)"
[ -n "$WB_VERSION" ] || die "Cargo.lock names no wasm-bindgen version"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  log "installing wasm-bindgen-cli $WB_VERSION (a few minutes, once)"
  timeout 1800 cargo install -q --force wasm-bindgen-cli --version "$WB_VERSION"
fi

# 4. wasm-pack.
if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  log "installing wasm-pack $WASM_PACK_VERSION (a few minutes, once)"
  timeout 1800 cargo install -q --force wasm-pack --version "$WASM_PACK_VERSION"
fi

# 5. Chromium and its driver (same Debian release, so their versions match).
if ! find_chromium >/dev/null || ! find_chromedriver >/dev/null; then
  apt_install chromium chromium-driver \
    || die "install Chromium and ChromeDriver, or set CHROME_PATH and CHROMEDRIVER"
fi

# 5b. Fonts for Japanese and Chinese text, so the screenshots the tests take show what a
#     shopper in Japan or China sees instead of empty boxes (5 MB; DejaVu covers Cyrillic).
if command -v fc-list >/dev/null 2>&1 \
   && { [ -z "$(fc-list :lang=ja 2>/dev/null)" ] || [ -z "$(fc-list :lang=zh-cn 2>/dev/null)" ]; }; then
  apt_install fonts-ipafont-gothic fonts-wqy-microhei \
    || log "no Japanese or Chinese fonts: screenshots will show boxes for their text"
fi

# 6. With --engines (npm test): the other engines a shopper's browser runs on, for the
#    engines smoke path (tests/e2e/engines.test.mjs): Firefox ESR and WebKitGTK's WebDriver
#    from Debian (with Xvfb, a display for WebKitGTK), and geckodriver from crates.io.
if [ "${1:-}" = --engines ]; then
  if [ ! -x /usr/lib/firefox-esr/firefox-esr ] || ! command -v WebKitWebDriver >/dev/null 2>&1 || ! command -v Xvfb >/dev/null 2>&1; then
    apt_install firefox-esr webkit2gtk-driver xvfb \
      || die "install firefox-esr, webkit2gtk-driver and xvfb for the engines smoke path"
  fi
  if [ "$(geckodriver --version 2>/dev/null | awk 'NR==1 {print $2}')" != "$GECKODRIVER_VERSION" ]; then
    log "installing geckodriver $GECKODRIVER_VERSION (two minutes, once)"
    timeout 1800 cargo install -q --force geckodriver --version "$GECKODRIVER_VERSION"
  fi
fi

log "ready: wasm via $WASM_MODE, wasm-bindgen $WB_VERSION, $(find_chromium)"
