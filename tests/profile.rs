//! The visitor profile: aggregation, visits, abandoned baskets, decay, storage bound,
//! versions, corruption and merging two tabs' events.

mod common;
use shop_assistant::core::catalogue::Catalogue;
use shop_assistant::core::config::Config;
use shop_assistant::core::flow::{Answered, Choice};
use shop_assistant::core::page::{glob, PageType};
use shop_assistant::core::profile::{
    adopt, merge, Event, Line, Merged, Profile, StoreError, Writer, AFFINITY_HALF_LIFE_MS,
    MAX_STORED_BYTES, SCHEMA_VERSION, SESSION_TIMEOUT_MS,
};

const MIN: f64 = 60_000.0;
const T0: f64 = 1_790_000_000_000.0;

fn shop() -> Catalogue {
    let mut c = Config::parse(&common::project_file("www/assistant.json")).unwrap();
    c.attach_catalogue(&common::project_file("www/shop/catalogue.json"))
        .unwrap();
    c.catalogue
}

fn view(page: PageType) -> Event {
    Event::PageView { page }
}

#[test]
fn browsing_builds_the_profile_a_person_would_expect() {
    let cat = shop();
    let mut p = Profile::default();
    p.apply(&view(PageType::Home), T0, &cat);
    p.apply(&view(PageType::Product), T0 + MIN, &cat);
    p.apply(
        &Event::ProductView {
            id: "house-espresso".into(),
        },
        T0 + MIN,
        &cat,
    );
    p.apply(
        &Event::AddToBasket {
            id: "house-espresso".into(),
            quantity: 2.0,
            price: None,
        },
        T0 + 2.0 * MIN,
        &cat,
    );
    p.apply(&view(PageType::Product), T0 + 3.0 * MIN, &cat);
    p.apply(
        &Event::ProductView {
            id: "hand-grinder".into(),
        },
        T0 + 3.0 * MIN,
        &cat,
    );
    p.apply(
        &Event::AddToBasket {
            id: "hand-grinder".into(),
            quantity: 1.0,
            price: Some(59.0),
        },
        T0 + 4.0 * MIN,
        &cat,
    );
    assert_eq!(p.visits, 1);
    assert_eq!(p.pages_this_session, 3);
    assert_eq!(p.recent, ["hand-grinder", "house-espresso"]);
    assert_eq!(p.basket_items(), 3.0);
    assert_eq!(
        p.basket_value,
        2.0 * 12.5 + 59.0,
        "the price comes from the catalogue when the event has none"
    );
    assert!(
        p.affinity("category=coffee", T0 + 4.0 * MIN) > 3.9,
        "viewed (1) and added (3)"
    );
    assert!(p.affinity("taste=chocolatey", T0 + 4.0 * MIN) > 3.9);
    assert!(p.affinity("category=equipment", T0 + 4.0 * MIN) > 3.9);
    p.apply(
        &Event::RemoveFromBasket {
            id: "house-espresso".into(),
            quantity: Some(1.0),
        },
        T0 + 5.0 * MIN,
        &cat,
    );
    assert_eq!(p.basket_value, 12.5 + 59.0);
    p.apply(&view(PageType::Checkout), T0 + 6.0 * MIN, &cat);
    assert!(p.checkout_started);
    p.apply(
        &Event::Purchase {
            value: None,
            transaction: None,
        },
        T0 + 8.0 * MIN,
        &cat,
    );
    assert_eq!((p.purchases, p.revenue, p.basket.len()), (1, 71.5, 0));
    assert_eq!(p.average_order_value(), Some(71.5));
    assert_eq!(p.time_on_page(T0 + 7.0 * MIN), MIN);
}

