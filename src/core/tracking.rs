//! How the assistant reads a shop's pages: page-type rules, where product ids, basket lines
//! and totals are, which buttons add to the basket, and what the visitor allowed.
//!
//! ```json
//! "tracking": {
//!   "pages": [{ "type": "product", "path": "/products/*" }, { "type": "basket", "path": "/basket" }],
//!   "product": { "selector": "[data-product-id]", "attribute": "data-product-id" },
//!   "basket": { "lines": "[data-line-id]", "id": { "attribute": "data-line-id" },
//!               "quantity": { "selector": "[data-quantity]" }, "price": { "selector": "[data-price]", "attribute": "data-price" },
//!               "total": { "selector": "[data-basket-total]", "attribute": "data-value" } },
//!   "addToBasket": { "selector": "[data-add-to-basket]", "id": { "attribute": "data-id" }, "price": { "attribute": "data-price" } },
//!   "searchParam": "q"
//! },
//! "privacy": { "consentRequired": false, "honourGlobalPrivacyControl": true }
//! ```

use super::decode::{as_array, did_you_mean, Obj, Problems};
use super::json::Value;
use super::page::{glob, PageType, PAGE_TYPES};
use super::profile::{Event, Line};

/// `tracking.dataLayer`.
pub const READ_DATA_LAYER: super::decode::FlagField = super::decode::FlagField {
    key: "dataLayer",
    default: false,
    doc: super::decode::doc("true: read the shop's Google Analytics 4 ecommerce events from window.dataLayer (view_item, add_to_cart, remove_from_cart, view_cart, begin_checkout, add_shipping_info, add_payment_info, purchase once per transaction_id, search), pushed before the assistant loaded and after, in the Tag Manager and the gtag() form. Purchases then come from there only, not from a confirmation page"),
};
/// `tracking.jsonLd`.
pub const JSON_LD: super::decode::FlagField = super::decode::FlagField {
    key: "jsonLd",
    default: false,
    doc: super::decode::doc("true: on a product page, read the page's schema.org Product JSON-LD: its sku (else productID) where the product rule finds nothing, its offer's price for addToBasket where that rule reads none, and its availability (a product the page says is OutOfStock, SoldOut or Discontinued is not recommended on that page)"),
};
/// `privacy.consentRequired`.
pub const CONSENT_REQUIRED: super::decode::FlagField = super::decode::FlagField {
    key: "consentRequired",
    default: false,
    doc: super::decode::doc("true: nothing is stored until ShopAssistant.consent(true)"),
};
/// `privacy.honourGlobalPrivacyControl`.
pub const HONOUR_GPC: super::decode::FlagField = super::decode::FlagField {
    key: "honourGlobalPrivacyControl",
    default: true,
    doc: super::decode::doc(
        "true: a browser sending Global Privacy Control is treated as no consent",
    ),
};

/// Where to read a value: an element (by CSS selector; none means the element in context)
/// and one of its attributes (none means its text).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Probe {
    /// CSS selector, relative to the context element (the page, or a basket line).
    pub selector: Option<String>,
    /// Attribute to read; the element's text when `None`.
    pub attribute: Option<String>,
}

/// A page-type rule: pages whose path matches `path` (`*` matches anything) are `page`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRule {
    /// The page type.
    pub page: PageType,
    /// Path pattern, e.g. `/products/*`.
    pub path: String,
}

/// Where basket lines are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasketRule {
    /// Selector of each line.
    pub lines: String,
    /// The line's product id.
    pub id: Probe,
    /// Its quantity (1 when not found).
    pub quantity: Option<Probe>,
    /// Its unit price.
    pub price: Option<Probe>,
    /// The basket's total.
    pub total: Option<Probe>,
}

/// Buttons that add a product to the basket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddRule {
    /// Selector of the buttons.
    pub selector: String,
    /// The product id, read from the button.
    pub id: Probe,
    /// The unit price, read from the button.
    pub price: Option<Probe>,
    /// The quantity chosen, read from the button's context (e.g. the page's quantity field;
    /// an `<input>`'s `value` is its current value); 1 when not found.
    pub quantity: Option<Probe>,
}

