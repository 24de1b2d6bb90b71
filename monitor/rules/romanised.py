"""Known Chinese filers by the pinyin of their names: "Wuhan Xunfang Information Technology" is 武汉讯方信息技术有限公司.

English reports name a filer the dataset knows only by its Chinese legal name in pinyin ("Bosi Shucai Technology",
"Quwan"): read as an unknown company, it would raise a "new company" alert for a filer the dataset holds. A legal
name's distinctive part (its place and its generic words, 科技有限公司 and the like, set aside) is turned into pinyin
with pypinyin (a maintained library with its own phrase dictionary, which a hand-written table of syllables would
not match on polyphonic characters); an English name's words, its place and generic words ("Technology",
"Intelligent") set aside, are looked up joined. Only a name that reads as exactly one known company counts, and a
place both names tell must be the same.
"""

from __future__ import annotations

import re
from typing import Iterable

_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团|（[^）]*）|\([^)]*\))+$")
_GENERIC_ZH = re.compile(r"(?:智能科技|信息科技|网络科技|信息技术|数据科技|数字科技|人工智能|科技|技术|网络|信息|智能|软件|数据|"
                         r"数字|电子|传媒|文化|控股|实业|发展|服务)+$")
# Places as legal names open with them, in Chinese and in pinyin (the longest first)
_PLACES = {
    "北京": "beijing", "上海": "shanghai", "天津": "tianjin", "重庆": "chongqing", "广州": "guangzhou", "深圳": "shenzhen",
    "杭州": "hangzhou", "南京": "nanjing", "苏州": "suzhou", "武汉": "wuhan", "成都": "chengdu", "西安": "xian",
    "长沙": "changsha", "合肥": "hefei", "厦门": "xiamen", "福州": "fuzhou", "济南": "jinan", "青岛": "qingdao",
    "郑州": "zhengzhou", "沈阳": "shenyang", "大连": "dalian", "哈尔滨": "harbin", "长春": "changchun", "南昌": "nanchang",
    "昆明": "kunming", "贵阳": "guiyang", "南宁": "nanning", "海口": "haikou", "宁波": "ningbo", "无锡": "wuxi",
    "常州": "changzhou", "东莞": "dongguan", "佛山": "foshan", "珠海": "zhuhai", "温州": "wenzhou", "江苏": "jiangsu",
    "浙江": "zhejiang", "广东": "guangdong", "山东": "shandong", "福建": "fujian", "四川": "sichuan", "湖北": "hubei",
    "湖南": "hunan", "河南": "henan", "河北": "hebei", "安徽": "anhui", "江西": "jiangxi", "辽宁": "liaoning",
    "吉林": "jilin", "山西": "shanxi", "陕西": "shaanxi", "甘肃": "gansu", "云南": "yunnan", "贵州": "guizhou",
    "广西": "guangxi", "海南": "hainan", "中国": "china",
}
_PLACE_WORDS = frozenset(_PLACES.values())
_GENERIC_EN = frozenset("technology technologies tech intelligent intelligence information network networks digital data "
                        "software co ltd limited group inc company corporation holdings science sciences ai artificial "
                        "electronic electronics media culture development services service smart".split())
_WORD = re.compile(r"[a-z]+")


def _core(legal: str) -> tuple[str | None, str]:
    """(place, distinctive part) of a Chinese legal name."""
    name = _SUFFIX.sub("", legal)
    place = next((p for p in sorted(_PLACES, key=len, reverse=True) if name.startswith(p)), None)
    if place is not None:
        name = name[len(place):]
    return (_PLACES[place] if place else None), _GENERIC_ZH.sub("", _SUFFIX.sub("", name))


# pinyin of a name's distinctive part -> (canonical company, place in pinyin or None)
Index = dict[str, frozenset[tuple[str, "str | None"]]]


class RomanisedNames:
    """Built once from the known companies' Chinese names; safe to share between threads.

    pypinyin's phrase dictionary costs about 53 MB in every process that loads it, so a process pool gets
    the finished ``index`` (about 100 KB pickled) from its parent instead of loading it once per worker."""

    def __init__(self, index: Index) -> None:
        self.index = index

    @classmethod
    def build(cls, companies: Iterable[tuple[str, Iterable[str]]]) -> RomanisedNames:
        from pypinyin import lazy_pinyin

        index: dict[str, set[tuple[str, str | None]]] = {}
        for canonical, surfaces in companies:
            for surface in (canonical, *surfaces):
                if not re.search(r"[\u4e00-\u9fff]", surface):
                    continue
                place, core = _core(surface)
                if len(core) < 2:
                    continue  # one character is too little to tell a company by
                index.setdefault("".join(lazy_pinyin(core)), set()).add((canonical, place))
        return cls({key: frozenset(fits) for key, fits in index.items()})

    def canonical(self, name: str) -> str | None:
        """The one known company an English name reads as, else None."""
        words = _WORD.findall(name.lower())
        places = {w for w in words if w in _PLACE_WORDS}
        rest = [w for w in words if w not in _PLACE_WORDS and w not in _GENERIC_EN]
        if not rest:
            return None
        fits = {canonical for canonical, place in self.index.get("".join(rest), ())
                if not (places and place and place not in places)}
        return fits.pop() if len(fits) == 1 else None
