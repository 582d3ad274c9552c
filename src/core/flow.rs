//! Where a visitor is in a question flow, and how answering moves them on.
//!
//! The state is only the list of answers given, so it is small to store (to resume after a
//! reload) and going back is dropping the last answer. Everything else (the current
//! question, the filters in force) is derived from the config.

use super::json::{self, Value};
use super::question::{Answer, Question, QuestionKind, RESULTS};
use super::text::Text;

/// What the visitor chose for one question.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// One answer (single and image questions).
    One(String),
    /// One or more answers (multiple-choice questions), in the order of the config.
    Many(Vec<String>),
    /// A number (range questions).
    Number(f64),
    /// "Not sure": filters nothing.
    Skip,
}

impl Choice {
    /// Whether the answer `id` is part of this choice.
    pub fn includes(&self, id: &str) -> bool {
        match self {
            Choice::One(a) => a == id,
            Choice::Many(list) => list.iter().any(|a| a == id),
            Choice::Number(_) | Choice::Skip => false,
        }
    }
}

/// One question answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    /// The question's id.
    pub question: String,
    /// What was chosen.
    pub choice: Choice,
}

/// What the visitor sees now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step<'c> {
    /// A question waiting for an answer.
    Ask(&'c Question),
    /// The flow is complete: show the recommendations.
    Results,
}

/// Why an answer was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowError {
    /// The flow already shows its results.
    Finished,
    /// The choice does not fit the current question (unknown answer id, a number outside
    /// the range, several answers to a single-choice question, a skip where none is offered).
    Invalid,
}

/// A visitor's progress through one flow.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowState {
    /// Answers in the order given; the first is to the flow's start question.
    pub answers: Vec<Answered>,
}