#[test]
fn a_basket_left_at_the_end_of_a_visit_is_abandoned_at_the_next() {
    let cat = shop();
    let mut p = Profile::default();
    p.apply(
        &Event::AddToBasket {
            id: "kenya-nyeri-aa".into(),
            quantity: 2.0,
            price: Some(16.0),
        },
        T0,
        &cat,
    );
    p.apply(&view(PageType::Basket), T0 + MIN, &cat);
    assert_eq!(p.abandoned, None, "same visit: not abandoned");
    let later = T0 + MIN + SESSION_TIMEOUT_MS + 1.0;
    p.apply(&view(PageType::Home), later, &cat);
    assert_eq!(p.visits, 2);
    assert_eq!(p.pages_this_session, 1);
    let a = p.abandoned.clone().expect("abandoned basket");
    assert_eq!((a.lines.len(), a.value, a.at), (1, 32.0, T0 + MIN));
    // The shop's basket page empty at the next visit, the basket untouched since: the shop
    // lost it (a new device, an expired basket). It stays on offer, for a restore button.
    let empty = Event::Basket {
        lines: vec![],
        value: Some(0.0),
    };
    let mut lost = p.clone();
    lost.apply(&empty, later + MIN, &cat);
    assert_eq!(lost.abandoned, Some(a.clone()), "kept for restoring");
    // Put back (as the basket page then shows it): nothing is left behind any more.
    lost.apply(
        &Event::Basket {
            lines: a.lines.clone(),
            value: Some(32.0),
        },
        later + 2.0 * MIN,
        &cat,
    );
    assert_eq!(lost.abandoned, None, "restored");
    // The visitor changing the basket this visit, then emptying it, forgets it; so does buying.
    p.apply(
        &Event::RemoveFromBasket {
            id: "kenya-nyeri-aa".into(),
            quantity: Some(1.0),
        },
        later + MIN,
        &cat,
    );
    p.apply(&empty, later + 2.0 * MIN, &cat);
    assert_eq!(p.abandoned, None);
}

#[test]
fn affinities_halve_every_week() {
    let cat = shop();
    let mut p = Profile::default();
    p.apply(
        &Event::ProductView {
            id: "sumatra-mandheling".into(),
        },
        T0,
        &cat,
    );
    assert_eq!(p.affinity("origin=Indonesia", T0), 1.0);
    assert!((p.affinity("origin=Indonesia", T0 + AFFINITY_HALF_LIFE_MS) - 0.5).abs() < 1e-9);
    // New interest adds to the decayed old one.
    p.apply(
        &Event::ProductView {
            id: "sumatra-mandheling".into(),
        },
        T0 + 2.0 * AFFINITY_HALF_LIFE_MS,
        &cat,
    );
    assert!((p.affinity("origin=Indonesia", T0 + 2.0 * AFFINITY_HALF_LIFE_MS) - 1.25).abs() < 1e-9);
}

#[test]
fn the_stored_profile_stays_small_after_100k_events() {
    let cat = shop();
    let mut p = Profile::default();
    let ids: Vec<String> = cat.products().iter().map(|x| x.id.clone()).collect();
    for i in 0..100_000usize {
        let at = T0 + i as f64 * 40_000.0; // a new visit now and then
        let id = ids[i % ids.len()].clone();
        let e = match i % 5 {
            0 => view(PageType::Product),
            1 => Event::ProductView { id },
            2 => Event::AddToBasket {
                id,
                quantity: 1.0,
                price: None,
            },
            3 => Event::Search {
                query: format!("query {i}"),
            },
            _ => Event::FlowAnswers {
                flow: format!("flow-{}", i % 13),
                answers: vec![Answered {
                    question: "q".into(),
                    choice: Choice::One("a".into()),
                }],
            },
        };
        p.apply(&e, at, &cat);
    }
    let text = p.to_json();
    assert!(text.len() < 16 * 1024, "{} bytes", text.len());
    assert!(text.len() <= MAX_STORED_BYTES);
    assert_eq!(
        Profile::from_json(&text).unwrap().to_json(),
        text,
        "reads back to the same"
    );
}

#[test]
fn huge_ids_are_trimmed_to_the_bound() {
    let cat = Catalogue::default();
    let mut p = Profile::default();
    for i in 0..20 {
        p.apply(
            &Event::ProductView {
                id: format!("{i}-{}", "x".repeat(10_000)),
            },
            T0,
            &cat,
        );
    }
    assert!(p.to_json().len() <= MAX_STORED_BYTES);
}

