//! The browser edge: the object the loader drives, and the widget's event handling.
//!
//! The loader (`www/shop-assistant.js`) creates one [`Assistant`] from the merchant's
//! config text and calls `mount`, `open`, `close` and `destroy` on it. Nothing here panics
//! on input from the page or the config: failures come back as `Err` strings that the
//! loader reports on one console line.
//!
//! A flow is shown on a *surface*: the modal dialog (opened by the launcher or
//! `ShopAssistant.open`) or an inline panel inside a merchant's
//! `<div data-shop-assistant-flow="...">`. The modal also keeps the browser's history in step
//! (back goes back one question) and its progress in session storage (a reload resumes it).

mod dom;
mod guard;
mod tracker;
mod widget;

pub use guard::halt;

use crate::core::config::Config;
use crate::core::flow::Flow;
use crate::core::flow::{Choice, FlowState};
use crate::core::text::visitor_locale;
use crate::core::view::{self, Body};
use dom::Listener;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent, ShadowRoot};

const CSS: &str = include_str!("widget.css");
/// Session-storage key of the open modal flow's progress.
const RESUME_KEY: &str = "shop-assistant:flow";
/// The attribute a merchant puts on an element to show a flow inline.
const INLINE_ATTR: &str = "data-shop-assistant-flow";

/// The assistant on one page.
#[wasm_bindgen]
pub struct Assistant {
    app: Rc<App>,
}

struct App {
    config: RefCell<Config>,
    locale: String,
    ui: RefCell<Option<Ui>>,
    tracker: RefCell<tracker::Tracker>,
    /// This app, for timers and observers created after start.
    me: RefCell<Weak<App>>,
    /// The page was hidden (another tab or app) and not yet shown again.
    left_tab: std::cell::Cell<bool>,
    /// The last scroll position and its time, for the speed of scrolling up.
    last_scroll: std::cell::Cell<(f64, f64)>,
    /// When the visitor last touched the page (pointer, keys, scrolling), for `idleSeconds`.
    last_activity: std::cell::Cell<f64>,
    /// The furthest down this page the visitor has scrolled (percent), for `scrollDepth`.
    max_scroll: std::cell::Cell<f64>,
    /// Looks once a second whether an `idleSeconds` message's moment has come.
    idle_timer: RefCell<Option<gloo_timers::callback::Interval>>,
    /// Watches a basket page for changes; disconnected on destroy.
    observer: RefCell<Option<Basket>>,
}

/// A basket page's watch: the observer, what it watches (the element holding the basket's
/// lines, and its total), and whether a read is already planned for the next frame.
struct Basket {
    observer: web_sys::MutationObserver,
    _callback: Closure<dyn Fn()>,
    watched: Vec<Element>,
    attributes: Vec<String>,
    planned: bool,
    started: bool,
}

/// Everything the assistant has put on the page; dropping it removes the listeners.
struct Ui {
    host: Element,
    root: ShadowRoot,
    /// The launcher button, if the config has one.
    launcher: Option<Element>,
    /// The host at the top of the page for top bars, once one was shown.
    top: Option<(Element, ShadowRoot)>,
    modal: Option<Surface>,
    inline: Vec<Surface>,
    /// History entries pushed for the open modal (0 when history is unavailable).
    history_depth: usize,
    /// Set when closing moved the history back: the popstate that follows is ours.
    ignore_pop: bool,
    /// The message on screen: its id, its layer, and where focus was (modal messages).
    message: Option<(String, Element, Option<Element>)>,
    _listeners: Vec<Listener>,
}

/// A flow on screen.
struct Surface {
    flow: String,
    state: FlowState,
    /// What to remove on close: the backdrop (modal) or the inline host.
    frame: Element,
    /// The element whose content each step replaces.
    panel: Element,
    return_focus: Option<Element>,
}

/// Which surface an event belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Modal,
    Inline(usize),
}

fn problems_to_js(problems: &[crate::core::decode::Problem]) -> JsValue {
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    JsValue::from_str(&lines.join("\n"))
}

fn text_error(e: JsValue) -> String {
    e.as_string()
        .unwrap_or_else(|| "unexpected browser error".to_string())
}

#[wasm_bindgen]
impl Assistant {
    /// Reads and checks the merchant's config. The error lists every problem, one a line.
    /// `translation` is the widget's own texts in the page's language, a file the loader
    /// fetched beside the wasm (`labels/ja.json`); without it they are English.
    pub fn create(config_text: &str, translation: Option<String>) -> Result<Assistant, JsValue> {
        guard::call(|| Self::create_now(config_text, translation))?
    }

    fn create_now(config_text: &str, translation: Option<String>) -> Result<Assistant, JsValue> {
        let mut config = Config::parse(config_text).map_err(|p| problems_to_js(&p))?;
        let locale = visitor_locale(dom::page_locale().as_deref(), &config.default_locale);
        if let Some(file) = translation {
            config.adopt_translation(&file, &locale);
        }
        let tracker = RefCell::new(tracker::Tracker::new(config.privacy));
        let app = Rc::new(App {
            config: RefCell::new(config),
            locale,
            ui: RefCell::new(None),
            tracker,
            me: RefCell::new(Weak::new()),
            observer: RefCell::new(None),
            left_tab: std::cell::Cell::new(false),
            last_scroll: std::cell::Cell::new((0.0, 0.0)),
            last_activity: std::cell::Cell::new(dom::now()),
            max_scroll: std::cell::Cell::new(0.0),
            idle_timer: RefCell::new(None),
        });
        *app.me.borrow_mut() = Rc::downgrade(&app);
        let weak = Rc::downgrade(&app);
        guard::on_halt(Box::new(move || {
            if let Some(app) = weak.upgrade() {
                app.release();
            }
        }));
        Ok(Assistant { app })
    }

