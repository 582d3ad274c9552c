//! The merchant's configuration: what it may contain and how it is checked.
//!
//! [`Config::parse`] reads the JSON text a merchant writes and either returns a complete,
//! cross-checked [`Config`] or every [`Problem`] found, each with its JSON path, e.g.
//! `flows.coffee.questions[1].answers[0].next: no question "tastee" (did you mean "taste"?)`.
//!
//! Questions and answers are read by `question.rs`; this file reads the rest and checks the
//! references between parts (`next`, `when`, `start`, the launcher's flow).

use super::catalogue::Catalogue;
use super::decode::{
    check_id, did_you_mean, field_path, ChoiceField, FlagField, Known, NumberField, NumberRule,
    Obj, Problem, Problems,
};
use super::flow::{successors, Flow};
use super::json::{self, Value};
use super::question::{decode_question, Question, RESULTS};
use super::text::{is_locale, Text};
use super::url;

/// The highest config `version` this build understands.
pub const CONFIG_VERSION: u32 = 1;

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
    /// How to read the shop's pages for the visitor profile.
    pub tracking: super::tracking::Tracking,
    /// What may be stored.
    pub privacy: super::tracking::Privacy,
    /// Targeted messages.
    pub messages: Vec<super::message::Message>,
    /// Settings for all messages.
    pub message_settings: super::message::MessageSettings,
    /// Recommendation blocks, and the pairings their `complements` strategy follows.
    pub recommendations: super::recommend::Recommendations,
    /// The widget's own texts where the merchant words them differently, by label name
    /// (one of [`super::text::LABEL_KEYS`]).
    pub labels: Vec<(String, Text)>,
    /// Products the current page says are sold out (its schema.org offer), whatever the
    /// catalogue says: not recommended until the next page load (see [`Config::mark_sold_out`]).
    pub sold_out_here: Vec<String>,
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
    /// When set, the only pages where it is shown (product and category pages, say).
    pub show_on: Option<Pages>,
    /// Pages where it is not shown (a payment page, say), even if `show_on` names them.
    pub hide_on: Pages,
}

/// Pages named by type (`"checkout"`) or by path pattern (`"/checkout/payment*"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pages {
    /// Page types.
    pub types: Vec<super::page::PageType>,
    /// Path patterns (`*` matches anything).
    pub paths: Vec<String>,
}

impl Pages {
    /// Whether the page at `path` is one of these.
    pub fn contains(&self, tracking: &super::tracking::Tracking, path: &str) -> bool {
        self.paths.iter().any(|p| super::page::glob(p, path))
            || (!self.types.is_empty() && self.types.contains(&tracking.page_type(path)))
    }
}

impl Launcher {
    /// Whether the launcher shows on the page at `path`.
    pub fn shown_on(&self, tracking: &super::tracking::Tracking, path: &str) -> bool {
        self.show_on
            .as_ref()
            .is_none_or(|pages| pages.contains(tracking, path))
            && !self.hide_on.contains(tracking, path)
    }
}

/// A corner of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// `"bottom-right"` (the default)
    BottomRight,
    /// `"bottom-left"`
    BottomLeft,
}

pub(crate) const TOP_FIELDS: &[&str] = &[
    "version",
    "locale",
    "launcher",
    "catalogue",
    "flows",
    "tracking",
    "privacy",
    "messages",
    "messageSettings",
    "recommendations",
    "labels",
];
pub(crate) const LAUNCHER_FIELDS: &[&str] = &["flow", "label", "position", "showOn", "hideOn"];
/// A flow's `maxResults`.
pub const MAX_RESULTS: NumberField = NumberField {
    key: "maxResults",
    rule: NumberRule::whole(1.0, Some(20.0)),
    default: Some(3.0),
    doc: super::decode::doc("How many products the results list"),
};
/// A flow's `autoRedirect`.
pub const AUTO_REDIRECT: FlagField = FlagField {
    key: "autoRedirect",
    default: false,
    doc: super::decode::doc(
        "true: when exactly one product fits every answer, go straight to its page",
    ),
};
/// A flow's `startFromLastAnswers`.
pub const START_FROM_LAST_ANSWERS: FlagField = FlagField {
    key: "startFromLastAnswers",
    default: false,
    doc: super::decode::doc("true: opened afresh, the flow starts from the visitor's last answers to it (kept in their profile, where they still fit the questions), so a returning visitor sees their results at once and can go back or start again"),
};

