"""Layout fixtures: plans of the genre as other places write them, each with its exact extraction.

Every ``layouts/NAME.txt`` (``NAME.gbk.txt`` is GBK-encoded) has ``layouts/NAME.expected.json``
beside it: the title, period, chapters, sections (three-level plans only), and for every article
its number, label, chapter, section, title, units, lead units, targets and milestones, plus
``text_contains`` / ``text_excludes_all`` checks on article text. ``covers`` and ``not_targets``
in the JSON say what each fixture is for; they are documentation, not checked.

How the fixtures read a plan where the spec (shared/spec/extract-format.md) leaves room — one
reading, applied in every fixture:

- Catch-alls are not units: 各有关部门, 各街道办事处 or a name made of 有关/相关 + 部门/单位
  (有关部门, 区级相关部门, 等有关单位) is dropped, whichever notation carries it. The governments
  of every lower division are units (issue 19): 各区县人民政府, 各县（市、区）人民政府,
  各乡镇人民政府, 各市人民政府 are kept as written.
- A shortened name takes the level prefix (省/市/区/县) of the name before it only when it names a
  government body and carries no level of its own: 省科技厅、工业和信息化厅 → 省工业和信息化厅,
  省市场监管局、科技厅 → 省科技厅 (the prefix is 省, not 省市). Names written in full stay as
  written: 人民银行临江市分行, 国家外汇管理局江北省分局, 国网清河供电公司.
- ``units`` lists lead units first, then co-operating units, in the order printed.
  ``lead_units`` is filled only where the plan says who leads: a 牵头单位 label, "X牵头", or a
  stated rule that the first-listed unit leads (排在第一位的为牵头单位, fixture 10). "（X负责）",
  "（X、Y按职责分工负责）" and "责任单位：X、Y" alone give ``lead_units == []``.
- ``number`` is the printed number where numbering runs through the plan, and the position in
  the whole plan (1..N) where it restarts per chapter or section; ``label`` is as printed.
- ``section`` is the printed number of the enclosing （N） heading within its chapter (matching
  ``Section(chapter, number)``); null for articles not under a section heading. A （N） line
  with its own text after "。" is an article even in a three-level plan (总体要求, 保障措施).
- Target ``year``: the year the text attaches (到2025年, 2022年底前); otherwise the plan's end
  year for level, cumulative and portfolio targets; null for annual ones (每年, 年均), as in the
  seed's gold. ``新增/新建/培育/建成 N`` over the plan is cumulative; ``累计`` is cumulative.
- Bare numbers default to ``>=`` (达到 N, 新增 N); 控制在/以内/以下/压缩至 → ``<=``; 左右/约 → ``≈``
  (左右 wins over 控制在); a reduction against a base year (比2020年下降18%) is ``>=`` on the size of
  the reduction.

How the checks compare:

- Titles, labels, units, indicators, milestone texts and article text are compared after NFKC,
  with whitespace and quotation marks removed and dash variants (—, －, ～ …) folded to "-", so
  （一） == (一) and "（2024—2026年）" == "(2024-2026年)".
- Targets per article are an exact set: every expected target must be found (matched by value and
  unit, 万/亿 folded as the scorer does) and nothing else may be extracted, so the traps listed
  under ``not_targets`` show up as unexpected targets. The indicator matches loosely (expected
  name contained in the extracted one, or ≥ 0.6 of its character bigrams present); qualifiers
  match by containment (expected 累计 is met by 三年累计, 保持 by 保持在); every other field exactly.
- Milestones are checked for recall only: each expected one must be there with its year.
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from pathlib import Path

import pytest

LAYOUTS = Path(__file__).parent / "layouts"
FIXTURES = sorted(p.name for p in LAYOUTS.glob("*.txt"))

SPEC_TOP = {"title", "period", "chapters", "articles"}
SPEC_ARTICLE = {
    "number",
    "label",
    "chapter",
    "section",
    "title",
    "text",
    "units",
    "lead_units",
    "targets",
    "milestones",
}
SPEC_TARGET = {
    "indicator",
    "value",
    "unit",
    "comparator",
    "value_max",
    "basis",
    "year",
    "base_year",
    "qualifiers",
    "source",
}
SPEC_MILESTONE = {"text", "year"}
EXACT_TARGET_FIELDS = ("value", "unit", "comparator", "value_max", "basis", "year", "base_year")

_DASHES = str.maketrans(dict.fromkeys("—–－‐‑−―~～", "-"))
_DROP = re.compile(r"[\s“”\"'‘’「」『』·]")


# ---------------------------------------------------------------- helpers


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").translate(_DASHES)
    return _DROP.sub("", s)


def bigram_overlap(got: str, expected: str) -> float:
    """Share of the expected name's character bigrams found in the extracted one."""
    a, b = norm(got), norm(expected)
    ga = {a[i : i + 2] for i in range(len(a) - 1)} or {a}
    gb = {b[i : i + 2] for i in range(len(b) - 1)} or {b}
    return len(ga & gb) / len(gb)