#[test]
fn stored_data_round_trips_and_bad_data_is_refused_not_trusted() {
    let cat = shop();
    let mut p = Profile::default();
    p.apply(
        &Event::AddToBasket {
            id: "french-press".into(),
            quantity: 1.0,
            price: Some(32.0),
        },
        T0,
        &cat,
    );
    p.apply(
        &Event::FlowAnswers {
            flow: "coffee-finder".into(),
            answers: vec![Answered {
                question: "brew".into(),
                choice: Choice::One("espresso".into()),
            }],
        },
        T0,
        &cat,
    );
    let back = Profile::from_json(&p.to_json()).unwrap();
    assert_eq!(back, p);
    for junk in [
        "",
        "{",
        "[]",
        "{\"visits\": 3}",
        "{\"v\": \"1\"}",
        "{\"v\": 0}",
    ] {
        assert_eq!(
            Profile::from_json(junk),
            Err(StoreError::Corrupt),
            "{junk:?}"
        );
    }
    assert_eq!(
        Profile::from_json("{\"v\": 7, \"visits\": 3}"),
        Err(StoreError::Newer(7))
    );
    // Wrong types inside a profile fall back to defaults field by field.
    let odd = Profile::from_json("{\"v\": 1, \"visits\": \"many\", \"basket\": [[\"a\", 1, 2], [1, 2]], \"recent\": [\"x\", 5]}").unwrap();
    assert_eq!(
        (odd.visits, odd.basket.len(), odd.recent.clone()),
        (0, 1, vec!["x".to_string()])
    );
}

#[test]
fn two_tabs_merge_without_losing_events() {
    let cat = shop();
    // Tab A and tab B both started from the same stored profile.
    let mut base = Profile::default();
    base.apply(&view(PageType::Home), T0, &cat);
    let stored = base.to_json();
    let a_events = vec![(
        Event::AddToBasket {
            id: "french-press".into(),
            quantity: 1.0,
            price: Some(32.0),
        },
        T0 + MIN,
    )];
    let b_events = vec![(
        Event::AddToBasket {
            id: "coffee-scale".into(),
            quantity: 1.0,
            price: Some(39.0),
        },
        T0 + 2.0 * MIN,
    )];
    // A writes first; B then folds its events into what A wrote, not into its stale copy.
    let after_a = written(merge(Some(&stored), &base, &a_events, &cat, &WRITER)).to_json();
    let after_b = written(merge(Some(&after_a), &base, &b_events, &cat, &WRITER));
    let ids: Vec<&str> = after_b.basket.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["french-press", "coffee-scale"]);
    assert_eq!(after_b.basket_value, 71.0);
    // Corrupt storage: start from this tab's memory. A newer version: leave it alone.
    assert_eq!(
        written(merge(Some("garbage"), &base, &a_events, &cat, &WRITER))
            .basket
            .len(),
        1
    );
    assert_eq!(
        merge(Some("{\"v\": 9}"), &base, &a_events, &cat, &WRITER),
        Err(StoreError::Newer(9))
    );
}

const WRITER: Writer = Writer {
    consent_at: 0.0,
    fresh: 77,
    now: T0 + 10.0 * MIN,
};

fn written(merged: Result<Merged, StoreError>) -> Profile {
    match merged {
        Ok(Merged::Write(p)) => p,
        other => panic!("expected a profile to write, got {other:?}"),
    }
}

fn search(query: &str, at: f64) -> (Event, f64) {
    (
        Event::Search {
            query: query.into(),
        },
        at,
    )
}

