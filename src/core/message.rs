//! Targeted messages: what they say, when they may show, and how often.
//!
//! A message shows when its [`Condition`] holds for the current [`Context`] (the page, the
//! visitor profile, signals such as exit intent) and its caps and the visit's interruption
//! budget allow it; of several, the highest priority wins, and only one is on screen at a
//! time. A new condition goes into [`Condition`], [`decode_condition`] and
//! [`Condition::holds`].

use super::decode::{
    as_array, check_id, did_you_mean, field_path, ChoiceField, FlagField, Known, NumberField,
    NumberRule, Obj, Problems,
};
use super::json::Value;
use super::page::glob;
use super::page::{PageType, PAGE_TYPES};
use super::profile::{MessageRecord, Profile};
use super::survey::SurveyKind;
use super::text::Text;
use super::url;

/// Where a message appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A dialog over the page (takes focus).
    Modal,
    /// A panel in a corner (does not take focus).
    SlideIn,
    /// A bar across the top.
    TopBar,
    /// A bar across the bottom.
    BottomBar,
}

/// A message's `placement`.
pub const PLACEMENT: ChoiceField<Placement> = ChoiceField {
    key: "placement",
    choices: &[
        ("modal", Placement::Modal),
        ("slide-in", Placement::SlideIn),
        ("top-bar", Placement::TopBar),
        ("bottom-bar", Placement::BottomBar),
    ],
    default: Placement::SlideIn,
    doc: super::decode::doc(
        "\"modal\" (takes focus), \"slide-in\", \"top-bar\", \"bottom-bar\" (these do not take focus)",
    ),
};

/// What a button does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Go to a URL (http, https or relative).
    Url(String),
    /// Copy a coupon code.
    Copy(String),
    /// Open a question flow.
    Flow(String),
    /// Close the message.
    Dismiss,
    /// Bring back the basket left behind: through `messageSettings.restoreBasket`'s URL, or
    /// a `shop-assistant:restore-basket` event for the shop's own script.
    Restore,
}

/// A button of a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Button {
    /// Its label.
    pub label: Text,
    /// What it does.
    pub action: Action,
}

/// How often a message may show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Caps {
    /// At most once per visit (default true).
    pub once_per_visit: bool,
    /// At most this many times a day.
    pub per_day: Option<u32>,
    /// Not again for this many days after the visitor dismissed it (default 1).
    pub cooldown_days: f64,
    /// Never again once the visitor clicked it and then bought (default true).
    pub stop_after_conversion: bool,
}

/// A condition on the page, the visitor and the moment.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Every one holds.
    All(Vec<Condition>),
    /// At least one holds.
    Any(Vec<Condition>),
    /// It does not hold.
    Not(Box<Condition>),
    /// The page is of one of these types.
    Page(Vec<PageType>),
    /// The page's path matches (`*` matches anything).
    Path(String),
    /// The basket's value is within the bounds (inclusive min, exclusive max).
    BasketValue {
        /// At least this.
        min: Option<f64>,
        /// Below this.
        max: Option<f64>,
    },
    /// The number of items in the basket is within the bounds (inclusive).
    BasketItems {
        /// At least this many.
        min: Option<f64>,
        /// At most this many.
        max: Option<f64>,
    },
    /// The basket holds this product.
    BasketContains(String),
    /// Visits so far (this one included) at least.
    Visits(u32),
    /// An earlier visit happened.
    Returning,
    /// Pages seen this visit at least.
    PagesThisVisit(u32),
    /// Seconds on the current page at least.
    TimeOnPage(f64),
    /// Seconds without the visitor touching the page (pointer, keys, scrolling) at least.
    IdleSeconds(f64),
    /// How far down the current page the visitor has scrolled, in percent (0-100), at least.
    ScrollDepth(f64),
    /// The visitor is about to leave.
    ExitIntent,
    /// A basket was left behind at the end of an earlier visit.
    AbandonedBasket,
    /// Interest in `attribute=value` at least this much (a view adds 1, an add to basket 3).
    Affinity {
        /// `attribute=value`.
        key: String,
        /// The least interest.
        min: f64,
    },
    /// A flow was answered with this answer.
    Answered {
        /// The flow.
        flow: String,
        /// The question.
        question: String,
        /// The answer.
        answer: String,
    },
    /// The visitor's device.
    Device(Device),
    /// This device sees variant `variant` of message `message` (for A/B tests across messages).
    Variant {
        /// The message with variants.
        message: String,
        /// The variant's id.
        variant: String,
    },
    /// The moment, in the shop's time zone.
    Schedule {
        /// First day, `YYYY-MM-DD`.
        from: Option<String>,
        /// Last day.
        until: Option<String>,
        /// Days of the week, 1 (Monday) to 7; empty means every day.
        weekdays: Vec<u8>,
        /// From hour (inclusive) to hour (exclusive); may wrap past midnight.
        hours: Option<(u8, u8)>,
    },
}

/// A kind of device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Device {
    /// Touch screen, narrow viewport.
    Mobile,
    /// Everything else.
    Desktop,
}

/// A message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Unique id.
    pub id: String,
    /// Where it appears.
    pub placement: Placement,
    /// Its title (may hold placeholders such as `{remaining}`).
    pub title: Option<Text>,
    /// Its text.
    pub body: Text,
    /// Its buttons.
    pub buttons: Vec<Button>,
    /// When it may show.
    pub when: Condition,
    /// Higher wins when several could show.
    pub priority: f64,
    /// How often.
    pub caps: Caps,
    /// A one-question survey shown as a scale of buttons.
    pub survey: Option<Survey>,
    /// A/B variants of the title and text; each device gets one, always the same.
    pub variants: Vec<Variant>,
    /// A recommendation block (its id) whose product cards the message shows under its
    /// text, e.g. what goes with the basket on the basket page.
    pub products: Option<String>,
}

