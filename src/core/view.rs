//! What the widget shows for a flow's current step, with every text resolved.
//!
//! The browser edge renders these views as they are; all decisions (which texts, which
//! products, which link) are made here, where they are tested natively.

use super::config::{Config, Flow};
use super::flow::{FlowState, Step};
use super::matcher::{rank, Reason};
use super::text::is_rtl;
use super::url::with_query;

/// The query parameter added to product links, so the shop's analytics can credit the flow.
pub const ATTRIBUTION_PARAM: &str = "sa_flow";

/// Fixed texts of the widget itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// Close button.
    pub close: &'static str,
    /// Back button.
    pub back: &'static str,
    /// Start-again button.
    pub restart: &'static str,
    /// Results heading when every answer is matched.
    pub results: &'static str,
    /// Results heading when nothing matches every answer.
    pub closest: &'static str,
    /// Explains the closest matches.
    pub closest_note: &'static str,
    /// Link to a product page.
    pub view_product: &'static str,
    /// Before the answers a product matches.
    pub matches: &'static str,
    /// Before the answers a product does not match.
    pub misses: &'static str,
    /// When not a single product is in stock.
    pub none: &'static str,
}

/// The widget's texts for `locale` (English for languages it does not ship yet).
pub fn labels(locale: &str) -> Labels {
    match locale.split(['-', '_']).next().unwrap_or("") {
        "de" => Labels {
            close: "Schließen",
            back: "Zurück",
            restart: "Neu starten",
            results: "Unsere Empfehlung",
            closest: "Die besten Treffer",
            closest_note: "Kein Produkt passt zu allen Antworten. Diese kommen am nächsten.",
            view_product: "Zum Produkt",
            matches: "Passt zu",
            misses: "Passt nicht zu",
            none: "Im Moment ist leider nichts Passendes vorrätig.",
        },
        _ => Labels {
            close: "Close",
            back: "Back",
            restart: "Start again",
            results: "Our recommendation",
            closest: "Closest matches",
            closest_note: "No product fits every answer. These come closest.",
            view_product: "View product",
            matches: "Matches",
            misses: "Does not match",
            none: "Sorry, nothing that fits is in stock right now.",
        },
    }
}

/// One answer button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerView {
    /// The answer's id (sent back when clicked).
    pub id: String,
    /// Its label.
    pub label: String,
}

/// A question on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionView {
    /// The question's id.
    pub id: String,
    /// The question.
    pub text: String,
    /// Optional help line.
    pub help: Option<String>,
    /// The answers, in the configured order.
    pub answers: Vec<AnswerView>,
}

/// One recommended product on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductView {
    /// The product id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Where "view product" leads, with the attribution parameter.
    pub url: String,
    /// Its price.
    pub price: f64,
    /// Currency of the price.
    pub currency: String,
    /// Picture URL, if any.
    pub image: Option<String>,
    /// Labels of the answers it fits.
    pub matched: Vec<String>,
    /// Labels of the answers it does not fit.
    pub missed: Vec<String>,
}

/// The results on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsView {
    /// False for "closest matches".
    pub exact: bool,
    /// Best first; empty when nothing at all is in stock.
    pub products: Vec<ProductView>,
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
    let t = |text: &super::text::Text| text.resolve(locale, &config.default_locale).to_string();
    let body = match state.current(flow) {
        Step::Ask(q) => Body::Question(QuestionView {
            id: q.id.clone(),
            text: t(&q.text),
            help: q.help.as_ref().map(t),
            answers: q
                .answers
                .iter()
                .map(|a| AnswerView {
                    id: a.id.clone(),
                    label: t(&a.label),
                })
                .collect(),
        }),
        Step::Results => {
            let chosen = state.chosen(flow);
            let ranking = rank(&config.catalogue, &chosen, flow.max_results);
            let label_of = |r: &Reason| {
                chosen
                    .iter()
                    .find(|(q, a)| q.id == r.question && a.id == r.answer)
                    .map(|(_, a)| t(&a.label))
                    .unwrap_or_default()
            };
            Body::Results(ResultsView {
                exact: ranking.exact,
                products: ranking
                    .matches
                    .iter()
                    .map(|m| ProductView {
                        id: m.product.id.clone(),
                        name: m.product.name.clone(),
                        url: with_query(&m.product.url, ATTRIBUTION_PARAM, &flow.id),
                        price: m.product.price,
                        currency: m.product.currency.clone(),
                        image: m.product.image.clone(),
                        matched: m.matched.iter().map(label_of).collect(),
                        missed: m.missed.iter().map(label_of).collect(),
                    })
                    .collect(),
            })
        }
    };
    DialogView {
        flow: flow.id.clone(),
        title: t(&flow.title),
        locale: locale.to_string(),
        rtl: is_rtl(locale),
        can_go_back: !state.answers.is_empty(),
        body,
        labels: labels(locale),
    }
}
