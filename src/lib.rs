//! shop-assistant: a browser-side shopping assistant in one script tag.
//!
//! A merchant adds `<script async src="/shop-assistant/shop-assistant.js"
//! data-config="/assistant.json"></script>` to a storefront. In the visitor's browser the
//! assistant runs guided-selling question flows that narrow the catalogue and hand the
//! visitor to the matching product page.
//!
//! - [`core`] is the logic, plain Rust, tested natively.
//! - `web` (compiled for `wasm32` only) is the thin edge that touches the browser.
#![deny(missing_docs)]

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;
