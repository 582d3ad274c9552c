//! The visitor profile: what the visitor did on this shop, kept in their browser only.
//!
//! Events ([`Event`]) are folded into aggregates ([`Profile`]): counters, bounded lists and
//! decaying affinities, never an unbounded log, so the stored form stays small (see
//! [`MAX_STORED_BYTES`]). Time always comes in as a parameter (`now`, milliseconds since the
//! epoch), so everything here is deterministic and tested natively.

use super::catalogue::Catalogue;
use super::flow::{Answered, FlowState};
use super::json::{self, Value};
use super::page::PageType;
use super::product::AttrValue;

/// A visit ends after this long without activity; the next event starts a new one.
pub const SESSION_TIMEOUT_MS: f64 = 30.0 * 60.0 * 1000.0;
/// Affinities halve every week without new interest.
pub const AFFINITY_HALF_LIFE_MS: f64 = 7.0 * 24.0 * 3600.0 * 1000.0;
/// Recently viewed products kept.
pub const MAX_RECENT: usize = 20;
/// Order numbers kept to count each purchase once.
pub const MAX_TRANSACTIONS: usize = 10;
/// How many bought products the profile keeps (recommendations leave them out).
pub const MAX_BOUGHT: usize = 20;
/// Affinities kept (the strongest).
pub const MAX_AFFINITIES: usize = 40;
/// Flows whose last answers are kept.
pub const MAX_FLOWS: usize = 10;
/// Messages whose history is kept.
pub const MAX_MESSAGES: usize = 50;
/// Basket lines kept.
pub const MAX_LINES: usize = 50;
/// The stored profile never exceeds this; [`Profile::to_json`] trims lists to stay under it.
pub const MAX_STORED_BYTES: usize = 64 * 1024;
/// The stored format's version. Reading a newer one is refused rather than overwritten.
pub const SCHEMA_VERSION: u32 = 3;

/// What the visitor did with one message (kept in the profile, bounded).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MessageRecord {
    /// The message.
    pub id: String,
    /// Times shown.
    pub shown: u32,
    /// Times a button other than dismiss was clicked.
    pub clicked: u32,
    /// Times dismissed.
    pub dismissed: u32,
    /// Purchases after a click.
    pub converted: u32,
    /// When last shown (ms).
    pub last_shown: f64,
    /// The visit it was last shown in.
    pub last_visit: u32,
    /// When last dismissed (ms).
    pub last_dismissed: f64,
    /// Shown today: the day (ms / 86 400 000) and the count.
    pub day: (f64, u32),
    /// A click not yet followed by a purchase.
    pub click_pending: bool,
    /// The A/B variant this device was shown, if the message has variants.
    pub variant: Option<String>,
}

/// One line of a basket.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Product id.
    pub id: String,
    /// Quantity.
    pub quantity: f64,
    /// Unit price.
    pub price: f64,
}

/// Something the visitor did.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A page was shown (also a single-page shop's navigation).
    PageView {
        /// Its type.
        page: PageType,
    },
    /// A product page was viewed.
    ProductView {
        /// Product id.
        id: String,
    },
    /// A product was added to the basket.
    AddToBasket {
        /// Product id.
        id: String,
        /// How many.
        quantity: f64,
        /// Unit price, if known.
        price: Option<f64>,
    },
    /// A product was removed from the basket.
    RemoveFromBasket {
        /// Product id.
        id: String,
        /// How many (all of them when `None`).
        quantity: Option<f64>,
    },
    /// The whole basket as the shop shows it (replaces what the profile had).
    Basket {
        /// Its lines.
        lines: Vec<Line>,
        /// Its total, if shown.
        value: Option<f64>,
    },
    /// The visitor began checking out.
    CheckoutStart,
    /// An order was placed; empties the basket.
    Purchase {
        /// The order's value (else the basket's).
        value: Option<f64>,
        /// The shop's order number, where it reports one: an order is counted once, however
        /// often its confirmation is reported (a reload of the thank-you page).
        transaction: Option<String>,
    },
    /// A search.
    Search {
        /// What was searched for.
        query: String,
    },
    /// A flow of the assistant was opened.
    FlowStarted {
        /// The flow.
        flow: String,
    },
    /// A recommended product was chosen from a flow's results.
    ResultChosen {
        /// The flow.
        flow: String,
        /// The product.
        product: String,
    },
    /// A recommendation block was drawn with products.
    RecommendationShown {
        /// The block.
        block: String,
        /// Its products in order: id and the strategy that picked it.
        products: Vec<(String, String)>,
    },
    /// A recommended product was followed.
    RecommendationClicked {
        /// The block.
        block: String,
        /// The product.
        product: String,
        /// The strategy that picked it.
        strategy: String,
        /// Its place in the block, from 1.
        position: u32,
    },
    /// A message was shown.
    MessageShown {
        /// The message.
        id: String,
        /// Its A/B variant, if it has variants.
        variant: Option<String>,
    },
    /// A button of a message (other than dismiss) was clicked.
    MessageClicked {
        /// The message.
        id: String,
    },
    /// A survey message was answered.
    SurveyAnswer {
        /// The message.
        id: String,
        /// Its kind.
        kind: super::survey::SurveyKind,
        /// The score chosen.
        score: u8,
    },
    /// A message was dismissed.
    MessageDismissed {
        /// The message.
        id: String,
    },
    /// A flow of the assistant was completed; its answers are kept.
    FlowAnswers {
        /// The flow.
        flow: String,
        /// The answers given.
        answers: Vec<Answered>,
    },
}

