//! Every raw DOM call the assistant makes, as small functions that never panic.
//!
//! The rest of `web` builds the widget with these. A DOM call that fails (a hostile page
//! may have broken a built-in) yields `None`/`Err` and the caller gives up on that piece,
//! instead of unwinding through the host page.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Node, ShadowRoot, Window};

pub(crate) type DomResult<T> = Result<T, JsValue>;

// The page's own content can shadow what the assistant reads: a named element is a property
// of `document` (`<img name="body">` is `document.body`, `<img name="addEventListener">`
// replaces the method) and a form's controls are properties of the form. web-sys looks
// properties up on the object, so these go through the prototypes instead (`final`: the
// prototype's member, taken when the assistant loads).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = Document)]
    type PDocument;
    #[wasm_bindgen(js_name = EventTarget)]
    type PEventTarget;
    #[wasm_bindgen(js_name = Element)]
    type PElement;
    #[wasm_bindgen(js_name = Node)]
    type PNode;

    #[wasm_bindgen(method, getter, final, js_class = "Document", js_name = body)]
    fn proto_body(this: &PDocument) -> Option<HtmlElement>;
    #[wasm_bindgen(method, getter, final, js_class = "Document", js_name = documentElement)]
    fn proto_document_element(this: &PDocument) -> Option<Element>;
    #[wasm_bindgen(method, getter, final, js_class = "Document", js_name = activeElement)]
    fn proto_active_element(this: &PDocument) -> Option<Element>;
    #[wasm_bindgen(method, getter, final, js_class = "Document", js_name = hidden)]
    fn proto_hidden(this: &PDocument) -> bool;
    #[wasm_bindgen(method, final, catch, js_class = "Document", js_name = createElement)]
    fn proto_create_element(this: &PDocument, tag: &str) -> Result<Element, JsValue>;
    #[wasm_bindgen(method, final, catch, js_class = "EventTarget", js_name = addEventListener)]
    fn proto_add_listener(
        this: &PEventTarget,
        kind: &str,
        f: &js_sys::Function,
        capture: bool,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(method, final, catch, js_class = "EventTarget", js_name = removeEventListener)]
    fn proto_remove_listener(
        this: &PEventTarget,
        kind: &str,
        f: &js_sys::Function,
        capture: bool,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(method, final, catch, js_class = "EventTarget", js_name = dispatchEvent)]
    fn proto_dispatch(this: &PEventTarget, event: &web_sys::Event) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, final, js_class = "Element", js_name = getAttribute)]
    fn proto_get_attribute(this: &PElement, name: &str) -> Option<String>;
    #[wasm_bindgen(method, final, catch, js_class = "Element", js_name = querySelector)]
    fn proto_query_selector(this: &PElement, selector: &str) -> Result<Option<Element>, JsValue>;
    #[wasm_bindgen(method, final, catch, js_class = "Element", js_name = querySelectorAll)]
    fn proto_query_selector_all(
        this: &PElement,
        selector: &str,
    ) -> Result<web_sys::NodeList, JsValue>;
    #[wasm_bindgen(method, final, catch, js_class = "Element", js_name = closest)]
    fn proto_closest(this: &PElement, selector: &str) -> Result<Option<Element>, JsValue>;
    #[wasm_bindgen(method, getter, final, js_class = "Node", js_name = textContent)]
    fn proto_text_content(this: &PNode) -> Option<String>;
    #[wasm_bindgen(method, final, js_class = "Node", js_name = contains)]
    fn proto_contains(this: &PNode, other: &PNode) -> bool;
    #[wasm_bindgen(method, getter, final, js_class = "Node", js_name = parentElement)]
    fn proto_parent_element(this: &PNode) -> Option<Element>;

    #[wasm_bindgen(js_name = queueMicrotask)]
    fn queue_microtask(f: &JsValue);
    #[wasm_bindgen(catch, js_name = requestAnimationFrame)]
    fn request_animation_frame(f: &JsValue) -> Result<f64, JsValue>;
}

pub(crate) fn window() -> Option<Window> {
    web_sys::window()
}

