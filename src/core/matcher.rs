//! Which products fit the answers given, best first, and why.
//!
//! Each answered question becomes a [`Constraint`]: the product must pass every filter of
//! the chosen answer (for a multiple-choice question, of at least one chosen answer; for a
//! range question, the chosen bound). Preferences only add to a product's score. When no
//! in-stock product meets every constraint, the least important constraints are relaxed
//! one by one until some product does, and the results say which answers they miss.

use super::catalogue::Catalogue;
use super::flow::Flow;
use super::flow::{selected, Choice, FlowState};
use super::product::{AttrValue, Product};
use super::question::{Bound, Filter, Preference, Question, QuestionKind, Test};

/// What one answered question requires of a product.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint<'c> {
    /// The question.
    pub question: &'c Question,
    /// The product must pass every filter of at least one alternative.
    pub alternatives: Vec<Vec<Filter>>,
}

impl Constraint<'_> {
    /// Whether `product` meets this constraint.
    pub fn holds(&self, product: &Product) -> bool {
        self.alternatives
            .iter()
            .any(|alt| alt.iter().all(|f| passes(product, f)))
    }
}

/// A recommended product.
#[derive(Debug, Clone, PartialEq)]
pub struct Match<'c> {
    /// The product.
    pub product: &'c Product,
    /// Ids of the questions whose answers the product fits.
    pub matched: Vec<String>,
    /// Ids of the questions whose answers it does not fit (only for closest matches).
    pub missed: Vec<String>,
    /// Sum of the weights of the preferences it passes.
    pub score: f64,
}

/// The outcome of matching.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking<'c> {
    /// Best first, in stock only.
    pub matches: Vec<Match<'c>>,
    /// True when every match meets every constraint; false for "closest matches".
    pub exact: bool,
    /// Ids of the questions whose answers were relaxed to find these matches.
    pub relaxed: Vec<String>,
}

/// Whether `product` passes `filter`. A product without the attribute fails.
pub fn passes(product: &Product, filter: &Filter) -> bool {
    if filter.attribute == "price" {
        return test_value(&AttrValue::Number(product.price), &filter.test);
    }
    product
        .attributes
        .iter()
        .find(|(k, _)| *k == filter.attribute)
        .is_some_and(|(_, v)| test_value(v, &filter.test))
}

/// Whether an attribute value passes a test.
pub fn test_value(value: &AttrValue, test: &Test) -> bool {
    match test {
        Test::Equals(want) => equals(value, want),
        Test::OneOf(options) => options.iter().any(|want| equals(value, want)),
        Test::NotEquals(other) => !equals(value, other),
        Test::AllOf(all) => all.iter().all(|want| equals(value, want)),
        Test::Contains(part) => {
            // ASCII case only: full Unicode case tables would cost every visitor kilobytes.
            let part = part.to_ascii_lowercase();
            let holds = |s: &String| s.to_ascii_lowercase().contains(&part);
            match value {
                AttrValue::Text(s) => holds(s),
                AttrValue::List(items) => items.iter().any(holds),
                AttrValue::Number(_) => false,
            }
        }
        Test::Range { min, max } => match value {
            AttrValue::Number(n) => min.is_none_or(|m| *n >= m) && max.is_none_or(|m| *n <= m),
            _ => false,
        },
    }
}

fn equals(value: &AttrValue, want: &str) -> bool {
    match value {
        AttrValue::Text(s) => s == want,
        AttrValue::Number(n) => super::json::parse_number(want) == Some(*n),
        AttrValue::List(items) => items.iter().any(|s| s == want),
    }
}

/// The constraint a choice puts on products, or `None` when it filters nothing.
pub fn constraint<'c>(q: &'c Question, choice: &Choice) -> Option<Constraint<'c>> {
    let alternatives: Vec<Vec<Filter>> = match (&q.kind, choice) {
        (_, Choice::Skip) => return None,
        (QuestionKind::Range(r), Choice::Number(n)) => {
            let test = match r.bound {
                Bound::Max => Test::Range {
                    min: None,
                    max: Some(*n),
                },
                Bound::Min => Test::Range {
                    min: Some(*n),
                    max: None,
                },
            };
            vec![vec![Filter {
                attribute: r.attribute.clone(),
                test,
            }]]
        }
        // The answers chosen, each with its filters (a number for a choice kind selects none).
        (
            QuestionKind::Single
            | QuestionKind::Image
            | QuestionKind::Multiple
            | QuestionKind::Range(_),
            _,
        ) => selected(q, choice)
            .into_iter()
            .map(|a| a.filters.clone())
            .collect(),
    };
    // An answer without filters accepts every product, and so does any choice including it.
    if alternatives.is_empty() || alternatives.iter().any(Vec::is_empty) {
        return None;
    }
    Some(Constraint {
        question: q,
        alternatives,
    })
}