def names_match(got: str, expected: str) -> bool:
    return norm(expected) in norm(got) or bigram_overlap(got, expected) >= 0.6


def folded_quantity(value, unit) -> tuple[float, str] | None:
    """value and unit with 万/亿 prefixes folded, as shared/tools/score_extract.py compares them."""
    unit = norm(unit)
    if unit == "亿":
        unit = "亿元"
    scale = 1.0
    while len(unit) > 1 and unit[0] in "万亿":
        scale *= 1e4 if unit[0] == "万" else 1e8
        unit = unit[1:]
    try:
        return round(float(value) * scale, 6), unit
    except (TypeError, ValueError):
        return None


def same_number(a, b) -> bool:
    if a is None or b is None:
        return a is b
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def expected_for(name: str) -> dict:
    path = LAYOUTS / (name.removesuffix(".txt") + ".expected.json")
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def extracted(name: str) -> dict:
    from planwatch.extract import extract_plan

    return extract_plan(LAYOUTS / name).to_dict()


def articles_by_number(doc: dict) -> dict:
    return {a.get("number"): a for a in doc.get("articles", [])}


def where(name: str, art: dict) -> str:
    return f"{name} article {art['number']} {art['label']}{art['title']}"


def fail_if(errors: list[str], name: str) -> None:
    if errors:
        pytest.fail(f"{name}: {len(errors)} difference(s)\n  " + "\n  ".join(errors), pytrace=False)


def paired_articles(name: str, errors: list[str]):
    """(expected, extracted) article pairs, by number; a missing article is reported once."""
    got = articles_by_number(extracted(name))
    for exp in expected_for(name)["articles"]:
        art = got.get(exp["number"])
        if art is None:
            errors.append(f"{where(name, exp)}: not extracted (extracted numbers {sorted(got, key=str)})")
            continue
        yield exp, art


# ---------------------------------------------------------------- the fixtures themselves


def test_every_fixture_has_an_expectation():
    assert len(FIXTURES) >= 8
    for name in FIXTURES:
        exp = expected_for(name)
        assert exp["fixture"] == name
        lines = (LAYOUTS / name).read_bytes().decode(exp.get("encoding", "utf-8")).splitlines()
        assert 40 <= len(lines) <= 150, f"{name} has {len(lines)} lines"


def test_gbk_fixture_is_really_gbk():
    gbk = [n for n in FIXTURES if expected_for(n).get("encoding") == "gbk"]
    assert gbk
    for name in gbk:
        raw = (LAYOUTS / name).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert "行动计划" in raw.decode("gbk")


# ---------------------------------------------------------------- extraction


@pytest.mark.parametrize("name", FIXTURES)
def test_title_and_period(name):
    exp, got = expected_for(name), extracted(name)
    errors = []
    if norm(got.get("title")) != norm(exp["title"]):
        errors.append(f"title: expected {exp['title']!r}, got {got.get('title')!r}")
    period = got.get("period")
    period = {"start": period.get("start"), "end": period.get("end")} if period else None
    if period != exp["period"]:
        errors.append(f"period: expected {exp['period']}, got {got.get('period')}")
    fail_if(errors, name)


@pytest.mark.parametrize("name", FIXTURES)
def test_chapters(name):
    exp, got = expected_for(name), extracted(name)
    want = [(c["number"], norm(c["title"])) for c in exp["chapters"]]
    have = [(c.get("number"), norm(c.get("title"))) for c in got.get("chapters", [])]
    assert have == want, f"{name} chapters:\n  expected {exp['chapters']}\n  got      {got.get('chapters')}"


@pytest.mark.parametrize("name", [n for n in FIXTURES if "sections" in expected_for(n)])
def test_sections(name):
    exp, got = expected_for(name), extracted(name)
    want = [(s["chapter"], s["number"], norm(s["title"])) for s in exp["sections"]]
    have = [(s.get("chapter"), s.get("number"), norm(s.get("title"))) for s in got.get("sections", [])]
    assert have == want, f"{name} sections:\n  expected {exp['sections']}\n  got      {got.get('sections')}"


@pytest.mark.parametrize("name", FIXTURES)
def test_articles(name):
    exp, got = expected_for(name), extracted(name)
    errors = []
    want_numbers = [a["number"] for a in exp["articles"]]
    have_numbers = [a.get("number") for a in got.get("articles", [])]
    if have_numbers != want_numbers:
        have_labels = [f"{a.get('number')}{a.get('label')}{a.get('title')}" for a in got.get("articles", [])]
        errors.append(f"article numbers: expected {want_numbers}, got {have_numbers} ({have_labels})")
    for e, a in paired_articles(name, errors):
        for key in ("chapter", "section"):
            if a.get(key) != e[key]:
                errors.append(f"{where(name, e)}: {key} expected {e[key]}, got {a.get(key)}")
        for key in ("label", "title"):
            if norm(a.get(key)) != norm(e[key]):
                errors.append(f"{where(name, e)}: {key} expected {e[key]!r}, got {a.get(key)!r}")
    fail_if(errors, name)


