//! Question types (image, multiple, range, skip), conditions, preferences, progressive
//! filtering, link parameters, stored state.

mod common;
use common::{fixture, problems};
use shop_assistant::core::config::Config;
use shop_assistant::core::flow::{Choice, FlowError, FlowState, Step};
use shop_assistant::core::matcher::{available_answers, rank};
use shop_assistant::core::question::{Bound, QuestionKind};
use shop_assistant::core::view::{dialog, product_link, Body, InputView};

fn full() -> Config {
    Config::parse(&fixture("full.json")).unwrap_or_else(|p| panic!("{p:#?}"))
}

fn one(id: &str) -> Choice {
    Choice::One(id.into())
}

fn many(ids: &[&str]) -> Choice {
    Choice::Many(ids.iter().map(|s| s.to_string()).collect())
}

fn asked(c: &Config, s: &FlowState) -> Option<String> {
    match s.current(c.flow("gear").unwrap()) {
        Step::Ask(q) => Some(q.id.clone()),
        Step::Results => None,
    }
}

fn ranked(c: &Config, s: &FlowState) -> Vec<String> {
    rank(&c.catalogue, c.flow("gear").unwrap(), s, 10)
        .matches
        .iter()
        .map(|m| m.product.id.clone())
        .collect()
}

#[test]
fn reads_every_question_type() {
    let c = full();
    let f = c.flow("gear").unwrap();
    assert_eq!(f.questions[0].kind, QuestionKind::Image);
    assert_eq!(f.questions[1].kind, QuestionKind::Multiple);
    let QuestionKind::Range(r) = &f.questions[3].kind else {
        panic!("range expected")
    };
    assert_eq!(
        (r.min, r.max, r.step, r.default, r.bound),
        (10.0, 200.0, 5.0, 200.0, Bound::Max)
    );
    assert_eq!(r.currency.as_deref(), Some("EUR"));
    assert!(f.questions[3].skip.is_some());
}

#[test]
fn a_condition_skips_a_question_that_does_not_apply() {
    let c = full();
    let f = c.flow("gear").unwrap();
    let mut s = FlowState::default();
    s.answer(f, one("filter")).unwrap();
    s.answer(f, many(&["kettle"])).unwrap();
    assert_eq!(
        asked(&c, &s).as_deref(),
        Some("budget"),
        "no grinder chosen: the power question is skipped"
    );
    s.back();
    s.answer(f, many(&["grinder", "kettle"])).unwrap();
    assert_eq!(asked(&c, &s).as_deref(), Some("power"));
}

#[test]
fn multiple_choice_accepts_products_that_fit_any_chosen_answer() {
    let c = full();
    let f = c.flow("gear").unwrap();
    let mut s = FlowState::default();
    s.answer(f, one("filter")).unwrap();
    s.answer(f, many(&["kettle", "brewer"])).unwrap();
    assert_eq!(ranked(&c, &s), ["kettle", "dripper"]);
    assert_eq!(s.answers[1].choice, many(&["kettle", "brewer"]));
    // Order and duplicates do not matter; an unknown id or nothing at all is refused.
    let mut t = FlowState::default();
    t.answer(f, one("filter")).unwrap();
    t.answer(f, many(&["brewer", "kettle"])).unwrap();
    assert_eq!(t, s);
    let mut u = FlowState::default();
    u.answer(f, one("filter")).unwrap();
    assert_eq!(
        u.answer(f, many(&["kettle", "toaster"])),
        Err(FlowError::Invalid)
    );
    assert_eq!(u.answer(f, many(&[])), Err(FlowError::Invalid));
    assert_eq!(u.answer(f, Choice::Number(3.0)), Err(FlowError::Invalid));
}

#[test]
fn a_range_answer_bounds_the_attribute_and_skip_filters_nothing() {
    let c = full();
    let f = c.flow("gear").unwrap();
    let mut s = FlowState::default();
    s.answer(f, one("filter")).unwrap();
    s.answer(f, many(&["grinder"])).unwrap();
    s.answer(f, one("either")).unwrap();
    assert_eq!(
        ranked(&c, &s),
        ["grinder-hand", "grinder-electric"],
        "an answer without filters filters nothing"
    );
    let mut budget = s.clone();
    budget.answer(f, Choice::Number(100.0)).unwrap();
    assert_eq!(ranked(&c, &budget), ["grinder-hand"]);
    assert_eq!(
        budget.answer(f, Choice::Number(500.0)),
        Err(FlowError::Invalid),
        "outside min..max"
    );
    let mut skipped = s.clone();
    skipped.answer(f, Choice::Skip).unwrap();
    assert_eq!(ranked(&c, &skipped), ["grinder-hand", "grinder-electric"]);
    // The first question offers no skip.
    assert_eq!(
        FlowState::default().answer(f, Choice::Skip),
        Err(FlowError::Invalid)
    );
}