#[test]
fn an_erase_in_one_tab_is_never_undone_by_another() {
    let cat = shop();
    // Tab B read generation 5, which holds a visit and a search.
    let mut b = Profile {
        generation: 5,
        ..Profile::default()
    };
    b.apply(&view(PageType::Home), T0, &cat);
    b.apply(&search("before", T0).0, T0, &cat);
    let erase_at = T0 + 2.0 * MIN;
    // Tab A erased everything: generation 6. B's events came before and after the erase.
    let marker = Profile::erased(6, erase_at, false).to_json();
    assert_eq!(
        marker,
        format!("{{\"v\":{SCHEMA_VERSION},\"gen\":6,\"erased\":{erase_at}}}"),
        "no visitor data"
    );
    let pending = vec![
        search("also before", T0 + MIN),
        search("after", T0 + 3.0 * MIN),
    ];
    let p = written(merge(Some(&marker), &b, &pending, &cat, &WRITER));
    assert_eq!((p.generation, p.searches), (6, 1));
    assert!(p.first_seen >= erase_at, "nothing from before the erase");
    // A tab that had never stored anything (generation 0) is held to the erase too.
    let fresh = Profile::default();
    let p = written(merge(Some(&marker), &fresh, &pending, &cat, &WRITER));
    assert_eq!(p.searches, 1);
    // What B had read is gone from storage (the visitor cleared the site's data): nothing of
    // it, nor of B's pending events, comes back.
    let p = written(merge(None, &b, &pending, &cat, &WRITER));
    assert_eq!((p.visits, p.searches, p.generation), (0, 0, 77));
    // A tab with nothing stored and nothing read starts a generation of its own.
    let p = written(merge(None, &fresh, &pending, &cat, &WRITER));
    assert_eq!((p.searches, p.generation), (2, 77));
    // Told of the erase by a storage event, B keeps only what came after it.
    let mut pending = pending;
    let copy = adopt(&Profile::from_json(&marker).unwrap(), &b, &mut pending, 0.0).unwrap();
    assert_eq!((copy.generation, copy.visits), (6, 0));
    assert_eq!(pending.len(), 1);
}

#[test]
fn consent_withdrawn_in_one_tab_stops_every_tab() {
    let cat = shop();
    let withdrawn_at = T0 + 2.0 * MIN;
    let marker = Profile::erased(8, withdrawn_at, true).to_json();
    assert!(marker.contains("\"noConsent\":true"));
    let b = Profile {
        generation: 5,
        ..Profile::default()
    };
    let pending = vec![search("after", T0 + 3.0 * MIN)];
    // A tab that had consent before the withdrawal (or never needed it) stores nothing more.
    for consent_at in [0.0, T0] {
        let writer = Writer {
            consent_at,
            ..WRITER
        };
        assert_eq!(
            merge(Some(&marker), &b, &pending, &cat, &writer),
            Ok(Merged::Withdrawn { at: withdrawn_at })
        );
        let mut kept = pending.clone();
        assert_eq!(
            adopt(
                &Profile::from_json(&marker).unwrap(),
                &b,
                &mut kept,
                consent_at
            ),
            None
        );
    }
    // Consent given again later, in this tab: it stores what happened since, not what it knew.
    let writer = Writer {
        consent_at: T0 + 4.0 * MIN,
        ..WRITER
    };
    let p = written(merge(Some(&marker), &b, &pending, &cat, &writer));
    assert!(!p.consent_withdrawn);
    assert_eq!((p.generation, p.searches), (8, 1));
    assert!(!p.to_json().contains("noConsent"));
}

#[test]
fn page_paths_match_with_wildcards() {
    assert!(glob("/products/*", "/products/a"));
    assert!(glob("*", "/anything"));
    assert!(glob("/a/*/b", "/a/x/y/b"));
    assert!(!glob("/a/*/b", "/a/x/c"));
    assert!(!glob("/products/*", "/product"));
    let c = Config::parse(&common::project_file("www/assistant.json")).unwrap();
    assert_eq!(
        c.tracking.page_type("/products/kenya-nyeri-aa"),
        PageType::Product
    );
    assert_eq!(c.tracking.page_type("/basket"), PageType::Basket);
    assert_eq!(
        c.tracking.page_type("/checkout/thanks"),
        PageType::Confirmation
    );
    assert_eq!(c.tracking.page_type("/checkout"), PageType::Checkout);
    assert_eq!(c.tracking.page_type("/coffee"), PageType::Category);
    assert_eq!(c.tracking.page_type("/"), PageType::Home);
    assert_eq!(c.tracking.page_type("/index.html"), PageType::Home);
    // "*" alone matches every page (the guide says so), and is accepted.
    let everything = common::minimal_with(
        "\"version\": 1",
        "\"version\": 1, \"tracking\": {\"pages\": [{\"type\": \"other\", \"path\": \"/\"}, {\"type\": \"category\", \"path\": \"*\"}]}",
    );
    let c = Config::parse(&everything).expect("\"*\" is a valid pattern");
    assert_eq!(c.tracking.page_type("/anything/at/all"), PageType::Category);
    assert_eq!(c.tracking.page_type("/index.html"), PageType::Other);
}

