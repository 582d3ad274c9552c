//! Pages of the shop: their types (home, product, basket, ...) and path patterns.

/// What kind of page the visitor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageType {
    /// The shop's front page.
    Home,
    /// A category or listing.
    Category,
    /// A product page.
    Product,
    /// Search results.
    Search,
    /// The basket.
    Basket,
    /// A checkout step.
    Checkout,
    /// The order confirmation.
    Confirmation,
    /// Anything else.
    Other,
}

impl PageType {
    /// The name used in configs and events.
    pub fn name(self) -> &'static str {
        match self {
            PageType::Home => "home",
            PageType::Category => "category",
            PageType::Product => "product",
            PageType::Search => "search",
            PageType::Basket => "basket",
            PageType::Checkout => "checkout",
            PageType::Confirmation => "confirmation",
            PageType::Other => "other",
        }
    }

    /// The page type named `name`.
    pub fn from_name(name: &str) -> Option<PageType> {
        PAGE_TYPES.iter().copied().find(|t| t.name() == name)
    }
}

/// Every page type, for validation messages.
pub const PAGE_TYPES: [PageType; 8] = [
    PageType::Home,
    PageType::Category,
    PageType::Product,
    PageType::Search,
    PageType::Basket,
    PageType::Checkout,
    PageType::Confirmation,
    PageType::Other,
];

/// Whether `path` matches `pattern`, where `*` matches any run of characters.
///
/// ```
/// use shop_assistant::core::page::glob;
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
