//! Which products fit the answers given, best first, and why.

use super::catalogue::{AttrValue, Catalogue, Product};
use super::config::{Answer, Filter, Question, Test};

/// An answer that counted for or against a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The question's id.
    pub question: String,
    /// The answer's id.
    pub answer: String,
}

/// A recommended product.
#[derive(Debug, Clone, PartialEq)]
pub struct Match<'c> {
    /// The product.
    pub product: &'c Product,
    /// Answers whose every filter the product passes.
    pub matched: Vec<Reason>,
    /// Answers with a filter the product fails (only for closest matches).
    pub missed: Vec<Reason>,
}

/// The outcome of matching.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking<'c> {
    /// Best first, in stock only.
    pub matches: Vec<Match<'c>>,
    /// True when every match passes every filter; false for "closest matches".
    pub exact: bool,
}

/// Whether `product` passes `filter`. A product without the attribute fails.
pub fn passes(product: &Product, filter: &Filter) -> bool {
    let Some(value) = product.attribute(&filter.attribute) else {
        return false;
    };
    match &filter.test {
        Test::Equals(want) => equals(&value, want),
        Test::OneOf(options) => options.iter().any(|want| equals(&value, want)),
        Test::Range { min, max } => match value {
            AttrValue::Number(n) => min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m),
            _ => false,
        },
    }
}

fn equals(value: &AttrValue, want: &str) -> bool {
    match value {
        AttrValue::Text(s) => s == want,
        AttrValue::Number(n) => want.parse::<f64>().is_ok_and(|w| w == *n),
        AttrValue::List(items) => items.iter().any(|s| s == want),
    }
}

/// Ranks the in-stock products of `catalogue` against the answers given.
///
/// Products that pass every filter come first, in the merchant's catalogue order. When none
/// does, the products that pass the most answers (at least one) are returned instead as
/// closest matches, each saying which answers it missed.
pub fn rank<'c>(
    catalogue: &'c Catalogue,
    chosen: &[(&Question, &Answer)],
    limit: usize,
) -> Ranking<'c> {
    let mut scored: Vec<Match<'c>> = catalogue
        .products
        .iter()
        .filter(|p| p.in_stock)
        .map(|product| {
            let mut m = Match {
                product,
                matched: Vec::new(),
                missed: Vec::new(),
            };
            for (q, a) in chosen {
                if a.filters.is_empty() {
                    continue;
                }
                let reason = Reason {
                    question: q.id.clone(),
                    answer: a.id.clone(),
                };
                if a.filters.iter().all(|f| passes(product, f)) {
                    m.matched.push(reason);
                } else {
                    m.missed.push(reason);
                }
            }
            m
        })
        .collect();
    let exact = scored.iter().any(|m| m.missed.is_empty());
    if exact {
        scored.retain(|m| m.missed.is_empty());
    } else {
        // A product that fits none of the answers is no "close" match.
        scored.retain(|m| !m.matched.is_empty());
        // Stable sort: equal scores keep the catalogue order.
        scored.sort_by_key(|m| m.missed.len());
    }
    scored.truncate(limit);
    Ranking {
        matches: scored,
        exact,
    }
}
