//! Where a visitor is in a question flow, and how answering moves them on.
//!
//! The state is only the list of answers given, so it is small to store (for resuming after
//! a reload) and going back is dropping the last answer. Everything else — the current
//! question, the filters in force — is derived from the config.

use super::config::{next_question, Answer, Flow, Question};

/// One answer given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    /// The question's id.
    pub question: String,
    /// The chosen answer's id.
    pub answer: String,
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
    /// The current question has no answer with that id.
    NoSuchAnswer,
}

/// A visitor's progress through one flow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowState {
    /// Answers in the order given; the first is to the flow's start question.
    pub answers: Vec<Answered>,
}

impl FlowState {
    /// The question to ask now, or the results.
    pub fn current<'c>(&self, flow: &'c Flow) -> Step<'c> {
        let Some(last) = self.answers.last() else {
            return flow.question(&flow.start).map_or(Step::Results, Step::Ask);
        };
        let Some((q, a)) = flow
            .question(&last.question)
            .and_then(|q| q.answer(&last.answer).map(|a| (q, a)))
        else {
            return Step::Results;
        };
        next_question(flow, &q.id, a).map_or(Step::Results, Step::Ask)
    }

    /// Answers the current question with `answer_id`.
    ///
    /// ```
    /// use shop_assistant::core::{config::Config, flow::{FlowState, Step}};
    /// let config = Config::parse(r#"{"catalogue": [{"id": "a", "name": "A", "url": "/a", "price": 1, "currency": "EUR"}],
    ///   "flows": {"f": {"title": "F", "questions": [
    ///     {"id": "q1", "text": "One?", "answers": [{"id": "yes", "label": "Yes"}]},
    ///     {"id": "q2", "text": "Two?", "answers": [{"id": "no", "label": "No"}]}]}}}"#).unwrap();
    /// let flow = config.flow("f").unwrap();
    /// let mut state = FlowState::default();
    /// state.answer(flow, "yes").unwrap();
    /// assert!(matches!(state.current(flow), Step::Ask(q) if q.id == "q2"));
    /// state.answer(flow, "no").unwrap();
    /// assert_eq!(state.current(flow), Step::Results);
    /// ```
    pub fn answer(&mut self, flow: &Flow, answer_id: &str) -> Result<(), FlowError> {
        let Step::Ask(question) = self.current(flow) else {
            return Err(FlowError::Finished);
        };
        if question.answer(answer_id).is_none() {
            return Err(FlowError::NoSuchAnswer);
        }
        self.answers.push(Answered {
            question: question.id.clone(),
            answer: answer_id.to_string(),
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
                Step::Ask(q) if q.id == a.question && state.answer(flow, &a.answer).is_ok() => {}
                _ => break,
            }
        }
        state
    }

    /// The answers given, resolved against the config.
    pub fn chosen<'c>(&self, flow: &'c Flow) -> Vec<(&'c Question, &'c Answer)> {
        self.answers
            .iter()
            .filter_map(|a| {
                let q = flow.question(&a.question)?;
                Some((q, q.answer(&a.answer)?))
            })
            .collect()
    }
}
