//! Merchant texts in one or several languages.

use super::decode::{as_string, Problems};
use super::json::Value;

/// A text a visitor reads: either one string for every language, or one per locale
/// (`{"en": "Find your coffee", "de": "Finden Sie Ihren Kaffee"}`). A plain string costs no
/// more than a `String` (a catalogue holds one for every product's name and link).
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    variants: Variants,
}

#[derive(Debug, Clone, PartialEq)]
enum Variants {
    /// The same in every language.
    Plain(String),
    /// `(locale, text)` pairs, in the order given.
    Many(Vec<(String, String)>),
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::plain(text)
    }
}

impl Text {
    /// The same text in every language.
    pub fn plain(text: &str) -> Self {
        Text {
            variants: Variants::Plain(text.to_string()),
        }
    }

    /// A text in one language.
    pub fn in_language(locale: &str, text: &str) -> Self {
        Text {
            variants: Variants::Many(vec![(locale.to_string(), text.to_string())]),
        }
    }

    fn pairs(&self) -> &[(String, String)] {
        match &self.variants {
            Variants::Plain(_) => &[],
            Variants::Many(v) => v,
        }
    }

    /// The text for `locale` (e.g. `de-AT`), falling back to its language (`de`), then to
    /// `default_locale`, then to the first variant given.
    pub fn resolve(&self, locale: &str, default_locale: &str) -> &str {
        let variants = match &self.variants {
            Variants::Plain(t) => return t,
            Variants::Many(v) => v,
        };
        let language = locale.split(['-', '_']).next().unwrap_or(locale);
        let find = |want: &str| variants.iter().find(|(l, _)| l.eq_ignore_ascii_case(want));
        find(locale)
            .or_else(|| find(language))
            .or_else(|| {
                variants.iter().find(|(l, _)| {
                    l.split(['-', '_'])
                        .next()
                        .is_some_and(|x| x.eq_ignore_ascii_case(language))
                })
            })
            .or_else(|| find(default_locale))
            .or_else(|| variants.first())
            .map_or("", |(_, t)| t.as_str())
    }

    /// The text as first given (a plain string, or the first language's): for tools and
    /// reports that are not read by a visitor.
    pub fn first(&self) -> &str {
        match &self.variants {
            Variants::Plain(t) => t,
            Variants::Many(v) => v.first().map_or("", |(_, t)| t.as_str()),
        }
    }

    /// Every variant's text, for checks that apply to each (URLs).
    pub fn all(&self) -> impl Iterator<Item = &str> {
        let plain = match &self.variants {
            Variants::Plain(t) => Some(t.as_str()),
            Variants::Many(_) => None,
        };
        plain
            .into_iter()
            .chain(self.pairs().iter().map(|(_, t)| t.as_str()))
    }

    /// The text for `locale` or its language only (a plain string is every language's); no
    /// fallback to another language.
    pub fn exact(&self, locale: &str) -> Option<&str> {
        let variants = match &self.variants {
            Variants::Plain(t) => return Some(t),
            Variants::Many(v) => v,
        };
        let language = locale.split(['-', '_']).next().unwrap_or(locale);
        variants
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(locale))
            .or_else(|| {
                variants
                    .iter()
                    .find(|(l, _)| l.eq_ignore_ascii_case(language))
            })
            .map(|(_, t)| t.as_str())
    }

    /// Adds the text for `locale` unless it already has one for it (or is a plain string).
    pub fn add_variant(&mut self, locale: &str, text: &str) {
        if self.exact(locale).is_none() {
            if let Variants::Many(v) = &mut self.variants {
                v.push((locale.to_string(), text.to_string()));
            }
        }
    }

    /// The locales this text has, empty for a plain string.
    pub fn locales(&self) -> impl Iterator<Item = &str> {
        self.pairs().iter().map(|(l, _)| l.as_str())
    }

    /// Reads a text: a non-empty string, or an object of locale to non-empty string.
    pub fn decode(p: &mut Problems, value: &Value, path: &str) -> Option<Text> {
        match value {
            Value::String(_) => as_string(p, value, path).map(|s| Text {
                variants: Variants::Plain(s),
            }),
            Value::Object(members) if !members.is_empty() => {
                let mut variants = Vec::new();
                for (locale, v) in members {
                    let at = super::decode::field_path(path, locale);
                    if !is_locale(locale) {
                        p.add(&at, format!("\"{locale}\" is not a language tag (e.g. \"en\", \"de-AT\", \"ar\")"));
                    }
                    if let Some(s) = as_string(p, v, &at) {
                        variants.push((locale.clone(), s));
                    }
                }
                (!variants.is_empty()).then_some(Text {
                    variants: Variants::Many(variants),
                })
            }
            _ => {
                p.wrong_type(path, "a string or an object of language to string", value);
                None
            }
        }
    }
}

