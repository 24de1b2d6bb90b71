"""clause_ends finds CLAUSE_END's ends, searched apart (monitor/rules/sentence.py)."""

import random

from monitor.rules.sentence import CLAUSE_END, clause_ends


def test_clause_ends_match_the_single_pattern() -> None:
    samples = ["a but while b", "x  but  y", "中 文", "中 but 文", "1,000 and 2,00, 3", "中\u3000 文  but\twhile\xa0x",
               "but", " but ", "中  文 while 字", "Beijing (CAC) said: 14 more, whereas Shanghai — 3; unlike 上海 有"]
    rng = random.Random(1)
    pieces = [" but ", " while ", "中", " ", ",", "1", "\xa0", "x", "unlike", "whereas ", "；", "(", "—", "\t"]
    samples += ["".join(rng.choice(pieces) for _ in range(12)) for _ in range(5000)]
    for text in samples:
        assert clause_ends(text) == [m.end() for m in CLAUSE_END.finditer(text)], repr(text)
