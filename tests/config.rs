//! Config validation: every kind of problem is reported, with its JSON path, all at once.

mod common;
use common::{fixture, minimal, minimal_with, problems, project_file};
use shop_assistant::core::config::{Config, Position};
use shop_assistant::core::question::{QuestionKind, Test};

#[test]
fn reads_a_valid_config() {
    let c = minimal();
    assert_eq!(c.default_locale, "en");
    assert_eq!(c.catalogue.products().len(), 4);
    assert!(!c.catalogue.products()[2].in_stock);
    assert_eq!(
        c.catalogue.products()[0].currency,
        "EUR",
        "currency comes from the catalogue"
    );
    let launcher = c.launcher.as_ref().unwrap();
    assert_eq!(
        (launcher.flow.as_str(), launcher.position),
        ("finder", Position::BottomRight)
    );
    let flow = c.flow("finder").unwrap();
    assert_eq!(flow.start, "brew", "start defaults to the first question");
    assert_eq!(flow.max_results, 3);
    assert_eq!(flow.questions[0].kind, QuestionKind::Single);
    assert_eq!(
        flow.questions[1].answers[1].filters[0].test,
        Test::OneOf(vec!["chocolatey".into(), "nutty".into()])
    );
    assert_eq!(
        flow.questions[2].answers[0].filters[0].test,
        Test::Range {
            min: None,
            max: Some(10.0)
        }
    );
}

#[test]
fn a_syntax_error_gives_line_and_column() {
    assert_eq!(
        problems("{\n  \"flows\": {,}\n}"),
        ["not valid JSON: line 2, column 13: expected a key in double quotes"]
    );
}

#[test]
fn unknown_fields_are_errors_with_suggestions() {
    let p = problems(&minimal_with("\"title\": {", "\"titel\": {"));
    assert!(
        p.contains(&"flows.finder.titel: unknown field (did you mean \"title\"?)".to_string()),
        "{p:?}"
    );
    assert!(
        p.contains(&"flows.finder: missing field \"title\"".to_string()),
        "{p:?}"
    );
}

#[test]
fn a_dangling_next_names_the_closest_question() {
    let p = problems(&minimal_with(
        "\"next\": \"budget\"",
        "\"next\": \"budgte\"",
    ));
    assert_eq!(p, ["flows.finder.questions[0].answers[1].next: no question \"budgte\" (did you mean \"budget\"?)"]);
}

#[test]
fn every_problem_is_listed_not_just_the_first() {
    let text = fixture("minimal.json")
        .replacen("\"price\": 12.5", "\"price\": \"cheap\"", 1)
        .replacen(
            "\"url\": \"/p/light-filter\"",
            "\"url\": \"javascript:alert(1)\"",
            1,
        )
        .replacen("\"flow\": \"finder\"", "\"flow\": \"findr\"", 1)
        .replacen("\"id\": \"taste\"", "\"id\": \"brew\"", 1)
        .replacen("\"max\": 10", "\"max\": \"ten\"", 1);
    let p = problems(&text);
    let expected = [
        "catalogue.products[0].price: expected a number, found a string",
        "catalogue.products[1].url: only http, https or relative URLs are allowed",
        "flows.finder.questions[2].answers[0].filters[0].max: expected a number, found a string",
        "flows.finder.questions[1].id: duplicate question id \"brew\"",
        "launcher.flow: no flow \"findr\" (did you mean \"finder\"?)",
    ];
    for e in expected {
        assert!(p.contains(&e.to_string()), "missing {e:?} in {p:#?}");
    }
}

#[test]
fn hostile_urls_are_refused_everywhere() {
    for bad in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
    ] {
        let p = problems(&minimal_with("\"/p/dark-espresso\"", &format!("\"{bad}\"")));
        assert!(
            p.iter()
                .any(|l| l.starts_with("catalogue.products[0].url: only http")),
            "{bad}: {p:?}"
        );
        let p = problems(&minimal_with("\"products\": [", &format!("\"products\": [{{\"id\": \"x\", \"name\": \"X\", \"url\": \"/x\", \"price\": 1, \"image\": \"{bad}\"}},")));
        assert!(
            p.iter()
                .any(|l| l.starts_with("catalogue.products[0].image: only http")),
            "{bad}: {p:?}"
        );
    }
    let p = problems(&minimal_with(
        "\"/p/dark-espresso\"",
        "\"/p/dark espresso\\n\"",
    ));
    assert_eq!(
        p,
        ["catalogue.products[0].url: URL contains spaces or control characters"]
    );
}

