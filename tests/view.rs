//! What the widget shows: resolved texts, results, hand-off links, direction.

mod common;
use common::{minimal, minimal_with, problems};
use shop_assistant::core::config::Config;
use shop_assistant::core::flow::{Choice, FlowState};
use shop_assistant::core::text::{is_rtl, visitor_locale, Text};
use shop_assistant::core::translations::{translation_file, translation_for};
use shop_assistant::core::url::{check, with_query, UrlError};
use shop_assistant::core::view::{dialog, Body, ReasonView};

#[test]
fn texts_fall_back_from_region_to_language_to_default() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let title = |locale: &str| dialog(&c, flow, &FlowState::default(), locale).title;
    assert_eq!(title("de-AT"), "Ihr Kaffee");
    assert_eq!(title("de"), "Ihr Kaffee");
    assert_eq!(
        title("fr"),
        "Find your coffee",
        "French falls back to the default, English"
    );
    assert_eq!(title("ar-EG"), "ابحث عن قهوتك");
    let t = Text::plain("Same everywhere");
    assert_eq!(t.resolve("ja", "en"), "Same everywhere");
}

#[test]
fn the_widget_speaks_the_visitor_language_and_the_merchant_may_reword_it() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let labels = |c: &Config, locale: &str| dialog(c, flow, &FlowState::default(), locale).labels;
    // What a visitor reads once the loader has brought the translation for the page's language.
    let translated = |locale: &str| {
        let mut c = minimal();
        if let Some(key) = translation_for(locale) {
            assert!(
                c.adopt_translation(&translation_file(key).unwrap(), locale),
                "{locale}"
            );
        }
        labels(&c, locale)
    };
    for (locale, close, next) in [
        ("ja-JP", "閉じる", "次へ"),
        ("zh-CN", "关闭", "继续"),
        ("zh-Hant-TW", "關閉", "繼續"),
        ("zh-TW", "關閉", "繼續"),
        ("ru", "Закрыть", "Далее"),
        ("bg", "Затвори", "Напред"),
        ("uk", "Закрити", "Далі"),
        ("ko", "닫기", "계속"),
        ("ar", "إغلاق", "متابعة"),
        ("pt-BR", "Fechar", "Continuar"),
        ("en-GB", "Close", "Continue"),
        ("sw", "Close", "Continue"),
    ] {
        let l = translated(locale);
        assert_eq!(
            (l.close.as_str(), l.next.as_str()),
            (close, next),
            "{locale}"
        );
    }
    // Without the file (it failed to load, or was tampered with), English, never a mix.
    let mut c = minimal();
    assert!(!c.adopt_translation("[\"ja\", \"x\"]", "ja"));
    assert!(!c.adopt_translation("<html>", "ja"));
    assert_eq!(labels(&c, "ja").close, "Close");
    // A label the merchant words for Japanese only: Japanese visitors read it, the rest keep
    // the built-in words.
    let reworded = Config::parse(&minimal_with(
        "\"version\": 1",
        "\"version\": 1, \"labels\": {\"close\": {\"ja\": \"閉める\"}, \"viewProduct\": \"See it\"}",
    ))
    .unwrap();
    let mut reworded_ja = reworded.clone();
    assert!(reworded_ja.adopt_translation(&translation_file("ja").unwrap(), "ja"));
    assert_eq!(
        labels(&reworded_ja, "ja").close,
        "閉める",
        "the merchant's word wins"
    );
    assert_eq!(labels(&reworded_ja, "ja").back, "戻る");
    let mut reworded_de = reworded.clone();
    assert!(reworded_de.adopt_translation(&translation_file("de").unwrap(), "de"));
    assert_eq!(labels(&reworded_de, "de").close, "Schließen");
    assert_eq!(labels(&reworded_de, "de").view_product, "See it");
    // A label that does not exist, and a language code that is not one: each with its path.
    let p = problems(&minimal_with(
        "\"version\": 1",
        "\"version\": 1, \"labels\": {\"clsoe\": \"X\", \"back\": {\"japanese\": \"戻る\"}}",
    ));
    assert_eq!(
        p,
        [
            "labels.clsoe: unknown field (did you mean \"close\"?)",
            "labels.back.japanese: \"japanese\" is not a language tag (e.g. \"en\", \"de-AT\", \"ar\")",
        ]
    );
}

