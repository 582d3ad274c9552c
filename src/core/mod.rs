//! The assistant's logic, in plain Rust: no browser types, no JavaScript.
//!
//! Everything here runs and is tested natively with `cargo test`. The browser edge in
//! `src/web/` turns page events into calls to these modules and their results into DOM.
//!
//! In layers, each module importing only those listed before it (no cycles):
//!
//! - [`json`]: reading and writing JSON text. [`url`]: which URLs may be followed.
//!   [`page`]: page types and path patterns. [`survey`]: micro-survey kinds and scores.
//! - [`decode`]: checking merchant input while collecting every problem with its path.
//! - [`text`]: texts in several languages.
//! - [`product`]: one product and its attributes. [`index`]: the catalogue's attributes
//!   interned and laid out for matching at scale. [`catalogue`]: the products of a shop.
//! - [`question`]: questions, answers, filters and preferences.
//! - [`flow`]: a flow's questions, and a visitor's progress through them.
//! - [`profile`]: the visitor profile, folded from events, stored locally.
//! - [`matcher`]: which products fit the answers, and why. [`recommend`]: recommendations
//!   from the visitor's profile, each with its reason.
//! - [`message`]: targeted messages: conditions, caps, the interruption budget, live values.
//! - [`tracking`]: how the shop's pages are read (page types, product ids, basket), privacy.
//! - [`config`]: the merchant's configuration: launcher, flows, messages, tracking, and the
//!   references between them.
//! - [`view`]: what the widget shows for the current step, texts resolved.
//!   [`message_view`]: which message shows now and what it says; exit intent.
//! - [`lint`]: warnings about configs that will not work as intended. [`report`]: the
//!   validator's walk of every path, unreachable products, messages that never show.
//! - [`schema`]: the configuration's JSON Schema, generated from the decoders' field lists.
//! - [`translations`]: the widget's own texts in other languages than English.

pub mod catalogue;
pub mod config;
pub mod decode;
pub mod flow;
pub mod index;
pub mod json;
pub mod lint;
pub mod matcher;
pub mod message;
pub mod message_view;
pub mod page;
pub mod product;
pub mod profile;
pub mod question;
pub mod recommend;
pub mod report;
pub mod schema;
pub mod survey;
pub mod text;
pub mod tracking;
pub mod translations;
pub mod url;
pub mod view;