pub(crate) fn document() -> Option<Document> {
    window()?.document()
}

/// The page's `<body>`, read through the prototype (an `<img name="body">` is not it).
pub(crate) fn body() -> Option<HtmlElement> {
    document()?.unchecked_ref::<PDocument>().proto_body()
}

/// The page's `<html>` element.
pub(crate) fn root_element() -> Option<Element> {
    document()?
        .unchecked_ref::<PDocument>()
        .proto_document_element()
}

/// The element that has focus in the page (a shadow host when focus is inside one).
pub(crate) fn active_element() -> Option<Element> {
    document()?
        .unchecked_ref::<PDocument>()
        .proto_active_element()
}

/// Whether the page is hidden (another tab or app is in front).
pub(crate) fn hidden() -> bool {
    document().is_some_and(|d| d.unchecked_ref::<PDocument>().proto_hidden())
}

/// An attribute of an element of the page's (a form's controls cannot shadow the method).
pub(crate) fn attribute(e: &Element, name: &str) -> Option<String> {
    e.unchecked_ref::<PElement>().proto_get_attribute(name)
}

/// The nearest ancestor of `e` (or `e`) matching `selector`.
pub(crate) fn closest(e: &Element, selector: &str) -> Option<Element> {
    e.unchecked_ref::<PElement>()
        .proto_closest(selector)
        .ok()
        .flatten()
}

/// Runs `f` once the current script has returned, before the browser renders.
pub(crate) fn microtask(f: fn()) {
    queue_microtask(&Closure::once_into_js(f));
}

/// Runs `f` before the next frame is drawn; false where the page broke requestAnimationFrame.
pub(crate) fn next_frame(f: Box<dyn FnOnce()>) -> bool {
    request_animation_frame(&Closure::once_into_js(f)).is_ok()
}

/// An event listener, removed when dropped. Its closure may be called again while it runs
/// (the browser dispatches some events synchronously, and page code may too); what runs then
/// is decided by `guard`, so a nested call is never an error thrown into the page.
#[must_use]
pub(crate) struct Listener {
    target: web_sys::EventTarget,
    kind: &'static str,
    capture: bool,
    closure: Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let f: &js_sys::Function = self.closure.as_ref().unchecked_ref();
        let _ = self
            .target
            .unchecked_ref::<PEventTarget>()
            .proto_remove_listener(self.kind, f, self.capture);
    }
}

/// Listens for `kind` on `target`, in the capture phase with `capture`.
pub(crate) fn listen(
    target: &web_sys::EventTarget,
    kind: &'static str,
    capture: bool,
    handler: impl Fn(web_sys::Event) + 'static,
) -> Option<Listener> {
    let closure: Closure<dyn Fn(web_sys::Event)> = Closure::new(handler);
    target
        .unchecked_ref::<PEventTarget>()
        .proto_add_listener(kind, closure.as_ref().unchecked_ref(), capture)
        .ok()?;
    Some(Listener {
        target: target.clone(),
        kind,
        capture,
        closure,
    })
}

/// Creates `<tag class="...">`.
pub(crate) fn el(doc: &Document, tag: &str, class: &str) -> DomResult<Element> {
    let e = doc.unchecked_ref::<PDocument>().proto_create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

/// Creates `<tag class="...">` holding `text` as text (never parsed as HTML).
pub(crate) fn el_text(doc: &Document, tag: &str, class: &str, text: &str) -> DomResult<Element> {
    let e = el(doc, tag, class)?;
    e.set_text_content(Some(text));
    Ok(e)
}

pub(crate) fn attr(e: &Element, name: &str, value: &str) -> DomResult<()> {
    e.set_attribute(name, value)
}

pub(crate) fn append(parent: &Node, child: &Element) -> DomResult<()> {
    parent.append_child(child).map(|_| ())
}

/// Removes every child of `node`.
pub(crate) fn clear(node: &Node) {
    while let Some(child) = node.first_child() {
        if node.remove_child(&child).is_err() {
            break;
        }
    }
}

/// Puts `new` right after `reference`, as its next sibling.
pub(crate) fn insert_after(reference: &Element, new: &Element) -> DomResult<()> {
    reference.after_with_node_1(new)
}

/// Detaches `node` from wherever it is.
pub(crate) fn remove(node: &Node) {
    if let Some(parent) = node.parent_node() {
        let _ = parent.remove_child(node);
    }
}

pub(crate) fn focus(e: &Element) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
}

