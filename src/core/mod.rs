//! The assistant's logic, in plain Rust: no browser types, no JavaScript.
//!
//! Everything here runs and is tested natively with `cargo test`. The browser edge in
//! `src/web/` turns page events into calls to these modules and their results into DOM.
//!
//! - [`json`]: reading and writing JSON text.
//! - [`decode`]: checking merchant input while collecting every problem with its path.
//! - [`config`]: the merchant's configuration: flows, launcher, references between parts.
//! - [`question`]: questions, answers, filters and preferences.
//! - [`catalogue`]: products and their attributes.
//! - [`index`]: the catalogue's attributes interned and laid out for matching at scale.
//! - [`text`]: texts in several languages.
//! - [`url`]: which URLs may be followed.
//! - [`flow`]: a visitor's progress through a question flow.
//! - [`matcher`]: which products fit the answers, and why.
//! - [`lint`]: warnings about configs that will not work as intended.
//! - [`report`]: the validator's walk of every path, unreachable products, messages that never show.
//! - [`message`]: targeted messages: conditions, caps, the interruption budget, live values.
//! - [`schema`]: the configuration's JSON Schema, generated from the decoders' field lists.
//! - [`profile`]: the visitor profile, folded from events, stored locally.
//! - [`tracking`]: how the shop's pages are read (page types, product ids, basket), privacy.
//! - [`view`]: what the widget shows for the current step, texts resolved.

pub mod catalogue;
pub mod config;
pub mod decode;
pub mod flow;
pub mod index;
pub mod json;
pub mod lint;
pub mod matcher;
pub mod message;
pub mod page;
pub mod product;
pub mod profile;
pub mod question;
pub mod report;
pub mod schema;
pub mod survey;
pub mod text;
pub mod tracking;
pub mod translations;
pub mod url;
pub mod view;
