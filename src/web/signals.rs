//! What the page tells the assistant: its page views, the shop's add-to-basket clicks and
//! basket, events from the JS API, the visitor's activity (exit intent, idle, scrolling), and
//! recording them in the profile.

use super::*;
use crate::core::message_view::Leaving;

impl App {
    /// What may be the visitor leaving: core judges whether it is exit intent on this device.
    fn leaving(&self, signal: Leaving) {
        if signal.is_exit_intent(dom::device()) {
            self.show_message(true);
        }
    }

    /// Records events the shop reported (`track()`, its dataLayer); a message on screen
    /// follows the basket and profile it shows.
    pub(super) fn record_from_shop(&self, events: Vec<crate::core::profile::Event>) {
        self.record(events);
        if self
            .ui
            .borrow()
            .as_ref()
            .is_some_and(|ui| ui.message.is_some())
        {
            self.show_message(false);
        }
    }

    /// Records events and schedules a write.
    pub(super) fn record(&self, events: Vec<crate::core::profile::Event>) {
        let mut schedule = false;
        let announcements: Vec<(&str, String)> =
            events.iter().filter_map(|e| e.announcement()).collect();
        let own = events.iter().all(|e| {
            matches!(
                e,
                crate::core::profile::Event::RecommendationShown { .. }
                    | crate::core::profile::Event::RecommendationClicked { .. }
            )
        });
        {
            let mut t = self.tracker.borrow_mut();
            for e in events {
                schedule |= t.record(e);
            }
        }
        let data_layer = self.config.borrow().message_settings.data_layer;
        // What the visitor did may change what the shelves recommend (not their own events):
        // drawn once this call has returned, with nothing borrowed.
        if !own && self.has_shelves() {
            let weak = self.me.borrow().clone();
            guard::enter(Box::new(move || {
                if let Some(app) = weak.upgrade() {
                    app.draw_shelves();
                }
            }));
        }
        for (name, detail) in announcements {
            // The page's listeners run: once this call has returned, with nothing borrowed.
            guard::effect(Box::new(move || dom::announce(name, &detail, data_layer)));
        }
        if schedule {
            self.schedule_flush();
        }
    }

    /// Writes the buffered events a second after the first, so a burst is one write.
    pub(super) fn schedule_flush(&self) {
        let Some(app) = self.me.borrow().upgrade() else {
            self.flush();
            return;
        };
        let mut t = self.tracker.borrow_mut();
        if t.flush_timer.is_none() {
            let weak = Rc::downgrade(&app);
            t.flush_timer = Some(Timeout::new(1000, move || {
                guard::enter(Box::new(move || {
                    if let Some(app) = weak.upgrade() {
                        // A product viewed before the catalogue file arrived gets its interests
                        // when it does (setCatalogue schedules the write again).
                        if app.config.borrow().catalogue_pending() {
                            app.tracker.borrow_mut().flush_timer = None;
                        } else {
                            app.flush();
                        }
                    }
                }))
            }));
        }
    }

    pub(super) fn flush(&self) {
        let config = self.config.borrow();
        self.tracker.borrow_mut().flush(&config.catalogue);
    }

    /// The current page: its page view, product, search or purchase, and basket.
    pub(super) fn track_page(&self) {
        let events = {
            let config = self.config.borrow();
            let mut t = self.tracker.borrow_mut();
            let mut events = t.page_events(&config.tracking, &config.catalogue);
            events.extend(t.basket_event(&config.tracking));
            events
        };
        // The page says its product is sold out: not recommended while the visitor is here.
        let sold_out = self
            .tracker
            .borrow()
            .page_product
            .as_ref()
            .filter(|p| p.available == Some(false))
            .map(|p| p.id.clone());
        if let Some(id) = sold_out {
            self.config.borrow_mut().mark_sold_out(&id);
        }
        self.record(events);
    }

