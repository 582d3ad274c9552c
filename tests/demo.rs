//! The demo storefront's configuration works for every visitor: each path through its
//! flows ends on an in-stock product that fits every answer.

mod common;
use common::project_file;
use shop_assistant::core::config::{Config, Flow};
use shop_assistant::core::flow::{Choice, FlowState, Step};
use shop_assistant::core::matcher::rank;

fn demo() -> Config {
    let mut c =
        Config::parse(&project_file("www/assistant.json")).unwrap_or_else(|p| panic!("{p:#?}"));
    c.attach_catalogue(&project_file("www/shop/catalogue.json"))
        .unwrap_or_else(|p| panic!("{p:#?}"));
    c
}

/// Every complete answer path of `flow`.
fn paths(flow: &Flow, state: FlowState, out: &mut Vec<FlowState>) {
    match state.current(flow) {
        Step::Results => out.push(state),
        Step::Ask(q) => {
            for a in &q.answers {
                let mut next = state.clone();
                next.answer(flow, Choice::One(a.id.clone())).unwrap();
                paths(flow, next, out);
            }
        }
    }
}

#[test]
fn every_path_of_every_demo_flow_ends_on_an_exact_in_stock_match() {
    let c = demo();
    for flow in &c.flows {
        let mut all = Vec::new();
        paths(flow, FlowState::default(), &mut all);
        assert!(all.len() >= 9, "{}: {} paths", flow.id, all.len());
        for state in all {
            let r = rank(&c.catalogue, flow, &state, flow.max_results);
            let answers: Vec<String> = state.answers.iter().map(|a| format!("{:?}", a.choice)).collect();
            assert!(
                r.exact && !r.matches.is_empty(),
                "{} {answers:?} has no exact match",
                flow.id
            );
            assert!(r.matches.iter().all(|m| m.product.in_stock));
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
    assert_eq!(r.matches[0].product.url, "/products/house-espresso");
}
