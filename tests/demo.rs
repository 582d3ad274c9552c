//! The demo storefront's configuration works for every visitor: each path through its
//! flows ends on an in-stock product that fits every answer.

mod common;
use common::project_file;
use shop_assistant::core::config::Config;
use shop_assistant::core::flow::Flow;
use shop_assistant::core::flow::{Choice, FlowState, Step};
use shop_assistant::core::matcher::{available_answers, rank};
use shop_assistant::core::question::QuestionKind;

fn demo() -> Config {
    let mut c =
        Config::parse(&project_file("www/assistant.json")).unwrap_or_else(|p| panic!("{p:#?}"));
    c.attach_catalogue(&project_file("www/shop/catalogue.json"))
        .unwrap_or_else(|p| panic!("{p:#?}"));
    c
}

/// Every answer path a visitor can take through `flow`: only available answers (the widget
/// disables the others); for multiple choice each answer alone and "not sure"; for a range
/// "no limit", its lowest, default and highest value.
fn paths(c: &Config, flow: &Flow, state: FlowState, out: &mut Vec<FlowState>) {
    let Step::Ask(q) = state.current(flow) else {
        out.push(state);
        return;
    };
    let mut choices: Vec<Choice> = Vec::new();
    match &q.kind {
        QuestionKind::Range(r) => choices.extend([r.min, r.default, r.max].map(Choice::Number)),
        kind => {
            let available = available_answers(&c.catalogue, flow, &state, q);
            for (a, ok) in q.answers.iter().zip(available) {
                if ok {
                    choices.push(match kind {
                        QuestionKind::Multiple => Choice::Many(vec![a.id.clone()]),
                        _ => Choice::One(a.id.clone()),
                    });
                }
            }
        }
    }
    if q.skip.is_some() {
        choices.push(Choice::Skip);
    }
    assert!(
        !choices.is_empty(),
        "{}: nothing can be answered at {}",
        flow.id,
        q.id
    );
    for choice in choices {
        let mut next = state.clone();
        next.answer(flow, choice).unwrap();
        paths(c, flow, next, out);
    }
}

#[test]
fn every_path_of_every_demo_flow_ends_on_in_stock_products() {
    let c = demo();
    assert!(c.flows.len() >= 2);
    for flow in &c.flows {
        let mut all = Vec::new();
        paths(&c, flow, FlowState::default(), &mut all);
        assert!(all.len() >= 9, "{}: {} paths", flow.id, all.len());
        for state in all {
            let r = rank(&c.catalogue, flow, &state, flow.max_results);
            let answers: Vec<String> = state
                .answers
                .iter()
                .map(|a| format!("{:?}", a.choice))
                .collect();
            assert!(
                !r.matches.is_empty(),
                "{} {answers:?} ends with nothing",
                flow.id
            );
            assert!(r.matches.iter().all(|m| m.product.in_stock));
            // Only a budget can be too tight to fit exactly; every other path fits exactly.
            let narrowed = state
                .answers
                .iter()
                .any(|a| matches!(a.choice, Choice::Number(_)));
            assert!(
                r.exact || narrowed,
                "{} {answers:?} has no exact match",
                flow.id
            );
        }
    }
}

#[test]
fn espresso_and_chocolatey_lead_to_the_house_espresso() {
    // The end-to-end test walks this path in the browser.
    let c = demo();
    let flow = c.flow("coffee-finder").unwrap();
    let mut s = FlowState::default();
    s.answer(flow, Choice::One("espresso".into())).unwrap();
    s.answer(flow, Choice::One("chocolatey".into())).unwrap();
    let r = rank(&c.catalogue, flow, &s, flow.max_results);
    assert_eq!(r.matches.len(), 1);
    assert_eq!(r.matches[0].product.url.first(), "/products/house-espresso");
}