/// Whether focus is on `e` or inside it.
pub(crate) fn has_focus_within(e: &Element) -> bool {
    e.matches(":focus-within").unwrap_or(false)
}

/// The element with `data-action` nearest to a clicked element inside our shadow root.
pub(crate) fn action_target(clicked: &Element) -> Option<Element> {
    closest(clicked, "[data-action]")
}

/// The focusable controls of `container`, in document order.
pub(crate) fn focusables(container: &Element) -> Vec<Element> {
    select_all(
        container,
        "button:not([disabled]), a[href], input:not([disabled])",
    )
}

/// The element focused inside `root`, if any.
pub(crate) fn active_in(root: &ShadowRoot) -> Option<Element> {
    root.active_element()
}

/// Adopts `css` into `root` through a constructable stylesheet: no `<style>` element, so a
/// strict `style-src` Content Security Policy does not block it.
pub(crate) fn adopt_css(root: &ShadowRoot, css: &str) -> DomResult<()> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(css)?;
    root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    Ok(())
}

/// The language the visitor reads: the page's `lang`, else the browser's.
pub(crate) fn page_locale() -> Option<String> {
    let lang = root_element().and_then(|e| attribute(&e, "lang"));
    lang.filter(|l| !l.trim().is_empty())
        .or_else(|| window()?.navigator().language())
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type NumberFormat;

    #[wasm_bindgen(constructor, catch, js_namespace = Intl, js_class = "NumberFormat")]
    fn new(locale: &str, options: &js_sys::Object) -> Result<NumberFormat, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn format(this: &NumberFormat, n: f64) -> Result<String, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = PluralRules)]
    type PluralRules;

    #[wasm_bindgen(constructor, catch, js_namespace = Intl, js_class = "PluralRules")]
    fn new(locale: &str) -> Result<PluralRules, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn select(this: &PluralRules, n: f64) -> Result<String, JsValue>;
}

/// The plural category of `n` in `locale` ("one", "few", "many", "other", ...), by the
/// browser's rules; "other" where it has none.
pub(crate) fn plural_category(n: f64, locale: &str) -> String {
    PluralRules::new(locale)
        .and_then(|r| r.select(n))
        .unwrap_or_else(|_| "other".to_string())
}

/// An open shadow root on `host`, where the widget draws (the shop's CSS stays outside).
pub(crate) fn attach_shadow(host: &Element) -> Result<web_sys::ShadowRoot, JsValue> {
    host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
}

/// A value handed to the API as JSON text (`JSON.stringify`); `None` for what it cannot write
/// (a cycle, a getter that throws, `undefined`).
pub(crate) fn json_text(value: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(value).ok()?.as_string()
}

/// A random 32-bit number (`Math.random`): generations and the A/B seed.
pub(crate) fn random_u32() -> u32 {
    (js_sys::Math::random() * 4_294_967_295.0) as u32
}

/// `price` in `currency`, formatted for `locale` by the browser (`€12.50`, `12,50 €`).
pub(crate) fn format_price(price: f64, currency: &str, locale: &str) -> String {
    intl_format(
        price,
        locale,
        &[("style", "currency"), ("currency", currency)],
    )
    .unwrap_or_else(|| {
        format!(
            "{} {currency}",
            crate::core::json::number_text((price * 100.0).round() / 100.0)
        )
    })
}

/// A count or plain number, formatted for `locale` by the browser (`1,250`, `1 250`, `١٬٢٥٠`).
pub(crate) fn format_number(n: f64, locale: &str) -> String {
    // A sum of nothing can be -0, which Intl writes "-0".
    let n = n + 0.0;
    intl_format(n, locale, &[]).unwrap_or_else(|| crate::core::json::number_text(n))
}

