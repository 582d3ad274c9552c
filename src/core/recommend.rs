//! Recommendations from the visitor's own profile, computed in their browser, each product
//! with the reason it is shown.
//!
//! A merchant configures blocks (`recommendations.blocks`), each an ordered list of
//! [`Strategy`]s: the first fills the block as far as it can, the next fill what is left
//! (fallbacks). Never recommended: a product out of stock, the product on this page, what is
//! in the basket, and (unless the block says otherwise) what the visitor bought. The same
//! profile and page always give the same list.
//!
//! A new strategy: a variant of [`Strategy`], its name in [`STRATEGIES`], its candidates in
//! [`candidates`] (an exhaustive match: the compiler points there) and, if it gives a new
//! kind of reason, a [`Reason`] variant (the widget's text for it: `view::reason_text`).

use super::catalogue::Catalogue;
use super::decode::{as_array, did_you_mean, FlagField, NumberField, NumberRule, Obj, Problems};
use super::index::{AttrIndex, Entry, Slot};
use super::json::Value;
use super::matcher::passes;
use super::page::PageType;
use super::product::{AttrValue, Product};
use super::profile::Profile;
use super::question::{decode_filter, Filter, FILTER_FIELDS};
use super::text::Text;

/// How a block picks products.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// The products the visitor viewed, the last first.
    RecentlyViewed,
    /// Products sharing the most attributes with the product on this page (or, elsewhere,
    /// the product viewed last).
    Similar,
    /// Products the visitor has not looked at yet whose attributes they showed the most
    /// interest in (views and the basket: the profile's interests, halving weekly).
    ForYou,
    /// What the merchant's rules pair with the product on this page or in the basket
    /// (`recommendations.complements`: "with a ring, show ring boxes").
    Complements,
    /// The catalogue in the merchant's order (a fallback for a visitor with no history).
    Featured,
}

/// The strategies by their names in the config.
pub const STRATEGIES: &[(&str, Strategy)] = &[
    ("recentlyViewed", Strategy::RecentlyViewed),
    ("similar", Strategy::Similar),
    ("forYou", Strategy::ForYou),
    ("complements", Strategy::Complements),
    ("featured", Strategy::Featured),
];

impl Strategy {
    /// Its name in the config and in events.
    pub fn name(self) -> &'static str {
        STRATEGIES
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("", |(n, _)| n)
    }
}

/// Why a product is recommended, for the visitor.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// They looked at it.
    Viewed,
    /// It is like this product (its id) they looked at.
    Similar(String),
    /// They like this value of this attribute (`metal`, `gold`).
    Likes {
        /// The attribute.
        attribute: String,
        /// The value.
        value: String,
    },
    /// It fits what they showed interest in, though no single value of it tells why (each is
    /// shared by nearly every product).
    Interests,
    /// It goes with this product (its id) on the page or in the basket.
    GoesWith(String),
    /// The shop features it.
    Featured,
}

/// A recommendation block.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Its id (`data-shop-assistant-recommend="<id>"`).
    pub id: String,
    /// A heading.
    pub title: Option<Text>,
    /// Its strategies, in order: each fills what the ones before left.
    pub strategies: Vec<Strategy>,
    /// How many products it shows.
    pub count: usize,
    /// A CSS selector of the shop's own element to draw the block after, so one snippet
    /// serves every page; without it, the block goes where the page has a
    /// `data-shop-assistant-recommend` element naming it.
    pub after: Option<String>,
    /// The pages it shows on (all when empty).
    pub pages: Vec<PageType>,
    /// Also recommend what the visitor bought (consumables).
    pub include_bought: bool,
}

/// A merchant's pairing: products passing `show` go with a product passing `with`.
#[derive(Debug, Clone, PartialEq)]
pub struct Complement {
    /// The product on the page or in the basket.
    pub with: Filter,
    /// What goes with it.
    pub show: Filter,
}

/// The `recommendations` section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recommendations {
    /// The blocks, in the order written.
    pub blocks: Vec<Block>,
    /// The pairings the `complements` strategy follows.
    pub complements: Vec<Complement>,
    /// Also push GA4's `view_item_list` and `select_item` to the page's `dataLayer`.
    pub data_layer: bool,
}

/// One recommended product.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick<'c> {
    /// The product.
    pub product: &'c Product,
    /// The strategy that picked it.
    pub strategy: Strategy,
    /// Why, for the visitor.
    pub reason: Reason,
}