/// One variant of a message in an A/B test.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Its name, e.g. "A".
    pub id: String,
    /// Replaces the message's title, if given.
    pub title: Option<Text>,
    /// Replaces the message's text, if given.
    pub body: Option<Text>,
    /// Its share of devices, relative to the other variants' (default 1).
    pub weight: f64,
}

impl Message {
    /// The variant this device sees: a stable choice from the visitor's random `seed` and the
    /// message id, weighted. `None` when the message has no variants.
    pub fn variant(&self, seed: u32) -> Option<&Variant> {
        let total: f64 = self.variants.iter().map(|v| v.weight).sum();
        if self.variants.is_empty() || total <= 0.0 {
            return None;
        }
        // FNV-1a over the seed and the id: the same device always lands in the same variant,
        // and different messages split devices independently.
        let mut hash: u32 = 0x811c_9dc5;
        for byte in seed.to_le_bytes().iter().chain(self.id.as_bytes()) {
            hash ^= u32::from(*byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
        let mut point = f64::from(hash) / 4_294_967_296.0 * total;
        for v in &self.variants {
            if point < v.weight {
                return Some(v);
            }
            point -= v.weight;
        }
        self.variants.last()
    }
}

/// A one-question survey.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    /// Its kind (and so its scale and score).
    pub kind: SurveyKind,
    /// Label of the low end, e.g. "Not at all likely".
    pub low: Option<Text>,
    /// Label of the high end, e.g. "Extremely likely".
    pub high: Option<Text>,
    /// Shown after an answer.
    pub thanks: Text,
}

/// Settings for all messages.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageSettings {
    /// Interruptions per visit across all messages.
    pub per_visit: u32,
    /// Pages where nothing may interrupt (path patterns).
    pub quiet: Vec<String>,
    /// Basket value from which delivery is free, for `{remaining}`.
    pub free_delivery_from: Option<f64>,
    /// Number of instalments, for `{instalment}`.
    pub instalments: u32,
    /// The shop's currency, for amounts in texts.
    pub currency: String,
    /// The shop's time zone (IANA), for schedules.
    pub time_zone: Option<String>,
    /// Also push every assistant event to the shop's `window.dataLayer`.
    pub data_layer: bool,
    /// How the shop takes a basket back in one link, for restore buttons.
    pub restore_basket: Option<RestoreUrl>,
}

/// A link that fills the shop's basket: `url` with `{items}` replaced by each line written
/// as `item` (`{id}`, `{quantity}`), joined by `separator`. A cart permalink such as
/// `/cart/{items}` with `{id}:{quantity}` and `,` gives `/cart/ring:1,box:2`.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreUrl {
    /// The URL, with `{items}`; one per language for a shop with a basket page per language.
    pub url: Text,
    /// One line, with `{id}` and `{quantity}`.
    pub item: String,
    /// Between lines.
    pub separator: String,
}

/// What a restore button brings back: the lines of the basket left behind whose products
/// are still for sale, the link that fills the shop's basket with them (when the shop has
/// one), and the products that are not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Restore {
    /// The lines to put back.
    pub lines: Vec<super::profile::Line>,
    /// The shop's link that puts them back, if `restoreBasket` is configured.
    pub url: Option<String>,
    /// The ids of the products left behind that are sold out or gone.
    pub unavailable: Vec<String>,
}

impl Restore {
    /// The `detail` of the `restore-basket` event: `{"lines": [{"product", "quantity",
    /// "price", "name", "url", "image"}], "unavailable": [ids]}`, in `locale`.
    pub fn detail(
        &self,
        catalogue: &super::catalogue::Catalogue,
        locale: &str,
        default_locale: &str,
    ) -> String {
        let s = |t: &str| Value::String(t.to_string());
        let lines = self
            .lines
            .iter()
            .map(|l| {
                let product = catalogue.get(&l.id);
                let text = |t: Option<&Text>| {
                    t.map_or(Value::Null, |t| s(t.resolve(locale, default_locale)))
                };
                Value::Object(vec![
                    ("product".into(), s(&l.id)),
                    ("quantity".into(), Value::Number(l.quantity)),
                    ("price".into(), Value::Number(l.price)),
                    ("name".into(), text(product.map(|p| &p.name))),
                    ("url".into(), text(product.map(|p| &p.url))),
                    ("image".into(), text(product.and_then(|p| p.image.as_ref()))),
                ])
            })
            .collect();
        super::json::stringify(&Value::Object(vec![
            ("lines".into(), Value::Array(lines)),
            (
                "unavailable".into(),
                Value::Array(self.unavailable.iter().map(|u| s(u)).collect()),
            ),
        ]))
    }
}

/// The basket `p` left behind, as a restore button brings it back.
pub fn restore(
    p: &Profile,
    catalogue: &super::catalogue::Catalogue,
    sold_out_here: &[String],
    s: &MessageSettings,
    locale: &str,
    default_locale: &str,
) -> Restore {
    let mut r = Restore::default();
    for line in p.abandoned.iter().flat_map(|a| &a.lines) {
        let for_sale = catalogue
            .get(&line.id)
            .is_some_and(|x| x.in_stock && !sold_out_here.contains(&x.id));
        if for_sale {
            r.lines.push(line.clone());
        } else {
            r.unavailable.push(line.id.clone());
        }
    }
    r.url = s
        .restore_basket
        .as_ref()
        .filter(|_| !r.lines.is_empty())
        .and_then(|t| {
            let items: Vec<String> = r
                .lines
                .iter()
                .map(|l| {
                    t.item
                        .replace("{id}", &super::url::encoded(&l.id))
                        .replace("{quantity}", &super::json::number_text(l.quantity))
                })
                .collect();
            let link = t
                .url
                .resolve(locale, default_locale)
                .replace("{items}", &items.join(&t.separator));
            url::check(&link).is_ok().then_some(link)
        });
    r
}

