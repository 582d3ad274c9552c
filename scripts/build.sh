#!/usr/bin/env bash
# Release build of what a storefront loads, into dist/shop-assistant/:
#   shop-assistant.js   the loader merchants reference in their script tag
#   assistant.js        wasm-bindgen's glue (an ES module the loader imports)
#   assistant_bg.wasm   the assistant, size-optimised with wasm-opt -Oz
#   assistant.schema.json, shop-assistant.d.ts   the config's JSON Schema and the API's types
#   labels/<language>.json   the widget's own texts in that language (English is in the wasm)
#   manifest.json       the version, and each file's size and Subresource Integrity hash
# Expects scripts/setup.sh to have run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
detect_wasm_mode || die "no wasm32 toolchain: run scripts/setup.sh"

OUT="$ROOT/dist/shop-assistant"
PKG="$ROOT/target/pkg"

# wasm-pack looks for a prebuilt wasm32 std in the sysroot, which a std built from source
# does not need; "force" skips that check. It still finds wasm-bindgen on PATH first
# (setup.sh put the exact version there), so it downloads nothing.
MODE=force
log "building the wasm (release, $WASM_MODE, std from source)"
RELEASE_CARGO_FLAGS=(-Zbuild-std=std,panic_abort)
with_release_env wasm-pack --quiet build . --release --target web --mode "$MODE" \
  --no-pack --out-dir "$PKG" --out-name assistant -- "${RELEASE_CARGO_FLAGS[@]}"

mkdir -p "$OUT"
# The features rustc enables by default for wasm32; wasm-opt must accept them.
# --low-memory-unused and --zero-filled-memory hold for Rust's output: its data starts above
# the stack, far above the first kilobyte, and a fresh instance's own memory is zeroed.
wasm-opt -Oz --converge --low-memory-unused --zero-filled-memory --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  "$PKG/assistant_bg.wasm" -o "$OUT/assistant_bg.wasm"
# The loader and the glue are minified (terser: names and whitespace; no property renaming,
# so the glue's import names stay as the wasm expects): about 2.3 KB less brotli for every
# visitor. The loader keeps its one /*! */ line; www/ keeps the commented source.
node --input-type=module -e '
  import { minify } from "terser";
  import { readFileSync, writeFileSync } from "node:fs";
  const [loaderIn, glueIn, loaderOut, glueOut, packageJson] = process.argv.slice(1);
  const { version } = JSON.parse(readFileSync(packageJson, "utf8"));
  const source = readFileSync(loaderIn, "utf8");
  if (!source.includes("var VERSION = \x27dev\x27;")) throw new Error("the loader has no VERSION placeholder");
  const loader = source.replace("var VERSION = \x27dev\x27;", "var VERSION = " + JSON.stringify(version) + ";")
    .replace(/^\/\*![\s\S]*?\*\/\n/, "/*! shop-assistant " + version + " loader: see README.md */\n");
  const options = { compress: { passes: 2 }, mangle: true, format: { comments: /^!/ } };
  writeFileSync(loaderOut, (await minify(loader, options)).code + "\n");
  writeFileSync(glueOut, (await minify(readFileSync(glueIn, "utf8"), { ...options, module: true })).code + "\n");
' "$ROOT/www/shop-assistant.js" "$PKG/assistant.js" "$OUT/shop-assistant.js" "$OUT/assistant.js" "$ROOT/package.json"
cp "$ROOT/www/assistant.schema.json" "$ROOT/www/shop-assistant.d.ts" "$OUT/"
# The widget's own texts in other languages than English, one file each; the loader fetches
# the page's language's only.
rm -rf "$OUT/labels"
cp -r "$ROOT/www/labels" "$OUT/labels"
# The loader carries its version (package.json's); the manifest repeats it with every file's hash, so a
# merchant can serve the files under a versioned path with long cache lifetimes and pin them
# with integrity="..." attributes.
node -e '
  const fs = require("fs"), crypto = require("crypto"), path = require("path");
  const dir = process.argv[1];
  const version = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).version;
  const files = {};
  const walk = (d, prefix) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(d, e.name), prefix + e.name + "/") : [prefix + e.name]);
  for (const name of walk(dir, "").sort()) {
    if (name === "manifest.json") continue;
    const bytes = fs.readFileSync(path.join(dir, name));
    files[name] = { bytes: bytes.length, integrity: "sha384-" + crypto.createHash("sha384").update(bytes).digest("base64") };
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ name: "shop-assistant", version, files }, null, 2) + "\n");
' "$OUT" "$ROOT/package.json"
log "built $(du -b "$OUT/assistant_bg.wasm" | cut -f1) bytes of wasm into dist/shop-assistant/"