/// What the recommendations are for: the visitor and the page.
#[derive(Debug, Clone, Copy)]
pub struct Situation<'a> {
    /// The visitor's profile.
    pub profile: &'a Profile,
    /// The product on this page, if it is a product page.
    pub current: Option<&'a str>,
    /// Products this page shows as sold out (JSON-LD), beyond the catalogue's own stock.
    pub sold_out: &'a [String],
    /// Now (ms since the epoch), for the interests' decay.
    pub now: f64,
    /// Products already on screen beside the block (a flow's results), not shown again.
    pub listed: &'a [&'a str],
}

/// The products `block` recommends in `situation`, at most `block.count`, each once.
pub fn recommend<'c>(
    catalogue: &'c Catalogue,
    block: &Block,
    complements: &[Complement],
    situation: &Situation<'_>,
) -> Vec<Pick<'c>> {
    let profile = situation.profile;
    let mut picks: Vec<Pick<'c>> = Vec::new();
    for &strategy in &block.strategies {
        let need = block.count.saturating_sub(picks.len());
        if need == 0 {
            break;
        }
        let skip = |p: &Product| {
            !p.in_stock
                || situation.sold_out.contains(&p.id)
                || situation.current == Some(p.id.as_str())
                || profile.basket.iter().any(|l| l.id == p.id)
                || (!block.include_bought && profile.bought.contains(&p.id))
                || situation.listed.contains(&p.id.as_str())
                || picks.iter().any(|q| q.product.id == p.id)
        };
        let found = candidates(catalogue, strategy, complements, situation, need, &skip);
        picks.extend(found.into_iter().map(|(product, reason)| Pick {
            product,
            strategy,
            reason,
        }));
    }
    picks
}

/// A strategy's best `need` candidates, best first, leaving out what `skip` says.
fn candidates<'c>(
    catalogue: &'c Catalogue,
    strategy: Strategy,
    complements: &[Complement],
    s: &Situation<'_>,
    need: usize,
    skip: &dyn Fn(&Product) -> bool,
) -> Vec<(&'c Product, Reason)> {
    let products = catalogue.products();
    let index = &catalogue.index;
    let mut out: Vec<(&Product, Reason)> = Vec::new();
    let keep = |p: &'c Product, reason: Reason, out: &mut Vec<(&'c Product, Reason)>| {
        if out.len() < need && !skip(p) && !out.iter().any(|(q, _)| q.id == p.id) {
            out.push((p, reason));
        }
    };
    match strategy {
        Strategy::RecentlyViewed => {
            for p in s.profile.recent.iter().filter_map(|id| catalogue.get(id)) {
                keep(p, Reason::Viewed, &mut out);
            }
        }
        Strategy::Similar => {
            let anchor = s
                .current
                .or_else(|| s.profile.recent.first().map(String::as_str))
                .and_then(|id| catalogue.position(id));
            if let (Some(a), true) = (anchor, index.covers(products.len())) {
                let anchor = &products[a];
                let like = Likeness::of(index, a);
                let best = top(products, need, skip, |i, _, floor| {
                    (i != a).then(|| like.to(index, i, floor))
                });
                for p in best {
                    keep(p, Reason::Similar(anchor.id.clone()), &mut out);
                }
            }
        }
        Strategy::ForYou => {
            // The visitor's interests, interned: attribute, value, weight now, and the texts.
            // Interests in values no product has are left out.
            let interests: Vec<(u32, u32, f64, &str, &str)> = s
                .profile
                .affinities
                .iter()
                .filter_map(|(key, _)| {
                    let (name, value) = key.split_once('=')?;
                    let weight = s.profile.affinity(key, s.now);
                    (weight > 0.0).then_some(())?;
                    Some((index.find(name)?, index.find(value)?, weight, name, value))
                })
                .collect();
            // A table from an interned value to its interest: one lookup per attribute value
            // of a product, whatever the catalogue's size.
            let mut by_value: Vec<u8> = vec![0; index.texts()];
            for (i, x) in interests.iter().enumerate().take(255) {
                if by_value[x.1 as usize] == 0 {
                    by_value[x.1 as usize] = i as u8 + 1;
                }
            }
            let weight = |key: u32, value: u32| match by_value.get(value as usize) {
                Some(0) | None => 0.0,
                // The same word may be liked under another attribute too: then look it up.
                Some(&at) => match interests[at as usize - 1] {
                    (k, _, w, _, _) if k == key => w,
                    _ => interests
                        .iter()
                        .find(|x| x.0 == key && x.1 == value)
                        .map_or(0.0, |x| x.2),
                },
            };
            let covered = index.covers(products.len());
            let score = |i: usize, _: &Product, _: f64| {
                let total: f64 = index
                    .entries(i)
                    .iter()
                    .map(|e| match e.value {
                        Slot::Text(v) => weight(e.key, v),
                        Slot::List(start, len) => index
                            .list(start, len)
                            .iter()
                            .map(|v| weight(e.key, *v))
                            .sum(),
                        Slot::Number(_) => 0.0,
                    })
                    .sum();
                (covered && total > 0.0).then_some(total)
            };
            // What they looked at is for "recentlyViewed"; this finds what they have not seen.
            let unseen = |p: &Product| skip(p) || s.profile.recent.contains(&p.id);
            let best = top(products, need, &unseen, score);
            // The reason names the value that tells most: its weight times how rare it is in
            // the catalogue (held by nearly every product: nothing). When none tells, the
            // pick is put down to the visitor's interests without naming a value.
            let count = products.len() as f64 + 1.0;
            for p in best {
                let mut named: Option<(f64, &str, &str)> = None;
                for x in &interests {
                    let rarity = (count / (f64::from(index.holders(x.1)) + 1.0)).ln();
                    let telling = x.2 * rarity;
                    if rarity > 0.1
                        && has_value(p, x.3, x.4)
                        && named.is_none_or(|(b, _, _)| telling > b)
                    {
                        named = Some((telling, x.3, x.4));
                    }
                }
                let reason = match named {
                    Some((_, attribute, value)) => Reason::Likes {
                        attribute: attribute.to_string(),
                        value: value.to_string(),
                    },
                    None => Reason::Interests,
                };
                keep(p, reason, &mut out);
            }
        }
        Strategy::Complements => {
            // The product on this page first, then the basket, the line added last first (the
            // last few: a basket of thousands of lines pairs with what was added last).
            let anchors = s
                .current
                .into_iter()
                .chain(s.profile.basket.iter().rev().take(8).map(|l| l.id.as_str()))
                .filter_map(|id| catalogue.get(id));
            for anchor in anchors {
                for rule in complements.iter().filter(|r| passes(anchor, &r.with)) {
                    for p in products.iter().filter(|p| p.id != anchor.id) {
                        if out.len() >= need {
                            return out;
                        }
                        if passes(p, &rule.show) {
                            keep(p, Reason::GoesWith(anchor.id.clone()), &mut out);
                        }
                    }
                }
            }
        }
        Strategy::Featured => {
            for p in products {
                if out.len() >= need {
                    break;
                }
                keep(p, Reason::Featured, &mut out);
            }
        }
    }
    out
}

