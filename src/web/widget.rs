//! Builds the widget's DOM from the views computed in `core::view`.
//!
//! Every merchant text goes in with `set_text_content`; every link was checked by
//! `core::url` when the config was read. Buttons carry `data-action` (and `data-id`) so one
//! delegated listener on the shadow root handles all clicks.

use super::dom::{append, attr, el, el_text, format_price, DomResult};
use crate::core::config::Position;
use crate::core::view::{Body, DialogView, ProductView, QuestionView, ResultsView};
use web_sys::{Document, Element, ShadowRoot};

/// The id of the dialog title, for `aria-labelledby`.
const TITLE_ID: &str = "sa-title";

/// Creates the host element at the end of `<body>` with an open shadow root that holds
/// everything the assistant shows.
pub(crate) fn render_host(doc: &Document, css: &str) -> DomResult<(Element, ShadowRoot)> {
    let host = el(doc, "div", "")?;
    attr(&host, "data-shop-assistant", "")?;
    let root = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
    super::dom::adopt_css(&root, css)?;
    let body = doc
        .body()
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("the page has no <body>"))?;
    append(&body, &host)?;
    Ok((host, root))
}

/// The floating button that opens `flow`.
pub(crate) fn render_launcher(
    doc: &Document,
    root: &ShadowRoot,
    label: &str,
    flow: &str,
    position: Position,
) -> DomResult<Element> {
    let corner = match position {
        Position::BottomRight => "launcher right",
        Position::BottomLeft => "launcher left",
    };
    let button = el_text(doc, "button", corner, label)?;
    attr(&button, "type", "button")?;
    attr(&button, "data-action", "open")?;
    attr(&button, "data-id", flow)?;
    attr(&button, "aria-haspopup", "dialog")?;
    append(root, &button)?;
    Ok(button)
}

/// The dialog frame (backdrop, title bar, empty body), appended to `root`.
/// Returns the backdrop (the layer to remove on close) and the dialog element.
pub(crate) fn render_dialog(
    doc: &Document,
    root: &ShadowRoot,
    view: &DialogView,
) -> DomResult<(Element, Element)> {
    let backdrop = el(doc, "div", "backdrop")?;
    attr(&backdrop, "data-action", "backdrop")?;
    let dialog = el(doc, "div", "dialog")?;
    attr(&dialog, "role", "dialog")?;
    attr(&dialog, "aria-modal", "true")?;
    attr(&dialog, "aria-labelledby", TITLE_ID)?;
    append(&backdrop, &dialog)?;
    render_dialog_content(doc, &dialog, view)?;
    append(root, &backdrop)?;
    Ok((backdrop, dialog))
}

/// Fills `dialog` with the title bar and the current step, replacing what was there.
pub(crate) fn render_dialog_content(
    doc: &Document,
    dialog: &Element,
    view: &DialogView,
) -> DomResult<()> {
    super::dom::clear(dialog);
    attr(dialog, "lang", &view.locale)?;
    attr(dialog, "dir", if view.rtl { "rtl" } else { "ltr" })?;
    attr(dialog, "data-flow", &view.flow)?;

    let header = el(doc, "div", "header")?;
    let title = el_text(doc, "h2", "title", &view.title)?;
    attr(&title, "id", TITLE_ID)?;
    append(&header, &title)?;
    let close = action_button(doc, "close", "", "×", "icon")?;
    attr(&close, "aria-label", view.labels.close)?;
    append(&header, &close)?;
    append(dialog, &header)?;

    let body = el(doc, "div", "body")?;
    match &view.body {
        Body::Question(q) => render_question(doc, &body, q)?,
        Body::Results(r) => render_results(doc, &body, r, view)?,
    }
    append(dialog, &body)?;

    let footer = el(doc, "div", "footer")?;
    if view.can_go_back {
        append(
            &footer,
            &action_button(doc, "back", "", view.labels.back, "secondary")?,
        )?;
    }
    if matches!(view.body, Body::Results(_)) {
        append(
            &footer,
            &action_button(doc, "restart", "", view.labels.restart, "secondary")?,
        )?;
    }
    append(dialog, &footer)?;
    Ok(())
}