/// The whole tracking section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tracking {
    /// Page-type rules, first match wins; unmatched pages are "other" ("/" is "home").
    pub pages: Vec<PageRule>,
    /// Where a product page shows its product id.
    pub product: Option<Probe>,
    /// Where a basket page shows its lines.
    pub basket: Option<BasketRule>,
    /// Add-to-basket buttons.
    pub add_to_basket: Option<AddRule>,
    /// The query parameter of search pages.
    pub search_param: Option<String>,
    /// Read the shop's GA4 ecommerce events from `window.dataLayer` (see [`data_layer_events`]).
    pub data_layer: bool,
    /// Read a product page's product from its schema.org JSON-LD (see [`json_ld_product`]),
    /// where the `product` rule finds none.
    pub json_ld: bool,
}

/// What the visitor allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Privacy {
    /// Store nothing until `ShopAssistant.consent(true)`.
    pub consent_required: bool,
    /// Treat `navigator.globalPrivacyControl` as "no" (default true).
    pub honour_gpc: bool,
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy {
            consent_required: false,
            honour_gpc: true,
        }
    }
}

impl Tracking {
    /// The page type of `path`. A folder's index page is the folder: `/index.html` is `/`,
    /// `/ja/index.html` is `/ja/`.
    ///
    /// ```
    /// use shop_assistant::core::tracking::{PageRule, Tracking};
    /// use shop_assistant::core::page::PageType;
    /// let t = Tracking { pages: vec![PageRule { page: PageType::Category, path: "/ja/".into() }], ..Tracking::default() };
    /// assert_eq!(t.page_type("/ja/index.html"), PageType::Category);
    /// assert_eq!(t.page_type("/index.html"), PageType::Home);
    /// ```
    pub fn page_type(&self, path: &str) -> PageType {
        let folder = ["index.html", "index.htm"]
            .iter()
            .find_map(|i| path.strip_suffix(i).filter(|f| f.ends_with('/')))
            .unwrap_or(path);
        self.pages
            .iter()
            .find(|r| glob(&r.path, path) || glob(&r.path, folder))
            .map(|r| r.page)
            .unwrap_or(if folder == "/" {
                PageType::Home
            } else {
                PageType::Other
            })
    }
}

pub(crate) const TRACKING_FIELDS: &[&str] = &[
    "pages",
    "product",
    "basket",
    "addToBasket",
    "searchParam",
    "dataLayer",
    "jsonLd",
];
pub(crate) const PAGE_RULE_FIELDS: &[&str] = &["type", "path"];
pub(crate) const BASKET_FIELDS: &[&str] = &["lines", "id", "quantity", "price", "total"];
pub(crate) const ADD_FIELDS: &[&str] = &["selector", "id", "price", "quantity"];
pub(crate) const PROBE_FIELDS: &[&str] = &["selector", "attribute"];
pub(crate) const PRIVACY_FIELDS: &[&str] = &["consentRequired", "honourGlobalPrivacyControl"];

