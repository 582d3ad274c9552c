//! Builds the widget's DOM from the views computed in `core::view`.
//!
//! Every merchant text goes in with `set_text_content`; every link and picture URL was
//! checked by `core::url` when the config was read. Controls carry `data-action` (and
//! `data-id`) so one delegated listener per shadow root handles all clicks.

use super::dom::{append, attr, el, el_text, format_number, format_price, DomResult};
use crate::core::config::Position;
use crate::core::json::number_text;
use crate::core::view::{
    AnswerView, Body, DialogView, InputView, ProductView, QuestionView, RangeView, ReasonView,
    ResultsView,
};
use web_sys::{Document, Element, ShadowRoot};

/// What a click on one of the widget's own controls does: written as its `data-action` when
/// drawn, read back when clicked (`surfaces::on_click`, which handles every one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// The launcher: open its flow (`data-id`).
    Open,
    /// The dialog's close button.
    Close,
    /// The modal's backdrop (a click on it, not on the dialog, closes).
    Backdrop,
    /// An answer of a single-choice question (`data-id`).
    Answer,
    /// "Continue" under a multiple-choice question.
    SubmitMany,
    /// "Continue" under a range.
    SubmitRange,
    /// The question's skip answer ("Not sure").
    Skip,
    /// A message's button (`data-id`: its index).
    Message,
    /// A message's close button.
    MessageClose,
    /// A survey score (`data-id`).
    Survey,
    /// Back one question.
    Back,
    /// Back to the first question.
    Restart,
    /// A result's link to its product page (`data-id`: the product).
    Choose,
}

impl Action {
    const ALL: [Action; 13] = [
        Action::Open,
        Action::Close,
        Action::Backdrop,
        Action::Answer,
        Action::SubmitMany,
        Action::SubmitRange,
        Action::Skip,
        Action::Message,
        Action::MessageClose,
        Action::Survey,
        Action::Back,
        Action::Restart,
        Action::Choose,
    ];

    /// Its `data-action` value.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Action::Open => "open",
            Action::Close => "close",
            Action::Backdrop => "backdrop",
            Action::Answer => "answer",
            Action::SubmitMany => "submit-many",
            Action::SubmitRange => "submit-range",
            Action::Skip => "skip",
            Action::Message => "msg",
            Action::MessageClose => "msg-close",
            Action::Survey => "survey",
            Action::Back => "back",
            Action::Restart => "restart",
            Action::Choose => "choose",
        }
    }

    /// The action a control's `data-action` names.
    pub(crate) fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// The id of the dialog title, for `aria-labelledby`.
const TITLE_ID: &str = "sa-title";
/// The id of the note explaining unavailable answers, for `aria-describedby`.
const UNAVAILABLE_ID: &str = "sa-unavailable";