#[test]
fn preferences_reorder_and_penalise() {
    let c = full();
    let f = c.flow("gear").unwrap();
    let start = |brew: &str, material: &str| {
        let mut s = FlowState::default();
        s.answer(f, one(brew)).unwrap();
        s.answer(f, Choice::Skip).unwrap();
        s.answer(f, Choice::Skip).unwrap();
        s.answer(f, one(material)).unwrap();
        s
    };
    // Filter gear, catalogue order: grinders, kettle, dripper, scale. Ceramic (+2) lifts the dripper.
    assert_eq!(ranked(&c, &start("filter", "ceramic"))[0], "dripper");
    // French press gear: press (steel, -5) and scale; "anything but steel" puts the press last.
    assert_eq!(ranked(&c, &start("press", "no-steel")), ["scale", "press"]);
    let r = rank(&c.catalogue, f, &start("press", "no-steel"), 10);
    assert!(r.exact, "preferences never exclude");
}

#[test]
fn answers_that_would_leave_nothing_in_stock_are_unavailable() {
    let c = full();
    let f = c.flow("gear").unwrap();
    let s = FlowState::default();
    // The only moka product is sold out.
    assert_eq!(
        available_answers(&c.catalogue, f, &s, &f.questions[0]),
        [true, true, false]
    );
    let mut s = FlowState::default();
    s.answer(f, one("press")).unwrap();
    // For French press: no grinder, no kettle, a brewer.
    assert_eq!(
        available_answers(&c.catalogue, f, &s, &f.questions[1]),
        [false, false, true]
    );
    let v = dialog(&c, f, &s, "en");
    let Body::Question(q) = v.body else { panic!() };
    assert_eq!(q.input, InputView::Checkboxes);
    assert_eq!(
        q.answers.iter().map(|a| a.available).collect::<Vec<_>>(),
        [false, false, true]
    );
    assert_eq!(q.skip.as_deref(), Some("Not sure"));
}

#[test]
fn a_range_view_shows_the_span_of_prices_that_fit() {
    let c = full();
    let f = c.flow("gear").unwrap();
    let mut s = FlowState::default();
    s.answer(f, one("filter")).unwrap();
    s.answer(f, many(&["grinder"])).unwrap();
    s.answer(f, one("either")).unwrap();
    let Body::Question(q) = dialog(&c, f, &s, "en").body else {
        panic!()
    };
    let InputView::Range(r) = q.input else {
        panic!("range expected")
    };
    assert_eq!(r.span, Some((59.0, 149.0)));
    assert_eq!((r.prefix.as_str(), r.value), ("Up to", 200.0));
}

#[test]
fn link_parameters_are_filled_in() {
    let c = full();
    let f = c.flow("gear").unwrap();
    assert_eq!(
        product_link(f, "kettle", "/p/kettle#reviews"),
        "/p/kettle?sa_flow=gear&utm_source=assistant&pick=kettle#reviews"
    );
}

#[test]
fn auto_redirect_only_for_a_single_exact_match() {
    let text = fixture("full.json").replacen(
        "\"maxResults\": 3,",
        "\"maxResults\": 3, \"autoRedirect\": true,",
        1,
    );
    let c = Config::parse(&text).unwrap();
    let f = c.flow("gear").unwrap();
    let mut s = FlowState::default();
    s.answer(f, one("filter")).unwrap();
    s.answer(f, many(&["kettle"])).unwrap();
    s.answer(f, Choice::Skip).unwrap();
    s.answer(f, one("ceramic")).unwrap();
    let Body::Results(r) = dialog(&c, f, &s, "en").body else {
        panic!()
    };
    assert_eq!(
        r.redirect.as_deref(),
        Some("/p/kettle?sa_flow=gear&utm_source=assistant&pick=kettle")
    );
    s.back();
    s.back();
    s.back();
    s.answer(f, many(&["kettle", "brewer"])).unwrap();
    s.answer(f, Choice::Skip).unwrap();
    s.answer(f, one("ceramic")).unwrap();
    let Body::Results(r) = dialog(&c, f, &s, "en").body else {
        panic!()
    };
    assert_eq!(r.redirect, None, "two products fit: the visitor chooses");
}

