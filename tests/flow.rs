//! The question-flow state machine: branching, back, replay.

mod common;
use common::minimal;
use shop_assistant::core::flow::{Answered, Choice, FlowError, FlowState, Step};

fn one(id: &str) -> Choice {
    Choice::One(id.into())
}

fn asked(state: &FlowState, flow: &shop_assistant::core::flow::Flow) -> Option<String> {
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
    s.answer(flow, one("espresso")).unwrap();
    assert_eq!(asked(&s, flow).as_deref(), Some("taste"));
    s.answer(flow, one("fruity")).unwrap();
    assert_eq!(asked(&s, flow), None, "\"next\": \"results\" ends the flow");
}

#[test]
fn an_answer_can_branch() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let mut s = FlowState::default();
    s.answer(flow, one("filter")).unwrap();
    assert_eq!(
        asked(&s, flow).as_deref(),
        Some("budget"),
        "filter skips the taste question"
    );
    s.answer(flow, one("low")).unwrap();
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
    assert_eq!(s.answer(flow, one("fruity")), Err(FlowError::Invalid));
    assert!(s.answers.is_empty());
    s.answer(flow, one("espresso")).unwrap();
    s.answer(flow, one("fruity")).unwrap();
    assert_eq!(s.answer(flow, one("fruity")), Err(FlowError::Finished));
}

#[test]
fn back_undoes_one_answer_at_a_time() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let mut s = FlowState::default();
    s.answer(flow, one("filter")).unwrap();
    s.answer(flow, one("any")).unwrap();
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
        choice: one(ans),
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

/// A flow with `startFromLastAnswers` opens at the visitor's last answers to it (where they
/// still fit the questions); without it, or without answers, at its first question.
#[test]
fn a_flow_can_start_from_the_visitors_last_answers() {
    use shop_assistant::core::flow::{Answered, Step};
    use shop_assistant::core::profile::{Event, Profile};
    let text = common::minimal_with("\"title\":", "\"startFromLastAnswers\": true, \"title\":");
    let config = shop_assistant::core::config::Config::parse(&text).unwrap();
    let flow = config.flow("finder").unwrap();
    let answer = |q: &str, a: &str| Answered {
        question: q.into(),
        choice: Choice::One(a.into()),
    };
    let mut p = Profile::default();
    assert_eq!(
        p.starting_state(flow),
        FlowState::default(),
        "no answers yet"
    );
    let last = vec![answer("brew", "espresso"), answer("taste", "fruity")];
    p.apply(
        &Event::FlowAnswers {
            flow: "finder".into(),
            answers: last.clone(),
        },
        1.79e12,
        &config.catalogue,
    );
    let state = p.starting_state(flow);
    assert_eq!(state.answers, last);
    assert!(matches!(state.current(flow), Step::Results));
    // Answers that no longer fit the questions (the merchant changed the flow) stop there.
    let mut stale = Profile::default();
    stale.apply(
        &Event::FlowAnswers {
            flow: "finder".into(),
            answers: vec![answer("brew", "espresso"), answer("taste", "smoky")],
        },
        1.79e12,
        &config.catalogue,
    );
    assert_eq!(
        stale.starting_state(flow).answers,
        vec![answer("brew", "espresso")]
    );
    // Without the setting, a flow always starts at its first question.
    let plain = common::minimal();
    assert_eq!(
        p.starting_state(plain.flow("finder").unwrap()),
        FlowState::default()
    );
}
