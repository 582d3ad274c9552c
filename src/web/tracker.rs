//! Reads what the visitor does on the shop's pages (by the config's rules, the JS API and
//! single-page navigations) and keeps the profile in localStorage under one key.
//!
//! Events are buffered and written together (a second after the last one, and when the
//! page is hidden), each time folded into what is stored *now*, so two tabs never lose each
//! other's events. When storage is blocked, full, written by a newer version, or consent is
//! missing, the profile lives in memory only and nothing is written.
//!
//! Erasing and withdrawing consent hold in every tab: both store a marker (a new generation,
//! with the time, and for consent the withdrawal; nothing about the visitor), and a tab's
//! write respects it however late it learns of it (`core::profile::merge`).

use super::dom;
use crate::core::catalogue::Catalogue;
use crate::core::page::PageType;
use crate::core::profile::{adopt, merge, Event, Line, Merged, Profile, StoreError, Writer};
use crate::core::tracking::{parse_amount, PageProduct, Privacy, Tracking};
use gloo_timers::callback::Timeout;
use web_sys::Element;

/// The one localStorage key the assistant uses.
pub(crate) const PROFILE_KEY: &str = "shop-assistant:profile";

/// Why nothing is written to localStorage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MemoryOnly {
    /// Storage is available and used.
    No,
    /// The localStorage getter threw or returned nothing.
    Blocked,
    /// A write failed (QuotaExceededError).
    Full,
    /// A newer version of the assistant wrote the stored profile; it is left untouched.
    Newer,
}

pub(crate) struct Tracker {
    /// Folded and (when allowed) stored.
    base: Profile,
    /// Not yet folded.
    pending: Vec<(Event, f64)>,
    pub(crate) memory_only: MemoryOnly,
    consent: bool,
    /// When consent was given in this tab (ms; 0: not here).
    consent_at: f64,
    /// When consent was withdrawn, here or in another tab, as last seen in storage (ms; 0: never).
    withdrawn_at: f64,
    privacy: Privacy,
    gpc: bool,
    pub(crate) flush_timer: Option<Timeout>,
    /// Re-checks messages that wait for time on the page.
    pub(crate) message_timers: Vec<Timeout>,
    /// The path last counted as a page view (single-page navigations change it).
    pub(crate) path: String,
    /// The basket last read from the page, to record only changes.
    basket_seen: Option<(Vec<Line>, Option<f64>)>,
    /// The stored profile has been read (`load`).
    pub(crate) loaded: bool,
    /// The product page's product as its JSON-LD describes it (with `tracking.jsonLd`).
    pub(crate) page_product: Option<PageProduct>,
    /// The product this page shows, if it is a product page.
    pub(crate) current_product: Option<String>,
}

impl Tracker {
    /// A tracker that has not read storage yet (see `load`).
    pub(crate) fn new(privacy: Privacy) -> Tracker {
        let gpc = dom::global_privacy_control();
        Tracker {
            base: Profile::default(),
            pending: Vec::new(),
            memory_only: MemoryOnly::No,
            consent: !privacy.consent_required,
            consent_at: 0.0,
            withdrawn_at: 0.0,
            privacy,
            gpc,
            flush_timer: None,
            message_timers: Vec::new(),
            path: String::new(),
            basket_seen: None,
            loaded: false,
            page_product: None,
            current_product: None,
        }
    }

    /// Reads the stored profile. Kept out of start-up: the first read of localStorage in a
    /// page can take milliseconds, and the first question is drawn before it.
    pub(crate) fn load(&mut self) {
        self.loaded = true;
        match dom::local_get(PROFILE_KEY) {
            Err(()) => self.memory_only = MemoryOnly::Blocked,
            Ok(None) => {}
            Ok(Some(text)) => match Profile::from_json(&text) {
                Ok(p) => {
                    if p.consent_withdrawn {
                        self.withdrawn_at = p.erased_at;
                    }
                    self.base = p;
                }
                // Unreadable: start fresh; the next write replaces it.
                Err(StoreError::Corrupt) => {}
                Err(StoreError::Newer(_)) => self.memory_only = MemoryOnly::Newer,
            },
        }
        if self.base.seed == 0 {
            // Chosen once per visitor: which A/B variant of each message this device sees.
            self.base.seed = dom::random_u32() | 1;
        }
    }

    /// Whether the visitor allows storing (consent given, or not required, and not withdrawn
    /// in any tab since; no GPC signal).
    pub(crate) fn allowed(&self) -> bool {
        self.consent
            && !(self.gpc && self.privacy.honour_gpc)
            && (self.withdrawn_at == 0.0 || self.consent_at > self.withdrawn_at)
    }

