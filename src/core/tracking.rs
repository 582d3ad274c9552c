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
use super::profile::{PageType, PAGE_TYPES};

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
    /// use shop_assistant::core::profile::PageType;
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

/// Whether `path` matches `pattern`, where `*` matches any run of characters.
///
/// ```
/// use shop_assistant::core::tracking::glob;
/// assert!(glob("/products/*", "/products/kenya"));
/// assert!(glob("/checkout*", "/checkout/thanks"));
/// assert!(!glob("/basket", "/basket/old"));
/// ```
pub fn glob(pattern: &str, path: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return pattern == path;
    }
    if !path.starts_with(first) || path.len() < first.len() + last.len() || !path.ends_with(last) {
        return false;
    }
    let mut rest = &path[first.len()..path.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(i) => rest = &rest[i + middle.len()..],
            None => return false,
        }
    }
    true
}

pub(crate) const TRACKING_FIELDS: &[&str] =
    &["pages", "product", "basket", "addToBasket", "searchParam"];
pub(crate) const PAGE_RULE_FIELDS: &[&str] = &["type", "path"];
pub(crate) const BASKET_FIELDS: &[&str] = &["lines", "id", "quantity", "price", "total"];
pub(crate) const ADD_FIELDS: &[&str] = &["selector", "id", "price"];
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
        Some(AddRule {
            selector: selector?,
            id: id?,
            price,
        })
    });
    let search_param = o.opt_string(p, "searchParam");
    Tracking {
        pages,
        product,
        basket,
        add_to_basket,
        search_param,
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
        consent_required: o.opt_bool(p, "consentRequired").unwrap_or(false),
        honour_gpc: o.opt_bool(p, "honourGlobalPrivacyControl").unwrap_or(true),
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