/// Creates an element holding an open shadow root with the widget's styles, appended to
/// `parent` (the end of `<body>` for the floating layer, a merchant's element for inline).
/// Where a new shadow root's stylesheet comes from.
pub(crate) enum Style<'a> {
    /// The widget's CSS, parsed for this root (the page's first).
    Parse(&'a str),
    /// The sheet another root already parsed: an inline flow shares the page root's.
    Share(&'a ShadowRoot),
}

pub(crate) fn render_host(
    doc: &Document,
    parent: &Element,
    style: Style,
) -> DomResult<(Element, ShadowRoot)> {
    let (host, root) = host_element(doc, style)?;
    append(parent, &host)?;
    Ok((host, root))
}

/// A host right after `anchor` (a recommendation block placed by its `after` selector).
pub(crate) fn render_host_after(
    doc: &Document,
    anchor: &Element,
    style: Style,
) -> DomResult<(Element, ShadowRoot)> {
    let (host, root) = host_element(doc, style)?;
    super::dom::insert_after(anchor, &host)?;
    Ok((host, root))
}

/// A recommendation block on the page, replacing what its root held.
pub(crate) fn render_shelf(
    doc: &Document,
    root: &ShadowRoot,
    view: &crate::core::view::BlockView,
    locale: &str,
) -> DomResult<()> {
    let section = cards_section(doc, view, locale, "h2", "shelf")?;
    super::dom::clear(root);
    append(root, &section)
}

/// A recommendation block: its heading (`heading`: its tag, below the heading around it) and
/// a row of product cards (a list of links, scrolled sideways when wider than its room),
/// each with its picture, name, price and reason. `place` names where it is for the ids.
fn cards_section(
    doc: &Document,
    view: &crate::core::view::BlockView,
    locale: &str,
    heading: &str,
    place: &str,
) -> DomResult<Element> {
    let section = el(doc, "section", "shelf")?;
    if view.cards.is_empty() {
        // Nothing to recommend: the block takes no room.
        attr(&section, "hidden", "")?;
    }
    if let Some(title) = &view.title {
        let id = format!("sa-{place}-{}", view.id);
        let heading = el_text(doc, heading, "shelf-title", title)?;
        attr(&heading, "id", &id)?;
        attr(&section, "aria-labelledby", &id)?;
        append(&section, &heading)?;
    }
    let list = el(doc, "ul", "shelf-list")?;
    // Safari drops list semantics from a list without bullets unless the role is explicit.
    attr(&list, "role", "list")?;
    for (i, card) in view.cards.iter().enumerate() {
        let item = el(doc, "li", "card")?;
        let link = el(doc, "a", "card-link")?;
        attr(&link, "href", &card.url)?;
        attr(&link, "data-product", &card.id)?;
        attr(&link, "data-block", &view.id)?;
        attr(&link, "data-strategy", card.strategy)?;
        attr(&link, "data-position", &(i + 1).to_string())?;
        match &card.image {
            Some(src) => {
                let img = el(doc, "img", "card-img")?;
                attr(&img, "src", src)?;
                // The name follows: the picture is decorative for screen readers.
                attr(&img, "alt", "")?;
                attr(&img, "loading", "lazy")?;
                append(&link, &img)?;
            }
            None => append(&link, &el(doc, "span", "card-img")?)?,
        }
        append(&link, &el_text(doc, "span", "card-name", &card.name)?)?;
        let price = format_price(card.price, &card.currency, locale);
        append(&link, &el_text(doc, "span", "card-price", &price)?)?;
        if let Some(reason) = &card.reason {
            append(&link, &el_text(doc, "span", "card-reason", reason)?)?;
        }
        append(&item, &link)?;
        append(&list, &item)?;
    }
    append(&section, &list)?;
    Ok(section)
}

/// A host at the very top of `body`, in the page's flow: a top bar drawn in it pushes the
/// page down instead of covering the shop's announcement bar and sticky header.
pub(crate) fn render_top_host(
    doc: &Document,
    body: &Element,
    shared: &ShadowRoot,
) -> DomResult<(Element, ShadowRoot)> {
    let (host, root) = host_element(doc, Style::Share(shared))?;
    attr(&host, "data-shop-assistant-top", "")?;
    body.prepend_with_node_1(&host)?;
    Ok((host, root))
}

fn host_element(doc: &Document, style: Style) -> DomResult<(Element, ShadowRoot)> {
    let host = el(doc, "div", "")?;
    attr(&host, "data-shop-assistant", "")?;
    let root = super::dom::attach_shadow(&host)?;
    match style {
        Style::Parse(css) => super::dom::adopt_css(&root, css)?,
        Style::Share(other) => root.set_adopted_style_sheets(&other.adopted_style_sheets()),
    }
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
    attr(&button, "data-action", Action::Open.name())?;
    attr(&button, "data-id", flow)?;
    attr(&button, "aria-haspopup", "dialog")?;
    append(root, &button)?;
    Ok(button)
}

/// A modal dialog (backdrop, title bar, current step), appended to `root`.
/// Returns the backdrop (the layer to remove on close) and the dialog element.
pub(crate) fn render_modal(
    doc: &Document,
    root: &ShadowRoot,
    view: &DialogView,
) -> DomResult<(Element, Element)> {
    let backdrop = el(doc, "div", "backdrop")?;
    attr(&backdrop, "data-action", Action::Backdrop.name())?;
    let dialog = el(doc, "div", "dialog")?;
    attr(&dialog, "role", "dialog")?;
    attr(&dialog, "aria-modal", "true")?;
    attr(&dialog, "aria-labelledby", TITLE_ID)?;
    append(&backdrop, &dialog)?;
    render_dialog_content(doc, &dialog, view, true)?;
    append(root, &backdrop)?;
    Ok((backdrop, dialog))
}

/// A flow shown in the page itself (a merchant's `data-shop-assistant-flow` element).
pub(crate) fn render_inline(
    doc: &Document,
    root: &ShadowRoot,
    view: &DialogView,
) -> DomResult<Element> {
    let panel = el(doc, "section", "dialog inline")?;
    attr(&panel, "aria-labelledby", TITLE_ID)?;
    render_dialog_content(doc, &panel, view, false)?;
    append(root, &panel)?;
    Ok(panel)
}

/// Fills `dialog` with the title bar and the current step, replacing what was there.
pub(crate) fn render_dialog_content(
    doc: &Document,
    dialog: &Element,
    view: &DialogView,
    modal: bool,
) -> DomResult<()> {
    super::dom::clear(dialog);
    attr(dialog, "lang", &view.locale)?;
    attr(dialog, "dir", if view.rtl { "rtl" } else { "ltr" })?;
    attr(dialog, "data-flow", &view.flow)?;

    let header = el(doc, "div", "header")?;
    let title = el_text(doc, "h2", "title", &view.title)?;
    attr(&title, "id", TITLE_ID)?;
    append(&header, &title)?;
    if modal {
        let close = action_button(doc, Action::Close, "", "×", "icon")?;
        attr(&close, "aria-label", &view.labels.close)?;
        append(&header, &close)?;
    }
    append(dialog, &header)?;

    let body = el(doc, "div", "body")?;
    match &view.body {
        Body::Question(q) => render_question(doc, &body, q, view)?,
        Body::Results(r) => render_results(doc, &body, r, view)?,
    }
    append(dialog, &body)?;

    let footer = el(doc, "div", "footer")?;
    if view.can_go_back {
        append(
            &footer,
            &action_button(doc, Action::Back, "", &view.labels.back, "secondary")?,
        )?;
    }
    if matches!(view.body, Body::Results(_)) {
        append(
            &footer,
            &action_button(doc, Action::Restart, "", &view.labels.restart, "secondary")?,
        )?;
    }
    append(dialog, &footer)?;
    Ok(())
}

fn render_question(
    doc: &Document,
    body: &Element,
    q: &QuestionView,
    view: &DialogView,
) -> DomResult<()> {
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
    match &q.input {
        InputView::Buttons => {
            for a in &q.answers {
                append(&group, &answer_button(doc, a, "answer")?)?;
            }
        }
        InputView::Images => {
            group.set_class_name("answers images");
            for a in &q.answers {
                let b = answer_button(doc, a, "answer image-answer")?;
                b.set_text_content(None);
                if let Some(src) = &a.image {
                    let img = el(doc, "img", "")?;
                    attr(&img, "src", src)?;
                    attr(&img, "alt", a.alt.as_deref().unwrap_or(""))?;
                    append(&b, &img)?;
                }
                append(&b, &el_text(doc, "span", "caption", &a.label)?)?;
                append(&group, &b)?;
            }
        }
        InputView::Checkboxes => {
            for a in &q.answers {
                let label = el(doc, "label", "check")?;
                let input = el(doc, "input", "")?;
                attr(&input, "type", "checkbox")?;
                attr(&input, "value", &a.id)?;
                if !a.available {
                    attr(&input, "disabled", "")?;
                    attr(&input, "aria-describedby", UNAVAILABLE_ID)?;
                }
                append(&label, &input)?;
                append(&label, &el_text(doc, "span", "", &a.label)?)?;
                append(&group, &label)?;
            }
        }
        InputView::Range(r) => render_range(doc, &group, r, &text_id, view)?,
    }
    append(body, &group)?;
    if q.answers.iter().any(|a| !a.available) {
        let note = el_text(doc, "p", "help unavailable", &view.labels.unavailable)?;
        attr(&note, "id", UNAVAILABLE_ID)?;
        append(body, &note)?;
    }
    let actions = el(doc, "div", "actions")?;
    if matches!(q.input, InputView::Checkboxes) {
        append(
            &actions,
            &action_button(doc, Action::SubmitMany, "", &view.labels.next, "primary")?,
        )?;
    }
    if matches!(q.input, InputView::Range(_)) {
        append(
            &actions,
            &action_button(doc, Action::SubmitRange, "", &view.labels.next, "primary")?,
        )?;
    }
    if let Some(skip) = &q.skip {
        append(
            &actions,
            &action_button(doc, Action::Skip, "", skip, "secondary")?,
        )?;
    }
    if actions.first_child().is_some() {
        append(body, &actions)?;
    }
    Ok(())
}

fn answer_button(doc: &Document, a: &AnswerView, class: &str) -> DomResult<Element> {
    let b = action_button(doc, Action::Answer, &a.id, &a.label, class)?;
    if !a.available {
        // Still focusable, so screen-reader users hear the answer and why it is unavailable.
        attr(&b, "aria-disabled", "true")?;
        attr(&b, "aria-describedby", UNAVAILABLE_ID)?;
    }
    Ok(b)
}

fn render_range(
    doc: &Document,
    group: &Element,
    r: &RangeView,
    label_id: &str,
    view: &DialogView,
) -> DomResult<()> {
    let input = el(doc, "input", "range")?;
    attr(&input, "type", "range")?;
    attr(&input, "id", "sa-range")?;
    attr(&input, "min", &number_text(r.min))?;
    attr(&input, "max", &number_text(r.max))?;
    attr(&input, "step", &number_text(r.step))?;
    attr(&input, "value", &number_text(r.value))?;
    attr(&input, "aria-labelledby", label_id)?;
    let shown = amount_text(&r.prefix, r.value, r.currency.as_deref(), &view.locale);
    attr(&input, "aria-valuetext", &shown)?;
    // What the input listener needs to redraw the value as the slider moves.
    attr(&input, "data-prefix", &r.prefix)?;
    attr(&input, "data-currency", r.currency.as_deref().unwrap_or(""))?;
    attr(&input, "data-locale", &view.locale)?;
    let output = el_text(doc, "output", "amount", &shown)?;
    attr(&output, "for", "sa-range")?;
    append(group, &output)?;
    append(group, &input)?;
    if let Some((lo, hi)) = r.span {
        let cur = r.currency.as_deref();
        let span = format!(
            "{}: {} – {}",
            &view.labels.span,
            value_text(lo, cur, &view.locale),
            value_text(hi, cur, &view.locale)
        );
        append(group, &el_text(doc, "p", "help", &span)?)?;
    }
    Ok(())
}

/// Redraws a range question's value while its slider moves.
pub(crate) fn update_range_output(input: &Element, value: f64) -> DomResult<()> {
    let prefix = input.get_attribute("data-prefix").unwrap_or_default();
    let currency = input
        .get_attribute("data-currency")
        .filter(|c| !c.is_empty());
    let locale = input.get_attribute("data-locale").unwrap_or_default();
    let shown = amount_text(&prefix, value, currency.as_deref(), &locale);
    attr(input, "aria-valuetext", &shown)?;
    if let Some(output) = input
        .parent_element()
        .and_then(|g| g.query_selector("output").ok().flatten())
    {
        output.set_text_content(Some(&shown));
    }
    Ok(())
}

fn value_text(value: f64, currency: Option<&str>, locale: &str) -> String {
    match currency {
        Some(c) => format_price(value, c, locale),
        None => format_number(value, locale),
    }
}

fn amount_text(prefix: &str, value: f64, currency: Option<&str>, locale: &str) -> String {
    format!("{prefix} {}", value_text(value, currency, locale))
}

fn render_results(
    doc: &Document,
    body: &Element,
    r: &ResultsView,
    view: &DialogView,
) -> DomResult<()> {
    let heading = if r.exact {
        &view.labels.results
    } else {
        &view.labels.closest
    };
    append(body, &el_text(doc, "p", "question", heading)?)?;
    if r.pending {
        // The products are still on their way; the results are drawn again when they arrive.
        attr(body, "aria-busy", "true")?;
        return Ok(());
    }
    if r.products.is_empty() {
        append(body, &el_text(doc, "p", "help", &view.labels.none)?)?;
        return Ok(());
    }
    if !r.exact {
        append(body, &el_text(doc, "p", "help", &view.labels.closest_note)?)?;
        if !r.relaxed.is_empty() {
            let (colon, _) = crate::core::text::list_punctuation(&view.locale);
            let note = format!("{}{colon}{}", &view.labels.relaxed, r.relaxed.join(" · "));
            append(body, &el_text(doc, "p", "help relaxed", &note)?)?;
        }
    }
    let list = el(doc, "ul", "results")?;
    for (rank, p) in r.products.iter().enumerate() {
        append(&list, &render_product(doc, p, rank == 0, view)?)?;
    }
    append(body, &list)?;
    if let Some(more) = r.more.as_ref().filter(|m| !m.cards.is_empty()) {
        append(body, &cards_section(doc, more, &view.locale, "h3", "more")?)?;
    }
    Ok(())
}

fn reasons_text(reasons: &[ReasonView], locale: &str) -> String {
    reasons
        .iter()
        .map(|r| match r {
            ReasonView::Text(t) => t.clone(),
            ReasonView::Amount {
                prefix,
                value,
                currency,
            } => amount_text(prefix, *value, currency.as_deref(), locale),
        })
        .collect::<Vec<_>>()
        .join(crate::core::text::list_punctuation(locale).1)
}

fn render_product(
    doc: &Document,
    p: &ProductView,
    best: bool,
    view: &DialogView,
) -> DomResult<Element> {
    let item = el(doc, "li", if best { "product best" } else { "product" })?;
    attr(&item, "data-product", &p.id)?;
    let (colon, _) = crate::core::text::list_punctuation(&view.locale);
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
        let why = format!(
            "{}{colon}{}",
            &view.labels.matches,
            reasons_text(&p.matched, &view.locale)
        );
        append(&info, &el_text(doc, "p", "why", &why)?)?;
    }
    if !p.missed.is_empty() {
        let why = format!(
            "{}{colon}{}",
            &view.labels.misses,
            reasons_text(&p.missed, &view.locale)
        );
        append(&info, &el_text(doc, "p", "why missed", &why)?)?;
    }
    if let Some(liked) = &p.liked {
        append(&info, &el_text(doc, "p", "why liked", liked)?)?;
    }
    let link = el_text(doc, "a", "cta", &view.labels.view_product)?;
    attr(&link, "href", &p.url)?;
    attr(&link, "data-action", Action::Choose.name())?;
    attr(&link, "data-id", &p.id)?;
    // "View product" alone is ambiguous in a list of links; name the product for screen readers.
    attr(
        &link,
        "aria-label",
        &format!("{}: {}", &view.labels.view_product, p.name),
    )?;
    append(&info, &link)?;
    append(&item, &info)?;
    Ok(item)
}