impl Default for MessageSettings {
    fn default() -> Self {
        MessageSettings {
            per_visit: PER_VISIT.default.map_or(0, |n| n as u32),
            quiet: Vec::new(),
            free_delivery_from: FREE_DELIVERY_FROM.default,
            instalments: INSTALMENTS.default.map_or(0, |n| n as u32),
            currency: "EUR".into(),
            time_zone: None,
            data_layer: SETTINGS_DATA_LAYER.default,
            restore_basket: None,
        }
    }
}

/// Everything a condition may look at.
#[derive(Debug, Clone, PartialEq)]
pub struct Context<'a> {
    /// The visitor profile.
    pub profile: &'a Profile,
    /// The page's path.
    pub path: &'a str,
    /// The page's type.
    pub page: PageType,
    /// Now (ms since the epoch).
    pub now: f64,
    /// The visitor shows exit intent.
    pub exit_intent: bool,
    /// Their device.
    pub device: Device,
    /// The variant each message with variants shows on this device.
    pub variants: &'a [(String, String)],
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

impl Condition {
    /// Whether the condition holds.
    pub fn holds(&self, c: &Context<'_>) -> bool {
        let p = c.profile;
        let within = |x: f64, min: &Option<f64>, max: &Option<f64>, max_inclusive: bool| {
            min.is_none_or(|m| x >= m)
                && max.is_none_or(|m| if max_inclusive { x <= m } else { x < m })
        };
        match self {
            Condition::All(list) => list.iter().all(|x| x.holds(c)),
            Condition::Any(list) => list.iter().any(|x| x.holds(c)),
            Condition::Not(x) => !x.holds(c),
            Condition::Page(types) => types.contains(&c.page),
            Condition::Path(pattern) => glob(pattern, c.path),
            Condition::BasketValue { min, max } => within(p.basket_value, min, max, false),
            Condition::BasketItems { min, max } => within(p.basket_items(), min, max, true),
            Condition::BasketContains(id) => p.basket.iter().any(|l| l.id == *id),
            Condition::Visits(n) => p.visits >= *n,
            Condition::Returning => p.visits >= 2,
            Condition::PagesThisVisit(n) => p.pages_this_session >= *n,
            Condition::TimeOnPage(s) => p.time_on_page(c.now) >= s * 1000.0,
            Condition::IdleSeconds(s) => c.idle >= *s,
            Condition::ScrollDepth(d) => c.scroll_depth >= *d,
            Condition::ExitIntent => c.exit_intent,
            Condition::AbandonedBasket => p.abandoned.is_some(),
            Condition::Affinity { key, min } => p.affinity(key, c.now) >= *min,
            Condition::Answered {
                flow,
                question,
                answer,
            } => p
                .answers
                .iter()
                .find(|(f, _)| f == flow)
                .is_some_and(|(_, list)| {
                    list.iter()
                        .any(|a| a.question == *question && a.choice.includes(answer))
                }),
            Condition::Device(d) => c.device == *d,
            Condition::Variant { message, variant } => {
                c.variants.iter().any(|(m, v)| m == message && v == variant)
            }
            Condition::Schedule {
                from,
                until,
                weekdays,
                hours,
            } => {
                from.as_deref().is_none_or(|f| c.date.as_str() >= f)
                    && until.as_deref().is_none_or(|u| c.date.as_str() <= u)
                    && (weekdays.is_empty() || weekdays.contains(&c.weekday))
                    && hours.is_none_or(|(a, b)| {
                        if a <= b {
                            c.hour >= a && c.hour < b
                        } else {
                            c.hour >= a || c.hour < b
                        }
                    })
            }
        }
    }

    /// Whether the condition can only hold at an exit-intent moment (such messages are
    /// evaluated again when the visitor shows it).
    pub fn needs_exit_intent(&self) -> bool {
        match self {
            Condition::ExitIntent => true,
            Condition::All(list) => list.iter().any(Condition::needs_exit_intent),
            _ => false,
        }
    }

    /// Every time on the page (seconds) at which this condition may start to hold, added to
    /// `out`: the moments to look again.
    pub fn moments(&self, out: &mut Vec<f64>) {
        match self {
            Condition::TimeOnPage(s) => out.push(*s),
            Condition::All(list) | Condition::Any(list) => {
                list.iter().for_each(|c| c.moments(out));
            }
            _ => {}
        }
    }

    /// Whether this condition reads how the visitor uses the page (idle time, scroll depth):
    /// only then does the page watch for it.
    pub fn watches_activity(&self) -> bool {
        match self {
            Condition::IdleSeconds(_) | Condition::ScrollDepth(_) => true,
            Condition::All(list) | Condition::Any(list) => {
                list.iter().any(Condition::watches_activity)
            }
            Condition::Not(c) => c.watches_activity(),
            _ => false,
        }
    }
}

const DAY_MS: f64 = 86_400_000.0;

impl Caps {
    /// Whether these caps allow showing, now, a message with this record.
    pub fn allows(&self, record: &MessageRecord, visit: u32, now: f64) -> bool {
        let caps = self;
        if caps.once_per_visit && record.shown > 0 && record.last_visit == visit {
            return false;
        }
        if let Some(n) = caps.per_day {
            if record.day.0 == (now / DAY_MS).floor() && record.day.1 >= n {
                return false;
            }
        }
        if record.dismissed > 0 && now - record.last_dismissed < caps.cooldown_days * DAY_MS {
            return false;
        }
        !(caps.stop_after_conversion && record.converted > 0)
    }
}

