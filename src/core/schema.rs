//! The JSON Schema of the configuration (`www/assistant.schema.json`), generated from the
//! decoder's own field lists: every object's properties must be exactly the fields its
//! decoder accepts, or [`generate`] fails and names the difference. Every property carries a
//! description, which editors show while a merchant types and `www/docs/config.md` lists.
//!
//! A new config field goes into the decoder's list (e.g. `question::QUESTION_FIELDS`) and
//! here, with its description; `cargo test` fails until both agree and the committed schema
//! is regenerated (`npm run schema`).

use super::catalogue::{CATALOGUE_FIELDS, PRICE, PRODUCT_FIELDS};
use super::config::{
    AUTO_REDIRECT, FLOW_FIELDS, LAUNCHER_FIELDS, MAX_RESULTS, POSITION, START_FROM_LAST_ANSWERS,
    TOP_FIELDS,
};
use super::decode::{ChoiceField, FlagField, NumberField, NumberRule};
use super::json::{self, Value};
use super::message::{
    AFFINITY_FIELDS, ANSWERED_FIELDS, BOUNDS_FIELDS, BUTTON_ACTIONS, BUTTON_FIELDS, CAPS_FIELDS,
    CONDITIONS, COOLDOWN_DAYS, DATE_PATTERN, FREE_DELIVERY_FROM, HOUR, INSTALMENTS, MESSAGE_FIELDS,
    ONCE_PER_VISIT, PAGES, PER_DAY, PER_VISIT, RESTORE_FIELDS, SCHEDULE_FIELDS, SCROLL_DEPTH,
    SECONDS, SETTINGS_FIELDS, STOP_AFTER_CONVERSION, SURVEY_FIELDS, VARIANT_CONDITION_FIELDS,
    VARIANT_FIELDS, VISITS, WEEKDAY,
};
use super::page::PAGE_TYPES;
use super::question::{
    ANSWER_FIELDS, FILTER_FIELDS, FILTER_TESTS, IMPORTANCE, PREFER_FIELDS, QUESTION_FIELDS,
    QUESTION_TYPES, RANGE_ONLY, WHEN_FIELDS,
};
use super::recommend::{
    BLOCK_FIELDS, COMPLEMENT_FIELDS, COUNT, RECOMMENDATIONS_FIELDS, STRATEGIES,
};
use super::text::LABEL_KEYS;
use super::tracking::{
    ADD_FIELDS, BASKET_FIELDS, PAGE_RULE_FIELDS, PRIVACY_FIELDS, PROBE_FIELDS, TRACKING_FIELDS,
};

/// Where the schema is published, relative to the config that names it in `"$schema"`.
pub const FILE_NAME: &str = "assistant.schema.json";

fn s(text: &str) -> Value {
    Value::String(text.to_string())
}

