//! Reading typed values out of a [`Value`] tree while collecting every problem.
//!
//! Deserializers stop at the first error; a merchant fixing a config wants the whole list.
//! These helpers record a [`Problem`] with the JSON path of the offending value and carry
//! on, so one pass over a config reports everything that is wrong with it.

use super::json::Value;
use std::fmt;

/// One thing wrong with a merchant's input, located by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, e.g. `flows.coffee.questions[1].answers[0].next`. Empty for the whole document.
    pub path: String,
    /// What is wrong, and where it helps, what was probably meant.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// `parent.key`, or `key` at the top.
pub fn field_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// `parent[index]`.
pub fn index_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// Collects problems while a document is decoded.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    /// Records a problem at `path`.
    pub fn add(&mut self, path: &str, message: impl Into<String>) {
        self.list.push(Problem {
            path: path.to_string(),
            message: message.into(),
        });
    }

    /// Records that `value` at `path` has the wrong JSON type.
    pub fn wrong_type(&mut self, path: &str, expected: &str, value: &Value) {
        self.add(path, format!("expected {expected}, found {}", value.kind()));
    }

    /// True when nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The problems, in the order they were found.
    pub fn into_vec(self) -> Vec<Problem> {
        self.list
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest(word, &mut candidates.into_iter())
}

/// `suggest` for any iterator, compiled once (every caller's iterator type would otherwise
/// get its own copy in the shipped WebAssembly).
fn closest<'a>(word: &str, candidates: &mut dyn Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let word = word.to_ascii_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = edit_distance(&word, &c.to_ascii_lowercase());
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The ids other parts of a config may name: its flows and its recommendation blocks (as
/// written, including those with errors, so that a reference to a broken one is not reported
/// a second time as a reference to a missing one).
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    /// The flows' ids.
    pub flows: &'a [&'a str],
    /// The recommendation blocks' ids.
    pub blocks: &'a [&'a str],
}

impl Known<'_> {
    /// Reports `id` at `path` unless it names a flow.
    pub fn flow(&self, p: &mut Problems, id: &str, path: &str) {
        if !self.flows.contains(&id) {
            let hint = did_you_mean(id, self.flows.iter().copied());
            p.add(path, format!("no flow \"{id}\"{hint}"));
        }
    }

    /// Reports `id` at `path` unless it names a recommendation block.
    pub fn block(&self, p: &mut Problems, id: &str, path: &str) {
        if !self.blocks.contains(&id) {
            let hint = did_you_mean(id, self.blocks.iter().copied());
            p.add(
                path,
                format!("no recommendation block \"{id}\" (recommendations.blocks){hint}"),
            );
        }
    }
}

/// `" (did you mean \"x\"?)"`, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    hint(closest(word, &mut candidates.into_iter()))
}

fn hint(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(" (did you mean \"{s}\"?)"))
        .unwrap_or_default()
}

/// Edit distance where swapping two neighbouring letters counts as one edit, the typo
/// people make most ("titel" for "title").
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// A JSON object being decoded: knows its path and which keys it accepts.
pub struct Obj<'v> {
    members: &'v [(String, Value)],
    /// The JSON path of this object.
    pub path: String,
}

impl<'v> Obj<'v> {
    /// Opens `value` as an object whose keys must all be in `allowed`; an unknown key is a
    /// problem (with a suggestion), never silently ignored. `None` if it is not an object.
    pub fn open(p: &mut Problems, value: &'v Value, path: &str, allowed: &[&str]) -> Option<Self> {
        let Value::Object(members) = value else {
            p.wrong_type(path, "an object", value);
            return None;
        };
        for (key, _) in members {
            if key != "$schema" && !allowed.contains(&key.as_str()) {
                let hint = did_you_mean(key, allowed.iter().copied());
                p.add(&field_path(path, key), format!("unknown field{hint}"));
            }
        }
        Some(Obj {
            members,
            path: path.to_string(),
        })
    }

    /// Opens `value` as an object whose keys are the merchant's own (attribute names,
    /// locales), so any key is accepted.
    pub fn open_any(p: &mut Problems, value: &'v Value, path: &str) -> Option<Self> {
        match value {
            Value::Object(members) => Some(Obj {
                members,
                path: path.to_string(),
            }),
            _ => {
                p.wrong_type(path, "an object", value);
                None
            }
        }
    }

    /// The raw member `key`, if present.
    pub fn get(&self, key: &str) -> Option<&'v Value> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The path of member `key`.
    pub fn at(&self, key: &str) -> String {
        field_path(&self.path, key)
    }

    /// Records `problem`, if there is one, at member `key`: the path is only written out when
    /// something is wrong (a catalogue of 100,000 products is checked field by field).
    pub fn flag(&self, p: &mut Problems, key: &str, problem: Option<impl Into<String>>) {
        if let Some(message) = problem {
            p.add(&self.at(key), message);
        }
    }

