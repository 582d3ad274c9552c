//! The merchant's configuration: what it may contain and how it is checked.
//!
//! [`Config::parse`] reads the JSON text a merchant writes and either returns a complete,
//! cross-checked [`Config`] or every [`Problem`] found, each with its JSON path, e.g.
//! `flows.coffee.questions[1].answers[0].next: no question "tastee" (did you mean "taste"?)`.
//!
//! A new question type goes into [`QuestionKind`] and [`decode_question`]; a new kind of
//! product filter into [`Test`] and [`decode_filter`].

use super::catalogue::Catalogue;
use super::decode::{as_array, check_id, did_you_mean, field_path, Obj, Problem, Problems};
use super::json::{self, Value};
use super::text::{is_locale, Text};
use super::url;

/// The highest config `version` this build understands.
pub const CONFIG_VERSION: u32 = 1;

/// The `next` value that ends a flow and shows its results.
pub const RESULTS: &str = "results";

/// A checked configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Texts fall back to this locale when the visitor's is missing.
    pub default_locale: String,
    /// The floating button that opens a flow, if any.
    pub launcher: Option<Launcher>,
    /// Products, when given inline (empty until a catalogue URL has been loaded).
    pub catalogue: Catalogue,
    /// A same-origin JSON file with the products, when not inline.
    pub catalogue_url: Option<String>,
    /// Question flows, in the order written.
    pub flows: Vec<Flow>,
}

/// The floating button that opens a flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Launcher {
    /// The flow it opens.
    pub flow: String,
    /// Its visible label.
    pub label: Text,
    /// Which corner it sits in.
    pub position: Position,
}

/// A corner of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// `"bottom-right"` (the default)
    BottomRight,
    /// `"bottom-left"`
    BottomLeft,
}

/// A guided-selling flow: a tree of questions ending in product recommendations.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// Its key in `flows`.
    pub id: String,
    /// The dialog title.
    pub title: Text,
    /// The first question's id.
    pub start: String,
    /// The questions, in the order written; an answer without `next` leads to the one after.
    pub questions: Vec<Question>,
    /// How many products the results show at most.
    pub max_results: usize,
}

impl Flow {
    /// The question `id`.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

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
    /// The possible answers.
    pub answers: Vec<Answer>,
}

impl Question {
    /// The answer `id`.
    pub fn answer(&self, id: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.id == id)
    }
}

/// How a question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// `"single"`: pick exactly one answer; picking it moves on.
    Single,
}

/// One answer to a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Unique within its question.
    pub id: String,
    /// What the visitor clicks.
    pub label: Text,
    /// Where to go next: a question id or [`RESULTS`]; `None` means the following question.
    pub next: Option<String>,
    /// Products must pass every one of these.
    pub filters: Vec<Filter>,
}

/// A hard requirement an answer puts on products.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// The product attribute tested (`price` is always available).
    pub attribute: String,
    /// The test.
    pub test: Test,
}

/// How a filter tests an attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// `"equals": "dark"`: a text or number attribute equals this, or a list contains it.
    Equals(String),
    /// `"oneOf": ["dark", "medium"]`: equals any of these.
    OneOf(Vec<String>),
    /// `"min": 10, "max": 30`: a number within the bounds (inclusive).
    Range {
        /// Lower bound, if any.
        min: Option<f64>,
        /// Upper bound, if any.
        max: Option<f64>,
    },
}

const TOP_FIELDS: &[&str] = &["version", "locale", "launcher", "catalogue", "flows"];
const LAUNCHER_FIELDS: &[&str] = &["flow", "label", "position"];
const FLOW_FIELDS: &[&str] = &["title", "start", "questions", "maxResults"];
const QUESTION_FIELDS: &[&str] = &["id", "type", "text", "help", "answers"];
const ANSWER_FIELDS: &[&str] = &["id", "label", "next", "filters"];
const FILTER_FIELDS: &[&str] = &["attribute", "equals", "oneOf", "min", "max"];
const QUESTION_TYPES: &[&str] = &["single"];
const POSITIONS: &[&str] = &["bottom-right", "bottom-left"];