/// Reads the `tracking` section.
pub fn decode_tracking(p: &mut Problems, value: &Value, path: &str) -> Tracking {
    let Some(o) = Obj::open(p, value, path, TRACKING_FIELDS) else {
        return Tracking::default();
    };
    let mut pages = Vec::new();
    if let Some(v) = o.get("pages") {
        for (at, rv) in as_array(p, v, &o.at("pages")).unwrap_or_default() {
            let Some(r) = Obj::open(p, rv, &at, PAGE_RULE_FIELDS) else {
                continue;
            };
            let kind = r.string(p, "type");
            let page = kind.as_deref().and_then(|k| {
                let t = PageType::from_name(k);
                if t.is_none() {
                    let names: Vec<&str> = PAGE_TYPES.iter().map(|t| t.name()).collect();
                    p.add(
                        &r.at("type"),
                        format!(
                            "unknown page type \"{k}\"; use one of {}{}",
                            names.join(", "),
                            did_you_mean(k, names.iter().copied())
                        ),
                    );
                }
                t
            });
            let pattern = r.string(p, "path");
            if let Some(pat) = &pattern {
                if !pat.starts_with('/') && !pat.starts_with('*') {
                    p.add(
                        &r.at("path"),
                        "a path pattern starts with '/' or '*', e.g. \"/products/*\"",
                    );
                }
            }
            if let (Some(page), Some(path)) = (page, pattern) {
                pages.push(PageRule { page, path });
            }
        }
    }
    let product = o
        .get("product")
        .and_then(|v| decode_probe(p, v, &o.at("product"), true));
    let basket = o.get("basket").and_then(|v| {
        let b = Obj::open(p, v, &o.at("basket"), BASKET_FIELDS)?;
        let lines = b.string(p, "lines");
        let id = b
            .required(p, "id")
            .and_then(|v| decode_probe(p, v, &b.at("id"), false));
        let quantity = b
            .get("quantity")
            .and_then(|v| decode_probe(p, v, &b.at("quantity"), false));
        let price = b
            .get("price")
            .and_then(|v| decode_probe(p, v, &b.at("price"), false));
        let total = b
            .get("total")
            .and_then(|v| decode_probe(p, v, &b.at("total"), true));
        Some(BasketRule {
            lines: lines?,
            id: id?,
            quantity,
            price,
            total,
        })
    });
    let add_to_basket = o.get("addToBasket").and_then(|v| {
        let a = Obj::open(p, v, &o.at("addToBasket"), ADD_FIELDS)?;
        let selector = a.string(p, "selector");
        let id = a
            .required(p, "id")
            .and_then(|v| decode_probe(p, v, &a.at("id"), false));
        let price = a
            .get("price")
            .and_then(|v| decode_probe(p, v, &a.at("price"), false));
        let quantity = a
            .get("quantity")
            .and_then(|v| decode_probe(p, v, &a.at("quantity"), false));
        Some(AddRule {
            selector: selector?,
            id: id?,
            price,
            quantity,
        })
    });
    let search_param = o.opt_string(p, "searchParam");
    let data_layer = o.switch(p, READ_DATA_LAYER);
    let json_ld = o.switch(p, JSON_LD);
    Tracking {
        pages,
        product,
        basket,
        add_to_basket,
        search_param,
        data_layer,
        json_ld,
    }
}

/// The product a page describes in schema.org JSON-LD (`<script type="application/ld+json">`):
/// the `sku` (else `productID`) of the first `Product`, at the top, in a list, or in an
/// `@graph`, with its offer's price and availability; a `ProductGroup`'s variants are not
/// guessed at.
///
/// ```
/// use shop_assistant::core::{json, tracking::json_ld_product};
/// let page = json::parse(r#"{"@context": "https://schema.org", "@graph": [{"@type": "BreadcrumbList"},
///   {"@type": "Product", "name": "Crescent Ring", "sku": "HJ-R02",
///    "offers": {"price": "12800", "availability": "https://schema.org/OutOfStock"}}]}"#).unwrap();
/// let product = json_ld_product(&page).unwrap();
/// assert_eq!((product.id.as_str(), product.price, product.available), ("HJ-R02", Some(12800.0), Some(false)));
/// assert_eq!(json_ld_product(&json::parse(r#"{"@type": "Organization", "sku": "x"}"#).unwrap()), None);
/// ```
pub fn json_ld_product(value: &Value) -> Option<PageProduct> {
    match value {
        Value::Array(items) => items.iter().find_map(json_ld_product),
        Value::Object(_) => {
            if let Some(graph) = value.get("@graph") {
                return json_ld_product(graph);
            }
            let is_product = match value.get("@type") {
                Some(Value::String(t)) => t == "Product",
                Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str() == Some("Product")),
                _ => false,
            };
            if !is_product {
                return None;
            }
            let id = ["sku", "productID"]
                .iter()
                .find_map(|k| match value.get(k) {
                    Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
                    Some(Value::Number(n)) if n.is_finite() => Some(super::json::number_text(*n)),
                    _ => None,
                })?;
            // One offer, or the first of a list (an AggregateOffer's lowPrice as its price).
            let offer = match value.get("offers") {
                Some(Value::Array(offers)) => offers.first(),
                other => other,
            };
            let price = offer
                .and_then(|o| o.get("price").or_else(|| o.get("lowPrice")))
                .and_then(|p| match p {
                    Value::Number(n) => Some(*n),
                    Value::String(t) => parse_amount(t),
                    _ => None,
                })
                .filter(|p| p.is_finite() && *p >= 0.0);
            let available = offer
                .and_then(|o| o.get("availability"))
                .and_then(Value::as_str)
                .map(|a| {
                    let name = a.rsplit('/').next().unwrap_or(a);
                    !matches!(name, "OutOfStock" | "SoldOut" | "Discontinued")
                });
            Some(PageProduct {
                id,
                price,
                available,
            })
        }
        _ => None,
    }
}

