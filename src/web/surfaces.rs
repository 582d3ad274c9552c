//! The flows on screen: the dialog and inline flows, drawing a step, answers, the back
//! button and the browser's history, keyboard and focus.

use super::widget::Action;
use super::*;

impl App {
    pub(super) fn flow_error(&self, flow_id: &str) -> JsValue {
        let config = self.config.borrow();
        let hint =
            crate::core::decode::did_you_mean(flow_id, config.flows.iter().map(|f| f.id.as_str()));
        JsValue::from_str(&format!("no flow \"{flow_id}\"{hint}"))
    }

    /// Opens `flow_id` in the modal at `state`. `fresh` adds a history entry for it.
    pub(super) fn open(
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
        let started = fresh && state.answers.is_empty();
        let (state, view) = {
            let tracker = self.tracker.borrow();
            let profile = tracker.profile(&config.catalogue);
            // A fresh start of a flow that starts from the visitor's last answers.
            let state = if started {
                profile.starting_state(flow)
            } else {
                state
            };
            let situation = recommendations::situation(&config, &tracker, &profile);
            let view = view::dialog_for(&config, flow, &state, &self.locale, Some(&situation));
            (state, view)
        };
        let (backdrop, dialog) = widget::render_modal(&doc, &ui.root, &view)?;
        let mut events = more_drawn(ui, &view, config.recommendations.data_layer);
        if let Some(first) = widget::first_control(&dialog) {
            dom::focus(&first);
        }
        if fresh {
            ui.history_depth = usize::from(dom::history_push(&flow.id, state.answers.len()));
        }
        dom::session_set(RESUME_KEY, &state.to_json(&flow.id));
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
            events.insert(
                0,
                crate::core::profile::Event::FlowStarted { flow: flow_id },
            );
        }
        if !events.is_empty() {
            self.record(events);
        }
        Ok(())
    }

    /// Reopens the modal flow the visitor had open before the page was reloaded.
    pub(super) fn resume(&self) {
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

    pub(super) fn close(&self) {
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
    pub(super) fn update(&self, place: Place, change: impl FnOnce(&mut FlowState, &Flow)) {
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
    pub(super) fn refresh(&self) {
        self.draw_shelves();
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
    pub(super) fn render(
        &self,
        place: Place,
        change: &mut dyn FnMut(&mut FlowState, &Flow),
        focus: bool,
    ) {
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
        // The visitor's interests order the results that fit equally.
        let view = {
            let tracker = self.tracker.borrow();
            let profile = tracker.profile(&config.catalogue);
            let situation = recommendations::situation(&config, &tracker, &profile);
            view::dialog_for(
                &config,
                flow,
                &surface.state,
                &self.locale,
                Some(&situation),
            )
        };
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
        let mut events = more_drawn(ui, &view, config.recommendations.data_layer);
        if let Some((flow, answers)) = answers {
            events.insert(
                0,
                crate::core::profile::Event::FlowAnswers { flow, answers },
            );
        }
        drop(ui_ref);
        drop(config);
        if !events.is_empty() {
            self.record(events);
        }
    }

    /// Goes back `steps` questions: through the browser's history for the modal (so its back
    /// button stays in step), directly otherwise.
    pub(super) fn go_back(&self, place: Place, steps: usize) {
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
    pub(super) fn on_popstate(&self, event: &Event) {
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

    pub(super) fn panel(&self, place: Place) -> Option<Element> {
        let ui = self.ui.borrow();
        let ui = ui.as_ref()?;
        match place {
            Place::Modal => ui.modal.as_ref().map(|m| m.panel.clone()),
            Place::Inline(i) => ui.inline.get(i).map(|s| s.panel.clone()),
        }
    }

    pub(super) fn answered(&self, place: Place) -> usize {
        let ui = self.ui.borrow();
        let Some(ui) = ui.as_ref() else { return 0 };
        match place {
            Place::Modal => ui.modal.as_ref().map_or(0, |m| m.state.answers.len()),
            Place::Inline(i) => ui.inline.get(i).map_or(0, |s| s.state.answers.len()),
        }
    }

    pub(super) fn choose(&self, place: Place, choice: Choice) {
        self.update(place, |state, flow| {
            let _ = state.answer(flow, choice);
        });
    }

    pub(super) fn on_click(&self, place: Place, clicked: Option<Element>) {
        if self.on_card_click(clicked.as_ref()) {
            return;
        }
        let Some(target) = clicked.as_ref().and_then(dom::action_target) else {
            return;
        };
        let Some(action) = dom::attribute(&target, "data-action")
            .as_deref()
            .and_then(Action::from_name)
        else {
            return;
        };
        let id = dom::attribute(&target, "data-id").unwrap_or_default();
        match action {
            Action::Open => {
                if let Err(e) = self.open(&id, Some(target), FlowState::default(), true) {
                    dom::console_error(&text_error(e));
                }
            }
            Action::Close => self.close(),
            // Only a click on the backdrop itself, not on the dialog inside it.
            Action::Backdrop => {
                if clicked.as_ref() == Some(&target) {
                    self.close()
                }
            }
            Action::Answer => {
                if target.get_attribute("aria-disabled").is_none() {
                    self.choose(place, Choice::One(id))
                }
            }
            Action::SubmitMany => {
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
            Action::SubmitRange => {
                let value = self
                    .panel(place)
                    .and_then(|p| p.query_selector("input[type=range]").ok().flatten())
                    .and_then(|i| dom::input_value(&i));
                if let Some(n) = value.and_then(|v| crate::core::json::parse_number(&v)) {
                    self.choose(place, Choice::Number(n));
                }
            }
            Action::Skip => self.choose(place, Choice::Skip),
            Action::Message => {
                if let Some(i) = crate::core::json::parse_number(&id) {
                    self.message_button(i as usize, &target);
                }
            }
            Action::MessageClose => self.close_message(true),
            Action::Survey => self.survey_answer(&id),
            Action::Back => self.go_back(place, 1),
            Action::Restart => {
                let answered = self.answered(place);
                self.go_back(place, answered);
            }
            // A real link: the browser follows it; the flow is complete.
            Action::Choose => {
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
        }
    }

    pub(super) fn on_input(&self, target: Option<Element>) {
        let Some(input) = target else {
            return;
        };
        if let Some(n) = dom::input_value(&input).and_then(|v| crate::core::json::parse_number(&v))
        {
            let _ = widget::update_range_output(&input, n);
        }
    }

    pub(super) fn on_keydown(&self, event: &Event) {
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
pub(super) fn mount_inline(app: &Rc<App>, doc: &web_sys::Document) -> Vec<String> {
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

pub(super) fn mount_inline_one(
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

/// The listeners of one surface's shadow root.
pub(super) fn listen(app: &Rc<App>, root: &ShadowRoot, place: Place) -> Vec<Listener> {
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

/// The browser's back and forward buttons.
pub(super) fn listen_history(app: &Rc<App>) -> Vec<Listener> {
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

/// The recommendation block under a flow's results, when this step drew one: the event to
/// record (see `recommendations::cards_drawn`).
fn more_drawn(
    ui: &mut Ui,
    view: &view::DialogView,
    data_layer: bool,
) -> Vec<crate::core::profile::Event> {
    match &view.body {
        Body::Results(view::ResultsView {
            more: Some(more), ..
        }) => recommendations::cards_drawn(ui, more, data_layer)
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}