impl Config {
    /// Parses and checks a configuration.
    ///
    /// ```
    /// use shop_assistant::core::config::Config;
    /// let errors = Config::parse(r#"{"flows": {}, "catalogu": []}"#).unwrap_err();
    /// let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    /// assert!(lines.contains(&"catalogu: unknown field (did you mean \"catalogue\"?)".to_string()));
    /// ```
    pub fn parse(text: &str) -> Result<Config, Vec<Problem>> {
        let value = json::parse(text).map_err(|e| {
            vec![Problem {
                path: String::new(),
                message: format!("not valid JSON: {e}"),
            }]
        })?;
        Config::decode(&value)
    }

    /// Checks an already parsed configuration.
    pub fn decode(value: &Value) -> Result<Config, Vec<Problem>> {
        let mut p = Problems::default();
        let config = decode_config(&mut p, value);
        match config {
            Some(config) if p.is_empty() => Ok(config),
            _ => {
                if p.is_empty() {
                    p.add("", "the configuration is incomplete");
                }
                Err(p.into_vec())
            }
        }
    }

    /// The flow `id`.
    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.iter().find(|f| f.id == id)
    }

    /// Installs a catalogue loaded from [`Config::catalogue_url`].
    pub fn attach_catalogue(&mut self, text: &str) -> Result<(), Vec<Problem>> {
        let value = json::parse(text).map_err(|e| {
            vec![Problem {
                path: "catalogue".into(),
                message: format!("not valid JSON: {e}"),
            }]
        })?;
        let mut p = Problems::default();
        let catalogue = Catalogue::decode(&mut p, &value, "catalogue");
        if !p.is_empty() {
            return Err(p.into_vec());
        }
        self.catalogue = catalogue;
        Ok(())
    }
}

fn decode_config(p: &mut Problems, value: &Value) -> Option<Config> {
    let o = Obj::open(p, value, "", TOP_FIELDS)?;
    if let Some(v) = o.opt_number(p, "version") {
        if v.fract() != 0.0 || v < 1.0 || v > f64::from(CONFIG_VERSION) {
            p.add(
                "version",
                format!("this build reads config version {CONFIG_VERSION}; found {v}"),
            );
        }
    }
    let default_locale = o
        .opt_string(p, "locale")
        .unwrap_or_else(|| "en".to_string());
    if !is_locale(&default_locale) {
        p.add(
            "locale",
            format!("\"{default_locale}\" is not a language tag (e.g. \"en\", \"de-AT\")"),
        );
    }

    let (catalogue, catalogue_url) = match o.required(p, "catalogue") {
        Some(Value::String(u)) => {
            if let Err(e) = url::check(u) {
                p.add("catalogue", e.message());
            }
            (Catalogue::default(), Some(u.clone()))
        }
        Some(v) => (Catalogue::decode(p, v, "catalogue"), None),
        None => (Catalogue::default(), None),
    };

    let mut flows = Vec::new();
    // Flow ids as written, including flows with errors, so that a reference to a broken
    // flow is not reported a second time as a reference to a missing one.
    let mut flow_ids: Vec<&str> = Vec::new();
    if let Some(v) = o.required(p, "flows") {
        if let Some(f) = Obj::open_any(p, v, "flows") {
            if f.members().is_empty() {
                p.add("flows", "define at least one flow");
            }
            for (id, fv) in f.members() {
                flow_ids.push(id);
                let at = field_path("flows", id);
                check_id(p, id, &at);
                if let Some(flow) = decode_flow(p, id, fv, &at) {
                    flows.push(flow);
                }
            }
        }
    }

    let launcher = o
        .get("launcher")
        .and_then(|v| decode_launcher(p, v, &flow_ids));
    Some(Config {
        default_locale,
        launcher,
        catalogue,
        catalogue_url,
        flows,
    })
}

fn decode_launcher(p: &mut Problems, value: &Value, flow_ids: &[&str]) -> Option<Launcher> {
    let o = Obj::open(p, value, "launcher", LAUNCHER_FIELDS)?;
    let flow = o.string(p, "flow");
    if let Some(id) = &flow {
        if !flow_ids.contains(&id.as_str()) {
            let hint = did_you_mean(id, flow_ids.iter().copied());
            p.add(&o.at("flow"), format!("no flow \"{id}\"{hint}"));
        }
    }
    let label = o
        .required(p, "label")
        .and_then(|v| Text::decode(p, v, &o.at("label")));
    let position = match o.opt_string(p, "position").as_deref() {
        None | Some("bottom-right") => Position::BottomRight,
        Some("bottom-left") => Position::BottomLeft,
        Some(other) => {
            let hint = did_you_mean(other, POSITIONS.iter().copied());
            p.add(
                &o.at("position"),
                format!(
                    "unknown position \"{other}\"; use one of {}{hint}",
                    POSITIONS.join(", ")
                ),
            );
            Position::BottomRight
        }
    };
    Some(Launcher {
        flow: flow?,
        label: label?,
        position,
    })
}