#[test]
fn tracking_config_problems_have_paths() {
    let text = common::minimal_with("\"version\": 1", "\"version\": 1, \"tracking\": {\"pages\": [{\"type\": \"prodcut\", \"path\": \"products/*\"}], \"basket\": {\"lines\": \".l\", \"id\": {}}}, \"privacy\": {\"consentRequired\": \"yes\"}");
    let p = common::problems(&text);
    assert_eq!(
        p,
        [
            "tracking.pages[0].type: unknown page type \"prodcut\"; use one of home, category, product, search, basket, checkout, confirmation, other (did you mean \"product\"?)",
            "tracking.pages[0].path: a path pattern starts with '/' or '*', e.g. \"/products/*\"",
            "tracking.basket.id: name a \"selector\", an \"attribute\", or both",
            "privacy.consentRequired: expected true or false, found a string",
        ]
    );
}

#[test]
fn the_assistant_own_events_count_per_flow() {
    let cat = shop();
    let mut p = Profile::default();
    let flow = || "coffee-finder".to_string();
    p.apply(&Event::FlowStarted { flow: flow() }, T0, &cat);
    p.apply(
        &Event::FlowStarted {
            flow: "brew-kit".into(),
        },
        T0,
        &cat,
    );
    p.apply(&Event::FlowStarted { flow: flow() }, T0, &cat);
    p.apply(
        &Event::FlowAnswers {
            flow: flow(),
            answers: vec![Answered {
                question: "brew".into(),
                choice: Choice::One("espresso".into()),
            }],
        },
        T0,
        &cat,
    );
    p.apply(
        &Event::ResultChosen {
            flow: flow(),
            product: "house-espresso".into(),
        },
        T0,
        &cat,
    );
    let stats = &p.flows[0];
    assert_eq!(
        (
            stats.flow.as_str(),
            stats.started,
            stats.completed,
            stats.chosen
        ),
        ("coffee-finder", 2, 1, 1)
    );
    assert_eq!(p.flows[1].flow, "brew-kit");
    assert_eq!(p.answers[0].0, "coffee-finder");
    assert_eq!(Profile::from_json(&p.to_json()).unwrap(), p);
}

/// A profile as version 1 stored it (every kind of entry; message records as 12-slot
/// arrays; basket lines, flow counters, answers and surveys as short arrays), and as
/// version 2 stored it (message records by name). Visitors keep their stored profiles across
/// releases: today's version reads both, loses nothing, and writes them back in today's form
/// (version 3: every record by name), which reads back to the same profile. The fuzzer
/// starts from all three (`npm run fuzz`).
#[test]
fn a_stored_version_1_profile_is_read_and_upgraded_losing_nothing() {
    let v1 = common::fixture("profile-v1.json");
    let p = Profile::from_json(v1.trim()).unwrap();
    assert_eq!((p.visits, p.purchases, p.basket.len()), (1, 1, 1));
    assert_eq!(p.recent, vec!["kenya-nyeri-aa".to_string()]);
    assert!(p.affinity("origin=Kenya", 1_790_000_320_000.0) > 3.9);
    assert!(p.stats().contains("\"free-delivery\""));
    let free = p.messages.iter().find(|r| r.id == "free-delivery").unwrap();
    assert_eq!(
        (
            free.shown,
            free.clicked,
            free.converted,
            free.last_shown,
            free.last_visit,
            free.day,
            free.variant.as_deref()
        ),
        (1, 1, 1, 1_790_000_140_000.0, 1, (20717.0, 1), Some("B")),
        "every slot of a version 1 record"
    );
    let v2 = common::fixture("profile-v2.json");
    assert_eq!(
        Profile::from_json(v2.trim()).unwrap(),
        p,
        "version 2 reads the same"
    );
    let v3 = common::fixture("profile-v3.json");
    assert_eq!(SCHEMA_VERSION, 3, "a new version adds its fixture here");
    assert_eq!(p.to_json(), v3.trim(), "written back in today's form");
    assert_eq!(
        Profile::from_json(v3.trim()).unwrap(),
        p,
        "which reads back to the same profile"
    );
    for form in [
        "\"basket\":[{\"id\"",
        "\"flows\":[{\"flow\"",
        "\"surveys\":[{\"message\"",
        "\"answers\":[{\"question\"",
    ] {
        assert!(v3.contains(form), "by name: {form}");
    }
    // A version 2 profile holding an array record (only version 1 wrote those) skips it.
    let odd = v2
        .trim()
        .replacen("\"messages\":[", "\"messages\":[[\"x\",1],", 1);
    assert_eq!(Profile::from_json(&odd).unwrap(), p);
}