fn o(members: Vec<(&str, Value)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn reference(name: &str, doc: &str) -> Value {
    o(vec![
        ("description", s(doc)),
        ("$ref", s(&format!("#/$defs/{name}"))),
    ])
}

fn typed(kind: &str, doc: &str) -> Value {
    o(vec![("description", s(doc)), ("type", s(kind))])
}

fn string(doc: &str) -> Value {
    typed("string", doc)
}

fn number(doc: &str) -> Value {
    typed("number", doc)
}

fn boolean(doc: &str) -> Value {
    typed("boolean", doc)
}

fn text(doc: &str) -> Value {
    reference("text", doc)
}

fn url(doc: &str) -> Value {
    reference("url", doc)
}

fn id(doc: &str) -> Value {
    reference("id", doc)
}

fn one_of_strings(doc: &str, names: &[&str]) -> Value {
    o(vec![
        ("description", s(doc)),
        ("enum", Value::Array(names.iter().map(|n| s(n)).collect())),
    ])
}

/// A number that keeps `r`, the rule its decoder checks.
fn rule(doc: &str, r: NumberRule) -> Value {
    let mut m = vec![
        ("description", s(doc)),
        ("type", s(if r.whole { "integer" } else { "number" })),
    ];
    if let Some(min) = r.min {
        let keyword = if r.above_min {
            "exclusiveMinimum"
        } else {
            "minimum"
        };
        m.push((keyword, Value::Number(min)));
    }
    if let Some(max) = r.max {
        m.push(("maximum", Value::Number(max)));
    }
    o(m)
}

/// A number field's entry, from its one declaration: its text with the default, its bounds and
/// its `default`.
fn number_field(f: &NumberField) -> (&'static str, Value) {
    let value = match f.default {
        Some(d) => with(
            rule(
                &format!("{} (default {}).", f.doc, json::number_text(d)),
                f.rule,
            ),
            vec![("default", Value::Number(d))],
        ),
        None => rule(&format!("{}.", f.doc), f.rule),
    };
    (f.key, value)
}

/// A one-word field's entry, from its one declaration: its words, its text with the default,
/// and its `default`.
fn choice_field<T: Copy + PartialEq>(f: &ChoiceField<T>) -> (&'static str, Value) {
    let names: Vec<&str> = f.names().collect();
    let doc = format!("{} (default \"{}\").", f.doc, f.default_name());
    let value = with(
        one_of_strings(&doc, &names),
        vec![("default", s(f.default_name()))],
    );
    (f.key, value)
}

/// A true/false field's entry, from its one declaration.
fn flag_field(f: &FlagField) -> (&'static str, Value) {
    let doc = format!("{} (default {}).", f.doc, f.default);
    (
        f.key,
        with(boolean(&doc), vec![("default", Value::Bool(f.default))]),
    )
}

/// `schema` with more keywords (replacing any of the same name).
fn with(schema: Value, extra: Vec<(&str, Value)>) -> Value {
    let Value::Object(mut members) = schema else {
        return schema;
    };
    for (k, v) in extra {
        match members.iter_mut().find(|(key, _)| key == k) {
            Some(member) => member.1 = v,
            None => members.push((k.to_string(), v)),
        }
    }
    Value::Object(members)
}

/// `keys` are required; what `required` names is also named under `properties`, as strict
/// validators ask.
fn needs(keys: &[&'static str], mut props: Vec<(&'static str, Value)>) -> Value {
    props.extend(keys.iter().map(|k| (*k, o(vec![]))));
    o(vec![
        ("type", s("object")),
        (
            "required",
            Value::Array(keys.iter().map(|k| s(k)).collect()),
        ),
        ("properties", o(props)),
    ])
}

/// More keywords on a schema.
trait Keywords {
    fn with_keywords(self, extra: Vec<(&str, Value)>) -> Value;
    fn with_one_of(self, sets: &[&[&str]]) -> Value;
}

impl Keywords for Value {
    fn with_keywords(self, extra: Vec<(&str, Value)>) -> Value {
        with(self, extra)
    }

    /// Exactly one of these sets of keys is used.
    fn with_one_of(self, sets: &[&[&str]]) -> Value {
        with(self, vec![("oneOf", one_of_keys(sets))])
    }
}

/// Exactly one of these sets of keys (e.g. a filter's one test).
fn one_of_keys(sets: &[&[&str]]) -> Value {
    Value::Array(
        sets.iter()
            .map(|keys| {
                let required = |k: &&str| {
                    o(vec![
                        ("type", s("object")),
                        ("required", Value::Array(vec![s(k)])),
                        ("properties", o(vec![(k, o(vec![]))])),
                    ])
                };
                match keys {
                    [one] => required(one),
                    _ => o(vec![(
                        "anyOf",
                        Value::Array(keys.iter().map(required).collect()),
                    )]),
                }
            })
            .collect(),
    )
}

fn array(doc: &str, items: Value) -> Value {
    o(vec![
        ("description", s(doc)),
        ("type", s("array")),
        ("items", items),
    ])
}

fn strings(doc: &str) -> Value {
    array(doc, o(vec![("type", s("string"))]))
}

/// Collects objects and the differences between their properties and the decoder's lists.
struct Gen {
    errors: std::cell::RefCell<Vec<String>>,
}

impl Gen {
    /// An object that accepts exactly `fields` (the decoder's list), described one by one
    /// in `props`.
    fn object(
        &self,
        name: &str,
        doc: &str,
        fields: &[&str],
        props: Vec<(&str, Value)>,
        required: &[&str],
    ) -> Value {
        for f in fields {
            if !props.iter().any(|(k, _)| k == f) {
                self.errors.borrow_mut().push(format!(
                    "{name}: the decoder accepts \"{f}\", the schema does not describe it"
                ));
            }
        }
        for (k, v) in &props {
            if !fields.contains(k) {
                self.errors.borrow_mut().push(format!(
                    "{name}: the schema describes \"{k}\", the decoder does not accept it"
                ));
            }
            if v.get("description").is_none() {
                self.errors
                    .borrow_mut()
                    .push(format!("{name}.{k}: no description"));
            }
        }
        let mut members = vec![
            ("description", s(doc)),
            ("type", s("object")),
            ("properties", o(props)),
            ("additionalProperties", Value::Bool(false)),
        ];
        if !required.is_empty() {
            members.push((
                "required",
                Value::Array(required.iter().map(|r| s(r)).collect()),
            ));
        }
        o(members)
    }
}

/// The whole schema, or the places where it and the decoder disagree.
// One definition after another reads better than one literal of 400 lines.
#[allow(clippy::vec_init_then_push)]
pub fn generate() -> Result<Value, Vec<String>> {
    let g = Gen {
        errors: std::cell::RefCell::new(Vec::new()),
    };
    let page_types: Vec<&str> = PAGE_TYPES.iter().map(|t| t.name()).collect();

    let mut top = g.object(
        "config",
        "A shop-assistant configuration: question flows, the catalogue, tracking rules and messages.",
        TOP_FIELDS,
        vec![
            ("version", o(vec![("description", s("The configuration format; 1.")), ("const", Value::Number(1.0))])),
            ("locale", string("The language texts fall back to when the visitor's language has no translation, e.g. \"en\" (default \"en\").")),
            ("launcher", reference("launcher", "An optional floating button that opens a flow.")),
            ("catalogue", o(vec![
                ("description", s("The products: inline ({\"currency\": \"EUR\", \"products\": [...]} or an array of products), or the URL of a same-origin JSON file of that shape, fetched while the assistant starts (the launcher and flows appear once it has arrived).")),
                ("anyOf", Value::Array(vec![
                    reference("url", "The URL of a JSON file holding the catalogue."),
                    reference("catalogue", "The catalogue inline."),
                    array("The products inline (each gives its own currency).", reference("product", "A product.")),
                ])),
            ])),
            ("flows", o(vec![
                ("description", s("The question flows, by id (letters, digits, '-' and '_').")),
                ("type", s("object")),
                ("propertyNames", o(vec![("$ref", s("#/$defs/id"))])),
                ("additionalProperties", reference("flow", "A question flow.")),
            ])),
            ("tracking", reference("tracking", "Where the shop's pages show page types, products and the basket, read without code on the shop's pages.")),
            ("privacy", reference("privacy", "Consent and Global Privacy Control.")),
            ("messages", array("Targeted messages (pop-ups and bars), above all on basket and checkout pages.", reference("message", "A message."))),
            ("messageSettings", reference("messageSettings", "Settings shared by all messages.")),
            ("recommendations", reference("recommendations", "Recommendation blocks computed from the visitor's own profile in their browser, each product with the reason it is shown.")),
            ("labels", reference("labels", "The widget's own texts, where you want other words than its built-in ones (it ships them in en, de, fr, es, it, nl, pl, pt, ru, uk, bg, ja, zh, zh-Hant, ko, ar, he and tr).")),
        ],
        &["catalogue", "flows"],
    );
    // Editors read "$schema" to find this file; the decoder ignores it.
    if let Value::Object(members) = &mut top {
        if let Some((_, Value::Object(props))) = members.iter_mut().find(|(k, _)| k == "properties")
        {
            props.insert(0, ("$schema".to_string(), string("The URL of this schema, for editors: \"./assistant.schema.json\" or where you serve it.")));
        }
    }

    let mut defs: Vec<(&str, Value)> = Vec::new();
    defs.push((
        "id",
        o(vec![
            ("description", s("An id: letters, digits, '-' and '_'.")),
            ("type", s("string")),
            ("pattern", s("^[A-Za-z0-9_-]+$")),
        ]),
    ));
    defs.push(("text", o(vec![
        ("description", s("A text shown to the visitor, as text (never HTML): a string, or an object of language to string ({\"en\": \"Find your coffee\", \"de\": \"Finden Sie Ihren Kaffee\"}). A missing translation falls back to the same language of another region, then to \"locale\".")),
        ("anyOf", Value::Array(vec![
            o(vec![("type", s("string"))]),
            o(vec![
                ("type", s("object")),
                ("propertyNames", o(vec![("pattern", s("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"))])),
                ("additionalProperties", o(vec![("type", s("string"))])),
                ("minProperties", Value::Number(1.0)),
            ]),
        ])),
    ])));
    defs.push(("url", o(vec![
        ("description", s("An http, https or relative URL; any other scheme (javascript:, data:, ...) is refused.")),
        ("type", s("string")),
        ("pattern", s("^(?:[Hh][Tt][Tt][Pp][Ss]?://|(?![A-Za-z][A-Za-z0-9+.-]*:))")),
    ])));
    defs.push((
        "localUrl",
        o(vec![
            (
                "description",
                s("An http, https or relative URL, or an object of language to such a URL."),
            ),
            (
                "anyOf",
                Value::Array(vec![
                    o(vec![("$ref", s("#/$defs/url"))]),
                    o(vec![
                        ("type", s("object")),
                        (
                            "propertyNames",
                            o(vec![("pattern", s("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"))]),
                        ),
                        ("additionalProperties", o(vec![("$ref", s("#/$defs/url"))])),
                        ("minProperties", Value::Number(1.0)),
                    ]),
                ]),
            ),
        ]),
    ));
    defs.push((
        "labels",
        g.object(
            "labels",
            "The widget's own texts, by name; each a text, in one or several languages. A label given for some languages only keeps the built-in words in the others.",
            &LABEL_KEYS,
            vec![
                ("close", text("The close button (English: \"Close\").")),
                ("back", text("The back button (English: \"Back\").")),
                ("restart", text("The start-again button (English: \"Start again\").")),
                ("results", text("The results heading when products fit every answer (English: \"Our recommendation\").")),
                ("closest", text("The results heading when none does (English: \"Closest matches\").")),
                ("closestNote", text("The note under it (English: \"No product fits every answer. These come closest.\").")),
                ("viewProduct", text("The link to a product page (English: \"View product\").")),
                ("matches", text("Before the answers a product matches (English: \"Matches\").")),
                ("misses", text("Before the answers it does not (English: \"Does not match\").")),
                ("none", text("When nothing that fits is in stock (English: \"Sorry, nothing that fits is in stock right now.\").")),
                ("next", text("The button that submits a multiple-choice or range answer (English: \"Continue\").")),
                ("unavailable", text("Why an answer cannot be chosen (English: \"Nothing in stock fits this together with your earlier answers.\").")),
                ("upTo", text("Before a range answer's value when products may cost at most it (English: \"Up to\").")),
                ("atLeast", text("Before it when products must be at least it (English: \"At least\").")),
                ("span", text("Before the span of values the products that fit so far have (English: \"Products that fit so far\").")),
                ("relaxed", text("Before the questions set aside to find the closest matches (English: \"Set aside\").")),
                ("viewedReason", text("A recommendation's reason when the visitor looked at it (English: \"You looked at this\").")),
                ("similarReason", text("When it is like a product they looked at; {} is that product's name (English: \"Because you looked at {}\").")),
                ("likesReason", text("When they showed interest in one of its values; {} is the value (English: \"You like {}\").")),
                ("pickedReason", text("When they showed interest in one of its values that has no name in the visitor's language (no answer of a flow names it in that language, and the catalogue writes it in another) (English: \"Picked for you\").")),
                ("unavailableNote", text("Under a message with a restore button, the products left behind that are no longer for sale; {} is their names (English: \"No longer available: {}\").")),
                ("goesWithReason", text("When it goes with a product on the page or in the basket; {} is that product's name (English: \"Goes with {}\").")),
            ],
            &[],
        ),
    ));
    defs.push((
        "launcher",
        g.object(
            "launcher",
            "A floating button that opens a flow.",
            LAUNCHER_FIELDS,
            vec![
                ("flow", id("The flow it opens.")),
                ("label", text("The button's label.")),
                choice_field(&POSITION),
                (
                    "showOn",
                    array(
                        "When set, the only pages where the launcher is shown, e.g. [\"product\", \"category\", \"/gifts/*\"]: page types (as in tracking.pages) or path patterns starting with '/' ('*' matches anything).",
                        string("A page type or a path pattern."),
                    ),
                ),
                (
                    "hideOn",
                    array(
                        "Pages where the launcher is not shown, even where showOn names them, e.g. [\"/checkout/payment*\", \"confirmation\"]: page types (as in tracking.pages) or path patterns starting with '/' ('*' matches anything).",
                        string("A page type or a path pattern."),
                    ),
                ),
            ],
            &["flow", "label"],
        ),
    ));
    defs.push(("catalogue", g.object(
        "catalogue",
        "The products of the shop.",
        CATALOGUE_FIELDS,
        vec![
            ("currency", string("The ISO 4217 currency of the prices, e.g. \"EUR\", unless a product gives its own.")),
            ("products", array("The products, in the order that breaks ties between equally good matches.", reference("product", "A product."))),
        ],
        &["products"],
    )));
    defs.push(("product", g.object(
        "product",
        "A product.",
        PRODUCT_FIELDS,
        vec![
            ("id", string("Unique in the catalogue; what the shop's pages and events call it.")),
            ("name", text("Its name, in one or several languages.")),
            ("url", reference("localUrl", "Its page; the results link there. One per language for a shop with a page per language: {\"en\": \"/en/p/ring\", \"ja\": \"/ja/p/ring\"}.")),
            ("price", rule("Its price (can be filtered like an attribute, as \"price\").", PRICE)),
            ("currency", string("The ISO 4217 currency of the price, if not the catalogue's.")),
            ("image", reference("localUrl", "A picture shown with it in the results (one per language, if it shows words).")),
            ("description", text("A line shown under its name in the results.")),
            flag_field(&super::catalogue::IN_STOCK),
            ("attributes", o(vec![
                ("description", s("What questions filter on: strings, numbers, booleans or lists of strings, e.g. {\"brew\": [\"espresso\", \"filter\"], \"weight\": 250}.")),
                ("type", s("object")),
                ("additionalProperties", o(vec![("type", Value::Array(vec![s("string"), s("number"), s("boolean"), s("array")])), ("items", o(vec![("type", s("string"))]))])),
            ])),
        ],
        &["id", "name", "url", "price"],
    )));
    defs.push(("flow", g.object(
        "flow",
        "A question flow: a few questions that narrow the catalogue to the products that fit.",
        FLOW_FIELDS,
        vec![
            ("title", text("The dialog's title.")),
            ("start", id("The first question (default: the first written).")),
            ("questions", array("The questions, asked in the order written unless an answer or a question says \"next\".", reference("question", "A question."))),
            number_field(&MAX_RESULTS),
            flag_field(&AUTO_REDIRECT),
            flag_field(&START_FROM_LAST_ANSWERS),
            ("linkParams", o(vec![
                ("description", s("Query parameters added to product links; {flow} and {product} are filled in (default {\"sa_flow\": \"{flow}\"}).")),
                ("type", s("object")),
                ("additionalProperties", o(vec![("type", s("string"))])),
            ])),
            ("recommend", id("A recommendation block (its id in recommendations.blocks) shown under the results: more products for this visitor, none of the results, linked with this flow's linkParams. The block's pages and after do not apply here.")),
        ],
        &["title", "questions"],
    )));
    // What depends on a question's type: a range question has a numeric attribute, min and max
    // and no answers; the others have answers and none of the range's keys; an image
    // question's answers each have a picture.
    let is_type = |t: &str| {
        needs(&["type"], vec![]).with_keywords(vec![(
            "properties",
            o(vec![("type", o(vec![("const", s(t))]))]),
        )])
    };
    let by_type = Value::Array(vec![
        o(vec![
            ("if", is_type("range")),
            (
                "then",
                needs(
                    &["attribute", "min", "max"],
                    vec![("answers", Value::Bool(false))],
                ),
            ),
            (
                "else",
                needs(
                    &["answers"],
                    RANGE_ONLY
                        .iter()
                        .map(|k| (*k, Value::Bool(false)))
                        .collect(),
                ),
            ),
        ]),
        o(vec![
            ("if", is_type("image")),
            (
                "then",
                o(vec![
                    ("type", s("object")),
                    (
                        "properties",
                        o(vec![(
                            "answers",
                            o(vec![
                                ("type", s("array")),
                                ("items", needs(&["image"], vec![])),
                            ]),
                        )]),
                    ),
                ]),
            ),
        ]),
    ]);
    defs.push(("question", with(g.object(
        "question",
        "A question of a flow.",
        QUESTION_FIELDS,
        vec![
            ("id", id("Unique in the flow (\"results\" is reserved).")),
            ("type", one_of_strings("\"single\" (default: one click answers), \"image\" (answers are pictures), \"multiple\" (checkboxes, then Continue; a product must fit at least one ticked answer), \"range\" (a slider).", QUESTION_TYPES)),
            ("text", text("The question.")),
            ("help", text("A line under the question.")),
            ("answers", array("The answers (not for \"range\").", reference("answer", "An answer."))),
            ("skip", text("The label of a \"not sure\" button that answers without filtering anything.")),
            ("when", reference("when", "Ask only if an earlier answer was given; otherwise the next written question is asked.")),
            ("next", string("Where to go when the answer names no \"next\": a question id or \"results\".")),
            ("importance", rule("When nothing fits every answer, the least important answers are set aside first (default: earlier questions matter more).", IMPORTANCE)),
            ("attribute", string("range: the numeric attribute (or \"price\") the slider filters.")),
            ("min", number("range: the slider's lowest value.")),
            ("max", number("range: the slider's highest value.")),
            number_field(&super::question::STEP),
            ("default", number("range: where the slider starts (default: max for \"bound\": \"max\", min for \"min\").")),
            ("bound", one_of_strings("range: \"max\" (products up to the value, the default) or \"min\" (at least the value).", &["max", "min"])),
            ("currency", string("range: the ISO 4217 currency to show the value in (for prices).")),
        ],
        &["id", "text"],
    ), vec![("allOf", by_type)])));
    defs.push(("answer", with(g.object(
        "answer",
        "An answer to a question.",
        ANSWER_FIELDS,
        vec![
            ("id", id("Unique in the question.")),
            ("label", text("What the visitor reads.")),
            ("image", url("A picture (required for \"image\" questions).")),
            ("alt", text("The picture's text alternative (required with \"image\").")),
            ("next", string("The next question's id, or \"results\".")),
            ("filters", array("Requirements a product must meet; an answer without filters filters nothing.", reference("filter", "A requirement."))),
            ("prefer", array("Soft preferences that reorder the results without excluding anything.", reference("preference", "A preference."))),
        ],
        &["id", "label"],
    ), vec![("dependentRequired", o(vec![("image", Value::Array(vec![s("alt")]))]))])));
    let test_props = |weight: bool| {
        let mut v = vec![
            ("attribute", string("The product attribute (or \"price\").")),
            (
                "equals",
                o(vec![
                    (
                        "description",
                        s("The attribute is (or, for a list, contains) this value."),
                    ),
                    (
                        "type",
                        Value::Array(vec![s("string"), s("number"), s("boolean")]),
                    ),
                ]),
            ),
            (
                "oneOf",
                o(vec![
                    (
                        "description",
                        s("The attribute is (or contains) one of these values."),
                    ),
                    ("type", s("array")),
                    (
                        "items",
                        o(vec![(
                            "type",
                            Value::Array(vec![s("string"), s("number"), s("boolean")]),
                        )]),
                    ),
                ]),
            ),
            (
                "notEquals",
                o(vec![
                    ("description", s("The product has the attribute, and it is not (for a list, does not contain) this value.")),
                    ("type", Value::Array(vec![s("string"), s("number"), s("boolean")])),
                ]),
            ),
            (
                "allOf",
                o(vec![
                    ("description", s("The attribute, a list, contains every one of these values (e.g. every metal the visitor ticked).")),
                    ("type", s("array")),
                    ("items", o(vec![("type", Value::Array(vec![s("string"), s("number"), s("boolean")]))])),
                ]),
            ),
            (
                "contains",
                o(vec![
                    ("description", s("The attribute's text (or an item of its list) contains this; Latin letters match in any case.")),
                    ("type", Value::Array(vec![s("string"), s("number")])),
                ]),
            ),
            ("min", number("The attribute is a number at least this.")),
            ("max", number("The attribute is a number at most this.")),
        ];
        if weight {
            v.push((
                "weight",
                number("How much it counts (default 1; negative penalises)."),
            ));
        }
        v
    };
    defs.push((
        "filter",
        g.object(
            "filter",
            "A requirement: an attribute and one test.",
            FILTER_FIELDS,
            test_props(false),
            &["attribute"],
        )
        .with_one_of(FILTER_TESTS),
    ));
    defs.push((
        "preference",
        g.object(
            "preference",
            "A preference: an attribute, one test and a weight.",
            PREFER_FIELDS,
            test_props(true),
            &["attribute"],
        )
        .with_one_of(FILTER_TESTS),
    ));
    defs.push((
        "when",
        g.object(
            "when",
            "A condition on an earlier answer.",
            WHEN_FIELDS,
            vec![
                ("question", id("The earlier question.")),
                ("answer", id("The answer that must have been given.")),
                (
                    "anyOf",
                    strings("Answers of which one must have been given."),
                ),
            ],
            &["question"],
        ),
    ));
    defs.push(("tracking", g.object(
        "tracking",
        "Rules that read the shop's pages: page types, the product shown, the basket, add-to-basket buttons, searches.",
        TRACKING_FIELDS,
        vec![
            ("pages", array("Page-type rules; the first whose path matches wins (\"/\" is home).", g.object(
                "tracking.pages[]",
                "A page-type rule.",
                PAGE_RULE_FIELDS,
                vec![
                    ("type", one_of_strings("The page type.", &page_types)),
                    ("path", string("The path, '*' matching anything: \"/products/*\".")),
                ],
                &["type", "path"],
            ))),
            ("product", with(reference("probe", "Where a product page shows its product id."), vec![("allOf", Value::Array(vec![needs(&["selector"], vec![])]))])),
            ("basket", g.object(
                "tracking.basket",
                "Where the basket page shows its lines; re-read whenever the shop re-renders it.",
                BASKET_FIELDS,
                vec![
                    ("lines", string("A CSS selector for each line of the basket.")),
                    ("id", reference("probe", "The product id, in a line.")),
                    ("quantity", reference("probe", "The quantity, in a line (default 1).")),
                    ("price", reference("probe", "The unit price, in a line.")),
                    ("total", with(reference("probe", "The basket's total, on the page."), vec![("allOf", Value::Array(vec![needs(&["selector"], vec![])]))])),
                ],
                &["lines", "id"],
            )),
            ("addToBasket", g.object(
                "tracking.addToBasket",
                "Add-to-basket buttons, recorded when clicked.",
                ADD_FIELDS,
                vec![
                    ("selector", string("A CSS selector for the buttons.")),
                    ("id", reference("probe", "The product id, on the button.")),
                    ("price", reference("probe", "The price, on the button.")),
                    ("quantity", reference("probe", "The quantity chosen: the nearest element around the button its selector finds (e.g. {\"selector\": \"input[name=qty]\", \"attribute\": \"value\"}; an input's value is its current value); 1 when none.")),
                ],
                &["selector", "id"],
            )),
            ("searchParam", string("The query parameter of the shop's search page, e.g. \"q\".")),
            flag_field(&super::tracking::JSON_LD),
            flag_field(&super::tracking::READ_DATA_LAYER),
        ],
        &[],
    )));
    defs.push(("probe", g.object(
        "probe",
        "Where a value is on the page: the element a selector finds (or the line or button itself) and its attribute (or its text; prices like \"€1,234.50\" or \"12,50 €\" are understood).",
        PROBE_FIELDS,
        vec![
            ("selector", string("A CSS selector.")),
            ("attribute", string("The attribute holding the value (default: the element's text).")),
        ],
        &[],
    ).with_keywords(vec![("minProperties", Value::Number(1.0))])));
    defs.push((
        "privacy",
        g.object(
            "privacy",
            "Consent and Global Privacy Control.",
            PRIVACY_FIELDS,
            vec![
                flag_field(&super::tracking::CONSENT_REQUIRED),
                flag_field(&super::tracking::HONOUR_GPC),
            ],
            &[],
        ),
    ));
    defs.push(("message", g.object(
        "message",
        "A targeted message.",
        MESSAGE_FIELDS,
        vec![
            ("id", id("Unique among the messages; named in events and stats().")),
            choice_field(&super::message::PLACEMENT),
            ("title", text("A heading. Texts may hold {basket}, {items}, {remaining}, {instalment}, {instalments}, {abandonedItems}, {abandonedValue}, {recent}, {unavailable}.")),
            ("body", text("The message. May hold the same live values as the title.")),
            ("buttons", array("Its buttons.", reference("button", "A button."))),
            ("when", reference("condition", "When it may show.")),
            ("priority", number("When several could show, the highest priority shows (default 0).")),
            ("caps", g.object(
                "message.caps",
                "How often it may show.",
                CAPS_FIELDS,
                vec![
                    flag_field(&ONCE_PER_VISIT),
                    number_field(&PER_DAY),
                    number_field(&COOLDOWN_DAYS),
                    flag_field(&STOP_AFTER_CONVERSION),
                ],
                &[],
            )),
            ("survey", g.object(
                "message.survey",
                "Makes the message a one-click survey scale.",
                SURVEY_FIELDS,
                vec![
                    ("kind", one_of_strings("\"nps\" (0-10), \"csat\" (1-5) or \"ces\" (1-7).", &["nps", "csat", "ces"])),
                    ("low", text("The label of the scale's low end.")),
                    ("high", text("The label of the scale's high end.")),
                    ("thanks", text("Shown after an answer (default \"Thank you!\").")),
                ],
                &["kind"],
            )),
            ("variants", array("A/B variants: each device sees one (weighted, always the same).", g.object(
                "message.variants[]",
                "A variant of the message.",
                VARIANT_FIELDS,
                vec![
                    ("id", id("Named in events and stats().")),
                    ("title", text("This variant's heading.")),
                    ("body", text("This variant's text.")),
                    number_field(&super::message::WEIGHT),
                ],
                &["id"],
            ))),
            ("products", id("A recommendation block (its id in recommendations.blocks) whose product cards the message shows under its text, e.g. what goes with the basket on the basket page. The block's pages and after do not apply here.")),
        ],
        &["id", "body", "when"],
    )));
    defs.push((
        "button",
        g.object(
            "button",
            "A button of a message: give exactly one of url, copy, flow, dismiss.",
            BUTTON_FIELDS,
            vec![
                ("label", text("What it says.")),
                ("url", url("Goes to this page.")),
                (
                    "copy",
                    string("Copies this text (a coupon code) to the clipboard."),
                ),
                ("flow", id("Opens this question flow.")),
                (
                    "dismiss",
                    o(vec![
                        ("description", s("true: closes the message.")),
                        ("const", Value::Bool(true)),
                    ]),
                ),
                (
                    "restore",
                    o(vec![
                        ("description", s("true: brings back the basket left behind (the products still for sale): through messageSettings.restoreBasket's link, or else a shop-assistant:restore-basket event for the shop's own script.")),
                        ("const", Value::Bool(true)),
                    ]),
                ),
            ],
            &["label"],
        )
        .with_one_of(
            &BUTTON_ACTIONS
                .iter()
                .map(std::slice::from_ref)
                .collect::<Vec<_>>(),
        ),
    ));
    let strategy_names: Vec<&str> = STRATEGIES.iter().map(|(n, _)| *n).collect();
    defs.push(("recommendations", g.object(
        "recommendations",
        "Recommendation blocks, and the merchant's pairings.",
        RECOMMENDATIONS_FIELDS,
        vec![
            ("blocks", o(vec![
                ("description", s("The blocks, by id: a page shows one where it has <div data-shop-assistant-recommend=\"<id>\"></div>, or after the element its \"after\" selector finds.")),
                ("type", s("object")),
                ("propertyNames", o(vec![("$ref", s("#/$defs/id"))])),
                ("additionalProperties", reference("recommendationBlock", "A block.")),
            ])),
            flag_field(&super::recommend::PUSH_DATA_LAYER),
            ("complements", array("Pairings for the \"complements\" strategy: products passing \"show\" go with a product passing \"with\" (on the page or in the basket), e.g. with a ring, ring boxes.", g.object(
                "recommendations.complements[]",
                "A pairing.",
                COMPLEMENT_FIELDS,
                vec![
                    ("with", reference("filter", "The product on the page or in the basket.")),
                    ("show", reference("filter", "What goes with it.")),
                ],
                &["with", "show"],
            ))),
        ],
        &[],
    )));
    defs.push(("recommendationBlock", g.object(
        "recommendationBlock",
        "A recommendation block: its strategies fill it in order, each product once; never a product out of stock, the one on the page, or one in the basket.",
        BLOCK_FIELDS,
        vec![
            ("title", text("A heading above the products.")),
            ("strategies", with(array("In order; each fills what the ones before left: \"recentlyViewed\" (last viewed first), \"similar\" (to the product on the page, or the one viewed last, by shared attributes), \"forYou\" (by the visitor's interests), \"complements\" (the pairings), \"featured\" (the catalogue's order).", one_of_strings("A strategy.", &strategy_names)), vec![("minItems", Value::Number(1.0)), ("uniqueItems", Value::Bool(true))])),
            number_field(&COUNT),
            ("after", string("A CSS selector: the block goes after the first element it finds (so one snippet serves every page), where the page has no data-shop-assistant-recommend element for it.")),
            ("pages", array("The page types it shows on (default: all).", one_of_strings("A page type.", &page_types))),
            flag_field(&super::recommend::INCLUDE_BOUGHT),
        ],
        &["strategies"],
    )));
    defs.push(("messageSettings", g.object(
        "messageSettings",
        "Settings shared by all messages.",
        SETTINGS_FIELDS,
        vec![
            number_field(&PER_VISIT),
            ("quiet", strings("Paths (with '*') where no message interrupts, e.g. [\"/checkout/payment*\"].")),
            number_field(&FREE_DELIVERY_FROM),
            number_field(&INSTALMENTS),
            ("currency", string("The ISO 4217 currency live values are shown in.")),
            ("timeZone", string("The IANA time zone schedules are read in, e.g. \"Europe/Dublin\".")),
            flag_field(&super::message::SETTINGS_DATA_LAYER),
            ("restoreBasket", g.object(
                "messageSettings.restoreBasket",
                "The shop's link that fills its basket, for restore buttons, e.g. a cart permalink {\"url\": \"/cart/{items}\", \"item\": \"{id}:{quantity}\", \"separator\": \",\"}.",
                RESTORE_FIELDS,
                vec![
                    ("url", o(vec![
                        ("description", s("The link, with {items} where the lines go; one per language like a product's url ({\"en\": \"/en/cart/{items}\", \"ja\": \"/ja/cart/{items}\"}).")),
                        ("allOf", Value::Array(vec![
                            o(vec![("$ref", s("#/$defs/localUrl"))]),
                            o(vec![("anyOf", Value::Array(vec![
                                o(vec![("type", s("string")), ("pattern", s("\\{items\\}"))]),
                                o(vec![("type", s("object")), ("additionalProperties", o(vec![("type", s("string")), ("pattern", s("\\{items\\}"))]))]),
                            ]))]),
                        ])),
                    ])),
                    ("item", o(vec![("description", s("One line, with {id} and {quantity} (default \"{id}:{quantity}\").")), ("type", s("string")), ("pattern", s("\\{id\\}"))])),
                    ("separator", o(vec![("description", s("Between lines (default \",\").")), ("type", s("string"))])),
                ],
                &["url"],
            )),
        ],
        &[],
    )));

    // Conditions: exactly one key each, combined with all / any / not.
    let bounds = |g: &Gen, name: &str, doc: &str, max: &str| {
        g.object(
            name,
            doc,
            BOUNDS_FIELDS,
            vec![("min", number("At least this.")), ("max", number(max))],
            &[],
        )
        .with_keywords(vec![("minProperties", Value::Number(1.0))])
    };
    let conditions: Vec<(&str, Value)> = vec![
        ("all", array("Every one of these holds.", o(vec![("$ref", s("#/$defs/condition"))]))),
        ("any", array("At least one of these holds.", o(vec![("$ref", s("#/$defs/condition"))]))),
        ("not", reference("condition", "This does not hold.")),
        ("page", o(vec![
            ("description", s("The page is of this type (or one of these).")),
            ("anyOf", Value::Array(vec![
                one_of_strings("A page type.", &page_types),
                array("Page types.", one_of_strings("A page type.", &page_types)),
            ])),
        ])),
        ("path", string("The page's path matches, '*' matching anything.")),
        ("basketValue", bounds(&g, "condition.basketValue", "The basket's value is within these bounds.", "Below this (so {\"min\": 0.01, \"max\": 40} is any basket under the free-delivery threshold of 40).")),
        ("basketItems", bounds(&g, "condition.basketItems", "The number of items in the basket is within these bounds.", "At most this.")),
        ("basketContains", string("The basket holds this product id.")),
        ("visits", rule("At least this many visits, this one included.", VISITS)),
        ("returning", o(vec![("description", s("true: a returning visitor (two visits or more).")), ("const", Value::Bool(true))])),
        ("pagesThisVisit", rule("At least this many pages this visit.", PAGES)),
        ("timeOnPage", rule("At least this many seconds on the page (the message waits for it).", SECONDS)),
        ("idleSeconds", rule("At least this many seconds without the visitor touching the page (pointer, keys, scrolling).", SECONDS)),
        ("scrollDepth", rule("Scrolled at least this far down the page, in percent.", SCROLL_DEPTH)),
        ("exitIntent", o(vec![("description", s("true: the visitor is about to leave (pointer out through the top; on phones switching away and back, or a fast scroll up).")), ("const", Value::Bool(true))])),
        ("abandonedBasket", o(vec![("description", s("true: a basket was left behind at the end of an earlier visit.")), ("const", Value::Bool(true))])),
        ("affinity", g.object("condition.affinity", "Interest in attribute=value (1 per product viewed, 3 per product added, halving weekly) is at least min.", AFFINITY_FIELDS, vec![
            ("attribute", string("The product attribute.")),
            ("value", string("Its value.")),
            ("min", number("The least interest (default 1).")),
        ], &["attribute", "value"])),
        ("answered", g.object("condition.answered", "The visitor gave this answer in a flow.", ANSWERED_FIELDS, vec![
            ("flow", id("The flow.")),
            ("question", id("The question.")),
            ("answer", id("The answer.")),
        ], &["flow", "question", "answer"])),
        ("device", one_of_strings("The kind of device.", &["mobile", "desktop"])),
        ("schedule", g.object("condition.schedule", "The time is within this schedule (in messageSettings.timeZone).", SCHEDULE_FIELDS, vec![
            ("from", o(vec![("description", s("From this date on, e.g. \"2026-12-01\".")), ("type", s("string")), ("pattern", s(DATE_PATTERN))])),
            ("until", o(vec![("description", s("Until this date, included.")), ("type", s("string")), ("pattern", s(DATE_PATTERN))])),
            ("weekdays", array("On these weekdays, 1 (Monday) to 7 (Sunday).", rule("A weekday.", WEEKDAY))),
            ("hours", with(array("Between these hours, [from, until], e.g. [9, 18].", rule("An hour.", HOUR)), vec![("minItems", Value::Number(2.0)), ("maxItems", Value::Number(2.0))])),
        ], &[])),
        ("variant", g.object("condition.variant", "This device sees this A/B variant of a message.", VARIANT_CONDITION_FIELDS, vec![
            ("message", id("The message with variants.")),
            ("variant", id("The variant.")),
        ], &["message", "variant"])),
    ];
    for c in CONDITIONS {
        if !conditions.iter().any(|(k, _)| k == c) {
            g.errors.borrow_mut().push(format!(
                "condition: the decoder accepts \"{c}\", the schema does not describe it"
            ));
        }
    }
    let mut alternatives = Vec::new();
    for (k, v) in conditions {
        if !CONDITIONS.contains(&k) {
            g.errors.borrow_mut().push(format!(
                "condition: the schema describes \"{k}\", the decoder does not accept it"
            ));
        }
        let doc = match v.get("description") {
            Some(Value::String(d)) => d.clone(),
            _ => String::new(),
        };
        alternatives.push(o(vec![
            ("description", s(&doc)),
            ("type", s("object")),
            ("properties", o(vec![(k, v)])),
            ("required", Value::Array(vec![s(k)])),
            ("additionalProperties", Value::Bool(false)),
        ]));
    }
    defs.push(("condition", o(vec![
        ("description", s("A condition: an object with exactly one key. Combine several with \"all\", \"any\" and \"not\".")),
        ("oneOf", Value::Array(alternatives)),
    ])));

    let errors = g.errors.into_inner();
    if !errors.is_empty() {
        return Err(errors);
    }
    let Value::Object(mut members) = top else {
        return Err(vec!["the top level is not an object".into()]);
    };
    members.insert(
        0,
        (
            "$schema".into(),
            s("https://json-schema.org/draft/2020-12/schema"),
        ),
    );
    members.insert(1, ("title".into(), s("shop-assistant configuration")));
    members.push(("$defs".into(), o(defs)));
    Ok(Value::Object(members))
}

/// JSON with two-space indentation, for files people read.
pub fn pretty(value: &Value) -> String {
    let mut out = String::new();
    write_pretty(&mut out, value, 0);
    out.push('\n');
    out
}

fn write_pretty(out: &mut String, value: &Value, depth: usize) {
    let pad = |out: &mut String, d: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(d));
    };
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                pad(out, depth + 1);
                write_pretty(out, item, depth + 1);
            }
            pad(out, depth);
            out.push(']');
        }
        Value::Object(members) if !members.is_empty() => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                pad(out, depth + 1);
                out.push_str(&super::json::stringify(&Value::String(k.clone())));
                out.push_str(": ");
                write_pretty(out, v, depth + 1);
            }
            pad(out, depth);
            out.push('}');
        }
        other => out.push_str(&super::json::stringify(other)),
    }
}