fn decode_flow(p: &mut Problems, id: &str, value: &Value, path: &str) -> Option<Flow> {
    let o = Obj::open(p, value, path, FLOW_FIELDS)?;
    let title = o
        .required(p, "title")
        .and_then(|v| Text::decode(p, v, &o.at("title")));
    let max_results = match o.opt_number(p, "maxResults") {
        None => 3,
        Some(n) if n.fract() == 0.0 && (1.0..=20.0).contains(&n) => n as usize,
        Some(n) => {
            p.add(
                &o.at("maxResults"),
                format!("must be a whole number from 1 to 20; found {n}"),
            );
            3
        }
    };
    let mut questions: Vec<Question> = Vec::new();
    for (at, qv) in o.array(p, "questions").unwrap_or_default() {
        if let Some(q) = decode_question(p, qv, &at) {
            if questions.iter().any(|x| x.id == q.id) {
                p.add(
                    &field_path(&at, "id"),
                    format!("duplicate question id \"{}\"", q.id),
                );
            } else {
                questions.push(q);
            }
        }
    }
    if questions.is_empty() && o.get("questions").is_some() {
        p.add(&o.at("questions"), "a flow needs at least one question");
    }

    // References between questions, checked once every question is known.
    let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    let start = o
        .opt_string(p, "start")
        .or_else(|| ids.first().map(|s| s.to_string()));
    if let (Some(s), Some(_)) = (&start, o.get("start")) {
        if !ids.contains(&s.as_str()) {
            p.add(
                &o.at("start"),
                format!(
                    "no question \"{s}\"{}",
                    did_you_mean(s, ids.iter().copied())
                ),
            );
        }
    }
    if let Some(qs) = o.get("questions") {
        check_next_references(p, qs, &questions, &o.at("questions"));
    }
    let flow = Flow {
        id: id.to_string(),
        title: title?,
        start: start?,
        questions,
        max_results,
    };
    if let Some(cycle) = find_cycle(&flow) {
        p.add(
            &o.at("questions"),
            format!("the questions loop forever: {}", cycle.join(" → ")),
        );
    }
    Some(flow)
}

/// The question an answer leads to: its `next`, or the question written after `from`.
/// `None` means the results.
pub fn next_question<'f>(flow: &'f Flow, from: &str, answer: &Answer) -> Option<&'f Question> {
    match answer.next.as_deref() {
        Some(RESULTS) => None,
        Some(id) => flow.question(id),
        None => {
            let i = flow.questions.iter().position(|q| q.id == from)?;
            flow.questions.get(i + 1)
        }
    }
}

/// A path of question ids that returns to where it began, if the flow has one.
fn find_cycle(flow: &Flow) -> Option<Vec<String>> {
    // Depth-first search with colours: 0 unvisited, 1 on the current path, 2 done.
    fn visit<'f>(
        flow: &'f Flow,
        q: &'f Question,
        colour: &mut Vec<u8>,
        path: &mut Vec<&'f str>,
    ) -> Option<Vec<String>> {
        let i = flow.questions.iter().position(|x| x.id == q.id)?;
        match colour[i] {
            1 => {
                let from = path.iter().position(|id| *id == q.id).unwrap_or(0);
                let mut cycle: Vec<String> = path[from..].iter().map(|s| s.to_string()).collect();
                cycle.push(q.id.clone());
                return Some(cycle);
            }
            2 => return None,
            _ => {}
        }
        colour[i] = 1;
        path.push(&q.id);
        for a in &q.answers {
            if let Some(next) = next_question(flow, &q.id, a) {
                if let Some(c) = visit(flow, next, colour, path) {
                    return Some(c);
                }
            }
        }
        path.pop();
        colour[i] = 2;
        None
    }
    let mut colour = vec![0u8; flow.questions.len()];
    flow.questions
        .iter()
        .find_map(|q| visit(flow, q, &mut colour, &mut Vec::new()))
}

