//! Product matching: hard filters, stock, order, closest matches and reasons.

mod common;
use common::minimal;
use shop_assistant::core::flow::Choice;
use shop_assistant::core::flow::FlowState;
use shop_assistant::core::matcher::{passes, rank};
use shop_assistant::core::product::{AttrValue, Product};
use shop_assistant::core::question::{Filter, Test};

fn ids(answers: &[&str]) -> (Vec<String>, bool) {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let mut s = FlowState::default();
    for a in answers {
        s.answer(flow, Choice::One(a.to_string())).unwrap();
    }
    let r = rank(&c.catalogue, flow, &s, 10);
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
fn closest_matches_relax_the_least_important_answer_and_say_so() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let mut s = FlowState::default();
    s.answer(flow, Choice::One("espresso".into())).unwrap();
    s.answer(flow, Choice::One("fruity".into())).unwrap();
    let r = rank(&c.catalogue, flow, &s, 3);
    assert!(!r.exact);
    // The taste question comes later, so it matters less: it is set aside, and the brew
    // answer still holds. (Light Filter is fruity but no espresso: not offered.)
    assert_eq!(r.relaxed, ["taste"]);
    let ids: Vec<&str> = r.matches.iter().map(|m| m.product.id.as_str()).collect();
    assert_eq!(ids, ["dark-espresso"]);
    assert_eq!(r.matches[0].matched, ["brew"]);
    assert_eq!(r.matches[0].missed, ["taste"]);
}

#[test]
fn importance_decides_what_is_relaxed() {
    let text = common::fixture("minimal.json").replacen(
        "\"id\": \"brew\", ",
        "\"id\": \"brew\", \"importance\": 0, ",
        1,
    );
    let c = shop_assistant::core::config::Config::parse(&text).unwrap();
    let flow = c.flow("finder").unwrap();
    let mut s = FlowState::default();
    s.answer(flow, Choice::One("espresso".into())).unwrap();
    s.answer(flow, Choice::One("fruity".into())).unwrap();
    let r = rank(&c.catalogue, flow, &s, 3);
    assert_eq!(
        r.relaxed,
        ["brew"],
        "the brew question was marked least important"
    );
    let ids: Vec<&str> = r.matches.iter().map(|m| m.product.id.as_str()).collect();
    assert_eq!(
        ids,
        ["light-filter"],
        "fruity holds; the sold-out fruity espresso is never offered"
    );
}

#[test]
fn the_limit_caps_the_list() {
    let c = minimal();
    let r = rank(
        &c.catalogue,
        c.flow("finder").unwrap(),
        &FlowState::default(),
        2,
    );
    assert_eq!(r.matches.len(), 2);
    assert!(r.exact, "no answers: every in-stock product fits");
}

#[test]
fn not_equals_all_of_and_contains() {
    use shop_assistant::core::matcher::test_value;
    let list = AttrValue::List(vec!["gold".into(), "silver".into()]);
    let text = AttrValue::Text("Freshwater Pearl".into());
    let all = |v: &[&str]| Test::AllOf(v.iter().map(|s| s.to_string()).collect());
    assert!(test_value(&list, &all(&["gold", "silver"])));
    assert!(!test_value(&list, &all(&["gold", "platinum"])));
    assert!(test_value(&list, &Test::NotEquals("platinum".into())));
    assert!(!test_value(&list, &Test::NotEquals("gold".into())));
    assert!(
        test_value(&text, &Test::Contains("pearl".into())),
        "any case"
    );
    assert!(test_value(&list, &Test::Contains("SIL".into())));
    assert!(!test_value(
        &AttrValue::Number(3.0),
        &Test::Contains("3".into())
    ));
}

mod index_agrees {
    //! The catalogue's index ([`shop_assistant::core::index`]) is only a faster way to the
    //! same answer: for any products and filters, `feasible` picks exactly the products that
    //! pass the filters one by one.
    use super::*;
    use proptest::prelude::*;
    use shop_assistant::core::catalogue::Catalogue;
    use shop_assistant::core::matcher::{feasible, Constraint};

    const WORDS: [&str; 6] = ["x", "y", "z", "1", "2.5", "espresso"];
    const KEYS: [&str; 5] = ["a", "b", "c", "d", "price"];

    fn value() -> impl Strategy<Value = AttrValue> {
        prop_oneof![
            (0..WORDS.len()).prop_map(|i| AttrValue::Text(WORDS[i].into())),
            prop_oneof![Just(1.0), Just(2.5), Just(-3.0)].prop_map(AttrValue::Number),
            proptest::collection::vec(0..WORDS.len(), 0..3).prop_map(|v| AttrValue::List(
                v.into_iter().map(|i| WORDS[i].to_string()).collect()
            )),
        ]
    }

    fn products() -> impl Strategy<Value = Vec<Product>> {
        proptest::collection::vec(
            (
                proptest::collection::vec((0..4usize, value()), 0..4),
                any::<bool>(),
                0..40u8,
            ),
            0..12,
        )
        .prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(n, (attrs, stock, price))| {
                    let mut p = product(attrs.into_iter().map(|(k, v)| (KEYS[k], v)).collect());
                    p.id = format!("p{n}");
                    p.in_stock = stock;
                    p.price = f64::from(price);
                    p
                })
                .collect()
        })
    }

    fn filter() -> impl Strategy<Value = Filter> {
        let test = prop_oneof![
            (0..WORDS.len()).prop_map(|i| Test::Equals(WORDS[i].into())),
            proptest::collection::vec(0..WORDS.len(), 0..3)
                .prop_map(|v| Test::OneOf(v.into_iter().map(|i| WORDS[i].to_string()).collect())),
            (
                proptest::option::of(-5.0..5.0f64),
                proptest::option::of(-5.0..45.0f64)
            )
                .prop_map(|(min, max)| Test::Range { min, max }),
            (0..WORDS.len()).prop_map(|i| Test::NotEquals(WORDS[i].into())),
            proptest::collection::vec(0..WORDS.len(), 1..3)
                .prop_map(|v| Test::AllOf(v.into_iter().map(|i| WORDS[i].to_string()).collect())),
            (0..WORDS.len()).prop_map(|i| Test::Contains(WORDS[i][..1].to_uppercase())),
        ];
        ((0..KEYS.len()), test).prop_map(|(k, test)| Filter {
            attribute: KEYS[k].into(),
            test,
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn feasible_with_the_index_equals_filtering_one_by_one(
            products in products(),
            alternatives in proptest::collection::vec(proptest::collection::vec(filter(), 1..3), 1..3),
        ) {
            let config = minimal();
            let question = &config.flow("finder").unwrap().questions[0];
            let c = Constraint { question, alternatives };
            let catalogue = Catalogue::new(products);
            let fast: Vec<&str> = feasible(&catalogue, std::slice::from_ref(&c)).iter().map(|p| p.id.as_str()).collect();
            let slow: Vec<&str> = catalogue.products().iter().filter(|p| p.in_stock && c.holds(p)).map(|p| p.id.as_str()).collect();
            prop_assert_eq!(fast, slow);
        }
    }
}