    /// The catalogue URL the loader fetches, if the config names one. The loader mounts the
    /// assistant without waiting for it and installs it with `setCatalogue` when it arrives.
    #[wasm_bindgen(js_name = catalogueUrl)]
    pub fn catalogue_url(&self) -> Result<Option<String>, JsValue> {
        guard::call(|| self.app.config.borrow().catalogue_url.clone())
    }

    /// Installs the catalogue fetched from `catalogueUrl()`. When the assistant is already
    /// on the page, everything that waited for the products catches up (flows on screen are
    /// drawn again, messages and the profile write) and the config warnings that need the
    /// products are returned, as `mount` returns them.
    #[wasm_bindgen(js_name = setCatalogue)]
    pub fn set_catalogue(&self, text: &str) -> Result<Vec<String>, JsValue> {
        guard::call(|| self.set_catalogue_now(text))?
    }

    fn set_catalogue_now(&self, text: &str) -> Result<Vec<String>, JsValue> {
        self.app
            .config
            .borrow_mut()
            .attach_catalogue(text)
            .map_err(|p| problems_to_js(&p))?;
        if self.app.ui.borrow().is_none() {
            return Ok(Vec::new());
        }
        let warnings = lint_warnings(&self.app.config.borrow());
        self.app.refresh();
        if self.app.tracker.borrow().loaded {
            self.app.show_message(false);
            self.app.schedule_flush();
        }
        Ok(warnings)
    }

    /// Puts the widget on the page: the launcher and inline flows (`start` does the rest).
    /// Returns lines for the console: config warnings (starting
    /// with "warning: ") and inline elements that could not be used (the rest still works).
    pub fn mount(&self) -> Result<Vec<String>, JsValue> {
        guard::call(|| self.mount_now())?
    }

    fn mount_now(&self) -> Result<Vec<String>, JsValue> {
        if self.app.ui.borrow().is_some() {
            return Ok(Vec::new());
        }
        let doc = dom::document().ok_or_else(|| JsValue::from_str("no document"))?;
        let body = dom::body().ok_or_else(|| JsValue::from_str("the page has no <body>"))?;
        let (host, root) = widget::render_host(&doc, &body, widget::Style::Parse(CSS))?;
        let launcher = {
            let config = self.app.config.borrow();
            match &config.launcher {
                Some(l) => {
                    let label = l.label.resolve(&self.app.locale, &config.default_locale);
                    Some(widget::render_launcher(
                        &doc, &root, label, &l.flow, l.position,
                    )?)
                }
                None => None,
            }
        };
        let mut listeners = listen(&self.app, &root, Place::Modal);
        listeners.extend(listen_history(&self.app));
        *self.app.ui.borrow_mut() = Some(Ui {
            host,
            root,
            launcher,
            top: None,
            modal: None,
            inline: Vec::new(),
            history_depth: 0,
            ignore_pop: false,
            message: None,
            _listeners: listeners,
        });
        // With a catalogue file still on its way, the checks that need the products wait for it.
        self.app.place_launcher();
        let mut warnings = lint_warnings(&self.app.config.borrow());
        warnings.extend(mount_inline(&self.app, &doc));
        Ok(warnings)
    }

    /// Starts what can wait until the page has shown the widget: reads the stored profile,
    /// reopens a flow the visitor had open before a reload, records this page and starts
    /// watching for the shop's events and messages' moments. The loader calls it after the
    /// first paint following `mount`.
    pub fn start(&self) -> Result<(), JsValue> {
        guard::call(|| {
            if self.app.ui.borrow().is_none() || self.app.tracker.borrow().loaded {
                return;
            }
            self.app.tracker.borrow_mut().load();
            self.app.resume();
            let tracking_listeners = start_tracking(&self.app);
            if let Some(ui) = self.app.ui.borrow_mut().as_mut() {
                ui._listeners.extend(tracking_listeners);
            }
        })
    }

    /// Opens flow `flow_id` in the modal dialog, at its first question; with an empty id, the
    /// launcher's flow (or the config's first).
    pub fn open(&self, flow_id: &str) -> Result<(), JsValue> {
        guard::call(|| {
            let id = match flow_id {
                "" => {
                    let config = self.app.config.borrow();
                    let launcher = config.launcher.as_ref().map(|l| l.flow.clone());
                    launcher.or_else(|| config.flows.first().map(|f| f.id.clone()))
                }
                id => Some(id.to_string()),
            };
            self.app
                .open(&id.unwrap_or_default(), None, FlowState::default(), true)
        })?
    }

    /// Closes the dialog, if open, and returns focus to where it was.
    pub fn close(&self) -> Result<(), JsValue> {
        guard::call(|| self.app.close())
    }

    /// Whether the modal dialog is open.
    #[wasm_bindgen(js_name = isOpen)]
    pub fn is_open(&self) -> bool {
        self.app
            .ui
            .try_borrow()
            .is_ok_and(|ui| ui.as_ref().is_some_and(|ui| ui.modal.is_some()))
    }

    /// Records an event pushed by the shop: `{type: "add_to_basket", id, quantity, price}`,
    /// `page_view`, `product_view`, `remove_from_basket`, `basket` (`items`, `value`),
    /// `checkout_start`, `purchase` (`value`), `search` (`query`).
    pub fn track(&self, event: JsValue) -> Result<(), JsValue> {
        let event = dom::json_text(&event)
            .and_then(|text| crate::core::json::parse(&text).ok())
            .ok_or_else(|| "an event is plain data (what JSON.stringify writes)".to_string())
            .and_then(|value| crate::core::tracking::shop_event(&value))
            .map_err(|e| JsValue::from_str(&e))?;
        guard::call(|| self.app.record_from_shop(vec![event]))
    }

    /// Whether the config asks for the shop's GA4 `dataLayer` to be read: the loader then
    /// hands over its entries (`dataLayer`).
    #[wasm_bindgen(js_name = readsDataLayer)]
    pub fn reads_data_layer(&self) -> bool {
        self.app
            .config
            .try_borrow()
            .is_ok_and(|c| c.tracking.data_layer)
    }

