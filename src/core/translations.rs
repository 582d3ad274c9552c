//! The widget's own texts in other languages than English. The wasm carries English only
//! ([`super::text::ENGLISH_LABELS`]); each language here is published as one small file
//! (`labels/<language>.json`, written by `npm run schema`) that the loader fetches for the
//! page's language, and the assistant adopts with [`Config::adopt_translation`].
//!
//! Adding a language: a line in [`TRANSLATIONS`], `npm run schema`, and the loader's list.

use super::config::Config;
use super::json::{self, Value};
use super::text::{Text, LABEL_KEYS};

/// The languages with a translation. Kept apart from [`TRANSLATIONS`], which the wasm must not
/// reference (only this list is in it).
pub const LANGUAGES: [&str; 17] = [
    "de", "fr", "es", "it", "nl", "pl", "pt", "ru", "uk", "bg", "ja", "zh", "zh-Hant", "ko", "ar",
    "he", "tr",
];

/// A language, and its labels in [`LABEL_KEYS`] order separated by `|`.
pub const TRANSLATIONS: &[(&str, &str)] = &[
    ("de", "Schließen|Zurück|Neu starten|Unsere Empfehlung|Die besten Treffer|Kein Produkt passt zu allen Antworten. Diese kommen am nächsten.|Zum Produkt|Passt zu|Passt nicht zu|Im Moment ist leider nichts Passendes vorrätig.|Weiter|Mit Ihren bisherigen Antworten ist dazu nichts vorrätig.|Bis|Mindestens|Passende Produkte|Nicht berücksichtigt|Schon angesehen|Weil Sie {} angesehen haben|Sie mögen {}|Passt zu {}|Nicht mehr erhältlich: {}|Für Sie ausgewählt"),
    ("fr", "Fermer|Retour|Recommencer|Notre recommandation|Les plus proches|Aucun produit ne correspond à toutes vos réponses. Voici les plus proches.|Voir le produit|Correspond à|Ne correspond pas à|Désolé, rien de ce qui convient n'est en stock pour le moment.|Continuer|Avec vos réponses précédentes, rien en stock ne correspond à ce choix.|Jusqu'à|Au moins|Produits qui conviennent jusqu'ici|Mis de côté|Déjà consulté|Parce que vous avez regardé {}|Vous aimez {}|Va avec {}|Plus disponible : {}|Sélectionné pour vous"),
    ("es", "Cerrar|Atrás|Empezar de nuevo|Nuestra recomendación|Lo más parecido|Ningún producto encaja con todas las respuestas. Estos son los más cercanos.|Ver producto|Coincide con|No coincide con|Lo sentimos, ahora no hay nada en stock que encaje.|Continuar|Con tus respuestas anteriores, no hay nada en stock que encaje con esto.|Hasta|Al menos|Productos que encajan hasta ahora|Dejado de lado|Ya lo has visto|Porque viste {}|Te gusta {}|Combina con {}|Ya no disponible: {}|Elegido para ti"),
    ("it", "Chiudi|Indietro|Ricomincia|Il nostro consiglio|I più vicini|Nessun prodotto corrisponde a tutte le risposte. Questi sono i più vicini.|Vedi prodotto|Corrisponde a|Non corrisponde a|Spiacenti, al momento non c'è nulla di adatto disponibile.|Continua|Con le risposte precedenti non c'è nulla di disponibile per questa scelta.|Fino a|Almeno|Prodotti adatti finora|Messo da parte|Già visto|Perché hai guardato {}|Ti piace {}|Si abbina a {}|Non più disponibile: {}|Scelto per te"),
    ("nl", "Sluiten|Terug|Opnieuw beginnen|Ons advies|Komt het dichtst in de buurt|Geen product past bij alle antwoorden. Deze komen het dichtst in de buurt.|Bekijk product|Past bij|Past niet bij|Sorry, er is nu niets passends op voorraad.|Verder|Met je eerdere antwoorden is hiervoor niets op voorraad.|Tot|Minstens|Producten die tot nu toe passen|Buiten beschouwing gelaten|Al bekeken|Omdat je {} hebt bekeken|Je houdt van {}|Past bij {}|Niet meer beschikbaar: {}|Voor jou uitgekozen"),
    ("pl", "Zamknij|Wstecz|Zacznij od nowa|Nasza rekomendacja|Najbliższe dopasowania|Żaden produkt nie pasuje do wszystkich odpowiedzi. Te są najbliżej.|Zobacz produkt|Pasuje do|Nie pasuje do|Niestety, nic pasującego nie ma teraz w magazynie.|Dalej|Razem z wcześniejszymi odpowiedziami nic z tego nie jest dostępne.|Do|Co najmniej|Pasujące produkty|Pominięte|Oglądane wcześniej|Oglądane: {}|Lubisz: {}|Pasuje do: {}|Już niedostępne: {}|Wybrane dla Ciebie"),
    ("pt", "Fechar|Voltar|Recomeçar|A nossa recomendação|Os mais próximos|Nenhum produto corresponde a todas as respostas. Estes são os mais próximos.|Ver produto|Corresponde a|Não corresponde a|Lamentamos, de momento não há nada adequado em stock.|Continuar|Com as respostas anteriores, não há nada em stock para esta opção.|Até|Pelo menos|Produtos adequados até agora|Deixado de lado|Já visto|Porque viu {}|Gosta de {}|Combina com {}|Já não disponível: {}|Escolhido para si"),
    ("ru", "Закрыть|Назад|Начать заново|Наша рекомендация|Ближайшие варианты|Ни один товар не подходит под все ответы. Эти ближе всего.|Открыть товар|Подходит|Не подходит|К сожалению, сейчас нет подходящих товаров в наличии.|Далее|С учётом предыдущих ответов подходящих товаров в наличии нет.|До|Не менее|Подходящие товары|Не учтено|Вы уже смотрели|Вы смотрели: {}|Вам нравится: {}|Вместе с: {}|Больше нет в наличии: {}|Подобрано для вас"),
    ("uk", "Закрити|Назад|Почати знову|Наша рекомендація|Найближчі варіанти|Жоден товар не відповідає всім відповідям. Ці найближчі.|Переглянути товар|Відповідає|Не відповідає|На жаль, зараз немає відповідних товарів у наявності.|Далі|З урахуванням попередніх відповідей відповідних товарів у наявності немає.|До|Щонайменше|Відповідні товари|Не враховано|Ви вже переглядали|Ви переглядали: {}|Вам подобається: {}|Разом із: {}|Більше немає в наявності: {}|Підібрано для вас"),
    ("bg", "Затвори|Назад|Започни отначало|Нашата препоръка|Най-близки съвпадения|Нито един продукт не отговаря на всички отговори. Тези са най-близо.|Виж продукта|Отговаря на|Не отговаря на|За съжаление в момента няма подходящи продукти в наличност.|Напред|С предишните ви отговори няма нищо подходящо в наличност.|До|Поне|Подходящи продукти досега|Пренебрегнато|Вече разгледано|Разгледахте: {}|Харесвате: {}|Подхожда към {}|Вече няма в наличност: {}|Подбрано за вас"),
    ("ja", "閉じる|戻る|最初から|おすすめ|近い候補|すべての回答に合う商品はありません。最も近い商品です。|商品を見る|一致|不一致|申し訳ありません。現在、条件に合う在庫商品はありません。|次へ|これまでの回答と合わせると、在庫のある商品はありません。|上限|下限|条件に合う商品|考慮しなかった条件|最近見た商品|{}を見た方へ|{}がお好きな方へ|{}と合わせて|在庫切れになった商品：{}|あなたへのおすすめ"),
    ("zh", "关闭|返回|重新开始|我们的推荐|最接近的选择|没有商品符合所有回答。以下最为接近。|查看商品|符合|不符合|抱歉，目前没有符合条件的现货商品。|继续|结合您之前的回答，没有符合的现货商品。|最高|最低|目前符合的商品|未考虑|您看过|因为您看过{}|您喜欢{}|搭配{}|已售罄：{}|为您精选"),
    ("zh-Hant", "關閉|返回|重新開始|我們的推薦|最接近的選擇|沒有商品符合所有回答。以下最為接近。|查看商品|符合|不符合|抱歉，目前沒有符合條件的現貨商品。|繼續|結合您之前的回答，沒有符合的現貨商品。|最高|最低|目前符合的商品|未考慮|您看過|因為您看過{}|您喜歡{}|搭配{}|已售罄：{}|為您精選"),
    ("ko", "닫기|뒤로|처음부터|추천 상품|가장 가까운 상품|모든 답변에 맞는 상품이 없습니다. 가장 가까운 상품입니다.|상품 보기|일치|불일치|죄송합니다. 지금은 조건에 맞는 재고 상품이 없습니다.|계속|이전 답변과 함께 고르면 재고가 있는 상품이 없습니다.|최대|최소|지금까지 맞는 상품|제외한 조건|최근 본 상품|{}을(를) 보셨나요|{} 선호|{}와(과) 잘 어울려요|품절된 상품: {}|회원님을 위한 추천"),
    ("ar", "إغلاق|رجوع|البدء من جديد|توصيتنا|الأقرب|لا يوجد منتج يطابق كل الإجابات. هذه هي الأقرب.|عرض المنتج|يطابق|لا يطابق|عذرًا، لا يوجد حاليًا منتج مناسب متوفر.|متابعة|لا يتوفر شيء يناسب هذا الاختيار مع إجاباتك السابقة.|حتى|على الأقل|المنتجات المناسبة حتى الآن|تم تجاهله|شاهدته من قبل|لأنك شاهدت {}|تحب {}|يناسب {}|لم يعد متوفرًا: {}|اخترناه لك"),
    ("he", "סגירה|חזרה|להתחיל מחדש|ההמלצה שלנו|הכי קרובים|אין מוצר שמתאים לכל התשובות. אלה הכי קרובים.|לצפייה במוצר|מתאים ל|לא מתאים ל|מצטערים, כרגע אין במלאי מוצר מתאים.|המשך|יחד עם התשובות הקודמות שלך אין במלאי מוצר מתאים.|עד|לפחות|מוצרים מתאימים עד כה|לא נלקח בחשבון|צפית בזה|כי צפית ב-{}|מתאים לטעמך: {}|מתאים ל-{}|כבר לא זמין: {}|נבחר בשבילך"),
    ("tr", "Kapat|Geri|Baştan başla|Önerimiz|En yakın eşleşmeler|Tüm yanıtlara uyan ürün yok. Bunlar en yakın olanlar.|Ürünü gör|Uyuyor|Uymuyor|Üzgünüz, şu anda uygun ürün stokta yok.|Devam|Önceki yanıtlarınızla birlikte stokta uygun ürün yok.|En fazla|En az|Şimdiye kadar uyan ürünler|Dikkate alınmadı|Daha önce baktınız|Baktığınız ürün: {}|Sevdikleriniz: {}|Uyumlu: {}|Artık stokta yok: {}|Sizin için seçildi"),
];