pub(crate) const FLOW_FIELDS: &[&str] = &[
    "title",
    "start",
    "questions",
    "maxResults",
    "autoRedirect",
    "startFromLastAnswers",
    "recommend",
    "linkParams",
];
/// The launcher's `position`.
pub const POSITION: ChoiceField<Position> = ChoiceField {
    key: "position",
    choices: &[
        ("bottom-right", Position::BottomRight),
        ("bottom-left", Position::BottomLeft),
    ],
    default: Position::BottomRight,
    doc: super::decode::doc("Where it sits"),
};

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

    /// True while the products are still to come from `catalogue_url`: the assistant is on
    /// the page before a big catalogue file has arrived, and what needs the products (the
    /// results, which answers fit, messages) waits for it.
    pub fn catalogue_pending(&self) -> bool {
        self.catalogue_url.is_some() && self.catalogue.products().is_empty()
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
        self.apply_sold_out();
        Ok(())
    }

    /// The page says product `id` is sold out (its schema.org offer): it is not recommended
    /// while the visitor is on this page, also once a catalogue file arrives.
    pub fn mark_sold_out(&mut self, id: &str) {
        if !self.sold_out_here.iter().any(|x| x == id) {
            self.sold_out_here.push(id.to_string());
        }
        self.apply_sold_out();
    }

    fn apply_sold_out(&mut self) {
        for id in &self.sold_out_here {
            self.catalogue.mark_sold_out(id);
        }
    }
}