impl Event {
    /// The DOM event the assistant dispatches for its own events, if this is one: the name
    /// (after `shop-assistant:`) and the `detail` as JSON.
    ///
    /// ```
    /// use shop_assistant::core::profile::Event;
    /// let e = Event::MessageShown { id: "free-delivery".into(), variant: Some("B".into()) };
    /// assert_eq!(e.announcement(), Some(("message-shown", r#"{"message":"free-delivery","variant":"B"}"#.to_string())));
    /// ```
    pub fn announcement(&self) -> Option<(&'static str, String)> {
        let s = |t: &str| Value::String(t.to_string());
        let (name, members) = match self {
            Event::FlowStarted { flow } => ("flow-started", vec![("flow", s(flow))]),
            Event::FlowAnswers { flow, answers } => {
                let state = FlowState {
                    answers: answers.clone(),
                };
                let answers = json::parse(&state.to_json(flow))
                    .ok()
                    .and_then(|v| v.get("answers").cloned())
                    .unwrap_or(Value::Null);
                (
                    "flow-completed",
                    vec![("flow", s(flow)), ("answers", answers)],
                )
            }
            Event::ResultChosen { flow, product } => (
                "result-chosen",
                vec![("flow", s(flow)), ("product", s(product))],
            ),
            Event::MessageShown { id, variant } => (
                "message-shown",
                vec![
                    ("message", s(id)),
                    ("variant", variant.as_deref().map_or(Value::Null, s)),
                ],
            ),
            Event::MessageClicked { id } => ("message-clicked", vec![("message", s(id))]),
            Event::RecommendationShown { block, products } => (
                "recommendation-shown",
                vec![
                    ("block", s(block)),
                    (
                        "products",
                        Value::Array(
                            products
                                .iter()
                                .enumerate()
                                .map(|(i, (id, strategy))| {
                                    Value::Object(vec![
                                        ("product".into(), s(id)),
                                        ("strategy".into(), s(strategy)),
                                        ("position".into(), Value::Number(i as f64 + 1.0)),
                                    ])
                                })
                                .collect(),
                        ),
                    ),
                ],
            ),
            Event::RecommendationClicked {
                block,
                product,
                strategy,
                position,
            } => (
                "recommendation-clicked",
                vec![
                    ("block", s(block)),
                    ("product", s(product)),
                    ("strategy", s(strategy)),
                    ("position", Value::Number(f64::from(*position))),
                ],
            ),
            Event::MessageDismissed { id } => ("message-dismissed", vec![("message", s(id))]),
            Event::SurveyAnswer { id, kind, score } => (
                "survey-answered",
                vec![
                    ("message", s(id)),
                    ("kind", s(kind.name())),
                    ("score", Value::Number(f64::from(*score))),
                ],
            ),
            _ => return None,
        };
        let detail = Value::Object(
            members
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        );
        Some((name, json::stringify(&detail)))
    }
}

/// A basket left behind at the end of an earlier visit.
#[derive(Debug, Clone, PartialEq)]
pub struct Abandoned {
    /// Its lines.
    pub lines: Vec<Line>,
    /// Its value.
    pub value: f64,
    /// When it was last seen (ms).
    pub at: f64,
}

/// Everything the assistant knows about the visitor, all of it local.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    /// Visits (sessions) so far, this one included.
    pub visits: u32,
    /// First event ever (ms).
    pub first_seen: f64,
    /// Latest event (ms).
    pub last_seen: f64,
    /// Start of the current visit (ms).
    pub session_start: f64,
    /// When the current page was shown (ms).
    pub page_start: f64,
    /// The current page's type.
    pub page: Option<PageType>,
    /// Pages shown in the current visit.
    pub pages_this_session: u32,
    /// Pages shown ever.
    pub pages_total: u32,
    /// Recently viewed product ids, newest first.
    pub recent: Vec<String>,
    /// Interest per `attribute=value` of products viewed or added, decayed to `affinity_at`.
    pub affinities: Vec<(String, f64)>,
    /// When the affinities were last decayed (ms).
    pub affinity_at: f64,
    /// The basket now.
    pub basket: Vec<Line>,
    /// The basket's value as the shop last showed it, else the sum of its lines.
    pub basket_value: f64,
    /// The basket left behind at the end of an earlier visit, until bought or emptied.
    pub abandoned: Option<Abandoned>,
    /// Whether a checkout began in the current visit.
    pub checkout_started: bool,
    /// Orders placed.
    pub purchases: u32,
    /// Their total value.
    pub revenue: f64,
    /// Searches made.
    pub searches: u32,
    /// Last answers to each flow, most recent first.
    pub answers: Vec<(String, Vec<Answered>)>,
    /// How often each flow was started, completed and led to a product, most recent first.
    pub flows: Vec<FlowStats>,
    /// How often each recommendation block was shown and followed, most recent first.
    pub blocks: Vec<BlockStats>,
    /// What the visitor did with each message, most recent first.
    pub messages: Vec<MessageRecord>,
    /// Messages shown in the current visit (the interruption budget).
    pub interruptions: u32,
    /// A random number chosen once per visitor, for sticky A/B variants (0: not chosen yet).
    pub seed: u32,
    /// Survey answers: message id, kind and the latest scores (at most 20 each).
    pub surveys: Vec<(String, super::survey::SurveyKind, Vec<u8>)>,
    /// The order numbers of the last purchases reported with one, newest first (at most
    /// [`MAX_TRANSACTIONS`]), so that each is counted once.
    pub transactions: Vec<String>,
    /// The products in the basket at the last purchases, newest first (at most
    /// [`MAX_BOUGHT`]): recommendations leave them out unless a block asks for them.
    pub bought: Vec<String>,
    /// Which stored profile this is: a random number given when it is first stored and anew
    /// by every erase (0: never stored). A tab whose copy is of another generation missed an
    /// erase, and folds only what happened after it (see [`merge`]).
    pub generation: u32,
    /// When the erase that began this generation happened (ms; 0: never erased).
    pub erased_at: f64,
    /// Consent to store was withdrawn at `erased_at`: no tab stores again until one is given
    /// consent later than that.
    pub consent_withdrawn: bool,
}