/// A device whose clock was ahead (or storage holding a time in the future) must not stop
/// visits from ever starting again: the next event starts a new visit at the real time.
#[test]
fn a_clock_set_back_starts_a_new_visit_instead_of_freezing_the_visit() {
    let cat = shop();
    let mut p = Profile::default();
    let day = 24.0 * 60.0 * MIN;
    p.apply(&view(PageType::Home), T0 + day, &cat);
    p.apply(&view(PageType::Home), T0, &cat);
    assert_eq!((p.visits, p.last_seen), (2, T0));
    p.apply(&view(PageType::Home), T0 + 5.0 * MIN, &cat);
    assert_eq!(p.visits, 2, "an ordinary event of the same visit");
    p.apply(&view(PageType::Home), T0 + 40.0 * MIN, &cat);
    assert_eq!(p.visits, 3, "and 35 minutes later a new visit starts again");
    // Two tabs' events a few seconds out of order stay one visit.
    p.apply(&view(PageType::Home), T0 + 39.0 * MIN, &cat);
    assert_eq!((p.visits, p.last_seen), (3, T0 + 40.0 * MIN));
}

/// Numbers no profile can hold (beyond 2^53: past any date a browser represents) are read as
/// absent, so what is read is written back exactly (found by `npm run fuzz`).
#[test]
fn implausible_stored_numbers_fall_back_to_defaults() {
    let text = common::fixture("profile-v1.json")
        .trim()
        .replace("\"lastSeen\":1790000320000", "\"lastSeen\":1.777e63")
        .replace("\"revenue\":29", "\"revenue\":-1e300");
    let p = Profile::from_json(&text).unwrap();
    assert_eq!((p.last_seen, p.revenue, p.purchases), (0.0, 0.0, 1));
    let written = p.to_json();
    assert_eq!(Profile::from_json(&written).unwrap().to_json(), written);
}

