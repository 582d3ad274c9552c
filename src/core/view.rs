//! What the widget shows for a flow's current step, with every text resolved.
//!
//! The browser edge renders these views as they are; all decisions (which texts, which
//! products, which link) are made here, where they are tested natively.

use super::config::Config;
use super::flow::Flow;
use super::flow::{selected, Choice, FlowState, Step};
use super::matcher::{available_in, constraints, feasible, rank, span_in};
use super::question::{Bound, Question, QuestionKind};
use super::recommend::Situation;
use super::text::{is_rtl, Text, LABEL_KEYS};
use super::url::with_query;

/// Fixed texts of the widget itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// Close button.
    pub close: String,
    /// Back button.
    pub back: String,
    /// Start-again button.
    pub restart: String,
    /// Results heading when every answer is matched.
    pub results: String,
    /// Results heading when nothing matches every answer.
    pub closest: String,
    /// Explains the closest matches.
    pub closest_note: String,
    /// Link to a product page.
    pub view_product: String,
    /// Before the answers a product matches.
    pub matches: String,
    /// Before the answers a product does not match.
    pub misses: String,
    /// When not a single product is in stock.
    pub none: String,
    /// The button that submits a multiple-choice or range answer.
    pub next: String,
    /// Why an answer is disabled.
    pub unavailable: String,
    /// Before a range question's value when products must cost at most it.
    pub up_to: String,
    /// Before a range question's value when products must be at least it.
    pub at_least: String,
    /// Before the span of values the products that fit so far have.
    pub span: String,
    /// Before the questions whose answers were relaxed.
    pub relaxed: String,
    /// A recommendation's reason: the visitor looked at it.
    pub viewed_reason: String,
    /// ... it is like a product they looked at (`{}`: its name).
    pub similar_reason: String,
    /// ... they like an attribute value (`{}`).
    pub likes_reason: String,
    /// ... it goes with a product (`{}`: its name).
    pub goes_with_reason: String,
    /// Under a message that restores the basket: what is no longer for sale (`{}`: names).
    pub unavailable_note: String,
    /// A recommendation's reason: picked from the visitor's interests, when the value they
    /// like has no name in their language.
    pub picked_reason: String,
}

/// The widget's texts for `locale`: the config's `labels` where one is given for the visitor's
/// language (the merchant's own, then the translation the loader fetched for the page's
/// language: [`Config::adopt_translation`]), else English.
pub fn labels(config: &Config, locale: &str) -> Labels {
    let built_in = super::text::ENGLISH_LABELS;
    let mut texts = LABEL_KEYS.iter().zip(built_in).map(|(key, built)| {
        config
            .labels
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, t)| t.exact(locale))
            .unwrap_or(built)
            .to_string()
    });
    let mut next = || texts.next().unwrap_or_default();
    Labels {
        close: next(),
        back: next(),
        restart: next(),
        results: next(),
        closest: next(),
        closest_note: next(),
        view_product: next(),
        matches: next(),
        misses: next(),
        none: next(),
        next: next(),
        unavailable: next(),
        up_to: next(),
        at_least: next(),
        span: next(),
        relaxed: next(),
        viewed_reason: next(),
        similar_reason: next(),
        likes_reason: next(),
        goes_with_reason: next(),
        unavailable_note: next(),
        picked_reason: next(),
    }
}

/// One answer on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerView {
    /// The answer's id (sent back when chosen).
    pub id: String,
    /// Its label.
    pub label: String,
    /// Picture URL (image questions).
    pub image: Option<String>,
    /// Text alternative of the picture.
    pub alt: Option<String>,
    /// False when choosing it would leave nothing in stock that fits.
    pub available: bool,
}

/// How the question's answers are presented.
#[derive(Debug, Clone, PartialEq)]
pub enum InputView {
    /// One button per answer; a click answers.
    Buttons,
    /// One picture button per answer; a click answers.
    Images,
    /// A checkbox per answer and a continue button.
    Checkboxes,
    /// A slider and a continue button.
    Range(RangeView),
}

/// A range question's slider.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeView {
    /// Lowest value.
    pub min: f64,
    /// Highest value.
    pub max: f64,
    /// Granularity.
    pub step: f64,
    /// Where the slider starts.
    pub value: f64,
    /// Currency for display, if the values are money.
    pub currency: Option<String>,
    /// Shown before the value ("Up to", "At least").
    pub prefix: String,
    /// The values the products that fit so far span, if any.
    pub span: Option<(f64, f64)>,
}

