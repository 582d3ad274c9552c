//! Questions, their answers, and what an answer asks of a product.
//!
//! A new question type goes into [`QuestionKind`] and [`decode_question`] (and is rendered
//! in `src/web/widget.rs`); a new kind of product test into [`Test`], [`decode_test`] and
//! `matcher::test_value`.

use super::decode::{as_array, check_id, did_you_mean, field_path, NumberRule, Obj, Problems};
use super::json::{self, Value};
use super::text::Text;
use super::url;

/// The `next` value that ends a flow and shows its results.
pub const RESULTS: &str = "results";

/// One question of a flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Unique within its flow.
    pub id: String,
    /// How it is asked.
    pub kind: QuestionKind,
    /// The question itself.
    pub text: Text,
    /// An optional line of help under it.
    pub help: Option<Text>,
    /// The possible answers (empty for a range question).
    pub answers: Vec<Answer>,
    /// Label of a "not sure" control that answers without filtering anything.
    pub skip: Option<Text>,
    /// Ask only when earlier answers meet this condition.
    pub when: Option<Condition>,
    /// Where to go after this question when the chosen answer names no `next`.
    pub next: Option<String>,
    /// When nothing fits every answer, the least important answers are relaxed first.
    pub importance: f64,
}

impl Question {
    /// The answer `id`.
    pub fn answer(&self, id: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.id == id)
    }
}

/// How a question is asked.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// `"single"`: pick one answer; picking it moves on.
    Single,
    /// `"image"`: pick one answer shown as a picture with a caption.
    Image,
    /// `"multiple"`: pick one or more answers, then continue. A product must fit at least
    /// one of them.
    Multiple,
    /// `"range"`: choose a number, e.g. a budget.
    Range(RangeSpec),
}

/// The settings of a range question.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeSpec {
    /// The numeric product attribute it limits (`price` for a budget).
    pub attribute: String,
    /// Lowest value offered.
    pub min: f64,
    /// Highest value offered.
    pub max: f64,
    /// Granularity.
    pub step: f64,
    /// Where the slider starts.
    pub default: f64,
    /// `"max"`: products up to the chosen value (a budget); `"min"`: at least it.
    pub bound: Bound,
    /// Currency of the values, for display; `None` shows plain numbers.
    pub currency: Option<String>,
}

/// Which side of a range question's value products must be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The attribute must be at most the value.
    Max,
    /// The attribute must be at least the value.
    Min,
}

/// One answer to a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Unique within its question.
    pub id: String,
    /// What the visitor clicks.
    pub label: Text,
    /// Picture (image questions): an http(s) or relative URL.
    pub image: Option<String>,
    /// Text alternative of the picture.
    pub alt: Option<Text>,
    /// Where to go next: a question id or `"results"`; `None` means the question's `next`,
    /// else the following question.
    pub next: Option<String>,
    /// Products must pass every one of these. No filters: the answer filters nothing.
    pub filters: Vec<Filter>,
    /// Soft preferences: products that pass gain (or, with a negative weight, lose) score.
    pub prefer: Vec<Preference>,
}

/// A test on a product attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// The product attribute tested (`price` is always available).
    pub attribute: String,
    /// The test.
    pub test: Test,
}

/// A soft preference: a filter with a weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Preference {
    /// The test a product should pass.
    pub filter: Filter,
    /// Added to the product's score when it passes (negative to penalise).
    pub weight: f64,
}

/// How a filter tests an attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// `"equals": "dark"`: a text or number attribute equals this, or a list contains it.
    Equals(String),
    /// `"oneOf": ["dark", "medium"]`: equals any of these.
    OneOf(Vec<String>),
    /// `"notEquals": "decaf"`: the attribute is there and is not this (a list does not hold it).
    NotEquals(String),
    /// `"allOf": ["gold", "silver"]`: a list holds every one of these (a text or number
    /// equals the only one).
    AllOf(Vec<String>),
    /// `"contains": "pearl"`: a text (or an item of a list) holds this, Latin letters in any
    /// case.
    Contains(String),
    /// `"min": 10, "max": 30`: a number within the bounds (inclusive).
    Range {
        /// Lower bound, if any.
        min: Option<f64>,
        /// Upper bound, if any.
        max: Option<f64>,
    },
}

/// A condition on an earlier answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The earlier question.
    pub question: String,
    /// Holds when that question was answered with any of these answers.
    pub any_of: Vec<String>,
}

