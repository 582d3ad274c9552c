//! The matching benchmark's workload, shared by the native and the in-browser run: a
//! catalogue of `n` products and a flow of six answered questions.

use shop_assistant::core::catalogue::Catalogue;
use shop_assistant::core::config::Config;
use shop_assistant::core::flow::{Choice, FlowState};
use shop_assistant::core::product::{AttrValue, Product};

/// Six questions: category, brand family (oneOf), colour, a size in a list, a budget
/// (range) and a rating preference.
const FLOW: &str = r#"{
  "catalogue": [{ "id": "x", "name": "x", "url": "/x", "price": 1, "currency": "EUR" }],
  "flows": { "bench": { "title": "Bench", "maxResults": 5, "questions": [
    { "id": "category", "text": "Category?", "answers": [
      { "id": "c1", "label": "C1", "filters": [{ "attribute": "category", "equals": "c1" }] },
      { "id": "c2", "label": "C2", "filters": [{ "attribute": "category", "equals": "c2" }] } ] },
    { "id": "brand", "type": "multiple", "text": "Brands?", "answers": [
      { "id": "a", "label": "A", "filters": [{ "attribute": "brand", "oneOf": ["b0", "b1", "b2", "b3"] }] },
      { "id": "b", "label": "B", "filters": [{ "attribute": "brand", "oneOf": ["b4", "b5", "b6", "b7"] }] } ] },
    { "id": "colour", "text": "Colour?", "answers": [
      { "id": "dark", "label": "Dark", "filters": [{ "attribute": "colour", "oneOf": ["black", "grey", "navy"] }] },
      { "id": "any", "label": "Any" } ] },
    { "id": "size", "text": "Size?", "answers": [
      { "id": "m", "label": "M", "filters": [{ "attribute": "sizes", "equals": "M" }] },
      { "id": "l", "label": "L", "filters": [{ "attribute": "sizes", "equals": "L" }] } ] },
    { "id": "budget", "type": "range", "text": "Budget?", "attribute": "price", "min": 10, "max": 500, "step": 10 },
    { "id": "rating", "text": "Top rated?", "answers": [
      { "id": "yes", "label": "Yes", "prefer": [{ "attribute": "rating", "min": 4, "weight": 2 }] },
      { "id": "no", "label": "No" } ] }
  ] } }
}"#;

const COLOURS: [&str; 8] = [
    "black", "grey", "navy", "red", "green", "white", "blue", "beige",
];
const SIZES: [&str; 5] = ["XS", "S", "M", "L", "XL"];

/// A deterministic pseudo-random catalogue of `n` products (90% in stock).
pub fn catalogue(n: usize) -> Catalogue {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let products = (0..n)
        .map(|i| {
            let r = next();
            let sizes: Vec<String> = SIZES
                .iter()
                .enumerate()
                .filter(|(k, _)| (r >> (8 + k)) & 1 == 1)
                .map(|(_, s)| s.to_string())
                .collect();
            Product {
                id: format!("p{i}"),
                name: format!("Product {i}").as_str().into(),
                url: format!("/p/{i}").as_str().into(),
                price: 5.0 + (r % 50_000) as f64 / 100.0,
                currency: "EUR".into(),
                image: None,
                description: None,
                in_stock: r % 10 != 0,
                attributes: vec![
                    (
                        "category".into(),
                        AttrValue::Text(format!("c{}", (r >> 16) % 4)),
                    ),
                    (
                        "brand".into(),
                        AttrValue::Text(format!("b{}", (r >> 20) % 12)),
                    ),
                    (
                        "colour".into(),
                        AttrValue::Text(COLOURS[((r >> 24) % 8) as usize].into()),
                    ),
                    ("sizes".into(), AttrValue::List(sizes)),
                    (
                        "rating".into(),
                        AttrValue::Number(((r >> 28) % 50) as f64 / 10.0),
                    ),
                ],
            }
        })
        .collect();
    Catalogue::new(products)
}

/// The config with `n` products and the state after all six answers.
pub fn workload(n: usize) -> (Config, FlowState) {
    let mut config = Config::parse(FLOW).expect("the bench flow is valid");
    config.catalogue = catalogue(n);
    let flow = config.flow("bench").expect("bench flow");
    let mut state = FlowState::default();
    for choice in [
        Choice::One("c1".into()),
        Choice::Many(vec!["a".into(), "b".into()]),
        Choice::One("dark".into()),
        Choice::One("m".into()),
        Choice::Number(250.0),
        Choice::One("yes".into()),
    ] {
        state.answer(flow, choice).expect("valid answer");
    }
    (config, state)
}