/// The message to show now, if any: its condition holds, its caps and the visit's budget
/// allow it, the page is not quiet, and no message is on screen already. Highest priority
/// first, then the order written.
pub fn choose<'m>(
    messages: &'m [Message],
    settings: &MessageSettings,
    records: &[MessageRecord],
    shown_this_visit: u32,
    on_screen: bool,
    c: &Context<'_>,
) -> Option<&'m Message> {
    if on_screen
        || shown_this_visit >= settings.per_visit
        || settings.quiet.iter().any(|q| glob(q, c.path))
    {
        return None;
    }
    let default = MessageRecord::default();
    let mut best: Option<&Message> = None;
    for m in messages {
        let record = records.iter().find(|r| r.id == m.id).unwrap_or(&default);
        if m.caps.allows(record, c.profile.visits, c.now)
            && m.when.holds(c)
            && best.is_none_or(|b| m.priority > b.priority)
        {
            best = Some(m);
        }
    }
    best
}

/// Product names a text may hold, in the visitor's language: `{recent}` (the products viewed
/// last) and `{unavailable}` (those left in the basket behind that are no longer for sale).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    /// For `{recent}`.
    pub recent: Vec<String>,
    /// For `{unavailable}`.
    pub unavailable: Vec<String>,
}

/// A piece of a message text: plain text, or a value the browser formats for the visitor.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text as written.
    Text(String),
    /// An amount of money.
    Money(f64),
    /// A count.
    Count(f64),
    /// A count with words that agree with it: the visitor's language's plural category (by
    /// `Intl.PluralRules`) picks the form (`=N` first), `#` in it is the count.
    Plural {
        /// The count.
        count: f64,
        /// `(category or "=N", text)`, as written.
        forms: Vec<(String, String)>,
    },
}

/// Splits `text` at its placeholders and fills them from the profile:
/// `{basket}` (basket value), `{items}` (items in the basket), `{remaining}` (to free
/// delivery), `{instalment}` (basket value / instalments), `{instalments}`, `{abandonedItems}`,
/// `{abandonedValue}`, `{recent}` (names of the products viewed last, given as `recent`).
/// An unknown placeholder stays as written.
pub fn fill(text: &str, p: &Profile, s: &MessageSettings, names: &Names) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some((name, forms, len)) = placeholder(&rest[open..]) else {
            break;
        };
        let value = match name {
            "basket" => Some(Piece::Money(p.basket_value)),
            "items" => Some(Piece::Count(p.basket_items())),
            "remaining" => s
                .free_delivery_from
                .map(|f| Piece::Money((f - p.basket_value).max(0.0))),
            "instalment" => Some(Piece::Money(
                (p.basket_value / f64::from(s.instalments.max(1)) * 100.0).ceil() / 100.0,
            )),
            "instalments" => Some(Piece::Count(f64::from(s.instalments))),
            "abandonedItems" => Some(Piece::Count(
                p.abandoned
                    .as_ref()
                    .map_or(0.0, |a| a.lines.iter().map(|l| l.quantity).sum()),
            )),
            "abandonedValue" => Some(Piece::Money(p.abandoned.as_ref().map_or(0.0, |a| a.value))),
            "recent" => Some(Piece::Text(names.recent.join(", "))),
            "unavailable" => Some(Piece::Text(names.unavailable.join(", "))),
            _ => None,
        };
        let value = match (value, forms) {
            (Some(Piece::Count(count)), Some(forms)) => Some(Piece::Plural { count, forms }),
            (v, None) => v,
            (_, Some(_)) => None,
        };
        match value {
            Some(v) => {
                if open > 0 {
                    out.push(Piece::Text(rest[..open].to_string()));
                }
                out.push(v);
            }
            None => out.push(Piece::Text(rest[..open + len].to_string())),
        }
        rest = &rest[open + len..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest.to_string()));
    }
    out
}

/// The placeholder at the start of `text` (which starts with `{`): its name, its plural forms
/// if it has them (`{items, plural, one {# item} other {# items}}`, ICU's form: a category of
/// the visitor's language's plural rules, or `=N`, then the text, `#` standing for the count),
/// and its length. `None` when it is not closed.
///
/// ```
/// use shop_assistant::core::message::placeholder;
/// assert_eq!(placeholder("{items} left"), Some(("items", None, 7)));
/// let (name, forms, len) = placeholder("{items, plural, one {# item} other {# items}}!").unwrap();
/// assert_eq!((name, len), ("items", 45));
/// assert_eq!(forms.unwrap(), [("one".to_string(), "# item".to_string()), ("other".to_string(), "# items".to_string())]);
/// ```
pub fn placeholder(text: &str) -> Option<(&str, Option<Vec<(String, String)>>, usize)> {
    let inner = text.strip_prefix('{')?;
    let stop = inner.find(['}', ','])?;
    let name = inner[..stop].trim();
    if inner[stop..].starts_with('}') {
        return Some((name, None, stop + 2));
    }
    // `{name, plural, category {text} ...}`
    let after = inner[stop + 1..].trim_start();
    let cases = after
        .strip_prefix("plural")?
        .trim_start()
        .strip_prefix(',')?;
    let mut forms = Vec::new();
    let mut rest = cases;
    loop {
        rest = rest.trim_start();
        if let Some(end) = rest.strip_prefix('}') {
            let len = text.len() - end.len();
            return (!forms.is_empty()).then_some((name, Some(forms), len));
        }
        let open = rest.find('{')?;
        let category = rest[..open].trim();
        let close = rest[open..].find('}')? + open;
        if category.is_empty() || category.contains(char::is_whitespace) {
            return None;
        }
        forms.push((category.to_string(), rest[open + 1..close].to_string()));
        rest = &rest[close + 1..];
    }
}

