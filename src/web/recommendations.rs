//! Recommendation blocks on the page ("shelves"): where each goes (the shop's
//! `data-shop-assistant-recommend` element, or after the element its `after` selector finds),
//! drawing what `core::recommend` picks for this visitor and page, and telling the page what
//! was shown and followed.

use super::*;
use crate::core::profile::Event;
use crate::core::recommend::Situation;

/// The attribute that places a block: `<div data-shop-assistant-recommend="home"></div>`.
pub(super) const RECOMMEND_ATTR: &str = "data-shop-assistant-recommend";

/// A recommendation block on the page.
pub(super) struct Shelf {
    /// The block's id.
    block: String,
    /// The host the assistant added (removed on destroy).
    host: Element,
    root: ShadowRoot,
    /// The products drawn last, to draw (and announce) again only when they change.
    shown: Vec<String>,
    /// What was drawn last, for GA4's `select_item`.
    view: Option<view::BlockView>,
}

impl App {
    /// Puts a host for each block this page shows: in the shop's element naming it, else
    /// after the element the block's `after` selector finds. Returns console warnings.
    pub(super) fn mount_shelves(self: &Rc<Self>, doc: &web_sys::Document) -> Vec<String> {
        let Some(html) = dom::root_element() else {
            return Vec::new();
        };
        // New hosts share the page root's parsed style sheet.
        let page_root = self.ui.borrow().as_ref().map(|ui| ui.root.clone());
        let style = || match &page_root {
            Some(shared) => widget::Style::Share(shared),
            None => widget::Style::Parse(CSS),
        };
        let config = self.config.borrow();
        let page = config.tracking.page_type(&dom::path());
        let targets = dom::select_all(&html, &format!("[{RECOMMEND_ATTR}]"));
        let mut warnings = Vec::new();
        let mut shelves = Vec::new();
        let mut placed_after: Vec<(Element, Element)> = Vec::new();
        for target in &targets {
            let id = dom::attribute(target, RECOMMEND_ATTR).unwrap_or_default();
            if !config.recommendations.blocks.iter().any(|b| b.id == id) {
                let known = config.recommendations.blocks.iter().map(|b| b.id.as_str());
                let hint = crate::core::decode::did_you_mean(&id, known);
                warnings.push(format!("{RECOMMEND_ATTR}=\"{id}\": no such block{hint}"));
            }
        }
        for block in &config.recommendations.blocks {
            if !block.pages.is_empty() && !block.pages.contains(&page) {
                continue;
            }
            let named = targets
                .iter()
                .find(|t| dom::attribute(t, RECOMMEND_ATTR).as_deref() == Some(block.id.as_str()));
            let placed = match (named, &block.after) {
                (Some(target), _) => widget::render_host(doc, target, style()),
                (None, Some(selector)) => match dom::select_all(&html, selector).first() {
                    // Several blocks after one element keep the config's order: each goes
                    // after the one before it.
                    Some(anchor) => {
                        let after = placed_after
                            .iter()
                            .rev()
                            .find(|(a, _)| a == anchor)
                            .map_or(anchor.clone(), |(_, host)| host.clone());
                        let placed = widget::render_host_after(doc, &after, style());
                        if let Ok((host, _)) = &placed {
                            placed_after.push((anchor.clone(), host.clone()));
                        }
                        placed
                    }
                    None => continue,
                },
                (None, None) => continue,
            };
            match placed {
                Ok((host, root)) => {
                    let _ = dom::attr(&host, "data-shop-assistant-shelf", &block.id);
                    shelves.push(Shelf {
                        block: block.id.clone(),
                        host,
                        root,
                        shown: Vec::new(),
                        view: None,
                    });
                }
                Err(e) => warnings.push(format!(
                    "recommendations.blocks.{}: {}",
                    block.id,
                    text_error(e)
                )),
            }
        }
        drop(config);
        let mut ui_ref = self.ui.borrow_mut();
        if let Some(ui) = ui_ref.as_mut() {
            for shelf in &shelves {
                let mut listeners = Vec::new();
                on(
                    &mut listeners,
                    self,
                    &shelf.root,
                    "click",
                    false,
                    Place::Modal,
                    |app, _, _, t| {
                        app.on_card_click(t.as_ref());
                    },
                );
                ui._listeners.extend(listeners);
            }
            ui.shelves.extend(shelves);
        }
        warnings
    }