    /// The member `key`, recording a problem if it is missing.
    pub fn required(&self, p: &mut Problems, key: &str) -> Option<&'v Value> {
        let v = self.get(key);
        if v.is_none() {
            p.add(&self.path, format!("missing field \"{key}\""));
        }
        v
    }

    /// A required non-empty string.
    pub fn string(&self, p: &mut Problems, key: &str) -> Option<String> {
        self.required(p, key)
            .and_then(|v| self.string_in(p, key, v))
    }

    /// An optional non-empty string.
    pub fn opt_string(&self, p: &mut Problems, key: &str) -> Option<String> {
        self.get(key).and_then(|v| self.string_in(p, key, v))
    }

    /// Member `key`'s value `v` as a non-empty string; its path is written out only for a
    /// problem.
    fn string_in(&self, p: &mut Problems, key: &str, v: &Value) -> Option<String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            _ => as_string(p, v, &self.at(key)),
        }
    }

    /// An optional finite number.
    pub fn opt_number(&self, p: &mut Problems, key: &str) -> Option<f64> {
        let v = self.get(key)?;
        match v {
            Value::Number(n) => Some(*n),
            _ => {
                p.wrong_type(&self.at(key), "a number", v);
                None
            }
        }
    }

    /// An optional boolean.
    pub fn opt_bool(&self, p: &mut Problems, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        match v {
            Value::Bool(b) => Some(*b),
            _ => {
                p.wrong_type(&self.at(key), "true or false", v);
                None
            }
        }
    }

    /// A required array, as its items with their paths.
    pub fn array(&self, p: &mut Problems, key: &str) -> Option<Vec<(String, &'v Value)>> {
        let v = self.required(p, key)?;
        as_array(p, v, &self.at(key))
    }

    /// The members of this object.
    pub fn members(&self) -> &'v [(String, Value)] {
        self.members
    }
}

/// `value` as a non-empty string.
pub fn as_string(p: &mut Problems, value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(s) if s.trim().is_empty() => {
            p.add(path, "must not be empty");
            None
        }
        Value::String(s) => Some(s.clone()),
        _ => {
            p.wrong_type(path, "a string", value);
            None
        }
    }
}

/// `value` as an array, each item paired with its path.
pub fn as_array<'v>(
    p: &mut Problems,
    value: &'v Value,
    path: &str,
) -> Option<Vec<(String, &'v Value)>> {
    match value {
        Value::Array(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (index_path(path, i), v))
                .collect(),
        ),
        _ => {
            p.wrong_type(path, "an array", value);
            None
        }
    }
}

/// Checks that an id is usable in URLs, attributes and paths: letters, digits, `-` and `_`.
pub fn check_id(p: &mut Problems, id: &str, path: &str) -> bool {
    let problem = id_problem(id);
    let ok = problem.is_none();
    if let Some(message) = problem {
        p.add(path, message);
    }
    ok
}

/// Why `id` is not a usable id, if it is not.
pub fn id_problem(id: &str) -> Option<String> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (!ok).then(|| format!("\"{id}\" is not a valid id (use 1 to 64 letters, digits, '-' or '_')"))
}

/// The rule for a number in the config, declared once: the decoders check values against it
/// ([`NumberRule::read`]) and the JSON Schema states it (`schema::rule`), so the browser,
/// `npm run validate` and an editor refuse the same numbers (`tests/merchant/agreement.test.mjs`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberRule {
    /// The smallest value allowed.
    pub min: Option<f64>,
    /// The largest value allowed.
    pub max: Option<f64>,
    /// Only whole numbers.
    pub whole: bool,
    /// `min` itself is not allowed (a slider's step: greater than 0).
    pub above_min: bool,
}

impl NumberRule {
    /// Any number.
    pub const ANY: NumberRule = NumberRule {
        min: None,
        max: None,
        whole: false,
        above_min: false,
    };

    /// A whole number from `min`, up to `max` if given.
    pub const fn whole(min: f64, max: Option<f64>) -> NumberRule {
        NumberRule {
            min: Some(min),
            max,
            whole: true,
            above_min: false,
        }
    }

    /// A number from `min`, up to `max` if given.
    pub const fn from(min: f64, max: Option<f64>) -> NumberRule {
        NumberRule {
            min: Some(min),
            max,
            whole: false,
            above_min: false,
        }
    }

    /// A number greater than 0.
    pub const POSITIVE: NumberRule = NumberRule {
        min: Some(0.0),
        max: None,
        whole: false,
        above_min: true,
    };