// ---- reading the config ----------------------------------------------------------------

pub(crate) const MESSAGE_FIELDS: &[&str] = &[
    "id",
    "placement",
    "title",
    "body",
    "buttons",
    "when",
    "priority",
    "caps",
    "survey",
    "variants",
    "products",
];
pub(crate) const SETTINGS_FIELDS: &[&str] = &[
    "perVisit",
    "quiet",
    "freeDeliveryFrom",
    "instalments",
    "currency",
    "timeZone",
    "dataLayer",
    "restoreBasket",
];
pub(crate) const VARIANT_FIELDS: &[&str] = &["id", "title", "body", "weight"];
pub(crate) const SURVEY_FIELDS: &[&str] = &["kind", "low", "high", "thanks"];
pub(crate) const BUTTON_FIELDS: &[&str] = &["label", "url", "copy", "flow", "dismiss", "restore"];
/// The keys of `messageSettings.restoreBasket`.
pub(crate) const RESTORE_FIELDS: &[&str] = &["url", "item", "separator"];
/// What a button does: exactly one of these keys.
pub(crate) const BUTTON_ACTIONS: &[&str] = &["url", "copy", "flow", "dismiss", "restore"];
pub(crate) const CAPS_FIELDS: &[&str] = &[
    "oncePerVisit",
    "perDay",
    "cooldownDays",
    "stopAfterConversion",
];
pub(crate) const BOUNDS_FIELDS: &[&str] = &["min", "max"];
pub(crate) const AFFINITY_FIELDS: &[&str] = &["attribute", "value", "min"];
pub(crate) const ANSWERED_FIELDS: &[&str] = &["flow", "question", "answer"];
pub(crate) const VARIANT_CONDITION_FIELDS: &[&str] = &["message", "variant"];
pub(crate) const SCHEDULE_FIELDS: &[&str] = &["from", "until", "weekdays", "hours"];

// The numbers of messages, conditions and settings, each declared once for the decoders and
// the schema.
/// `caps.perDay`.
pub const PER_DAY: NumberField = NumberField {
    key: "perDay",
    rule: NumberRule::whole(1.0, None),
    default: None,
    doc: super::decode::doc("At most this often per day"),
};
/// `caps.cooldownDays`.
pub const COOLDOWN_DAYS: NumberField = NumberField {
    key: "cooldownDays",
    rule: NumberRule::from(0.0, None),
    default: Some(1.0),
    doc: super::decode::doc("Days it stays away after a dismissal"),
};
/// `caps.oncePerVisit`.
pub const ONCE_PER_VISIT: FlagField = FlagField {
    key: "oncePerVisit",
    default: true,
    doc: super::decode::doc("At most once per visit"),
};
/// `caps.stopAfterConversion`.
pub const STOP_AFTER_CONVERSION: FlagField = FlagField {
    key: "stopAfterConversion",
    default: true,
    doc: super::decode::doc("Never again once a click was followed by a purchase"),
};
/// A variant's `weight`.
pub const WEIGHT: NumberField = NumberField {
    key: "weight",
    rule: NumberRule::POSITIVE,
    default: Some(1.0),
    doc: super::decode::doc("Its share"),
};
/// `messageSettings.perVisit`.
pub const PER_VISIT: NumberField = NumberField {
    key: "perVisit",
    rule: NumberRule::whole(0.0, None),
    default: Some(2.0),
    doc: super::decode::doc("At most this many messages per visit, all together"),
};
/// `messageSettings.instalments`.
pub const INSTALMENTS: NumberField = NumberField {
    key: "instalments",
    rule: NumberRule::whole(2.0, Some(48.0)),
    default: Some(3.0),
    doc: super::decode::doc("How many instalments {instalment} divides the basket into"),
};
/// `messageSettings.freeDeliveryFrom`.
pub const FREE_DELIVERY_FROM: NumberField = NumberField {
    key: "freeDeliveryFrom",
    rule: NumberRule::from(0.0, None),
    default: None,
    doc: super::decode::doc("The basket value that ships free; {remaining} is what is missing"),
};
/// `messageSettings.dataLayer`.
pub const SETTINGS_DATA_LAYER: FlagField = FlagField {
    key: "dataLayer",
    default: false,
    doc: super::decode::doc("true: also push every assistant event to the page's window.dataLayer"),
};
/// The `visits` condition.
pub const VISITS: NumberRule = NumberRule::whole(0.0, None);
/// The `pagesThisVisit` condition.
pub const PAGES: NumberRule = NumberRule::whole(0.0, None);
/// The `timeOnPage` and `idleSeconds` conditions.
pub const SECONDS: NumberRule = NumberRule::from(0.0, None);
/// The `scrollDepth` condition, in percent.
pub const SCROLL_DEPTH: NumberRule = NumberRule::from(0.0, Some(100.0));
/// A weekday of `schedule.weekdays`: 1 (Monday) to 7 (Sunday).
pub const WEEKDAY: NumberRule = NumberRule::whole(1.0, Some(7.0));
/// An hour of `schedule.hours`.
pub const HOUR: NumberRule = NumberRule::whole(0.0, Some(24.0));
/// A `schedule` date, as the schema writes it; [`is_date`] is the decoder's reading of it.
pub const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/// `d` is a date like `2026-12-24` ([`DATE_PATTERN`]).
pub fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && num(0..4).is_some()
        && num(5..7).is_some_and(|m| (1..=12).contains(&m))
        && num(8..10).is_some_and(|day| (1..=31).contains(&day))
}
pub(crate) const CONDITIONS: &[&str] = &[
    "all",
    "any",
    "not",
    "page",
    "path",
    "basketValue",
    "basketItems",
    "basketContains",
    "visits",
    "returning",
    "pagesThisVisit",
    "timeOnPage",
    "idleSeconds",
    "scrollDepth",
    "exitIntent",
    "abandonedBasket",
    "affinity",
    "answered",
    "device",
    "schedule",
    "variant",
];

