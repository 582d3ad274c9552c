//! Browser tests of the web edge, run in headless Chromium by wasm-bindgen-test:
//! rendering into the shadow root, clicks, keyboard, focus, text safety and clean-up.
#![cfg(target_arch = "wasm32")]

use shop_assistant::core::profile::SCHEMA_VERSION;
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

/// Removes what an earlier (failed) test may have left: widgets and stored progress.
fn clean_page() {
    let doc = document();
    let hosts = doc.query_selector_all("[data-shop-assistant]").unwrap();
    for i in 0..hosts.length() {
        let node = hosts.item(i).unwrap();
        node.parent_node().unwrap().remove_child(&node).unwrap();
    }
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}

/// Waits `ms` milliseconds, so that history moves of earlier tests have landed.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until the dialog asks `question` (history moves land asynchronously), or panics
/// after two seconds.
async fn shows(root: &ShadowRoot, question: &str) {
    for _ in 0..100 {
        if texts(root, ".question") == [question] {
            return;
        }
        sleep(20).await;
    }
    panic!(
        "the dialog shows {:?}, not {question:?}",
        texts(root, ".question")
    );
}

/// A mounted assistant and its shadow root.
fn mounted() -> (Assistant, ShadowRoot) {
    clean_page();
    let a = Assistant::create(CONFIG, None).expect("valid config");
    a.mount().expect("mounts");
    a.start().unwrap();
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
    let Err(e) = Assistant::create(r#"{"catalogue": [], "flows": {}, "lancher": {}}"#, None) else {
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
    a.start().unwrap();
    assert_eq!(
        document()
            .query_selector_all("[data-shop-assistant]")
            .unwrap()
            .length(),
        1,
        "mounting twice adds nothing"
    );
    a.destroy().unwrap();
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
    a.destroy().unwrap();
}

#[wasm_bindgen_test]
async fn back_and_restart_move_through_the_flow_and_the_browser_history() {
    sleep(100).await;
    let (a, root) = mounted();
    let history = web_sys::window().unwrap().history().unwrap();
    let step = || {
        let state = history.state().unwrap();
        let get = |k: &str| js_sys::Reflect::get(&state, &k.into()).ok();
        (
            get("shopAssistant").and_then(|v| v.as_string()),
            get("step").and_then(|v| v.as_f64()),
        )
    };
    a.open("finder").unwrap();
    assert_eq!(
        step(),
        (Some("finder".into()), Some(0.0)),
        "opening adds a history entry"
    );
    assert!(
        find(&root, "[data-action=back]").is_none(),
        "no back on the first question"
    );
    click(&root, "[data-action=answer][data-id=espresso]");
    assert_eq!(
        step(),
        (Some("finder".into()), Some(1.0)),
        "each answer adds one"
    );
    // The widget's back button goes through the browser's history, like its back button.
    click(&root, "[data-action=back]");
    shows(&root, "How do you brew?").await;
    click(&root, "[data-action=answer][data-id=espresso]");
    // Nothing is an espresso and light: that answer is unavailable, and says why.
    let light = find(&root, "[data-action=answer][data-id=light]").unwrap();
    assert_eq!(
        light.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert_eq!(
        light.get_attribute("aria-describedby").as_deref(),
        Some("sa-unavailable")
    );
    assert_eq!(
        texts(&root, "#sa-unavailable"),
        ["Nothing in stock fits this together with your earlier answers."]
    );
    click(&root, "[data-action=answer][data-id=light]");
    assert_eq!(
        texts(&root, ".question"),
        ["Which roast?"],
        "an unavailable answer does nothing"
    );
    click(&root, "[data-action=answer][data-id=dark]");
    assert_eq!(texts(&root, ".question"), ["Our recommendation"]);
    // The browser's back button goes back one question.
    history.back().unwrap();
    shows(&root, "Which roast?").await;
    click(&root, "[data-action=answer][data-id=dark]");
    click(&root, "[data-action=restart]");
    shows(&root, "How do you brew?").await;
    a.destroy().unwrap();
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
    a.destroy().unwrap();
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
    a.destroy().unwrap();
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
    a.destroy().unwrap();
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
    a.destroy().unwrap();
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
    a.destroy().unwrap();
}

#[wasm_bindgen_test]
fn destroy_removes_everything_it_added() {
    let (a, root) = mounted();
    a.open("finder").unwrap();
    a.destroy().unwrap();
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

const KIT: &str = r#"{
  "catalogue": { "currency": "EUR", "products": [
    { "id": "grinder", "name": "Grinder", "url": "/p/grinder", "price": 59, "attributes": { "kind": "grinder" } },
    { "id": "kettle", "name": "Kettle", "url": "/p/kettle", "price": 45, "attributes": { "kind": "kettle" } },
    { "id": "scale", "name": "Scale", "url": "/p/scale", "price": 120, "attributes": { "kind": "scale" } }
  ] },
  "flows": { "kit": {
    "title": "Kit",
    "questions": [
      { "id": "need", "type": "multiple", "text": "What do you need?", "skip": "Not sure", "answers": [
        { "id": "grinder", "label": "Grinder", "filters": [{ "attribute": "kind", "equals": "grinder" }] },
        { "id": "kettle", "label": "Kettle", "filters": [{ "attribute": "kind", "equals": "kettle" }] },
        { "id": "scale", "label": "Scale", "filters": [{ "attribute": "kind", "equals": "scale" }] } ] },
      { "id": "budget", "type": "range", "text": "Budget?", "attribute": "price", "min": 10, "max": 150, "step": 10, "currency": "EUR" }
    ] } }
}"#;

fn set_input(root: &ShadowRoot, selector: &str, value: &str) {
    let input = find(root, selector)
        .unwrap()
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap();
    input.set_value(value);
    input
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("input", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init.set_composed(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
}

#[wasm_bindgen_test]
fn checkboxes_and_a_budget_slider_narrow_the_results() {
    clean_page();
    let doc = document();
    let target = doc.create_element("div").unwrap();
    target
        .set_attribute("data-shop-assistant-flow", "kit")
        .unwrap();
    doc.body().unwrap().append_child(&target).unwrap();
    let a = Assistant::create(KIT, None).unwrap();
    assert!(a.mount().unwrap().is_empty());
    a.start().unwrap();
    let root = target
        .query_selector("[data-shop-assistant]")
        .unwrap()
        .unwrap()
        .shadow_root()
        .unwrap();
    assert!(
        find(&root, "section.inline").is_some(),
        "shown inline, not as a modal"
    );
    assert!(
        find(&root, "[data-action=close]").is_none(),
        "an inline flow has no close button"
    );

    // Continue with nothing ticked does nothing.
    click(&root, "[data-action=submit-many]");
    assert_eq!(texts(&root, ".question"), ["What do you need?"]);
    for id in ["grinder", "scale"] {
        find(&root, &format!("input[value={id}]"))
            .unwrap()
            .dyn_into::<web_sys::HtmlInputElement>()
            .unwrap()
            .set_checked(true);
    }
    click(&root, "[data-action=submit-many]");
    assert_eq!(texts(&root, ".question"), ["Budget?"]);
    assert_eq!(
        texts(&root, ".help"),
        ["Products that fit so far: €59.00 – €120.00"]
    );
    assert_eq!(texts(&root, "output"), ["Up to €150.00"]);
    set_input(&root, "input[type=range]", "60");
    assert_eq!(
        texts(&root, "output"),
        ["Up to €60.00"],
        "the value follows the slider"
    );
    assert_eq!(
        find(&root, "input[type=range]")
            .unwrap()
            .get_attribute("aria-valuetext")
            .as_deref(),
        Some("Up to €60.00")
    );
    click(&root, "[data-action=submit-range]");
    assert_eq!(texts(&root, ".product .name"), ["Grinder"]);
    assert_eq!(
        texts(&root, ".product .why"),
        ["Matches: Grinder / Scale, Up to €60.00"]
    );
    a.destroy().unwrap();
    assert!(
        target
            .query_selector("[data-shop-assistant]")
            .unwrap()
            .is_none(),
        "destroy removes inline flows too"
    );
    target.remove();
}

#[wasm_bindgen_test]
fn an_unknown_inline_flow_is_reported_and_the_rest_works() {
    clean_page();
    let doc = document();
    let target = doc.create_element("div").unwrap();
    target
        .set_attribute("data-shop-assistant-flow", "kti")
        .unwrap();
    doc.body().unwrap().append_child(&target).unwrap();
    let a = Assistant::create(KIT, None).unwrap();
    let warnings = a.mount().unwrap();
    a.start().unwrap();
    assert_eq!(
        warnings,
        ["data-shop-assistant-flow=\"kti\": no flow \"kti\" (did you mean \"kit\"?)"]
    );
    a.open("kit").unwrap();
    assert!(a.is_open());
    a.destroy().unwrap();
    target.remove();
}

/// Runs JavaScript in the test page (to break the page's storage the way hostile or
/// locked-down browsers do).
fn js(code: &str) {
    js_sys::Function::new_no_args(code)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

const PROFILE_KEY: &str = "shop-assistant:profile";

fn add_event(id: &str) -> wasm_bindgen::JsValue {
    let e = js_sys::Object::new();
    js_sys::Reflect::set(&e, &"type".into(), &"add_to_basket".into()).unwrap();
    js_sys::Reflect::set(&e, &"id".into(), &id.into()).unwrap();
    js_sys::Reflect::set(&e, &"price".into(), &12.5.into()).unwrap();
    e.into()
}

fn basket_of(profile: &str) -> String {
    let v = js_sys::JSON::parse(profile).unwrap();
    js_sys::JSON::stringify(&js_sys::Reflect::get(&v, &"basket".into()).unwrap())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
fn the_profile_is_written_in_one_batch_under_one_key_and_leaves_other_keys_alone() {
    clean_page();
    local().clear().unwrap();
    local().set_item("shop-cart", "[1,2,3]").unwrap();
    let (a, _root) = mounted();
    a.track(add_event("dark")).unwrap();
    a.track(add_event("light")).unwrap();
    assert_eq!(
        local().get_item(PROFILE_KEY).unwrap(),
        None,
        "not one write per event"
    );
    assert_eq!(a.storage_state(), "storage");
    a.destroy().unwrap(); // flushes
    let stored = local().get_item(PROFILE_KEY).unwrap().expect("written");
    assert_eq!(
        basket_of(&stored),
        r#"[{"id":"dark","quantity":1,"price":12.5},{"id":"light","quantity":1,"price":12.5}]"#
    );
    assert_eq!(
        local().get_item("shop-cart").unwrap().as_deref(),
        Some("[1,2,3]")
    );
    assert_eq!(
        local().length().unwrap(),
        2,
        "one key of ours, the shop's untouched"
    );
    let bad = a.track(js_sys::JSON::parse(r#"{"type": "add_to_bsket", "id": "x"}"#).unwrap());
    assert_eq!(
        bad.unwrap_err().as_string().unwrap(),
        "unknown event type \"add_to_bsket\" (did you mean \"add_to_basket\"?)"
    );
    local().clear().unwrap();
}

#[wasm_bindgen_test]
fn blocked_storage_falls_back_to_memory() {
    clean_page();
    js("window.__ls = Object.getOwnPropertyDescriptor(window, 'localStorage') || Object.getOwnPropertyDescriptor(Window.prototype, 'localStorage'); Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('blocked', 'SecurityError'); } });");
    let (a, _root) = mounted();
    assert_eq!(a.storage_state(), "blocked");
    a.track(add_event("dark")).unwrap();
    assert_eq!(
        basket_of(&a.profile().unwrap()),
        r#"[{"id":"dark","quantity":1,"price":12.5}]"#,
        "the profile works in memory"
    );
    a.open("finder").unwrap();
    assert!(a.is_open(), "and so does the assistant");
    a.destroy().unwrap();
    js("Object.defineProperty(window, 'localStorage', window.__ls); delete window.__ls;");
}

#[wasm_bindgen_test]
fn full_storage_falls_back_to_memory_and_keeps_the_events() {
    clean_page();
    local().clear().unwrap();
    js("window.__setItem = Storage.prototype.setItem; Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };");
    let (a, _root) = mounted();
    a.track(add_event("dark")).unwrap();
    a.destroy().unwrap();
    js("Storage.prototype.setItem = window.__setItem; delete window.__setItem;");
    assert_eq!(a.storage_state(), "full");
    assert_eq!(
        basket_of(&a.profile().unwrap()),
        r#"[{"id":"dark","quantity":1,"price":12.5}]"#,
        "nothing lost in memory"
    );
    assert!(local().get_item(PROFILE_KEY).unwrap().is_none());
}

#[wasm_bindgen_test]
fn corrupted_storage_starts_fresh_and_a_newer_version_is_left_alone() {
    clean_page();
    local()
        .set_item(PROFILE_KEY, "{\"v\": 1, \"basket\": [[")
        .unwrap();
    let (a, _root) = mounted();
    assert_eq!(a.storage_state(), "storage");
    a.track(add_event("dark")).unwrap();
    a.destroy().unwrap();
    let stored = local().get_item(PROFILE_KEY).unwrap().unwrap();
    assert_eq!(
        basket_of(&stored),
        r#"[{"id":"dark","quantity":1,"price":12.5}]"#,
        "valid again"
    );

    let newer = r#"{"v": 99, "visits": 5, "future": true}"#;
    local().set_item(PROFILE_KEY, newer).unwrap();
    let (a, _root) = mounted();
    assert_eq!(a.storage_state(), "newer version");
    a.track(add_event("dark")).unwrap();
    a.destroy().unwrap();
    assert_eq!(
        local().get_item(PROFILE_KEY).unwrap().as_deref(),
        Some(newer),
        "never overwritten"
    );
    local().clear().unwrap();
}

#[wasm_bindgen_test]
fn consent_and_forget() {
    clean_page();
    local().clear().unwrap();
    let consenting = CONFIG.replacen(
        "\"launcher\"",
        "\"privacy\": { \"consentRequired\": true }, \"launcher\"",
        1,
    );
    let a = Assistant::create(&consenting, None).unwrap();
    a.mount().unwrap();
    a.start().unwrap();
    assert_eq!(a.storage_state(), "no consent");
    a.track(add_event("dark")).unwrap();
    a.destroy().unwrap();
    assert!(
        local().get_item(PROFILE_KEY).unwrap().is_none(),
        "nothing stored without consent"
    );
    assert_eq!(
        basket_of(&a.profile().unwrap()),
        r#"[{"id":"dark","quantity":1,"price":12.5}]"#,
        "but the visit still counts in memory"
    );

    clean_page();
    let a = Assistant::create(&consenting, None).unwrap();
    a.mount().unwrap();
    a.start().unwrap();
    a.consent(true).unwrap();
    a.track(add_event("light")).unwrap();
    a.destroy().unwrap();
    assert!(
        local().get_item(PROFILE_KEY).unwrap().is_some(),
        "stored once consent is given"
    );
    a.consent(false).unwrap();
    let marker = local().get_item(PROFILE_KEY).unwrap().unwrap_or_default();
    assert!(
        marker.contains("\"noConsent\":true") && !marker.contains("basket"),
        "withdrawing consent erases it, leaving only the marker every tab respects: {marker}"
    );
    // Another assistant on a later page, where consent is not asked for: the withdrawal holds.
    let (c, _root) = mounted();
    c.track(add_event("dark")).unwrap();
    c.destroy().unwrap();
    assert_eq!(local().get_item(PROFILE_KEY).unwrap(), Some(marker));
    assert_eq!(c.storage_state(), "no consent");
    c.consent(true).unwrap();
    c.track(add_event("light")).unwrap();
    c.destroy().unwrap();
    let stored = local().get_item(PROFILE_KEY).unwrap().unwrap_or_default();
    assert!(
        stored.contains("light") && !stored.contains("noConsent"),
        "consent given again: it is stored again: {stored}"
    );

    local().clear().unwrap();
    let (b, _root) = mounted();
    b.track(add_event("dark")).unwrap();
    b.destroy().unwrap();
    assert!(local().get_item(PROFILE_KEY).unwrap().is_some());
    b.forget().unwrap();
    let marker = local().get_item(PROFILE_KEY).unwrap().unwrap_or_default();
    assert!(
        marker.starts_with(&format!("{{\"v\":{SCHEMA_VERSION},\"gen\":"))
            && !marker.contains("basket"),
        "an erase leaves only its marker: {marker}"
    );
    assert_eq!(basket_of(&b.profile().unwrap()), "[]");
}

#[wasm_bindgen_test]
fn storage_already_full_of_other_keys_falls_back_and_touches_none_of_them() {
    clean_page();
    local().clear().unwrap();
    // Fill storage with the shop's own keys until the browser refuses even a few bytes more.
    let mut keys = 0;
    let mut sizes = Vec::new();
    for size in [256 * 1024, 16 * 1024, 1024, 64, 1] {
        let chunk = "x".repeat(size);
        while local()
            .set_item(&format!("shop-key-{keys}"), &chunk)
            .is_ok()
        {
            keys += 1;
            sizes.push(size);
            assert!(keys < 2000, "storage never filled up");
        }
    }
    let (a, _root) = mounted();
    a.track(add_event("dark")).unwrap();
    a.destroy().unwrap();
    assert_eq!(a.storage_state(), "full");
    assert_eq!(
        basket_of(&a.profile().unwrap()),
        r#"[{"id":"dark","quantity":1,"price":12.5}]"#,
        "kept in memory"
    );
    assert_eq!(local().length().unwrap(), keys, "no key added or removed");
    for (i, size) in sizes.iter().enumerate() {
        assert_eq!(
            local()
                .get_item(&format!("shop-key-{i}"))
                .unwrap()
                .map(|v| v.len()),
            Some(*size)
        );
    }
    local().clear().unwrap();
}