/// How a recommendation block did with this visitor.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BlockStats {
    /// The block.
    pub block: String,
    /// Times drawn with products.
    pub shown: u32,
    /// Times one of its products was followed.
    pub clicked: u32,
}

/// How a flow did with this visitor.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowStats {
    /// The flow.
    pub flow: String,
    /// Times opened.
    pub started: u32,
    /// Times answered to the end.
    pub completed: u32,
    /// Times a recommended product was chosen.
    pub chosen: u32,
}

impl Profile {
    /// Average order value, if anything was bought.
    pub fn average_order_value(&self) -> Option<f64> {
        (self.purchases > 0).then(|| self.revenue / f64::from(self.purchases))
    }

    /// Number of items in the basket.
    pub fn basket_items(&self) -> f64 {
        self.basket.iter().map(|l| l.quantity).sum()
    }

    /// Time on the current page (ms).
    pub fn time_on_page(&self, now: f64) -> f64 {
        (now - self.page_start).max(0.0)
    }

    /// The affinity for `attribute=value` now, after decay.
    pub fn affinity(&self, key: &str, now: f64) -> f64 {
        let decay = decay_factor(now - self.affinity_at);
        self.affinities
            .iter()
            .find(|(k, _)| k == key)
            .map_or(0.0, |(_, v)| v * decay)
    }

    /// Starts a new visit if this is the first event or the last was long ago. At the start
    /// of a new visit, a basket still full from the last one becomes the abandoned basket.
    fn touch(&mut self, now: f64) {
        if self.visits == 0 {
            self.visits = 1;
            self.first_seen = now;
            self.session_start = now;
            self.affinity_at = now;
        } else if (now - self.last_seen).abs() > SESSION_TIMEOUT_MS {
            // Long ago, or far "in the future": the device's clock was set back (or was
            // wrong last time), so what was stored no longer tells when the visitor was here.
            self.visits += 1;
            self.session_start = now;
            self.pages_this_session = 0;
            self.checkout_started = false;
            self.interruptions = 0;
            if !self.basket.is_empty() {
                self.abandoned = Some(Abandoned {
                    lines: self.basket.clone(),
                    value: self.basket_value,
                    at: self.last_seen,
                });
            }
        }
        self.last_seen = if self.last_seen - now > SESSION_TIMEOUT_MS {
            now
        } else {
            self.last_seen.max(now)
        };
    }