#[test]
fn state_survives_a_round_trip_through_storage_text() {
    let c = full();
    let f = c.flow("gear").unwrap();
    let mut s = FlowState::default();
    s.answer(f, one("filter")).unwrap();
    s.answer(f, many(&["grinder", "kettle"])).unwrap();
    s.answer(f, one("manual")).unwrap();
    s.answer(f, Choice::Number(75.0)).unwrap();
    let text = s.to_json("gear");
    let (flow, answers) = FlowState::from_json(&text).unwrap();
    assert_eq!(flow, "gear");
    assert_eq!(FlowState::replay(f, &answers), s);
    let mut skipped = FlowState::default();
    skipped.answer(f, one("press")).unwrap();
    skipped.answer(f, Choice::Skip).unwrap();
    let (_, answers) = FlowState::from_json(&skipped.to_json("gear")).unwrap();
    assert_eq!(FlowState::replay(f, &answers), skipped);
    for junk in [
        "",
        "null",
        "{\"flow\": 1}",
        "{\"flow\": \"gear\", \"answers\": [[\"brew\"]]}",
        "{\"flow\": \"gear\", \"answers\": [[\"brew\", {}]]}",
    ] {
        assert_eq!(FlowState::from_json(junk), None, "{junk}");
    }
}

#[test]
fn question_problems_are_reported_with_paths() {
    let base = fixture("full.json");
    let p = problems(&base.replacen(", \"alt\": \"A ceramic dripper\"", "", 1));
    assert_eq!(p, ["flows.gear.questions[0].answers[0]: missing field \"alt\" (describe the picture for visitors who cannot see it)"]);
    let p = problems(&base.replacen("\"image\": \"/img/press.svg\", ", "", 1));
    assert_eq!(p, ["flows.gear.questions[0].answers[1]: missing field \"image\" (every answer of an image question has a picture)"]);
    let p = problems(&base.replacen("\"min\": 10, \"max\": 200", "\"min\": 200, \"max\": 10", 1));
    assert!(
        p.contains(
            &"flows.gear.questions[3]: \"min\" (200) must be less than \"max\" (10)".to_string()
        ),
        "{p:?}"
    );
    let p = problems(&base.replacen(
        "\"when\": { \"question\": \"kind\", \"answer\": \"grinder\" }",
        "\"when\": { \"question\": \"kind\", \"answer\": \"grindr\" }",
        1,
    ));
    assert_eq!(p, ["flows.gear.questions[2].when: question \"kind\" has no answer \"grindr\" (did you mean \"grinder\"?)"]);
    let p = problems(&base.replacen(
        "\"when\": { \"question\": \"kind\"",
        "\"when\": { \"question\": \"budget\"",
        1,
    ));
    assert_eq!(
        p,
        ["flows.gear.questions[2].when.question: \"budget\" is not asked before this question"]
    );
    let p = problems(&base.replacen(
        "\"id\": \"power\", \"text\"",
        "\"id\": \"power\", \"step\": 5, \"text\"",
        1,
    ));
    assert_eq!(
        p,
        ["flows.gear.questions[2].step: only range questions have \"step\""]
    );
    let p = problems(&base.replacen("\"weight\": 2", "\"weight\": 0", 1));
    assert_eq!(p, ["flows.gear.questions[4].answers[0].prefer[0].weight: a weight of 0 has no effect; use a positive number to prefer, negative to penalise"]);
    let p = problems(&base.replacen("\"pick\": \"{product}\"", "\"pick me\": \"{product}\"", 1));
    assert_eq!(p, ["flows.gear.linkParams.pick me: a query parameter name uses letters, digits, '_', '-' or '.'"]);
    let p = problems(&base.replacen(
        "\"image\": \"/img/moka.svg\"",
        "\"image\": \"javascript:alert(1)\"",
        1,
    ));
    assert_eq!(p, ["flows.gear.questions[0].answers[2].image: only http, https or relative URLs are allowed"]);
}