@pytest.mark.parametrize("name", FIXTURES)
def test_article_text(name):
    exp = expected_for(name)
    errors = []
    banned = exp.get("text_excludes_all", [])
    for e, a in paired_articles(name, errors):
        text = norm(a.get("text"))
        if not text:
            errors.append(f"{where(name, e)}: empty text")
        errors += [
            f"{where(name, e)}: text lacks {s!r}" for s in e.get("text_contains", []) if norm(s) not in text
        ]
        errors += [f"{where(name, e)}: text contains {s!r}" for s in banned if norm(s) in text]
    fail_if(errors, name)


@pytest.mark.parametrize("name", FIXTURES)
def test_units(name):
    errors = []
    for e, a in paired_articles(name, errors):
        for key in ("units", "lead_units"):
            have = [norm(u) for u in a.get(key) or []]
            if have != [norm(u) for u in e[key]]:
                errors.append(f"{where(name, e)}: {key} expected {e[key]}, got {a.get(key)}")
    fail_if(errors, name)


def _match_targets(
    expected: list[dict], got: list[dict]
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pair expected and extracted targets by quantity; ties go to the closest indicator name."""
    free = list(range(len(got)))
    pairs, missing = [], []
    for e in expected:
        key = folded_quantity(e["value"], e["unit"])
        same = [j for j in free if folded_quantity(got[j].get("value"), got[j].get("unit")) == key]
        if not same:
            missing.append(e)
            continue
        j = max(same, key=lambda j: bigram_overlap(got[j].get("indicator", ""), e["indicator"]))
        free.remove(j)
        pairs.append((e, got[j]))
    return pairs, missing, [got[j] for j in free]


def _target_differences(e: dict, t: dict) -> list[str]:
    out = []
    if not names_match(t.get("indicator", ""), e["indicator"]):
        out.append(f"indicator expected ~{e['indicator']!r}, got {t.get('indicator')!r}")
    for f in EXACT_TARGET_FIELDS:
        ev, tv = e[f], t.get(f)
        ok = (
            norm(tv) == norm(ev)
            if f == "unit"
            else same_number(tv, ev)
            if f in ("value", "value_max")
            else tv == ev
        )
        if not ok:
            out.append(f"{f} expected {ev!r}, got {tv!r}")
    have = [norm(q) for q in t.get("qualifiers") or []]
    lacking = [q for q in e["qualifiers"] if not any(norm(q) in h for h in have)]
    if lacking:
        out.append(f"qualifiers lack {lacking} (got {t.get('qualifiers')})")
    return out


@pytest.mark.parametrize("name", FIXTURES)
def test_targets(name):
    errors = []
    for e_art, a in paired_articles(name, errors):
        at = where(name, e_art)
        pairs, missing, extra = _match_targets(e_art["targets"], a.get("targets") or [])
        for e in missing:
            errors.append(f"{at}: missing target {e['indicator']} {e['value']}{e['unit']}")
        for t in extra:
            errors.append(
                f"{at}: unexpected target {t.get('indicator')!r} {t.get('value')}{t.get('unit')} "
                f"from {t.get('source')!r}"
            )
        for e, t in pairs:
            errors += [
                f"{at}: target {e['indicator']} {e['value']}{e['unit']}: {d}"
                for d in _target_differences(e, t)
            ]
    fail_if(errors, name)


@pytest.mark.parametrize("name", FIXTURES)
def test_milestones(name):
    errors = []
    for e_art, a in paired_articles(name, errors):
        have = a.get("milestones") or []
        for m in e_art["milestones"]:
            if not any(
                h.get("year") == m["year"] and names_match(h.get("text", ""), m["text"]) for h in have
            ):
                errors.append(f"{where(name, e_art)}: missing milestone {m} (got {have})")
    fail_if(errors, name)


@pytest.mark.parametrize("name", FIXTURES)
def test_json_has_the_spec_keys(name):
    doc = extracted(name)
    doc = json.loads(json.dumps(doc, ensure_ascii=False))  # serialisable as it stands
    errors = []
    if missing := SPEC_TOP - doc.keys():
        errors.append(f"top level lacks {sorted(missing)}")
    if doc.get("period") is not None and set(doc["period"]) < {"start", "end"}:
        errors.append(f"period lacks start/end: {doc['period']}")
    for c in doc.get("chapters", []):
        if {"number", "title"} - c.keys():
            errors.append(f"chapter lacks number/title: {c}")
    for a in doc.get("articles", []):
        at = f"article {a.get('number')}"
        if missing := SPEC_ARTICLE - a.keys():
            errors.append(f"{at} lacks {sorted(missing)}")
        for t in a.get("targets") or []:
            if missing := SPEC_TARGET - t.keys():
                errors.append(f"{at} target {t.get('indicator')!r} lacks {sorted(missing)}")
            elif not t["source"]:
                errors.append(f"{at} target {t.get('indicator')!r} has an empty source")
        for m in a.get("milestones") or []:
            if missing := SPEC_MILESTONE - m.keys():
                errors.append(f"{at} milestone lacks {sorted(missing)}")
    fail_if(errors, name)
