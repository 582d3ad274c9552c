//! Product matching: hard filters, stock, order, closest matches and reasons.

mod common;
use common::minimal;
use shop_assistant::core::catalogue::{AttrValue, Product};
use shop_assistant::core::config::{Filter, Test};
use shop_assistant::core::flow::FlowState;
use shop_assistant::core::matcher::{passes, rank};

fn ids(answers: &[&str]) -> (Vec<String>, bool) {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let mut s = FlowState::default();
    for a in answers {
        s.answer(flow, a).unwrap();
    }
    let r = rank(&c.catalogue, &s.chosen(flow), 10);
    (
        r.matches.iter().map(|m| m.product.id.clone()).collect(),
        r.exact,
    )
}

fn product(attributes: Vec<(&str, AttrValue)>) -> Product {
    Product {
        id: "p".into(),
        name: "P".into(),
        url: "/p".into(),
        price: 20.0,
        currency: "EUR".into(),
        image: None,
        description: None,
        in_stock: true,
        attributes: attributes
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    }
}

fn filter(attribute: &str, test: Test) -> Filter {
    Filter {
        attribute: attribute.into(),
        test,
    }
}

#[test]
fn filters_compare_text_numbers_and_lists() {
    let p = product(vec![
        ("roast", AttrValue::Text("dark".into())),
        ("cups", AttrValue::Number(4.0)),
        (
            "brew",
            AttrValue::List(vec!["espresso".into(), "moka".into()]),
        ),
    ]);
    assert!(passes(&p, &filter("roast", Test::Equals("dark".into()))));
    assert!(
        !passes(&p, &filter("roast", Test::Equals("Dark".into()))),
        "comparison is exact"
    );
    assert!(passes(&p, &filter("cups", Test::Equals("4".into()))));
    assert!(passes(&p, &filter("brew", Test::Equals("moka".into()))));
    assert!(passes(
        &p,
        &filter("roast", Test::OneOf(vec!["light".into(), "dark".into()]))
    ));
    assert!(!passes(
        &p,
        &filter("roast", Test::OneOf(vec!["light".into()]))
    ));
    assert!(
        passes(
            &p,
            &filter(
                "price",
                Test::Range {
                    min: Some(20.0),
                    max: Some(20.0)
                }
            )
        ),
        "bounds are inclusive"
    );
    assert!(!passes(
        &p,
        &filter(
            "price",
            Test::Range {
                min: None,
                max: Some(19.99)
            }
        )
    ));
    assert!(passes(
        &p,
        &filter(
            "cups",
            Test::Range {
                min: Some(2.0),
                max: None
            }
        )
    ));
    assert!(
        !passes(
            &p,
            &filter(
                "roast",
                Test::Range {
                    min: Some(0.0),
                    max: None
                }
            )
        ),
        "text is not a number"
    );
    assert!(
        !passes(&p, &filter("origin", Test::Equals("x".into()))),
        "a missing attribute fails"
    );
}

#[test]
fn exact_matches_in_catalogue_order() {
    assert_eq!(
        ids(&["espresso", "chocolatey"]),
        (vec!["dark-espresso".to_string()], true)
    );
    assert_eq!(
        ids(&["filter", "any"]),
        (
            vec!["light-filter".to_string(), "cheap-filter".to_string()],
            true
        )
    );
    assert_eq!(
        ids(&["filter", "low"]),
        (vec!["cheap-filter".to_string()], true)
    );
}

#[test]
fn out_of_stock_products_are_never_recommended() {
    // Only the sold-out product is an espresso that tastes fruity.
    let (found, exact) = ids(&["espresso", "fruity"]);
    assert!(
        !found.contains(&"sold-out-espresso".to_string()),
        "{found:?}"
    );
    assert!(
        !exact,
        "nothing in stock fits both answers, so these are closest matches"
    );
}

#[test]
fn closest_matches_say_which_answers_they_miss() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let mut s = FlowState::default();
    s.answer(flow, "espresso").unwrap();
    s.answer(flow, "fruity").unwrap();
    let r = rank(&c.catalogue, &s.chosen(flow), 3);
    assert!(!r.exact);
    // Dark Espresso fits "espresso" and misses "fruity"; Light Filter the other way round.
    // Both miss one answer, so catalogue order decides.
    let first = &r.matches[0];
    assert_eq!(first.product.id, "dark-espresso");
    assert_eq!(
        first
            .matched
            .iter()
            .map(|x| x.answer.as_str())
            .collect::<Vec<_>>(),
        ["espresso"]
    );
    assert_eq!(
        first
            .missed
            .iter()
            .map(|x| x.answer.as_str())
            .collect::<Vec<_>>(),
        ["fruity"]
    );
    assert_eq!(r.matches[1].product.id, "light-filter");
    assert_eq!(
        r.matches.len(),
        2,
        "Cheap Filter fits neither answer and is left out"
    );
}

#[test]
fn the_limit_caps_the_list() {
    let c = minimal();
    let r = rank(&c.catalogue, &[], 2);
    assert_eq!(r.matches.len(), 2);
    assert!(r.exact, "no answers: every in-stock product fits");
}