    /// Records an event now; returns whether a write should be scheduled.
    pub(crate) fn record(&mut self, event: Event) -> bool {
        self.pending.push((event, dom::now()));
        self.allowed() && self.memory_only == MemoryOnly::No
    }

    /// The profile with every event so far.
    pub(crate) fn profile(&self, catalogue: &Catalogue) -> Profile {
        let mut p = self.base.clone();
        for (e, at) in &self.pending {
            p.apply(e, *at, catalogue);
        }
        p
    }

    /// Folds the buffered events into the stored profile (or, when nothing may be written,
    /// into the one in memory).
    pub(crate) fn flush(&mut self, catalogue: &Catalogue) {
        self.flush_timer = None;
        if self.pending.is_empty() {
            return;
        }
        if !self.allowed() || self.memory_only != MemoryOnly::No {
            self.base = self.profile(catalogue);
            self.pending.clear();
            return;
        }
        let stored = match dom::local_get(PROFILE_KEY) {
            Ok(s) => s,
            Err(()) => {
                self.memory_only = MemoryOnly::Blocked;
                return self.flush(catalogue);
            }
        };
        let writer = Writer {
            consent_at: self.consent_at,
            fresh: fresh_generation(),
            now: dom::now(),
        };
        match merge(
            stored.as_deref(),
            &self.base,
            &self.pending,
            catalogue,
            &writer,
        ) {
            Ok(Merged::Write(p)) => {
                if dom::local_set(PROFILE_KEY, &p.to_json()).is_err() {
                    self.memory_only = MemoryOnly::Full;
                }
                self.base = p;
                self.pending.clear();
            }
            Ok(Merged::Withdrawn { at }) => self.withdrawn(at, catalogue),
            Err(_) => {
                self.memory_only = MemoryOnly::Newer;
                self.flush(catalogue);
            }
        }
    }

    /// Another tab wrote (or erased) the profile: read it, keeping this tab's unwritten events
    /// (those after an erase there), or stop storing if consent was withdrawn there.
    pub(crate) fn storage_changed(&mut self, new_value: Option<String>, catalogue: &Catalogue) {
        match new_value {
            None => {
                let seed = self.base.seed;
                self.base = Profile {
                    seed,
                    ..Profile::default()
                };
                self.pending.clear();
            }
            Some(text) => {
                let Ok(stored) = Profile::from_json(&text) else {
                    return;
                };
                // localStorage is shared between tabs but each tab reads its own copy, brought
                // up to date between tasks: a tab that is busy when another erases can write
                // once more what it knew before. The write reaches every tab that knows of the
                // erase, and each puts the erase back.
                let known = self.base.erased_at.max(self.withdrawn_at);
                if stored.erased_at < known {
                    self.rewrite(catalogue);
                    return;
                }
                match adopt(&stored, &self.base, &mut self.pending, self.consent_at) {
                    Some(copy) => self.base = copy,
                    None => self.withdrawn(stored.erased_at, catalogue),
                }
                // This tab may itself have written over the erase before it heard of it.
                if stored.erased_at > known {
                    self.rewrite(catalogue);
                }
            }
        }
    }

    /// Stores this tab's profile as it stands, over whatever is stored (written by a tab that
    /// had not heard of the latest erase); only the erase's marker when nothing may be stored.
    fn rewrite(&mut self, catalogue: &Catalogue) {
        if matches!(self.memory_only, MemoryOnly::Newer | MemoryOnly::Blocked) {
            return;
        }
        let profile = if self.allowed() && self.memory_only == MemoryOnly::No {
            self.base = self.profile(catalogue);
            self.pending.clear();
            self.base.clone()
        } else {
            let withdrawn = self.withdrawn_at > 0.0 && !self.allowed();
            let at = self.base.erased_at.max(self.withdrawn_at);
            Profile::erased(self.base.generation.max(1), at, withdrawn)
        };
        let _ = dom::local_set(PROFILE_KEY, &profile.to_json());
    }

    /// Consent was withdrawn at `at` (here or in another tab): nothing more is stored, what
    /// was pending is not written, and the profile goes on in memory for this page.
    fn withdrawn(&mut self, at: f64, catalogue: &Catalogue) {
        self.withdrawn_at = self.withdrawn_at.max(at);
        self.base = self.profile(catalogue);
        self.pending.clear();
        self.flush_timer = None;
    }

    /// Stores the marker of an erase (a new generation, and whether consent was withdrawn), so
    /// that no tab writes back what it knew before; returns the new, empty profile.
    fn erase(&mut self, consent_withdrawn: bool) -> Profile {
        let mut erased = Profile::erased(fresh_generation(), dom::now(), consent_withdrawn);
        if self.memory_only != MemoryOnly::Newer
            && dom::local_set(PROFILE_KEY, &erased.to_json()).is_err()
        {
            dom::local_remove(PROFILE_KEY);
        }
        erased.seed = self.base.seed;
        erased
    }