fn decode_config(p: &mut Problems, value: &Value) -> Option<Config> {
    let o = Obj::open(p, value, "", TOP_FIELDS)?;
    if let Some(v) = o.opt_number(p, "version") {
        if v.fract() != 0.0 || v < 1.0 || v > f64::from(CONFIG_VERSION) {
            p.add(
                "version",
                format!(
                    "this build reads config version {CONFIG_VERSION}; found {}",
                    json::number_text(v)
                ),
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

    // The ids flows, messages and the launcher may name, as written (see `Known`).
    fn member_ids(v: Option<&Value>) -> Vec<&str> {
        match v {
            Some(Value::Object(members)) => members.iter().map(|(k, _)| k.as_str()).collect(),
            _ => Vec::new(),
        }
    }
    let flow_ids = member_ids(o.get("flows"));
    let block_ids = member_ids(o.get("recommendations").and_then(|r| r.get("blocks")));
    let known = Known {
        flows: &flow_ids,
        blocks: &block_ids,
    };
    let mut flows = Vec::new();
    if let Some(v) = o.required(p, "flows") {
        if let Some(f) = Obj::open_any(p, v, "flows") {
            if f.members().is_empty() {
                p.add("flows", "define at least one flow");
            }
            for (id, fv) in f.members() {
                let at = field_path("flows", id);
                check_id(p, id, &at);
                if let Some(flow) = decode_flow(p, id, fv, &at, &known) {
                    flows.push(flow);
                }
            }
        }
    }

    let launcher = o
        .get("launcher")
        .and_then(|v| decode_launcher(p, v, &known));
    let tracking = o
        .get("tracking")
        .map(|v| super::tracking::decode_tracking(p, v, "tracking"))
        .unwrap_or_default();
    let messages = o
        .get("messages")
        .map(|v| super::message::decode_messages(p, v, "messages", &known))
        .unwrap_or_default();
    let message_settings = o
        .get("messageSettings")
        .map(|v| super::message::decode_settings(p, v, "messageSettings"))
        .unwrap_or_default();
    let recommendations = o
        .get("recommendations")
        .map(|v| super::recommend::decode(p, v, "recommendations"))
        .unwrap_or_default();
    let privacy = o
        .get("privacy")
        .map(|v| super::tracking::decode_privacy(p, v, "privacy"))
        .unwrap_or_default();
    let labels = o
        .get("labels")
        .map(|v| decode_labels(p, v))
        .unwrap_or_default();
    Some(Config {
        default_locale,
        launcher,
        catalogue,
        catalogue_url,
        flows,
        tracking,
        privacy,
        messages,
        message_settings,
        recommendations,
        labels,
        sold_out_here: Vec::new(),
    })
}

/// `labels`: the widget's own texts, by name, each a text in one or several languages.
fn decode_labels(p: &mut Problems, value: &Value) -> Vec<(String, Text)> {
    let Some(o) = Obj::open(p, value, "labels", &super::text::LABEL_KEYS) else {
        return Vec::new();
    };
    o.members()
        .iter()
        .filter_map(|(key, v)| Text::decode(p, v, &o.at(key)).map(|t| (key.clone(), t)))
        .collect()
}

fn decode_launcher(p: &mut Problems, value: &Value, known: &Known<'_>) -> Option<Launcher> {
    let o = Obj::open(p, value, "launcher", LAUNCHER_FIELDS)?;
    let flow = o.string(p, "flow");
    if let Some(id) = &flow {
        known.flow(p, id, &o.at("flow"));
    }
    let label = o
        .required(p, "label")
        .and_then(|v| Text::decode(p, v, &o.at("label")));
    let position = o.choice(p, POSITION);
    let show_on = o.get("showOn").map(|v| decode_pages(p, v, &o.at("showOn")));
    let hide_on = o
        .get("hideOn")
        .map(|v| decode_pages(p, v, &o.at("hideOn")))
        .unwrap_or_default();
    Some(Launcher {
        flow: flow?,
        label: label?,
        position,
        show_on,
        hide_on,
    })
}

/// A list of page types and path patterns (see [`Pages`]).
fn decode_pages(p: &mut Problems, value: &Value, path: &str) -> Pages {
    let mut pages = Pages::default();
    let Some(items) = super::decode::as_array(p, value, path) else {
        return pages;
    };
    for (at, item) in items {
        let Some(text) = super::decode::as_string(p, item, &at) else {
            continue;
        };
        if text.starts_with('/') || text.starts_with('*') {
            pages.paths.push(text);
        } else if let Some(t) = super::page::PageType::from_name(&text) {
            pages.types.push(t);
        } else {
            let names: Vec<&str> = super::page::PAGE_TYPES.iter().map(|t| t.name()).collect();
            let hint = did_you_mean(&text, names.iter().copied());
            p.add(
                &at,
                format!(
                    "\"{text}\" is neither a page type ({}) nor a path starting with '/'{hint}",
                    names.join(", ")
                ),
            );
        }
    }
    pages
}

fn decode_flow(
    p: &mut Problems,
    id: &str,
    value: &Value,
    path: &str,
    known: &Known<'_>,
) -> Option<Flow> {
    let o = Obj::open(p, value, path, FLOW_FIELDS)?;
    let title = o
        .required(p, "title")
        .and_then(|v| Text::decode(p, v, &o.at("title")));
    let max_results = o.number(p, MAX_RESULTS).map_or(0, |n| n as usize);
    let mut questions: Vec<Question> = Vec::new();
    for (index, (at, qv)) in o
        .array(p, "questions")
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        if let Some(q) = decode_question(p, qv, &at, index) {
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
        check_references(p, qs, &questions, &o.at("questions"));
    }
    let auto_redirect = o.switch(p, AUTO_REDIRECT);
    let start_from_last_answers = o.switch(p, START_FROM_LAST_ANSWERS);
    let recommend = o.opt_string(p, "recommend");
    if let Some(block) = &recommend {
        known.block(p, block, &o.at("recommend"));
    }
    let link_params = match o.get("linkParams") {
        None => vec![("sa_flow".to_string(), "{flow}".to_string())],
        Some(v) => decode_link_params(p, v, &o.at("linkParams")),
    };
    let flow = Flow {
        id: id.to_string(),
        title: title?,
        start: start?,
        questions,
        max_results,
        auto_redirect,
        start_from_last_answers,
        link_params,
        recommend,
    };
    if let Some(cycle) = find_cycle(&flow) {
        p.add(
            &o.at("questions"),
            format!("the questions loop forever: {}", cycle.join(" → ")),
        );
    }
    Some(flow)
}

fn decode_link_params(p: &mut Problems, value: &Value, path: &str) -> Vec<(String, String)> {
    let Some(o) = Obj::open_any(p, value, path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in o.members() {
        let at = field_path(path, k);
        if k.is_empty()
            || !k
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        {
            p.add(
                &at,
                "a query parameter name uses letters, digits, '_', '-' or '.'",
            );
        }
        if let Some(text) = super::decode::as_string(p, v, &at) {
            out.push((k.clone(), text));
        }
    }
    out
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
        for next in successors(flow, q) {
            if let Some(c) = visit(flow, next, colour, path) {
                return Some(c);
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

/// Every `next` names a question of the flow (or `"results"`); every `when` an earlier
/// question and answers it has.
fn check_references(p: &mut Problems, raw_questions: &Value, questions: &[Question], path: &str) {
    let Value::Array(raw) = raw_questions else {
        return;
    };
    // Ids as written, including questions with errors of their own, so that a reference to
    // a broken question is not reported a second time as a reference to a missing one.
    let ids: Vec<&str> = raw
        .iter()
        .filter_map(|q| q.get("id").and_then(Value::as_str))
        .collect();
    let check_next = |p: &mut Problems, next: Option<&Value>, at: String| {
        let Some(next) = next.and_then(Value::as_str) else {
            return;
        };
        if next != RESULTS && !ids.contains(&next) {
            let hint = did_you_mean(next, ids.iter().copied().chain([RESULTS]));
            p.add(&at, format!("no question \"{next}\"{hint}"));
        }
    };
    for (qi, rq) in raw.iter().enumerate() {
        check_next(p, rq.get("next"), format!("{path}[{qi}].next"));
        if let Some(Value::Array(answers)) = rq.get("answers") {
            for (ai, ra) in answers.iter().enumerate() {
                check_next(
                    p,
                    ra.get("next"),
                    format!("{path}[{qi}].answers[{ai}].next"),
                );
            }
        }
        let Some(when) = rq.get("when") else { continue };
        let Some(target) = when.get("question").and_then(Value::as_str) else {
            continue;
        };
        let earlier: Vec<&str> = raw[..qi]
            .iter()
            .filter_map(|q| q.get("id").and_then(Value::as_str))
            .collect();
        let at = format!("{path}[{qi}].when");
        match questions.iter().find(|q| q.id == target) {
            None if ids.contains(&target) => {}
            None => p.add(
                &field_path(&at, "question"),
                format!(
                    "no question \"{target}\"{}",
                    did_you_mean(target, ids.iter().copied())
                ),
            ),
            Some(_) if !earlier.contains(&target) => p.add(
                &field_path(&at, "question"),
                format!("\"{target}\" is not asked before this question"),
            ),
            Some(q) => {
                let wanted = match (when.get("answer"), when.get("anyOf")) {
                    (Some(v), _) => vec![v],
                    (_, Some(Value::Array(items))) => items.iter().collect(),
                    _ => Vec::new(),
                };
                for w in wanted.into_iter().filter_map(Value::as_str) {
                    if q.answer(w).is_none() {
                        let hint = did_you_mean(w, q.answers.iter().map(|a| a.id.as_str()));
                        p.add(
                            &at,
                            format!("question \"{target}\" has no answer \"{w}\"{hint}"),
                        );
                    }
                }
            }
        }
    }
}
