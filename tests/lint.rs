//! Config warnings (`core::lint`) and the offline validator (`npm run validate`).

mod common;
use common::{fixture, minimal_with};
use shop_assistant::core::config::Config;
use shop_assistant::core::lint::{lint, lint_deep};
use std::process::Command;

fn warnings(text: &str, deep: bool) -> Vec<String> {
    let c = Config::parse(text).unwrap_or_else(|p| panic!("{p:#?}"));
    if deep { lint_deep(&c) } else { lint(&c) }
        .iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn a_clean_config_has_no_warnings() {
    let mut c = Config::parse(&common::project_file("www/assistant.json")).unwrap();
    c.attach_catalogue(&common::project_file("www/shop/catalogue.json"))
        .unwrap();
    assert_eq!(lint_deep(&c), []);
}

#[test]
fn unknown_attributes_are_named_with_a_suggestion() {
    let w = warnings(
        &minimal_with(
            "{ \"attribute\": \"taste\", \"equals\": \"fruity\" }",
            "{ \"attribute\": \"tast\", \"equals\": \"fruity\" }",
        ),
        false,
    );
    assert!(w.contains(&"flows.finder.questions[1].answers[0].filters[0].attribute: no product has the attribute \"tast\" (did you mean \"taste\"?)".to_string()), "{w:#?}");
    assert!(
        w.contains(
            &"flows.finder.questions[1].answers[0]: no product fits this answer's filters"
                .to_string()
        ),
        "{w:#?}"
    );
}

#[test]
fn unreachable_questions_are_reported() {
    // Every answer of the first question jumps past "taste" to "budget".
    let text = minimal_with(
        "\"label\": \"Espresso\",",
        "\"label\": \"Espresso\", \"next\": \"budget\",",
    );
    let w = warnings(&text, false);
    assert_eq!(
        w,
        ["flows.finder.questions[1]: no answer path leads to question \"taste\""]
    );
}

#[test]
fn the_deep_check_finds_answers_visitors_can_never_choose() {
    // Only the sold-out product is a fruity espresso, and fruity follows only espresso.
    let w = warnings(&fixture("minimal.json"), true);
    assert_eq!(
        w,
        ["flows.finder.questions[1].answers[0]: on every path that reaches it, nothing in stock fits this answer with the earlier ones; visitors see it disabled"]
    );
    assert!(
        warnings(&fixture("minimal.json"), false).is_empty(),
        "the quick check (browser start-up) skips the walk"
    );
}

#[test]
fn only_out_of_stock_products_fitting_an_answer_is_reported() {
    // Only the sold-out product (30 EUR) costs 25 or more.
    let text = fixture("minimal.json").replacen(
        "{ \"attribute\": \"taste\", \"equals\": \"fruity\" }",
        "{ \"attribute\": \"price\", \"min\": 25 }",
        1,
    );
    let w = warnings(&text, false);
    assert!(w.contains(&"flows.finder.questions[1].answers[0]: only out-of-stock products fit this answer; visitors cannot choose it".to_string()), "{w:#?}");
}

fn validate(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_validate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_validator_passes_the_demo_config() {
    let (code, out) = validate(&["www/assistant.json"]);
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "flow coffee-finder: 9 answer path(s), 9 ending on products that fit every answer",
            "  brew=espresso, taste=fruity  ->  rwanda-espresso",
            "  brew=espresso, taste=balanced  ->  colombia-huila, brazil-cerrado, mexico-decaf",
            "  brew=espresso, taste=chocolatey  ->  house-espresso",
        ]
    );
    assert!(lines.contains(
        &"flow brew-kit: 220 answer path(s), 121 ending on products that fit every answer"
    ));
    assert!(lines.contains(
        &"  method=filter, need=grinder, power=electric, budget=20  ->  closest: electric-grinder, hand-grinder"
    ));
    assert_eq!(
        lines.last().copied(),
        Some("0 errors, 0 warning(s): 2 flow(s), 6 question(s), 17 product(s) (15 in stock)")
    );
    let (_, summary) = validate(&["www/assistant.json", "--summary"]);
    assert_eq!(summary.lines().count(), 3, "{summary}");
}

