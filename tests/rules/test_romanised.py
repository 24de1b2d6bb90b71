"""Known Chinese filers read from the pinyin an English report spells them in (monitor/rules/romanised.py)."""

from __future__ import annotations

import datetime as dt

from monitor.rules import AliasIndex, extract_mentions
from tests.rules.golden import load_default_rules

ALIASES = AliasIndex.build([
    ("博思数采科技股份有限公司", []), ("武汉讯方信息技术有限公司", []), ("广州趣丸网络科技有限公司", []),
    ("北京一知科技有限公司", []), ("杭州一知智能科技有限公司", []),  # one distinctive part, two places
    ("上海易知科技有限公司", []),  # another 一知/易知 in pinyin: yizhi
])


def test_an_english_name_in_pinyin_is_the_known_company():
    assert ALIASES.romanised("Bosi Shucai Technology") == "博思数采科技股份有限公司"
    assert ALIASES.romanised("Wuhan Xunfang Information Technology") == "武汉讯方信息技术有限公司"
    assert ALIASES.romanised("Quwan") == "广州趣丸网络科技有限公司"


def test_a_place_picks_among_namesakes_and_a_wrong_place_or_an_ambiguous_name_is_no_match():
    assert ALIASES.romanised("Hangzhou Yizhi Intelligent Technology") == "杭州一知智能科技有限公司"
    assert ALIASES.romanised("Yizhi Technology") is None  # three companies spell yizhi
    assert ALIASES.romanised("Beijing Xunfang Technology") is None  # Xunfang is Wuhan's
    assert ALIASES.romanised("Intelligent Technology") is None  # nothing distinctive
    assert ALIASES.romanised("博思数采") is None  # (Chinese names go through the aliases themselves)


def test_a_filer_read_by_its_pinyin_raises_no_new_company():
    text = ("Bosi Shucai Technology's \"Sunshine Public Procurement\" model completed generative AI service filing on "
            "June 23, the national list published by the Cyberspace Administration of China shows.")
    found = extract_mentions(text, title="Procurement model passes national filing", published=dt.date(2025, 7, 1),
                             language="en", rules=load_default_rules(), aliases=ALIASES)
    companies = [(m.company, m.company_known) for m in found if m.kind == "company_approval"]
    assert companies == [("博思数采科技股份有限公司", True)]


def test_a_table_built_in_another_process_reads_the_same_and_spares_pypinyin(tmp_path):
    """Reading workers adopt the table their parent had built elsewhere (monitor/run/reading.py)."""
    import pickle
    import subprocess
    import sys

    from monitor.rules.romanised import RomanisedNames

    table = RomanisedNames.build(ALIASES.company_surfaces()).index
    spec = tmp_path / "table.pickle"
    spec.write_bytes(pickle.dumps((ALIASES.company_surfaces(), table)))
    script = (
        "import pickle, sys\n"
        "from monitor.rules import AliasIndex\n"
        f"surfaces, table = pickle.loads(open({str(spec)!r}, 'rb').read())\n"
        "aliases = AliasIndex.build([(c, [s for s in ss if s != c]) for c, ss in surfaces])\n"
        "aliases.adopt_romanised(table)\n"
        "print(aliases.romanised('Bosi Shucai Technology'), aliases.romanised('Yizhi Technology'),\n"
        "      'pypinyin' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["博思数采科技股份有限公司", "None", "False"]