/// A question on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionView {
    /// The question's id.
    pub id: String,
    /// The question.
    pub text: String,
    /// Optional help line.
    pub help: Option<String>,
    /// How to answer.
    pub input: InputView,
    /// The answers, in the configured order (empty for a range).
    pub answers: Vec<AnswerView>,
    /// Label of the "not sure" control, if offered.
    pub skip: Option<String>,
}

/// Why a product was or was not recommended: an answer's label, or a chosen amount.
#[derive(Debug, Clone, PartialEq)]
pub enum ReasonView {
    /// Answer labels, e.g. "Espresso machine".
    Text(String),
    /// A range answer, e.g. "Up to" 30 EUR.
    Amount {
        /// "Up to" or "At least".
        prefix: String,
        /// The chosen value.
        value: f64,
        /// Currency, if money.
        currency: Option<String>,
    },
}

/// One recommended product on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductView {
    /// The product id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Where "view product" leads, with the flow's link parameters.
    pub url: String,
    /// Its price.
    pub price: f64,
    /// Currency of the price.
    pub currency: String,
    /// Picture URL, if any.
    pub image: Option<String>,
    /// The answers it fits.
    pub matched: Vec<ReasonView>,
    /// The answers it does not fit.
    pub missed: Vec<ReasonView>,
    /// Why it comes before others that fit as well: the visitor's interest ("You like
    /// Gold"), when their interests decided the order.
    pub liked: Option<String>,
}

/// The results on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsView {
    /// False for "closest matches".
    pub exact: bool,
    /// Best first; empty when nothing at all is in stock.
    pub products: Vec<ProductView>,
    /// The questions whose answers were set aside to find closest matches.
    pub relaxed: Vec<String>,
    /// Where to go at once: the one product that fits, when the flow auto-redirects.
    pub redirect: Option<String>,
    /// The catalogue file has not arrived yet: no products to show so far.
    pub pending: bool,
    /// The flow's recommendation block under the results (`recommend`): more products for
    /// this visitor, none of those above.
    pub more: Option<BlockView>,
}

/// The body of the dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Asking a question.
    Question(QuestionView),
    /// Showing recommendations.
    Results(ResultsView),
}

/// Everything the dialog shows.
#[derive(Debug, Clone, PartialEq)]
pub struct DialogView {
    /// The flow's id.
    pub flow: String,
    /// The dialog title.
    pub title: String,
    /// The language of the texts (for the `lang` attribute).
    pub locale: String,
    /// Right-to-left script.
    pub rtl: bool,
    /// Whether "back" is possible.
    pub can_go_back: bool,
    /// The question or the results.
    pub body: Body,
    /// The widget's own texts.
    pub labels: Labels,
}

/// The view of `flow` for a visitor reading `locale` who has answered as in `state`.
pub fn dialog(config: &Config, flow: &Flow, state: &FlowState, locale: &str) -> DialogView {
    dialog_for(config, flow, state, locale, None)
}

/// [`dialog`] for a visitor whose profile is known (`situation`: the profile, this page, now):
/// among results that fit the answers equally, the visitor's interests decide the order, and
/// a result placed by them says so ("You like Gold"); the flow's recommendation block, if it
/// names one, follows the results.
pub fn dialog_for(
    config: &Config,
    flow: &Flow,
    state: &FlowState,
    locale: &str,
    profile: Option<&Situation<'_>>,
) -> DialogView {
    let labels = labels(config, locale);
    let t = |text: &Text| text.resolve(locale, &config.default_locale).to_string();
    let body = match state.current(flow) {
        Step::Ask(q) => Body::Question(question_view(config, flow, state, q, &labels, &t)),
        Step::Results => Body::Results(results_view(
            config, flow, state, locale, &labels, &t, profile,
        )),
    };
    DialogView {
        flow: flow.id.clone(),
        title: t(&flow.title),
        locale: locale.to_string(),
        rtl: is_rtl(locale),
        can_go_back: !state.answers.is_empty(),
        body,
        labels,
    }
}