#[test]
fn the_shops_ga4_data_layer_is_read_in_both_forms_and_nothing_else_is_trusted() {
    use shop_assistant::core::json;
    use shop_assistant::core::tracking::data_layer_events;
    let read = |text: &str| data_layer_events(&json::parse(text).unwrap());
    let item = r#"{"item_id": "ring", "item_name": "Ring", "price": 12800, "quantity": 2}"#;
    // Google Tag Manager's form, and gtag()'s (its arguments object).
    assert_eq!(
        read(&format!(
            r#"{{"event": "add_to_cart", "ecommerce": {{"items": [{item}]}}}}"#
        )),
        [Event::AddToBasket {
            id: "ring".into(),
            quantity: 2.0,
            price: Some(12800.0)
        }]
    );
    assert_eq!(
        read(&format!(
            r#"{{"0": "event", "1": "remove_from_cart", "2": {{"items": [{item}]}}}}"#
        )),
        [Event::RemoveFromBasket {
            id: "ring".into(),
            quantity: Some(2.0)
        }]
    );
    assert_eq!(
        read(r#"{"event": "view_item", "ecommerce": {"items": [{"item_id": 42}]}}"#),
        [Event::ProductView { id: "42".into() }]
    );
    assert_eq!(
        read(&format!(
            r#"{{"event": "begin_checkout", "ecommerce": {{"value": 25600, "items": [{item}]}}}}"#
        )),
        [
            Event::Basket {
                lines: vec![Line {
                    id: "ring".into(),
                    quantity: 2.0,
                    price: 12800.0
                }],
                value: Some(25600.0)
            },
            Event::CheckoutStart
        ]
    );
    assert_eq!(
        read(r#"{"event": "purchase", "ecommerce": {"transaction_id": "T-1", "value": "25,600"}}"#),
        [Event::Purchase {
            value: Some(25600.0),
            transaction: Some("T-1".into())
        }]
    );
    assert_eq!(
        read(r#"{"event": "search", "search_term": "pearl"}"#),
        [Event::Search {
            query: "pearl".into()
        }]
    );
    // Resets, other events, and entries of the wrong shape: nothing, never a panic.
    for other in [
        r#"{"ecommerce": null}"#,
        r#"{"event": "gtm.js"}"#,
        // What the shop listed, and a click in a list (its product page's view_item follows).
        r#"{"event": "view_item_list", "ecommerce": {"items": [{"item_id": "x"}]}}"#,
        r#"{"event": "select_item", "ecommerce": {"items": [{"item_id": "x"}]}}"#,
        r#"{"event": "add_to_cart", "ecommerce": {"items": "ring"}}"#,
        r#"{"event": "add_to_cart", "ecommerce": {"items": [{"item_name": "no id"}, 7, null]}}"#,
        r#"{"event": 5}"#,
        r#"["config", "G-XXXX"]"#,
        r#""just text""#,
        "null",
    ] {
        assert_eq!(read(other), [], "{other}");
    }
    // An order reported twice (the thank-you page reloaded) counts once.
    let cat = shop();
    let mut p = Profile::default();
    let order =
        read(r#"{"event": "purchase", "ecommerce": {"transaction_id": "T-1", "value": 30}}"#);
    for e in order.iter().chain(order.iter()) {
        p.apply(e, T0, &cat);
    }
    assert_eq!((p.purchases, p.revenue), (1, 30.0));
    let again = Profile::from_json(&p.to_json()).unwrap();
    assert_eq!(again.transactions, ["T-1"], "remembered across pages");
}

#[test]
fn a_track_call_is_read_as_json_with_one_rule_for_ids_and_amounts_and_clear_errors() {
    use shop_assistant::core::{json::parse, tracking::shop_event};
    let read = |t: &str| shop_event(&parse(t).unwrap());
    assert_eq!(
        read(r#"{"type": "add_to_basket", "id": 7, "quantity": "2", "price": "12,50 €"}"#),
        Ok(Event::AddToBasket {
            id: "7".into(),
            quantity: 2.0,
            price: Some(12.5)
        })
    );
    // A basket item's id and amounts follow the same rule as the event's own.
    assert_eq!(
        read(
            r#"{"type": "basket", "items": [{"id": 7, "quantity": 1, "price": "€9.90"}, {"id": "b"}], "value": 9.9}"#
        ),
        Ok(Event::Basket {
            lines: vec![
                Line {
                    id: "7".into(),
                    quantity: 1.0,
                    price: 9.9
                },
                Line {
                    id: "b".into(),
                    quantity: 1.0,
                    price: 0.0
                }
            ],
            value: Some(9.9)
        })
    );
    assert_eq!(
        read(r#"{"type": "page_view", "page": "checkout"}"#),
        Ok(Event::PageView {
            page: PageType::Checkout
        })
    );
    assert_eq!(
        read(r#"{"type": "page_view"}"#),
        Ok(Event::PageView {
            page: PageType::Other
        })
    );
    for (bad, error) in [
        (r#"{"id": "x"}"#, "an event needs a \"type\""),
        (r#"{"type": "product_view"}"#, "this event needs an \"id\""),
        (
            r#"{"type": "basket", "items": {"id": "x"}}"#,
            "a basket event needs \"items\" (a list)",
        ),
        (
            r#"{"type": "basket", "items": [{"quantity": 1}]}"#,
            "every item needs an \"id\"",
        ),
        (
            r#"{"type": "page_view", "page": "cart"}"#,
            "unknown page type \"cart\"",
        ),
        (r#"{"type": "search"}"#, "a search event needs a \"query\""),
        (
            r#"["add_to_basket"]"#,
            "an event is an object, not an array",
        ),
        (
            r#"{"type": "purchse"}"#,
            "unknown event type \"purchse\" (did you mean \"purchase\"?)",
        ),
    ] {
        assert_eq!(read(bad), Err(error.to_string()), "{bad}");
    }
}