/// Reads `messages` (a list) and `messageSettings`.
pub fn decode_messages(
    p: &mut Problems,
    value: &Value,
    path: &str,
    known: &Known<'_>,
) -> Vec<Message> {
    let mut out: Vec<Message> = Vec::new();
    for (at, mv) in as_array(p, value, path).unwrap_or_default() {
        if let Some(m) = decode_message(p, mv, &at, known) {
            if out.iter().any(|x| x.id == m.id) {
                p.add(
                    &field_path(&at, "id"),
                    format!("duplicate message id \"{}\"", m.id),
                );
            } else {
                out.push(m);
            }
        }
    }
    out
}

fn decode_message(
    p: &mut Problems,
    value: &Value,
    path: &str,
    known: &Known<'_>,
) -> Option<Message> {
    let o = Obj::open(p, value, path, MESSAGE_FIELDS)?;
    let id = o.string(p, "id");
    if let Some(id) = &id {
        check_id(p, id, &o.at("id"));
    }
    let placement = o.choice(p, PLACEMENT);
    let title = o
        .get("title")
        .and_then(|v| Text::decode(p, v, &o.at("title")));
    let body = o
        .required(p, "body")
        .and_then(|v| Text::decode(p, v, &o.at("body")));
    let mut buttons = Vec::new();
    if let Some(v) = o.get("buttons") {
        for (at, bv) in as_array(p, v, &o.at("buttons")).unwrap_or_default() {
            buttons.extend(decode_button(p, bv, &at, known));
        }
    }
    let when = o
        .required(p, "when")
        .and_then(|v| decode_condition(p, v, &o.at("when"), 0));
    let priority = o.opt_number(p, "priority").unwrap_or(0.0);
    let products = o.opt_string(p, "products");
    if let Some(block) = &products {
        known.block(p, block, &o.at("products"));
    }
    let caps = o
        .get("caps")
        .map(|v| decode_caps(p, v, &o.at("caps")))
        .unwrap_or_default();
    let survey = o
        .get("survey")
        .and_then(|v| decode_survey(p, v, &o.at("survey")));
    let mut variants: Vec<Variant> = Vec::new();
    if let Some(v) = o.get("variants") {
        for (at, vv) in as_array(p, v, &o.at("variants")).unwrap_or_default() {
            let Some(vo) = Obj::open(p, vv, &at, VARIANT_FIELDS) else {
                continue;
            };
            let vid = vo.string(p, "id");
            if let Some(vid) = &vid {
                check_id(p, vid, &vo.at("id"));
            }
            let title = vo
                .get("title")
                .and_then(|t| Text::decode(p, t, &vo.at("title")));
            let body = vo
                .get("body")
                .and_then(|t| Text::decode(p, t, &vo.at("body")));
            let weight = vo.number(p, WEIGHT).unwrap_or_default();
            if let Some(vid) = vid {
                if variants.iter().any(|x| x.id == vid) {
                    p.add(&vo.at("id"), format!("duplicate variant id \"{vid}\""));
                } else {
                    variants.push(Variant {
                        id: vid,
                        title,
                        body,
                        weight,
                    });
                }
            }
        }
    }
    Some(Message {
        id: id?,
        placement,
        title,
        body: body?,
        buttons,
        when: when?,
        priority,
        caps,
        survey,
        variants,
        products,
    })
}

fn decode_survey(p: &mut Problems, value: &Value, path: &str) -> Option<Survey> {
    let o = Obj::open(p, value, path, SURVEY_FIELDS)?;
    let kind = o.string(p, "kind").and_then(|k| {
        let kind = SurveyKind::from_name(&k);
        if kind.is_none() {
            p.add(
                &o.at("kind"),
                format!(
                    "unknown survey kind \"{k}\"; use nps, csat or ces{}",
                    did_you_mean(&k, ["nps", "csat", "ces"])
                ),
            );
        }
        kind
    });
    let low = o.get("low").and_then(|v| Text::decode(p, v, &o.at("low")));
    let high = o
        .get("high")
        .and_then(|v| Text::decode(p, v, &o.at("high")));
    let thanks = o
        .get("thanks")
        .and_then(|v| Text::decode(p, v, &o.at("thanks")))
        .unwrap_or_else(|| Text::plain("Thank you!"));
    Some(Survey {
        kind: kind?,
        low,
        high,
        thanks,
    })
}

fn decode_button(p: &mut Problems, value: &Value, path: &str, known: &Known<'_>) -> Option<Button> {
    let o = Obj::open(p, value, path, BUTTON_FIELDS)?;
    let label = o
        .required(p, "label")
        .and_then(|v| Text::decode(p, v, &o.at("label")));
    let given: Vec<&str> = BUTTON_ACTIONS
        .iter()
        .copied()
        .filter(|k| o.get(k).is_some())
        .collect();
    if given.len() != 1 {
        p.add(
            path,
            "a button does one thing: \"url\", \"copy\", \"flow\", \"dismiss\": true or \"restore\": true",
        );
        return None;
    }
    let action = match given[0] {
        "url" => {
            let u = o.string(p, "url")?;
            if let Err(e) = url::check(&u) {
                p.add(&o.at("url"), e.message());
            }
            Action::Url(u)
        }
        "copy" => Action::Copy(o.string(p, "copy")?),
        "flow" => {
            let f = o.string(p, "flow")?;
            known.flow(p, &f, &o.at("flow"));
            Action::Flow(f)
        }
        key => match o.get(key) {
            Some(Value::Bool(true)) if key == "restore" => Action::Restore,
            Some(Value::Bool(true)) => Action::Dismiss,
            _ => {
                p.add(&o.at(key), "write true");
                return None;
            }
        },
    };
    Some(Button {
        label: label?,
        action,
    })
}

