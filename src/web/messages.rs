//! The targeted messages on screen: choosing one (core decides, this draws), the timers
//! for messages that wait, its buttons, surveys, and closing it.

use super::*;
use crate::core::message_view::{decide, Decision, Moment};

impl App {
    /// Shows the message whose time has come, if any (`exit`: the visitor is leaving).
    pub(super) fn show_message(&self, exit: bool) {
        let config = self.config.borrow();
        let mut ui_ref = self.ui.borrow_mut();
        let Some(ui) = ui_ref.as_mut() else { return };
        let profile = self.tracker.borrow().profile(&config.catalogue);
        let path = dom::path();
        let (date, weekday, hour) = dom::local_time(config.message_settings.time_zone.as_deref());
        let now = dom::now();
        let moment = Moment {
            path: &path,
            now,
            leaving: exit,
            device: dom::device(),
            date,
            weekday,
            hour,
            idle: (now - self.last_activity.get()) / 1000.0,
            scroll_depth: self.max_scroll.get(),
        };
        let on_screen = ui
            .message
            .as_ref()
            .map(|(id, layer, _)| (id.clone(), layer.clone()));
        let decision = decide(
            &config,
            &profile,
            &self.locale,
            &moment,
            on_screen.as_ref().map(|(id, _)| id.as_str()),
            ui.modal.is_some(),
        );
        let settings = &config.message_settings;
        let (m, content) = match decision {
            Decision::Nothing => return,
            Decision::Close => {
                drop(ui_ref);
                drop(config);
                self.close_message(false);
                return;
            }
            Decision::Refresh(content) => {
                if let Some((_, layer)) = on_screen {
                    widget::update_message(
                        &layer,
                        content.title.as_deref(),
                        &content.body,
                        &self.locale,
                        &settings.currency,
                    );
                }
                return;
            }
            Decision::Show(m, content) => (m, content),
        };
        let Some(doc) = dom::document() else { return };
        let close = view::labels(&config, &self.locale).close;
        let return_focus = dom::active_element();
        // A top bar goes into the page's flow (see `widget::render_top_host`).
        let root = if m.placement == crate::core::message::Placement::TopBar {
            match self.top_root(&doc, ui) {
                Some(r) => r,
                None => return,
            }
        } else {
            ui.root.clone()
        };
        // The message's product cards, if it has a block (e.g. what goes with the basket).
        let cards = m.products.as_ref().and_then(|block| {
            let tracker = self.tracker.borrow();
            let situation = recommendations::situation(&config, &tracker, &profile);
            view::cards(&config, block, &situation, None, &self.locale)
        });
        match widget::render_message(
            &doc,
            &root,
            m,
            &content,
            cards.as_ref(),
            &close,
            &self.locale,
            &settings.currency,
        ) {
            Ok(layer) => {
                if m.placement == crate::core::message::Placement::Modal {
                    if let Some(first) = layer.query_selector("button").ok().flatten() {
                        dom::focus(&first);
                    }
                }
                ui.message = Some((m.id.clone(), layer, return_focus));
                let mut events = vec![crate::core::profile::Event::MessageShown {
                    id: m.id.clone(),
                    variant: content.variant,
                }];
                if let Some(cards) = &cards {
                    let data_layer = config.recommendations.data_layer;
                    events.extend(recommendations::cards_drawn(ui, cards, data_layer));
                }
                drop(ui_ref);
                drop(config);
                self.record(events);
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
    pub(super) fn wait_for_timed_messages(&self) {
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
    pub(super) fn close_message(&self, dismissed: bool) {
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
    pub(super) fn survey_answer(&self, score: &str) {
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
    pub(super) fn message_button(&self, index: usize, button: &Element) {
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
            Action::Restore => {
                let (back, detail, data_layer) = {
                    let config = self.config.borrow();
                    let profile = self.tracker.borrow().profile(&config.catalogue);
                    let back = crate::core::message::restore(
                        &profile,
                        &config.catalogue,
                        &config.sold_out_here,
                        &config.message_settings,
                        &self.locale,
                        &config.default_locale,
                    );
                    let detail =
                        back.detail(&config.catalogue, &self.locale, &config.default_locale);
                    (back, detail, config.message_settings.data_layer)
                };
                self.flush();
                match back.url {
                    Some(url) => guard::effect(Box::new(move || dom::navigate(&url))),
                    // No link of the shop's: its own script puts the lines back (the message
                    // goes once the basket it shows is back, as any message whose condition
                    // stops holding).
                    None => guard::effect(Box::new(move || {
                        dom::announce("restore-basket", &detail, data_layer)
                    })),
                }
            }
            Action::Dismiss => {}
        }
    }
}