    fn add_interest(&mut self, catalogue: &Catalogue, id: &str, weight: f64, now: f64) {
        let Some(product) = catalogue.products().iter().find(|p| p.id == id) else {
            return;
        };
        let decay = decay_factor(now - self.affinity_at);
        for (_, v) in self.affinities.iter_mut() {
            *v *= decay;
        }
        self.affinity_at = now;
        for (name, value) in &product.attributes {
            let values: Vec<&str> = match value {
                AttrValue::Text(s) => vec![s.as_str()],
                AttrValue::List(items) => items.iter().map(String::as_str).collect(),
                AttrValue::Number(_) => Vec::new(),
            };
            for v in values {
                let key = format!("{name}={v}");
                match self.affinities.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, score)) => *score += weight,
                    None => self.affinities.push((key, weight)),
                }
            }
        }
        // Strongest first (an insertion sort: a few dozen entries, and no second sort
        // routine in the WebAssembly).
        for i in 1..self.affinities.len() {
            let mut j = i;
            while j > 0 && self.affinities[j - 1].1 < self.affinities[j].1 {
                self.affinities.swap(j - 1, j);
                j -= 1;
            }
        }
        self.affinities.truncate(MAX_AFFINITIES);
    }

    /// The stats of `flow`, moved to the front (created if new; the oldest dropped).
    fn flow_stats(&mut self, flow: &str) -> &mut FlowStats {
        let at = self.flows.iter().position(|f| f.flow == flow);
        let stats = match at {
            Some(i) => self.flows.remove(i),
            None => FlowStats {
                flow: flow.to_string(),
                ..FlowStats::default()
            },
        };
        self.flows.insert(0, stats);
        self.flows.truncate(MAX_FLOWS);
        &mut self.flows[0]
    }

    /// Block `block`'s counts, moved to the front (created if new; the oldest dropped).
    fn block_stats(&mut self, block: &str) -> &mut BlockStats {
        let stats = match self.blocks.iter().position(|b| b.block == block) {
            Some(i) => self.blocks.remove(i),
            None => BlockStats {
                block: block.to_string(),
                ..BlockStats::default()
            },
        };
        self.blocks.insert(0, stats);
        self.blocks.truncate(MAX_FLOWS);
        &mut self.blocks[0]
    }

    /// Where flow `flow` starts for this visitor: at their last answers to it when the flow
    /// asks for that and they still fit its questions, else at its first question.
    pub fn starting_state(&self, flow: &super::flow::Flow) -> FlowState {
        let last = self.answers.iter().find(|(f, _)| *f == flow.id);
        match last {
            Some((_, answers)) if flow.start_from_last_answers => FlowState::replay(flow, answers),
            _ => FlowState::default(),
        }
    }

    /// The record of message `id`, moved to the front (created if new; the oldest dropped).
    fn message_record(&mut self, id: &str) -> &mut MessageRecord {
        let record = match self.messages.iter().position(|r| r.id == id) {
            Some(i) => self.messages.remove(i),
            None => MessageRecord {
                id: id.to_string(),
                ..Default::default()
            },
        };
        self.messages.insert(0, record);
        self.messages.truncate(MAX_MESSAGES);
        &mut self.messages[0]
    }

    fn recompute_value(&mut self) {
        self.basket_value = self.basket.iter().map(|l| l.quantity * l.price).sum();
    }

    /// Folds one event into the profile. `catalogue` gives viewed products' attributes for
    /// the affinities (products it does not know add none).
    pub fn apply(&mut self, event: &Event, now: f64, catalogue: &Catalogue) {
        self.touch(now);
        match event {
            Event::PageView { page } => {
                self.page = Some(*page);
                self.page_start = now;
                self.pages_this_session += 1;
                self.pages_total += 1;
                if *page == PageType::Checkout {
                    self.checkout_started = true;
                }
            }
            Event::ProductView { id } => {
                self.recent.retain(|r| r != id);
                self.recent.insert(0, id.clone());
                self.recent.truncate(MAX_RECENT);
                self.add_interest(catalogue, id, 1.0, now);
            }
            Event::AddToBasket {
                id,
                quantity,
                price,
            } => {
                let price = price
                    .or_else(|| {
                        catalogue
                            .products()
                            .iter()
                            .find(|p| p.id == *id)
                            .map(|p| p.price)
                    })
                    .unwrap_or(0.0);
                if let Some(line) = self.basket.iter_mut().find(|l| l.id == *id) {
                    line.quantity += quantity;
                } else if self.basket.len() < MAX_LINES {
                    self.basket.push(Line {
                        id: id.clone(),
                        quantity: *quantity,
                        price,
                    });
                }
                self.recompute_value();
                self.add_interest(catalogue, id, 3.0, now);
            }
            Event::RemoveFromBasket { id, quantity } => {
                if let Some(line) = self.basket.iter_mut().find(|l| l.id == *id) {
                    line.quantity -= quantity.unwrap_or(line.quantity);
                }
                self.basket.retain(|l| l.quantity > 0.0);
                self.recompute_value();
            }
            Event::Basket { lines, value } => {
                // An empty basket page while the basket is still the one left behind: the
                // shop lost it (a new device, an expired basket), the visitor did not empty
                // it; it stays on offer for a restore button.
                let lost = lines.is_empty()
                    && self
                        .abandoned
                        .as_ref()
                        .is_some_and(|a| a.lines == self.basket);
                self.basket = lines.iter().take(MAX_LINES).cloned().collect();
                self.recompute_value();
                if let Some(v) = value {
                    self.basket_value = *v;
                }
                let back = self.abandoned.as_ref().is_some_and(|a| {
                    a.lines
                        .iter()
                        .all(|l| self.basket.iter().any(|b| b.id == l.id))
                });
                // Emptied by the visitor, or all back in the basket: nothing left behind.
                if (self.basket.is_empty() && !lost) || (back && !self.basket.is_empty()) {
                    self.abandoned = None;
                }
            }
            Event::CheckoutStart => self.checkout_started = true,
            Event::Purchase { value, transaction } => {
                if let Some(t) = transaction {
                    if self.transactions.contains(t) {
                        return;
                    }
                    self.transactions.insert(0, t.clone());
                    self.transactions.truncate(MAX_TRANSACTIONS);
                }
                for r in self.messages.iter_mut().filter(|r| r.click_pending) {
                    r.converted += 1;
                    r.click_pending = false;
                }
                self.purchases += 1;
                self.revenue += value.unwrap_or(self.basket_value);
                for line in self.basket.iter().rev() {
                    self.bought.retain(|b| *b != line.id);
                    self.bought.insert(0, line.id.clone());
                }
                self.bought.truncate(MAX_BOUGHT);
                self.basket.clear();
                self.basket_value = 0.0;
                self.abandoned = None;
            }
            Event::Search { .. } => self.searches += 1,
            Event::FlowStarted { flow } => self.flow_stats(flow).started += 1,
            Event::MessageShown { id, variant } => {
                let visit = self.visits;
                self.interruptions += 1;
                let r = self.message_record(id);
                r.shown += 1;
                r.last_shown = now;
                r.last_visit = visit;
                let day = (now / 86_400_000.0).floor();
                r.day = if r.day.0 == day {
                    (day, r.day.1 + 1)
                } else {
                    (day, 1)
                };
                r.variant = variant.clone();
            }
            Event::MessageClicked { id } => {
                let r = self.message_record(id);
                r.clicked += 1;
                r.click_pending = true;
            }
            Event::SurveyAnswer { id, kind, score } => {
                let r = self.message_record(id);
                r.clicked += 1;
                if let Some((_, _, scores)) = self.surveys.iter_mut().find(|(s, _, _)| s == id) {
                    scores.push(*score);
                    if scores.len() > 20 {
                        scores.remove(0);
                    }
                } else if self.surveys.len() < MAX_MESSAGES {
                    self.surveys.push((id.clone(), *kind, vec![*score]));
                }
            }
            Event::MessageDismissed { id } => {
                let r = self.message_record(id);
                r.dismissed += 1;
                r.last_dismissed = now;
            }
            Event::ResultChosen { flow, .. } => self.flow_stats(flow).chosen += 1,
            Event::RecommendationShown { block, .. } => self.block_stats(block).shown += 1,
            Event::RecommendationClicked { block, .. } => self.block_stats(block).clicked += 1,
            Event::FlowAnswers { flow, answers } => {
                self.flow_stats(flow).completed += 1;
                self.answers.retain(|(f, _)| f != flow);
                self.answers.insert(0, (flow.clone(), answers.clone()));
                self.answers.truncate(MAX_FLOWS);
            }
        }
    }

    /// The stored form: compact JSON with the schema version, at most [`MAX_STORED_BYTES`].
    pub fn to_json(&self) -> String {
        // No event since an erase (every event touches `last_seen`): its marker is all there
        // is to keep.
        if self.last_seen == 0.0 {
            let mut members = vec![("v".to_string(), Value::Number(f64::from(SCHEMA_VERSION)))];
            members.extend(self.generation_members());
            return json::stringify(&Value::Object(members));
        }
        let mut trimmed = self.clone();
        loop {
            let text = json::stringify(&trimmed.to_value());
            if text.len() <= MAX_STORED_BYTES {
                return text;
            }
            // Only reachable with very long ids or answers: drop the least useful first.
            if !trimmed.answers.is_empty() {
                trimmed.answers.pop();
            } else if !trimmed.recent.is_empty() {
                trimmed.recent.pop();
            } else if !trimmed.affinities.is_empty() {
                trimmed.affinities.pop();
            } else if !trimmed.basket.is_empty() {
                trimmed.basket.pop();
            } else {
                trimmed.abandoned = None;
                return json::stringify(&trimmed.to_value());
            }
        }
    }

    fn to_value(&self) -> Value {
        let n = Value::Number;
        let s = |t: &str| Value::String(t.to_string());
        let lines = |ls: &[Line]| {
            Value::Array(
                ls.iter()
                    .map(|l| {
                        named(vec![
                            ("id", s(&l.id)),
                            ("quantity", n(l.quantity)),
                            ("price", n(l.price)),
                        ])
                    })
                    .collect(),
            )
        };
        let mut members = vec![
            ("v".to_string(), n(f64::from(SCHEMA_VERSION))),
            ("visits".into(), n(f64::from(self.visits))),
            ("firstSeen".into(), n(self.first_seen)),
            ("lastSeen".into(), n(self.last_seen)),
            ("sessionStart".into(), n(self.session_start)),
            ("pageStart".into(), n(self.page_start)),
            (
                "page".into(),
                self.page.map_or(Value::Null, |p| s(p.name())),
            ),
            (
                "pagesThisSession".into(),
                n(f64::from(self.pages_this_session)),
            ),
            ("pagesTotal".into(), n(f64::from(self.pages_total))),
            (
                "recent".into(),
                Value::Array(self.recent.iter().map(|r| s(r)).collect()),
            ),
            (
                "affinities".into(),
                Value::Object(
                    self.affinities
                        .iter()
                        .map(|(k, v)| (k.clone(), n(round3(*v))))
                        .collect(),
                ),
            ),
            ("affinityAt".into(), n(self.affinity_at)),
            ("basket".into(), lines(&self.basket)),
            ("basketValue".into(), n(self.basket_value)),
            ("checkoutStarted".into(), Value::Bool(self.checkout_started)),
            ("purchases".into(), n(f64::from(self.purchases))),
            ("revenue".into(), n(self.revenue)),
            ("searches".into(), n(f64::from(self.searches))),
        ];
        if let Some(a) = &self.abandoned {
            members.push((
                "abandoned".into(),
                Value::Object(vec![
                    ("lines".into(), lines(&a.lines)),
                    ("value".into(), n(a.value)),
                    ("at".into(), n(a.at)),
                ]),
            ));
        }
        let answers = self
            .answers
            .iter()
            .map(|(flow, list)| {
                let state = FlowState {
                    answers: list.clone(),
                };
                state.to_value(flow)
            })
            .collect();
        members.push(("answers".into(), Value::Array(answers)));
        let flows = self
            .flows
            .iter()
            .map(|f| {
                named(vec![
                    ("flow", s(&f.flow)),
                    ("started", n(f64::from(f.started))),
                    ("completed", n(f64::from(f.completed))),
                    ("chosen", n(f64::from(f.chosen))),
                ])
            })
            .collect();
        members.push(("flows".into(), Value::Array(flows)));
        if !self.blocks.is_empty() {
            let blocks = self
                .blocks
                .iter()
                .map(|b| {
                    named(vec![
                        ("block", s(&b.block)),
                        ("shown", n(f64::from(b.shown))),
                        ("clicked", n(f64::from(b.clicked))),
                    ])
                })
                .collect();
            members.push(("recommendations".into(), Value::Array(blocks)));
        }
        let records = self
            .messages
            .iter()
            .map(|r| {
                // By name (since version 2); what is zero or unset is left out.
                let mut o = vec![("id".to_string(), s(&r.id))];
                for (k, v) in [
                    ("shown", f64::from(r.shown)),
                    ("clicked", f64::from(r.clicked)),
                    ("dismissed", f64::from(r.dismissed)),
                    ("converted", f64::from(r.converted)),
                    ("lastShown", r.last_shown),
                    ("lastVisit", f64::from(r.last_visit)),
                    ("lastDismissed", r.last_dismissed),
                    ("day", r.day.0),
                    ("shownThatDay", f64::from(r.day.1)),
                ] {
                    if v != 0.0 {
                        o.push((k.to_string(), n(v)));
                    }
                }
                if r.click_pending {
                    o.push(("clickPending".into(), Value::Bool(true)));
                }
                if let Some(v) = &r.variant {
                    o.push(("variant".into(), s(v)));
                }
                Value::Object(o)
            })
            .collect();
        members.push(("messages".into(), Value::Array(records)));
        members.push(("interruptions".into(), n(f64::from(self.interruptions))));
        members.push(("seed".into(), n(f64::from(self.seed))));
        let surveys = self
            .surveys
            .iter()
            .map(|(id, kind, scores)| {
                named(vec![
                    ("message", s(id)),
                    ("kind", s(kind.name())),
                    (
                        "scores",
                        Value::Array(scores.iter().map(|x| n(f64::from(*x))).collect()),
                    ),
                ])
            })
            .collect();
        members.push(("surveys".into(), Value::Array(surveys)));
        if !self.bought.is_empty() {
            members.push((
                "bought".into(),
                Value::Array(self.bought.iter().map(|b| s(b)).collect()),
            ));
        }
        if !self.transactions.is_empty() {
            members.push((
                "transactions".into(),
                Value::Array(self.transactions.iter().map(|t| s(t)).collect()),
            ));
        }
        members.extend(self.generation_members());
        Value::Object(members)
    }

    /// The stored form of an erase: a new generation holding nothing about the visitor.
    ///
    /// ```
    /// use shop_assistant::core::profile::Profile;
    /// assert_eq!(Profile::erased(7, 1000.0, true).to_json(), r#"{"v":3,"gen":7,"erased":1000,"noConsent":true}"#);
    /// ```
    pub fn erased(generation: u32, at: f64, consent_withdrawn: bool) -> Profile {
        Profile {
            generation,
            erased_at: at,
            consent_withdrawn,
            ..Profile::default()
        }
    }

    /// `gen`, `erased` and `noConsent`, each only when set (a version-1 profile written
    /// before they existed reads and writes back unchanged).
    fn generation_members(&self) -> Vec<(String, Value)> {
        let mut members = Vec::new();
        if self.generation != 0 {
            members.push(("gen".to_string(), Value::Number(f64::from(self.generation))));
        }
        if self.erased_at != 0.0 {
            members.push(("erased".to_string(), Value::Number(self.erased_at)));
        }
        if self.consent_withdrawn {
            members.push(("noConsent".to_string(), Value::Bool(true)));
        }
        members
    }

    /// Reads the stored form. Unknown or missing fields fall back to defaults; anything that
    /// is not a profile of this or an earlier schema version is an error, so the caller can
    /// keep the data instead of overwriting it.
    pub fn from_json(text: &str) -> Result<Profile, StoreError> {
        let mut value = json::parse(text).map_err(|_| StoreError::Corrupt)?;
        drop_implausible_numbers(&mut value);
        let version = match value.get("v") {
            Some(Value::Number(v)) if v.fract() == 0.0 && *v >= 1.0 => *v as u32,
            _ => return Err(StoreError::Corrupt),
        };
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer(version));
        }
        // Version 2 stores each message's record by name, version 3 also basket lines, flow
        // counters, surveys and a flow's answers; the positional forms before are read
        // (`message_record`, `part`) and written back in today's form.
        let num = |k: &str| match value.get(k) {
            Some(Value::Number(x)) if x.is_finite() => *x,
            _ => 0.0,
        };
        let count = |k: &str| num(k).clamp(0.0, f64::from(u32::MAX)) as u32;
        let strings = |v: Option<&Value>| match v {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let lines = |v: Option<&Value>| -> Vec<Line> {
            let Some(Value::Array(items)) = v else {
                return Vec::new();
            };
            items
                .iter()
                .filter_map(|i| {
                    Some(Line {
                        id: part(i, "id", 0)?.as_str()?.to_string(),
                        quantity: number(part(i, "quantity", 1)?)?,
                        price: number(part(i, "price", 2)?)?,
                    })
                })
                .take(MAX_LINES)
                .collect()
        };
        let affinities = match value.get("affinities") {
            Some(Value::Object(members)) => members
                .iter()
                .filter_map(|(k, v)| match v {
                    Value::Number(x) if x.is_finite() => Some((k.clone(), *x)),
                    _ => None,
                })
                .take(MAX_AFFINITIES)
                .collect(),
            _ => Vec::new(),
        };
        let abandoned = value.get("abandoned").and_then(|a| {
            let value = match a.get("value") {
                Some(Value::Number(x)) => *x,
                _ => 0.0,
            };
            let at = match a.get("at") {
                Some(Value::Number(x)) => *x,
                _ => 0.0,
            };
            let lines = lines(a.get("lines"));
            (!lines.is_empty()).then_some(Abandoned { lines, value, at })
        });
        let answers = match value.get("answers") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(FlowState::from_value)
                .take(MAX_FLOWS)
                .collect(),
            _ => Vec::new(),
        };
        let flows = match value.get("flows") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|i| {
                    let count = |k: &str, at: usize| {
                        number(part(i, k, at)?).map(|x| x.clamp(0.0, 1e9) as u32)
                    };
                    Some(FlowStats {
                        flow: part(i, "flow", 0)?.as_str()?.to_string(),
                        started: count("started", 1)?,
                        completed: count("completed", 2)?,
                        chosen: count("chosen", 3)?,
                    })
                })
                .take(MAX_FLOWS)
                .collect(),
            _ => Vec::new(),
        };
        let blocks = match value.get("recommendations") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|i| {
                    let count = |k: &str| number(i.get(k)?).map(|x| x.clamp(0.0, 1e9) as u32);
                    Some(BlockStats {
                        block: i.get("block")?.as_str()?.to_string(),
                        shown: count("shown")?,
                        clicked: count("clicked")?,
                    })
                })
                .take(MAX_FLOWS)
                .collect(),
            _ => Vec::new(),
        };
        let records = match value.get("messages") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|i| message_record(i, version))
                .take(MAX_MESSAGES)
                .collect(),
            _ => Vec::new(),
        };
        let mut recent: Vec<String> = strings(value.get("recent"));
        recent.truncate(MAX_RECENT);
        Ok(Profile {
            visits: count("visits"),
            first_seen: num("firstSeen"),
            last_seen: num("lastSeen"),
            session_start: num("sessionStart"),
            page_start: num("pageStart"),
            page: value
                .get("page")
                .and_then(Value::as_str)
                .and_then(PageType::from_name),
            pages_this_session: count("pagesThisSession"),
            pages_total: count("pagesTotal"),
            recent,
            affinities,
            affinity_at: num("affinityAt"),
            basket: lines(value.get("basket")),
            basket_value: num("basketValue"),
            abandoned,
            checkout_started: matches!(value.get("checkoutStarted"), Some(Value::Bool(true))),
            purchases: count("purchases"),
            revenue: num("revenue"),
            searches: count("searches"),
            answers,
            flows,
            blocks,
            messages: records,
            interruptions: count("interruptions"),
            seed: count("seed"),
            bought: {
                let mut b: Vec<String> = strings(value.get("bought"));
                b.truncate(MAX_BOUGHT);
                b
            },
            transactions: {
                let mut t: Vec<String> = strings(value.get("transactions"));
                t.truncate(MAX_TRANSACTIONS);
                t
            },
            generation: count("gen"),
            erased_at: num("erased"),
            consent_withdrawn: matches!(value.get("noConsent"), Some(Value::Bool(true))),
            surveys: match value.get("surveys") {
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(|i| {
                        let Value::Array(scores) = part(i, "scores", 2)? else {
                            return None;
                        };
                        Some((
                            part(i, "message", 0)?.as_str()?.to_string(),
                            super::survey::SurveyKind::from_name(part(i, "kind", 1)?.as_str()?)?,
                            scores
                                .iter()
                                .filter_map(|x| match x {
                                    Value::Number(v) if (0.0..=10.0).contains(v) => Some(*v as u8),
                                    _ => None,
                                })
                                .take(20)
                                .collect(),
                        ))
                    })
                    .take(MAX_MESSAGES)
                    .collect(),
                _ => Vec::new(),
            },
        })
    }

    /// Local counts for `ShopAssistant.stats()`: per message shown, clicked, dismissed and
    /// converted (a purchase after a click); per flow started, completed and chosen.
    pub fn stats(&self) -> String {
        let n = |x: u32| Value::Number(f64::from(x));
        let messages = self
            .messages
            .iter()
            .map(|r| {
                let counts = vec![
                    (
                        "variant".to_string(),
                        r.variant
                            .as_deref()
                            .map_or(Value::Null, |v| Value::String(v.to_string())),
                    ),
                    ("shown".to_string(), n(r.shown)),
                    ("clicked".to_string(), n(r.clicked)),
                    ("dismissed".to_string(), n(r.dismissed)),
                    ("converted".to_string(), n(r.converted)),
                ];
                (r.id.clone(), Value::Object(counts))
            })
            .collect();
        let flows = self
            .flows
            .iter()
            .map(|f| {
                let counts = vec![
                    ("started".to_string(), n(f.started)),
                    ("completed".to_string(), n(f.completed)),
                    ("chosen".to_string(), n(f.chosen)),
                ];
                (f.flow.clone(), Value::Object(counts))
            })
            .collect();
        let surveys = self
            .surveys
            .iter()
            .map(|(id, kind, scores)| {
                let counts = vec![
                    ("kind".to_string(), Value::String(kind.name().to_string())),
                    ("responses".to_string(), Value::Number(scores.len() as f64)),
                    (
                        "score".to_string(),
                        kind.score(scores)
                            .map_or(Value::Null, |x| Value::Number(round3(x))),
                    ),
                ];
                (id.clone(), Value::Object(counts))
            })
            .collect();
        let blocks = self
            .blocks
            .iter()
            .map(|b| {
                let counts = vec![
                    ("shown".to_string(), n(b.shown)),
                    ("clicked".to_string(), n(b.clicked)),
                ];
                (b.block.clone(), Value::Object(counts))
            })
            .collect();
        json::stringify(&Value::Object(vec![
            ("messages".into(), Value::Object(messages)),
            ("flows".into(), Value::Object(flows)),
            ("surveys".into(), Value::Object(surveys)),
            ("recommendations".into(), Value::Object(blocks)),
        ]))
    }

    /// A readable summary for `ShopAssistant.profile()`: the stored form with the derived
    /// figures added (average order value, basket items, decayed affinities).
    pub fn describe(&self, now: f64) -> String {
        let Value::Object(mut members) = self.to_value() else {
            return "{}".into();
        };
        // Bookkeeping between tabs, not something known about the visitor.
        members.retain(|(k, _)| !matches!(k.as_str(), "gen" | "erased" | "noConsent"));
        let decay = decay_factor(now - self.affinity_at);
        if let Some((_, Value::Object(aff))) = members.iter_mut().find(|(k, _)| k == "affinities") {
            for (_, v) in aff.iter_mut() {
                if let Value::Number(x) = v {
                    *x = round3(*x * decay);
                }
            }
        }
        members.push(("basketItems".into(), Value::Number(self.basket_items())));
        members.push((
            "averageOrderValue".into(),
            self.average_order_value()
                .map_or(Value::Null, Value::Number),
        ));
        members.push(("timeOnPage".into(), Value::Number(self.time_on_page(now))));
        json::stringify(&Value::Object(members))
    }
}