#[test]
fn the_validator_reads_a_relative_catalogue_url_as_the_browser_does_and_warns() {
    // The config in a folder of the site, its catalogue beside it: the loader resolves
    // "catalogue.json" against the config file's URL, so the validator reads it from there even
    // with --root set to the site, and warns that an inline config would not.
    let site = std::env::temp_dir().join(format!("sa-relative-{}", std::process::id()));
    let folder = site.join("cfg");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy("www/shop/catalogue.json", folder.join("catalogue.json")).unwrap();
    let demo = std::fs::read_to_string("www/assistant.json").unwrap();
    let config = demo
        .replace(
            "\"./assistant.schema.json\"",
            "\"../assistant.schema.json\"",
        )
        .replace("\"/shop/catalogue.json\"", "\"catalogue.json\"");
    std::fs::write(folder.join("a.json"), config).unwrap();
    let (code, out) = validate(&[
        folder.join("a.json").to_str().unwrap(),
        "--root",
        site.to_str().unwrap(),
        "--summary",
    ]);
    std::fs::remove_dir_all(&site).unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("catalogue: \"catalogue.json\" is relative: the assistant reads it from the config file's folder"),
        "{out}"
    );
    assert!(
        out.trim_end().ends_with(
            "0 errors, 1 warning(s): 2 flow(s), 6 question(s), 17 product(s) (15 in stock)"
        ),
        "{out}"
    );
}

#[test]
fn the_validator_lists_every_error_of_a_broken_config_and_fails() {
    let (code, out) = validate(&["tests/fixtures/broken.json"]);
    assert_eq!(code, 1, "{out}");
    for line in [
        "error: tests/fixtures/broken.json: flows.coffee-finder.questions[0].answers[1].filters[0].equal: unknown field (did you mean \"equals\"?)",
        "error: tests/fixtures/broken.json: flows.coffee-finder.questions[1].type: unknown question type \"singel\"; supported: single, image, multiple, range (did you mean \"single\"?)",
        "error: tests/fixtures/broken.json: flows.coffee-finder.questions[1].answers[0].image: only http, https or relative URLs are allowed",
        "error: tests/fixtures/broken.json: flows.coffee-finder.questions[0].answers[0].next: no question \"tastee\" (did you mean \"taste\"?)",
        "error: tests/fixtures/broken.json: launcher.flow: no flow \"coffee-findr\" (did you mean \"coffee-finder\"?)",
    ] {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in:\n{out}");
    }
    assert!(
        out.trim_end()
            .ends_with("error(s); the assistant would not start with this config"),
        "{out}"
    );
}

#[test]
fn the_validator_reads_a_catalogue_file_and_reports_a_missing_one() {
    let (code, out) = validate(&["tests/fixtures/minimal.json"]);
    assert_eq!(code, 0, "warnings do not fail: {out}");
    let dir = std::env::temp_dir().join(format!("sa-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("assistant.json");
    std::fs::write(&config, common::project_file("www/assistant.json")).unwrap();
    let (code, out) = validate(&[config.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("catalogue: cannot read"), "{out}");
    let (code, out) = validate(&[config.to_str().unwrap(), "--root", "www"]);
    assert_eq!(code, 0, "{out}");
    let (code, _) = validate(&[
        config.to_str().unwrap(),
        "--catalogue",
        "www/shop/catalogue.json",
    ]);
    assert_eq!(code, 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_walk_tries_a_range_where_each_product_comes_in_not_only_its_ends() {
    use shop_assistant::core::lint::range_values;
    use shop_assistant::core::question::QuestionKind;
    let mut c = Config::parse(&common::project_file("www/assistant.json")).unwrap();
    c.attach_catalogue(&common::project_file("www/shop/catalogue.json"))
        .unwrap();
    let budget = c
        .flows
        .iter()
        .flat_map(|f| &f.questions)
        .find_map(|q| match &q.kind {
            QuestionKind::Range(r) => Some(r.clone()),
            _ => None,
        })
        .expect("the demo's brewing kit has a budget slider");
    // 20 to 160 in steps of 5; products at 24, 29, 32, 39, 45, 59 and 149 come in at the next
    // step up; those under 20 fit everywhere.
    assert_eq!(
        range_values(&budget, &c.catalogue),
        [20.0, 25.0, 30.0, 35.0, 40.0, 45.0, 60.0, 150.0, 160.0]
    );
    let (code, out) = validate(&["www/assistant.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("budget=60  ->"),
        "a value between the ends is walked:\n{out}"
    );
}