/// The constraints of every answer given so far.
pub fn constraints<'c>(flow: &'c Flow, state: &FlowState) -> Vec<Constraint<'c>> {
    state
        .chosen(flow)
        .into_iter()
        .filter_map(|(q, c)| constraint(q, c))
        .collect()
}

fn preferences<'c>(flow: &'c Flow, state: &FlowState) -> Vec<&'c Preference> {
    state
        .chosen(flow)
        .into_iter()
        .flat_map(|(q, c)| selected(q, c))
        .flat_map(|a| a.prefer.iter())
        .collect()
}

/// The in-stock products that meet every constraint.
pub fn feasible<'c>(catalogue: &'c Catalogue, constraints: &[Constraint<'_>]) -> Vec<&'c Product> {
    let index = &catalogue.index;
    let mut out = Vec::new();
    if !index.covers(catalogue.products().len()) {
        for p in catalogue.products() {
            if p.in_stock && constraints.iter().all(|c| c.holds(p)) {
                out.push(p);
            }
        }
        return out;
    }
    // The same test on the index, every filter resolved to interned numbers once: per
    // constraint its alternatives, each a run of filters (plain loops: less code in the wasm).
    let mut fast: Vec<(usize, usize, Fast<'_>)> = Vec::new();
    for (ci, c) in constraints.iter().enumerate() {
        for (ai, alt) in c.alternatives.iter().enumerate() {
            for f in alt {
                fast.push((ci, ai, Fast::new(index, f)));
            }
        }
    }
    for (i, p) in catalogue.products().iter().enumerate() {
        if p.in_stock && meets(index, &fast, constraints.len(), i, p) {
            out.push(p);
        }
    }
    out
}

/// Whether product `i` meets every constraint: for each, every filter of one alternative.
fn meets(
    index: &super::index::AttrIndex,
    fast: &[(usize, usize, Fast<'_>)],
    constraints: usize,
    i: usize,
    p: &Product,
) -> bool {
    let mut k = 0;
    for c in 0..constraints {
        let mut met = false;
        while k < fast.len() && fast[k].0 == c {
            let alt = fast[k].1;
            let mut all = true;
            while k < fast.len() && fast[k].0 == c && fast[k].1 == alt {
                all = all && fast[k].2.passes(index, i, p);
                k += 1;
            }
            met = met || all;
        }
        if !met {
            return false;
        }
    }
    true
}

/// A filter resolved against the catalogue's index; passes exactly when [`passes`] does.
enum Fast<'f> {
    /// On the price, which is not in the index.
    Price(&'f Test),
    /// Equals / one of: the attribute (`None`: no product has it), and the interned texts and
    /// the numbers that match.
    Values(Option<u32>, Vec<u32>, Vec<f64>),
    /// A numeric range.
    Range(Option<u32>, Option<f64>, Option<f64>),
    /// A test the index does not speed up: read from the product itself.
    Direct(&'f Filter),
}

impl<'f> Fast<'f> {
    fn new(index: &super::index::AttrIndex, filter: &'f Filter) -> Fast<'f> {
        if filter.attribute == "price" {
            return Fast::Price(&filter.test);
        }
        let key = index.find(&filter.attribute);
        let wanted: &[String] = match &filter.test {
            Test::Range { min, max } => return Fast::Range(key, *min, *max),
            Test::Equals(want) => std::slice::from_ref(want),
            Test::OneOf(options) => options,
            Test::NotEquals(_) | Test::AllOf(_) | Test::Contains(_) => return Fast::Direct(filter),
        };
        let (mut texts, mut numbers) = (Vec::new(), Vec::new());
        for w in wanted {
            if let Some(id) = index.find(w) {
                texts.push(id);
            }
            if let Some(n) = super::json::parse_number(w) {
                numbers.push(n);
            }
        }
        Fast::Values(key, texts, numbers)
    }

    fn passes(&self, index: &super::index::AttrIndex, at: usize, product: &Product) -> bool {
        use super::index::Slot;
        let slot = match self {
            Fast::Price(test) => return test_value(&AttrValue::Number(product.price), test),
            Fast::Direct(filter) => return passes(product, filter),
            Fast::Values(key, ..) | Fast::Range(key, ..) => key.and_then(|k| index.get(at, k)),
        };
        match (self, slot) {
            (Fast::Values(_, texts, _), Some(Slot::Text(id))) => texts.contains(&id),
            (Fast::Values(_, _, numbers), Some(Slot::Number(n))) => numbers.contains(&n),
            (Fast::Values(_, texts, _), Some(Slot::List(start, len))) => {
                index.list(start, len).iter().any(|id| texts.contains(id))
            }
            (Fast::Range(_, min, max), Some(Slot::Number(n))) => {
                min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m)
            }
            _ => false,
        }
    }
}

/// Ranks the in-stock products of `catalogue` for the answers in `state`.
pub fn rank<'c>(
    catalogue: &'c Catalogue,
    flow: &Flow,
    state: &FlowState,
    limit: usize,
) -> Ranking<'c> {
    let all = constraints(flow, state);
    let prefs = preferences(flow, state);
    // Relax in order of importance, least important first; on a tie, the later question.
    // (A handful of questions: an insertion sort keeps a second sort routine out of the wasm.)
    let mut relax_order: Vec<usize> = Vec::with_capacity(all.len());
    for i in (0..all.len()).rev() {
        let at = relax_order
            .iter()
            .position(|&j| all[j].question.importance > all[i].question.importance)
            .unwrap_or(relax_order.len());
        relax_order.insert(at, i);
    }

    let mut dropped = 0;
    let candidates = loop {
        let kept: Vec<Constraint<'_>> = all
            .iter()
            .enumerate()
            .filter(|(i, _)| !relax_order[..dropped].contains(i))
            .map(|(_, c)| c.clone())
            .collect();
        let found = feasible(catalogue, &kept);
        if !found.is_empty() || dropped == all.len() {
            break found;
        }
        dropped += 1;
    };

    // Keep only the best `limit` candidates while scanning (a small sorted list), and build
    // the reasons for those alone: no sort of, and no strings for, thousands of candidates.
    // Order: fewest missed answers, then highest score, then catalogue order.
    let mut best: Vec<(usize, f64, &'c Product)> = Vec::with_capacity(limit + 1);
    for product in candidates {
        // Candidates of an exact match meet every constraint already.
        let missed = if dropped == 0 {
            0
        } else {
            all.iter().filter(|c| !c.holds(product)).count()
        };
        let score: f64 = prefs
            .iter()
            .filter(|p| passes(product, &p.filter))
            .map(|p| p.weight)
            .sum();
        let at = best
            .iter()
            .position(|&(m, s, _)| missed < m || (missed == m && score > s))
            .unwrap_or(best.len());
        if at < limit {
            best.insert(at, (missed, score, product));
            best.truncate(limit);
        }
    }
    let matches: Vec<Match<'c>> = best
        .into_iter()
        .map(|(_, score, product)| {
            let (passed, failed): (Vec<&Constraint<'_>>, Vec<&Constraint<'_>>) =
                all.iter().partition(|c| c.holds(product));
            Match {
                product,
                matched: passed.iter().map(|c| c.question.id.clone()).collect(),
                missed: failed.iter().map(|c| c.question.id.clone()).collect(),
                score,
            }
        })
        .collect();
    Ranking {
        matches,
        exact: dropped == 0,
        relaxed: relax_order[..dropped]
            .iter()
            .map(|&i| all[i].question.id.clone())
            .collect(),
    }
}

/// For each answer of `q` (the current question): whether choosing it still leaves an
/// in-stock product that meets every answer so far. Answers without filters always do.
pub fn available_answers(
    catalogue: &Catalogue,
    flow: &Flow,
    state: &FlowState,
    q: &Question,
) -> Vec<bool> {
    available_in(&feasible(catalogue, &constraints(flow, state)), q)
}

/// [`available_answers`] for a `pool` of products that already meet every answer so far
/// (so one pass over the catalogue serves a whole step).
pub fn available_in(pool: &[&Product], q: &Question) -> Vec<bool> {
    q.answers
        .iter()
        .map(|a| match constraint(q, &Choice::One(a.id.clone())) {
            None => true,
            Some(c) => pool.iter().any(|p| c.holds(p)),
        })
        .collect()
}

/// For a range question: the lowest and highest value of the numeric `attribute` among the
/// products of `pool`.
pub fn span_in(pool: &[&Product], attribute: &str) -> Option<(f64, f64)> {
    pool.iter()
        .filter_map(|p| {
            if attribute == "price" {
                return Some(p.price);
            }
            match p.attributes.iter().find(|(k, _)| k == attribute) {
                Some((_, AttrValue::Number(n))) => Some(*n),
                _ => None,
            }
        })
        .fold(None, |span, n| match span {
            None => Some((n, n)),
            Some((lo, hi)) => Some((n.min(lo), n.max(hi))),
        })
}