fn decode_caps(p: &mut Problems, value: &Value, path: &str) -> Caps {
    let Some(o) = Obj::open(p, value, path, CAPS_FIELDS) else {
        return Caps::default();
    };
    Caps {
        once_per_visit: o.switch(p, ONCE_PER_VISIT),
        per_day: o.number(p, PER_DAY).map(|n| n as u32),
        cooldown_days: o.number(p, COOLDOWN_DAYS).unwrap_or_default(),
        stop_after_conversion: o.switch(p, STOP_AFTER_CONVERSION),
    }
}

impl Default for Caps {
    /// The caps of a message that gives none: each field's default.
    fn default() -> Self {
        Caps {
            once_per_visit: ONCE_PER_VISIT.default,
            per_day: PER_DAY.default.map(|n| n as u32),
            cooldown_days: COOLDOWN_DAYS.default.unwrap_or_default(),
            stop_after_conversion: STOP_AFTER_CONVERSION.default,
        }
    }
}

/// Reads a condition: `{"all": [...]}`, `{"any": [...]}`, `{"not": {...}}` or one test such
/// as `{"page": "basket"}`, `{"basketValue": {"min": 20, "max": 40}}`, `{"exitIntent": true}`.
pub fn decode_condition(
    p: &mut Problems,
    value: &Value,
    path: &str,
    depth: usize,
) -> Option<Condition> {
    let Value::Object(members) = value else {
        p.wrong_type(path, "an object with one condition", value);
        return None;
    };
    if depth > 16 {
        p.add(path, "conditions nested too deeply");
        return None;
    }
    let [(key, v)] = members.as_slice() else {
        // A key that is no condition at all is named where it stands.
        let unknown: Vec<&String> = members
            .iter()
            .map(|(k, _)| k)
            .filter(|k| !CONDITIONS.contains(&k.as_str()))
            .collect();
        for k in &unknown {
            let hint = did_you_mean(k, CONDITIONS.iter().copied());
            p.add(&field_path(path, k), format!("unknown condition{hint}"));
        }
        if unknown.is_empty() || members.len() - unknown.len() != 1 {
            p.add(
                path,
                "a condition object has exactly one key; combine several with \"all\" or \"any\"",
            );
        }
        return None;
    };
    let at = field_path(path, key);
    let bounds = |p: &mut Problems, v: &Value| -> Option<(Option<f64>, Option<f64>)> {
        let o = Obj::open(p, v, &at, BOUNDS_FIELDS)?;
        let r = (o.opt_number(p, "min"), o.opt_number(p, "max"));
        if r.0.is_none() && r.1.is_none() {
            p.add(&at, "give \"min\", \"max\" or both");
        }
        Some(r)
    };
    let list = |p: &mut Problems, v: &Value| -> Option<Vec<Condition>> {
        let items = as_array(p, v, &at)?;
        Some(
            items
                .into_iter()
                .filter_map(|(a, iv)| decode_condition(p, iv, &a, depth + 1))
                .collect(),
        )
    };
    let flag = |p: &mut Problems, v: &Value| match v {
        Value::Bool(true) => true,
        _ => {
            p.add(&at, "write true (use \"not\" for the opposite)");
            false
        }
    };
    Some(match key.as_str() {
        "all" => Condition::All(list(p, v)?),
        "any" => Condition::Any(list(p, v)?),
        "not" => Condition::Not(Box::new(decode_condition(p, v, &at, depth + 1)?)),
        "page" => {
            // One name, or a list of them, each checked at its own path.
            let names: Vec<(String, &Value)> = match v {
                Value::String(_) => vec![(at.clone(), v)],
                Value::Array(_) => as_array(p, v, &at)?,
                _ => {
                    p.wrong_type(&at, "a page type or a list of them", v);
                    return None;
                }
            };
            let mut types = Vec::new();
            for (item_at, item) in names {
                let Some(n) = super::decode::as_string(p, item, &item_at) else {
                    continue;
                };
                match PageType::from_name(&n) {
                    Some(t) => types.push(t),
                    None => p.add(
                        &item_at,
                        format!(
                            "unknown page type \"{n}\"{}",
                            did_you_mean(&n, PAGE_TYPES.iter().map(|t| t.name()))
                        ),
                    ),
                }
            }
            Condition::Page(types)
        }
        "path" => Condition::Path(super::decode::as_string(p, v, &at)?),
        "basketValue" => {
            let (min, max) = bounds(p, v)?;
            Condition::BasketValue { min, max }
        }
        "basketItems" => {
            let (min, max) = bounds(p, v)?;
            Condition::BasketItems { min, max }
        }
        "basketContains" => Condition::BasketContains(super::decode::as_string(p, v, &at)?),
        "visits" => Condition::Visits(VISITS.read(p, v, &at)? as u32),
        "returning" => flag(p, v).then_some(Condition::Returning)?,
        "pagesThisVisit" => Condition::PagesThisVisit(PAGES.read(p, v, &at)? as u32),
        "timeOnPage" => Condition::TimeOnPage(SECONDS.read(p, v, &at)?),
        "idleSeconds" => Condition::IdleSeconds(SECONDS.read(p, v, &at)?),
        "scrollDepth" => Condition::ScrollDepth(SCROLL_DEPTH.read(p, v, &at)?),
        "exitIntent" => flag(p, v).then_some(Condition::ExitIntent)?,
        "abandonedBasket" => flag(p, v).then_some(Condition::AbandonedBasket)?,
        "affinity" => {
            let o = Obj::open(p, v, &at, AFFINITY_FIELDS)?;
            let (a, val) = (o.string(p, "attribute"), o.string(p, "value"));
            let min = o.opt_number(p, "min").unwrap_or(1.0);
            Condition::Affinity {
                key: format!("{}={}", a?, val?),
                min,
            }
        }
        "answered" => {
            let o = Obj::open(p, v, &at, ANSWERED_FIELDS)?;
            let (f, q, a) = (
                o.string(p, "flow"),
                o.string(p, "question"),
                o.string(p, "answer"),
            );
            Condition::Answered {
                flow: f?,
                question: q?,
                answer: a?,
            }
        }
        "variant" => {
            let o = Obj::open(p, v, &at, VARIANT_CONDITION_FIELDS)?;
            let (m, var) = (o.string(p, "message"), o.string(p, "variant"));
            Condition::Variant {
                message: m?,
                variant: var?,
            }
        }
        "device" => match v.as_str() {
            Some("mobile") => Condition::Device(Device::Mobile),
            Some("desktop") => Condition::Device(Device::Desktop),
            _ => {
                p.add(&at, "use \"mobile\" or \"desktop\"");
                return None;
            }
        },
        "schedule" => {
            let o = Obj::open(p, v, &at, SCHEDULE_FIELDS)?;
            let date = |p: &mut Problems, k: &str| {
                let d = o.opt_string(p, k)?;
                let ok = is_date(&d);
                if !ok {
                    p.add(
                        &o.at(k),
                        format!("\"{d}\" is not a date like \"2026-12-24\""),
                    );
                }
                ok.then_some(d)
            };
            let (from, until) = (date(p, "from"), date(p, "until"));
            let weekdays = match o.get("weekdays") {
                None => Vec::new(),
                Some(w) => as_array(p, w, &o.at("weekdays"))
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|(a, d)| WEEKDAY.read(p, d, &a).map(|n| n as u8))
                    .collect(),
            };
            let hours = match o.get("hours") {
                None => None,
                Some(h) => match as_array(p, h, &o.at("hours"))?.as_slice() {
                    [(a, from), (b, until)] => {
                        let (from, until) = (HOUR.read(p, from, a), HOUR.read(p, until, b));
                        Some((from? as u8, until? as u8))
                    }
                    _ => {
                        p.add(&o.at("hours"), "hours are [from, until], e.g. [9, 18]");
                        None
                    }
                },
            };
            Condition::Schedule {
                from,
                until,
                weekdays,
                hours,
            }
        }
        other => {
            p.add(
                &at,
                format!(
                    "unknown condition{}",
                    did_you_mean(other, CONDITIONS.iter().copied())
                ),
            );
            return None;
        }
    })
}

