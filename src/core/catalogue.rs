//! The products a shop sells, as the assistant sees them.

use super::decode::{did_you_mean, field_path, id_problem, index_path, NumberRule, Obj, Problems};
use super::json::Value;
use super::product::{AttrValue, Product};
use super::text::Text;
use super::url;

/// A product's `inStock`.
pub const IN_STOCK: super::decode::FlagField = super::decode::FlagField {
    key: "inStock",
    default: true,
    doc: super::decode::doc(
        "false: never recommended, and answers leading only to it are disabled",
    ),
};

/// The products of a shop.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    /// In the merchant's order, which breaks ties between equally good matches. Private, so
    /// that the index below always describes them (see [`Catalogue::products`]).
    products: Vec<Product>,
    /// Their attributes, indexed for matching (see [`super::index`]).
    pub(crate) index: super::index::AttrIndex,
}

impl Catalogue {
    /// The products, in the merchant's order.
    pub fn products(&self) -> &[Product] {
        &self.products
    }

    /// The product with this id.
    pub fn get(&self, id: &str) -> Option<&Product> {
        self.position(id).map(|i| &self.products[i])
    }

    /// The place of the product with this id in [`Catalogue::products`].
    pub fn position(&self, id: &str) -> Option<usize> {
        if self.index.covers(self.products.len()) {
            self.index.position(&self.products, id)
        } else {
            self.products.iter().position(|p| p.id == id)
        }
    }

    /// Marks product `id` as sold out (the index holds no stock, so it stays as it is).
    pub fn mark_sold_out(&mut self, id: &str) {
        for p in self.products.iter_mut().filter(|p| p.id == id) {
            p.in_stock = false;
        }
    }

    /// A catalogue of `products`, indexed for matching.
    pub fn new(products: Vec<Product>) -> Catalogue {
        let index = super::index::AttrIndex::build(&products);
        Catalogue { products, index }
    }

    /// Every attribute name used by some product (plus `price`).
    pub fn attribute_names(&self) -> Vec<&str> {
        let mut names = vec!["price"];
        for product in &self.products {
            for (k, _) in &product.attributes {
                if !names.contains(&k.as_str()) {
                    names.push(k);
                }
            }
        }
        names
    }

    /// Reads a catalogue: `{"currency": "EUR", "products": [...]}`, or a bare array of products.
    pub fn decode(p: &mut Problems, value: &Value, path: &str) -> Catalogue {
        let (items_path, items, currency) = match value {
            Value::Array(_) => (path.to_string(), Some(value), None),
            _ => {
                let Some(o) = Obj::open(p, value, path, CATALOGUE_FIELDS) else {
                    return Catalogue::default();
                };
                let currency = o.opt_string(p, "currency");
                if let Some(c) = &currency {
                    o.flag(p, "currency", currency_problem(c));
                }
                (o.at("products"), o.required(p, "products"), currency)
            }
        };
        let items = match items {
            Some(Value::Array(items)) => items,
            Some(other) => {
                p.wrong_type(&items_path, "an array", other);
                return Catalogue::default();
            }
            None => return Catalogue::default(),
        };
        if items.is_empty() {
            p.add(&items_path, "the catalogue has no products");
        }
        let mut products: Vec<Product> = Vec::with_capacity(items.len());
        // Ids seen so far: a catalogue of 100,000 products must not compare every pair.
        let mut ids = super::index::Interner::default();
        for (i, item) in items.iter().enumerate() {
            let at = index_path(&items_path, i);
            if let Some(product) = decode_product(p, item, &at, currency.as_deref()) {
                if !ids.intern(&product.id).1 {
                    p.add(
                        &super::decode::field_path(&at, "id"),
                        format!("duplicate product id \"{}\"", product.id),
                    );
                } else {
                    products.push(product);
                }
            }
        }
        Catalogue::new(products)
    }
}

pub(crate) const CATALOGUE_FIELDS: &[&str] = &["currency", "products"];
/// A product's `price`.
pub const PRICE: NumberRule = NumberRule::from(0.0, None);

pub(crate) const PRODUCT_FIELDS: &[&str] = &[
    "id",
    "name",
    "url",
    "price",
    "currency",
    "image",
    "description",
    "inStock",
    "attributes",
];