/// The `k` products with the highest positive `score` that `skip` keeps, highest first;
/// equal scores keep the catalogue's order (the merchant's), so the same profile always gets
/// the same list. One pass, keeping the best `k` in order: no sort of the whole catalogue.
/// `score` is told the floor a product must beat to be kept (0 until `k` are found), and may
/// answer anything at or under it as soon as it knows the product cannot beat it.
fn top<'c>(
    products: &'c [Product],
    k: usize,
    skip: &dyn Fn(&Product) -> bool,
    score: impl Fn(usize, &Product, f64) -> Option<f64>,
) -> Vec<&'c Product> {
    let mut best: Vec<(f64, &'c Product)> = Vec::with_capacity(k + 1);
    for (i, p) in products.iter().enumerate() {
        let floor = if best.len() == k {
            best.last().map_or(0.0, |(worst, _)| *worst)
        } else {
            0.0
        };
        let Some(s) = score(i, p, floor).filter(|s| *s > 0.0) else {
            continue;
        };
        if best.len() == k && best.last().is_some_and(|(worst, _)| s <= *worst) {
            continue;
        }
        if skip(p) {
            continue;
        }
        let at = best.iter().position(|(b, _)| s > *b).unwrap_or(best.len());
        best.insert(at, (s, p));
        best.truncate(k);
    }
    best.into_iter().map(|(_, p)| p).collect()
}

/// A value the visitor likes: its weight now, the attribute and the value.
pub type Liked<'p> = (f64, &'p str, &'p str);

/// The visitor's interest in `p`: the sum over its attribute values they like (decayed to
/// `now`), and those values with their weights, strongest first.
pub fn interests_in<'p>(profile: &'p Profile, p: &Product, now: f64) -> (f64, Vec<Liked<'p>>) {
    let mut total = 0.0;
    let mut liked: Vec<Liked<'_>> = Vec::new();
    for (key, _) in &profile.affinities {
        let Some((name, value)) = key.split_once('=') else {
            continue;
        };
        if has_value(p, name, value) {
            let w = profile.affinity(key, now);
            if w > 0.0 {
                total += w;
                let at = liked
                    .iter()
                    .position(|(b, _, _)| w > *b)
                    .unwrap_or(liked.len());
                liked.insert(at, (w, name, value));
            }
        }
    }
    (total, liked)
}