fn question_view(
    config: &Config,
    flow: &Flow,
    state: &FlowState,
    q: &Question,
    labels: &Labels,
    t: &dyn Fn(&Text) -> String,
) -> QuestionView {
    // One pass over the catalogue per step: the products that fit every answer so far.
    let pool = feasible(&config.catalogue, &constraints(flow, state));
    let mut available = available_in(&pool, q);
    // If nothing can be chosen (earlier answers were already a closest match), disabling
    // every answer would trap the visitor: offer them all.
    if available.iter().all(|a| !a) {
        available.iter_mut().for_each(|a| *a = true);
    }
    let input = match &q.kind {
        QuestionKind::Single => InputView::Buttons,
        QuestionKind::Image => InputView::Images,
        QuestionKind::Multiple => InputView::Checkboxes,
        QuestionKind::Range(r) => InputView::Range(RangeView {
            min: r.min,
            max: r.max,
            step: r.step,
            value: r.default,
            currency: r.currency.clone(),
            prefix: match r.bound {
                Bound::Max => labels.up_to.clone(),
                Bound::Min => labels.at_least.clone(),
            },
            span: span_in(&pool, &r.attribute),
        }),
    };
    QuestionView {
        id: q.id.clone(),
        text: t(&q.text),
        help: q.help.as_ref().map(t),
        input,
        answers: q
            .answers
            .iter()
            .zip(available)
            .map(|(a, available)| AnswerView {
                id: a.id.clone(),
                label: t(&a.label),
                image: a.image.clone(),
                alt: a.alt.as_ref().map(t),
                available,
            })
            .collect(),
        skip: q.skip.as_ref().map(t),
    }
}

fn results_view(
    config: &Config,
    flow: &Flow,
    state: &FlowState,
    locale: &str,
    labels: &Labels,
    t: &dyn Fn(&Text) -> String,
    situation: Option<&Situation<'_>>,
) -> ResultsView {
    // With a profile: the best few that fit as well as the last shown are ranked, then,
    // among equals, by the visitor's interests (one pass, no second sort of the catalogue).
    let wider = if situation.is_some() {
        flow.max_results * 4
    } else {
        flow.max_results
    };
    let mut ranking = rank(&config.catalogue, flow, state, wider);
    let mut liked: Vec<Option<String>> = vec![None; ranking.matches.len()];
    if let Some(&Situation {
        profile: p, now, ..
    }) = situation
    {
        let interest: Vec<(f64, Vec<super::recommend::Liked<'_>>)> = ranking
            .matches
            .iter()
            .map(|m| super::recommend::interests_in(p, m.product, now))
            .collect();
        let products: Vec<&super::product::Product> =
            ranking.matches.iter().map(|m| m.product).collect();
        // A stable insertion sort within each group of equal fit.
        let keys: Vec<(usize, f64)> = ranking
            .matches
            .iter()
            .map(|m| (m.missed.len(), m.score))
            .collect();
        let key = |i: usize| keys[i];
        let mut order: Vec<usize> = Vec::with_capacity(interest.len());
        for i in 0..interest.len() {
            let mine = interest[i].0;
            let at = order
                .iter()
                .position(|&j| key(j) == key(i) && mine > interest[j].0)
                .unwrap_or(order.len());
            order.insert(at, i);
        }
        // A result shares its place with others that fit as well: its interests decided. The
        // line names the strongest value it has that one of them lacks (one they all have,
        // such as "coffee", tells nothing).
        let shown = &order[..order.len().min(flow.max_results)];
        let telling = |i: usize| {
            let others: Vec<usize> = shown
                .iter()
                .copied()
                .filter(|&j| j != i && key(j) == key(i))
                .collect();
            interest[i]
                .1
                .iter()
                .find(|(_, name, value)| {
                    others
                        .iter()
                        .any(|&j| !super::recommend::has_value(products[j], name, value))
                })
                .copied()
        };
        let mut matches: Vec<Option<super::matcher::Match<'_>>> =
            ranking.matches.drain(..).map(Some).collect();
        for (at, &i) in order.iter().enumerate() {
            if let Some(m) = matches[i].take() {
                ranking.matches.push(m);
            }
            // Said where the interests changed the order (of the results shown only).
            if at < flow.max_results {
                liked[at] = telling(i).map(|(_, attribute, value)| {
                    likes_text(config, labels, attribute, value, locale)
                });
            }
        }
    }
    ranking.matches.truncate(flow.max_results);
    liked.truncate(flow.max_results);
    let reason = |question_id: &String| -> Option<ReasonView> {
        let (q, choice) = state
            .chosen(flow)
            .into_iter()
            .find(|(q, _)| q.id == *question_id)?;
        Some(match (&q.kind, choice) {
            (QuestionKind::Range(r), Choice::Number(n)) => ReasonView::Amount {
                prefix: if r.bound == Bound::Max {
                    labels.up_to.clone()
                } else {
                    labels.at_least.clone()
                },
                value: *n,
                currency: r.currency.clone(),
            },
            (
                QuestionKind::Single
                | QuestionKind::Image
                | QuestionKind::Multiple
                | QuestionKind::Range(_),
                _,
            ) => ReasonView::Text(
                selected(q, choice)
                    .iter()
                    .map(|a| t(&a.label))
                    .collect::<Vec<_>>()
                    .join(" / "),
            ),
        })
    };
    let products: Vec<ProductView> = ranking
        .matches
        .iter()
        .zip(liked)
        .map(|(m, liked)| ProductView {
            id: m.product.id.clone(),
            name: t(&m.product.name),
            url: product_link(flow, &m.product.id, &t(&m.product.url)),
            price: m.product.price,
            currency: m.product.currency.clone(),
            image: m.product.image.as_ref().map(t),
            matched: m.matched.iter().filter_map(reason).collect(),
            missed: m.missed.iter().filter_map(reason).collect(),
            liked,
        })
        .collect();
    let redirect = (flow.auto_redirect && ranking.exact && products.len() == 1)
        .then(|| products[0].url.clone());
    let relaxed = ranking
        .relaxed
        .iter()
        .filter_map(|id| flow.question(id))
        .map(|q| t(&q.text))
        .collect();
    let listed: Vec<&str> = products.iter().map(|p| p.id.as_str()).collect();
    let more = match (situation, &flow.recommend) {
        (Some(s), Some(block)) if !config.catalogue_pending() => {
            let s = Situation {
                listed: &listed,
                ..*s
            };
            cards(config, block, &s, Some(flow), locale)
        }
        _ => None,
    };
    ResultsView {
        pending: config.catalogue_pending(),
        exact: ranking.exact,
        products,
        relaxed,
        redirect,
        more,
    }
}

/// `url` with the flow's link parameters (`{flow}` and `{product}` filled in).
pub fn product_link(flow: &Flow, product_id: &str, url: &str) -> String {
    flow.link_params
        .iter()
        .fold(url.to_string(), |link, (key, template)| {
            with_query(
                &link,
                key,
                &template
                    .replace("{flow}", &flow.id)
                    .replace("{product}", product_id),
            )
        })
}

/// GA4's `view_item_list` for a block on screen (after `{"ecommerce": null}`, which clears
/// the previous event's items, as Google's tag asks), as a JSON array of dataLayer entries.
pub fn ga4_view_item_list(view: &BlockView) -> String {
    ga4_entries(
        "view_item_list",
        view,
        view.cards.iter().enumerate().collect(),
    )
}

/// GA4's `select_item` for the card at `index` of a block (see [`ga4_view_item_list`]).
pub fn ga4_select_item(view: &BlockView, index: usize) -> String {
    let card = view
        .cards
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == index)
        .collect();
    ga4_entries("select_item", view, card)
}