fn decode_product(
    p: &mut Problems,
    value: &Value,
    path: &str,
    currency: Option<&str>,
) -> Option<Product> {
    let o = Obj::open(p, value, path, PRODUCT_FIELDS)?;
    let id = o.string(p, "id");
    if let Some(id) = &id {
        o.flag(p, "id", id_problem(id));
    }
    let name = text_in(p, &o, "name", true, false);
    let link = text_in(p, &o, "url", true, true);
    let price = match o.required(p, "price") {
        Some(Value::Number(n)) if *n >= 0.0 => Some(*n),
        Some(v) => PRICE.read(p, v, &o.at("price")),
        None => None,
    };
    let own_currency = o.opt_string(p, "currency");
    if let Some(c) = &own_currency {
        o.flag(p, "currency", currency_problem(c));
    }
    let currency = own_currency.or_else(|| currency.map(str::to_string));
    if currency.is_none() {
        p.add(
            &o.path,
            "missing field \"currency\" (give it here or once for the whole catalogue)",
        );
    }
    let image = text_in(p, &o, "image", false, true);
    let description = text_in(p, &o, "description", false, false);
    let in_stock = o.switch(p, IN_STOCK);
    let attributes = o
        .get("attributes")
        .map(|v| decode_attributes(p, v, &o, "attributes"))
        .unwrap_or_default();
    Some(Product {
        id: id?,
        name: name?,
        url: link?,
        price: price?,
        currency: currency?,
        image,
        description,
        in_stock,
        attributes,
    })
}

/// The attributes object, member `key` of product `parent`. Paths are only written out for
/// problems: this runs for every product of the catalogue.
fn decode_attributes(
    p: &mut Problems,
    value: &Value,
    parent: &Obj,
    key: &str,
) -> Vec<(String, AttrValue)> {
    let Value::Object(members) = value else {
        p.wrong_type(&parent.at(key), "an object", value);
        return Vec::new();
    };
    let mut out = Vec::with_capacity(members.len());
    for (name, v) in members {
        let at = || super::decode::field_path(&parent.at(key), name);
        let attr = match v {
            Value::String(s) => AttrValue::Text(s.clone()),
            Value::Number(n) => AttrValue::Number(*n),
            Value::Bool(b) => AttrValue::Text(if *b { "true" } else { "false" }.to_string()),
            Value::Array(items) => {
                let mut list = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => list.push(s.clone()),
                        other => p.wrong_type(&index_path(&at(), i), "a string", other),
                    }
                }
                AttrValue::List(list)
            }
            other => {
                p.wrong_type(&at(), "a string, number, boolean or list of strings", other);
                continue;
            }
        };
        out.push((name.clone(), attr));
    }
    out
}

/// Member `key` as a text: a string (the common case, read without writing its path out) or
/// an object of language to string; each variant of a URL is checked.
fn text_in(p: &mut Problems, o: &Obj, key: &str, required: bool, is_url: bool) -> Option<Text> {
    let v = if required {
        o.required(p, key)?
    } else {
        o.get(key)?
    };
    let text = match v {
        Value::String(s) if !s.trim().is_empty() => Text::plain(s),
        _ => Text::decode(p, v, &o.at(key))?,
    };
    if is_url {
        if let Value::Object(by_language) = v {
            // Each language's URL is checked at its own path (`url.ja`).
            for (language, u) in by_language {
                if let Some(message) = u.as_str().and_then(url_problem) {
                    p.add(&field_path(&o.at(key), language), message);
                }
            }
        } else {
            for u in text.all() {
                o.flag(p, key, url_problem(u));
            }
        }
    }
    Some(text)
}

fn url_problem(value: &str) -> Option<&'static str> {
    url::check(value).err().map(|e| e.message())
}

pub(crate) fn check_currency(p: &mut Problems, code: &str, path: &str) {
    if let Some(message) = currency_problem(code) {
        p.add(path, message);
    }
}

/// Why `code` is not an ISO 4217 code, if it is not.
fn currency_problem(code: &str) -> Option<String> {
    if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
        let hint = did_you_mean(code, ["EUR", "USD", "GBP"]);
        return Some(format!(
            "\"{code}\" is not an ISO 4217 currency code like \"EUR\"{hint}"
        ));
    }
    None
}
