//! What the message layer shows, decided in core (`core::message_view`): the message chosen
//! for a moment with its texts in the visitor's language, its A/B variant, `{recent}`, a
//! message on screen refreshed or closed, and exit intent judged from what the browser saw.

mod common;
use shop_assistant::core::config::Config;
use shop_assistant::core::message::{Device, Piece};
use shop_assistant::core::message_view::{decide, Decision, Leaving, Moment};
use shop_assistant::core::page::PageType;
use shop_assistant::core::profile::{Event, Profile};

const T0: f64 = 1_795_000_000_000.0;

fn demo() -> Config {
    let mut c = Config::parse(&common::project_file("www/assistant.json")).unwrap();
    c.attach_catalogue(&common::project_file("www/shop/catalogue.json"))
        .unwrap();
    c
}

fn moment(path: &str, now: f64, leaving: bool) -> Moment<'_> {
    Moment {
        path,
        now,
        leaving,
        device: Device::Desktop,
        date: "2026-12-01".into(),
        weekday: 2,
        hour: 10,
        idle: 0.0,
        scroll_depth: 0.0,
    }
}

fn text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.clone(),
            Piece::Money(m) => format!("<{m}>"),
            other => format!("{other:?}"),
        })
        .collect()
}

fn visitor(c: &Config, page: PageType, basket: &[&str]) -> Profile {
    let mut p = Profile::default();
    p.apply(&Event::PageView { page }, T0, &c.catalogue);
    for id in basket {
        p.apply(
            &Event::AddToBasket {
                id: (*id).into(),
                quantity: 1.0,
                price: None,
            },
            T0,
            &c.catalogue,
        );
    }
    p
}

#[test]
fn the_message_for_the_moment_comes_with_its_texts_in_the_visitors_language() {
    let c = demo();
    let p = visitor(&c, PageType::Basket, &["house-espresso"]);
    let remaining = 40.0 - c.catalogue.get("house-espresso").unwrap().price;
    for (locale, words) in [
        ("en", ["free delivery", "Find a coffee"]),
        ("de", ["Lieferung", "Kaffee finden"]),
    ] {
        let Decision::Show(m, content) =
            decide(&c, &p, locale, &moment("/basket", T0, false), None, false)
        else {
            panic!("a message on the basket page");
        };
        assert_eq!(m.id, "free-delivery");
        // The device's A/B variant gives the text; which one is fixed by the profile's seed.
        let variant = content.variant.clone().expect("the message has variants");
        assert_eq!(variant, m.variant(p.seed).unwrap().id);
        let body = text(&content.body);
        assert!(
            body.contains(words[0]) && body.contains(&format!("<{remaining}>")),
            "{locale}: {body}"
        );
        assert_eq!(content.buttons[0], words[1]);
    }
    // Nothing interrupts an open question flow.
    assert_eq!(
        decide(&c, &p, "en", &moment("/basket", T0, false), None, true),
        Decision::Nothing
    );
}

#[test]
fn a_message_on_screen_follows_the_basket_and_closes_when_it_no_longer_holds() {
    let c = demo();
    let mut p = visitor(&c, PageType::Basket, &["house-espresso"]);
    let at = moment("/basket", T0, false);
    let Decision::Refresh(before) = decide(&c, &p, "en", &at, Some("free-delivery"), false) else {
        panic!("still holds");
    };
    p.apply(
        &Event::AddToBasket {
            id: "house-espresso".into(),
            quantity: 1.0,
            price: None,
        },
        T0,
        &c.catalogue,
    );
    let Decision::Refresh(after) = decide(&c, &p, "en", &at, Some("free-delivery"), false) else {
        panic!("still under the threshold");
    };
    assert_ne!(
        text(&before.body),
        text(&after.body),
        "the remaining amount follows the basket"
    );
    // Over the threshold the free-delivery message has nothing left to say.
    p.apply(
        &Event::AddToBasket {
            id: "electric-grinder".into(),
            quantity: 1.0,
            price: None,
        },
        T0,
        &c.catalogue,
    );
    assert_eq!(
        decide(&c, &p, "en", &at, Some("free-delivery"), false),
        Decision::Close
    );
}

