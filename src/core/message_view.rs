//! Which message the visitor sees now, and what it says: the decision the browser edge only
//! draws (`web/messages.rs`).
//!
//! The edge reports the moment ([`Moment`]: the page, the clock, the device, the visitor's
//! activity) and what is on screen; [`decide`] answers with a [`Decision`]: show a message
//! with its texts resolved in the visitor's language (the A/B variant's title and body,
//! `{recent}` filled with the names of the products viewed last), refresh the one on
//! screen, close it, or nothing. Exit intent is judged here too ([`Leaving::is_exit_intent`]),
//! from what the edge saw the pointer or the page do.

use super::config::Config;
use super::message::{choose, fill, restore, Action, Context, Device, Message, Names, Piece};
use super::profile::Profile;
use super::survey::SurveyKind;
use super::text::Text;

/// Exit intent counts only after this long on the page: a pointer that brushes the top edge
/// while the page is still loading is not a visitor leaving.
pub const EXIT_MIN_TIME_ON_PAGE_MS: f64 = 2000.0;
/// A scroll back up faster than this (pixels per millisecond) ...
pub const EXIT_SCROLL_SPEED: f64 = 2.0;
/// ... ending within this many pixels of the top is a phone visitor heading for the address
/// bar.
pub const EXIT_SCROLL_NEAR_TOP: f64 = 400.0;
/// How many of the products viewed last `{recent}` names.
pub const RECENT_NAMED: usize = 3;

/// What the browser saw that may mean the visitor is leaving.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Leaving {
    /// The pointer left the document (desktop).
    PointerOut {
        /// Its `clientY`.
        client_y: f64,
        /// It went into another element (then it did not leave the window).
        into_element: bool,
    },
    /// The visitor came back to this tab after switching away.
    TabReturn,
    /// The page scrolled.
    Scroll {
        /// From this offset (pixels).
        from_y: f64,
        /// To this one.
        to_y: f64,
        /// In this many milliseconds.
        ms: f64,
    },
}

impl Leaving {
    /// Whether this is exit intent on this device: on a desktop, the pointer leaving the
    /// window through its top edge; on a phone, coming back to the tab or a fast scroll up
    /// near the top (towards the address bar).
    pub fn is_exit_intent(self, device: Device) -> bool {
        match (self, device) {
            (
                Leaving::PointerOut {
                    client_y,
                    into_element,
                },
                _,
            ) => !into_element && client_y <= 0.0,
            (Leaving::TabReturn, Device::Mobile) => true,
            (Leaving::TabReturn, Device::Desktop) => false,
            (Leaving::Scroll { from_y, to_y, ms }, Device::Mobile) => {
                (from_y - to_y) / ms.max(1.0) > EXIT_SCROLL_SPEED && to_y < EXIT_SCROLL_NEAR_TOP
            }
            (Leaving::Scroll { .. }, Device::Desktop) => false,
        }
    }
}

/// The moment a message is chosen for, as the browser reads it.
#[derive(Debug, Clone)]
pub struct Moment<'a> {
    /// The page's path.
    pub path: &'a str,
    /// Now (ms since the epoch).
    pub now: f64,
    /// The visitor showed exit intent just now.
    pub leaving: bool,
    /// Their device.
    pub device: Device,
    /// The date in the shop's time zone, `YYYY-MM-DD`.
    pub date: String,
    /// Day of the week, 1 (Monday) to 7 (Sunday).
    pub weekday: u8,
    /// Hour of the day, 0 to 23.
    pub hour: u8,
    /// Seconds since the visitor last touched the page.
    pub idle: f64,
    /// The furthest the visitor has scrolled down this page, in percent.
    pub scroll_depth: f64,
}

/// A message's texts for the visitor, resolved in their language and filled with live values.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageContent {
    /// The title, if it has one (its A/B variant's, if that gives one).
    pub title: Option<Vec<Piece>>,
    /// The text.
    pub body: Vec<Piece>,
    /// The A/B variant this device sees.
    pub variant: Option<String>,
    /// The buttons' labels, in order.
    pub buttons: Vec<String>,
    /// Under a message that restores the basket, the products left behind that are no
    /// longer for sale ("No longer available: …").
    pub note: Option<String>,
    /// A micro-survey: its kind and the labels of its two ends.
    pub survey: Option<(SurveyKind, Option<String>, Option<String>)>,
}