/// Runs `f` repeatedly and returns the median time in milliseconds, measured by `now`.
pub fn median_ms(now: impl Fn() -> f64, runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = now();
            f();
            now() - start
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

/// One line of results per catalogue size: rank (the results step) and the availability
/// check of the last question (what every step does), in milliseconds.
pub fn run(now: impl Fn() -> f64 + Copy, sizes: &[usize]) -> Vec<(usize, f64, f64, usize)> {
    use shop_assistant::core::flow::Step;
    use shop_assistant::core::matcher::{available_answers, rank};
    sizes
        .iter()
        .map(|&n| {
            let (config, state) = workload(n);
            let flow = config.flow("bench").expect("bench flow");
            let runs = (2_000_000 / n).clamp(5, 200);
            let mut found = 0;
            let rank_ms = median_ms(now, runs, || {
                found = rank(&config.catalogue, flow, &state, 5).matches.len()
            });
            let mut before_last = state.clone();
            before_last.back();
            let Step::Ask(q) = before_last.current(flow) else {
                panic!("a question")
            };
            let step_ms = median_ms(now, runs, || {
                std::hint::black_box(available_answers(&config.catalogue, flow, &before_last, q));
            });
            (n, rank_ms, step_ms, found)
        })
        .collect()
}

/// The profile benchmark: the cost of folding one event (what `track()` does besides the
/// call from JavaScript) and the stored size after `n` simulated events, for each `n`.
pub fn run_profile(now: impl Fn() -> f64 + Copy, counts: &[usize]) -> Vec<(usize, f64, usize)> {
    use shop_assistant::core::page::PageType;
    use shop_assistant::core::profile::{Event, Profile};
    let cat = catalogue(500);
    let fold = |p: &mut Profile, n: usize| {
        for i in 0..n {
            let id = format!("p{}", i % 500);
            let at = 1.79e12 + i as f64 * 20_000.0;
            let e = match i % 4 {
                0 => Event::PageView {
                    page: PageType::Product,
                },
                1 => Event::ProductView { id },
                2 => Event::AddToBasket {
                    id,
                    quantity: 1.0,
                    price: None,
                },
                _ => Event::RemoveFromBasket { id, quantity: None },
            };
            p.apply(&e, at, &cat);
        }
    };
    // Warm up first: in the browser the first calls also compile the functions (the
    // first-question figures of bench-pages.mjs carry that cost); this measures the steady state.
    fold(&mut Profile::default(), 1_000);
    counts
        .iter()
        .map(|&n| {
            let mut p = Profile::default();
            let start = now();
            fold(&mut p, n);
            let per_event_us = (now() - start) * 1000.0 / n as f64;
            (n, per_event_us, p.to_json().len())
        })
        .collect()
}

/// The message benchmark: choosing among `n` message rules (mixed conditions, nested
/// all/any/not) for one profile and page; median milliseconds.
pub fn run_messages(now: impl Fn() -> f64 + Copy, n: usize) -> f64 {
    use shop_assistant::core::message::{choose, Context, Device};
    use shop_assistant::core::page::PageType;
    use shop_assistant::core::profile::{Event, Profile};
    let rules: Vec<String> = (0..n)
        .map(|i| {
            let when = match i % 5 {
                0 => format!(r#"{{"all": [{{"page": "basket"}}, {{"basketValue": {{"min": {}, "max": {}}}}}]}}"#, i % 50, 1000 + i),
                1 => format!(r#"{{"any": [{{"affinity": {{"attribute": "category", "value": "c{}", "min": 3}}}}, {{"visits": {}}}]}}"#, i % 4, 2 + i % 5),
                2 => r#"{"all": [{"page": ["checkout", "basket"]}, {"not": {"exitIntent": true}}, {"timeOnPage": 5}]}"#.to_string(),
                3 => format!(r#"{{"all": [{{"path": "/products/*"}}, {{"basketContains": "p{}"}}]}}"#, i),
                _ => r#"{"schedule": {"weekdays": [1, 2, 3, 4, 5], "hours": [9, 18]}}"#.to_string(),
            };
            format!(r#"{{"id": "m{i}", "body": "Hello {{basket}}", "when": {when}, "priority": {}}}"#, i % 7)
        })
        .collect();
    let text = FLOW.replacen(
        "\"flows\"",
        &format!("\"messages\": [{}], \"flows\"", rules.join(",")),
        1,
    );
    let config = Config::parse(&text).expect("bench messages are valid");
    let cat = catalogue(100);
    let mut profile = Profile::default();
    for i in 0..20 {
        profile.apply(
            &Event::ProductView {
                id: format!("p{i}"),
            },
            1.79e12,
            &cat,
        );
        profile.apply(
            &Event::AddToBasket {
                id: format!("p{i}"),
                quantity: 1.0,
                price: None,
            },
            1.79e12,
            &cat,
        );
    }
    let context = Context {
        profile: &profile,
        path: "/basket",
        page: PageType::Basket,
        now: 1.79e12 + 10_000.0,
        exit_intent: false,
        device: Device::Desktop,
        variants: &[],
        date: "2026-11-23".into(),
        weekday: 1,
        hour: 10,
        idle: 0.0,
        scroll_depth: 0.0,
    };
    median_ms(now, 200, || {
        std::hint::black_box(choose(
            &config.messages,
            &config.message_settings,
            &profile.messages,
            0,
            false,
            &context,
        ));
    })
}

/// The catalogue of [`catalogue`] as the JSON text a shop would serve.
pub fn catalogue_json(n: usize) -> String {
    use shop_assistant::core::json::{stringify, Value};
    let s = |t: &str| Value::String(t.to_string());
    let products = catalogue(n)
        .products()
        .iter()
        .map(|p| {
            let attributes = p
                .attributes
                .iter()
                .map(|(k, v)| {
                    let v = match v {
                        AttrValue::Text(t) => s(t),
                        AttrValue::Number(x) => Value::Number(*x),
                        AttrValue::List(items) => {
                            Value::Array(items.iter().map(|i| s(i)).collect())
                        }
                    };
                    (k.clone(), v)
                })
                .collect();
            Value::Object(vec![
                ("id".into(), s(&p.id)),
                ("name".into(), s(p.name.first())),
                ("url".into(), s(p.url.first())),
                ("price".into(), Value::Number(p.price)),
                ("inStock".into(), Value::Bool(p.in_stock)),
                ("attributes".into(), Value::Object(attributes)),
            ])
        })
        .collect();
    stringify(&Value::Object(vec![
        ("currency".into(), s("EUR")),
        ("products".into(), Value::Array(products)),
    ]))
}

/// Start-up with a catalogue of `n` products, per size: its JSON size, reading it (parse,
/// check, index) and the start-up lint, in milliseconds: what runs before the first question.
pub fn run_startup(now: impl Fn() -> f64 + Copy, sizes: &[usize]) -> Vec<(usize, usize, f64, f64)> {
    use shop_assistant::core::lint::lint;
    sizes
        .iter()
        .map(|&n| {
            let text = catalogue_json(n);
            let runs = (200_000 / n).clamp(3, 50);
            let mut config = Config::parse(FLOW).expect("the bench flow is valid");
            let read_ms = median_ms(now, runs, || {
                config
                    .attach_catalogue(&text)
                    .expect("the bench catalogue is valid");
            });
            let lint_ms = median_ms(now, runs, || {
                std::hint::black_box(lint(&config));
            });
            (n, text.len(), read_ms, lint_ms)
        })
        .collect()
}

/// The recommendations benchmark: one block of 8 products per strategy for a visitor who
/// looked at 20 products and has 3 in the basket, on the page of one of them, over a
/// catalogue of `n` products (with a complement rule for each category). Returns, per size,
/// the median milliseconds of `similar`, `forYou`, `complements` and a block of all five.
pub fn run_recommend(now: impl Fn() -> f64 + Copy, sizes: &[usize]) -> Vec<(usize, [f64; 4])> {
    use shop_assistant::core::profile::{Event, Profile};
    use shop_assistant::core::recommend::{recommend, Block, Situation, Strategy};
    let config = Config::parse(
        r#"{"catalogue": [{"id": "x", "name": "x", "url": "/x", "price": 1, "currency": "EUR"}],
        "flows": {"f": {"title": "F", "questions": [{"id": "q", "text": "Q", "answers": [{"id": "a", "label": "A"}]}]}},
        "recommendations": {"blocks": {}, "complements": [
          {"with": {"attribute": "category", "equals": "c0"}, "show": {"attribute": "category", "equals": "c1"}},
          {"with": {"attribute": "category", "equals": "c1"}, "show": {"attribute": "colour", "oneOf": ["red", "navy"]}},
          {"with": {"attribute": "category", "equals": "c2"}, "show": {"attribute": "sizes", "equals": "XS"}},
          {"with": {"attribute": "category", "equals": "c3"}, "show": {"attribute": "brand", "equals": "b3"}}
        ]}}"#,
    )
    .expect("the bench recommendations are valid");
    let complements = &config.recommendations.complements;
    sizes
        .iter()
        .map(|&n| {
            let cat = catalogue(n);
            let mut profile = Profile::default();
            for i in 0..20 {
                let id = format!("p{}", i * 7);
                profile.apply(&Event::ProductView { id }, 1.79e12, &cat);
            }
            for i in 0..3 {
                let id = format!("p{}", i * 11);
                let e = Event::AddToBasket {
                    id,
                    quantity: 1.0,
                    price: None,
                };
                profile.apply(&e, 1.79e12, &cat);
            }
            let situation = Situation {
                profile: &profile,
                current: Some("p7"),
                sold_out: &[],
                now: 1.79e12,
                listed: &[],
            };
            let block = |strategies: Vec<Strategy>| Block {
                id: "b".into(),
                title: None,
                strategies,
                count: 8,
                after: None,
                pages: Vec::new(),
                include_bought: false,
            };
            let all = [
                Strategy::Similar,
                Strategy::ForYou,
                Strategy::Complements,
                Strategy::RecentlyViewed,
                Strategy::Featured,
            ];
            let times = [
                block(vec![Strategy::Similar]),
                block(vec![Strategy::ForYou]),
                block(vec![Strategy::Complements]),
                block(all.to_vec()),
            ]
            .map(|b| {
                median_ms(now, 7, || {
                    let picks = recommend(&cat, &b, complements, &situation);
                    assert_eq!(picks.len(), 8, "the bench block is full");
                })
            });
            (n, times)
        })
        .collect()
}
