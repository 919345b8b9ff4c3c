"""Real province → city → district combinations, for address surrogates that are real places.

Read from the region table python-stdnum ships for ID-card numbers (``stdnum/cn/loc.dat``, kept
in the packaged app for the same reason): a 6-digit code ``PPCCDD`` names a province (``PP``),
a prefecture-level city (``PPCC00``) and a district or county under it. Only names without an
end year (still in use) are kept. Without the table a few built-in triples keep masking working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# A county line: "  0106 county="[1983-]西湖区"" or several periods separated by commas.
_LINE = re.compile(r'^(?P<province>[0-9]{2}) province="(?P<pname>[^"]+)"|^\s+(?P<code>[0-9]{4}) county="(?P<names>[^"]+)"')
_PERIOD = re.compile(r"^\[(?P<since>[0-9]*)-(?P<until>[0-9]*)\]")
# Placeholders in the table, not places: 市辖区 (a city's urban districts), 县 (its counties) …
_NOT_PLACES = frozenset(("市辖区", "市区", "县", "郊区", "矿区", "省直辖县级行政区划", "自治区直辖县级行政区划",
                         "省直辖行政单位"))
_FALLBACK = (
    ("浙江省", "杭州市", "拱墅区"), ("江苏省", "南京市", "鼓楼区"), ("广东省", "深圳市", "南山区"),
    ("四川省", "成都市", "武侯区"), ("湖北省", "武汉市", "洪山区"), ("北京市", "北京市", "海淀区"),
    ("上海市", "上海市", "徐汇区"),
)


@dataclass(frozen=True)
class Regions:
    provinces: tuple[str, ...]
    cities: tuple[str, ...]  # prefecture-level cities; a municipality is its own city
    cities_of: dict[str, tuple[str, ...]]  # province → its cities
    districts_of: dict[str, tuple[str, ...]]  # city → its districts/counties
    province_of: dict[str, str]  # city → its province


def _current_name(names: str) -> str | None:
    """The name still in use: the last period without an end year (or a name without periods)."""
    for part in reversed(names.split(",")):
        m = _PERIOD.match(part)
        if m is None:
            return part
        if not m["until"]:
            return part[m.end():]
    return None


def _parse(table: str) -> Regions:
    cities_of: dict[str, list[str]] = {}
    districts_of: dict[str, list[str]] = {}
    province_of: dict[str, str] = {}
    province = city = ""
    for line in table.splitlines():
        m = _LINE.match(line)
        if m is None:
            continue
        if m["province"]:
            province, city = m["pname"], ""
            cities_of.setdefault(province, [])
            continue
        name = _current_name(m["names"])
        code = m["code"]
        if code.endswith("00"):
            city = ""
            if code == "0000" or name is None:
                continue
            if name in _NOT_PLACES:  # a municipality's districts: the municipality is the city
                city = province if province.endswith("市") else ""
            elif name.endswith(("市", "州", "盟", "地区")):
                city = name
            if city and city not in province_of:
                province_of[city] = province
                cities_of[province].append(city)
            continue
        if city and name and name not in _NOT_PLACES and name[-1] in "区县市旗" and len(name) >= 2:
            districts_of.setdefault(city, []).append(name)
    # a city with no current district is no use for a full address
    cities_of = {p: [c for c in cs if districts_of.get(c)] for p, cs in cities_of.items()}
    cities_of = {p: cs for p, cs in cities_of.items() if cs}
    return Regions(
        provinces=tuple(cities_of),
        cities=tuple(c for cs in cities_of.values() for c in cs),
        cities_of={p: tuple(cs) for p, cs in cities_of.items()},
        districts_of={c: tuple(dict.fromkeys(ds)) for c, ds in districts_of.items() if c in province_of},
        province_of={c: p for c, p in province_of.items() if districts_of.get(c)},
    )


@cache
def regions() -> Regions:
    from importlib import resources

    try:
        table = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        table = ""
    parsed = _parse(table)
    if parsed.cities:
        return parsed
    return Regions(
        provinces=tuple(dict.fromkeys(p for p, _, _ in _FALLBACK)),
        cities=tuple(c for _, c, _ in _FALLBACK),
        cities_of={p: tuple(c for q, c, _ in _FALLBACK if q == p) for p, _, _ in _FALLBACK},
        districts_of={c: (d,) for _, c, d in _FALLBACK},
        province_of={c: p for p, c, _ in _FALLBACK},
    )


def is_real_combination(province: str | None, city: str | None, district: str | None) -> bool:
    """Whether the given levels (None = absent) belong together in the table."""
    r = regions()
    if city is not None:
        if province is not None and r.province_of.get(city) != province:
            return False
        if district is not None and district not in r.districts_of.get(city, ()):
            return False
        return city in r.province_of
    if province is not None and district is not None:
        return any(district in r.districts_of.get(c, ()) for c in r.cities_of.get(province, ()))
    return True
