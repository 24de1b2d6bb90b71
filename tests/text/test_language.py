"""detect_language: CLD2 over the text, a declared language kept unless the text clearly contradicts it."""

from __future__ import annotations

import pytest

from monitor.text.language import detect_language, language_tag

# Our own sentences, news-like, one per language (CLD2 knows all of these; the old stop-word check knew 4 of them).
NEWS = {
    "en": "The regulator approved fourteen more generative AI models on Tuesday, bringing the total to 131.",
    "de": "Die Regierung hat am Dienstag neue Regeln für künstliche Intelligenz vorgestellt.",
    "fr": "Le gouvernement a présenté mardi de nouvelles règles sur l'intelligence artificielle.",
    "es": "El gobierno presentó el martes nuevas normas sobre inteligencia artificial.",
    "pt": "O governo apresentou na terça-feira novas regras sobre inteligência artificial.",
    "it": "Il governo ha presentato martedì nuove regole sull'intelligenza artificiale.",
    "nl": "De regering heeft dinsdag nieuwe regels voor kunstmatige intelligentie gepresenteerd.",
    "pl": "Rząd przedstawił we wtorek nowe przepisy dotyczące sztucznej inteligencji.",
    "ru": "Правительство во вторник представило новые правила в области искусственного интеллекта.",
    "ar": "قدمت الحكومة يوم الثلاثاء قواعد جديدة بشأن الذكاء الاصطناعي.",
    "ur": "حکومت نے منگل کو مصنوعی ذہانت کے بارے میں نئے قواعد پیش کیے۔",
    "he": "הממשלה הציגה ביום שלישי כללים חדשים בנושא בינה מלאכותית.",
    "ja": "政府は火曜日、人工知能に関する新しい規則を発表した。",
    "ko": "정부는 화요일 인공지능에 관한 새로운 규칙을 발표했다.",
    "zh": "国家网信办周二发布了新一批生成式人工智能服务备案信息。",
    "vi": "Chính phủ hôm thứ Ba đã công bố các quy định mới về trí tuệ nhân tạo.",
    "tr": "Hükümet salı günü yapay zeka ile ilgili yeni kuralları açıkladı.",
    "id": "Pemerintah pada hari Selasa mengumumkan aturan baru tentang kecerdasan buatan.",
}
SPANISH_PARAGRAPH = ("El gobierno presentó el martes nuevas normas sobre inteligencia artificial. Los diputados debatirán "
                     "la ley de datos la próxima semana en el Congreso, según fuentes oficiales.")


@pytest.mark.parametrize("language", sorted(NEWS))
def test_news_sentences_in_many_languages(language: str) -> None:
    assert detect_language(NEWS[language]) == language


def test_unsure_text_gives_the_hint_or_none() -> None:
    assert detect_language("") is None
    assert detect_language("2024 1 17") is None
    assert detect_language("OK", hint="de-DE") == "de"
    assert detect_language("Zürich", hint="x-default") is None  # not a language tag


@pytest.mark.parametrize("text", [
    "LIVESTREAM Jong Utrecht - La Louvière Centre",  # a title alone never overrides
    "Middenvelder traint mee met het Nederlands elftal. De speler van Jong Oranje werd voor even opgeroepen.",
    "Kaartverkoop: voor deze wedstrijd geldt een clubkaartverplichting.",
])
def test_a_declared_language_is_kept_where_the_text_does_not_clearly_contradict_it(text: str) -> None:
    assert detect_language(text, declared="nl-NL") == "nl"


def test_a_declared_language_yields_to_text_that_clearly_is_another() -> None:
    assert detect_language(SPANISH_PARAGRAPH, declared="en-us") == "es"
    assert detect_language(NEWS["zh"] * 3, declared="en") == "zh"
    assert detect_language("Nuevas normas sobre datos", declared="en") == "en"  # too short to contradict
    assert detect_language(SPANISH_PARAGRAPH, declared="zz") == "es"  # a tag CLD2 does not know is no hint


def test_text_cld2_refuses_still_gets_a_language() -> None:
    # C1 control characters (mis-decoded cp1252) and lone surrogates make CLD2 raise; the text is cleaned then
    assert detect_language("\x9d" + NEWS["pt"] + "\udc80") == "pt"
    assert detect_language("\x9d\x9d", declared="pt-BR") == "pt"


def test_language_tags() -> None:
    assert [language_tag(v) for v in ("zh_CN", "nl-NL", " EN ", "iw", "", None, "x-default", "1234")] == [
        "zh", "nl", "en", "he", None, None, None, None]
