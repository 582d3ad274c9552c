//! Browser tests of the web edge, run in headless Chromium by wasm-bindgen-test:
//! rendering into the shadow root, clicks, keyboard, focus, text safety and clean-up.
#![cfg(target_arch = "wasm32")]

use shop_assistant::web::Assistant;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str = r#"{
  "catalogue": { "currency": "EUR", "products": [
    { "id": "dark", "name": "Dark Roast", "url": "/products/dark", "price": 12.5, "image": "/img/dark.svg",
      "attributes": { "roast": "dark", "brew": ["espresso"] } },
    { "id": "light", "name": "Light Roast", "url": "/products/light?x=1", "price": 14,
      "attributes": { "roast": "light", "brew": ["filter"] } }
  ] },
  "launcher": { "flow": "finder", "label": { "en": "Find your coffee", "ar": "ابحث عن قهوتك" } },
  "flows": { "finder": {
    "title": { "en": "Coffee finder", "ar": "مكتشف القهوة" },
    "questions": [
      { "id": "brew", "text": "How do you brew?", "answers": [
        { "id": "espresso", "label": "Espresso", "filters": [{ "attribute": "brew", "equals": "espresso" }] },
        { "id": "filter", "label": "<img src=x onerror=alert(1)>", "filters": [{ "attribute": "brew", "equals": "filter" }] } ] },
      { "id": "roast", "text": "Which roast?", "answers": [
        { "id": "dark", "label": "Dark", "filters": [{ "attribute": "roast", "equals": "dark" }] },
        { "id": "light", "label": "Light", "filters": [{ "attribute": "roast", "equals": "light" }] } ] }
    ] } }
}"#;

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A mounted assistant and its shadow root.
fn mounted() -> (Assistant, ShadowRoot) {
    let a = Assistant::create(CONFIG).expect("valid config");
    a.mount().expect("mounts");
    let host = document()
        .query_selector("[data-shop-assistant]")
        .unwrap()
        .expect("host element");
    let root = host.shadow_root().expect("open shadow root");
    (a, root)
}