/// Why a stored profile was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// Not JSON, or not a profile.
    Corrupt,
    /// Written by a newer version of the assistant; left untouched.
    Newer(u32),
}

/// 0.5 ^ (elapsed / half-life), without the math library's `pow` (which would add its
/// tables to the WebAssembly): whole half-lives by `powi`, the rest by a series for 2^-f
/// (error below 1e-7).
fn decay_factor(elapsed_ms: f64) -> f64 {
    if elapsed_ms <= 0.0 {
        return 1.0;
    }
    let halvings = elapsed_ms / AFFINITY_HALF_LIFE_MS;
    if halvings > 1000.0 {
        return 0.0;
    }
    let whole = halvings.trunc();
    let y = -(halvings - whole) * std::f64::consts::LN_2;
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..=10 {
        term *= y / f64::from(k);
        sum += term;
    }
    0.5f64.powi(whole as i32) * sum
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// An object of `members`, as the stored form writes records (by name, since version 3).
fn named(members: Vec<(&str, Value)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// A record's member `name` (version 3 on) or, in a record stored before version 3 as an
/// array, the item at `position`.
fn part<'v>(record: &'v Value, name: &str, position: usize) -> Option<&'v Value> {
    match record {
        Value::Object(_) => record.get(name),
        Value::Array(items) => items.get(position),
        _ => None,
    }
}