fn ga4_entries(event: &str, view: &BlockView, cards: Vec<(usize, &CardView)>) -> String {
    use super::json::{stringify, Value};
    let s = |t: &str| Value::String(t.to_string());
    let list_name = view.title.clone().unwrap_or_else(|| view.id.clone());
    let items = cards
        .into_iter()
        .map(|(i, c)| {
            Value::Object(vec![
                ("item_id".into(), s(&c.id)),
                ("item_name".into(), s(&c.name)),
                ("price".into(), Value::Number(c.price)),
                ("currency".into(), s(&c.currency)),
                ("index".into(), Value::Number(i as f64)),
                ("item_list_id".into(), s(&view.id)),
                ("item_list_name".into(), s(&list_name)),
            ])
        })
        .collect();
    let entry = Value::Object(vec![
        ("event".into(), s(event)),
        (
            "ecommerce".into(),
            Value::Object(vec![
                ("item_list_id".into(), s(&view.id)),
                ("item_list_name".into(), s(&list_name)),
                ("items".into(), Value::Array(items)),
            ]),
        ),
    ]);
    let clear = Value::Object(vec![("ecommerce".into(), Value::Null)]);
    stringify(&Value::Array(vec![clear, entry]))
}

/// "You like Gold", or "Picked for you" where the value has no name in the visitor's language.
fn likes_text(
    config: &Config,
    labels: &Labels,
    attribute: &str,
    value: &str,
    locale: &str,
) -> String {
    match value_label(config, attribute, value, locale) {
        Some(named) => labels.likes_reason.replace("{}", &named),
        None => labels.picked_reason.clone(),
    }
}