#[test]
fn exit_intent_needs_two_seconds_on_the_page_and_a_real_exit_signal() {
    let c = demo();
    let p = visitor(&c, PageType::Checkout, &["electric-grinder"]);
    let leaving_at = |ms: f64| {
        decide(
            &c,
            &p,
            "en",
            &moment("/checkout", T0 + ms, true),
            None,
            false,
        )
    };
    let id = |d: Decision<'_>| match d {
        Decision::Show(m, _) => m.id.clone(),
        other => format!("{other:?}"),
    };
    assert_eq!(
        id(leaving_at(500.0)),
        "instalments",
        "too early for exit intent"
    );
    assert_eq!(id(leaving_at(2500.0)), "checkout-exit");

    let desktop = Device::Desktop;
    let phone = Device::Mobile;
    let out = |client_y: f64, into_element: bool| Leaving::PointerOut {
        client_y,
        into_element,
    };
    assert!(out(0.0, false).is_exit_intent(desktop));
    assert!(
        !out(0.0, true).is_exit_intent(desktop),
        "into another element"
    );
    assert!(
        !out(300.0, false).is_exit_intent(desktop),
        "out through the side"
    );
    assert!(Leaving::TabReturn.is_exit_intent(phone));
    assert!(!Leaving::TabReturn.is_exit_intent(desktop));
    let scroll = |from_y: f64, to_y: f64, ms: f64| Leaving::Scroll { from_y, to_y, ms };
    assert!(
        scroll(900.0, 100.0, 200.0).is_exit_intent(phone),
        "fast, up, near the top"
    );
    assert!(
        !scroll(900.0, 500.0, 100.0).is_exit_intent(phone),
        "not near the top"
    );
    assert!(!scroll(900.0, 100.0, 1000.0).is_exit_intent(phone), "slow");
    assert!(!scroll(100.0, 900.0, 100.0).is_exit_intent(phone), "down");
    assert!(!scroll(900.0, 100.0, 200.0).is_exit_intent(desktop));
}

#[test]
fn recent_names_the_products_viewed_last_in_the_visitors_language() {
    let config = r#"{
      "catalogue": {"currency": "EUR", "products": [
        {"id": "a", "name": {"en": "Kettle", "de": "Wasserkocher"}, "url": "/a", "price": 10},
        {"id": "b", "name": "Grinder", "url": "/b", "price": 20},
        {"id": "c", "name": "Scale", "url": "/c", "price": 30},
        {"id": "d", "name": "Filter", "url": "/d", "price": 5}
      ]},
      "flows": {"f": {"title": "F", "questions": [{"id": "q", "text": "Q", "answers": [{"id": "x", "label": "X"}]}]}},
      "messages": [{"id": "back", "body": {"en": "Still thinking about {recent}?", "de": "Noch bei {recent}?"}, "when": {"page": "home"}}]
    }"#;
    let c = Config::parse(config).unwrap();
    let mut p = Profile::default();
    for id in ["d", "c", "b", "a"] {
        p.apply(&Event::ProductView { id: id.into() }, T0, &c.catalogue);
    }
    p.apply(
        &Event::PageView {
            page: PageType::Home,
        },
        T0,
        &c.catalogue,
    );
    let body = |locale: &str| match decide(&c, &p, locale, &moment("/", T0, false), None, false) {
        Decision::Show(_, content) => text(&content.body),
        other => panic!("{other:?}"),
    };
    // The three viewed last, the last first.
    assert_eq!(body("en"), "Still thinking about Kettle, Grinder, Scale?");
    assert_eq!(body("de"), "Noch bei Wasserkocher, Grinder, Scale?");
}