impl FlowState {
    /// The question to ask now, or the results.
    pub fn current<'c>(&self, flow: &'c Flow) -> Step<'c> {
        let candidate = match self.answers.last() {
            None => flow.question(&flow.start),
            Some(last) => match flow.question(&last.question) {
                Some(q) => self.after(flow, q, &last.choice),
                None => None,
            },
        };
        self.first_asked(flow, candidate)
            .map_or(Step::Results, Step::Ask)
    }

    /// Where a choice leads from `q`, before conditions are applied.
    fn after<'c>(&self, flow: &'c Flow, q: &Question, choice: &Choice) -> Option<&'c Question> {
        let chosen_next = q
            .answers
            .iter()
            .filter(|a| choice.includes(&a.id))
            .find_map(|a| a.next.as_deref());
        match chosen_next.or(q.next.as_deref()) {
            Some(RESULTS) => None,
            Some(id) => flow.question(id),
            None => following(flow, &q.id),
        }
    }

    /// `q`, or if its condition does not hold, the first question written after it whose
    /// condition holds.
    fn first_asked<'c>(&self, flow: &'c Flow, mut q: Option<&'c Question>) -> Option<&'c Question> {
        // Bounded: each step moves forward in the written order.
        for _ in 0..=flow.questions.len() {
            let current = q?;
            if self.holds(current) {
                return Some(current);
            }
            q = following(flow, &current.id);
        }
        None
    }

    /// Whether `q`'s condition holds for the answers given so far.
    pub fn holds(&self, q: &Question) -> bool {
        let Some(cond) = &q.when else { return true };
        self.answers
            .iter()
            .find(|a| a.question == cond.question)
            .is_some_and(|a| cond.any_of.iter().any(|id| a.choice.includes(id)))
    }

    /// Answers the current question.
    ///
    /// ```
    /// use shop_assistant::core::{config::Config, flow::{Choice, FlowState, Step}};
    /// let config = Config::parse(r#"{"catalogue": [{"id": "a", "name": "A", "url": "/a", "price": 1, "currency": "EUR"}],
    ///   "flows": {"f": {"title": "F", "questions": [
    ///     {"id": "q1", "text": "One?", "answers": [{"id": "yes", "label": "Yes"}]},
    ///     {"id": "q2", "text": "Two?", "answers": [{"id": "no", "label": "No"}]}]}}}"#).unwrap();
    /// let flow = config.flow("f").unwrap();
    /// let mut state = FlowState::default();
    /// state.answer(flow, Choice::One("yes".into())).unwrap();
    /// assert!(matches!(state.current(flow), Step::Ask(q) if q.id == "q2"));
    /// state.answer(flow, Choice::One("no".into())).unwrap();
    /// assert_eq!(state.current(flow), Step::Results);
    /// ```
    pub fn answer(&mut self, flow: &Flow, choice: Choice) -> Result<(), FlowError> {
        let Step::Ask(question) = self.current(flow) else {
            return Err(FlowError::Finished);
        };
        let choice = normalise(question, choice).ok_or(FlowError::Invalid)?;
        self.answers.push(Answered {
            question: question.id.clone(),
            choice,
        });
        Ok(())
    }

    /// Goes back one question. False when already at the start.
    pub fn back(&mut self) -> bool {
        self.answers.pop().is_some()
    }

    /// Rebuilds a state from stored answers, keeping the longest prefix that is still valid
    /// for `flow` (the merchant may have changed the config since they were stored).
    pub fn replay(flow: &Flow, answers: &[Answered]) -> FlowState {
        let mut state = FlowState::default();
        for a in answers {
            match state.current(flow) {
                Step::Ask(q)
                    if q.id == a.question && state.answer(flow, a.choice.clone()).is_ok() => {}
                _ => break,
            }
        }
        state
    }

    /// The answers given, with their questions, as in the config.
    pub fn chosen<'c>(&self, flow: &'c Flow) -> Vec<(&'c Question, &Choice)> {
        self.answers
            .iter()
            .filter_map(|a| Some((flow.question(&a.question)?, &a.choice)))
            .collect()
    }

    /// The state as JSON, for session storage: `{"flow": id, "answers": [[question, choice], ...]}`.
    pub fn to_json(&self, flow_id: &str) -> String {
        json::stringify(&self.to_value(flow_id))
    }

    /// The state as a JSON value (what [`FlowState::to_json`] writes, and what the stored
    /// profile keeps for each flow's last answers).
    pub fn to_value(&self, flow_id: &str) -> Value {
        let answers = self
            .answers
            .iter()
            .map(|a| {
                let choice = match &a.choice {
                    Choice::One(id) => Value::String(id.clone()),
                    Choice::Many(ids) => {
                        Value::Array(ids.iter().cloned().map(Value::String).collect())
                    }
                    Choice::Number(n) => Value::Number(*n),
                    Choice::Skip => Value::Null,
                };
                Value::Object(vec![
                    ("question".into(), Value::String(a.question.clone())),
                    ("choice".into(), choice),
                ])
            })
            .collect();
        Value::Object(vec![
            ("flow".into(), Value::String(flow_id.into())),
            ("answers".into(), Value::Array(answers)),
        ])
    }

    /// Reads what [`FlowState::to_json`] wrote: the flow id and the answers. Anything
    /// malformed gives `None` (stored data is never trusted; [`FlowState::replay`] checks
    /// the answers against the config).
    pub fn from_json(text: &str) -> Option<(String, Vec<Answered>)> {
        Self::from_value(&json::parse(text).ok()?)
    }

    /// Reads what [`FlowState::to_value`] wrote (see [`FlowState::from_json`]).
    pub fn from_value(value: &Value) -> Option<(String, Vec<Answered>)> {
        let flow = value.get("flow")?.as_str()?.to_string();
        let Value::Array(items) = value.get("answers")? else {
            return None;
        };
        let mut answers = Vec::with_capacity(items.len());
        for item in items {
            // By name; before the profile's version 3, a [question, choice] pair.
            let (question, choice) = match item {
                Value::Object(_) => (item.get("question")?, item.get("choice")?),
                Value::Array(pair) => match pair.as_slice() {
                    [question, choice] => (question, choice),
                    _ => return None,
                },
                _ => return None,
            };
            let question = question.as_str()?;
            let choice = match choice {
                Value::String(id) => Choice::One(id.clone()),
                Value::Array(ids) => Choice::Many(
                    ids.iter()
                        .map(|v| v.as_str().map(str::to_string))
                        .collect::<Option<_>>()?,
                ),
                Value::Number(n) => Choice::Number(*n),
                Value::Null => Choice::Skip,
                _ => return None,
            };
            answers.push(Answered {
                question: question.to_string(),
                choice,
            });
        }
        Some((flow, answers))
    }
}