/// Every `next` must name a question of the same flow, or `"results"`.
fn check_next_references(
    p: &mut Problems,
    raw_questions: &Value,
    questions: &[Question],
    path: &str,
) {
    let Value::Array(raw) = raw_questions else {
        return;
    };
    let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    for (qi, rq) in raw.iter().enumerate() {
        let Some(Value::Array(answers)) = rq.get("answers") else {
            continue;
        };
        for (ai, ra) in answers.iter().enumerate() {
            let Some(next) = ra.get("next").and_then(Value::as_str) else {
                continue;
            };
            if next != RESULTS && !ids.contains(&next) {
                let at = format!("{path}[{qi}].answers[{ai}].next");
                let hint = did_you_mean(next, ids.iter().copied().chain([RESULTS]));
                p.add(&at, format!("no question \"{next}\"{hint}"));
            }
        }
    }
}

fn decode_question(p: &mut Problems, value: &Value, path: &str) -> Option<Question> {
    let o = Obj::open(p, value, path, QUESTION_FIELDS)?;
    let id = o.string(p, "id");
    if let Some(id) = &id {
        if check_id(p, id, &o.at("id")) && id == RESULTS {
            p.add(
                &o.at("id"),
                format!("\"{RESULTS}\" is reserved for the end of a flow"),
            );
        }
    }
    let kind = match o.opt_string(p, "type").as_deref() {
        None | Some("single") => Some(QuestionKind::Single),
        Some(other) => {
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
    let text = o
        .required(p, "text")
        .and_then(|v| Text::decode(p, v, &o.at("text")));
    let help = o
        .get("help")
        .and_then(|v| Text::decode(p, v, &o.at("help")));
    let mut answers: Vec<Answer> = Vec::new();
    for (at, av) in o.array(p, "answers").unwrap_or_default() {
        if let Some(a) = decode_answer(p, av, &at) {
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
    Some(Question {
        id: id?,
        kind: kind?,
        text: text?,
        help,
        answers,
    })
}

fn decode_answer(p: &mut Problems, value: &Value, path: &str) -> Option<Answer> {
    let o = Obj::open(p, value, path, ANSWER_FIELDS)?;
    let id = o.string(p, "id");
    if let Some(id) = &id {
        check_id(p, id, &o.at("id"));
    }
    let label = o
        .required(p, "label")
        .and_then(|v| Text::decode(p, v, &o.at("label")));
    let next = o.opt_string(p, "next");
    let filters = match o.get("filters") {
        None => Vec::new(),
        Some(v) => as_array(p, v, &o.at("filters"))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(at, fv)| decode_filter(p, fv, &at))
            .collect(),
    };
    Some(Answer {
        id: id?,
        label: label?,
        next,
        filters,
    })
}

fn decode_filter(p: &mut Problems, value: &Value, path: &str) -> Option<Filter> {
    let o = Obj::open(p, value, path, FILTER_FIELDS)?;
    let attribute = o.string(p, "attribute");
    let tests = ["equals", "oneOf", "min", "max"]
        .iter()
        .filter(|k| o.get(k).is_some())
        .count();
    let ranged = o.get("min").is_some() || o.get("max").is_some();
    if tests == 0 {
        p.add(
            path,
            "a filter needs one test: \"equals\", \"oneOf\", or \"min\"/\"max\"",
        );
        return None;
    }
    if tests > 1 && !(ranged && o.get("equals").is_none() && o.get("oneOf").is_none()) {
        p.add(
            path,
            "a filter has exactly one test: \"equals\", \"oneOf\", or \"min\"/\"max\"",
        );
        return None;
    }
    let test = if let Some(v) = o.get("equals") {
        Test::Equals(scalar_text(p, v, &o.at("equals"))?)
    } else if let Some(v) = o.get("oneOf") {
        let items = as_array(p, v, &o.at("oneOf"))?;
        if items.is_empty() {
            p.add(&o.at("oneOf"), "list at least one value");
        }
        Test::OneOf(
            items
                .into_iter()
                .filter_map(|(at, iv)| scalar_text(p, iv, &at))
                .collect(),
        )
    } else {
        let min = o.opt_number(p, "min");
        let max = o.opt_number(p, "max");
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                p.add(path, format!("\"min\" ({a}) is greater than \"max\" ({b})"));
            }
        }
        Test::Range { min, max }
    };
    Some(Filter {
        attribute: attribute?,
        test,
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