fn action_button(
    doc: &Document,
    action: Action,
    id: &str,
    label: &str,
    class: &str,
) -> DomResult<Element> {
    let b = el_text(doc, "button", class, label)?;
    attr(&b, "type", "button")?;
    attr(&b, "data-action", action.name())?;
    if !id.is_empty() {
        attr(&b, "data-id", id)?;
    }
    Ok(b)
}

/// Replaces a survey's scale with its thank-you text.
pub(crate) fn render_survey_thanks(layer: &Element, thanks: &str) {
    for selector in [".scale", ".scale-ends"] {
        if let Ok(Some(e)) = layer.query_selector(selector) {
            super::dom::remove(&e);
        }
    }
    if let Ok(Some(body)) = layer.query_selector(".message-body") {
        body.set_text_content(Some(thanks));
    }
}

/// Where focus goes when a step is shown: the first available answer, else the first
/// control of the step, else the close button.
pub(crate) fn first_control(dialog: &Element) -> Option<Element> {
    [
        "[data-action=answer]:not([aria-disabled])",
        "input:not([disabled])",
        "[data-action=choose]",
        "[data-action=close]",
        "button",
    ]
    .iter()
    .find_map(|s| dialog.query_selector(s).ok().flatten())
}

/// A message's text with its live values formatted for the visitor.
fn message_text(pieces: &[crate::core::message::Piece], currency: &str, locale: &str) -> String {
    pieces
        .iter()
        .map(|p| match p {
            crate::core::message::Piece::Text(t) => t.clone(),
            crate::core::message::Piece::Money(v) => format_price(*v, currency, locale),
            crate::core::message::Piece::Count(n) => format_number(*n, locale),
            crate::core::message::Piece::Plural { count, forms } => {
                let exact = format!("={}", number_text(*count));
                let category = super::dom::plural_category(*count, locale);
                let form = [exact.as_str(), category.as_str(), "other"]
                    .iter()
                    .find_map(|want| forms.iter().find(|(c, _)| c == want))
                    .or(forms.last());
                form.map_or(String::new(), |(_, text)| {
                    text.replace('#', &format_number(*count, locale))
                })
            }
        })
        .collect()
}