/// `v` as a finite number.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(x) if x.is_finite() => Some(*x),
        _ => None,
    }
}

/// Numbers no profile holds (beyond ±2^53, past any date a browser can represent) become
/// `null`, so the field falls back to its default like any other wrong value; what is read
/// is then also written back exactly.
fn drop_implausible_numbers(value: &mut Value) {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    match value {
        Value::Number(x) if x.abs() > MAX_SAFE => *value = Value::Null,
        Value::Array(items) => items.iter_mut().for_each(drop_implausible_numbers),
        Value::Object(members) => members
            .iter_mut()
            .for_each(|(_, v)| drop_implausible_numbers(v)),
        _ => {}
    }
}

/// What a tab brings to a write besides its events.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Writer {
    /// When this tab was given consent (ms; 0: consent was not asked for, or not given here).
    pub consent_at: f64,
    /// A random number for a new generation, should this write begin one.
    pub fresh: u32,
    /// Now (ms).
    pub now: f64,
}

/// What a tab may write.
#[derive(Debug, Clone, PartialEq)]
pub enum Merged {
    /// Store this profile (and keep it as the tab's own).
    Write(Profile),
    /// Consent was withdrawn at `at` (in this tab or another) and not given again here since:
    /// store nothing, and drop what is pending.
    Withdrawn {
        /// When it was withdrawn (ms).
        at: f64,
    },
}