fn render_question(doc: &Document, body: &Element, q: &QuestionView) -> DomResult<()> {
    let text_id = format!("sa-q-{}", q.id);
    let text = el_text(doc, "p", "question", &q.text)?;
    attr(&text, "id", &text_id)?;
    append(body, &text)?;
    if let Some(help) = &q.help {
        append(body, &el_text(doc, "p", "help", help)?)?;
    }
    let group = el(doc, "div", "answers")?;
    attr(&group, "role", "group")?;
    attr(&group, "aria-labelledby", &text_id)?;
    for a in &q.answers {
        append(
            &group,
            &action_button(doc, "answer", &a.id, &a.label, "answer")?,
        )?;
    }
    append(body, &group)?;
    Ok(())
}

fn render_results(
    doc: &Document,
    body: &Element,
    r: &ResultsView,
    view: &DialogView,
) -> DomResult<()> {
    let heading = if r.exact {
        view.labels.results
    } else {
        view.labels.closest
    };
    append(body, &el_text(doc, "p", "question", heading)?)?;
    if r.products.is_empty() {
        append(body, &el_text(doc, "p", "help", view.labels.none)?)?;
        return Ok(());
    }
    if !r.exact {
        append(body, &el_text(doc, "p", "help", view.labels.closest_note)?)?;
    }
    let list = el(doc, "ul", "results")?;
    for (rank, p) in r.products.iter().enumerate() {
        append(&list, &render_product(doc, p, rank == 0, view)?)?;
    }
    append(body, &list)?;
    Ok(())
}

fn render_product(
    doc: &Document,
    p: &ProductView,
    best: bool,
    view: &DialogView,
) -> DomResult<Element> {
    let item = el(doc, "li", if best { "product best" } else { "product" })?;
    attr(&item, "data-product", &p.id)?;
    if let Some(src) = &p.image {
        let img = el(doc, "img", "thumb")?;
        attr(&img, "src", src)?;
        // The name follows right after, so the picture is decorative for screen readers.
        attr(&img, "alt", "")?;
        attr(&img, "loading", "lazy")?;
        append(&item, &img)?;
    }
    let info = el(doc, "div", "info")?;
    append(&info, &el_text(doc, "p", "name", &p.name)?)?;
    append(
        &info,
        &el_text(
            doc,
            "p",
            "price",
            &format_price(p.price, &p.currency, &view.locale),
        )?,
    )?;
    if !p.matched.is_empty() {
        let why = format!("{}: {}", view.labels.matches, p.matched.join(", "));
        append(&info, &el_text(doc, "p", "why", &why)?)?;
    }
    if !p.missed.is_empty() {
        let why = format!("{}: {}", view.labels.misses, p.missed.join(", "));
        append(&info, &el_text(doc, "p", "why missed", &why)?)?;
    }
    let link = el_text(doc, "a", "cta", view.labels.view_product)?;
    attr(&link, "href", &p.url)?;
    attr(&link, "data-action", "choose")?;
    attr(&link, "data-id", &p.id)?;
    // "View product" alone is ambiguous in a list of links; name the product for screen readers.
    attr(
        &link,
        "aria-label",
        &format!("{}: {}", view.labels.view_product, p.name),
    )?;
    append(&info, &link)?;
    append(&item, &info)?;
    Ok(item)
}

fn action_button(
    doc: &Document,
    action: &str,
    id: &str,
    label: &str,
    class: &str,
) -> DomResult<Element> {
    let b = el_text(doc, "button", class, label)?;
    attr(&b, "type", "button")?;
    attr(&b, "data-action", action)?;
    if !id.is_empty() {
        attr(&b, "data-id", id)?;
    }
    Ok(b)
}

/// The first answer button, or else the first link, or else the close button: where focus
/// goes when a step is shown.
pub(crate) fn first_control(dialog: &Element) -> Option<Element> {
    [
        "[data-action=answer]",
        "[data-action=choose]",
        "[data-action=close]",
    ]
    .iter()
    .find_map(|s| dialog.query_selector(s).ok().flatten())
}