#[test]
fn the_launcher_can_be_kept_off_pages_by_type_or_path() {
    let c = Config::parse(&minimal_with(
        "\"version\": 1",
        "\"version\": 1, \"tracking\": {\"pages\": [{\"type\": \"checkout\", \"path\": \"/checkout*\"}]}",
    ).replacen("\"label\": \"", "\"hideOn\": [\"checkout\", \"/help/*\"], \"label\": \"", 1)).unwrap();
    let l = c.launcher.as_ref().unwrap();
    assert!(l.shown_on(&c.tracking, "/"));
    assert!(!l.shown_on(&c.tracking, "/checkout/payment"));
    assert!(!l.shown_on(&c.tracking, "/help/returns"));
    // Limited to product pages and the gift guide, and still kept off one of them.
    let c = Config::parse(&minimal_with(
        "\"version\": 1",
        "\"version\": 1, \"tracking\": {\"pages\": [{\"type\": \"product\", \"path\": \"/p/*\"}]}",
    ).replacen("\"label\": \"", "\"showOn\": [\"product\", \"/gifts\"], \"hideOn\": [\"/p/gift-card\"], \"label\": \"", 1)).unwrap();
    let l = c.launcher.as_ref().unwrap();
    assert!(l.shown_on(&c.tracking, "/p/kettle"));
    assert!(l.shown_on(&c.tracking, "/gifts"));
    assert!(!l.shown_on(&c.tracking, "/"), "not on the home page");
    assert!(!l.shown_on(&c.tracking, "/p/gift-card"), "hideOn wins");
    let p = problems(&minimal_with("\"version\": 1", "\"version\": 1").replacen(
        "\"label\": \"",
        "\"hideOn\": [\"chekout\", 3], \"showOn\": \"product\", \"label\": \"",
        1,
    ));
    assert_eq!(
        p,
        [
            "launcher.showOn: expected an array, found a string",
            "launcher.hideOn[0]: \"chekout\" is neither a page type (home, category, product, search, basket, checkout, confirmation, other) nor a path starting with '/' (did you mean \"checkout\"?)",
            "launcher.hideOn[1]: expected a string, found a number",
        ]
    );
}

#[test]
fn one_catalogue_serves_every_language_of_a_shop() {
    let config = r#"{
      "catalogue": { "currency": "JPY", "products": [
        { "id": "ring", "price": 9800,
          "name": { "en": "Crescent Ring", "ja": "三日月リング" },
          "url": { "en": "/en/p/ring", "ja": "/ja/p/ring" },
          "image": "/img/ring.svg",
          "description": { "en": "Gold.", "ja": "ゴールド。" } } ] },
      "flows": { "gift": { "title": "Gift", "questions": [
        { "id": "who", "text": "Who?", "answers": [{ "id": "me", "label": "Me" }] } ] } }
    }"#;
    let c = Config::parse(config).unwrap();
    let flow = c.flow("gift").unwrap();
    let mut state = FlowState::default();
    state.answer(flow, Choice::One("me".into())).unwrap();
    let product = |locale: &str| match dialog(&c, flow, &state, locale).body {
        Body::Results(r) => (r.products[0].name.clone(), r.products[0].url.clone()),
        _ => panic!("results expected"),
    };
    assert_eq!(
        product("ja-JP"),
        (
            "三日月リング".to_string(),
            "/ja/p/ring?sa_flow=gift".to_string()
        )
    );
    assert_eq!(
        product("en"),
        (
            "Crescent Ring".to_string(),
            "/en/p/ring?sa_flow=gift".to_string()
        )
    );
    // A hostile URL in one language's variant is refused like any other, with its path.
    let bad = config.replace("\"ja\": \"/ja/p/ring\"", "\"ja\": \"javascript:alert(1)\"");
    assert_eq!(
        problems(&bad),
        ["catalogue.products[0].url.ja: only http, https or relative URLs are allowed"]
    );
    let bad = config.replace("\"ja\": \"三日月リング\"", "\"japanese\": \"三日月リング\"");
    assert_eq!(
        problems(&bad),
        ["catalogue.products[0].name.japanese: \"japanese\" is not a language tag (e.g. \"en\", \"de-AT\", \"ar\")"]
    );
}

#[test]
fn right_to_left_languages_are_marked() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    assert!(dialog(&c, flow, &FlowState::default(), "ar").rtl);
    assert!(dialog(&c, flow, &FlowState::default(), "he-IL").rtl);
    assert!(!dialog(&c, flow, &FlowState::default(), "ru").rtl);
    assert!(is_rtl("fa") && !is_rtl("en") && !is_rtl("zh-Hans"));
    assert_eq!(visitor_locale(Some("zh_Hans_CN"), "en"), "zh-Hans-CN");
    assert_eq!(visitor_locale(Some(""), "de"), "de");
}