/// Reads `messageSettings`.
pub fn decode_settings(p: &mut Problems, value: &Value, path: &str) -> MessageSettings {
    let mut s = MessageSettings::default();
    let Some(o) = Obj::open(p, value, path, SETTINGS_FIELDS) else {
        return s;
    };
    if let Some(n) = o.number(p, PER_VISIT) {
        s.per_visit = n as u32;
    }
    if let Some(v) = o.get("quiet") {
        s.quiet = as_array(p, v, &o.at("quiet"))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(a, q)| super::decode::as_string(p, q, &a))
            .collect();
    }
    s.free_delivery_from = o.number(p, FREE_DELIVERY_FROM);
    if let Some(n) = o.number(p, INSTALMENTS) {
        s.instalments = n as u32;
    }
    if let Some(c) = o.opt_string(p, "currency") {
        super::catalogue::check_currency(p, &c, &o.at("currency"));
        s.currency = c;
    }
    s.time_zone = o.opt_string(p, "timeZone");
    s.data_layer = o.switch(p, SETTINGS_DATA_LAYER);
    s.restore_basket = o.get("restoreBasket").and_then(|v| {
        let r = Obj::open(p, v, &o.at("restoreBasket"), RESTORE_FIELDS)?;
        let raw = r.required(p, "url")?;
        // One link, or one per language: each checked at its own path.
        let links: Vec<(String, &str)> = match raw {
            Value::String(s) => vec![(r.at("url"), s.as_str())],
            Value::Object(members) => members
                .iter()
                .filter_map(|(lang, l)| Some((field_path(&r.at("url"), lang), l.as_str()?)))
                .collect(),
            _ => Vec::new(),
        };
        for (at, link) in links {
            if let Err(e) = url::check(link) {
                p.add(&at, e.message());
            } else if !link.contains("{items}") {
                p.add(&at, "write {items} where the lines go");
            }
        }
        let link = Text::decode(p, raw, &r.at("url"))?;
        let item = r
            .opt_string(p, "item")
            .unwrap_or_else(|| "{id}:{quantity}".into());
        if !item.contains("{id}") {
            r.flag(p, "item", Some("write {id} where the product goes"));
        }
        Some(RestoreUrl {
            url: link,
            item,
            separator: match r.get("separator") {
                Some(Value::String(sep)) => sep.clone(),
                Some(other) => {
                    p.wrong_type(&r.at("separator"), "a string", other);
                    ",".into()
                }
                None => ",".into(),
            },
        })
    });
    s
}