/// A question's `importance`.
pub const IMPORTANCE: NumberRule = NumberRule::from(0.0, None);

/// A range question's `step`.
pub const STEP: super::decode::NumberField = super::decode::NumberField {
    key: "step",
    rule: NumberRule::POSITIVE,
    default: Some(1.0),
    doc: super::decode::doc("range: the slider's step"),
};
pub(crate) const QUESTION_FIELDS: &[&str] = &[
    "id",
    "type",
    "text",
    "help",
    "answers",
    "skip",
    "when",
    "next",
    "importance",
    "attribute",
    "min",
    "max",
    "step",
    "default",
    "bound",
    "currency",
];
/// A filter's tests: it has exactly one of these (the last, a span, is "min", "max" or both).
pub(crate) const FILTER_TESTS: &[&[&str]] = &[
    &["equals"],
    &["oneOf"],
    &["notEquals"],
    &["allOf"],
    &["contains"],
    &["min", "max"],
];

/// The keys only a range question has.
pub(crate) const RANGE_ONLY: &[&str] = &[
    "attribute",
    "min",
    "max",
    "step",
    "default",
    "bound",
    "currency",
];
pub(crate) const ANSWER_FIELDS: &[&str] =
    &["id", "label", "image", "alt", "next", "filters", "prefer"];
/// A filter's keys, then any a particular use adds: one list for filters and preferences.
macro_rules! filter_fields {
    ($($extra:literal),*) => {
        &["attribute", "equals", "oneOf", "notEquals", "allOf", "contains", "min", "max" $(, $extra)*]
    };
}
pub(crate) const FILTER_FIELDS: &[&str] = filter_fields!();
/// A preference is a filter with a weight.
pub(crate) const PREFER_FIELDS: &[&str] = filter_fields!("weight");
pub(crate) const WHEN_FIELDS: &[&str] = &["question", "answer", "anyOf"];
pub(crate) const QUESTION_TYPES: &[&str] = &["single", "image", "multiple", "range"];

/// Reads one question. `index` is its position in the flow, for the default importance.
pub fn decode_question(
    p: &mut Problems,
    value: &Value,
    path: &str,
    index: usize,
) -> Option<Question> {
    let o = Obj::open(p, value, path, QUESTION_FIELDS)?;
    let id = o.string(p, "id");
    if let Some(id) = &id {
        if check_id(p, id, &o.at("id")) && id == RESULTS {
            p.add(
                &o.at("id"),
                format!("\"{}\" is reserved for the end of a flow", RESULTS),
            );
        }
    }
    let type_name = o
        .opt_string(p, "type")
        .unwrap_or_else(|| "single".to_string());
    let kind = match type_name.as_str() {
        "single" => Some(QuestionKind::Single),
        "image" => Some(QuestionKind::Image),
        "multiple" => Some(QuestionKind::Multiple),
        "range" => decode_range(p, &o).map(QuestionKind::Range),
        other => {
            let hint = did_you_mean(other, QUESTION_TYPES.iter().copied());
            p.add(
                &o.at("type"),
                format!(
                    "unknown question type \"{other}\"; supported: {}{hint}",
                    QUESTION_TYPES.join(", ")
                ),
            );
            None
        }
    };
    if type_name != "range" {
        for key in RANGE_ONLY.iter().filter(|k| o.get(k).is_some()) {
            p.add(&o.at(key), format!("only range questions have \"{key}\""));
        }
    }
    let text = o
        .required(p, "text")
        .and_then(|v| Text::decode(p, v, &o.at("text")));
    let help = o
        .get("help")
        .and_then(|v| Text::decode(p, v, &o.at("help")));
    let skip = o
        .get("skip")
        .and_then(|v| Text::decode(p, v, &o.at("skip")));
    let when = o
        .get("when")
        .and_then(|v| decode_condition(p, v, &o.at("when")));
    let next = o.opt_string(p, "next");
    let importance = match o.get("importance") {
        Some(v) => IMPORTANCE.read(p, v, &o.at("importance")).unwrap_or(0.0),
        // Earlier questions matter more: relax the later ones first.
        None => 1000.0 - index as f64,
    };
    let answers = if type_name == "range" {
        if o.get("answers").is_some() {
            p.add(
                &o.at("answers"),
                "a range question has no answers (it asks for a number)",
            );
        }
        Vec::new()
    } else {
        decode_answers(p, &o, type_name == "image")
    };
    Some(Question {
        id: id?,
        kind: kind?,
        text: text?,
        help,
        answers,
        skip,
        when,
        next,
        importance,
    })
}

