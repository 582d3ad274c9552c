//! Recommendations from the visitor's profile (`core::recommend`): every strategy with a
//! fixed browsing history, the fallbacks, what is never recommended, the reasons, and the
//! config's problems with their paths.

mod common;
use shop_assistant::core::config::Config;
use shop_assistant::core::page::PageType;
use shop_assistant::core::profile::{Event, Profile};
use shop_assistant::core::recommend::{recommend, Block, Reason, Situation, Strategy};

const T0: f64 = 1_795_000_000_000.0;

const SHOP: &str = r#"{
  "catalogue": {"currency": "EUR", "products": [
    {"id": "ring-gold", "name": "Crescent Ring", "url": "/p/ring-gold", "price": 100, "attributes": {"category": "ring", "metal": "gold", "stones": ["pearl"]}},
    {"id": "ring-silver", "name": "Silver Band", "url": "/p/ring-silver", "price": 80, "attributes": {"category": "ring", "metal": "silver"}},
    {"id": "earrings-gold", "name": "Gold Drops", "url": "/p/earrings-gold", "price": 60, "attributes": {"category": "earrings", "metal": "gold", "stones": ["pearl"]}},
    {"id": "earrings-red", "name": "Scarlet Tassel Earrings", "url": "/p/earrings-red", "price": 40, "attributes": {"category": "earrings", "metal": "silver", "colour": "red"}},
    {"id": "ring-box", "name": "Ring Box", "url": "/p/ring-box", "price": 10, "attributes": {"category": "box"}},
    {"id": "necklace-gold", "name": "Gold Chain", "url": "/p/necklace-gold", "price": 120, "inStock": false, "attributes": {"category": "necklace", "metal": "gold"}}
  ]},
  "flows": {"f": {"title": "F", "questions": [{"id": "metal", "text": "Which metal?", "answers": [
    {"id": "gold", "label": {"en": "Gold", "ja": "ゴールド"}, "filters": [{"attribute": "metal", "equals": "gold"}]},
    {"id": "silver", "label": {"en": "Silver", "ja": "シルバー"}, "filters": [{"attribute": "metal", "equals": "silver"}]}
  ]}]}},
  "recommendations": {
    "blocks": {
      "product": {"title": {"en": "You may also like", "ja": "こちらもおすすめ"}, "strategies": ["similar", "recentlyViewed", "featured"], "count": 3, "pages": ["product"]},
      "home": {"strategies": ["forYou", "featured"], "count": 4},
      "basket": {"strategies": ["complements"], "after": ".basket-lines"}
    },
    "complements": [
      {"with": {"attribute": "category", "equals": "ring"}, "show": {"attribute": "category", "equals": "box"}}
    ]
  }
}"#;

fn shop() -> Config {
    Config::parse(SHOP).unwrap_or_else(|p| panic!("{p:#?}"))
}

fn block<'c>(c: &'c Config, id: &str) -> &'c Block {
    c.recommendations
        .blocks
        .iter()
        .find(|b| b.id == id)
        .unwrap()
}

/// The ids and reasons `block` gives for `profile` on a page showing `current`.
fn picks(
    c: &Config,
    b: &Block,
    profile: &Profile,
    current: Option<&str>,
) -> Vec<(String, Strategy, Reason)> {
    let situation = Situation {
        profile,
        current,
        sold_out: &[],
        now: T0,
        listed: &[],
    };
    recommend(&c.catalogue, b, &c.recommendations.complements, &situation)
        .into_iter()
        .map(|p| (p.product.id.clone(), p.strategy, p.reason))
        .collect()
}

/// One of `id` added to the basket.
fn add_to_basket(c: &Config, profile: &mut Profile, id: &str) {
    let e = Event::AddToBasket {
        id: id.into(),
        quantity: 1.0,
        price: None,
    };
    profile.apply(&e, T0, &c.catalogue);
}