fn intl_format(n: f64, locale: &str, options: &[(&str, &str)]) -> Option<String> {
    let object = js_sys::Object::new();
    for (k, v) in options {
        js_sys::Reflect::set(&object, &JsValue::from_str(k), &JsValue::from_str(v)).ok()?;
    }
    NumberFormat::new(locale, &object)
        .and_then(|f| f.format(n))
        .ok()
}

/// Writes one line to the console, prefixed so merchants can filter for it.
pub(crate) fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(&format!("shop-assistant: {message}")));
}

/// The marker our history entries carry: `{shopAssistant: flowId, step: n}`.
const HISTORY_KEY: &str = "shopAssistant";

/// Adds a history entry for step `step` of `flow`, so the browser's back button goes back one
/// question. False if the page forbids it (e.g. a sandboxed frame).
pub(crate) fn history_push(flow: &str, step: usize) -> bool {
    let Some(history) = window().and_then(|w| w.history().ok()) else {
        return false;
    };
    let state = js_sys::Object::new();
    let ok = js_sys::Reflect::set(
        &state,
        &JsValue::from_str(HISTORY_KEY),
        &JsValue::from_str(flow),
    )
    .is_ok()
        && js_sys::Reflect::set(
            &state,
            &JsValue::from_str("step"),
            &JsValue::from_f64(step as f64),
        )
        .is_ok();
    ok && history.push_state_with_url(&state, "", None).is_ok()
}

/// Moves `delta` entries through the session history (negative: back).
pub(crate) fn history_go(delta: i32) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.go_with_delta(delta);
    }
}

/// The step of `flow` that a history state records, if it is one of ours for that flow.
pub(crate) fn history_step(state: &JsValue, flow: &str) -> Option<usize> {
    let owner = js_sys::Reflect::get(state, &JsValue::from_str(HISTORY_KEY))
        .ok()?
        .as_string()?;
    let step = js_sys::Reflect::get(state, &JsValue::from_str("step"))
        .ok()?
        .as_f64()?;
    (owner == flow && step >= 0.0 && step.fract() == 0.0).then_some(step as usize)
}

/// The state a `popstate` event carries (`null` if none).
pub(crate) fn event_state(event: &web_sys::Event) -> JsValue {
    js_sys::Reflect::get(event, &JsValue::from_str("state")).unwrap_or(JsValue::NULL)
}

/// The current history entry's state.
pub(crate) fn history_state() -> JsValue {
    window()
        .and_then(|w| w.history().ok())
        .and_then(|h| h.state().ok())
        .unwrap_or(JsValue::NULL)
}

/// Session storage, or `None` where the page or browser blocks it (the getter may throw).
fn session_storage() -> Option<web_sys::Storage> {
    window()?.session_storage().ok().flatten()
}

pub(crate) fn session_get(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

pub(crate) fn session_set(key: &str, value: &str) {
    if let Some(s) = session_storage() {
        let _ = s.set_item(key, value);
    }
}

pub(crate) fn session_remove(key: &str) {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(key);
    }
}

/// Navigates to `url` (already checked to be http(s) or relative). A same-page anchor fires
/// `popstate` at once, and the page's listeners run: call it as a `guard::effect`.
pub(crate) fn navigate(url: &str) {
    if let Some(w) = window() {
        let _ = w.location().assign(url);
    }
}

/// The value of an `<input>`.
pub(crate) fn input_value(e: &Element) -> Option<String> {
    e.dyn_ref::<web_sys::HtmlInputElement>().map(|i| i.value())
}

/// Whether an `<input type=checkbox>` is ticked.
pub(crate) fn is_checked(e: &Element) -> bool {
    e.dyn_ref::<web_sys::HtmlInputElement>()
        .is_some_and(|i| i.checked())
}

/// The elements matching `selector` inside `root`.
pub(crate) fn select_all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root
        .unchecked_ref::<PElement>()
        .proto_query_selector_all(selector)
    else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// The page's localStorage, or `None` where the page or browser blocks it (the getter may