#[test]
fn ids_are_checked() {
    let p = problems(&minimal_with(
        "\"id\": \"espresso\"",
        "\"id\": \"es presso\"",
    ));
    assert_eq!(p, ["flows.finder.questions[0].answers[0].id: \"es presso\" is not a valid id (use 1 to 64 letters, digits, '-' or '_')"]);
    let p = problems(&minimal_with(
        "\"id\": \"light-filter\"",
        "\"id\": \"dark-espresso\"",
    ));
    assert_eq!(
        p,
        ["catalogue.products[1].id: duplicate product id \"dark-espresso\""]
    );
    let p = problems(&minimal_with(
        "\"id\": \"fruity\"",
        "\"id\": \"chocolatey\"",
    ));
    assert_eq!(
        p,
        ["flows.finder.questions[1].answers[1].id: duplicate answer id \"chocolatey\""]
    );
    let p = problems(&minimal_with("\"id\": \"budget\"", "\"id\": \"results\""));
    assert!(
        p.contains(
            &"flows.finder.questions[2].id: \"results\" is reserved for the end of a flow"
                .to_string()
        ),
        "{p:?}"
    );
}

#[test]
fn missing_and_empty_fields() {
    let p = problems(r#"{"catalogue": [], "flows": {}}"#);
    assert_eq!(
        p,
        [
            "catalogue: the catalogue has no products",
            "flows: define at least one flow"
        ]
    );
    let p = problems("[]");
    assert_eq!(p, ["expected an object, found an array"]);
    let p = problems(r#"{}"#);
    assert_eq!(
        p,
        ["missing field \"catalogue\"", "missing field \"flows\""]
    );
    let p = problems(&minimal_with(
        "\"text\": \"Which taste?\"",
        "\"text\": \"  \"",
    ));
    assert_eq!(p, ["flows.finder.questions[1].text: must not be empty"]);
    let p = problems(&minimal_with("\"name\": \"Dark Espresso\", ", ""));
    assert_eq!(p, ["catalogue.products[0]: missing field \"name\""]);
    // The catalogue reader writes paths out only for problems; they must still be exact.
    let p = problems(&minimal_with(
        "\"name\": \"Dark Espresso\", ",
        "\"name\": \" \", \"image\": \"data:x\", \"currency\": \"eu\", ",
    ));
    assert_eq!(
        p,
        [
            "catalogue.products[0].name: must not be empty",
            "catalogue.products[0].currency: \"eu\" is not an ISO 4217 currency code like \"EUR\" (did you mean \"EUR\"?)",
            "catalogue.products[0].image: only http, https or relative URLs are allowed",
        ]
    );
    let p = problems(&minimal_with("\"dark-espresso\"", "\"dark espresso\""));
    assert!(
        p.iter()
            .any(|l| l
                .starts_with("catalogue.products[0].id: \"dark espresso\" is not a valid id")),
        "{p:?}"
    );
}

#[test]
fn wrong_types_say_what_was_expected() {
    let p = problems(&minimal_with("\"inStock\": false", "\"inStock\": \"no\""));
    assert_eq!(
        p,
        ["catalogue.products[2].inStock: expected true or false, found a string"]
    );
    let p = problems(&minimal_with(
        "\"brew\": [\"espresso\"], \"taste\": \"chocolatey\"",
        "\"brew\": [1], \"taste\": {}",
    ));
    assert_eq!(
        p,
        [
            "catalogue.products[0].attributes.brew[0]: expected a string, found a number",
            "catalogue.products[0].attributes.taste: expected a string, number, boolean or list of strings, found an object"
        ]
    );
    let p = problems(&minimal_with("\"title\": {", "\"title\": 5, \"x\": {"));
    assert!(p.contains(&"flows.finder.title: expected a string or an object of language to string, found a number".to_string()), "{p:?}");
}

#[test]
fn filters_need_exactly_one_test() {
    let p = problems(&minimal_with(
        "{ \"attribute\": \"brew\", \"equals\": \"espresso\" }",
        "{ \"attribute\": \"brew\" }",
    ));
    assert_eq!(p, ["flows.finder.questions[0].answers[0].filters[0]: a filter needs one test: \"equals\", \"oneOf\", \"notEquals\", \"allOf\", \"contains\", or \"min\"/\"max\""]);
    let p = problems(&minimal_with(
        "\"equals\": \"espresso\"",
        "\"equals\": \"espresso\", \"oneOf\": [\"x\"]",
    ));
    assert_eq!(p, ["flows.finder.questions[0].answers[0].filters[0]: a filter has exactly one test: \"equals\", \"oneOf\", \"notEquals\", \"allOf\", \"contains\", or \"min\"/\"max\""]);
    let p = problems(&minimal_with("\"max\": 10", "\"min\": 20, \"max\": 10"));
    assert_eq!(p, ["flows.finder.questions[2].answers[0].filters[0]: \"min\" (20) is greater than \"max\" (10)"]);
    let p = problems(&minimal_with(
        "\"equals\": \"espresso\"",
        "\"equal\": \"espresso\"",
    ));
    assert!(p.contains(&"flows.finder.questions[0].answers[0].filters[0].equal: unknown field (did you mean \"equals\"?)".to_string()), "{p:?}");
}

#[test]
fn unknown_question_types_and_positions() {
    let p = problems(&minimal_with(
        "\"id\": \"brew\", ",
        "\"id\": \"brew\", \"type\": \"singel\", ",
    ));
    assert_eq!(p, ["flows.finder.questions[0].type: unknown question type \"singel\"; supported: single, image, multiple, range (did you mean \"single\"?)"]);
    let p = problems(&minimal_with(
        "\"label\": \"Find your coffee\"",
        "\"label\": \"Find\", \"position\": \"top\"",
    ));
    assert_eq!(
        p,
        ["launcher.position: unknown position \"top\"; use one of bottom-right, bottom-left"]
    );
}

#[test]
fn a_cycle_between_questions_is_an_error() {
    let text = minimal_with(
        "{ \"id\": \"low\", \"label\": \"Under €10\",",
        "{ \"id\": \"low\", \"label\": \"Under €10\", \"next\": \"brew\",",
    );
    assert_eq!(
        problems(&text),
        ["flows.finder.questions: the questions loop forever: brew → budget → brew"]
    );
}

#[test]
fn versions_locales_and_currencies_are_checked() {
    let p = problems(&minimal_with("\"version\": 1", "\"version\": 2"));
    assert_eq!(p, ["version: this build reads config version 1; found 2"]);
    let p = problems(&minimal_with(
        "\"version\": 1",
        "\"version\": 1, \"locale\": \"english\"",
    ));
    assert_eq!(
        p,
        ["locale: \"english\" is not a language tag (e.g. \"en\", \"de-AT\")"]
    );
    let p = problems(&minimal_with(
        "\"currency\": \"EUR\"",
        "\"currency\": \"eur\"",
    ));
    assert_eq!(p, ["catalogue.currency: \"eur\" is not an ISO 4217 currency code like \"EUR\" (did you mean \"EUR\"?)"]);
    let p = problems(&minimal_with(
        "\"de\": \"Ihr Kaffee\"",
        "\"deutsch\": \"Ihr Kaffee\"",
    ));
    assert_eq!(p, ["flows.finder.title.deutsch: \"deutsch\" is not a language tag (e.g. \"en\", \"de-AT\", \"ar\")"]);
}

#[test]
fn a_catalogue_can_come_from_a_url() {
    let text = r#"{"catalogue": "/shop/catalogue.json", "flows": {"f": {"title": "F", "questions": [
        {"id": "q", "text": "Q?", "answers": [{"id": "a", "label": "A"}]}]}}}"#;
    let mut c = Config::parse(text).unwrap();
    assert_eq!(c.catalogue_url.as_deref(), Some("/shop/catalogue.json"));
    assert!(c.catalogue.products().is_empty());
    let errors = c
        .attach_catalogue(r#"{"products": [{"id": "a", "name": "A", "url": "/a", "price": 1}]}"#)
        .unwrap_err();
    assert_eq!(errors[0].to_string(), "catalogue.products[0]: missing field \"currency\" (give it here or once for the whole catalogue)");
    c.attach_catalogue(r#"[{"id": "a", "name": "A", "url": "/a", "price": 1, "currency": "GBP"}]"#)
        .unwrap();
    assert_eq!(c.catalogue.products()[0].currency, "GBP");
    let p = problems(&text.replace("/shop/catalogue.json", "javascript:x"));
    assert_eq!(
        p,
        ["catalogue: only http, https or relative URLs are allowed"]
    );
}

#[test]
fn the_demo_storefront_config_is_valid_with_its_catalogue() {
    let mut c =
        Config::parse(&project_file("www/assistant.json")).unwrap_or_else(|p| panic!("{p:#?}"));
    c.attach_catalogue(&project_file("www/shop/catalogue.json"))
        .unwrap_or_else(|p| panic!("{p:#?}"));
    assert!(
        c.catalogue.products().len() >= 12,
        "the demo shop has at least 12 products"
    );
    assert!(c.launcher.is_some());
}
