//! The browser edge: the object the loader drives, and the widget's event handling.
//!
//! The loader (`www/shop-assistant.js`) creates one [`Assistant`] from the merchant's
//! config text and calls `mount`, `open`, `close` and `destroy` on it. Nothing here panics
//! on input from the page or the config: failures come back as `Err` strings that the
//! loader reports on one console line.

mod dom;
mod widget;

use crate::core::config::Config;
use crate::core::flow::FlowState;
use crate::core::text::visitor_locale;
use crate::core::view;
use gloo_events::{EventListener, EventListenerOptions};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent, ShadowRoot};

const CSS: &str = include_str!("widget.css");

/// The assistant on one page.
#[wasm_bindgen]
pub struct Assistant {
    app: Rc<App>,
}

struct App {
    config: RefCell<Config>,
    locale: String,
    ui: RefCell<Option<Ui>>,
}

/// Everything the assistant has put on the page; dropping it removes the listeners.
struct Ui {
    host: Element,
    root: ShadowRoot,
    // Kept so later features (hiding it during a flow, badges) can reach it.
    #[allow(dead_code)]
    launcher: Option<Element>,
    open: Option<OpenDialog>,
    _listeners: Vec<EventListener>,
}

struct OpenDialog {
    flow: String,
    state: FlowState,
    backdrop: Element,
    dialog: Element,
    return_focus: Option<Element>,
}

fn problems_to_js(problems: &[crate::core::decode::Problem]) -> JsValue {
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    JsValue::from_str(&lines.join("\n"))
}

#[wasm_bindgen]
impl Assistant {
    /// Reads and checks the merchant's config. The error lists every problem, one a line.
    pub fn create(config_text: &str) -> Result<Assistant, JsValue> {
        let config = Config::parse(config_text).map_err(|p| problems_to_js(&p))?;
        let locale = visitor_locale(dom::page_locale().as_deref(), &config.default_locale);
        Ok(Assistant {
            app: Rc::new(App {
                config: RefCell::new(config),
                locale,
                ui: RefCell::new(None),
            }),
        })
    }

    /// The catalogue URL the loader must fetch before `mount`, if the config names one.
    #[wasm_bindgen(js_name = catalogueUrl)]
    pub fn catalogue_url(&self) -> Option<String> {
        self.app.config.borrow().catalogue_url.clone()
    }

    /// Installs the catalogue fetched from `catalogueUrl()`.
    #[wasm_bindgen(js_name = setCatalogue)]
    pub fn set_catalogue(&self, text: &str) -> Result<(), JsValue> {
        self.app
            .config
            .borrow_mut()
            .attach_catalogue(text)
            .map_err(|p| problems_to_js(&p))
    }

    /// Puts the widget on the page: the shadow host and, if configured, the launcher.
    pub fn mount(&self) -> Result<(), JsValue> {
        if self.app.ui.borrow().is_some() {
            return Ok(());
        }
        let doc = dom::document().ok_or_else(|| JsValue::from_str("no document"))?;
        let (host, root) = widget::render_host(&doc, CSS)?;
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
        let listeners = listen(&self.app, &root);
        *self.app.ui.borrow_mut() = Some(Ui {
            host,
            root,
            launcher,
            open: None,
            _listeners: listeners,
        });
        Ok(())
    }

    /// Opens flow `flow_id` at its first question (or where the visitor left it).
    pub fn open(&self, flow_id: &str) -> Result<(), JsValue> {
        self.app.open(flow_id, None)
    }

    /// Closes the dialog, if open, and returns focus to where it was.
    pub fn close(&self) {
        self.app.close();
    }

    /// Whether a dialog is open.
    #[wasm_bindgen(js_name = isOpen)]
    pub fn is_open(&self) -> bool {
        self.app
            .ui
            .borrow()
            .as_ref()
            .is_some_and(|ui| ui.open.is_some())
    }

    /// Removes everything the assistant added to the page, listeners included.
    pub fn destroy(&self) {
        if let Some(ui) = self.app.ui.borrow_mut().take() {
            dom::remove(&ui.host);
        }
    }
}