/// What to do with the message layer now.
#[derive(Debug, PartialEq)]
pub enum Decision<'c> {
    /// Nothing to show or change.
    Nothing,
    /// The message on screen no longer holds: close it.
    Close,
    /// The message on screen still holds: its texts as they are now (the basket changed).
    Refresh(MessageContent),
    /// Show this message.
    Show(&'c Message, MessageContent),
}

/// Decides what the message layer shows at `moment`: `on_screen` is the id of the message
/// showing, `flow_open` whether a question flow's dialog is open (nothing interrupts it).
pub fn decide<'c>(
    config: &'c Config,
    profile: &Profile,
    locale: &str,
    moment: &Moment<'_>,
    on_screen: Option<&str>,
    flow_open: bool,
) -> Decision<'c> {
    // Conditions and texts read the profile's interests and product names: wait for the
    // catalogue file.
    if config.messages.is_empty() || config.catalogue_pending() {
        return Decision::Nothing;
    }
    let variants: Vec<(String, String)> = config
        .messages
        .iter()
        .filter_map(|m| {
            m.variant(profile.seed)
                .map(|v| (m.id.clone(), v.id.clone()))
        })
        .collect();
    let context = Context {
        profile,
        path: moment.path,
        page: config.tracking.page_type(moment.path),
        now: moment.now,
        exit_intent: moment.leaving && profile.time_on_page(moment.now) >= EXIT_MIN_TIME_ON_PAGE_MS,
        variants: &variants,
        device: moment.device,
        date: moment.date.clone(),
        weekday: moment.weekday,
        hour: moment.hour,
        idle: moment.idle,
        scroll_depth: moment.scroll_depth,
    };
    // A message on screen stays true: filled again with the basket and profile as they are
    // now, or closed once its conditions no longer hold. (Its exit-intent moment, if it had
    // one, counts as still there.)
    if let Some(m) = on_screen.and_then(|id| config.messages.iter().find(|m| m.id == id)) {
        let still = Context {
            exit_intent: context.exit_intent || m.when.needs_exit_intent(),
            date: context.date.clone(),
            ..context
        };
        return if m.when.holds(&still) {
            Decision::Refresh(content(config, m, profile, locale))
        } else {
            Decision::Close
        };
    }
    if flow_open {
        return Decision::Nothing;
    }
    let settings = &config.message_settings;
    match choose(
        &config.messages,
        settings,
        &profile.messages,
        profile.interruptions,
        false,
        &context,
    ) {
        Some(m) => Decision::Show(m, content(config, m, profile, locale)),
        None => Decision::Nothing,
    }
}

/// `m`'s texts for this visitor: its A/B variant's title and body where it gives them, in
/// `locale`, filled with the basket, the settings' values and the products viewed last.
pub fn content(config: &Config, m: &Message, profile: &Profile, locale: &str) -> MessageContent {
    let t = |text: &Text| text.resolve(locale, &config.default_locale).to_string();
    let variant = m.variant(profile.seed);
    let title = variant.and_then(|v| v.title.as_ref()).or(m.title.as_ref());
    let body = variant.and_then(|v| v.body.as_ref()).unwrap_or(&m.body);
    let name = |id: &String| config.catalogue.get(id).map(|p| t(&p.name));
    let settings = &config.message_settings;
    let left = restore(
        profile,
        &config.catalogue,
        &config.sold_out_here,
        settings,
        locale,
        &config.default_locale,
    );
    let names = Names {
        recent: profile
            .recent
            .iter()
            .filter_map(name)
            .take(RECENT_NAMED)
            .collect(),
        unavailable: left.unavailable.iter().filter_map(name).collect(),
    };
    MessageContent {
        title: title.map(|x| fill(&t(x), profile, settings, &names)),
        body: fill(&t(body), profile, settings, &names),
        variant: variant.map(|v| v.id.clone()),
        buttons: m.buttons.iter().map(|b| t(&b.label)).collect(),
        note: (m.buttons.iter().any(|b| b.action == Action::Restore)
            && !names.unavailable.is_empty())
        .then(|| {
            let (_, between) = super::text::list_punctuation(locale);
            super::view::labels(config, locale)
                .unavailable_note
                .replace("{}", &names.unavailable.join(between))
        }),
        survey: m
            .survey
            .as_ref()
            .map(|s| (s.kind, s.low.as_ref().map(t), s.high.as_ref().map(t))),
    }
}