/// The message on screen, filled again (its live values changed): title and text only, so
/// focus and the buttons stay as they are. The bar's `role="status"` announces the change.
pub(crate) fn update_message(
    layer: &Element,
    title: Option<&[crate::core::message::Piece]>,
    body: &[crate::core::message::Piece],
    locale: &str,
    currency: &str,
) {
    for (selector, pieces) in [(".message-title", title), (".message-body", Some(body))] {
        let (Some(pieces), Ok(Some(e))) = (pieces, layer.query_selector(selector)) else {
            continue;
        };
        let text = message_text(pieces, currency, locale);
        if e.text_content().as_deref() != Some(text.as_str()) {
            e.set_text_content(Some(&text));
        }
    }
}

/// A message on screen: its placement, title, text (live values formatted for the visitor)
/// and buttons (`data-action="msg"`, `data-index` of the button). Modals take focus like the
/// flow dialog; slide-ins and bars do not, and announce themselves politely.
pub(crate) fn render_message(
    doc: &Document,
    root: &ShadowRoot,
    m: &crate::core::message::Message,
    shown: &crate::core::message_view::MessageContent,
    cards: Option<&crate::core::view::BlockView>,
    close_label: &str,
    locale: &str,
    currency: &str,
) -> DomResult<Element> {
    use crate::core::message::Placement;
    let (title, body, labels) = (shown.title.as_deref(), &shown.body, &shown.buttons);
    let text = |pieces: &[crate::core::message::Piece]| message_text(pieces, currency, locale);
    let (layer_class, modal) = match m.placement {
        Placement::Modal => ("backdrop", true),
        Placement::SlideIn => ("message slide-in", false),
        Placement::TopBar => ("message bar top", false),
        Placement::BottomBar => ("message bar bottom", false),
    };
    let layer = el(doc, "div", layer_class)?;
    attr(&layer, "data-message", &m.id)?;
    let panel = if modal {
        let dialog = el(doc, "div", "dialog message-dialog")?;
        attr(&dialog, "role", "dialog")?;
        attr(&dialog, "aria-modal", "true")?;
        append(&layer, &dialog)?;
        dialog
    } else {
        layer.clone()
    };
    attr(&panel, "lang", locale)?;
    let content = el(doc, "div", "message-text")?;
    if !modal {
        // Announced without taking focus.
        attr(&content, "role", "status")?;
    }
    if let Some(t) = title {
        let h = el_text(doc, "p", "message-title", &text(t))?;
        attr(&h, "id", "sa-message-title")?;
        append(&content, &h)?;
        if modal {
            attr(&panel, "aria-labelledby", "sa-message-title")?;
        }
    } else if modal {
        attr(&panel, "aria-label", &text(body))?;
    }
    let body_text = el_text(doc, "p", "message-body", &text(body))?;
    attr(&body_text, "id", "sa-message-body")?;
    append(&content, &body_text)?;
    if let Some(note) = &shown.note {
        append(&content, &el_text(doc, "p", "message-note", note)?)?;
    }
    append(&panel, &content)?;
    if let Some(cards) = cards.filter(|c| !c.cards.is_empty()) {
        append(&panel, &cards_section(doc, cards, locale, "p", "message")?)?;
    }
    if let Some((kind, low, high)) = shown.survey.clone() {
        // One button per score, in a group named by the question; the ends are labelled.
        let scale = el(doc, "div", "scale")?;
        attr(&scale, "role", "group")?;
        attr(&scale, "aria-labelledby", "sa-message-body")?;
        for score in kind.scale() {
            let b = action_button(
                doc,
                Action::Survey,
                &score.to_string(),
                &score.to_string(),
                "score",
            )?;
            append(&scale, &b)?;
        }
        append(&panel, &scale)?;
        if low.is_some() || high.is_some() {
            let ends = el(doc, "div", "scale-ends")?;
            append(
                &ends,
                &el_text(doc, "span", "", low.as_deref().unwrap_or(""))?,
            )?;
            append(
                &ends,
                &el_text(doc, "span", "", high.as_deref().unwrap_or(""))?,
            )?;
            append(&panel, &ends)?;
        }
    }
    let actions = el(doc, "div", "actions")?;
    for (i, (b, label)) in m.buttons.iter().zip(labels).enumerate() {
        let class = if matches!(b.action, crate::core::message::Action::Dismiss) {
            "secondary"
        } else {
            "primary"
        };
        let button = action_button(doc, Action::Message, &i.to_string(), label, class)?;
        append(&actions, &button)?;
    }
    append(&panel, &actions)?;
    let close = action_button(doc, Action::MessageClose, "", "×", "icon message-close")?;
    attr(&close, "aria-label", close_label)?;
    append(&panel, &close)?;
    append(root, &layer)?;
    Ok(layer)
}