#[test]
fn a_restore_button_brings_back_what_is_still_for_sale_and_the_text_names_the_rest() {
    use shop_assistant::core::message::{restore, Names};
    use shop_assistant::core::profile::{Abandoned, Line};
    // The demo's config, its settings given a cart permalink.
    let mut v =
        shop_assistant::core::json::parse(&common::project_file("www/assistant.json")).unwrap();
    if let shop_assistant::core::json::Value::Object(members) = &mut v {
        let at = members
            .iter()
            .position(|(k, _)| k == "messageSettings")
            .unwrap();
        members[at].1 = shop_assistant::core::json::parse(
            r#"{"currency": "EUR", "restoreBasket": {"url": "/cart/{items}?ref=assistant"}}"#,
        )
        .unwrap();
    }
    let mut c = Config::decode(&v).unwrap();
    c.attach_catalogue(&common::project_file("www/shop/catalogue.json"))
        .unwrap();
    let line = |id: &str, quantity: f64, price: f64| Line {
        id: id.into(),
        quantity,
        price,
    };
    let p = Profile {
        abandoned: Some(Abandoned {
            lines: vec![
                line("house-espresso", 2.0, 12.5),
                line("panama-geisha", 1.0, 24.0),
                line("hand-grinder", 1.0, 59.0),
            ],
            value: 108.0,
            at: T0,
        }),
        ..Profile::default()
    };
    let back = restore(
        &p,
        &c.catalogue,
        &c.sold_out_here,
        &c.message_settings,
        "en",
        "en",
    );
    assert_eq!(
        back.url.as_deref(),
        Some("/cart/house-espresso:2,hand-grinder:1?ref=assistant"),
        "the sold-out Panama left out"
    );
    assert_eq!(back.unavailable, ["panama-geisha"]);
    assert_eq!(back.lines.len(), 2);
    // The event for a shop without such a link: the lines, named, and what is gone.
    let detail = back.detail(&c.catalogue, "en", "en");
    assert!(detail.starts_with(r#"{"lines":[{"product":"house-espresso","quantity":2,"price":12.5,"name":"House Espresso Blend","url":"/products/house-espresso","image":"/shop/img/beans-dark.svg"}"#), "{detail}");
    assert!(
        detail.ends_with(r#""unavailable":["panama-geisha"]}"#),
        "{detail}"
    );
    // {unavailable} names what is gone, in the visitor's language.
    let names = Names {
        unavailable: vec!["Panama Geisha".into()],
        ..Names::default()
    };
    let text = shop_assistant::core::message::fill(
        "{unavailable} sold out meanwhile.",
        &p,
        &c.message_settings,
        &names,
    );
    assert_eq!(
        text,
        [
            Piece::Text("Panama Geisha".into()),
            Piece::Text(" sold out meanwhile.".into())
        ]
    );
    // A page showing a product sold out (JSON-LD) counts too.
    let back = restore(
        &p,
        &c.catalogue,
        &["hand-grinder".to_string()],
        &c.message_settings,
        "en",
        "en",
    );
    assert_eq!(
        back.url.as_deref(),
        Some("/cart/house-espresso:2?ref=assistant")
    );
    // Nothing left for sale: no link.
    let gone = Profile {
        abandoned: Some(Abandoned {
            lines: vec![line("panama-geisha", 1.0, 24.0)],
            value: 24.0,
            at: T0,
        }),
        ..Profile::default()
    };
    assert_eq!(
        restore(&gone, &c.catalogue, &[], &c.message_settings, "en", "en").url,
        None
    );
}

#[test]
fn a_restore_link_must_be_a_link_with_its_lines() {
    let problems = |settings: &str| {
        common::problems(&common::minimal_with(
            "\"flows\"",
            &format!("\"messageSettings\": {settings}, \"flows\""),
        ))
    };
    assert_eq!(
        problems(r#"{"restoreBasket": {"url": "javascript:go('{items}')"}}"#),
        ["messageSettings.restoreBasket.url: only http, https or relative URLs are allowed"]
    );
    assert_eq!(
        problems(r#"{"restoreBasket": {"url": "/cart"}}"#),
        ["messageSettings.restoreBasket.url: write {items} where the lines go"]
    );
    assert_eq!(
        problems(r#"{"restoreBasket": {"url": "/cart/{items}", "item": "{sku}"}}"#),
        ["messageSettings.restoreBasket.item: write {id} where the product goes"]
    );
    let valid = common::minimal_with(
        "\"flows\"",
        "\"messageSettings\": {\"restoreBasket\": {\"url\": \"/cart/{items}\"}}, \"flows\"",
    );
    assert!(Config::parse(&valid).is_ok());
    assert_eq!(
        problems(r#"{"restoreBasket": {"url": {"en": "/en/cart/{items}", "ja": "/ja/cart"}}}"#),
        ["messageSettings.restoreBasket.url.ja: write {items} where the lines go"]
    );
}