    /// Records one entry of the shop's `dataLayer` (as JSON text): the GA4 ecommerce events it
    /// stands for (`core::tracking::data_layer_events`); anything else is ignored.
    #[wasm_bindgen(js_name = dataLayer)]
    pub fn data_layer(&self, entry: &str) -> Result<(), JsValue> {
        let Ok(value) = crate::core::json::parse(entry) else {
            return Ok(());
        };
        let events = crate::core::tracking::data_layer_events(&value);
        if events.is_empty() {
            return Ok(());
        }
        guard::call(|| self.app.record_from_shop(events))
    }

    /// Everything the assistant keeps about the visitor, as JSON text.
    pub fn profile(&self) -> Result<String, JsValue> {
        guard::call(|| {
            let config = self.app.config.borrow();
            self.app
                .tracker
                .borrow()
                .profile(&config.catalogue)
                .describe(dom::now())
        })
    }

    /// Local counts per message and per flow, as JSON text.
    pub fn stats(&self) -> Result<String, JsValue> {
        guard::call(|| {
            let config = self.app.config.borrow();
            self.app.tracker.borrow().profile(&config.catalogue).stats()
        })
    }

    /// Erases everything the assistant stored about the visitor, in every tab: what another
    /// tab had not written yet is never written back.
    pub fn forget(&self) -> Result<(), JsValue> {
        guard::call(|| {
            self.app.tracker.borrow_mut().forget();
            dom::session_remove(RESUME_KEY);
        })
    }

    /// Gives or withdraws consent to store the profile (withdrawing erases it, and every open
    /// tab stops storing).
    pub fn consent(&self, given: bool) -> Result<(), JsValue> {
        guard::call(|| {
            let config = self.app.config.borrow();
            self.app
                .tracker
                .borrow_mut()
                .set_consent(given, &config.catalogue);
        })
    }

    /// Where the profile lives: "storage", or why only in memory ("blocked", "full",
    /// "newer version", "no consent").
    #[wasm_bindgen(js_name = storageState)]
    pub fn storage_state(&self) -> String {
        let Ok(t) = self.app.tracker.try_borrow() else {
            return "not running".to_string();
        };
        match (t.allowed(), t.memory_only) {
            (false, _) => "no consent",
            (true, tracker::MemoryOnly::No) => "storage",
            (true, tracker::MemoryOnly::Blocked) => "blocked",
            (true, tracker::MemoryOnly::Full) => "full",
            (true, tracker::MemoryOnly::Newer) => "newer version",
        }
        .to_string()
    }

    /// Removes everything the assistant added to the page, listeners included.
    pub fn destroy(&self) -> Result<(), JsValue> {
        guard::call(|| {
            {
                let config = self.app.config.borrow();
                self.app.tracker.borrow_mut().flush(&config.catalogue);
            }
            self.app.close_message(false);
            self.app.close();
            self.app.release();
        })
    }
}

impl App {
    /// The shadow root at the top of the page that top bars are drawn in, made the first time
    /// one is shown (with its own listeners for the bar's buttons).
    fn top_root(&self, doc: &web_sys::Document, ui: &mut Ui) -> Option<ShadowRoot> {
        if let Some((_, root)) = &ui.top {
            return Some(root.clone());
        }
        let body: Element = dom::body()?.into();
        let (host, root) = widget::render_top_host(doc, &body, &ui.root).ok()?;
        let app = self.me.borrow().upgrade()?;
        ui._listeners.extend(listen(&app, &root, Place::Modal));
        ui.top = Some((host, root.clone()));
        Some(root)
    }

    /// Shows the launcher, or hides it on the pages the config keeps it off (a single-page
    /// shop calls this again on each navigation).
    fn place_launcher(&self) {
        let config = self.config.borrow();
        let ui = self.ui.borrow();
        let (Some(l), Some(button)) = (
            &config.launcher,
            ui.as_ref().and_then(|u| u.launcher.as_ref()),
        ) else {
            return;
        };
        if l.shown_on(&config.tracking, &dom::path()) {
            button.remove_attribute("hidden").ok();
        } else {
            dom::attr(button, "hidden", "").ok();
        }
    }

    /// Lets go of everything on the page: timers, the basket observer, the widget's elements
    /// and listeners. Never panics, even when a trap left some state borrowed (`halt` calls
    /// it then): what it cannot reach stays, and the stopped guard keeps it from running.
    fn release(&self) {
        if let Ok(mut timer) = self.idle_timer.try_borrow_mut() {
            *timer = None;
        }
        if let Ok(mut t) = self.tracker.try_borrow_mut() {
            t.flush_timer = None;
            t.message_timers.clear();
        }
        if let Ok(Some(basket)) = self.observer.try_borrow_mut().map(|mut o| o.take()) {
            basket.observer.disconnect();
        }
        if let Ok(Some(ui)) = self.ui.try_borrow_mut().map(|mut ui| ui.take()) {
            dom::remove(&ui.host);
            if let Some((top, _)) = &ui.top {
                dom::remove(top);
            }
            for s in &ui.inline {
                dom::remove(&s.frame);
            }
        }
    }

