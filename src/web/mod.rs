//! The browser edge: the object the loader drives (`Assistant`, the wasm API) and the state
//! it shares with its parts:
//!
//! - `surfaces`: the flows on screen (dialog, inline), answers, history, keyboard and focus;
//! - `messages`: the targeted message on screen, its timers, buttons and surveys;
//! - `signals`: what the page tells the assistant (page views, the shop's basket and buttons,
//!   the JS API's events, exit intent, idle, scrolling) and recording it;
//! - `tracker`: the visitor profile in localStorage, across tabs;
//! - `widget`: drawing the core's views as DOM; `dom`: every raw browser call;
//! - `guard`: one call at a time, effects after every borrow is released.
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
mod messages;
mod recommendations;
mod signals;
mod surfaces;
mod tracker;
mod widget;

use signals::start_tracking;
use surfaces::{listen, listen_history, mount_inline};

pub use guard::halt;

use crate::core::config::Config;
use crate::core::flow::{Choice, Flow, FlowState};
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
    /// The recommendation blocks on the page.
    shelves: Vec<recommendations::Shelf>,
    /// Product cards drawn in a message or under a flow's results, by block (for GA4's
    /// `select_item` when one is followed).
    cards: Vec<view::BlockView>,
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
            shelves: Vec::new(),
            cards: Vec::new(),
            _listeners: listeners,
        });
        // With a catalogue file still on its way, the checks that need the products wait for it.
        self.app.place_launcher();
        let mut warnings = lint_warnings(&self.app.config.borrow());
        warnings.extend(mount_inline(&self.app, &doc));
        warnings.extend(self.app.mount_shelves(&doc));
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
            // Once this page's product is known (recorded by start_tracking).
            self.app.draw_shelves();
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
            recommendations::remove_shelves(&ui.shelves);
        }
    }
}

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
