//! The validator's full report (`npm run validate`): where every answer path of every flow
//! ends, the in-stock products no path recommends, and messages whose conditions can never
//! hold together. Only the command-line validator uses this; the browser does not carry it.

use super::config::Config;
use super::decode::Problem;
use super::lint::{describe, walk};
use super::matcher::rank;
use super::message::{Condition, Device};
use super::page::PageType;

/// Where one answer path ends.
#[derive(Debug, Clone, PartialEq)]
pub struct PathEnd {
    /// The answers, readably: `brew=espresso, taste=chocolatey`.
    pub answers: String,
    /// The products the results show, best first (in stock only).
    pub products: Vec<String>,
    /// False when the results are closest matches (some answer set aside) or empty.
    pub exact: bool,
}

/// Every path of one flow.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowPaths {
    /// The flow.
    pub flow: String,
    /// Each path that reaches the results, in the order the answers are written.
    pub paths: Vec<PathEnd>,
    /// True when the flow has more paths than the walk follows.
    pub truncated: bool,
}

/// The report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Per flow, where its paths end.
    pub flows: Vec<FlowPaths>,
    /// Warnings: paths ending on nothing in stock, products no path recommends, messages
    /// that can never show. Each with its JSON path.
    pub warnings: Vec<Problem>,
}

/// Walks every flow and checks every message of `config` (its catalogue attached).
pub fn report(config: &Config) -> Report {
    let mut warnings = Vec::new();
    let mut flows = Vec::new();
    let mut recommended: Vec<&str> = Vec::new();
    for flow in &config.flows {
        let mut paths = Vec::new();
        let walked = walk(config, flow, |state| {
            let r = rank(&config.catalogue, flow, state, flow.max_results);
            let products: Vec<String> = r.matches.iter().map(|m| m.product.id.clone()).collect();
            for m in &r.matches {
                if !recommended.contains(&m.product.id.as_str()) {
                    recommended.push(&m.product.id);
                }
            }
            paths.push(PathEnd {
                answers: describe(state),
                exact: r.exact && !products.is_empty(),
                products,
            });
        });
        for p in paths.iter().filter(|p| p.products.is_empty()) {
            warnings.push(Problem {
                path: format!("flows.{}", flow.id),
                message: format!("the path {} ends on nothing in stock", p.answers),
            });
        }
        flows.push(FlowPaths {
            flow: flow.id.clone(),
            paths,
            truncated: walked.truncated,
        });
    }
    let all_walked = flows.iter().all(|f| !f.truncated);
    if !config.flows.is_empty() && all_walked {
        for (i, p) in config.catalogue.products().iter().enumerate() {
            if p.in_stock && !recommended.contains(&p.id.as_str()) {
                warnings.push(Problem {
                    path: format!("catalogue.products[{i}]"),
                    message: format!("no answer path of any flow recommends \"{}\"", p.id),
                });
            }
        }
    }
    for (i, m) in config.messages.iter().enumerate() {
        if let Some(why) = never_holds(&m.when) {
            warnings.push(Problem {
                path: format!("messages[{i}].when"),
                message: format!("message \"{}\" can never show: {why}", m.id),
            });
        }
    }
    Report { flows, warnings }
}

/// What a conjunction of conditions requires, as far as it can be summed up.
#[derive(Debug, Clone)]
struct Facts {
    /// The page types still possible.
    pages: Vec<PageType>,
    /// Basket value: at least, below.
    value: (f64, f64),
    /// Items in the basket: at least, at most.
    items: (f64, f64),
    /// Visits: at least, at most.
    visits: (f64, f64),
    /// The devices still possible.
    devices: Vec<Device>,
}

impl Facts {
    fn any() -> Facts {
        Facts {
            pages: super::page::PAGE_TYPES.to_vec(),
            value: (f64::NEG_INFINITY, f64::INFINITY),
            items: (f64::NEG_INFINITY, f64::INFINITY),
            visits: (0.0, f64::INFINITY),
            devices: vec![Device::Mobile, Device::Desktop],
        }
    }