fn decode_answers(p: &mut Problems, o: &Obj<'_>, image: bool) -> Vec<Answer> {
    let mut answers: Vec<Answer> = Vec::new();
    for (at, av) in o.array(p, "answers").unwrap_or_default() {
        if let Some(a) = decode_answer(p, av, &at, image) {
            if answers.iter().any(|x| x.id == a.id) {
                p.add(
                    &field_path(&at, "id"),
                    format!("duplicate answer id \"{}\"", a.id),
                );
            } else {
                answers.push(a);
            }
        }
    }
    if answers.is_empty() && o.get("answers").is_some() {
        p.add(&o.at("answers"), "a question needs at least one answer");
    }
    answers
}

fn decode_range(p: &mut Problems, o: &Obj<'_>) -> Option<RangeSpec> {
    let attribute = o.string(p, "attribute");
    let min = o.opt_number(p, "min");
    let max = o.opt_number(p, "max");
    if min.is_none() {
        p.add(
            &o.path,
            "missing field \"min\" (range questions need \"min\" and \"max\")",
        );
    }
    if max.is_none() {
        p.add(
            &o.path,
            "missing field \"max\" (range questions need \"min\" and \"max\")",
        );
    }
    let (min, max) = (min?, max?);
    if min >= max {
        p.add(
            &o.path,
            format!(
                "\"min\" ({}) must be less than \"max\" ({})",
                json::number_text(min),
                json::number_text(max)
            ),
        );
    }
    let step = o.number(p, STEP).unwrap_or_default();
    let bound = match o.opt_string(p, "bound").as_deref() {
        None | Some("max") => Bound::Max,
        Some("min") => Bound::Min,
        Some(other) => {
            p.add(&o.at("bound"), format!("unknown bound \"{other}\"; use \"max\" (up to the value) or \"min\" (at least the value)"));
            Bound::Max
        }
    };
    let default = o.opt_number(p, "default").unwrap_or(match bound {
        Bound::Max => max,
        Bound::Min => min,
    });
    if !(min..=max).contains(&default) {
        p.add(
            &o.at("default"),
            format!(
                "must lie between \"min\" ({}) and \"max\" ({})",
                json::number_text(min),
                json::number_text(max)
            ),
        );
    }
    let currency = o.opt_string(p, "currency");
    if let Some(c) = &currency {
        super::catalogue::check_currency(p, c, &o.at("currency"));
    }
    Some(RangeSpec {
        attribute: attribute?,
        min,
        max,
        step,
        default,
        bound,
        currency,
    })
}

fn decode_answer(
    p: &mut Problems,
    value: &Value,
    path: &str,
    image_question: bool,
) -> Option<Answer> {
    let o = Obj::open(p, value, path, ANSWER_FIELDS)?;
    let id = o.string(p, "id");
    if let Some(id) = &id {
        check_id(p, id, &o.at("id"));
    }
    let label = o
        .required(p, "label")
        .and_then(|v| Text::decode(p, v, &o.at("label")));
    let image = o.opt_string(p, "image");
    if let Some(u) = &image {
        if let Err(e) = url::check(u) {
            p.add(&o.at("image"), e.message());
        }
    }
    let alt = o.get("alt").and_then(|v| Text::decode(p, v, &o.at("alt")));
    if image_question && image.is_none() {
        p.add(
            &o.path,
            "missing field \"image\" (every answer of an image question has a picture)",
        );
    }
    if image.is_some() && alt.is_none() {
        p.add(
            &o.path,
            "missing field \"alt\" (describe the picture for visitors who cannot see it)",
        );
    }
    let next = o.opt_string(p, "next");
    let filters = decode_list(p, &o, "filters", |p, v, at| {
        decode_filter(p, v, at, FILTER_FIELDS)
    });
    let prefer = decode_list(p, &o, "prefer", decode_preference);
    Some(Answer {
        id: id?,
        label: label?,
        image,
        alt,
        next,
        filters,
        prefer,
    })
}

fn decode_list<T>(
    p: &mut Problems,
    o: &Obj<'_>,
    key: &str,
    item: impl Fn(&mut Problems, &Value, &str) -> Option<T>,
) -> Vec<T> {
    match o.get(key) {
        None => Vec::new(),
        Some(v) => as_array(p, v, &o.at(key))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(at, iv)| item(p, iv, &at))
            .collect(),
    }
}