/// How the visitor would read `attribute`'s `value`: the label of an answer that asks for
/// exactly it, in their language (an answer whose filter is `"metal" equals "gold"` is
/// labelled "ゴールド" for a Japanese visitor), else the value as the catalogue writes it if
/// the visitor reads the shop's default language. `None` when the visitor could not read it
/// ("ring" on a Japanese page): the caller then does not name the value.
pub fn value_label(config: &Config, attribute: &str, value: &str, locale: &str) -> Option<String> {
    use super::question::Test;
    let language = |l: &str| {
        l.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let shop_language = language(locale) == language(&config.default_locale);
    let answer = config
        .flows
        .iter()
        .flat_map(|f| &f.questions)
        .flat_map(|q| &q.answers)
        .find(|a| {
            matches!(a.filters.as_slice(), [f] if f.attribute == attribute
                && matches!(&f.test, Test::Equals(v) | Test::Contains(v) if v == value))
        });
    match answer {
        Some(a) => a
            .label
            .exact(locale)
            .or_else(|| shop_language.then(|| a.label.resolve(locale, &config.default_locale)))
            .map(str::to_string),
        None => shop_language.then(|| value.to_string()),
    }
}

/// A recommendation block as the widget draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockView {
    /// The block's id.
    pub id: String,
    /// Its heading, if it has one.
    pub title: Option<String>,
    /// Its products, in order.
    pub cards: Vec<CardView>,
}

/// A recommended product on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct CardView {
    /// The product id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its page, in the visitor's language.
    pub url: String,
    /// Its price.
    pub price: f64,
    /// The currency of the price.
    pub currency: String,
    /// Its picture, if any.
    pub image: Option<String>,
    /// Why it is shown, in the visitor's language (none for a featured product).
    pub reason: Option<String>,
    /// The strategy that picked it (for events).
    pub strategy: &'static str,
}

/// What a recommendation block shows: `picks` with their names, links and reasons in
/// `locale`.
pub fn block_view(
    config: &Config,
    block: &super::recommend::Block,
    picks: &[super::recommend::Pick<'_>],
    locale: &str,
    flow: Option<&Flow>,
) -> BlockView {
    use super::recommend::Reason;
    let t = |text: &super::text::Text| text.resolve(locale, &config.default_locale).to_string();
    let labels = labels(config, locale);
    let name_of = |id: &str| {
        config
            .catalogue
            .get(id)
            .map(|p| t(&p.name))
            .unwrap_or_default()
    };
    let cards = picks
        .iter()
        .map(|pick| {
            let reason = match &pick.reason {
                Reason::Viewed => Some(labels.viewed_reason.clone()),
                Reason::Similar(id) => Some(labels.similar_reason.replace("{}", &name_of(id))),
                Reason::Likes { attribute, value } => {
                    Some(likes_text(config, &labels, attribute, value, locale))
                }
                Reason::Interests => Some(labels.picked_reason.clone()),
                Reason::GoesWith(id) => Some(labels.goes_with_reason.replace("{}", &name_of(id))),
                Reason::Featured => None,
            };
            CardView {
                id: pick.product.id.clone(),
                name: t(&pick.product.name),
                url: match flow {
                    Some(flow) => product_link(flow, &pick.product.id, &t(&pick.product.url)),
                    None => t(&pick.product.url),
                },
                price: pick.product.price,
                currency: pick.product.currency.clone(),
                image: pick.product.image.as_ref().map(t),
                reason,
                strategy: pick.strategy.name(),
            }
        })
        .collect();
    BlockView {
        id: block.id.clone(),
        title: block.title.as_ref().map(t),
        cards,
    }
}

/// What the recommendation block `block_id` shows this visitor in `situation`, wherever it
/// goes (a shelf on the page, a message, under a flow's results: then `flow` gives the
/// links its parameters). `None` when the config has no such block.
pub fn cards(
    config: &Config,
    block_id: &str,
    situation: &Situation<'_>,
    flow: Option<&Flow>,
    locale: &str,
) -> Option<BlockView> {
    let block = config
        .recommendations
        .blocks
        .iter()
        .find(|b| b.id == block_id)?;
    let picks = super::recommend::recommend(
        &config.catalogue,
        block,
        &config.recommendations.complements,
        situation,
    );
    Some(block_view(config, block, &picks, locale, flow))
}