#[test]
fn a_question_view_lists_its_answers() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let v = dialog(&c, flow, &FlowState::default(), "en");
    let Body::Question(q) = v.body else {
        panic!("expected a question")
    };
    assert_eq!(q.text, "How do you brew?");
    assert_eq!(
        q.answers
            .iter()
            .map(|a| a.label.as_str())
            .collect::<Vec<_>>(),
        ["Espresso", "Filter"]
    );
    assert!(!v.can_go_back);
}

#[test]
fn results_carry_reasons_prices_and_attributed_links() {
    let c = minimal();
    let flow = c.flow("finder").unwrap();
    let mut s = FlowState::default();
    s.answer(flow, Choice::One("filter".into())).unwrap();
    s.answer(flow, Choice::One("low".into())).unwrap();
    let v = dialog(&c, flow, &s, "en");
    assert!(v.can_go_back);
    let Body::Results(r) = v.body else {
        panic!("expected results")
    };
    assert!(r.exact);
    let p = &r.products[0];
    assert_eq!(p.id, "cheap-filter");
    assert_eq!(
        p.url,
        "https://shop.example/p/cheap?ref=1&sa_flow=finder#top"
    );
    assert_eq!(
        p.matched,
        [
            ReasonView::Text("Filter".into()),
            ReasonView::Text("Under €10".into())
        ]
    );
    assert!(p.missed.is_empty());
    assert_eq!((p.price, p.currency.as_str()), (8.0, "EUR"));
}

#[test]
fn urls_are_checked_the_way_a_browser_reads_them() {
    for ok in [
        "/p/1",
        "p/1",
        "?x=1",
        "#top",
        "https://x.example/a:b",
        "http://x",
        "HTTPS://X",
        "//cdn.example/x.png",
        "/a:b",
    ] {
        assert_eq!(check(ok), Ok(()), "{ok}");
    }
    for (bad, why) in [
        ("javascript:alert(1)", UrlError::Scheme),
        ("JAVASCRIPT:alert(1)", UrlError::Scheme),
        ("\u{1}javascript:alert(1)", UrlError::Scheme),
        (" javascript:alert(1)", UrlError::Scheme),
        ("jav\nascript:alert(1)", UrlError::Scheme),
        ("jav\r\tascript:alert(1)", UrlError::Scheme),
        ("data:text/html;base64,PHNjcmlwdD4=", UrlError::Scheme),
        ("vbscript:msgbox", UrlError::Scheme),
        ("ftp://x", UrlError::Scheme),
        ("", UrlError::Empty),
        ("   ", UrlError::Empty),
        (" /p/1", UrlError::Whitespace),
        ("/p/1\n", UrlError::Whitespace),
        ("/p/\u{0}1", UrlError::Whitespace),
    ] {
        assert_eq!(check(bad), Err(why), "{bad:?}");
    }
    assert_eq!(
        with_query("/p?", "sa_flow", "a b&c"),
        "/p?sa_flow=a%20b%26c"
    );
}

#[test]
fn results_wait_while_a_catalogue_file_is_on_its_way() {
    use shop_assistant::core::config::Config;
    let text = r#"{"catalogue": "/catalogue.json", "flows": {"f": {"title": "F", "questions": [
        {"id": "q", "text": "Q?", "answers": [{"id": "a", "label": "A", "filters": [{"attribute": "c", "equals": "x"}]},
                                              {"id": "b", "label": "B", "filters": [{"attribute": "c", "equals": "y"}]}]}]}}}"#;
    let mut c = Config::parse(text).unwrap();
    assert!(c.catalogue_pending());
    let flow = c.flow("f").unwrap().clone();
    let mut state = FlowState::default();
    // Before the products are known, every answer can be chosen.
    let Body::Question(q) = dialog(&c, &flow, &state, "en").body else {
        panic!("a question first")
    };
    assert!(q.answers.iter().all(|a| a.available));
    state.answer(&flow, Choice::One("a".into())).unwrap();
    let Body::Results(r) = dialog(&c, &flow, &state, "en").body else {
        panic!("results after the only question")
    };
    assert!(r.pending && r.products.is_empty());
    c.attach_catalogue(
        r#"[{"id": "p", "name": "P", "url": "/p", "price": 1, "currency": "EUR", "attributes": {"c": "x"}}]"#,
    )
    .unwrap();
    assert!(!c.catalogue_pending());
    let Body::Results(r) = dialog(&c, &flow, &state, "en").body else {
        panic!("results")
    };
    assert!(!r.pending);
    assert_eq!(r.products[0].id, "p");
    let Body::Question(q) = dialog(&c, &flow, &FlowState::default(), "en").body else {
        panic!("a question first")
    };
    assert_eq!(
        q.answers.iter().map(|a| a.available).collect::<Vec<_>>(),
        [true, false]
    );
}