    /// Erases everything stored and known, in every tab.
    pub(crate) fn forget(&mut self) {
        self.base = self.erase(false);
        self.pending.clear();
        self.basket_seen = None;
    }

    /// Sets consent. Withdrawing it erases what was stored, and every tab stops storing; the
    /// profile goes on in memory.
    pub(crate) fn set_consent(&mut self, given: bool, catalogue: &Catalogue) {
        self.consent = given;
        if given {
            // Later than any withdrawal this tab knows of, even within the same millisecond.
            self.consent_at = dom::now().max(self.withdrawn_at + 1.0);
            self.flush(catalogue);
        } else {
            let erased = self.erase(true);
            self.withdrawn(erased.erased_at, catalogue);
            self.base.generation = erased.generation;
            self.base.erased_at = erased.erased_at;
        }
    }

    /// The events the current page stands for: its type, its product, a search, a purchase.
    pub(crate) fn page_events(&mut self, tracking: &Tracking, catalogue: &Catalogue) -> Vec<Event> {
        self.path = dom::path();
        self.page_product = None;
        self.current_product = None;
        let page = tracking.page_type(&self.path);
        let mut events = vec![Event::PageView { page }];
        let root = dom::root_element();
        if page == PageType::Product {
            let id = match (&tracking.product, &root) {
                (Some(probe), Some(root)) => {
                    dom::read_probe(root, probe.selector.as_deref(), probe.attribute.as_deref())
                }
                _ => None,
            };
            // The page's schema.org Product (JSON-LD), when the config asks for it: the product
            // if the markup rule found none, and its offer's price and availability.
            self.page_product = root
                .as_ref()
                .filter(|_| tracking.json_ld)
                .and_then(|root| {
                    dom::select_all(root, "script[type=\"application/ld+json\"]")
                        .iter()
                        .filter_map(|s| dom::text(s))
                        .find_map(|text| {
                            crate::core::tracking::json_ld_product(
                                &crate::core::json::parse(&text).ok()?,
                            )
                        })
                })
                .filter(|p| id.as_ref().is_none_or(|id| *id == p.id));
            let id = id.or_else(|| self.page_product.as_ref().map(|p| p.id.clone()));
            self.current_product.clone_from(&id);
            if let Some(id) = id {
                events.push(Event::ProductView { id });
            }
        }
        if let Some(query) = tracking.search_param.as_deref().and_then(dom::query_param) {
            events.push(Event::Search { query });
        }
        // With the dataLayer read, the shop reports its orders there (with their numbers).
        if page == PageType::Confirmation
            && !tracking.data_layer
            && !self.profile(catalogue).basket.is_empty()
        {
            events.push(Event::Purchase {
                value: None,
                transaction: None,
            });
        }
        events
    }

    /// The basket as a basket page shows it, if it changed since last read.
    pub(crate) fn basket_event(&mut self, tracking: &Tracking) -> Option<Event> {
        let rule = tracking.basket.as_ref()?;
        if tracking.page_type(&dom::path()) != PageType::Basket {
            return None;
        }
        let root = dom::root_element()?;
        let number = |context: &Element, probe: &crate::core::tracking::Probe| {
            dom::read_probe(
                context,
                probe.selector.as_deref(),
                probe.attribute.as_deref(),
            )
            .and_then(|t| parse_amount(&t))
        };
        let lines: Vec<Line> = dom::select_all(&root, &rule.lines)
            .iter()
            .filter_map(|line| {
                let id = dom::read_probe(
                    line,
                    rule.id.selector.as_deref(),
                    rule.id.attribute.as_deref(),
                )?;
                let quantity = rule
                    .quantity
                    .as_ref()
                    .and_then(|q| number(line, q))
                    .unwrap_or(1.0);
                let price = rule
                    .price
                    .as_ref()
                    .and_then(|p| number(line, p))
                    .unwrap_or(0.0);
                Some(Line {
                    id,
                    quantity,
                    price,
                })
            })
            .collect();
        let total = rule.total.as_ref().and_then(|t| number(&root, t));
        let seen = (lines, total);
        if self.basket_seen.as_ref() == Some(&seen) {
            return None;
        }
        self.basket_seen = Some(seen.clone());
        Some(Event::Basket {
            lines: seen.0,
            value: seen.1,
        })
    }
}

/// A random, non-zero generation number.
fn fresh_generation() -> u32 {
    dom::random_u32() | 1
}