/// Which translation a visitor reading `locale` gets: its language's (Chinese in traditional
/// characters for `zh-Hant`, `zh-TW`, `zh-HK` and `zh-MO`); `None` for English and for
/// languages without one. The loader applies the same rule (`www/shop-assistant.js`).
///
/// ```
/// use shop_assistant::core::translations::translation_for;
/// assert_eq!(translation_for("ja-JP"), Some("ja"));
/// assert_eq!(translation_for("zh-TW"), Some("zh-Hant"));
/// assert_eq!(translation_for("zh-CN"), Some("zh"));
/// assert_eq!(translation_for("en-GB"), None);
/// assert_eq!(translation_for("sw"), None);
/// ```
pub fn translation_for(locale: &str) -> Option<&'static str> {
    let lower = locale.to_ascii_lowercase();
    let mut subtags = lower.split(['-', '_']);
    let language = subtags.next().unwrap_or("");
    let traditional = language == "zh" && subtags.any(|s| matches!(s, "hant" | "tw" | "hk" | "mo"));
    let want = if traditional { "zh-hant" } else { language };
    LANGUAGES
        .iter()
        .find(|l| l.eq_ignore_ascii_case(want))
        .copied()
}

/// The published file of translation `key`: `["ja", "閉じる", "戻る", ...]`.
pub fn translation_file(key: &str) -> Option<String> {
    let (_, table) = TRANSLATIONS.iter().find(|(l, _)| *l == key)?;
    let mut items = vec![Value::String(key.to_string())];
    items.extend(table.split('|').map(|t| Value::String(t.to_string())));
    Some(json::stringify(&Value::Array(items)))
}