/// Folds `pending` events (with their times) into the profile stored as `stored` (another
/// tab may have written it since this tab last read it) and says what to write.
///
/// An erase in any tab holds in every tab: `base` (this tab's copy) is used only while it is
/// of the stored generation; a stored profile of another generation takes only the events
/// that happened after its erase; and when what this tab had read is gone from storage (the
/// visitor cleared the site's data), nothing older is written back. A stored profile that
/// cannot be read is replaced only when it is corrupt; a newer version is an error, so the
/// caller keeps it.
///
/// ```
/// use shop_assistant::core::catalogue::Catalogue;
/// use shop_assistant::core::profile::{merge, Event, Merged, Profile, Writer};
/// // Tab B read generation 5 earlier; tab A has since erased everything (generation 6, at t=2000).
/// let b = Profile { generation: 5, visits: 3, searches: 4, ..Profile::default() };
/// let stored = Profile::erased(6, 2000.0, false).to_json();
/// let pending = [(Event::Search { query: "before".into() }, 1500.0), (Event::Search { query: "after".into() }, 2500.0)];
/// let writer = Writer { consent_at: 0.0, fresh: 9, now: 3000.0 };
/// let Ok(Merged::Write(p)) = merge(Some(&stored), &b, &pending, &Catalogue::default(), &writer) else { panic!() };
/// assert_eq!((p.generation, p.searches), (6, 1), "B's old copy and its event from before the erase are gone");
/// ```
pub fn merge(
    stored: Option<&str>,
    base: &Profile,
    pending: &[(Event, f64)],
    catalogue: &Catalogue,
    writer: &Writer,
) -> Result<Merged, StoreError> {
    let (mut profile, since) = match stored.map(Profile::from_json) {
        Some(Err(StoreError::Newer(v))) => return Err(StoreError::Newer(v)),
        Some(Err(StoreError::Corrupt)) => (base.clone(), f64::NEG_INFINITY),
        Some(Ok(mut p)) => {
            if p.consent_withdrawn {
                if writer.consent_at <= p.erased_at {
                    return Ok(Merged::Withdrawn { at: p.erased_at });
                }
                p.consent_withdrawn = false;
            }
            let since = if p.generation != 0 && p.generation == base.generation {
                f64::NEG_INFINITY
            } else {
                p.erased_at
            };
            (p, since)
        }
        None if base.generation != 0 => (
            Profile::erased(writer.fresh, writer.now, false),
            f64::INFINITY,
        ),
        None => (base.clone(), f64::NEG_INFINITY),
    };
    if profile.generation == 0 {
        profile.generation = writer.fresh;
    }
    if profile.seed == 0 {
        profile.seed = base.seed;
    }
    for (event, at) in pending.iter().filter(|(_, at)| *at >= since) {
        profile.apply(event, *at, catalogue);
    }
    Ok(Merged::Write(profile))
}