/// throw, e.g. with cookies disabled).
pub(crate) fn local_storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// The value of `key`; `Err` when storage cannot be read.
pub(crate) fn local_get(key: &str) -> Result<Option<String>, ()> {
    local_storage().ok_or(())?.get_item(key).map_err(|_| ())
}

/// Stores `value` under `key`; `Err` when storage is blocked or full (QuotaExceededError).
pub(crate) fn local_set(key: &str, value: &str) -> Result<(), ()> {
    local_storage()
        .ok_or(())?
        .set_item(key, value)
        .map_err(|_| ())
}

pub(crate) fn local_remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// Milliseconds since the epoch.
pub(crate) fn now() -> f64 {
    js_sys::Date::now()
}

/// The page's path, e.g. `/products/kenya`.
pub(crate) fn path() -> String {
    window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// The query parameter `name` of the page's URL.
pub(crate) fn query_param(name: &str) -> Option<String> {
    let href = window()?.location().href().ok()?;
    web_sys::Url::new(&href).ok()?.search_params().get(name)
}

/// Whether the browser sends Global Privacy Control.
pub(crate) fn global_privacy_control() -> bool {
    let Some(w) = window() else { return false };
    js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("globalPrivacyControl"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Reads a value from the page: the element `selector` finds inside `context` (or `context`
/// itself), then its attribute `attribute` (or its text), trimmed.
pub(crate) fn read_probe(
    context: &Element,
    selector: Option<&str>,
    attribute: Option<&str>,
) -> Option<String> {
    value_of(&probe_target(context, selector)?, attribute)
}

/// The element `selector` finds inside `context`, or `context` itself without a selector.
fn probe_target(context: &Element, selector: Option<&str>) -> Option<Element> {
    match selector {
        Some(s) => context
            .unchecked_ref::<PElement>()
            .proto_query_selector(s)
            .ok()
            .flatten(),
        None => Some(context.clone()),
    }
}

/// `target`'s attribute `attribute` (its text without one), trimmed; `None` when empty.
fn value_of(target: &Element, attribute: Option<&str>) -> Option<String> {
    let raw = match attribute {
        Some(a) => target.unchecked_ref::<PElement>().proto_get_attribute(a)?,
        None => target.unchecked_ref::<PNode>().proto_text_content()?,
    };
    let trimmed = raw.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// The text of an element of the page's.
pub(crate) fn text(e: &Element) -> Option<String> {
    e.unchecked_ref::<PNode>().proto_text_content()
}

/// Reads a value near `button`: the element `selector` finds in the nearest ancestor that has
/// one (a product page's quantity field beside its add-to-basket button), then its
/// `attribute` (an input's `value` is its current value) or its text.
pub(crate) fn read_near(
    button: &Element,
    selector: Option<&str>,
    attribute: Option<&str>,
) -> Option<String> {
    let mut scope = Some(button.clone());
    let target = loop {
        let here = scope?;
        if let Some(found) = probe_target(&here, selector) {
            break found;
        }
        scope = parent(&here);
    };
    // A form field's current value (an <input>, a <select>), not its default.
    let live = (attribute == Some("value"))
        .then(|| {
            js_sys::Reflect::get(&target, &JsValue::from_str("value"))
                .ok()?
                .as_string()
        })
        .flatten()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    live.or_else(|| value_of(&target, attribute))
}

/// The Navigation API object (single-page shops' navigations), where the browser has it.
pub(crate) fn navigation() -> Option<web_sys::EventTarget> {
    let w = window()?;
    js_sys::Reflect::get(&w, &JsValue::from_str("navigation"))
        .ok()?
        .dyn_into::<web_sys::EventTarget>()
        .ok()
}

/// An observer that calls `callback` when `observe`d subtrees change.
pub(crate) fn observer(callback: &Closure<dyn Fn()>) -> Option<web_sys::MutationObserver> {
    web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()).ok()
}

/// Watches the basket and nothing else of the page: every change inside `parts` (the element
/// holding the lines, the total), their text and the `attributes` named (only those: a page
/// animating `style` or `class` costs nothing), and elements added or removed right inside
/// any of their ancestors (the shop replacing the basket). With no parts (an empty basket),
/// elements added or removed anywhere in `<body>`.
pub(crate) fn observe_basket(
    observer: &web_sys::MutationObserver,
    parts: &[Element],
    attributes: &[String],
) {
    observer.disconnect();
    let shallow = web_sys::MutationObserverInit::new();
    shallow.set_child_list(true);
    if parts.is_empty() {
        shallow.set_subtree(true);
        if let Some(body) = body() {
            let _ = observer.observe_with_options(&body, &shallow);
        }
        return;
    }
    for part in parts {
        let mut up = parent(part);
        while let Some(ancestor) = up {
            let _ = observer.observe_with_options(&ancestor, &shallow);
            up = parent(&ancestor);
        }
    }
    let deep = web_sys::MutationObserverInit::new();
    deep.set_child_list(true);
    deep.set_subtree(true);
    deep.set_character_data(true);
    if !attributes.is_empty() {
        let names = js_sys::Array::new();
        for a in attributes {
            names.push(&JsValue::from_str(a));
        }
        deep.set_attribute_filter(&names);
    }
    for part in parts {
        let _ = observer.observe_with_options(part, &deep);
    }
}

/// The nearest element that holds every one of `elements` (`None` for none).
pub(crate) fn common_ancestor(elements: &[&Element]) -> Option<Element> {
    let (first, rest) = elements.split_first()?;
    let mut ancestor = (*first).clone();
    for e in rest {
        while !ancestor
            .unchecked_ref::<PNode>()
            .proto_contains(e.unchecked_ref())
        {
            ancestor = ancestor.unchecked_ref::<PNode>().proto_parent_element()?;
        }
    }
    Some(ancestor)
}

/// The element's parent element, if any.
pub(crate) fn parent(e: &Element) -> Option<Element> {
    e.unchecked_ref::<PNode>().proto_parent_element()
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type DateTimeFormat;

    #[wasm_bindgen(constructor, catch, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn new(locale: &str, options: &js_sys::Object) -> Result<DateTimeFormat, JsValue>;

    #[wasm_bindgen(method, catch, js_name = formatToParts)]
    fn format_to_parts(
        this: &DateTimeFormat,
        date: &js_sys::Date,
    ) -> Result<js_sys::Array, JsValue>;
}

/// Today's date (`YYYY-MM-DD`), weekday (1 = Monday) and hour in `time_zone` (IANA), or in
/// the visitor's own zone when none is given or the browser does not know it.
pub(crate) fn local_time(time_zone: Option<&str>) -> (String, u8, u8) {
    let now = js_sys::Date::new_0();
    let fallback = || {
        let weekday = match now.get_day() {
            0 => 7,
            d => d as u8,
        };
        let date = format!(
            "{:04}-{:02}-{:02}",
            now.get_full_year(),
            now.get_month() + 1,
            now.get_date()
        );
        (date, weekday, now.get_hours() as u8)
    };
    let Some(tz) = time_zone else {
        return fallback();
    };
    let options = js_sys::Object::new();
    for (k, v) in [
        ("timeZone", tz),
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("hourCycle", "h23"),
        ("weekday", "short"),
    ] {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    let Ok(parts) = DateTimeFormat::new("en-US", &options).and_then(|f| f.format_to_parts(&now))
    else {
        return fallback();
    };
    let part = |name: &str| {
        parts.iter().find_map(|p| {
            let kind = js_sys::Reflect::get(&p, &JsValue::from_str("type"))
                .ok()?
                .as_string()?;
            (kind == name)
                .then(|| {
                    js_sys::Reflect::get(&p, &JsValue::from_str("value"))
                        .ok()?
                        .as_string()
                })
                .flatten()
        })
    };
    let (Some(y), Some(m), Some(d), Some(h), Some(w)) = (
        part("year"),
        part("month"),
        part("day"),
        part("hour"),
        part("weekday"),
    ) else {
        return fallback();
    };
    let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .position(|x| *x == w)
        .map_or(1, |i| i as u8 + 1);
    (
        format!("{y}-{m}-{d}"),
        weekday,
        crate::core::json::parse_number(&h).unwrap_or(0.0) as u8,
    )
}

/// The visitor's device: a phone when the pointer is coarse and the viewport narrow.
pub(crate) fn device() -> crate::core::message::Device {
    use crate::core::message::Device;
    if is_mobile() {
        Device::Mobile
    } else {
        Device::Desktop
    }
}

fn is_mobile() -> bool {
    let Some(w) = window() else { return false };
    let coarse = w
        .match_media("(pointer: coarse)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    let narrow = w
        .inner_width()
        .ok()
        .and_then(|v| v.as_f64())
        .is_some_and(|x| x < 768.0);
    coarse && narrow
}

/// Copies `text` to the clipboard (where the page allows it).
pub(crate) fn copy_text(text: &str) {
    if let Some(w) = window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Dispatches `shop-assistant:<name>` on the document, with `detail` (JSON) as its detail, so
/// shops can feed their own analytics; with `data_layer`, also pushes
/// `{event: "shop-assistant.<name>", ...detail}` to an existing `window.dataLayer`. Both run
/// the page's code: call it as a `guard::effect`.
pub(crate) fn announce(name: &str, detail: &str, data_layer: bool) {
    let Some(doc) = document() else { return };
    let init = web_sys::CustomEventInit::new();
    let value = js_sys::JSON::parse(detail).unwrap_or(JsValue::NULL);
    if data_layer {
        push_data_layer(name, detail);
    }
    init.set_detail(&value);
    if let Ok(event) =
        web_sys::CustomEvent::new_with_event_init_dict(&format!("shop-assistant:{name}"), &init)
    {
        let _ = doc.unchecked_ref::<PEventTarget>().proto_dispatch(&event);
    }
}

/// How far down the page the bottom of the window is, in percent of the page's height (100
/// for a page that fits the window).
pub(crate) fn scroll_depth() -> f64 {
    let (Some(w), Some(root)) = (window(), root_element()) else {
        return 0.0;
    };
    let seen = scroll_y()
        + w.inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
    let height = f64::from(root.scroll_height());
    if height <= 0.0 {
        return 100.0;
    }
    (seen / height * 100.0).clamp(0.0, 100.0)
}

/// How far the page is scrolled down (px).
pub(crate) fn scroll_y() -> f64 {
    window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0)
}

/// `window.dataLayer.push({event: "shop-assistant.<name>", ...detail})`, if the page has a
/// `dataLayer` array (the assistant never creates one).
fn push_data_layer(name: &str, detail: &str) {
    let Ok(entry) = js_sys::JSON::parse(detail) else {
        return;
    };
    let _ = js_sys::Reflect::set(
        &entry,
        &JsValue::from_str("event"),
        &JsValue::from_str(&format!("shop-assistant.{name}")),
    );
    push_entry(&entry);
}

/// `window.dataLayer.push(entry)` for each of `entries` (a JSON array), if the page has a
/// `dataLayer` array: the GA4 events the config asks for.
pub(crate) fn push_data_layer_entries(entries: &str) {
    let Ok(list) = js_sys::JSON::parse(entries) else {
        return;
    };
    if let Some(list) = list.dyn_ref::<js_sys::Array>() {
        for entry in list.iter() {
            push_entry(&entry);
        }
    }
}

fn push_entry(entry: &JsValue) {
    let Some(w) = window() else { return };
    let Ok(layer) = js_sys::Reflect::get(&w, &JsValue::from_str("dataLayer")) else {
        return;
    };
    if !js_sys::Array::is_array(&layer) {
        return;
    }
    let Ok(push) = js_sys::Reflect::get(&layer, &JsValue::from_str("push")) else {
        return;
    };
    if let Some(push) = push.dyn_ref::<js_sys::Function>() {
        let _ = push.call1(&layer, entry);
    }
}