/// A product as its own page describes it (schema.org JSON-LD).
#[derive(Debug, Clone, PartialEq)]
pub struct PageProduct {
    /// Its `sku` (or `productID`).
    pub id: String,
    /// The offer's price, if given.
    pub price: Option<f64>,
    /// Whether the offer can be bought (`false` for OutOfStock, SoldOut, Discontinued), if given.
    pub available: Option<bool>,
}

/// The event a shop reports with `ShopAssistant.track({...})` (read as JSON): `page_view`
/// (`page`), `product_view` (`id`), `add_to_basket` (`id`, `quantity`, `price`),
/// `remove_from_basket` (`id`, `quantity`), `basket` (`items` of `{id, quantity, price}`,
/// `value`), `checkout_start`, `purchase` (`value`, `transaction`), `search` (`query`). Ids
/// may be text or numbers, amounts and quantities numbers or text like "€12.50", wherever they
/// stand; an error says what is missing or unknown.
///
/// ```
/// use shop_assistant::core::{json, tracking::shop_event, profile::{Event, Line}};
/// let e = json::parse(r#"{"type": "basket", "items": [{"id": 42, "quantity": "2", "price": "€3.50"}]}"#).unwrap();
/// assert_eq!(shop_event(&e), Ok(Event::Basket { lines: vec![Line { id: "42".into(), quantity: 2.0, price: 3.5 }], value: None }));
/// let typo = json::parse(r#"{"type": "add_to_bsket", "id": "x"}"#).unwrap();
/// assert_eq!(shop_event(&typo), Err("unknown event type \"add_to_bsket\" (did you mean \"add_to_basket\"?)".into()));
/// ```
pub fn shop_event(value: &Value) -> Result<Event, String> {
    const KINDS: [&str; 8] = [
        "page_view",
        "product_view",
        "add_to_basket",
        "remove_from_basket",
        "basket",
        "checkout_start",
        "purchase",
        "search",
    ];
    if !matches!(value, Value::Object(_)) {
        return Err(format!("an event is an object, not {}", value.kind()));
    }
    let text = |o: &Value, k: &str| match o.get(k) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) if n.is_finite() => Some(super::json::number_text(*n)),
        _ => None,
    };
    let num = |o: &Value, k: &str| match o.get(k) {
        Some(Value::Number(n)) if n.is_finite() => Some(*n),
        Some(Value::String(s)) => parse_amount(s),
        _ => None,
    };
    let id = |o: &Value| text(o, "id").ok_or_else(|| "this event needs an \"id\"".to_string());
    let kind = text(value, "type").ok_or("an event needs a \"type\"")?;
    Ok(match kind.as_str() {
        "page_view" => {
            let page = text(value, "page").unwrap_or_else(|| "other".into());
            Event::PageView {
                page: PageType::from_name(&page).ok_or(format!("unknown page type \"{page}\""))?,
            }
        }
        "product_view" => Event::ProductView { id: id(value)? },
        "add_to_basket" => Event::AddToBasket {
            id: id(value)?,
            quantity: num(value, "quantity").unwrap_or(1.0),
            price: num(value, "price"),
        },
        "remove_from_basket" => Event::RemoveFromBasket {
            id: id(value)?,
            quantity: num(value, "quantity"),
        },
        "basket" => {
            let Some(Value::Array(items)) = value.get("items") else {
                return Err("a basket event needs \"items\" (a list)".into());
            };
            let lines = items
                .iter()
                .map(|item| {
                    Ok(Line {
                        id: text(item, "id").ok_or("every item needs an \"id\"")?,
                        quantity: num(item, "quantity").unwrap_or(1.0),
                        price: num(item, "price").unwrap_or(0.0),
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            Event::Basket {
                lines,
                value: num(value, "value"),
            }
        }
        "checkout_start" => Event::CheckoutStart,
        "purchase" => Event::Purchase {
            value: num(value, "value"),
            transaction: text(value, "transaction"),
        },
        "search" => Event::Search {
            query: text(value, "query").ok_or("a search event needs a \"query\"")?,
        },
        other => {
            let hint = super::decode::did_you_mean(other, KINDS);
            return Err(format!("unknown event type \"{other}\"{hint}"));
        }
    })
}

/// The visitor's events in one entry of the shop's Google Analytics 4 `dataLayer`, in either
/// form shops push: `{event: "add_to_cart", ecommerce: {value, items: [...]}}` (Google Tag
/// Manager) or `gtag("event", "add_to_cart", {value, items})` (an `arguments` object, read as
/// `{"0": "event", "1": ..., "2": ...}`). `view_item` is a product view, `add_to_cart` and
/// `remove_from_cart` change the basket by their items' quantities, `view_cart` is the basket
/// as it is, `begin_checkout` (and `add_shipping_info`, `add_payment_info`) a checkout with
/// its basket, `purchase` an order (counted once per `transaction_id`), `search` a search.
/// `view_item_list` (what the shop listed) and `select_item` (followed by the product page's
/// `view_item`) give nothing, so a visit is not counted twice. Anything else, the
/// `{ecommerce: null}` resets and entries of another shape give nothing.
///
/// ```
/// use shop_assistant::core::{json, tracking::data_layer_events, profile::Event};
/// let entry = json::parse(r#"{"event": "add_to_cart", "ecommerce": {"currency": "JPY", "value": 38400,
///   "items": [{"item_id": "HJ-R02", "item_name": "Crescent Ring", "price": 12800, "quantity": 3}]}}"#).unwrap();
/// assert_eq!(data_layer_events(&entry), [Event::AddToBasket { id: "HJ-R02".into(), quantity: 3.0, price: Some(12800.0) }]);
/// assert_eq!(data_layer_events(&json::parse(r#"{"ecommerce": null}"#).unwrap()), []);
/// ```
pub fn data_layer_events(entry: &Value) -> Vec<Event> {
    let (name, params) = match (entry.get("event"), entry.get("0"), entry.get("1")) {
        (Some(Value::String(name)), _, _) => (
            name.as_str(),
            entry
                .get("ecommerce")
                .filter(|e| matches!(e, Value::Object(_)))
                .unwrap_or(entry),
        ),
        (_, Some(Value::String(kind)), Some(Value::String(name))) if kind == "event" => {
            (name.as_str(), entry.get("2").unwrap_or(&Value::Null))
        }
        _ => match entry {
            Value::Array(items) => match items.as_slice() {
                [Value::String(kind), Value::String(name), rest @ ..] if kind == "event" => {
                    (name.as_str(), rest.first().unwrap_or(&Value::Null))
                }
                _ => return Vec::new(),
            },
            _ => return Vec::new(),
        },
    };
    let number = |v: Option<&Value>| match v {
        Some(Value::Number(n)) if n.is_finite() && *n >= 0.0 => Some(*n),
        Some(Value::String(s)) => parse_amount(s).filter(|n| *n >= 0.0),
        _ => None,
    };
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) if n.is_finite() => Some(super::json::number_text(*n)),
        _ => None,
    };
    let lines: Vec<Line> = match params.get("items") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| {
                Some(Line {
                    id: text(i.get("item_id"))?,
                    quantity: number(i.get("quantity"))
                        .filter(|q| *q > 0.0)
                        .unwrap_or(1.0),
                    price: number(i.get("price")).unwrap_or(0.0),
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    let value = number(params.get("value"));
    match name {
        "view_item" => lines
            .iter()
            .take(1)
            .map(|l| Event::ProductView { id: l.id.clone() })
            .collect(),
        "add_to_cart" => lines
            .iter()
            .map(|l| Event::AddToBasket {
                id: l.id.clone(),
                quantity: l.quantity,
                price: (l.price > 0.0).then_some(l.price),
            })
            .collect(),
        "remove_from_cart" => lines
            .iter()
            .map(|l| Event::RemoveFromBasket {
                id: l.id.clone(),
                quantity: Some(l.quantity),
            })
            .collect(),
        "view_cart" => vec![Event::Basket { lines, value }],
        "begin_checkout" | "add_shipping_info" | "add_payment_info" => {
            let mut events = Vec::new();
            if !lines.is_empty() {
                events.push(Event::Basket { lines, value });
            }
            events.push(Event::CheckoutStart);
            events
        }
        "purchase" => vec![Event::Purchase {
            value,
            transaction: text(params.get("transaction_id")),
        }],
        "search" => text(
            params
                .get("search_term")
                .or_else(|| entry.get("search_term")),
        )
        .map(|query| Event::Search { query })
        .into_iter()
        .collect(),
        _ => Vec::new(),
    }
}

fn decode_probe(
    p: &mut Problems,
    value: &Value,
    path: &str,
    needs_selector: bool,
) -> Option<Probe> {
    let o = Obj::open(p, value, path, PROBE_FIELDS)?;
    let selector = o.opt_string(p, "selector");
    let attribute = o.opt_string(p, "attribute");
    if needs_selector && selector.is_none() {
        p.add(path, "missing field \"selector\"");
        return None;
    }
    if selector.is_none() && attribute.is_none() {
        p.add(path, "name a \"selector\", an \"attribute\", or both");
        return None;
    }
    Some(Probe {
        selector,
        attribute,
    })
}

/// Reads the `privacy` section.
pub fn decode_privacy(p: &mut Problems, value: &Value, path: &str) -> Privacy {
    let Some(o) = Obj::open(p, value, path, PRIVACY_FIELDS) else {
        return Privacy::default();
    };
    Privacy {
        consent_required: o.switch(p, CONSENT_REQUIRED),
        honour_gpc: o.switch(p, HONOUR_GPC),
    }
}

/// A number as a shop prints it: "€12.50", "12,50 €", "1.234,50", "12.5".
///
/// ```
/// use shop_assistant::core::tracking::parse_amount;
/// assert_eq!(parse_amount("€1,234.50"), Some(1234.5));
/// assert_eq!(parse_amount("12,50 €"), Some(12.5));
/// assert_eq!(parse_amount("1.234"), Some(1234.0));
/// assert_eq!(parse_amount("free"), None);
/// ```
pub fn parse_amount(text: &str) -> Option<f64> {
    let kept: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
        .collect();
    // The last separator followed by exactly one or two digits is the decimal point.
    let normalised = match kept.rfind(['.', ',']) {
        Some(i) if (1..=2).contains(&(kept.len() - i - 1)) => {
            let (whole, fraction) = kept.split_at(i);
            format!("{}.{}", whole.replace(['.', ','], ""), &fraction[1..])
        }
        _ => kept.replace(['.', ','], ""),
    };
    super::json::parse_number(&normalised)
}