    /// A click anywhere on the page: an add-to-basket button of the shop?
    pub(super) fn on_page_click(&self, clicked: Option<Element>) {
        let event = {
            let config = self.config.borrow();
            let Some(rule) = &config.tracking.add_to_basket else {
                return;
            };
            let Some(button) = clicked.and_then(|t| dom::closest(&t, &rule.selector)) else {
                return;
            };
            let Some(id) = dom::read_probe(
                &button,
                rule.id.selector.as_deref(),
                rule.id.attribute.as_deref(),
            ) else {
                return;
            };
            let price = rule
                .price
                .as_ref()
                .and_then(|p| {
                    dom::read_probe(&button, p.selector.as_deref(), p.attribute.as_deref())
                })
                .and_then(|t| crate::core::tracking::parse_amount(&t))
                // Else the price the page's JSON-LD offer gives for this product.
                .or_else(|| {
                    let t = self.tracker.borrow();
                    let page = t.page_product.as_ref().filter(|p| p.id == id)?;
                    page.price
                });
            let quantity = rule
                .quantity
                .as_ref()
                .and_then(|q| {
                    dom::read_near(&button, q.selector.as_deref(), q.attribute.as_deref())
                })
                .and_then(|t| crate::core::json::parse_number(t.trim()))
                .filter(|q| *q > 0.0 && q.is_finite())
                .unwrap_or(1.0);
            crate::core::profile::Event::AddToBasket {
                id,
                quantity,
                price,
            }
        };
        self.record(vec![event]);
    }

    /// The basket changed: read it before the next frame, once however many changes come.
    pub(super) fn plan_basket_read(&self) {
        {
            let mut basket = self.observer.borrow_mut();
            let Some(basket) = basket.as_mut() else {
                return;
            };
            if basket.planned {
                return;
            }
            basket.planned = true;
        }
        let weak = self.me.borrow().clone();
        let planned = dom::next_frame(Box::new(move || {
            guard::enter(Box::new(move || {
                if let Some(app) = weak.upgrade() {
                    app.read_basket();
                }
            }))
        }));
        if !planned {
            self.read_basket();
        }
    }

    pub(super) fn read_basket(&self) {
        match self.observer.borrow_mut().as_mut() {
            Some(basket) => basket.planned = false,
            None => return,
        }
        let event = {
            let config = self.config.borrow();
            self.tracker.borrow_mut().basket_event(&config.tracking)
        };
        let changed = event.is_some();
        self.record(event.into_iter().collect());
        if changed {
            self.show_message(false);
        }
        self.rewatch_basket();
    }

    /// Watches the element that holds the basket's lines, and its total (see
    /// `dom::observe_basket`), again whenever the shop has re-drawn them.
    pub(super) fn rewatch_basket(&self) {
        let parts = {
            let config = self.config.borrow();
            let (Some(rule), Some(root)) = (config.tracking.basket.as_ref(), dom::root_element())
            else {
                return;
            };
            let lines = dom::select_all(&root, &rule.lines);
            let holder = match (lines.first(), lines.last()) {
                (Some(first), Some(last)) => dom::common_ancestor(&[first, last]).map(|a| {
                    if lines.len() == 1 {
                        dom::parent(&a).unwrap_or(a)
                    } else {
                        a
                    }
                }),
                _ => None,
            };
            let total = rule
                .total
                .as_ref()
                .and_then(|t| t.selector.as_deref())
                .and_then(|sel| dom::select_all(&root, sel).into_iter().next());
            holder.into_iter().chain(total).collect::<Vec<Element>>()
        };
        let mut basket = self.observer.borrow_mut();
        let Some(basket) = basket.as_mut() else {
            return;
        };
        if !basket.started || basket.watched != parts {
            dom::observe_basket(&basket.observer, &parts, &basket.attributes);
            basket.watched = parts;
            basket.started = true;
        }
    }
}