/// The widget's own texts, by the names a config's `labels` object overrides them with.
pub const LABEL_KEYS: [&str; 22] = [
    "close",
    "back",
    "restart",
    "results",
    "closest",
    "closestNote",
    "viewProduct",
    "matches",
    "misses",
    "none",
    "next",
    "unavailable",
    "upTo",
    "atLeast",
    "span",
    "relaxed",
    "viewedReason",
    "similarReason",
    "likesReason",
    "goesWithReason",
    "unavailableNote",
    "pickedReason",
];

/// The widget's own texts in English, in [`LABEL_KEYS`] order: what the wasm carries. Other
/// languages come as one small file each (see [`super::translations`]), fetched by the loader
/// for the page's language only.
pub const ENGLISH_LABELS: [&str; 22] = [
    "Close",
    "Back",
    "Start again",
    "Our recommendation",
    "Closest matches",
    "No product fits every answer. These come closest.",
    "View product",
    "Matches",
    "Does not match",
    "Sorry, nothing that fits is in stock right now.",
    "Continue",
    "Nothing in stock fits this together with your earlier answers.",
    "Up to",
    "At least",
    "Products that fit so far",
    "Set aside",
    "You looked at this",
    "Because you looked at {}",
    "You like {}",
    "Goes with {}",
    "No longer available: {}",
    "Picked for you",
];

/// The punctuation `locale` writes a labelled list with: after the label, and between items
/// ("Matches: dark, espresso"; "一致：母、シルバー"; Arabic's comma).
///
/// ```
/// use shop_assistant::core::text::list_punctuation;
/// assert_eq!(list_punctuation("ja-JP"), ("：", "、"));
/// assert_eq!(list_punctuation("zh-TW"), ("：", "、"));
/// assert_eq!(list_punctuation("ar"), (": ", "، "));
/// assert_eq!(list_punctuation("de"), (": ", ", "));
/// ```
pub fn list_punctuation(locale: &str) -> (&'static str, &'static str) {
    let language = locale
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match language.as_str() {
        "ja" | "zh" => ("：", "、"),
        "ar" | "fa" | "ur" => (": ", "، "),
        _ => (": ", ", "),
    }
}

/// True for a plausible BCP 47 tag: a 2-3 letter language and optional subtags.
pub fn is_locale(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    lang_ok
        && parts.all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether `locale` is written right to left (Arabic, Hebrew, Persian, Urdu, ...).
pub fn is_rtl(locale: &str) -> bool {
    let language = locale
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        language.as_str(),
        "ar" | "he" | "iw" | "fa" | "ur" | "ps" | "sd" | "yi" | "dv" | "ug" | "ckb"
    )
}

/// The locale to show texts in: the page's or browser's `candidate` when it is a valid
/// language tag (with `_` read as `-`), else the config's default.
///
/// ```
/// use shop_assistant::core::text::visitor_locale;
/// assert_eq!(visitor_locale(Some("de_AT"), "en"), "de-AT");
/// assert_eq!(visitor_locale(Some("<script>"), "en"), "en");
/// assert_eq!(visitor_locale(None, "en"), "en");
/// ```
pub fn visitor_locale(candidate: Option<&str>, default_locale: &str) -> String {
    match candidate.map(|c| c.trim().replace('_', "-")) {
        Some(c) if is_locale(&c) => c,
        _ => default_locale.to_string(),
    }
}