fn find(root: &ShadowRoot, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn click(root: &ShadowRoot, selector: &str) {
    let e = find(root, selector).unwrap_or_else(|| panic!("no {selector}"));
    e.dyn_into::<HtmlElement>().unwrap().click();
}

fn texts(root: &ShadowRoot, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn press(root: &ShadowRoot, key: &str, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_composed(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let target: web_sys::EventTarget = root
        .active_element()
        .map(Into::into)
        .unwrap_or_else(|| root.clone().into());
    target.dispatch_event(&event).unwrap();
}

fn focused_action(root: &ShadowRoot) -> Option<String> {
    root.active_element()
        .and_then(|e| e.get_attribute("data-action"))
}

#[wasm_bindgen_test]
fn a_bad_config_is_refused_with_every_problem_and_its_path() {
    let Err(e) = Assistant::create(r#"{"catalogue": [], "flows": {}, "lancher": {}}"#) else {
        panic!("accepted a bad config")
    };
    let text = e.as_string().unwrap();
    assert!(
        text.contains("lancher: unknown field (did you mean \"launcher\"?)"),
        "{text}"
    );
    assert!(
        text.contains("catalogue: the catalogue has no products"),
        "{text}"
    );
    assert!(text.contains("flows: define at least one flow"), "{text}");
    assert!(
        document()
            .query_selector("[data-shop-assistant]")
            .unwrap()
            .is_none(),
        "nothing was added to the page"
    );
}

#[wasm_bindgen_test]
fn mount_renders_the_launcher_in_a_shadow_root_with_adopted_styles() {
    let (a, root) = mounted();
    let launcher = find(&root, "button.launcher").expect("launcher");
    assert_eq!(launcher.text_content().unwrap(), "Find your coffee");
    assert_eq!(
        launcher.get_attribute("aria-haspopup").as_deref(),
        Some("dialog")
    );
    assert_eq!(
        root.adopted_style_sheets().length(),
        1,
        "styles come from a constructable stylesheet"
    );
    assert!(
        find(&root, "style").is_none(),
        "no <style> element (a strict style-src would block it)"
    );
    a.mount().unwrap();
    assert_eq!(
        document()
            .query_selector_all("[data-shop-assistant]")
            .unwrap()
            .length(),
        1,
        "mounting twice adds nothing"
    );
    a.destroy();
}

#[wasm_bindgen_test]
fn answering_both_questions_shows_the_matching_product_with_reasons() {
    let (a, root) = mounted();
    click(&root, "button.launcher");
    let dialog = find(&root, "[role=dialog]").expect("dialog");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(
        find(&root, "#sa-title").unwrap().text_content().unwrap(),
        "Coffee finder"
    );
    assert_eq!(texts(&root, ".question"), ["How do you brew?"]);
    let group = find(&root, "[role=group]").unwrap();
    assert_eq!(
        group.get_attribute("aria-labelledby").as_deref(),
        Some("sa-q-brew")
    );
    assert_eq!(
        focused_action(&root).as_deref(),
        Some("answer"),
        "focus moves into the dialog"
    );

    click(&root, "[data-action=answer][data-id=espresso]");
    assert_eq!(texts(&root, ".question"), ["Which roast?"]);
    click(&root, "[data-action=answer][data-id=dark]");

    assert_eq!(texts(&root, ".product .name"), ["Dark Roast"]);
    assert_eq!(texts(&root, ".product .why"), ["Matches: Espresso, Dark"]);
    assert_eq!(texts(&root, ".product .price"), ["€12.50"]);
    let link = find(&root, "a[data-action=choose]").unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/products/dark?sa_flow=finder")
    );
    assert_eq!(
        link.get_attribute("aria-label").as_deref(),
        Some("View product: Dark Roast")
    );
    assert!(a.is_open());
    a.destroy();
}

#[wasm_bindgen_test]
fn back_and_restart_move_through_the_flow() {
    let (a, root) = mounted();
    a.open("finder").unwrap();
    assert!(
        find(&root, "[data-action=back]").is_none(),
        "no back on the first question"
    );
    click(&root, "[data-action=answer][data-id=espresso]");
    click(&root, "[data-action=back]");
    assert_eq!(texts(&root, ".question"), ["How do you brew?"]);
    click(&root, "[data-action=answer][data-id=espresso]");
    click(&root, "[data-action=answer][data-id=light]");
    assert_eq!(
        texts(&root, ".question"),
        ["Closest matches"],
        "nothing is an espresso and light"
    );
    click(&root, "[data-action=restart]");
    assert_eq!(texts(&root, ".question"), ["How do you brew?"]);
    a.destroy();
}

#[wasm_bindgen_test]
fn escape_closes_and_focus_returns_to_the_launcher() {
    let (a, root) = mounted();
    let launcher = find(&root, "button.launcher").unwrap();
    launcher
        .clone()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
    click(&root, "button.launcher");
    assert!(a.is_open());
    press(&root, "Escape", false);
    assert!(!a.is_open());
    assert!(find(&root, "[role=dialog]").is_none());
    assert_eq!(root.active_element(), Some(launcher));
    a.destroy();
}

#[wasm_bindgen_test]
fn tab_is_trapped_inside_the_dialog() {
    let (a, root) = mounted();
    a.open("finder").unwrap();
    // Controls in order: close, Espresso, the second answer. Focus starts on Espresso.
    click(&root, "[data-action=answer][data-id=espresso]");
    // Now: close, Dark, Light, Back. Focus is on Dark.
    root.query_selector("[data-action=back]")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
    press(&root, "Tab", false);
    assert_eq!(
        focused_action(&root).as_deref(),
        Some("close"),
        "Tab on the last control wraps to the first"
    );
    press(&root, "Tab", true);
    assert_eq!(
        focused_action(&root).as_deref(),
        Some("back"),
        "Shift+Tab on the first wraps to the last"
    );
    a.destroy();
}

#[wasm_bindgen_test]
fn merchant_text_is_never_parsed_as_html() {
    let (a, root) = mounted();
    a.open("finder").unwrap();
    assert!(
        find(&root, "img").is_none(),
        "the label did not become an element"
    );
    assert_eq!(
        texts(&root, "[data-id=filter]"),
        ["<img src=x onerror=alert(1)>"]
    );
    a.destroy();
}

#[wasm_bindgen_test]
fn arabic_pages_get_right_to_left_dialogs() {
    let html = document().document_element().unwrap();
    let before = html.get_attribute("lang");
    html.set_attribute("lang", "ar").unwrap();
    let (a, root) = mounted();
    html.set_attribute("lang", before.as_deref().unwrap_or("en"))
        .unwrap();
    assert_eq!(
        find(&root, "button.launcher")
            .unwrap()
            .text_content()
            .unwrap(),
        "ابحث عن قهوتك"
    );
    a.open("finder").unwrap();
    let dialog = find(&root, "[role=dialog]").unwrap();
    assert_eq!(dialog.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(dialog.get_attribute("lang").as_deref(), Some("ar"));
    a.destroy();
}

#[wasm_bindgen_test]
fn unknown_flows_are_reported_not_opened() {
    let (a, root) = mounted();
    let e = a.open("fnder").unwrap_err();
    assert_eq!(
        e.as_string().unwrap(),
        "no flow \"fnder\" (did you mean \"finder\"?)"
    );
    assert!(find(&root, "[role=dialog]").is_none());
    a.destroy();
}

#[wasm_bindgen_test]
fn destroy_removes_everything_it_added() {
    let (a, root) = mounted();
    a.open("finder").unwrap();
    a.destroy();
    assert!(document()
        .query_selector("[data-shop-assistant]")
        .unwrap()
        .is_none());
    assert!(!a.is_open());
    assert_eq!(
        a.open("finder").unwrap_err().as_string().as_deref(),
        Some("not mounted"),
        "inert after destroy"
    );
    drop(root);
}