    /// Draws every shelf with what its block recommends now (once the profile is read and
    /// the products are there); a shelf whose products did not change is left as it is.
    pub(super) fn draw_shelves(&self) {
        if !self.has_shelves()
            || !self.tracker.borrow().loaded
            || self.config.borrow().catalogue_pending()
        {
            return;
        }
        let Some(doc) = dom::document() else { return };
        let mut shown_events = Vec::new();
        let data_layer = self.config.borrow().recommendations.data_layer;
        {
            let config = self.config.borrow();
            let tracker = self.tracker.borrow();
            let profile = tracker.profile(&config.catalogue);
            let situation = situation(&config, &tracker, &profile);
            let mut ui_ref = self.ui.borrow_mut();
            let Some(ui) = ui_ref.as_mut() else { return };
            for shelf in &mut ui.shelves {
                let Some(view) = view::cards(&config, &shelf.block, &situation, None, &self.locale)
                else {
                    continue;
                };
                let ids: Vec<String> = view.cards.iter().map(|c| c.id.clone()).collect();
                if ids == shelf.shown && !ids.is_empty() {
                    continue;
                }
                if let Err(e) = widget::render_shelf(&doc, &shelf.root, &view, &self.locale) {
                    dom::console_error(&format!(
                        "could not show recommendations \"{}\": {}",
                        view.id,
                        text_error(e)
                    ));
                    continue;
                }
                shown_events.extend(announce(&view, data_layer));
                shelf.shown = ids;
                shelf.view = Some(view);
            }
        }
        if !shown_events.is_empty() {
            self.record(shown_events);
        }
    }

    /// A click on a recommended product (in a shelf, a message or under a flow's results):
    /// following it is counted and announced (the link then opens as any link does).
    /// Returns whether the click was on one.
    pub(super) fn on_card_click(&self, target: Option<&Element>) -> bool {
        let Some(card) = target.and_then(|t| dom::closest(t, "a[data-block]")) else {
            return false;
        };
        let attr = |name: &str| dom::attribute(&card, name).unwrap_or_default();
        let (block, product) = (attr("data-block"), attr("data-product"));
        let position = crate::core::json::parse_number(&attr("data-position")).unwrap_or(0.0);
        if self.config.borrow().recommendations.data_layer {
            let ui = self.ui.borrow();
            let drawn = ui.as_ref().and_then(|u| {
                u.shelves
                    .iter()
                    .filter_map(|s| s.view.as_ref())
                    .chain(&u.cards)
                    .filter(|v| v.id == block)
                    .find_map(|v| Some((v, v.cards.iter().position(|c| c.id == product)?)))
            });
            if let Some((view, at)) = drawn {
                let entries = view::ga4_select_item(view, at);
                guard::effect(Box::new(move || dom::push_data_layer_entries(&entries)));
            }
        }
        self.record(vec![Event::RecommendationClicked {
            block,
            product,
            strategy: attr("data-strategy"),
            position: position as u32,
        }]);
        // The write must not wait for the timer: the next page is loading.
        self.flush();
        true
    }
}

/// The visitor and this page, as recommendations see them.
pub(super) fn situation<'a>(
    config: &'a Config,
    tracker: &'a tracker::Tracker,
    profile: &'a crate::core::profile::Profile,
) -> Situation<'a> {
    Situation {
        profile,
        current: tracker.current_product.as_deref(),
        sold_out: &config.sold_out_here,
        now: dom::now(),
        listed: &[],
    }
}

/// A block's products on screen: GA4's `view_item_list` when the config asks, and the event
/// to record once the borrows are released (none for an empty block).
fn announce(view: &view::BlockView, data_layer: bool) -> Option<Event> {
    if view.cards.is_empty() {
        return None;
    }
    if data_layer {
        let entries = view::ga4_view_item_list(view);
        guard::effect(Box::new(move || dom::push_data_layer_entries(&entries)));
    }
    Some(Event::RecommendationShown {
        block: view.id.clone(),
        products: view
            .cards
            .iter()
            .map(|c| (c.id.clone(), c.strategy.to_string()))
            .collect(),
    })
}

/// Cards drawn in a message or under a flow's results: kept for `select_item`, announced.
pub(super) fn cards_drawn(ui: &mut Ui, view: &view::BlockView, data_layer: bool) -> Option<Event> {
    ui.cards.retain(|v| v.id != view.id);
    ui.cards.push(view.clone());
    announce(view, data_layer)
}

impl App {
    /// Whether this page has recommendation blocks (most pages have none: then nothing is
    /// computed for them).
    pub(super) fn has_shelves(&self) -> bool {
        self.ui
            .try_borrow()
            .is_ok_and(|ui| ui.as_ref().is_some_and(|u| !u.shelves.is_empty()))
    }
}

/// Removes the shelves' hosts (on destroy).
pub(super) fn remove_shelves(shelves: &[Shelf]) {
    for shelf in shelves {
        dom::remove(&shelf.host);
    }
}