fn decode_preference(p: &mut Problems, value: &Value, path: &str) -> Option<Preference> {
    let filter = decode_filter(p, value, path, PREFER_FIELDS)?;
    let weight = match value.get("weight") {
        None => 1.0,
        Some(Value::Number(n)) if *n != 0.0 => *n,
        Some(Value::Number(_)) => {
            p.add(&field_path(path, "weight"), "a weight of 0 has no effect; use a positive number to prefer, negative to penalise");
            return None;
        }
        Some(v) => {
            p.wrong_type(&field_path(path, "weight"), "a number", v);
            return None;
        }
    };
    Some(Preference { filter, weight })
}

/// Reads `{"attribute": ..., <one test>}`, accepting the keys in `allowed`.
pub(crate) fn decode_filter(
    p: &mut Problems,
    value: &Value,
    path: &str,
    allowed: &[&str],
) -> Option<Filter> {
    let o = Obj::open(p, value, path, allowed)?;
    let attribute = o.string(p, "attribute");
    let test = decode_test(p, &o)?;
    Some(Filter {
        attribute: attribute?,
        test,
    })
}

/// Reads the one test of a filter: `equals`, `oneOf`, or `min`/`max`.
pub fn decode_test(p: &mut Problems, o: &Obj<'_>) -> Option<Test> {
    let has = |k: &str| o.get(k).is_some();
    let ranged = has("min") || has("max");
    let tests = FILTER_TESTS[..FILTER_TESTS.len() - 1]
        .iter()
        .map(|keys| keys[0])
        .filter(|k| has(k))
        .count()
        + usize::from(ranged);
    const TESTS: &str =
        "\"equals\", \"oneOf\", \"notEquals\", \"allOf\", \"contains\", or \"min\"/\"max\"";
    if tests == 0 {
        p.add(&o.path, format!("a filter needs one test: {TESTS}"));
        return None;
    }
    if tests > 1 {
        p.add(&o.path, format!("a filter has exactly one test: {TESTS}"));
        return None;
    }
    if let Some(v) = o.get("equals") {
        return scalar_text(p, v, &o.at("equals")).map(Test::Equals);
    }
    if let Some(v) = o.get("notEquals") {
        return scalar_text(p, v, &o.at("notEquals")).map(Test::NotEquals);
    }
    if let Some(v) = o.get("contains") {
        return scalar_text(p, v, &o.at("contains")).map(Test::Contains);
    }
    for (key, make) in [
        ("oneOf", Test::OneOf as fn(Vec<String>) -> Test),
        ("allOf", Test::AllOf),
    ] {
        let Some(v) = o.get(key) else { continue };
        let items = as_array(p, v, &o.at(key))?;
        if items.is_empty() {
            p.add(&o.at(key), "list at least one value");
        }
        return Some(make(
            items
                .into_iter()
                .filter_map(|(at, iv)| scalar_text(p, iv, &at))
                .collect(),
        ));
    }
    let min = o.opt_number(p, "min");
    let max = o.opt_number(p, "max");
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            p.add(
                &o.path,
                format!(
                    "\"min\" ({}) is greater than \"max\" ({})",
                    json::number_text(a),
                    json::number_text(b)
                ),
            );
        }
    }
    Some(Test::Range { min, max })
}

fn decode_condition(p: &mut Problems, value: &Value, path: &str) -> Option<Condition> {
    let o = Obj::open(p, value, path, WHEN_FIELDS)?;
    let question = o.string(p, "question");
    let any_of = match (o.get("answer"), o.get("anyOf")) {
        (Some(v), None) => vec![super::decode::as_string(p, v, &o.at("answer"))?],
        (None, Some(v)) => {
            let items = as_array(p, v, &o.at("anyOf"))?;
            if items.is_empty() {
                p.add(&o.at("anyOf"), "list at least one answer id");
            }
            items
                .into_iter()
                .filter_map(|(at, iv)| super::decode::as_string(p, iv, &at))
                .collect()
        }
        _ => {
            p.add(path, "a condition names either \"answer\" or \"anyOf\"");
            return None;
        }
    };
    Some(Condition {
        question: question?,
        any_of,
    })
}

/// A filter value: a string, or a number or boolean compared by its text.
fn scalar_text(p: &mut Problems, value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(_) | Value::Bool(_) => Some(json::stringify(value)),
        _ => {
            p.wrong_type(path, "a string or number", value);
            None
        }
    }
}