impl App {
    fn open(&self, flow_id: &str, return_focus: Option<Element>) -> Result<(), JsValue> {
        let config = self.config.borrow();
        let Some(flow) = config.flow(flow_id) else {
            let hint = crate::core::decode::did_you_mean(
                flow_id,
                config.flows.iter().map(|f| f.id.as_str()),
            );
            return Err(JsValue::from_str(&format!("no flow \"{flow_id}\"{hint}")));
        };
        let doc = dom::document().ok_or_else(|| JsValue::from_str("no document"))?;
        let mut ui_ref = self.ui.borrow_mut();
        let ui = ui_ref
            .as_mut()
            .ok_or_else(|| JsValue::from_str("not mounted"))?;
        if let Some(open) = ui.open.take() {
            dom::remove(&open.backdrop);
        }
        let return_focus = return_focus.or_else(|| doc.active_element());
        let state = FlowState::default();
        let view = view::dialog(&config, flow, &state, &self.locale);
        let (backdrop, dialog) = widget::render_dialog(&doc, &ui.root, &view)?;
        if let Some(first) = widget::first_control(&dialog) {
            dom::focus(&first);
        }
        ui.open = Some(OpenDialog {
            flow: flow.id.clone(),
            state,
            backdrop,
            dialog,
            return_focus,
        });
        Ok(())
    }

    fn close(&self) {
        let open = self.ui.borrow_mut().as_mut().and_then(|ui| ui.open.take());
        if let Some(open) = open {
            dom::remove(&open.backdrop);
            if let Some(e) = open.return_focus.filter(|e| e.is_connected()) {
                dom::focus(&e);
            }
        }
    }

    /// Applies `change` to the open flow's state and shows the new step.
    fn update(&self, change: impl FnOnce(&mut FlowState, &crate::core::config::Flow)) {
        let config = self.config.borrow();
        let mut ui_ref = self.ui.borrow_mut();
        let Some(open) = ui_ref.as_mut().and_then(|ui| ui.open.as_mut()) else {
            return;
        };
        let Some(flow) = config.flow(&open.flow) else {
            return;
        };
        change(&mut open.state, flow);
        let view = view::dialog(&config, flow, &open.state, &self.locale);
        let Some(doc) = dom::document() else { return };
        if let Err(e) = widget::render_dialog_content(&doc, &open.dialog, &view) {
            dom::console_error(&format!(
                "could not show the next step: {}",
                e.as_string().unwrap_or_default()
            ));
            return;
        }
        if let Some(first) = widget::first_control(&open.dialog) {
            dom::focus(&first);
        }
    }

    fn on_click(&self, event: &Event) {
        let Some(target) = dom::action_target(event) else {
            return;
        };
        let action = target.get_attribute("data-action").unwrap_or_default();
        let id = target.get_attribute("data-id").unwrap_or_default();
        match action.as_str() {
            "open" => {
                if let Err(e) = self.open(&id, Some(target)) {
                    dom::console_error(&e.as_string().unwrap_or_default());
                }
            }
            "close" => self.close(),
            // Only a click on the backdrop itself, not on the dialog inside it.
            "backdrop"
                if event
                    .target()
                    .and_then(|t| t.dyn_into::<Element>().ok())
                    .as_ref()
                    == Some(&target) =>
            {
                self.close()
            }
            "answer" => self.update(|state, flow| {
                let _ = state.answer(flow, &id);
            }),
            "back" => self.update(|state, _| {
                state.back();
            }),
            "restart" => self.update(|state, _| *state = FlowState::default()),
            // "choose" is a real link: the browser follows it.
            _ => {}
        }
    }

    fn on_keydown(&self, event: &Event) {
        let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        let ui_ref = self.ui.borrow();
        let Some(ui) = ui_ref.as_ref() else { return };
        let Some(open) = ui.open.as_ref() else { return };
        match key.key().as_str() {
            "Escape" => {
                event.prevent_default();
                drop(ui_ref);
                self.close();
            }
            "Tab" => {
                // Keep focus inside the modal dialog: wrap around at either end.
                let controls = dom::focusables(&open.dialog);
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

/// The widget's two listeners, both on its shadow root; they hold the app weakly so that
/// dropping the `Ui` (on destroy) frees everything.
fn listen(app: &Rc<App>, root: &ShadowRoot) -> Vec<EventListener> {
    let weak: Weak<App> = Rc::downgrade(app);
    let on_click = {
        let weak = weak.clone();
        EventListener::new(root, "click", move |e| {
            if let Some(app) = weak.upgrade() {
                app.on_click(e);
            }
        })
    };
    let on_key = EventListener::new_with_options(
        root,
        "keydown",
        EventListenerOptions::enable_prevent_default(),
        move |e| {
            if let Some(app) = weak.upgrade() {
                app.on_keydown(e);
            }
        },
    );
    vec![on_click, on_key]
}