/// Starts reading the shop's pages: this page, add-to-basket clicks, basket changes, other
/// tabs' writes, single-page navigations, and a last write when the page is hidden.
pub(super) fn start_tracking(app: &Rc<App>) -> Vec<Listener> {
    app.track_page();
    app.show_message(false);
    app.wait_for_timed_messages();
    let mut listeners = Vec::new();
    let (Some(window), Some(doc)) = (dom::window(), dom::document()) else {
        return listeners;
    };
    let l = &mut listeners;
    let page = Place::Modal;
    on(l, app, &doc, "click", true, page, |app, _, _, t| {
        app.on_page_click(t)
    });
    // Exit intent on desktop: the pointer leaves the window through its top edge.
    on(l, app, &doc, "mouseout", false, page, |app, _, e, _| {
        let Some(m) = e.dyn_ref::<web_sys::MouseEvent>() else {
            return;
        };
        app.leaving(Leaving::PointerOut {
            client_y: f64::from(m.client_y()),
            into_element: m.related_target().is_some(),
        });
    });
    on(l, app, &window, "storage", false, page, |app, _, e, _| {
        let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        if e.key().as_deref() == Some(tracker::PROFILE_KEY) || e.key().is_none() {
            let config = app.config.borrow();
            app.tracker
                .borrow_mut()
                .storage_changed(e.new_value(), &config.catalogue);
        }
    });
    on(l, app, &window, "pagehide", false, page, |app, _, _, _| {
        app.flush()
    });
    on(
        l,
        app,
        &doc,
        "visibilitychange",
        false,
        page,
        |app, _, _, _| {
            if dom::hidden() {
                app.flush();
                app.left_tab.set(true);
            } else if app.left_tab.replace(false) {
                app.leaving(Leaving::TabReturn);
            }
        },
    );
    // Scrolling: how deep (the scrollDepth condition) and, on phones, a fast scroll back up
    // towards the address bar (exit intent).
    on(l, app, &window, "scroll", false, page, |app, _, _, _| {
        let (y, t) = (dom::scroll_y(), dom::now());
        app.last_activity.set(t);
        let depth = dom::scroll_depth();
        if depth >= app.max_scroll.get() + 1.0 {
            app.max_scroll.set(depth);
            app.show_message(false);
        }
        let (last_y, last_t) = app.last_scroll.replace((y, t));
        app.leaving(Leaving::Scroll {
            from_y: last_y,
            to_y: y,
            ms: t - last_t,
        });
    });
    // Single-page shops: a navigation to another path is a page view.
    let spa: fn(&App, Place, &Event, Option<Element>) = |app, _, _, _| {
        if dom::path() != app.tracker.borrow().path {
            app.place_launcher();
            app.max_scroll.set(0.0);
            // The basket is watched on a basket page, whatever page the visit began on.
            if let Some(rc) = app.me.borrow().upgrade() {
                watch_basket(&rc);
            }
            app.track_page();
            app.show_message(false);
        }
    };
    on(l, app, &window, "popstate", false, page, spa);
    if let Some(nav) = dom::navigation() {
        on(l, app, &nav, "navigatesuccess", false, page, spa);
    }
    watch_basket(app);
    watch_activity(app, &mut listeners);
    listeners
}

/// Where a message waits for the visitor to stop (`idleSeconds`) or to read down the page
/// (`scrollDepth`): notes each touch of the page, and looks once a second whether an idle
/// moment has come. Nothing of this runs for configs without such conditions.
pub(super) fn watch_activity(app: &Rc<App>, listeners: &mut Vec<Listener>) {
    if !app
        .config
        .borrow()
        .messages
        .iter()
        .any(|m| m.when.watches_activity())
    {
        return;
    }
    let Some(doc) = dom::document() else {
        return;
    };
    app.max_scroll.set(dom::scroll_depth());
    let touched: fn(&App, Place, &Event, Option<Element>) =
        |app, _, _, _| app.last_activity.set(dom::now());
    for kind in [
        "pointerdown",
        "pointermove",
        "keydown",
        "wheel",
        "touchstart",
    ] {
        on(listeners, app, &doc, kind, true, Place::Modal, touched);
    }
    let weak = Rc::downgrade(app);
    let interval = gloo_timers::callback::Interval::new(1000, move || {
        let weak = weak.clone();
        guard::enter(Box::new(move || {
            if let Some(app) = weak.upgrade() {
                app.show_message(false);
            }
        }));
    });
    *app.idle_timer.borrow_mut() = Some(interval);
}

/// On a basket page, re-reads the basket when the shop changes it (its lines re-rendered as
/// the visitor changes them): watching only the basket's own container, and reading at most
/// once a frame, so a busy page elsewhere, or a basket of thousands of lines, costs nothing
/// until the basket itself changes.
pub(super) fn watch_basket(app: &Rc<App>) {
    if let Some(old) = app.observer.borrow_mut().take() {
        old.observer.disconnect();
    }
    let attributes: Vec<String> = {
        let config = app.config.borrow();
        let Some(rule) = &config.tracking.basket else {
            return;
        };
        if config.tracking.page_type(&dom::path()) != crate::core::page::PageType::Basket {
            return;
        }
        [
            Some(&rule.id),
            rule.quantity.as_ref(),
            rule.price.as_ref(),
            rule.total.as_ref(),
        ]
        .into_iter()
        .flatten()
        .filter_map(|p| p.attribute.clone())
        .collect()
    };
    let weak = Rc::downgrade(app);
    let callback = Closure::<dyn Fn()>::new(move || {
        let weak = weak.clone();
        guard::enter(Box::new(move || {
            if let Some(app) = weak.upgrade() {
                app.plan_basket_read();
            }
        }));
    });
    let Some(observer) = dom::observer(&callback) else {
        return;
    };
    *app.observer.borrow_mut() = Some(Basket {
        observer,
        _callback: callback,
        watched: Vec::new(),
        attributes,
        planned: false,
        started: false,
    });
    app.rewatch_basket();
}
