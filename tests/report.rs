//! The validator's report (`core::report`): where every answer path ends, products no path
//! recommends, and messages whose conditions can never hold together.

mod common;
use shop_assistant::core::config::Config;
use shop_assistant::core::report::report;

fn with_messages(messages: &str) -> Config {
    let text = common::fixture("minimal.json");
    let text = text.replacen(
        "\"version\": 1,",
        &format!("\"version\": 1, \"messages\": {messages},"),
        1,
    );
    Config::parse(&text).unwrap_or_else(|e| panic!("{e:?}"))
}

fn lines(config: &Config) -> Vec<String> {
    report(config)
        .warnings
        .iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn every_path_is_listed_with_the_products_it_ends_on() {
    let r = report(&common::minimal());
    let f = &r.flows[0];
    let ends: Vec<(String, Vec<String>, bool)> = f
        .paths
        .iter()
        .map(|p| (p.answers.clone(), p.products.clone(), p.exact))
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        ends,
        vec![
            // The sold-out fruity espresso is never recommended: fruity is disabled after
            // espresso, so that path does not exist.
            (
                "brew=espresso, taste=chocolatey".into(),
                s(&["dark-espresso"]),
                true
            ),
            ("brew=filter, budget=low".into(), s(&["cheap-filter"]), true),
            (
                "brew=filter, budget=any".into(),
                s(&["light-filter", "cheap-filter"]),
                true
            ),
        ]
    );
    assert!(!f.truncated);
    assert_eq!(lines(&common::minimal()), Vec::<String>::new());
}

#[test]
fn products_no_path_recommends_are_named() {
    let text = common::fixture("minimal.json").replacen(
        "\"products\": [",
        "\"products\": [\n { \"id\": \"green-tea\", \"name\": \"Green tea\", \"url\": \"/p/tea\", \"price\": 5, \"attributes\": { \"brew\": [\"steep\"] } },",
        1,
    );
    let config = Config::parse(&text).unwrap();
    assert_eq!(
        lines(&config),
        ["catalogue.products[0]: no answer path of any flow recommends \"green-tea\""]
    );
}

#[test]
fn paths_that_end_on_nothing_in_stock_are_flagged() {
    let text = common::fixture("minimal.json")
        .replace("\"price\": 12.5,", "\"price\": 12.5, \"inStock\": false,")
        .replace("\"price\": 14,", "\"price\": 14, \"inStock\": false,")
        .replace("\"price\": 8,", "\"price\": 8, \"inStock\": false,");
    let config = Config::parse(&text).unwrap();
    let w = lines(&config);
    assert!(
        w.contains(
            &"flows.finder: the path brew=filter, budget=any ends on nothing in stock".to_string()
        ),
        "{w:#?}"
    );
    assert!(
        w.iter().all(|l| !l.starts_with("catalogue.")),
        "sold-out products are not 'unreachable': {w:#?}"
    );
}

#[test]
fn messages_that_can_never_show_are_flagged_and_possible_ones_are_not() {
    let never = [
        (r#"{"all": [{"page": "basket"}, {"page": "checkout"}]}"#, "no page is of every page type it requires"),
        (r#"{"all": [{"page": ["basket", "checkout"]}, {"not": {"page": ["basket", "checkout"]}}]}"#, "no page is of every page type it requires"),
        (r#"{"basketValue": {"min": 50, "max": 40}}"#, "the basket value bounds leave no value"),
        (r#"{"all": [{"basketValue": {"min": 40}}, {"basketValue": {"max": 40}}]}"#, "the basket value bounds leave no value"),
        (r#"{"all": [{"basketContains": "dark-espresso"}, {"basketItems": {"max": 0}}]}"#, "the basket item bounds leave no number of items"),
        (r#"{"all": [{"device": "mobile"}, {"device": "desktop"}]}"#, "no device is both mobile and desktop"),
        (r#"{"all": [{"visits": 3}, {"not": {"returning": true}}]}"#, "the visit conditions contradict each other"),
        (r#"{"schedule": {"from": "2026-12-24", "until": "2026-12-01"}}"#, "the schedule ends (2026-12-01) before it starts (2026-12-24)"),
        (r#"{"all": [{"page": "basket"}, {"any": [{"page": "checkout"}, {"page": "confirmation"}]}]}"#, "no page is of every page type it requires; and no page is of every page type it requires"),
    ];
    for (when, why) in never {
        let config = with_messages(&format!(r#"[{{"id": "m", "body": "Hi", "when": {when}}}]"#));
        assert_eq!(
            lines(&config),
            [format!(
                "messages[0].when: message \"m\" can never show: {why}"
            )],
            "{when}"
        );
    }
    let possible = [
        r#"{"all": [{"page": ["basket", "checkout"]}, {"page": "checkout"}]}"#,
        r#"{"all": [{"any": [{"page": "basket"}, {"page": "checkout"}]}, {"page": "checkout"}]}"#,
        r#"{"all": [{"basketValue": {"min": 0.01, "max": 40}}, {"basketItems": {"min": 1}}]}"#,
        r#"{"all": [{"returning": true}, {"not": {"visits": 5}}]}"#,
        r#"{"not": {"all": [{"page": "basket"}, {"page": "checkout"}]}}"#,
        r#"{"schedule": {"hours": [22, 6]}}"#,
    ];
    for when in possible {
        let config = with_messages(&format!(r#"[{{"id": "m", "body": "Hi", "when": {when}}}]"#));
        assert_eq!(lines(&config), Vec::<String>::new(), "{when}");
    }
}

#[test]
fn the_demo_config_has_no_unreachable_product_and_no_impossible_message() {
    let mut config = Config::parse(&common::project_file("www/assistant.json")).unwrap();
    config
        .attach_catalogue(&common::project_file("www/shop/catalogue.json"))
        .unwrap();
    let r = report(&config);
    assert_eq!(r.warnings, vec![]);
    assert_eq!(
        r.flows.iter().map(|f| f.paths.len()).collect::<Vec<_>>(),
        [9, 220]
    );
}

#[test]
fn a_product_a_budget_reaches_only_between_its_ends_is_not_called_unreachable() {
    // Two results at most. At the top of the slider the two dearest lead; at its bottom nothing
    // fits. "mid-a" and "mid-b" are recommended only for budgets in between.
    let config = Config::parse(
        r#"{ "version": 1,
        "catalogue": { "currency": "EUR", "products": [
          { "id": "top-a", "name": "A", "url": "/a", "price": 50 },
          { "id": "top-b", "name": "B", "url": "/b", "price": 45 },
          { "id": "mid-a", "name": "C", "url": "/c", "price": 20 },
          { "id": "mid-b", "name": "D", "url": "/d", "price": 30 } ] },
        "flows": { "gift": { "title": "Gift", "maxResults": 2, "questions": [
          { "id": "budget", "type": "range", "text": "Budget?", "attribute": "price",
            "min": 10, "max": 50, "step": 5 } ] } } }"#,
    )
    .unwrap();
    assert_eq!(lines(&config), Vec::<String>::new());
    let ends: Vec<String> = report(&config).flows[0]
        .paths
        .iter()
        .map(|p| format!("{} -> {}", p.answers, p.products.join(" ")))
        .collect();
    assert!(
        ends.contains(&"budget=20 -> mid-a".to_string()),
        "{ends:#?}"
    );
    assert!(
        ends.contains(&"budget=30 -> mid-a mid-b".to_string()),
        "{ends:#?}"
    );
}
