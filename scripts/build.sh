#!/usr/bin/env bash
# Release build of what a storefront loads, into dist/shop-assistant/:
#   shop-assistant.js   the loader merchants reference in their script tag, with wasm-bindgen's
#                       glue inside it and the wasm's integrity hash (one SRI attribute on the
#                       script tag pins the release)
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
with_release_env wasm-pack --quiet build . --release --target no-modules --mode "$MODE" \
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
# visitor. Both go in one file, so one integrity attribute on the script tag covers them:
#   /*! shop-assistant <version> loader: see README.md */
#   {let wasm_bindgen=null;try{wasm_bindgen=function(){
#   <the glue, on lines of its own>
#   return wasm_bindgen}()}catch(e){}
#   <the loader>
#   }
# The block keeps `wasm_bindgen` from the page; the loader tells an error of the glue's from its
# own by the glue's lines, and checks the wasm against its hash, both written into it here.
# www/ keeps the commented source.
rm -f "$OUT/assistant.js"
node --input-type=module -e '
  import { minify } from "terser";
  import { readFileSync, writeFileSync } from "node:fs";
  import { createHash } from "node:crypto";
  const [loaderIn, glueIn, wasm, loaderOut, packageJson] = process.argv.slice(1);
  const { version } = JSON.parse(readFileSync(packageJson, "utf8"));
  const integrity = "sha384-" + createHash("sha384").update(readFileSync(wasm)).digest("base64");
  const once = (text, from, to) => {
    if (text.split(from).length !== 2) throw new Error("expected " + from + " exactly once");
    return text.replace(from, () => to);
  };
  let source = readFileSync(loaderIn, "utf8");
  source = once(source, "var VERSION = \x27dev\x27;", "var VERSION = " + JSON.stringify(version) + ";");
  source = once(source, "\x27@wasm-integrity@\x27", JSON.stringify(integrity));
  source = source.replace(/^\/\*![\s\S]*?\*\/\n/, "");
  const options = { compress: { passes: 2 }, mangle: true, format: { comments: false } };
  const loader = (await minify(source, options)).code;
  const glue = (await minify(readFileSync(glueIn, "utf8"), options)).code;
  if (!/^let wasm_bindgen=/.test(glue)) throw new Error("the glue does not start with let wasm_bindgen=");
  const head = ["/*! shop-assistant " + version + " loader: see README.md */", "{let wasm_bindgen=null;try{wasm_bindgen=function(){"];
  const first = head.length + 1;
  const last = head.length + glue.split("\n").length;
  const out = [...head, glue, "return wasm_bindgen}()}catch(e){}", once(loader, "\"@glue-lines@\"", JSON.stringify(first + "-" + last)), "}"];
  writeFileSync(loaderOut, out.join("\n") + "\n");
' "$ROOT/www/shop-assistant.js" "$PKG/assistant.js" "$OUT/assistant_bg.wasm" "$OUT/shop-assistant.js" "$ROOT/package.json"
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
