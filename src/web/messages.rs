//! The targeted messages on screen: choosing one (core decides, this draws), the timers
//! for messages that wait, its buttons, surveys, and closing it.

use super::*;

impl App {
    /// Shows the message whose time has come, if any (`exit`: the visitor is leaving).
    pub(super) fn show_message(&self, exit: bool) {
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
            Action::Dismiss => {}
        }
    }
}