/// A page that shows no product, for `profile`.
fn here(profile: &Profile) -> Situation<'_> {
    Situation {
        profile,
        current: None,
        sold_out: &[],
        now: T0,
        listed: &[],
    }
}

fn viewed(c: &Config, ids: &[&str]) -> Profile {
    let mut p = Profile::default();
    for id in ids {
        p.apply(&Event::ProductView { id: (*id).into() }, T0, &c.catalogue);
    }
    p
}

fn ids(list: &[(String, Strategy, Reason)]) -> Vec<&str> {
    list.iter().map(|(id, _, _)| id.as_str()).collect()
}

#[test]
fn recently_viewed_lists_the_last_viewed_first_and_never_this_page_the_basket_or_sold_out() {
    let c = shop();
    let b = Block {
        strategies: vec![Strategy::RecentlyViewed],
        count: 10,
        ..block(&c, "product").clone()
    };
    let mut p = viewed(
        &c,
        &[
            "earrings-red",
            "necklace-gold",
            "ring-silver",
            "earrings-gold",
            "ring-gold",
        ],
    );
    assert_eq!(
        ids(&picks(&c, &b, &p, Some("ring-gold"))),
        ["earrings-gold", "ring-silver", "earrings-red"],
        "newest first; not the product on the page; not the sold-out chain"
    );
    add_to_basket(&c, &mut p, "ring-silver");
    let list = picks(&c, &b, &p, None);
    assert_eq!(
        ids(&list),
        ["ring-gold", "earrings-gold", "earrings-red"],
        "not what is in the basket"
    );
    assert!(list
        .iter()
        .all(|(_, s, r)| *s == Strategy::RecentlyViewed && *r == Reason::Viewed));
}

#[test]
fn similar_ranks_by_shared_attributes_and_names_the_product_it_is_like() {
    let c = shop();
    let b = Block {
        strategies: vec![Strategy::Similar],
        count: 10,
        ..block(&c, "product").clone()
    };
    let p = Profile::default();
    let list = picks(&c, &b, &p, Some("ring-gold"));
    // The silver band shares the category, the gold drops the metal and the pearl; the
    // red earrings and the box share nothing but a price.
    assert_eq!(ids(&list), ["earrings-gold", "ring-silver"]);
    assert!(list
        .iter()
        .all(|(_, _, r)| *r == Reason::Similar("ring-gold".into())));
    // Off a product page, similar to the product viewed last.
    let p = viewed(&c, &["ring-gold", "earrings-red"]);
    let list = picks(&c, &b, &p, None);
    assert_eq!(
        ids(&list),
        ["earrings-gold", "ring-silver"],
        "like the red earrings: earrings, then silver"
    );
    assert_eq!(list[0].2, Reason::Similar("earrings-red".into()));
    assert_eq!(
        picks(&c, &b, &Profile::default(), None),
        [],
        "nothing viewed: nothing similar"
    );
}

