//! Warnings about a valid config that will not work as the merchant probably intends:
//! questions no visitor reaches, filters on attributes no product has, answers no product
//! fits, and (in the deep check the validator runs) answer paths that run out of products.

use super::catalogue::Catalogue;
use super::config::Config;
use super::decode::{did_you_mean, Problem};
use super::flow::{successors, Flow};
use super::flow::{Choice, FlowState, Step};
use super::matcher::{available_answers, constraint, feasible, rank, Constraint};
use super::product::AttrValue;
use super::question::{Bound, Filter, Question, QuestionKind, RangeSpec};

/// How many answer paths the deep check walks per flow at most.
pub const MAX_PATHS: usize = 20_000;

/// The warnings for `config` that need no walk through the flows (what the browser prints).
pub fn lint(config: &Config) -> Vec<Problem> {
    quick(config)
}

/// [`lint`] plus a walk of every answer path of every flow (what the validator prints; the
/// browser leaves it out, to keep start-up fast and the walk out of its WebAssembly).
pub fn lint_deep(config: &Config) -> Vec<Problem> {
    let mut out = quick(config);
    for flow in &config.flows {
        walk_paths(config, flow, &mut out);
    }
    out
}

fn quick(config: &Config) -> Vec<Problem> {
    let mut out = Vec::new();
    let attributes = config.catalogue.attribute_names();
    for flow in &config.flows {
        unreachable_questions(flow, &mut out);
        for (qi, q) in flow.questions.iter().enumerate() {
            let at = format!("flows.{}.questions[{qi}]", flow.id);
            if let QuestionKind::Range(r) = &q.kind {
                let path = format!("{at}.attribute");
                check_attribute(
                    &config.catalogue,
                    &attributes,
                    &r.attribute,
                    &path,
                    &mut out,
                );
                let numeric = config
                    .catalogue
                    .products()
                    .iter()
                    .any(|p| matches!(p.attribute(&r.attribute), Some(AttrValue::Number(_))));
                if attributes.contains(&r.attribute.as_str()) && !numeric {
                    warn(
                        &mut out,
                        &path,
                        format!(
                            "no product has a number for \"{}\"; a range question needs one",
                            r.attribute
                        ),
                    );
                }
            }
            for (ai, a) in q.answers.iter().enumerate() {
                let at = format!("{at}.answers[{ai}]");
                let filters = a
                    .filters
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (format!("{at}.filters[{i}]"), f));
                let prefs = a
                    .prefer
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (format!("{at}.prefer[{i}]"), &p.filter));
                for (path, f) in filters.chain(prefs) {
                    check_attribute(
                        &config.catalogue,
                        &attributes,
                        &f.attribute,
                        &format!("{path}.attribute"),
                        &mut out,
                    );
                }
                answer_fits_something(config, q, a.filters.as_slice(), &at, &mut out);
            }
        }
    }
    out
}

fn warn(out: &mut Vec<Problem>, path: &str, message: String) {
    out.push(Problem {
        path: path.to_string(),
        message,
    });
}

fn unreachable_questions(flow: &Flow, out: &mut Vec<Problem>) {
    let mut seen: Vec<&str> = vec![flow.start.as_str()];
    let mut queue: Vec<&str> = vec![flow.start.as_str()];
    while let Some(id) = queue.pop() {
        let Some(q) = flow.question(id) else { continue };
        for next in successors(flow, q) {
            if !seen.contains(&next.id.as_str()) {
                seen.push(&next.id);
                queue.push(&next.id);
            }
        }
    }
    for (qi, q) in flow.questions.iter().enumerate() {
        if !seen.contains(&q.id.as_str()) {
            warn(
                out,
                &format!("flows.{}.questions[{qi}]", flow.id),
                format!("no answer path leads to question \"{}\"", q.id),
            );
        }
    }
}

fn check_attribute(
    catalogue: &Catalogue,
    names: &[&str],
    attribute: &str,
    path: &str,
    out: &mut Vec<Problem>,
) {
    if catalogue.products().is_empty() || names.contains(&attribute) {
        return;
    }
    let hint = did_you_mean(attribute, names.iter().copied());
    warn(
        out,
        path,
        format!("no product has the attribute \"{attribute}\"{hint}"),
    );
}

fn answer_fits_something(
    config: &Config,
    q: &Question,
    filters: &[Filter],
    path: &str,
    out: &mut Vec<Problem>,
) {
    if filters.is_empty() || config.catalogue.products().is_empty() {
        return;
    }
    // The common case, an in-stock product fits, through the catalogue's index (this runs
    // in the browser at start-up, once per answer).
    let c = Constraint {
        question: q,
        alternatives: vec![filters.to_vec()],
    };
    if !feasible(&config.catalogue, std::slice::from_ref(&c)).is_empty() {
        return;
    }
    let message = if config.catalogue.products().iter().any(|p| c.holds(p)) {
        "only out-of-stock products fit this answer; visitors cannot choose it"
    } else {
        "no product fits this answer's filters"
    };
    warn(out, path, message.to_string());
}

/// What walking a flow's answer paths found.
pub struct Walk {
    /// Paths walked to the results.
    pub walked: usize,
    /// True when the walk stopped at [`MAX_PATHS`].
    pub truncated: bool,
    /// (question, answer) pairs offered on at least one path.
    pub offered: Vec<(String, String)>,
}

