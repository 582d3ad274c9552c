//! Merchant texts in one or several languages.

use super::decode::{as_string, Problems};
use super::json::Value;

/// A text a visitor reads: either one string for every language, or one per locale
/// (`{"en": "Find your coffee", "de": "Finden Sie Ihren Kaffee"}`).
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// `(locale, text)` pairs; a plain string is stored with the locale `""`.
    variants: Vec<(String, String)>,
}

impl Text {
    /// The same text in every language.
    pub fn plain(text: &str) -> Self {
        Text {
            variants: vec![(String::new(), text.to_string())],
        }
    }

    /// The text for `locale` (e.g. `de-AT`), falling back to its language (`de`), then to
    /// `default_locale`, then to the first variant given.
    pub fn resolve(&self, locale: &str, default_locale: &str) -> &str {
        let language = locale.split(['-', '_']).next().unwrap_or(locale);
        let find = |want: &str| {
            self.variants
                .iter()
                .find(|(l, _)| l.eq_ignore_ascii_case(want))
        };
        find(locale)
            .or_else(|| find(language))
            .or_else(|| {
                self.variants.iter().find(|(l, _)| {
                    l.split(['-', '_'])
                        .next()
                        .is_some_and(|x| x.eq_ignore_ascii_case(language))
                })
            })
            .or_else(|| find(default_locale))
            .or_else(|| self.variants.first())
            .map_or("", |(_, t)| t.as_str())
    }

    /// The text for `locale` or its language only (a plain string is every language's); no
    /// fallback to another language.
    pub fn exact(&self, locale: &str) -> Option<&str> {
        let language = locale.split(['-', '_']).next().unwrap_or(locale);
        self.variants
            .iter()
            .find(|(l, _)| l.is_empty() || l.eq_ignore_ascii_case(locale))
            .or_else(|| {
                self.variants
                    .iter()
                    .find(|(l, _)| l.eq_ignore_ascii_case(language))
            })
            .map(|(_, t)| t.as_str())
    }

    /// The locales this text has, empty for a plain string.
    pub fn locales(&self) -> impl Iterator<Item = &str> {
        self.variants
            .iter()
            .map(|(l, _)| l.as_str())
            .filter(|l| !l.is_empty())
    }

    /// Reads a text: a non-empty string, or an object of locale to non-empty string.
    pub fn decode(p: &mut Problems, value: &Value, path: &str) -> Option<Text> {
        match value {
            Value::String(_) => as_string(p, value, path).map(|s| Text::plain(&s)),
            Value::Object(members) if !members.is_empty() => {
                let mut variants = Vec::new();
                for (locale, v) in members {
                    let at = super::decode::field_path(path, locale);
                    if !is_locale(locale) {
                        p.add(&at, format!("\"{locale}\" is not a language tag (e.g. \"en\", \"de-AT\", \"ar\")"));
                    }
                    if let Some(s) = as_string(p, v, &at) {
                        variants.push((locale.clone(), s));
                    }
                }
                (!variants.is_empty()).then_some(Text { variants })
            }
            _ => {
                p.wrong_type(path, "a string or an object of language to string", value);
                None
            }
        }
    }
}

/// The widget's own texts, by the names a config's `labels` object overrides them with.
pub const LABEL_KEYS: [&str; 16] = [
    "close",
    "back",
    "restart",
    "results",
    "closest",
    "closestNote",
    "viewProduct",
    "matches",
    "misses",
    "none",
    "next",
    "unavailable",
    "upTo",
    "atLeast",
    "span",
    "relaxed",
];