#[test]
fn for_you_follows_the_visitors_interests_and_says_which() {
    let c = shop();
    let b = block(&c, "home");
    let likes = |attribute: &str, value: &str| Reason::Likes {
        attribute: attribute.into(),
        value: value.into(),
    };
    // Gold earrings with pearls looked at: the gold ring with a pearl, not seen yet, comes
    // first. Gold, pearl and earrings count alike; the reason names the pearl, the rarest of
    // them in the catalogue (two products have pearls, three are gold).
    let p = viewed(&c, &["earrings-gold"]);
    let list = picks(&c, b, &p, None);
    assert_eq!(&ids(&list)[..2], ["ring-gold", "earrings-red"]);
    assert_eq!(list[0].2, likes("stones", "pearl"));
    assert_eq!(list[1].2, likes("category", "earrings"));
    // Interests: gold 3, pearl 2, earrings 2, ring, necklace, silver and red 1 each. What was
    // looked at is left to "recentlyViewed": the silver band is the one thing not seen yet
    // (a ring, like one they looked at); the featured fallback fills the rest.
    let p = viewed(
        &c,
        &[
            "earrings-gold",
            "ring-gold",
            "necklace-gold",
            "earrings-red",
        ],
    );
    let list = picks(&c, b, &p, None);
    assert_eq!(
        ids(&list),
        ["ring-silver", "ring-gold", "earrings-gold", "earrings-red"]
    );
    assert_eq!(list[0].2, likes("category", "ring"));
    assert_eq!(
        list.iter().map(|(_, s, _)| *s).collect::<Vec<_>>(),
        [
            Strategy::ForYou,
            Strategy::Featured,
            Strategy::Featured,
            Strategy::Featured
        ]
    );
    assert!(!ids(&list).contains(&"necklace-gold"), "sold out");
    // The same profile, the same list.
    assert_eq!(picks(&c, b, &p, None), list);
    // No history: the featured fallback, in the catalogue's order.
    let first = picks(&c, b, &Profile::default(), None);
    assert_eq!(
        ids(&first),
        ["ring-gold", "ring-silver", "earrings-gold", "earrings-red"]
    );
    assert!(first
        .iter()
        .all(|(_, s, r)| *s == Strategy::Featured && *r == Reason::Featured));
}

#[test]
fn complements_follow_the_merchants_pairings_from_the_page_and_the_basket() {
    let c = shop();
    let b = block(&c, "basket");
    let mut p = Profile::default();
    assert_eq!(picks(&c, b, &p, None), [], "nothing to pair with");
    add_to_basket(&c, &mut p, "ring-silver");
    assert_eq!(
        picks(&c, b, &p, None),
        [(
            "ring-box".to_string(),
            Strategy::Complements,
            Reason::GoesWith("ring-silver".into())
        )]
    );
    // On a ring's page, the reason names that ring.
    let p = Profile::default();
    assert_eq!(
        picks(&c, b, &p, Some("ring-gold"))[0].2,
        Reason::GoesWith("ring-gold".into())
    );
    // The box itself in the basket: nothing left to offer.
    let mut p = Profile::default();
    for id in ["ring-gold", "ring-box"] {
        p.apply(
            &Event::AddToBasket {
                id: id.into(),
                quantity: 1.0,
                price: None,
            },
            T0,
            &c.catalogue,
        );
    }
    assert_eq!(picks(&c, b, &p, None), []);
}

#[test]
fn strategies_fill_in_order_each_product_once_up_to_the_count() {
    let c = shop();
    let b = block(&c, "product");
    let p = viewed(&c, &["earrings-red", "ring-silver"]);
    let list = picks(&c, b, &p, Some("ring-gold"));
    assert_eq!(list.len(), 3);
    assert_eq!(
        list.iter()
            .map(|(id, s, _)| (id.as_str(), *s))
            .collect::<Vec<_>>(),
        [
            ("earrings-gold", Strategy::Similar),
            ("ring-silver", Strategy::Similar),
            ("earrings-red", Strategy::RecentlyViewed),
        ],
        "similar first, then what was viewed that similar did not already give"
    );
}

#[test]
fn what_was_bought_is_left_out_unless_the_block_asks_for_it() {
    let c = shop();
    let mut p = Profile::default();
    p.apply(
        &Event::AddToBasket {
            id: "earrings-gold".into(),
            quantity: 1.0,
            price: None,
        },
        T0,
        &c.catalogue,
    );
    p.apply(
        &Event::Purchase {
            value: None,
            transaction: Some("o1".into()),
        },
        T0,
        &c.catalogue,
    );
    assert_eq!(p.bought, ["earrings-gold"]);
    let b = block(&c, "home");
    assert!(!ids(&picks(&c, b, &p, None)).contains(&"earrings-gold"));
    let consumables = Block {
        include_bought: true,
        ..b.clone()
    };
    assert!(ids(&picks(&c, &consumables, &p, None)).contains(&"earrings-gold"));
    // Kept in the stored profile.
    assert_eq!(
        Profile::from_json(&p.to_json()).unwrap().bought,
        ["earrings-gold"]
    );
}