    /// `value` as a number that keeps this rule; otherwise a problem at `path`.
    pub fn read(&self, p: &mut Problems, value: &Value, path: &str) -> Option<f64> {
        let Value::Number(n) = value else {
            let kind = if self.whole {
                "a whole number"
            } else {
                "a number"
            };
            p.wrong_type(path, kind, value);
            return None;
        };
        let n = *n;
        let keeps = !(self.whole && n.fract() != 0.0)
            && self
                .min
                .is_none_or(|m| n > m || (n == m && !self.above_min))
            && self.max.is_none_or(|m| n <= m);
        let problem = (!keeps).then(|| {
            let shown = super::json::number_text;
            let kind = if self.whole {
                "a whole number"
            } else {
                "a number"
            };
            let span = match (self.min, self.max) {
                (Some(min), _) if self.above_min => format!(" greater than {}", shown(min)),
                (Some(min), Some(max)) => format!(" from {} to {}", shown(min), shown(max)),
                (Some(min), None) => format!(" of at least {}", shown(min)),
                (None, Some(max)) => format!(" of at most {}", shown(max)),
                (None, None) => String::new(),
            };
            format!("must be {kind}{span}; found {}", shown(n))
        });
        match problem {
            Some(message) => {
                p.add(path, message);
                None
            }
            None => Some(n),
        }
    }
}

impl Obj<'_> {
    /// An optional number that keeps `rule`.
    pub fn opt_rule(&self, p: &mut Problems, key: &str, rule: NumberRule) -> Option<f64> {
        let v = self.get(key)?;
        rule.read(p, v, &self.at(key))
    }

    /// The number field `f`: as written if it keeps its rule, else its default. (Inlined, so
    /// that the field's text, which only the schema reads, stays out of the WebAssembly.)
    #[inline(always)]
    pub fn number(&self, p: &mut Problems, f: NumberField) -> Option<f64> {
        self.opt_rule(p, f.key, f.rule).or(f.default)
    }

    /// The one-word field `f`: the value of the word written, else its default (an unknown
    /// word is a problem that lists the words, with a did-you-mean).
    #[inline(always)]
    pub fn choice<T: Copy>(&self, p: &mut Problems, f: ChoiceField<T>) -> T {
        let Some(word) = self.opt_string(p, f.key) else {
            return f.default;
        };
        match f.choices.iter().find(|(n, _)| *n == word) {
            Some((_, v)) => *v,
            None => {
                let names: Vec<&str> = f.choices.iter().map(|(n, _)| *n).collect();
                unknown_word(p, &self.at(f.key), f.key, &word, &names);
                f.default
            }
        }
    }

    /// The true/false field `f`: as written, else its default (inlined: see [`Obj::number`]).
    #[inline(always)]
    pub fn switch(&self, p: &mut Problems, f: FlagField) -> bool {
        self.opt_bool(p, f.key).unwrap_or(f.default)
    }
}

/// `"unknown placement \"x\"; use one of modal, slide-in (did you mean \"modal\"?)"`.
fn unknown_word(p: &mut Problems, path: &str, what: &str, word: &str, names: &[&str]) {
    let hint = did_you_mean(word, names.iter().copied());
    p.add(
        path,
        format!(
            "unknown {what} \"{word}\"; use one of {}{hint}",
            names.join(", ")
        ),
    );
}

/// A field's text, for the schema and the reference: empty in the WebAssembly, which never
/// shows it (the texts would cost every visitor bytes for nothing).
pub const fn doc(text: &'static str) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        ""
    } else {
        text
    }
}

/// A number field, declared once: its key, its bounds, the value it takes when left out, and
/// what it means. The decoder reads it with [`Obj::number`]; the schema describes it from the
/// same declaration (bounds, `default`, the text), so the two cannot disagree.
#[derive(Debug, Clone, Copy)]
pub struct NumberField {
    /// Its key in the config.
    pub key: &'static str,
    /// Its bounds.
    pub rule: NumberRule,
    /// The value when it is left out (none: the feature is off).
    pub default: Option<f64>,
    /// What it means, for the schema and the reference.
    pub doc: &'static str,
}

/// A field whose value is one word of a list, declared once: its key, the words and what each
/// stands for, the value when it is left out, and what it means (see [`NumberField`]).
#[derive(Debug, Clone, Copy)]
pub struct ChoiceField<T: 'static> {
    /// Its key in the config.
    pub key: &'static str,
    /// The words it takes, each with its value.
    pub choices: &'static [(&'static str, T)],
    /// The value when it is left out.
    pub default: T,
    /// What it means, for the schema and the reference.
    pub doc: &'static str,
}

impl<T: Copy + PartialEq> ChoiceField<T> {
    /// The words it takes.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.choices.iter().map(|(n, _)| *n)
    }

    /// The word of its default.
    pub fn default_name(&self) -> &'static str {
        self.choices
            .iter()
            .find(|(_, v)| *v == self.default)
            .map_or("", |(n, _)| n)
    }
}

/// A true/false field, declared once: its key, the value it takes when left out, and what it
/// means (see [`NumberField`]).
#[derive(Debug, Clone, Copy)]
pub struct FlagField {
    /// Its key in the config.
    pub key: &'static str,
    /// The value when it is left out.
    pub default: bool,
    /// What it means, for the schema and the reference.
    pub doc: &'static str,
}