/// Another tab wrote `stored`: what this tab keeps as its copy, given its consent time, and
/// which of its `pending` events may still be written (those after an erase it had missed).
/// `None` when consent was withdrawn there after this tab's: this tab stores nothing more.
pub fn adopt(
    stored: &Profile,
    base: &Profile,
    pending: &mut Vec<(Event, f64)>,
    consent_at: f64,
) -> Option<Profile> {
    if stored.consent_withdrawn && consent_at <= stored.erased_at {
        return None;
    }
    if stored.generation != base.generation {
        pending.retain(|(_, at)| *at >= stored.erased_at);
    }
    let mut copy = stored.clone();
    if copy.seed == 0 {
        copy.seed = base.seed;
    }
    Some(copy)
}

/// One stored message record: an object by name (version 2), or version 1's array
/// `[id, shown, clicked, dismissed, converted, lastShown, lastVisit, lastDismissed, day,
/// shownThatDay, clickPending, variant]`. `None` without an id.
fn message_record(item: &Value, version: u32) -> Option<MessageRecord> {
    const NAMES: [&str; 11] = [
        "shown",
        "clicked",
        "dismissed",
        "converted",
        "lastShown",
        "lastVisit",
        "lastDismissed",
        "day",
        "shownThatDay",
        "clickPending",
        "variant",
    ];
    let id = match (item, version) {
        (Value::Array(parts), 1) => parts.first()?,
        (Value::Object(_), _) => item.get("id")?,
        _ => return None,
    };
    let field = |k: usize| match item {
        Value::Array(parts) => parts.get(k + 1),
        _ => item.get(NAMES[k]),
    };
    let f = |k: usize| match field(k) {
        Some(Value::Number(x)) if x.is_finite() => *x,
        _ => 0.0,
    };
    let c = |k: usize| f(k).clamp(0.0, 1e9) as u32;
    Some(MessageRecord {
        id: id.as_str()?.to_string(),
        shown: c(0),
        clicked: c(1),
        dismissed: c(2),
        converted: c(3),
        last_shown: f(4),
        last_visit: c(5),
        last_dismissed: f(6),
        day: (f(7), c(8)),
        click_pending: matches!(field(9), Some(Value::Bool(true))),
        variant: field(10).and_then(Value::as_str).map(str::to_string),
    })
}