#[test]
fn a_broken_recommendations_section_lists_every_problem_with_its_path() {
    let broken = SHOP
        .replace(
            r#""strategies": ["forYou", "featured"], "count": 4"#,
            r#""strategies": ["foryou", "featured", "featured"], "count": 40, "colour": "red""#,
        )
        .replace(r#""pages": ["product"]"#, r#""pages": ["produkt"]"#)
        .replace(
            r#""show": {"attribute": "category", "equals": "box"}"#,
            r#""show": {"attribute": "category"}"#,
        );
    assert_eq!(
        common::problems(&broken),
        [
            "recommendations.blocks.product.pages[0]: unknown page type \"produkt\" (did you mean \"product\"?)",
            "recommendations.blocks.home.colour: unknown field",
            "recommendations.blocks.home.strategies[0]: unknown strategy \"foryou\" (did you mean \"forYou\"?)",
            "recommendations.blocks.home.strategies: \"featured\" is named twice",
            "recommendations.blocks.home.count: must be a whole number from 1 to 12; found 40",
            "recommendations.complements[0].show: a filter needs one test: \"equals\", \"oneOf\", \"notEquals\", \"allOf\", \"contains\", or \"min\"/\"max\"",
        ]
    );
    assert_eq!(block(&shop(), "product").pages, [PageType::Product]);
}

#[test]
fn each_card_says_why_in_the_visitors_language() {
    use shop_assistant::core::view::block_view;
    let c = shop();
    let mut translated = shop();
    translated.adopt_translation(&common::project_file("www/labels/ja.json"), "ja");
    let p = viewed(&c, &["ring-gold", "earrings-red"]);
    let b = block(&c, "product").clone();
    let situation = Situation {
        profile: &p,
        current: Some("ring-gold"),
        sold_out: &[],
        now: T0,
        listed: &[],
    };
    let list = recommend(&c.catalogue, &b, &c.recommendations.complements, &situation);
    let reasons = |c: &Config, locale: &str| {
        let view = block_view(c, &b, &list, locale, None);
        (
            view.title,
            view.cards
                .into_iter()
                .map(|card| card.reason.unwrap_or_default())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        reasons(&c, "en"),
        (
            Some("You may also like".to_string()),
            vec![
                "Because you looked at Crescent Ring".to_string(),
                "Because you looked at Crescent Ring".to_string(),
                "You looked at this".to_string(),
            ]
        )
    );
    assert_eq!(
        reasons(&translated, "ja"),
        (
            Some("こちらもおすすめ".to_string()),
            vec![
                "Crescent Ringを見た方へ".to_string(),
                "Crescent Ringを見た方へ".to_string(),
                "最近見た商品".to_string(),
            ]
        )
    );
}

#[test]
fn a_liked_value_is_named_as_the_flows_answer_names_it() {
    use shop_assistant::core::view::block_view;
    let mut c = shop();
    c.adopt_translation(&common::project_file("www/labels/ja.json"), "ja");
    let b = block(&c, "home").clone();
    let first = |viewed_ids: &[&str], locale: &str| {
        let p = viewed(&c, viewed_ids);
        let list = recommend(&c.catalogue, &b, &c.recommendations.complements, &here(&p));
        block_view(&c, &b, &list, locale, None).cards[0]
            .reason
            .clone()
            .unwrap()
    };
    // The gold chain looked at: gold tells (the chain is the only necklace, and sold out).
    assert_eq!(first(&["necklace-gold"], "en"), "You like Gold");
    assert_eq!(first(&["necklace-gold"], "ja"), "ゴールドがお好きな方へ");
    // A value no answer names is shown as the catalogue writes it, to a visitor who reads
    // the shop's language; to others, the card says it was picked for them without naming it.
    assert_eq!(first(&["earrings-gold"], "en"), "You like pearl");
    assert_eq!(first(&["earrings-gold"], "ja"), "あなたへのおすすめ");
}

#[test]
fn a_flows_results_that_fit_equally_follow_the_visitors_interests_and_say_so() {
    use shop_assistant::core::flow::{Choice, FlowState};
    use shop_assistant::core::view::{dialog, dialog_for, Body};
    let c = shop();
    let flow = c.flow("f").unwrap();
    let mut state = FlowState::default();
    state.answer(flow, Choice::One("gold".into())).unwrap();
    let results = |view: shop_assistant::core::view::DialogView| match view.body {
        Body::Results(r) => r
            .products
            .into_iter()
            .map(|p| (p.id, p.liked))
            .collect::<Vec<_>>(),
        _ => panic!("results expected"),
    };
    // Both gold pieces fit the answer equally: the catalogue's order without a profile.
    assert_eq!(
        results(dialog(&c, flow, &state, "en")),
        [
            ("ring-gold".to_string(), None),
            ("earrings-gold".to_string(), None)
        ]
    );
    // A visitor who looked at earrings: the gold earrings first, because of that.
    let p = viewed(&c, &["earrings-red"]);
    assert_eq!(
        results(dialog_for(&c, flow, &state, "en", Some(&here(&p)))),
        [
            (
                "earrings-gold".to_string(),
                Some("You like earrings".to_string())
            ),
            ("ring-gold".to_string(), None)
        ]
    );
    // No interest that tells them apart: the order stays, and nothing is said.
    let p = viewed(&c, &["ring-box"]);
    assert_eq!(
        results(dialog_for(&c, flow, &state, "en", Some(&here(&p))))[0],
        ("ring-gold".to_string(), None)
    );
}

#[test]
fn a_flows_results_end_with_its_block_none_of_the_results_and_linked_with_the_flows_parameters() {
    use shop_assistant::core::flow::{Choice, FlowState};
    use shop_assistant::core::view::{dialog, dialog_for, Body, ResultsView};
    let c = Config::parse(&SHOP.replace(
        r#""flows": {"f": {"title": "F", "#,
        r#""flows": {"f": {"title": "F", "recommend": "home", "linkParams": {"utm_source": "quiz-{flow}"}, "#,
    ))
    .unwrap_or_else(|p| panic!("{p:#?}"));
    let flow = c.flow("f").unwrap();
    let mut state = FlowState::default();
    state.answer(flow, Choice::One("gold".into())).unwrap();
    let results = |body: Body| -> ResultsView {
        match body {
            Body::Results(r) => r,
            _ => panic!("results expected"),
        }
    };
    // A visitor who looked at the red (silver) earrings: "for you" finds the silver ring they
    // have not seen, then the shop's order fills the block; never the two results above,
    // never the necklace out of stock.
    let p = viewed(&c, &["earrings-red"]);
    let r = results(dialog_for(&c, flow, &state, "en", Some(&here(&p))).body);
    let listed: Vec<&str> = r.products.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(listed, ["earrings-gold", "ring-gold"]);
    let more = r.more.expect("the flow's block");
    assert_eq!(more.id, "home");
    let cards: Vec<(&str, &str, Option<&str>)> = more
        .cards
        .iter()
        .map(|c| (c.id.as_str(), c.url.as_str(), c.reason.as_deref()))
        .collect();
    assert_eq!(
        cards,
        [
            (
                "ring-silver",
                "/p/ring-silver?utm_source=quiz-f",
                Some("You like Silver")
            ),
            ("earrings-red", "/p/earrings-red?utm_source=quiz-f", None),
            ("ring-box", "/p/ring-box?utm_source=quiz-f", None),
        ]
    );
    // Without a profile (the first step drawn before the visitor's profile is read), no block.
    assert_eq!(results(dialog(&c, flow, &state, "en").body).more, None);
}

#[test]
fn a_message_names_the_block_of_its_cards_and_a_wrong_name_is_an_error_with_its_path() {
    let bad = SHOP
        .replace(
            r#""flows": {"f": {"title": "F", "#,
            r#""flows": {"f": {"title": "F", "recommend": "hom", "#,
        )
        .replace(
            r#""recommendations": {"#,
            r#""messages": [{"id": "m", "body": "Goes with it", "when": {"page": "basket"}, "products": "baskets"}], "recommendations": {"#,
        );
    assert_eq!(
        common::problems(&bad),
        [
            "flows.f.recommend: no recommendation block \"hom\" (recommendations.blocks) (did you mean \"home\"?)",
            "messages[0].products: no recommendation block \"baskets\" (recommendations.blocks) (did you mean \"basket\"?)",
        ]
    );
    let c = Config::parse(
        &bad.replace("\"hom\"", "\"home\"")
            .replace("\"baskets\"", "\"basket\""),
    )
    .unwrap_or_else(|p| panic!("{p:#?}"));
    assert_eq!(c.messages[0].products.as_deref(), Some("basket"));
    // On the basket page with a ring in it, the message's cards are what goes with it.
    let mut p = Profile::default();
    add_to_basket(&c, &mut p, "ring-silver");
    let view = shop_assistant::core::view::cards(&c, "basket", &here(&p), None, "en").unwrap();
    let cards: Vec<(&str, Option<&str>)> = view
        .cards
        .iter()
        .map(|c| (c.id.as_str(), c.reason.as_deref()))
        .collect();
    assert_eq!(cards, [("ring-box", Some("Goes with Silver Band"))]);
    assert!(shop_assistant::core::view::cards(&c, "nope", &here(&p), None, "en").is_none());
}

#[test]
fn a_value_nearly_every_product_has_is_never_the_reason() {
    use shop_assistant::core::view::block_view;
    let c = Config::parse(
        r#"{"catalogue": {"currency": "EUR", "products": [
          {"id": "a", "name": "A", "url": "/a", "price": 10, "attributes": {"category": "coffee", "roast": "dark"}},
          {"id": "b", "name": "B", "url": "/b", "price": 10, "attributes": {"category": "coffee", "roast": "dark"}},
          {"id": "c", "name": "C", "url": "/c", "price": 10, "attributes": {"category": "coffee", "roast": "light"}},
          {"id": "d", "name": "D", "url": "/d", "price": 10, "attributes": {"category": "coffee", "roast": "light"}}
        ]},
        "flows": {"f": {"title": "F", "questions": [{"id": "q", "text": "Q", "answers": [{"id": "x", "label": "X"}]}]}},
        "recommendations": {"blocks": {"home": {"strategies": ["forYou"], "count": 3}}}}"#,
    )
    .unwrap_or_else(|p| panic!("{p:#?}"));
    let b = block(&c, "home");
    let p = viewed(&c, &["a"]);
    let list = picks(&c, b, &p, None);
    // "b" shares the dark roast: named. "c" and "d" share only "coffee", which every product
    // is: they are put down to the visitor's interests, without a value.
    assert_eq!(
        list.iter()
            .map(|(id, _, r)| (id.as_str(), r.clone()))
            .collect::<Vec<_>>(),
        [
            (
                "b",
                Reason::Likes {
                    attribute: "roast".into(),
                    value: "dark".into()
                }
            ),
            ("c", Reason::Interests),
            ("d", Reason::Interests),
        ]
    );
    let list = recommend(&c.catalogue, b, &[], &here(&p));
    let reasons: Vec<String> = block_view(&c, b, &list, "en", None)
        .cards
        .into_iter()
        .filter_map(|card| card.reason)
        .collect();
    assert_eq!(
        reasons,
        ["You like dark", "Picked for you", "Picked for you"]
    );
}