/// Walks the paths a visitor can take through `flow` (answers the widget would offer; for
/// multiple choice each answer alone; for a range its ends and each value at which another
/// product comes in or drops out; skip where offered), calling `at_results` with the answers
/// of each path that reaches the results.
pub fn walk(config: &Config, flow: &Flow, mut at_results: impl FnMut(&FlowState)) -> Walk {
    let mut stack = vec![FlowState::default()];
    let mut out = Walk {
        walked: 0,
        truncated: false,
        offered: Vec::new(),
    };
    while let Some(state) = stack.pop() {
        if out.walked >= MAX_PATHS {
            out.truncated = true;
            break;
        }
        let q = match state.current(flow) {
            Step::Results => {
                out.walked += 1;
                at_results(&state);
                continue;
            }
            Step::Ask(q) => q,
        };
        let mut choices: Vec<Choice> = match &q.kind {
            QuestionKind::Range(r) => range_values(r, &config.catalogue)
                .into_iter()
                .map(Choice::Number)
                .collect(),
            kind @ (QuestionKind::Single | QuestionKind::Image | QuestionKind::Multiple) => {
                let mut available = available_answers(&config.catalogue, flow, &state, q);
                // As the widget does: when nothing could be chosen, everything is offered.
                if available.iter().all(|a| !a) {
                    available.iter_mut().for_each(|a| *a = true);
                }
                available
            }
            .into_iter()
            .zip(&q.answers)
            .filter(|(ok, _)| *ok)
            .map(|(_, a)| {
                out.offered.push((q.id.clone(), a.id.clone()));
                if *kind == QuestionKind::Multiple {
                    Choice::Many(vec![a.id.clone()])
                } else {
                    Choice::One(a.id.clone())
                }
            })
            .collect(),
        };
        if q.skip.is_some() {
            choices.push(Choice::Skip);
        }
        // Reversed, so that paths come out in the order the answers are written.
        for choice in choices.into_iter().rev() {
            let mut next = state.clone();
            if next.answer(flow, choice).is_ok() {
                stack.push(next);
            }
        }
    }
    out
}

/// The values of a range worth trying: its ends, and for each product the slider's first
/// value (on its steps) at which that product fits, so that every set of products the slider
/// can select is walked once. Ascending, without repeats.
pub fn range_values(r: &RangeSpec, catalogue: &Catalogue) -> Vec<f64> {
    let on_step = |v: f64, up: bool| {
        let steps = (v - r.min) / r.step;
        let n = if up { steps.ceil() } else { steps.floor() };
        (r.min + n * r.step).clamp(r.min, r.max)
    };
    let mut values = vec![r.min, r.max];
    for p in catalogue.products() {
        if let Some(AttrValue::Number(v)) = p.attribute(&r.attribute) {
            if v > r.min && v < r.max && r.step > 0.0 {
                values.push(on_step(v, r.bound == Bound::Max));
            }
        }
    }
    values.sort_by(f64::total_cmp);
    values.dedup();
    values
}

/// Reports answers that are never available and paths that end without an exact match.
fn walk_paths(config: &Config, flow: &Flow, out: &mut Vec<Problem>) {
    let mut inexact = 0;
    let mut first_inexact: Option<String> = None;
    let walked = walk(config, flow, |state| {
        let r = rank(&config.catalogue, flow, state, 1);
        let narrowed = state
            .answers
            .iter()
            .any(|a| matches!(a.choice, Choice::Number(_)));
        if (!r.exact && !narrowed) || r.matches.is_empty() {
            inexact += 1;
            first_inexact.get_or_insert_with(|| describe(state));
        }
    });
    if walked.truncated {
        warn(
            out,
            &format!("flows.{}", flow.id),
            format!("more than {MAX_PATHS} answer paths; checked the first {MAX_PATHS}"),
        );
    }
    for (qi, q) in flow.questions.iter().enumerate() {
        for (ai, a) in q.answers.iter().enumerate() {
            let filters_something = constraint(q, &Choice::One(a.id.clone())).is_some();
            if filters_something
                && !walked.offered.iter().any(|(x, y)| *x == q.id && *y == a.id)
                && !walked.truncated
            {
                warn(
                    out,
                    &format!("flows.{}.questions[{qi}].answers[{ai}]", flow.id),
                    "on every path that reaches it, nothing in stock fits this answer with the earlier ones; visitors see it disabled".to_string(),
                );
            }
        }
    }
    if inexact > 0 {
        warn(
            out,
            &format!("flows.{}", flow.id),
            format!("{inexact} answer path(s) end without a product that fits every answer (e.g. {}); visitors get closest matches", first_inexact.unwrap_or_default()),
        );
    }
}

/// A path's answers, readably: `brew=espresso, taste=chocolatey`.
pub fn describe(state: &FlowState) -> String {
    state
        .answers
        .iter()
        .map(|a| {
            let choice = match &a.choice {
                Choice::One(id) => id.clone(),
                Choice::Many(ids) => ids.join("+"),
                Choice::Number(n) => super::json::number_text(*n),
                Choice::Skip => "skip".to_string(),
            };
            format!("{}={choice}", a.question)
        })
        .collect::<Vec<_>>()
        .join(", ")
}
