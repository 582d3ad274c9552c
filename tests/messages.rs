//! Targeted messages: every condition, caps, the visit budget, priorities, quiet pages and
//! live values, with a fixed clock.

mod common;
use shop_assistant::core::catalogue::Catalogue;
use shop_assistant::core::config::Config;
use shop_assistant::core::decode::Problems;
use shop_assistant::core::flow::{Answered, Choice};
use shop_assistant::core::json::parse;
use shop_assistant::core::message::{
    choose, decode_condition, fill, Condition, Context, Device, MessageSettings, Names, Piece,
};
use shop_assistant::core::page::PageType;
use shop_assistant::core::profile::{Event, Line, Profile, SESSION_TIMEOUT_MS};

const T0: f64 = 1_795_000_000_000.0;
const DAY: f64 = 86_400_000.0;

fn cond(json: &str) -> Condition {
    let mut p = Problems::default();
    let c = decode_condition(&mut p, &parse(json).unwrap(), "when", 0);
    assert!(p.is_empty(), "{:?}", p.into_vec());
    c.unwrap()
}

fn ctx<'a>(profile: &'a Profile, page: PageType, path: &'a str) -> Context<'a> {
    Context {
        profile,
        path,
        page,
        now: T0,
        exit_intent: false,
        device: Device::Desktop,
        variants: &[],
        date: "2026-11-22".into(),
        weekday: 7,
        hour: 10,
        idle: 0.0,
        scroll_depth: 0.0,
    }
}