impl Config {
    /// Adopts a translation file the loader fetched (`["ja", "閉じる", ...]`) for a visitor
    /// reading `locale`: its labels apply under the merchant's own `labels`. Anything that is
    /// not such a file, or not the one for `locale`, is ignored (false): the widget speaks
    /// English then.
    ///
    /// ```
    /// use shop_assistant::core::config::Config;
    /// use shop_assistant::core::translations::translation_file;
    /// use shop_assistant::core::view::labels;
    /// let mut c = Config::parse(r#"{"catalogue": [{"id": "x", "name": "X", "url": "/x", "price": 1, "currency": "EUR"}], "flows": {"f": {"title": "F", "questions": [{"id": "q", "text": "Q", "answers": [{"id": "a", "label": "A"}]}]}}}"#).unwrap();
    /// assert!(!c.adopt_translation(&translation_file("ja").unwrap(), "ru"), "not the visitor's");
    /// assert!(c.adopt_translation(&translation_file("zh-Hant").unwrap(), "zh-TW"));
    /// assert_eq!(labels(&c, "zh-TW").close, "關閉");
    /// assert_eq!(labels(&c, "en").close, "Close");
    /// ```
    pub fn adopt_translation(&mut self, file: &str, locale: &str) -> bool {
        let Ok(Value::Array(items)) = json::parse(file) else {
            return false;
        };
        let texts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
        let [language, labels @ ..] = texts.as_slice() else {
            return false;
        };
        if texts.len() != items.len()
            || labels.len() != LABEL_KEYS.len()
            || translation_for(locale) != Some(*language)
        {
            return false;
        }
        for (key, text) in LABEL_KEYS.iter().zip(labels) {
            match self.labels.iter_mut().find(|(k, _)| k == key) {
                Some((_, t)) => t.add_variant(locale, text),
                None => self
                    .labels
                    .push((key.to_string(), Text::in_language(locale, text))),
            }
        }
        true
    }
}
