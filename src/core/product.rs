//! One product and its attributes, as the assistant sees it.

use super::text::Text;

/// One value of a product attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// e.g. `"roast": "dark"`
    Text(String),
    /// e.g. `"cups": 4`
    Number(f64),
    /// e.g. `"brew": ["espresso", "moka"]`
    List(Vec<String>),
}

/// A product.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// Unique id (the shop's SKU or handle).
    pub id: String,
    /// Display name, in one or several languages.
    pub name: Text,
    /// The product page: an http(s) or relative URL; one per language for a shop with a
    /// page per language (`{"en": "/en/p/ring", "ja": "/ja/p/ring"}`).
    pub url: Text,
    /// Price in `currency`.
    pub price: f64,
    /// ISO 4217 code, e.g. `EUR`.
    pub currency: String,
    /// Picture, an http(s) or relative URL (one per language, if it shows words).
    pub image: Option<Text>,
    /// A sentence or two about the product.
    pub description: Option<Text>,
    /// Out-of-stock products are never recommended.
    pub in_stock: bool,
    /// Attributes that answers filter and rank on, in the order given.
    pub attributes: Vec<(String, AttrValue)>,
}

impl Product {
    /// The attribute `name`; `price` is always available as a number.
    pub fn attribute(&self, name: &str) -> Option<AttrValue> {
        if name == "price" {
            return Some(AttrValue::Number(self.price));
        }
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    /// Whether the product has attribute `name`, without cloning it.
    pub fn has_attribute(&self, name: &str) -> bool {
        name == "price" || self.attributes.iter().any(|(k, _)| k == name)
    }
}