/// Built-in translations of the widget's own texts: a language, and its labels in
/// [`LABEL_KEYS`] order separated by `|` (one string a language keeps the table small).
/// English first: it is the fallback.
const BUILT_IN_LABELS: &[(&str, &str)] = &[
    ("en", "Close|Back|Start again|Our recommendation|Closest matches|No product fits every answer. These come closest.|View product|Matches|Does not match|Sorry, nothing that fits is in stock right now.|Continue|Nothing in stock fits this together with your earlier answers.|Up to|At least|Products that fit so far|Set aside"),
    ("de", "Schließen|Zurück|Neu starten|Unsere Empfehlung|Die besten Treffer|Kein Produkt passt zu allen Antworten. Diese kommen am nächsten.|Zum Produkt|Passt zu|Passt nicht zu|Im Moment ist leider nichts Passendes vorrätig.|Weiter|Mit Ihren bisherigen Antworten ist dazu nichts vorrätig.|Bis|Mindestens|Passende Produkte|Nicht berücksichtigt"),
    ("fr", "Fermer|Retour|Recommencer|Notre recommandation|Les plus proches|Aucun produit ne correspond à toutes vos réponses. Voici les plus proches.|Voir le produit|Correspond à|Ne correspond pas à|Désolé, rien de ce qui convient n'est en stock pour le moment.|Continuer|Avec vos réponses précédentes, rien en stock ne correspond à ce choix.|Jusqu'à|Au moins|Produits qui conviennent jusqu'ici|Mis de côté"),
    ("es", "Cerrar|Atrás|Empezar de nuevo|Nuestra recomendación|Lo más parecido|Ningún producto encaja con todas las respuestas. Estos son los más cercanos.|Ver producto|Coincide con|No coincide con|Lo sentimos, ahora no hay nada en stock que encaje.|Continuar|Con tus respuestas anteriores, no hay nada en stock que encaje con esto.|Hasta|Al menos|Productos que encajan hasta ahora|Dejado de lado"),
    ("it", "Chiudi|Indietro|Ricomincia|Il nostro consiglio|I più vicini|Nessun prodotto corrisponde a tutte le risposte. Questi sono i più vicini.|Vedi prodotto|Corrisponde a|Non corrisponde a|Spiacenti, al momento non c'è nulla di adatto disponibile.|Continua|Con le risposte precedenti non c'è nulla di disponibile per questa scelta.|Fino a|Almeno|Prodotti adatti finora|Messo da parte"),
    ("nl", "Sluiten|Terug|Opnieuw beginnen|Ons advies|Komt het dichtst in de buurt|Geen product past bij alle antwoorden. Deze komen het dichtst in de buurt.|Bekijk product|Past bij|Past niet bij|Sorry, er is nu niets passends op voorraad.|Verder|Met je eerdere antwoorden is hiervoor niets op voorraad.|Tot|Minstens|Producten die tot nu toe passen|Buiten beschouwing gelaten"),
    ("pl", "Zamknij|Wstecz|Zacznij od nowa|Nasza rekomendacja|Najbliższe dopasowania|Żaden produkt nie pasuje do wszystkich odpowiedzi. Te są najbliżej.|Zobacz produkt|Pasuje do|Nie pasuje do|Niestety, nic pasującego nie ma teraz w magazynie.|Dalej|Razem z wcześniejszymi odpowiedziami nic z tego nie jest dostępne.|Do|Co najmniej|Pasujące produkty|Pominięte"),
    ("pt", "Fechar|Voltar|Recomeçar|A nossa recomendação|Os mais próximos|Nenhum produto corresponde a todas as respostas. Estes são os mais próximos.|Ver produto|Corresponde a|Não corresponde a|Lamentamos, de momento não há nada adequado em stock.|Continuar|Com as respostas anteriores, não há nada em stock para esta opção.|Até|Pelo menos|Produtos adequados até agora|Deixado de lado"),
    ("ru", "Закрыть|Назад|Начать заново|Наша рекомендация|Ближайшие варианты|Ни один товар не подходит под все ответы. Эти ближе всего.|Открыть товар|Подходит|Не подходит|К сожалению, сейчас нет подходящих товаров в наличии.|Далее|С учётом предыдущих ответов подходящих товаров в наличии нет.|До|Не менее|Подходящие товары|Не учтено"),
    ("uk", "Закрити|Назад|Почати знову|Наша рекомендація|Найближчі варіанти|Жоден товар не відповідає всім відповідям. Ці найближчі.|Переглянути товар|Відповідає|Не відповідає|На жаль, зараз немає відповідних товарів у наявності.|Далі|З урахуванням попередніх відповідей відповідних товарів у наявності немає.|До|Щонайменше|Відповідні товари|Не враховано"),
    ("bg", "Затвори|Назад|Започни отначало|Нашата препоръка|Най-близки съвпадения|Нито един продукт не отговаря на всички отговори. Тези са най-близо.|Виж продукта|Отговаря на|Не отговаря на|За съжаление в момента няма подходящи продукти в наличност.|Напред|С предишните ви отговори няма нищо подходящо в наличност.|До|Поне|Подходящи продукти досега|Пренебрегнато"),
    ("ja", "閉じる|戻る|最初から|おすすめ|近い候補|すべての回答に合う商品はありません。最も近い商品です。|商品を見る|一致|不一致|申し訳ありません。現在、条件に合う在庫商品はありません。|次へ|これまでの回答と合わせると、在庫のある商品はありません。|上限|下限|条件に合う商品|考慮しなかった条件"),
    ("zh", "关闭|返回|重新开始|我们的推荐|最接近的选择|没有商品符合所有回答。以下最为接近。|查看商品|符合|不符合|抱歉，目前没有符合条件的现货商品。|继续|结合您之前的回答，没有符合的现货商品。|最高|最低|目前符合的商品|未考虑"),
    ("zh-Hant", "關閉|返回|重新開始|我們的推薦|最接近的選擇|沒有商品符合所有回答。以下最為接近。|查看商品|符合|不符合|抱歉，目前沒有符合條件的現貨商品。|繼續|結合您之前的回答，沒有符合的現貨商品。|最高|最低|目前符合的商品|未考慮"),
    ("ko", "닫기|뒤로|처음부터|추천 상품|가장 가까운 상품|모든 답변에 맞는 상품이 없습니다. 가장 가까운 상품입니다.|상품 보기|일치|불일치|죄송합니다. 지금은 조건에 맞는 재고 상품이 없습니다.|계속|이전 답변과 함께 고르면 재고가 있는 상품이 없습니다.|최대|최소|지금까지 맞는 상품|제외한 조건"),
    ("ar", "إغلاق|رجوع|البدء من جديد|توصيتنا|الأقرب|لا يوجد منتج يطابق كل الإجابات. هذه هي الأقرب.|عرض المنتج|يطابق|لا يطابق|عذرًا، لا يوجد حاليًا منتج مناسب متوفر.|متابعة|لا يتوفر شيء يناسب هذا الاختيار مع إجاباتك السابقة.|حتى|على الأقل|المنتجات المناسبة حتى الآن|تم تجاهله"),
    ("he", "סגירה|חזרה|להתחיל מחדש|ההמלצה שלנו|הכי קרובים|אין מוצר שמתאים לכל התשובות. אלה הכי קרובים.|לצפייה במוצר|מתאים ל|לא מתאים ל|מצטערים, כרגע אין במלאי מוצר מתאים.|המשך|יחד עם התשובות הקודמות שלך אין במלאי מוצר מתאים.|עד|לפחות|מוצרים מתאימים עד כה|לא נלקח בחשבון"),
    ("tr", "Kapat|Geri|Baştan başla|Önerimiz|En yakın eşleşmeler|Tüm yanıtlara uyan ürün yok. Bunlar en yakın olanlar.|Ürünü gör|Uyuyor|Uymuyor|Üzgünüz, şu anda uygun ürün stokta yok.|Devam|Önceki yanıtlarınızla birlikte stokta uygun ürün yok.|En fazla|En az|Şimdiye kadar uyan ürünler|Dikkate alınmadı"),
];