#[test]
fn idle_time_and_scroll_depth_conditions() {
    let p = basket(10.0, 1.0);
    let idle = cond(r#"{"idleSeconds": 30}"#);
    let deep = cond(r#"{"scrollDepth": 60}"#);
    let mut c = ctx(&p, PageType::Product, "/p");
    assert!(!idle.holds(&c) && !deep.holds(&c));
    c.idle = 31.0;
    c.scroll_depth = 75.0;
    assert!(idle.holds(&c) && deep.holds(&c));
    assert!(idle.watches_activity() && cond(r#"{"not": {"scrollDepth": 10}}"#).watches_activity());
    assert!(!cond(r#"{"timeOnPage": 10}"#).watches_activity());
    let mut problems = Problems::default();
    assert!(decode_condition(
        &mut problems,
        &parse(r#"{"scrollDepth": 150}"#).unwrap(),
        "when",
        0
    )
    .is_none());
    assert_eq!(
        problems.into_vec()[0].to_string(),
        "when.scrollDepth: must be a number from 0 to 100; found 150"
    );
}

fn basket(value: f64, items: f64) -> Profile {
    let mut p = Profile {
        visits: 1,
        basket_value: value,
        ..Profile::default()
    };
    p.basket.push(Line {
        id: "house-espresso".into(),
        quantity: items,
        price: value / items,
    });
    p
}

#[test]
fn every_condition_holds_exactly_when_it_should() {
    let p = basket(30.0, 2.0);
    let c = ctx(&p, PageType::Basket, "/basket");
    let yes = |j: &str| assert!(cond(j).holds(&c), "{j} should hold");
    let no = |j: &str| assert!(!cond(j).holds(&c), "{j} should not hold");
    yes(r#"{"page": "basket"}"#);
    yes(r#"{"page": ["checkout", "basket"]}"#);
    no(r#"{"page": "checkout"}"#);
    yes(r#"{"path": "/bas*"}"#);
    no(r#"{"path": "/checkout*"}"#);
    yes(r#"{"basketValue": {"min": 20, "max": 40}}"#);
    no(r#"{"basketValue": {"min": 40}}"#);
    no(r#"{"basketValue": {"max": 30}}"#); // max is exclusive: below 30
    yes(r#"{"basketItems": {"min": 2, "max": 2}}"#);
    no(r#"{"basketItems": {"min": 3}}"#);
    yes(r#"{"basketContains": "house-espresso"}"#);
    no(r#"{"basketContains": "kettle"}"#);
    yes(r#"{"visits": 1}"#);
    no(r#"{"visits": 2}"#);
    no(r#"{"returning": true}"#);
    no(r#"{"exitIntent": true}"#);
    no(r#"{"abandonedBasket": true}"#);
    yes(r#"{"device": "desktop"}"#);
    no(r#"{"device": "mobile"}"#);
    yes(r#"{"all": [{"page": "basket"}, {"not": {"page": "checkout"}}]}"#);
    yes(r#"{"any": [{"page": "checkout"}, {"basketItems": {"min": 1}}]}"#);
    no(r#"{"all": [{"page": "basket"}, {"visits": 3}]}"#);
    // Schedules: 2026-11-22 is a Sunday (7), 10:00 in the shop's time zone.
    yes(r#"{"schedule": {"from": "2026-11-20", "until": "2026-11-30"}}"#);
    no(r#"{"schedule": {"from": "2026-12-01"}}"#);
    yes(r#"{"schedule": {"weekdays": [6, 7], "hours": [9, 18]}}"#);
    no(r#"{"schedule": {"weekdays": [1, 2, 3, 4, 5]}}"#);
    no(r#"{"schedule": {"hours": [22, 6]}}"#);
    let mut night = ctx(&p, PageType::Basket, "/basket");
    night.hour = 23;
    assert!(
        cond(r#"{"schedule": {"hours": [22, 6]}}"#).holds(&night),
        "hours wrap past midnight"
    );

    let mut q = basket(30.0, 2.0);
    q.visits = 3;
    q.pages_this_session = 4;
    q.page_start = T0 - 45_000.0;
    q.abandoned = Some(shop_assistant::core::profile::Abandoned {
        lines: q.basket.clone(),
        value: 30.0,
        at: T0 - DAY,
    });
    q.affinities = vec![("category=coffee".into(), 3.5)];
    q.affinity_at = T0;
    q.answers = vec![(
        "coffee-finder".into(),
        vec![Answered {
            question: "brew".into(),
            choice: Choice::One("espresso".into()),
        }],
    )];
    let mut c = ctx(&q, PageType::Checkout, "/checkout");
    c.exit_intent = true;
    c.device = Device::Mobile;
    for j in [
        r#"{"returning": true}"#,
        r#"{"visits": 3}"#,
        r#"{"pagesThisVisit": 4}"#,
        r#"{"timeOnPage": 45}"#,
        r#"{"exitIntent": true}"#,
        r#"{"abandonedBasket": true}"#,
        r#"{"affinity": {"attribute": "category", "value": "coffee", "min": 3}}"#,
        r#"{"answered": {"flow": "coffee-finder", "question": "brew", "answer": "espresso"}}"#,
        r#"{"device": "mobile"}"#,
    ] {
        assert!(cond(j).holds(&c), "{j}");
    }
    for j in [
        r#"{"pagesThisVisit": 5}"#,
        r#"{"timeOnPage": 46}"#,
        r#"{"affinity": {"attribute": "category", "value": "coffee", "min": 4}}"#,
        r#"{"answered": {"flow": "coffee-finder", "question": "brew", "answer": "filter"}}"#,
    ] {
        assert!(!cond(j).holds(&c), "{j}");
    }
}

/// Adds `quantity` of product `id` to the basket at `at`.
fn add(p: &mut Profile, cat: &Catalogue, id: &str, quantity: f64, at: f64) {
    p.apply(
        &Event::AddToBasket {
            id: id.into(),
            quantity,
            price: None,
        },
        at,
        cat,
    );
}

fn demo() -> Config {
    let mut c = Config::parse(&common::project_file("www/assistant.json"))
        .unwrap_or_else(|p| panic!("{p:#?}"));
    c.attach_catalogue(&common::project_file("www/shop/catalogue.json"))
        .unwrap();
    c
}

fn chosen(c: &Config, p: &Profile, page: PageType, path: &str, exit: bool) -> Option<String> {
    let mut cx = ctx(p, page, path);
    cx.exit_intent = exit;
    cx.now = p.last_seen.max(T0);
    choose(
        &c.messages,
        &c.message_settings,
        &p.messages,
        p.interruptions,
        false,
        &cx,
    )
    .map(|m| m.id.clone())
}

#[test]
fn the_demo_messages_show_when_they_should() {
    let c = demo();
    let cat = &c.catalogue;
    let mut p = Profile::default();
    p.apply(
        &Event::PageView {
            page: PageType::Basket,
        },
        T0,
        cat,
    );
    assert_eq!(
        chosen(&c, &p, PageType::Basket, "/basket", false),
        None,
        "empty basket: nothing"
    );
    add(&mut p, cat, "house-espresso", 1.0, T0);
    assert_eq!(
        chosen(&c, &p, PageType::Basket, "/basket", false).as_deref(),
        Some("free-delivery")
    );
    assert_eq!(
        chosen(&c, &p, PageType::Product, "/products/x", false),
        None,
        "only on the basket page"
    );
    // Over the free-delivery threshold, the progress message has nothing to say.
    add(&mut p, cat, "electric-grinder", 1.0, T0);
    assert_eq!(chosen(&c, &p, PageType::Basket, "/basket", false), None);
    // A large basket at checkout: the instalment offer; leaving checkout: exit intent wins (priority).
    p.apply(
        &Event::PageView {
            page: PageType::Checkout,
        },
        T0 + 1000.0,
        cat,
    );
    assert_eq!(
        chosen(&c, &p, PageType::Checkout, "/checkout", false).as_deref(),
        Some("instalments")
    );
    assert_eq!(
        chosen(&c, &p, PageType::Checkout, "/checkout", true).as_deref(),
        Some("checkout-exit")
    );
}

#[test]
fn caps_and_the_visit_budget_hold() {
    let c = demo();
    let cat = &c.catalogue;
    let mut p = Profile::default();
    add(&mut p, cat, "house-espresso", 1.0, T0);
    p.apply(
        &Event::PageView {
            page: PageType::Basket,
        },
        T0,
        cat,
    );
    assert_eq!(
        chosen(&c, &p, PageType::Basket, "/basket", false).as_deref(),
        Some("free-delivery")
    );
    p.apply(
        &Event::MessageShown {
            id: "free-delivery".into(),
            variant: None,
        },
        T0,
        cat,
    );
    assert_eq!(
        chosen(&c, &p, PageType::Basket, "/basket", false),
        None,
        "once per visit"
    );
    // Next visit: again, unless it was dismissed less than a day ago.
    let next = T0 + SESSION_TIMEOUT_MS + 60_000.0;
    p.apply(
        &Event::MessageDismissed {
            id: "free-delivery".into(),
        },
        T0 + 1.0,
        cat,
    );
    p.apply(
        &Event::PageView {
            page: PageType::Basket,
        },
        next,
        cat,
    );
    assert_eq!(p.interruptions, 0, "the budget starts again each visit");
    assert_eq!(
        chosen(&c, &p, PageType::Basket, "/basket", false),
        None,
        "cooling down after dismissal"
    );
    p.apply(
        &Event::PageView {
            page: PageType::Basket,
        },
        T0 + 2.0 * DAY,
        cat,
    );
    assert_eq!(
        chosen(&c, &p, PageType::Basket, "/basket", false).as_deref(),
        Some("free-delivery")
    );
    // The visit budget (3 in the demo) caps all messages together.
    for id in ["a", "b", "c"] {
        p.apply(
            &Event::MessageShown {
                id: id.into(),
                variant: None,
            },
            T0 + 2.0 * DAY,
            cat,
        );
    }
    assert_eq!(
        chosen(&c, &p, PageType::Basket, "/basket", false),
        None,
        "budget spent"
    );
    // Quiet pages: nothing interrupts payment.
    let fresh = basket(30.0, 1.0);
    assert_eq!(
        chosen(&c, &fresh, PageType::Checkout, "/checkout/payment", true),
        None
    );
}

#[test]
fn a_click_then_a_purchase_is_a_conversion_and_stops_the_message() {
    let c = demo();
    let cat = &c.catalogue;
    let mut p = Profile::default();
    add(&mut p, cat, "house-espresso", 1.0, T0);
    p.apply(
        &Event::MessageShown {
            id: "free-delivery".into(),
            variant: None,
        },
        T0,
        cat,
    );
    p.apply(
        &Event::MessageClicked {
            id: "free-delivery".into(),
        },
        T0,
        cat,
    );
    p.apply(
        &Event::Purchase {
            value: None,
            transaction: None,
        },
        T0,
        cat,
    );
    assert_eq!(p.messages[0].converted, 1);
    add(&mut p, cat, "house-espresso", 1.0, T0 + 3.0 * DAY);
    p.apply(
        &Event::PageView {
            page: PageType::Basket,
        },
        T0 + 3.0 * DAY,
        cat,
    );
    assert_eq!(
        chosen(&c, &p, PageType::Basket, "/basket", false),
        None,
        "never again after a conversion"
    );
    assert_eq!(
        shop_assistant::core::profile::Profile::from_json(&p.to_json())
            .unwrap()
            .messages,
        p.messages
    );
}

#[test]
fn the_abandoned_basket_reminder_shows_on_the_next_visit() {
    let c = demo();
    let cat = &c.catalogue;
    let mut p = Profile::default();
    add(&mut p, cat, "kenya-nyeri-aa", 2.0, T0);
    p.apply(
        &Event::PageView {
            page: PageType::Home,
        },
        T0 + 60_000.0,
        cat,
    );
    assert_eq!(
        chosen(&c, &p, PageType::Home, "/", false),
        None,
        "same visit"
    );
    p.apply(
        &Event::PageView {
            page: PageType::Home,
        },
        T0 + DAY,
        cat,
    );
    assert_eq!(
        chosen(&c, &p, PageType::Home, "/", false).as_deref(),
        Some("basket-waiting")
    );
}

#[test]
fn live_values_fill_the_texts() {
    let p = basket(32.5, 2.0);
    let s = MessageSettings {
        free_delivery_from: Some(40.0),
        instalments: 3,
        ..MessageSettings::default()
    };
    assert_eq!(
        fill(
            "Add {remaining} more for free delivery ({items} items, {basket})",
            &p,
            &s,
            &Names::default()
        ),
        [
            Piece::Text("Add ".into()),
            Piece::Money(7.5),
            Piece::Text(" more for free delivery (".into()),
            Piece::Count(2.0),
            Piece::Text(" items, ".into()),
            Piece::Money(32.5),
            Piece::Text(")".into())
        ]
    );
    let p = basket(100.0, 1.0);
    assert_eq!(
        fill("or {instalments} × {instalment}", &p, &s, &Names::default()),
        [
            Piece::Text("or ".into()),
            Piece::Count(3.0),
            Piece::Text(" × ".into()),
            Piece::Money(33.34)
        ]
    );
    assert_eq!(
        fill("{unknown} {", &p, &s, &Names::default()),
        [Piece::Text("{unknown}".into()), Piece::Text(" {".into())]
    );
    let recent = ["Kenya Nyeri AA".to_string(), "French Press 1 l".to_string()];
    assert_eq!(
        fill(
            "Still thinking about {recent}?",
            &p,
            &s,
            &Names {
                recent: recent.to_vec(),
                ..Names::default()
            }
        ),
        [
            Piece::Text("Still thinking about ".into()),
            Piece::Text("Kenya Nyeri AA, French Press 1 l".into()),
            Piece::Text("?".into())
        ]
    );
    // Counts with words that agree: every form as written, for the browser's plural rules.
    let p = basket(100.0, 1.0);
    assert_eq!(
        fill(
            "Your basket of {items, plural, one {# item} other {# items}} is saved",
            &p,
            &s,
            &Names::default()
        ),
        [
            Piece::Text("Your basket of ".into()),
            Piece::Plural {
                count: 1.0,
                forms: vec![
                    ("one".into(), "# item".into()),
                    ("other".into(), "# items".into())
                ]
            },
            Piece::Text(" is saved".into())
        ]
    );
    // A plural of something that is not a count, or one left open, stays text.
    assert_eq!(
        fill(
            "{recent, plural, one {#} other {#}}",
            &p,
            &s,
            &Names::default()
        ),
        [Piece::Text("{recent, plural, one {#} other {#}}".into())]
    );
    assert_eq!(
        fill("{items, plural, one {# item}", &p, &s, &Names::default()),
        [Piece::Text("{items, plural, one {# item}".into())]
    );
    let _ = Catalogue::default();
}

#[test]
fn message_config_problems_have_paths() {
    let text = common::minimal_with(
        "\"version\": 1",
        r#""version": 1, "messages": [
          {"id": "m", "placement": "slidein", "body": "Hi", "when": {"pge": "basket"}, "buttons": [
            {"label": "Go", "url": "javascript:alert(1)"}, {"label": "Quiz", "flow": "findr"}, {"label": "Two", "copy": "X", "dismiss": true}]},
          {"id": "m", "body": "Hi", "when": {"page": "basket", "visits": 2}}
        ]"#,
    );
    assert_eq!(
        common::problems(&text),
        [
            "messages[0].placement: unknown placement \"slidein\"; use one of modal, slide-in, top-bar, bottom-bar (did you mean \"slide-in\"?)",
            "messages[0].buttons[0].url: only http, https or relative URLs are allowed",
            "messages[0].buttons[1].flow: no flow \"findr\" (did you mean \"finder\"?)",
            "messages[0].buttons[2]: a button does one thing: \"url\", \"copy\", \"flow\", \"dismiss\": true or \"restore\": true",
            "messages[0].when.pge: unknown condition (did you mean \"page\"?)",
            "messages[1].when: a condition object has exactly one key; combine several with \"all\" or \"any\"",
        ]
    );
}

#[test]
fn survey_answers_are_kept_scored_and_stored() {
    use shop_assistant::core::survey::SurveyKind;
    let cat = Catalogue::default();
    let mut p = Profile::default();
    for score in [10, 9, 6, 8] {
        p.apply(
            &Event::SurveyAnswer {
                id: "nps".into(),
                kind: SurveyKind::Nps,
                score,
            },
            T0,
            &cat,
        );
    }
    assert_eq!(
        p.surveys,
        [("nps".to_string(), SurveyKind::Nps, vec![10, 9, 6, 8])]
    );
    assert_eq!(SurveyKind::Nps.score(&p.surveys[0].2), Some(25.0));
    assert_eq!(Profile::from_json(&p.to_json()).unwrap(), p);
    assert!(
        p.stats()
            .contains(r#""surveys":{"nps":{"kind":"nps","responses":4,"score":25}}"#),
        "{}",
        p.stats()
    );
    let c = demo();
    let survey = c
        .messages
        .iter()
        .find(|m| m.id == "post-purchase-nps")
        .and_then(|m| m.survey.as_ref())
        .unwrap();
    assert_eq!(survey.kind.scale(), 0..=10);
}

#[test]
fn ab_variants_split_devices_by_weight_and_stick() {
    let c = demo();
    let m = c.messages.iter().find(|m| m.id == "free-delivery").unwrap();
    let mut a = 0;
    for seed in 1..=10_000u32 {
        let v = m.variant(seed).unwrap();
        assert_eq!(
            m.variant(seed).unwrap().id,
            v.id,
            "the same seed, the same variant"
        );
        if v.id == "A" {
            a += 1;
        }
    }
    assert!((4_700..=5_300).contains(&a), "about half see A: {a}");
    let mut weighted = m.clone();
    weighted.variants[0].weight = 3.0;
    let a = (1..=10_000u32)
        .filter(|s| weighted.variant(*s).unwrap().id == "A")
        .count();
    assert!(
        (7_200..=7_800).contains(&a),
        "weight 3:1 gives about 75%: {a}"
    );
    // Other messages split devices independently; a condition can target a variant.
    let p = Profile::default();
    let mut cx = ctx(&p, PageType::Basket, "/basket");
    let variants = vec![("free-delivery".to_string(), "B".to_string())];
    cx.variants = &variants;
    assert!(cond(r#"{"variant": {"message": "free-delivery", "variant": "B"}}"#).holds(&cx));
    assert!(!cond(r#"{"variant": {"message": "free-delivery", "variant": "A"}}"#).holds(&cx));
}

#[test]
fn a_per_day_cap_counts_days_not_visits() {
    let text = common::minimal_with(
        "\"version\": 1",
        r#""version": 1, "messageSettings": {"perVisit": 10}, "messages": [
          {"id": "deal", "body": "Deal", "when": {"page": "basket"}, "caps": {"oncePerVisit": false, "perDay": 2}}]"#,
    );
    let c = Config::parse(&text).unwrap();
    let cat = Catalogue::default();
    let mut p = Profile::default();
    p.apply(
        &Event::PageView {
            page: PageType::Basket,
        },
        T0,
        &cat,
    );
    let pick = |p: &Profile, now: f64| {
        let mut cx = ctx(p, PageType::Basket, "/basket");
        cx.now = now;
        choose(
            &c.messages,
            &c.message_settings,
            &p.messages,
            p.interruptions,
            false,
            &cx,
        )
        .map(|m| m.id.clone())
    };
    for _ in 0..2 {
        assert_eq!(pick(&p, T0).as_deref(), Some("deal"));
        p.apply(
            &Event::MessageShown {
                id: "deal".into(),
                variant: None,
            },
            T0,
            &cat,
        );
    }
    assert_eq!(pick(&p, T0), None, "two a day");
    p.apply(
        &Event::PageView {
            page: PageType::Basket,
        },
        T0 + DAY,
        &cat,
    );
    assert_eq!(
        pick(&p, T0 + DAY).as_deref(),
        Some("deal"),
        "the next day again"
    );
}