/// Whether `p`'s attribute `name` is (or, for a list, holds) `value`.
pub(crate) fn has_value(p: &Product, name: &str, value: &str) -> bool {
    p.attributes.iter().any(|(k, v)| {
        k == name
            && match v {
                AttrValue::Text(t) => t == value,
                AttrValue::List(items) => items.iter().any(|i| i == value),
                AttrValue::Number(_) => false,
            }
    })
}

/// How alike other products are to one (the anchor), read from the catalogue's interned
/// index (no text is compared): one for each attribute value they share (a list's items
/// counted as a share of the union, a number by how close it is), plus up to a half for a
/// close price; nothing shared is 0.
struct Likeness<'i> {
    /// The anchor's attributes.
    entries: &'i [Entry],
    /// For each interned text, which of the anchor's attributes (its place + 1) holds it.
    holder: Vec<u8>,
    /// For each interned attribute name, the anchor's attribute of that name (its place + 1).
    named: Vec<u8>,
    /// The anchor's price.
    price: f64,
}

impl<'i> Likeness<'i> {
    fn of(index: &'i AttrIndex, anchor: usize) -> Likeness<'i> {
        let entries = index.entries(anchor);
        let mut holder = vec![0u8; index.texts()];
        let mut named = vec![0u8; index.texts()];
        for (at, e) in entries.iter().enumerate().take(255) {
            for v in slot_values(index, &e.value) {
                holder[*v as usize] = at as u8 + 1;
            }
            if named[e.key as usize] == 0 {
                named[e.key as usize] = at as u8 + 1;
            }
        }
        Likeness {
            entries,
            holder,
            named,
            price: index.price(anchor),
        }
    }

    /// How alike product `b` is, or, as soon as it is clear it cannot be more alike than
    /// `floor`, a score at or under it (each attribute adds at most 1, the price a half).
    fn to(&self, index: &AttrIndex, b: usize, floor: f64) -> f64 {
        let mut score = 0.0;
        let theirs_all = index.entries(b);
        for (n, theirs) in theirs_all.iter().enumerate() {
            if floor > 0.0 && score + (theirs_all.len() - n) as f64 + 0.5 <= floor {
                return score.min(floor);
            }
            let at = match self.named.get(theirs.key as usize) {
                Some(&n) if n != 0 => n as usize - 1,
                _ => continue,
            };
            let mine = &self.entries[at];
            score += match (mine.value, theirs.value) {
                (Slot::Number(x), Slot::Number(y)) => {
                    let span = x.abs().max(y.abs()).max(1e-9);
                    (1.0 - (x - y).abs() / span).max(0.0)
                }
                // One word each, the common case: shared or not.
                (Slot::Text(x), Slot::Text(y)) => f64::from(u8::from(x == y)),
                (x, y) => {
                    let (xs, ys) = (slot_values(index, &x), slot_values(index, &y));
                    let holds = |v: &u32| match self.holder.get(*v as usize) {
                        Some(&h) if h as usize == at + 1 => true,
                        // Held under another attribute of the anchor too: look again.
                        Some(&h) if h != 0 => xs.contains(v),
                        _ => false,
                    };
                    let shared = ys.iter().filter(|v| holds(v)).count() as f64;
                    let union = (xs.len() + ys.len()) as f64 - shared;
                    if union > 0.0 {
                        shared / union
                    } else {
                        0.0
                    }
                }
            };
        }
        if score == 0.0 {
            // Nothing in common but being for sale.
            return 0.0;
        }
        let (a_price, b_price) = (self.price, index.price(b));
        let span = a_price.max(b_price).max(1e-9);
        score + (1.0 - (a_price - b_price).abs() / span).max(0.0) * 0.5
    }
}

/// A text or list slot's interned values (a number has none).
fn slot_values<'i>(index: &'i AttrIndex, slot: &'i Slot) -> &'i [u32] {
    match slot {
        Slot::Text(v) => std::slice::from_ref(v),
        Slot::List(start, len) => index.list(*start, *len),
        Slot::Number(_) => &[],
    }
}

/// The keys of `recommendations`.
pub(crate) const RECOMMENDATIONS_FIELDS: &[&str] = &["blocks", "complements", "dataLayer"];
/// The keys of a block.
pub(crate) const BLOCK_FIELDS: &[&str] = &[
    "title",
    "strategies",
    "count",
    "after",
    "pages",
    "includeBought",
];
/// The keys of a complement rule.
pub(crate) const COMPLEMENT_FIELDS: &[&str] = &["with", "show"];
/// A block's `count`.
pub const COUNT: NumberField = NumberField {
    key: "count",
    rule: NumberRule::whole(1.0, Some(12.0)),
    default: Some(4.0),
    doc: super::decode::doc("How many products it shows"),
};
/// A block's `includeBought`.
pub const INCLUDE_BOUGHT: FlagField = FlagField {
    key: "includeBought",
    default: false,
    doc: super::decode::doc("true: also recommend what the visitor bought (consumables)"),
};
/// `recommendations.dataLayer`.
pub const PUSH_DATA_LAYER: FlagField = FlagField {
    key: "dataLayer",
    default: false,
    doc: super::decode::doc("true: also push Google Analytics 4's view_item_list (a block shown) and select_item (one of its products followed) to the page's window.dataLayer, if it has one; the assistant's own dataLayer reading leaves these two alone"),
};

/// Reads `recommendations`.
pub fn decode(p: &mut Problems, value: &Value, path: &str) -> Recommendations {
    let mut r = Recommendations::default();
    let Some(o) = Obj::open(p, value, path, RECOMMENDATIONS_FIELDS) else {
        return r;
    };
    if let Some(v) = o.get("blocks") {
        if let Some(blocks) = Obj::open_any(p, v, &o.at("blocks")) {
            for (id, bv) in blocks.members() {
                let at = blocks.at(id);
                super::decode::check_id(p, id, &at);
                if let Some(b) = decode_block(p, id, bv, &at) {
                    r.blocks.push(b);
                }
            }
        }
    }
    r.data_layer = o.switch(p, PUSH_DATA_LAYER);
    if let Some(v) = o.get("complements") {
        for (at, cv) in as_array(p, v, &o.at("complements")).unwrap_or_default() {
            let Some(c) = Obj::open(p, cv, &at, COMPLEMENT_FIELDS) else {
                continue;
            };
            let with = c
                .required(p, "with")
                .and_then(|v| decode_filter(p, v, &c.at("with"), FILTER_FIELDS));
            let show = c
                .required(p, "show")
                .and_then(|v| decode_filter(p, v, &c.at("show"), FILTER_FIELDS));
            if let (Some(with), Some(show)) = (with, show) {
                r.complements.push(Complement { with, show });
            }
        }
    }
    r
}

fn decode_block(p: &mut Problems, id: &str, value: &Value, path: &str) -> Option<Block> {
    let o = Obj::open(p, value, path, BLOCK_FIELDS)?;
    let title = o
        .get("title")
        .and_then(|v| Text::decode(p, v, &o.at("title")));
    let mut strategies = Vec::new();
    for (at, sv) in o.array(p, "strategies").unwrap_or_default() {
        let Some(name) = super::decode::as_string(p, sv, &at) else {
            continue;
        };
        match STRATEGIES.iter().find(|(n, _)| *n == name) {
            Some((_, s)) if strategies.contains(s) => {
                o.flag(p, "strategies", Some(format!("\"{name}\" is named twice")));
            }
            Some((_, s)) => strategies.push(*s),
            None => {
                let hint = did_you_mean(&name, STRATEGIES.iter().map(|(n, _)| *n));
                p.add(&at, format!("unknown strategy \"{name}\"{hint}"));
            }
        }
    }
    if o.get("strategies").is_some() && strategies.is_empty() {
        p.add(&o.at("strategies"), "name at least one strategy");
    }
    let count = o.number(p, COUNT).map_or(0, |n| n as usize);
    let after = o.opt_string(p, "after");
    let mut pages = Vec::new();
    if let Some(v) = o.get("pages") {
        for (at, pv) in as_array(p, v, &o.at("pages")).unwrap_or_default() {
            let Some(name) = super::decode::as_string(p, pv, &at) else {
                continue;
            };
            match PageType::from_name(&name) {
                Some(t) => pages.push(t),
                None => {
                    let hint =
                        did_you_mean(&name, super::page::PAGE_TYPES.iter().map(|t| t.name()));
                    p.add(&at, format!("unknown page type \"{name}\"{hint}"));
                }
            }
        }
    }
    let include_bought = o.switch(p, INCLUDE_BOUGHT);
    Some(Block {
        id: id.to_string(),
        title,
        strategies,
        count,
        after,
        pages,
        include_bought,
    })
}
