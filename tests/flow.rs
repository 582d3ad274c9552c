//! The question-flow state machine: branching, back, replay.

mod common;
use common::minimal;
use shop_assistant::core::flow::{Answered, FlowError, FlowState, Step};

fn asked(state: &FlowState, flow: &shop_assistant::core::config::Flow) -> Option<String> {
    match state.current(flow) {
        Step::Ask(q) => Some(q.id.clone()),
        Step::Results => None,
    }
}

#[test]
fn follows_the_written_order_when_there_is_no_next() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let mut s = FlowState::default();
    assert_eq!(asked(&s, flow).as_deref(), Some("brew"));
    s.answer(flow, "espresso").unwrap();
    assert_eq!(asked(&s, flow).as_deref(), Some("taste"));
    s.answer(flow, "fruity").unwrap();
    assert_eq!(asked(&s, flow), None, "\"next\": \"results\" ends the flow");
}

#[test]
fn an_answer_can_branch() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let mut s = FlowState::default();
    s.answer(flow, "filter").unwrap();
    assert_eq!(
        asked(&s, flow).as_deref(),
        Some("budget"),
        "filter skips the taste question"
    );
    s.answer(flow, "low").unwrap();
    assert_eq!(
        asked(&s, flow),
        None,
        "the last question leads to the results"
    );
}

#[test]
fn refuses_answers_that_do_not_belong_to_the_current_question() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let mut s = FlowState::default();
    assert_eq!(s.answer(flow, "fruity"), Err(FlowError::NoSuchAnswer));
    assert!(s.answers.is_empty());
    s.answer(flow, "espresso").unwrap();
    s.answer(flow, "fruity").unwrap();
    assert_eq!(s.answer(flow, "fruity"), Err(FlowError::Finished));
}

#[test]
fn back_undoes_one_answer_at_a_time() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let mut s = FlowState::default();
    s.answer(flow, "filter").unwrap();
    s.answer(flow, "any").unwrap();
    assert!(s.back());
    assert_eq!(asked(&s, flow).as_deref(), Some("budget"));
    assert!(s.back());
    assert_eq!(asked(&s, flow).as_deref(), Some("brew"));
    assert!(!s.back(), "nothing left to undo");
}

#[test]
fn replay_keeps_the_valid_prefix_of_stored_answers() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let a = |q: &str, ans: &str| Answered {
        question: q.into(),
        answer: ans.into(),
    };
    let s = FlowState::replay(flow, &[a("brew", "espresso"), a("taste", "chocolatey")]);
    assert_eq!(s.answers.len(), 2);
    // The merchant removed an answer since: keep what still fits.
    let s = FlowState::replay(flow, &[a("brew", "espresso"), a("taste", "sweet")]);
    assert_eq!(s.answers, [a("brew", "espresso")]);
    // Answers out of order are not trusted.
    let s = FlowState::replay(flow, &[a("taste", "fruity")]);
    assert!(s.answers.is_empty());
}