/// The built-in labels for `locale`, in [`LABEL_KEYS`] order: its language's (Chinese in
/// traditional characters for `zh-Hant`, `zh-TW`, `zh-HK` and `zh-MO`), else English.
///
/// ```
/// use shop_assistant::core::text::built_in_labels;
/// assert_eq!(built_in_labels("ja-JP")[0], "閉じる");
/// assert_eq!(built_in_labels("zh-TW")[0], "關閉");
/// assert_eq!(built_in_labels("zh-CN")[0], "关闭");
/// assert_eq!(built_in_labels("gsw")[0], "Close");
/// ```
pub fn built_in_labels(locale: &str) -> [&'static str; 16] {
    let lower = locale.to_ascii_lowercase();
    let mut subtags = lower.split(['-', '_']);
    let language = subtags.next().unwrap_or("");
    let traditional = language == "zh" && subtags.any(|s| matches!(s, "hant" | "tw" | "hk" | "mo"));
    let want = if traditional { "zh-hant" } else { language };
    let table = BUILT_IN_LABELS
        .iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(want))
        .unwrap_or(&BUILT_IN_LABELS[0])
        .1;
    let mut labels = [""; 16];
    for (slot, text) in labels.iter_mut().zip(table.split('|')) {
        *slot = text;
    }
    labels
}

/// True for a plausible BCP 47 tag: a 2-3 letter language and optional subtags.
pub fn is_locale(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    lang_ok
        && parts.all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether `locale` is written right to left (Arabic, Hebrew, Persian, Urdu, ...).
pub fn is_rtl(locale: &str) -> bool {
    let language = locale
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        language.as_str(),
        "ar" | "he" | "iw" | "fa" | "ur" | "ps" | "sd" | "yi" | "dv" | "ug" | "ckb"
    )
}

/// The locale to show texts in: the page's or browser's `candidate` when it is a valid
/// language tag (with `_` read as `-`), else the config's default.
///
/// ```
/// use shop_assistant::core::text::visitor_locale;
/// assert_eq!(visitor_locale(Some("de_AT"), "en"), "de-AT");
/// assert_eq!(visitor_locale(Some("<script>"), "en"), "en");
/// assert_eq!(visitor_locale(None, "en"), "en");
/// ```
pub fn visitor_locale(candidate: Option<&str>, default_locale: &str) -> String {
    match candidate.map(|c| c.trim().replace('_', "-")) {
        Some(c) if is_locale(&c) => c,
        _ => default_locale.to_string(),
    }
}