    /// Records events the shop reported (`track()`, its dataLayer); a message on screen
    /// follows the basket and profile it shows.
    fn record_from_shop(&self, events: Vec<crate::core::profile::Event>) {
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
    fn record(&self, events: Vec<crate::core::profile::Event>) {
        let mut schedule = false;
        let announcements: Vec<(&str, String)> =
            events.iter().filter_map(|e| e.announcement()).collect();
        {
            let mut t = self.tracker.borrow_mut();
            for e in events {
                schedule |= t.record(e);
            }
        }
        let data_layer = self.config.borrow().message_settings.data_layer;
        for (name, detail) in announcements {
            // The page's listeners run: once this call has returned, with nothing borrowed.
            guard::effect(Box::new(move || dom::announce(name, &detail, data_layer)));
        }
        if schedule {
            self.schedule_flush();
        }
    }

    /// Writes the buffered events a second after the first, so a burst is one write.
    fn schedule_flush(&self) {
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

    fn flush(&self) {
        let config = self.config.borrow();
        self.tracker.borrow_mut().flush(&config.catalogue);
    }

    /// Shows the message whose time has come, if any (`exit`: the visitor is leaving).
    fn show_message(&self, exit: bool) {
        let config = self.config.borrow();
        // Conditions and texts read the profile's interests and product names: wait for the
        // catalogue file (setCatalogue looks again when it arrives).
        if config.messages.is_empty() || config.catalogue_pending() {
            return;
        }
        let mut ui_ref = self.ui.borrow_mut();
        let Some(ui) = ui_ref.as_mut() else { return };
        let profile = self.tracker.borrow().profile(&config.catalogue);
        let path = dom::path();
        let (date, weekday, hour) = dom::local_time(config.message_settings.time_zone.as_deref());
        let variants: Vec<(String, String)> = config
            .messages
            .iter()
            .filter_map(|m| {
                m.variant(profile.seed)
                    .map(|v| (m.id.clone(), v.id.clone()))
            })
            .collect();
        let context = crate::core::message::Context {
            profile: &profile,
            path: &path,
            page: config.tracking.page_type(&path),
            now: dom::now(),
            exit_intent: exit && profile.time_on_page(dom::now()) >= 2000.0,
            variants: &variants,
            device: if dom::is_mobile() {
                crate::core::message::Device::Mobile
            } else {
                crate::core::message::Device::Desktop
            },
            date,
            weekday,
            hour,
            idle: (dom::now() - self.last_activity.get()) / 1000.0,
            scroll_depth: self.max_scroll.get(),
        };
        let settings = &config.message_settings;
        // A message on screen stays true: filled again with the basket and profile as they are
        // now, or closed once its conditions no longer hold. (Its exit-intent moment, if it
        // had one, counts as still there.)
        let on_screen = ui
            .message
            .as_ref()
            .map(|(id, layer, _)| (id.clone(), layer.clone()));
        let refresh = on_screen.and_then(|(id, layer)| {
            let m = config.messages.iter().find(|m| m.id == id)?;
            let context = crate::core::message::Context {
                exit_intent: context.exit_intent || m.when.needs_exit_intent(),
                date: context.date.clone(),
                ..context
            };
            Some((m, layer, m.when.holds(&context)))
        });
        let chosen = match refresh {
            Some((_, _, false)) => {
                drop(ui_ref);
                drop(config);
                self.close_message(false);
                return;
            }
            Some((m, layer, true)) => Some((m, Some(layer))),
            // Nothing interrupts an open question flow either.
            None if ui.modal.is_some() => None,
            None => crate::core::message::choose(
                &config.messages,
                settings,
                &profile.messages,
                profile.interruptions,
                false,
                &context,
            )
            .map(|m| (m, None)),
        };
        let Some((m, shown)) = chosen else {
            return;
        };
        let Some(doc) = dom::document() else { return };
        let t = |text: &crate::core::text::Text| {
            text.resolve(&self.locale, &config.default_locale)
                .to_string()
        };
        // An A/B variant replaces the title and text it gives.
        let variant = m.variant(profile.seed);
        let title_text = variant.and_then(|v| v.title.as_ref()).or(m.title.as_ref());
        let body_text = variant.and_then(|v| v.body.as_ref()).unwrap_or(&m.body);
        // Names of the three products viewed last, for {recent}.
        let recent: Vec<String> = profile
            .recent
            .iter()
            .filter_map(|id| {
                config
                    .catalogue
                    .products()
                    .iter()
                    .find(|p| p.id == *id)
                    .map(|p| t(&p.name))
            })
            .take(3)
            .collect();
        let title =
            title_text.map(|x| crate::core::message::fill(&t(x), &profile, settings, &recent));
        let body = crate::core::message::fill(&t(body_text), &profile, settings, &recent);
        if let Some(layer) = shown {
            widget::update_message(
                &layer,
                title.as_deref(),
                &body,
                &self.locale,
                &settings.currency,
            );
            return;
        }
        let variant_id = variant.map(|v| v.id.clone());
        let labels: Vec<String> = m.buttons.iter().map(|b| t(&b.label)).collect();
        let close = view::labels(&config, &self.locale).close;
        let return_focus = dom::active_element();
        let survey = m
            .survey
            .as_ref()
            .map(|sv| (sv.kind, sv.low.as_ref().map(t), sv.high.as_ref().map(t)));
        // A top bar goes into the page's flow (see `widget::render_top_host`).
        let root = if m.placement == crate::core::message::Placement::TopBar {
            match self.top_root(&doc, ui) {
                Some(r) => r,
                None => return,
            }
        } else {
            ui.root.clone()
        };
        match widget::render_message(
            &doc,
            &root,
            m,
            title.as_deref(),
            &body,
            &labels,
            &close,
            &self.locale,
            &settings.currency,
            survey,
        ) {
            Ok(layer) => {
                if m.placement == crate::core::message::Placement::Modal {
                    if let Some(first) = layer.query_selector("button").ok().flatten() {
                        dom::focus(&first);
                    }
                }
                ui.message = Some((m.id.clone(), layer, return_focus));
                let id = m.id.clone();
                drop(ui_ref);
                drop(config);
                self.record(vec![crate::core::profile::Event::MessageShown {
                    id,
                    variant: variant_id,
                }]);
            }
            Err(e) => dom::console_error(&format!(
                "could not show message \"{}\": {}",
                m.id,
                text_error(e)
            )),
        }
    }

    /// Re-checks the messages at every moment a time-on-page condition of any of them can
    /// start to hold (each message on time, not all at the longest wait).
    fn wait_for_timed_messages(&self) {
        let mut all = Vec::new();
        for m in &self.config.borrow().messages {
            m.when.moments(&mut all);
        }
        // One timer a moment (no sort: it would link a sort routine for this alone).
        let mut moments: Vec<f64> = Vec::new();
        for m in all {
            if !moments.contains(&m) {
                moments.push(m);
            }
        }
        let Some(app) = self.me.borrow().upgrade() else {
            return;
        };
        let timers = moments
            .into_iter()
            .take(32)
            .map(|seconds| {
                let weak = Rc::downgrade(&app);
                Timeout::new(
                    (seconds * 1000.0 + 50.0).min(3_600_000.0) as u32,
                    move || {
                        guard::enter(Box::new(move || {
                            if let Some(app) = weak.upgrade() {
                                app.show_message(false);
                            }
                        }))
                    },
                )
            })
            .collect();
        // Cancelled with the tracker's timers when the assistant is destroyed.
        self.tracker.borrow_mut().message_timers = timers;
    }

    /// Closes the message on screen; `dismissed` records that the visitor closed it.
    fn close_message(&self, dismissed: bool) {
        let message = self
            .ui
            .borrow_mut()
            .as_mut()
            .and_then(|ui| ui.message.take());
        let Some((id, layer, return_focus)) = message else {
            return;
        };
        dom::remove(&layer);
        if let Some(e) = return_focus.filter(|e| e.is_connected()) {
            dom::focus(&e);
        }
        if dismissed {
            self.record(vec![crate::core::profile::Event::MessageDismissed { id }]);
        }
    }

    /// A score chosen in the survey on screen.
    fn survey_answer(&self, score: &str) {
        let answer = {
            let config = self.config.borrow();
            let ui = self.ui.borrow();
            let Some((id, layer, _)) = ui.as_ref().and_then(|u| u.message.as_ref()) else {
                return;
            };
            let Some(survey) = config
                .messages
                .iter()
                .find(|m| m.id == *id)
                .and_then(|m| m.survey.as_ref())
            else {
                return;
            };
            let Some(score) = crate::core::json::parse_number(score)
                .map(|x| x as u8)
                .filter(|x| survey.kind.scale().contains(x))
            else {
                return;
            };
            widget::render_survey_thanks(
                layer,
                survey.thanks.resolve(&self.locale, &config.default_locale),
            );
            crate::core::profile::Event::SurveyAnswer {
                id: id.clone(),
                kind: survey.kind,
                score,
            }
        };
        self.record(vec![answer]);
    }

    /// A button of the message on screen.
    fn message_button(&self, index: usize, button: &Element) {
        let (id, action) = {
            let config = self.config.borrow();
            let ui = self.ui.borrow();
            let Some((id, _, _)) = ui.as_ref().and_then(|u| u.message.as_ref()) else {
                return;
            };
            let Some(m) = config.messages.iter().find(|m| m.id == *id) else {
                return;
            };
            let Some(b) = m.buttons.get(index) else {
                return;
            };
            (id.clone(), b.action.clone())
        };
        use crate::core::message::Action;
        if action == Action::Dismiss {
            self.close_message(true);
            return;
        }
        self.record(vec![crate::core::profile::Event::MessageClicked { id }]);
        match action {
            Action::Url(url) => {
                self.flush();
                guard::effect(Box::new(move || dom::navigate(&url)));
            }
            Action::Copy(code) => {
                dom::copy_text(&code);
                button.set_text_content(Some(&format!("✓ {code}")));
            }
            Action::Flow(flow) => {
                self.close_message(false);
                if let Err(e) = self.open(&flow, None, FlowState::default(), true) {
                    dom::console_error(&text_error(e));
                }
            }
            Action::Dismiss => {}
        }
    }

    /// The current page: its page view, product, search or purchase, and basket.
    fn track_page(&self) {
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

    fn flow_error(&self, flow_id: &str) -> JsValue {
        let config = self.config.borrow();
        let hint =
            crate::core::decode::did_you_mean(flow_id, config.flows.iter().map(|f| f.id.as_str()));
        JsValue::from_str(&format!("no flow \"{flow_id}\"{hint}"))
    }

    /// Opens `flow_id` in the modal at `state`. `fresh` adds a history entry for it.
    fn open(
        &self,
        flow_id: &str,
        return_focus: Option<Element>,
        state: FlowState,
        fresh: bool,
    ) -> Result<(), JsValue> {
        let config = self.config.borrow();
        let Some(flow) = config.flow(flow_id) else {
            drop(config);
            return Err(self.flow_error(flow_id));
        };
        let doc = dom::document().ok_or_else(|| JsValue::from_str("no document"))?;
        let mut ui_ref = self.ui.borrow_mut();
        let ui = ui_ref
            .as_mut()
            .ok_or_else(|| JsValue::from_str("not mounted"))?;
        if let Some(old) = ui.modal.take() {
            dom::remove(&old.frame);
        }
        let return_focus = return_focus.or_else(dom::active_element);
        let view = view::dialog(&config, flow, &state, &self.locale);
        let (backdrop, dialog) = widget::render_modal(&doc, &ui.root, &view)?;
        if let Some(first) = widget::first_control(&dialog) {
            dom::focus(&first);
        }
        if fresh {
            ui.history_depth = usize::from(dom::history_push(&flow.id, state.answers.len()));
        }
        dom::session_set(RESUME_KEY, &state.to_json(&flow.id));
        let started = fresh && state.answers.is_empty();
        let flow_id = flow.id.clone();
        ui.modal = Some(Surface {
            flow: flow.id.clone(),
            state,
            frame: backdrop,
            panel: dialog,
            return_focus,
        });
        drop(ui_ref);
        drop(config);
        if started {
            self.record(vec![crate::core::profile::Event::FlowStarted {
                flow: flow_id,
            }]);
        }
        Ok(())
    }

    /// Reopens the modal flow the visitor had open before the page was reloaded.
    fn resume(&self) {
        let Some((flow_id, answers)) =
            dom::session_get(RESUME_KEY).and_then(|t| FlowState::from_json(&t))
        else {
            return;
        };
        let state = {
            let config = self.config.borrow();
            let Some(flow) = config.flow(&flow_id) else {
                dom::session_remove(RESUME_KEY);
                return;
            };
            FlowState::replay(flow, &answers)
        };
        // The history entries pushed before the reload are still there: pick them up.
        let step = dom::history_step(&dom::history_state(), &flow_id);
        let fresh = step != Some(state.answers.len());
        let _ = self.open(&flow_id, None, state, fresh);
        if !fresh {
            if let Some(ui) = self.ui.borrow_mut().as_mut() {
                ui.history_depth = step.unwrap_or(0) + 1;
            }
        }
    }

    fn close(&self) {
        let (modal, depth) = match self.ui.borrow_mut().as_mut() {
            Some(ui) => {
                let depth = std::mem::take(&mut ui.history_depth);
                ui.ignore_pop = depth > 0;
                (ui.modal.take(), depth)
            }
            None => (None, 0),
        };
        let Some(modal) = modal else { return };
        dom::remove(&modal.frame);
        dom::session_remove(RESUME_KEY);
        // Leave the history as it was before the dialog opened.
        if depth > 0 {
            dom::history_go(-(depth as i32));
        }
        if let Some(e) = modal.return_focus.filter(|e| e.is_connected()) {
            dom::focus(&e);
        }
    }

    /// Applies `change` to a surface's state and shows the new step.
    fn update(&self, place: Place, change: impl FnOnce(&mut FlowState, &Flow)) {
        let mut change = Some(change);
        self.render(
            place,
            &mut |state, flow| {
                if let Some(change) = change.take() {
                    change(state, flow);
                }
            },
            true,
        );
    }

    /// Draws every flow on the page again, as it stands: the catalogue file arrived, so which
    /// answers fit, and the results, are known now. Focus moves only within a flow that had it.
    fn refresh(&self) {
        let places: Vec<Place> = match self.ui.borrow().as_ref() {
            Some(ui) => (ui.modal.iter().map(|_| Place::Modal))
                .chain((0..ui.inline.len()).map(Place::Inline))
                .collect(),
            None => return,
        };
        for place in places {
            let had_focus = self
                .panel(place)
                .is_some_and(|panel| dom::has_focus_within(&panel));
            self.render(place, &mut |_, _| {}, had_focus);
        }
    }

    /// Applies `change` to the flow at `place` and draws its step; `focus` moves focus to the
    /// step's first control.
    fn render(&self, place: Place, change: &mut dyn FnMut(&mut FlowState, &Flow), focus: bool) {
        let config = self.config.borrow();
        let mut ui_ref = self.ui.borrow_mut();
        let Some(ui) = ui_ref.as_mut() else { return };
        let surface = match place {
            Place::Modal => ui.modal.as_mut(),
            Place::Inline(i) => ui.inline.get_mut(i),
        };
        let Some(surface) = surface else { return };
        let Some(flow) = config.flow(&surface.flow) else {
            return;
        };
        let before = surface.state.answers.len();
        change(&mut surface.state, flow);
        let view = view::dialog(&config, flow, &surface.state, &self.locale);
        let completed =
            matches!(view.body, Body::Results(_)) && surface.state.answers.len() > before;
        let answers = completed.then(|| (flow.id.clone(), surface.state.answers.clone()));
        // An inline flow starts with its first answer (it is on the page from the start).
        if place != Place::Modal && before == 0 && surface.state.answers.len() == 1 {
            self.record(vec![crate::core::profile::Event::FlowStarted {
                flow: flow.id.clone(),
            }]);
        }
        if let Body::Results(r) = &view.body {
            if let Some(url) = &r.redirect {
                dom::session_remove(RESUME_KEY);
                if let Some((flow, answers)) = answers {
                    self.record(vec![crate::core::profile::Event::FlowAnswers {
                        flow,
                        answers,
                    }]);
                    self.tracker.borrow_mut().flush(&config.catalogue);
                }
                let url = url.clone();
                guard::effect(Box::new(move || dom::navigate(&url)));
                return;
            }
        }
        let Some(doc) = dom::document() else { return };
        if let Err(e) =
            widget::render_dialog_content(&doc, &surface.panel, &view, place == Place::Modal)
        {
            dom::console_error(&format!("could not show the next step: {}", text_error(e)));
            return;
        }
        if let Some(first) = widget::first_control(&surface.panel).filter(|_| focus) {
            dom::focus(&first);
        }
        if place == Place::Modal {
            dom::session_set(RESUME_KEY, &surface.state.to_json(&flow.id));
            let after = surface.state.answers.len();
            if after > before && ui.history_depth > 0 && dom::history_push(&flow.id, after) {
                ui.history_depth += 1;
            }
        }
        if let Some((flow, answers)) = answers {
            drop(ui_ref);
            drop(config);
            self.record(vec![crate::core::profile::Event::FlowAnswers {
                flow,
                answers,
            }]);
        }
    }

    /// Goes back `steps` questions: through the browser's history for the modal (so its back
    /// button stays in step), directly otherwise.
    fn go_back(&self, place: Place, steps: usize) {
        if steps == 0 {
            // history.go(0) would reload the page.
            return;
        }
        let depth = self.ui.borrow().as_ref().map_or(0, |ui| ui.history_depth);
        if place == Place::Modal && depth > steps {
            dom::history_go(-(steps as i32));
        } else {
            self.update(place, |state, _| {
                for _ in 0..steps {
                    state.back();
                }
            });
        }
    }

    /// The browser moved through its history: follow it to the step it records.
    fn on_popstate(&self, event: &Event) {
        let state = dom::event_state(event);
        let (flow, answered) = match self.ui.borrow().as_ref().and_then(|ui| ui.modal.as_ref()) {
            Some(m) => (m.flow.clone(), m.state.answers.len()),
            None => return,
        };
        match dom::history_step(&state, &flow) {
            // Back past the entry the dialog opened with: close it (history is already there).
            None => {
                if let Some(ui) = self.ui.borrow_mut().as_mut() {
                    ui.history_depth = 0;
                }
                self.close();
            }
            Some(step) => {
                if let Some(ui) = self.ui.borrow_mut().as_mut() {
                    ui.history_depth = step + 1;
                }
                if step < answered {
                    self.update(Place::Modal, |s, _| s.answers.truncate(step));
                }
            }
        }
    }

    fn panel(&self, place: Place) -> Option<Element> {
        let ui = self.ui.borrow();
        let ui = ui.as_ref()?;
        match place {
            Place::Modal => ui.modal.as_ref().map(|m| m.panel.clone()),
            Place::Inline(i) => ui.inline.get(i).map(|s| s.panel.clone()),
        }
    }

    fn answered(&self, place: Place) -> usize {
        let ui = self.ui.borrow();
        let Some(ui) = ui.as_ref() else { return 0 };
        match place {
            Place::Modal => ui.modal.as_ref().map_or(0, |m| m.state.answers.len()),
            Place::Inline(i) => ui.inline.get(i).map_or(0, |s| s.state.answers.len()),
        }
    }

    fn choose(&self, place: Place, choice: Choice) {
        self.update(place, |state, flow| {
            let _ = state.answer(flow, choice);
        });
    }

    fn on_click(&self, place: Place, clicked: Option<Element>) {
        let Some(target) = clicked.as_ref().and_then(dom::action_target) else {
            return;
        };
        let action = dom::attribute(&target, "data-action").unwrap_or_default();
        let id = dom::attribute(&target, "data-id").unwrap_or_default();
        match action.as_str() {
            "open" => {
                if let Err(e) = self.open(&id, Some(target), FlowState::default(), true) {
                    dom::console_error(&text_error(e));
                }
            }
            "close" => self.close(),
            // Only a click on the backdrop itself, not on the dialog inside it.
            "backdrop" if clicked.as_ref() == Some(&target) => self.close(),
            "answer" if target.get_attribute("aria-disabled").is_none() => {
                self.choose(place, Choice::One(id))
            }
            "submit-many" => {
                let Some(panel) = self.panel(place) else {
                    return;
                };
                let boxes = dom::select_all(&panel, "input[type=checkbox]");
                let ids: Vec<String> = boxes
                    .iter()
                    .filter(|b| dom::is_checked(b))
                    .filter_map(dom::input_value)
                    .collect();
                if ids.is_empty() {
                    if let Some(first) = boxes.iter().find(|b| !b.has_attribute("disabled")) {
                        dom::focus(first);
                    }
                } else {
                    self.choose(place, Choice::Many(ids));
                }
            }
            "submit-range" => {
                let value = self
                    .panel(place)
                    .and_then(|p| p.query_selector("input[type=range]").ok().flatten())
                    .and_then(|i| dom::input_value(&i));
                if let Some(n) = value.and_then(|v| crate::core::json::parse_number(&v)) {
                    self.choose(place, Choice::Number(n));
                }
            }
            "skip" => self.choose(place, Choice::Skip),
            "msg" => {
                if let Some(i) = crate::core::json::parse_number(&id) {
                    self.message_button(i as usize, &target);
                }
            }
            "msg-close" => self.close_message(true),
            "survey" => self.survey_answer(&id),
            "back" => self.go_back(place, 1),
            "restart" => {
                let answered = self.answered(place);
                self.go_back(place, answered);
            }
            // A real link: the browser follows it; the flow is complete.
            "choose" => {
                if place == Place::Modal {
                    dom::session_remove(RESUME_KEY);
                }
                let flow = self
                    .panel(place)
                    .and_then(|p| p.get_attribute("data-flow"))
                    .unwrap_or_default();
                self.record(vec![crate::core::profile::Event::ResultChosen {
                    flow,
                    product: id,
                }]);
                // The browser leaves the page next: write now.
                self.flush();
            }
            _ => {}
        }
    }

    /// A click anywhere on the page: an add-to-basket button of the shop?
    fn on_page_click(&self, clicked: Option<Element>) {
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

    fn on_input(&self, target: Option<Element>) {
        let Some(input) = target else {
            return;
        };
        if let Some(n) = dom::input_value(&input).and_then(|v| crate::core::json::parse_number(&v))
        {
            let _ = widget::update_range_output(&input, n);
        }
    }

    fn on_keydown(&self, event: &Event) {
        let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        let ui_ref = self.ui.borrow();
        let Some(ui) = ui_ref.as_ref() else { return };
        // The flow dialog, else a modal message (its layer is a backdrop); bars and
        // slide-ins only close on Escape.
        let (panel, flow) = match (&ui.modal, &ui.message) {
            (Some(m), _) => (m.panel.clone(), true),
            (None, Some((_, layer, _))) => (layer.clone(), false),
            (None, None) => return,
        };
        let trap = flow || panel.class_name().contains("backdrop");
        match key.key().as_str() {
            "Escape" => {
                event.prevent_default();
                drop(ui_ref);
                if flow {
                    self.close();
                } else {
                    self.close_message(true);
                }
            }
            "Tab" if trap => {
                // Keep focus inside the modal dialog: wrap around at either end.
                let controls = dom::focusables(&panel);
                let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
                    return;
                };
                let active = dom::active_in(&ui.root);
                let wrap_to = if key.shift_key() {
                    (active.as_ref() == Some(first) || active.is_none()).then_some(last)
                } else {
                    (active.as_ref() == Some(last) || active.is_none()).then_some(first)
                };
                if let Some(target) = wrap_to {
                    event.prevent_default();
                    dom::focus(target);
                }
            }
            _ => {}
        }
    }
}

/// Shows flows inline in the merchant's `[data-shop-assistant-flow]` elements. Returns a
/// line for each element that could not be used.
/// The config's warnings for the console (none until a catalogue file has arrived).
fn lint_warnings(config: &Config) -> Vec<String> {
    if config.catalogue_pending() {
        return Vec::new();
    }
    crate::core::lint::lint(config)
        .iter()
        .map(|w| format!("warning: {w}"))
        .collect()
}

fn mount_inline(app: &Rc<App>, doc: &web_sys::Document) -> Vec<String> {
    let Some(html) = dom::root_element() else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    for target in dom::select_all(&html, &format!("[{INLINE_ATTR}]")) {
        let flow_id = dom::attribute(&target, INLINE_ATTR).unwrap_or_default();
        if let Err(e) = mount_inline_one(app, doc, &target, &flow_id) {
            warnings.push(format!("{INLINE_ATTR}=\"{flow_id}\": {}", text_error(e)));
        }
    }
    warnings
}

fn mount_inline_one(
    app: &Rc<App>,
    doc: &web_sys::Document,
    target: &Element,
    flow_id: &str,
) -> Result<(), JsValue> {
    let config = app.config.borrow();
    let Some(flow) = config.flow(flow_id) else {
        drop(config);
        return Err(app.flow_error(flow_id));
    };
    let page_root = app.ui.borrow().as_ref().map(|ui| ui.root.clone());
    let style = match &page_root {
        Some(shared) => widget::Style::Share(shared),
        None => widget::Style::Parse(CSS),
    };
    let (host, root) = widget::render_host(doc, target, style)?;
    let state = FlowState::default();
    let panel = widget::render_inline(
        doc,
        &root,
        &view::dialog(&config, flow, &state, &app.locale),
    )?;
    let mut ui_ref = app.ui.borrow_mut();
    let Some(ui) = ui_ref.as_mut() else {
        return Ok(());
    };
    let place = Place::Inline(ui.inline.len());
    ui._listeners.extend(listen(app, &root, place));
    ui.inline.push(Surface {
        flow: flow.id.clone(),
        state,
        frame: host,
        panel,
        return_focus: None,
    });
    Ok(())
}

/// Adds to `into` a listener whose handler goes through the guard: it runs now, or right
/// after the call under way; it holds the app weakly, so dropping the `Ui` (on destroy) frees
/// everything.
fn on(
    into: &mut Vec<Listener>,
    app: &Rc<App>,
    target: &web_sys::EventTarget,
    kind: &'static str,
    capture: bool,
    place: Place,
    handler: fn(&App, Place, &Event, Option<Element>),
) {
    let weak = Rc::downgrade(app);
    into.extend(dom::listen(target, kind, capture, move |e| {
        let weak = weak.clone();
        // Read now: once the browser has dispatched an event from a shadow tree, its target
        // is gone, and the handler may run after that.
        let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
        guard::enter(Box::new(move || {
            if let Some(app) = weak.upgrade() {
                handler(&app, place, &e, target);
            }
        }));
    }));
}

/// The listeners of one surface's shadow root.
fn listen(app: &Rc<App>, root: &ShadowRoot, place: Place) -> Vec<Listener> {
    let mut listeners = Vec::new();
    let l = &mut listeners;
    on(l, app, root, "click", false, place, |app, place, _, t| {
        app.on_click(place, t)
    });
    on(l, app, root, "input", false, place, |app, _, _, t| {
        app.on_input(t)
    });
    if place == Place::Modal {
        on(l, app, root, "keydown", false, place, |app, _, e, _| {
            app.on_keydown(e)
        });
    }
    listeners
}

/// Starts reading the shop's pages: this page, add-to-basket clicks, basket changes, other
/// tabs' writes, single-page navigations, and a last write when the page is hidden.
fn start_tracking(app: &Rc<App>) -> Vec<Listener> {
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
        if m.related_target().is_none() && m.client_y() <= 0 {
            app.show_message(true);
        }
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
            } else if app.left_tab.replace(false) && dom::is_mobile() {
                // Exit intent on phones: the visitor switched away and came back.
                app.show_message(true);
            }
        },
    );
    // Exit intent on phones: a fast scroll back up towards the address bar.
    on(l, app, &window, "scroll", false, page, |app, _, _, _| {
        let (y, t) = (dom::scroll_y(), dom::now());
        app.last_activity.set(t);
        let depth = dom::scroll_depth();
        if depth >= app.max_scroll.get() + 1.0 {
            app.max_scroll.set(depth);
            app.show_message(false);
        }
        let (last_y, last_t) = app.last_scroll.replace((y, t));
        let speed = (last_y - y) / (t - last_t).max(1.0);
        if speed > 2.0 && y < 400.0 && dom::is_mobile() {
            app.show_message(true);
        }
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
fn watch_activity(app: &Rc<App>, listeners: &mut Vec<Listener>) {
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
fn watch_basket(app: &Rc<App>) {
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

impl App {
    /// The basket changed: read it before the next frame, once however many changes come.
    fn plan_basket_read(&self) {
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

    fn read_basket(&self) {
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
    fn rewatch_basket(&self) {
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

/// The browser's back and forward buttons.
fn listen_history(app: &Rc<App>) -> Vec<Listener> {
    let mut listeners = Vec::new();
    if let Some(window) = dom::window() {
        on(
            &mut listeners,
            app,
            &window,
            "popstate",
            false,
            Place::Modal,
            |app, _, e, _| app.on_popstate(e),
        );
    }
    listeners
}
