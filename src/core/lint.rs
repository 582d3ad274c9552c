//! Warnings about a valid config that will not work as the merchant probably intends:
//! questions no visitor reaches, filters on attributes no product has, answers no product
//! fits, and (in the deep check the validator runs) answer paths that run out of products.

use super::catalogue::{AttrValue, Catalogue};
use super::config::{successors, Config, Flow};
use super::decode::{did_you_mean, Problem};
use super::flow::{Choice, FlowState, Step};
use super::matcher::{available_answers, constraint, rank};
use super::question::{Filter, QuestionKind};

/// How many answer paths the deep check walks per flow at most.
pub const MAX_PATHS: usize = 20_000;

/// The warnings for `config`. `deep` also walks every answer path of every flow (the
/// validator does; the browser does not, to keep start-up fast).
pub fn lint(config: &Config, deep: bool) -> Vec<Problem> {
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
                    .products
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
                answer_fits_something(config, a.filters.as_slice(), &at, &mut out);
            }
        }
        if deep {
            walk_paths(config, flow, &mut out);
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
    if catalogue.products.is_empty() || names.contains(&attribute) {
        return;
    }
    let hint = did_you_mean(attribute, names.iter().copied());
    warn(
        out,
        path,
        format!("no product has the attribute \"{attribute}\"{hint}"),
    );
}

fn answer_fits_something(config: &Config, filters: &[Filter], path: &str, out: &mut Vec<Problem>) {
    if filters.is_empty() || config.catalogue.products.is_empty() {
        return;
    }
    let fits =
        |p: &&super::catalogue::Product| filters.iter().all(|f| super::matcher::passes(p, f));
    let all: Vec<_> = config.catalogue.products.iter().filter(fits).collect();
    if all.is_empty() {
        warn(
            out,
            path,
            "no product fits this answer's filters".to_string(),
        );
    } else if all.iter().all(|p| !p.in_stock) {
        warn(
            out,
            path,
            "only out-of-stock products fit this answer; visitors cannot choose it".to_string(),
        );
    }
}

/// Walks the paths a visitor can take (answers the widget would offer; for multiple choice
/// each answer alone; for a range its lowest and highest value) and reports answers that are
/// never available and paths that end without an exact match.
fn walk_paths(config: &Config, flow: &Flow, out: &mut Vec<Problem>) {
    let mut stack = vec![FlowState::default()];
    let mut walked = 0;
    let mut ever_available: Vec<(String, String)> = Vec::new();
    let mut inexact = 0;
    let mut first_inexact: Option<String> = None;
    while let Some(state) = stack.pop() {
        if walked >= MAX_PATHS {
            warn(
                out,
                &format!("flows.{}", flow.id),
                format!("more than {MAX_PATHS} answer paths; checked the first {MAX_PATHS}"),
            );
            break;
        }
        let q = match state.current(flow) {
            Step::Results => {
                walked += 1;
                let r = rank(&config.catalogue, flow, &state, 1);
                let narrowed = state
                    .answers
                    .iter()
                    .any(|a| matches!(a.choice, Choice::Number(_)));
                if (!r.exact && !narrowed) || r.matches.is_empty() {
                    inexact += 1;
                    first_inexact.get_or_insert_with(|| describe(&state));
                }
                continue;
            }
            Step::Ask(q) => q,
        };
        let mut choices: Vec<Choice> = match &q.kind {
            QuestionKind::Range(r) => vec![Choice::Number(r.min), Choice::Number(r.max)],
            kind => available_answers(&config.catalogue, flow, &state, q)
                .into_iter()
                .zip(&q.answers)
                .filter(|(ok, _)| *ok)
                .map(|(_, a)| {
                    ever_available.push((q.id.clone(), a.id.clone()));
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
        for choice in choices {
            let mut next = state.clone();
            if next.answer(flow, choice).is_ok() {
                stack.push(next);
            }
        }
    }
    for (qi, q) in flow.questions.iter().enumerate() {
        for (ai, a) in q.answers.iter().enumerate() {
            let filters_something = constraint(q, &Choice::One(a.id.clone())).is_some();
            if filters_something
                && !ever_available.iter().any(|(x, y)| *x == q.id && *y == a.id)
                && walked < MAX_PATHS
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

fn describe(state: &FlowState) -> String {
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