    /// Why nothing can satisfy these facts, if nothing can.
    fn contradiction(&self) -> Option<String> {
        if self.pages.is_empty() {
            return Some("no page is of every page type it requires".into());
        }
        if self.value.0 >= self.value.1 {
            return Some("the basket value bounds leave no value".into());
        }
        if self.items.0 > self.items.1 {
            return Some("the basket item bounds leave no number of items".into());
        }
        if self.visits.0 > self.visits.1 {
            return Some("the visit conditions contradict each other".into());
        }
        if self.devices.is_empty() {
            return Some("no device is both mobile and desktop".into());
        }
        None
    }
}

/// Why `condition` can never hold, if that can be seen from the condition alone.
pub fn never_holds(condition: &Condition) -> Option<String> {
    let mut facts = Facts::any();
    add(condition, &mut facts).err()
}

/// Narrows `facts` by `c` (which must hold); an error says why it cannot.
fn add(c: &Condition, f: &mut Facts) -> Result<(), String> {
    let or_inf = |x: Option<f64>, inf: f64| x.unwrap_or(inf);
    match c {
        Condition::All(items) => {
            for i in items {
                add(i, f)?;
            }
        }
        Condition::Any(items) => {
            if items.is_empty() {
                return Err("\"any\" of an empty list never holds".into());
            }
            // Holds only if some alternative holds together with what is known so far.
            let mut reasons = Vec::new();
            let mut possible = Vec::new();
            for i in items {
                let mut g = f.clone();
                match add(i, &mut g) {
                    Ok(()) => possible.push(g),
                    Err(e) => reasons.push(e),
                }
            }
            if possible.is_empty() {
                return Err(reasons.join("; and "));
            }
            // What every possible alternative leaves open (a union, kept coarse).
            f.pages = f
                .pages
                .iter()
                .copied()
                .filter(|p| possible.iter().any(|g| g.pages.contains(p)))
                .collect();
            f.devices
                .retain(|d| possible.iter().any(|g| g.devices.contains(d)));
        }
        Condition::Not(inner) => match inner.as_ref() {
            Condition::Page(types) => f.pages.retain(|p| !types.contains(p)),
            Condition::Device(d) => f.devices.retain(|x| x != d),
            Condition::Returning => f.visits.1 = f.visits.1.min(1.0),
            Condition::Visits(n) => f.visits.1 = f.visits.1.min(f64::from(*n) - 1.0),
            _ => {}
        },
        Condition::Page(types) => f.pages.retain(|p| types.contains(p)),
        Condition::BasketValue { min, max } => {
            f.value.0 = f.value.0.max(or_inf(*min, f64::NEG_INFINITY));
            f.value.1 = f.value.1.min(or_inf(*max, f64::INFINITY));
        }
        Condition::BasketItems { min, max } => {
            f.items.0 = f.items.0.max(or_inf(*min, f64::NEG_INFINITY));
            f.items.1 = f.items.1.min(or_inf(*max, f64::INFINITY));
        }
        Condition::BasketContains(_) => f.items.0 = f.items.0.max(1.0),
        Condition::Visits(n) => f.visits.0 = f.visits.0.max(f64::from(*n)),
        Condition::Returning => f.visits.0 = f.visits.0.max(2.0),
        Condition::Device(d) => f.devices.retain(|x| x == d),
        Condition::Schedule {
            from: Some(a),
            until: Some(b),
            ..
        } if a > b => return Err(format!("the schedule ends ({b}) before it starts ({a})")),
        Condition::Schedule {
            hours: Some((a, b)),
            ..
        } if a == b => return Err("the schedule's hours are empty".into()),
        _ => {}
    }
    match f.contradiction() {
        Some(why) => Err(why),
        None => Ok(()),
    }
}