/// The question written after `id`.
fn following<'c>(flow: &'c Flow, id: &str) -> Option<&'c Question> {
    let i = flow.questions.iter().position(|q| q.id == id)?;
    flow.questions.get(i + 1)
}

/// Checks `choice` against `q` and puts it in a canonical form (answers in config order).
fn normalise(q: &Question, choice: Choice) -> Option<Choice> {
    match (&q.kind, choice) {
        (_, Choice::Skip) => q.skip.is_some().then_some(Choice::Skip),
        (QuestionKind::Single | QuestionKind::Image, Choice::One(id)) => {
            q.answer(&id).map(|_| Choice::One(id))
        }
        (QuestionKind::Multiple, Choice::Many(ids)) => {
            let known = ids.iter().all(|id| q.answer(id).is_some());
            let ordered: Vec<String> = q
                .answers
                .iter()
                .filter(|a| ids.contains(&a.id))
                .map(|a| a.id.clone())
                .collect();
            (known && !ordered.is_empty()).then_some(Choice::Many(ordered))
        }
        (QuestionKind::Multiple, Choice::One(id)) => q.answer(&id).map(|_| Choice::Many(vec![id])),
        (QuestionKind::Range(r), Choice::Number(n)) => {
            (n.is_finite() && n >= r.min && n <= r.max).then_some(Choice::Number(n))
        }
        // Every other pairing is a choice this kind does not take. The kinds are named, so a
        // new one makes the compiler ask what it takes.
        (
            QuestionKind::Single
            | QuestionKind::Image
            | QuestionKind::Multiple
            | QuestionKind::Range(_),
            _,
        ) => None,
    }
}

/// The answers of `q` that `choice` selects.
pub fn selected<'c>(q: &'c Question, choice: &Choice) -> Vec<&'c Answer> {
    q.answers
        .iter()
        .filter(|a| choice.includes(&a.id))
        .collect()
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
    /// Go straight to the product page when exactly one product fits every answer.
    pub auto_redirect: bool,
    /// Opened afresh, start from the visitor's last answers to it (kept in their profile),
    /// where they still fit the questions.
    pub start_from_last_answers: bool,
    /// Query parameters added to product links; `{flow}` and `{product}` are replaced.
    pub link_params: Vec<(String, String)>,
    /// A recommendation block (its id) shown under the results: more products for this
    /// visitor, beyond those that fit the answers, linked with the flow's parameters.
    pub recommend: Option<String>,
}

impl Flow {
    /// The question `id`.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

/// The questions that can follow `q`, whatever is answered: each answer's `next`, the
/// question's `next`, and the one written after it. (Conditions may skip some at run time.)
pub fn successors<'f>(flow: &'f Flow, q: &Question) -> Vec<&'f Question> {
    let mut out: Vec<&Question> = Vec::new();
    let mut add = |target: Option<&'f Question>| {
        if let Some(t) = target {
            if !out.iter().any(|x| x.id == t.id) {
                out.push(t);
            }
        }
    };
    let following = || {
        let i = flow.questions.iter().position(|x| x.id == q.id)?;
        flow.questions.get(i + 1)
    };
    let by_id = |id: &str| {
        if id == RESULTS {
            None
        } else {
            flow.question(id)
        }
    };
    for a in &q.answers {
        match a.next.as_deref().or(q.next.as_deref()) {
            Some(id) => add(by_id(id)),
            None => add(following()),
        }
    }
    match q.next.as_deref() {
        Some(id) => add(by_id(id)),
        None if q.answers.is_empty()
            || q.skip.is_some()
            || matches!(q.kind, QuestionKind::Multiple) =>
        {
            add(following())
        }
        None => {}
    }
    // A question skipped by its condition hands over to the one written after it.
    if let Some(f) = following() {
        if f.when.is_some() || q.when.is_some() {
            add(Some(f));
        }
    }
    out
}
