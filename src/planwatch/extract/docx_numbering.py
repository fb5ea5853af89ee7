"""The list numbers Word draws in front of paragraphs ("一、" "（三）" "2."), rendered as text.

Plans number their headings with Word's automatic numbering as often as they type the numbers,
and python-docx gives a paragraph's text without the number, so the heading markers the parser
looks for would be lost. `ListNumbering` renders each paragraph's label from word/numbering.xml
the way Word counts:

- the numbering comes from the paragraph's own w:numPr, else from its style's (following
  w:basedOn); w:numId 0 switches it off;
- w:num instances of one w:abstractNum share its counters (that is how Word continues a list
  across a "restart"); a w:lvlOverride w:startOverride restarts its level where its instance is
  first used, and a w:lvlOverride w:lvl replaces the level's definition;
- a level's counter starts at w:start and restarts when a higher level of the list is used,
  unless w:lvlRestart says otherwise (0: never);
- w:lvlText "%1、" "（%2）" "第%1章" "%1.%2" is filled in with each level's w:numFmt; bullets and
  numFmt "none" render nothing.

Written here because no maintained Python library renders Word's list labels: python-docx reads
and writes numbering.xml but does not count, and converters that do number lists emit their own
"1)"-style prefixes without Chinese counting or w:lvlText. Chinese counting uses `int_to_cn`.
"""

from __future__ import annotations

from .numerals import int_to_cn

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{_W}val"
_SILENT = {"bullet", "none"}


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"))
_ROMAN += ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


def _cn(n: int) -> str:
    return int_to_cn(n) if 0 < n < 10000 else str(n)


def _cycle(chars: str):
    return lambda n: chars[(n - 1) % len(chars)]


def _run(first: int, length: int):
    """Unicode's enclosed numbers (①, ⑴, ⒈): `length` of them from `first`; then plain digits."""
    return lambda n: chr(first + n - 1) if 0 < n <= length else str(n)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalEnclosedCircle": _run(0x2460, 20),
    "decimalEnclosedParen": _run(0x2474, 20),
    "decimalEnclosedFullstop": _run(0x2488, 20),
    "chineseCounting": _cn,
    "chineseCountingThousand": _cn,
    "japaneseCounting": _cn,
    "taiwaneseCounting": _cn,
    "ideographDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "ideographTraditional": _cycle("甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": _cycle("子丑寅卯辰巳午未申酉戌亥"),
    "upperLetter": lambda n: chr(65 + (n - 1) % 26) * ((n - 1) // 26 + 1),
    "lowerLetter": lambda n: chr(97 + (n - 1) % 26) * ((n - 1) // 26 + 1),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
}
_FORMATS["decimalFullWidth2"] = _FORMATS["decimalFullWidth"]
_FORMATS["decimalEnclosedCircleChinese"] = _FORMATS["decimalEnclosedCircle"]


def format_number(n: int, fmt: str) -> str:
    """One counter value in a w:numFmt; formats not listed here fall back to decimal, as Word's
    own fallback does for formats it cannot draw."""
    if fmt in _SILENT:
        return ""
    return _FORMATS.get(fmt, str)(n)


def _val(parent, tag: str) -> str | None:
    child = parent.find(f"{_W}{tag}") if parent is not None else None
    return None if child is None else child.get(_VAL)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class ListNumbering:
    """Labels of a document's paragraphs; call `label` for every paragraph in document order."""

    def __init__(self, numbering, styles) -> None:
        """`numbering` and `styles`: the w:numbering and w:styles elements (either may be None)."""
        self._abstracts = _by_id(numbering, "abstractNum", "abstractNumId")
        self._nums = _by_id(numbering, "num", "numId")
        self._styles = _by_id(styles, "style", "styleId")
        defaults = [k for k, s in self._styles.items() if _is_default_paragraph_style(s)]
        self._default_style = defaults[0] if defaults else None
        self._counters: dict[str, dict[int, int]] = {}  # per abstractNum: level -> last value
        self._used: set[str] = set()  # numIds already used, whose startOverrides are spent

    @classmethod
    def of(cls, document) -> ListNumbering:
        """The numbering of a python-docx `Document` (which may have no numbering part)."""
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # python-docx cannot create a missing one
            numbering = None
        return cls(numbering, document.styles.element)

    def label(self, p) -> str:
        """The label Word draws before paragraph `p` (a w:p element), "" for none; counts it."""
        num_id, ilvl, style = self._num_pr(p)
        num = self._nums.get(num_id or "")
        abstract_id = self._abstract_id(num)
        if abstract_id is None:
            return ""
        if ilvl is None:  # a style-linked level (w:lvl/w:pStyle) answers for its style
            linked = [lv for lv in self._levels(num, abstract_id) if _val(lv, "pStyle") == style]
            ilvl = _int(linked[0].get(f"{_W}ilvl"), 0) if linked else 0
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._used:
            self._used.add(num_id)
            for override in num.findall(f"{_W}lvlOverride"):
                if override.find(f"{_W}startOverride") is not None:
                    counters.pop(_int(override.get(f"{_W}ilvl"), 0), None)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else self._start(num, abstract_id, ilvl)
        self._restart_below(num, abstract_id, ilvl, counters)
        return self._render(num, abstract_id, ilvl, counters)

    # ------------------------------------------------------------ where the numbering comes from

    def _num_pr(self, p) -> tuple[str | None, int | None, str | None]:
        """numId, ilvl and style of a paragraph: its own w:numPr first, then its styles'."""
        ppr = p.find(f"{_W}pPr")
        style = _val(ppr, "pStyle") or self._default_style
        sources = [ppr, *self._style_chain(style)]
        num_prs = [s.find(f"{_W}numPr") for s in sources if s is not None]
        num_id = next((v for n in num_prs if (v := _val(n, "numId")) is not None), None)
        ilvl = next((v for n in num_prs if (v := _val(n, "ilvl")) is not None), None)
        return num_id, None if ilvl is None else _int(ilvl, 0), style

    def _style_chain(self, style_id: str | None):
        """pPr of the style and of the styles it is based on (a loop in basedOn ends the chain)."""
        seen = set()
        while style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            yield style.find(f"{_W}pPr")
            style_id = _val(style, "basedOn")

    def _abstract_id(self, num) -> str | None:
        """The abstractNum of a num, through a numbering style's w:numStyleLink if it has one."""
        abstract_id = _val(num, "abstractNumId")
        link = _val(self._abstracts.get(abstract_id or ""), "numStyleLink")
        if link is not None:
            via = [_val(s.find(f"{_W}numPr"), "numId") for s in self._style_chain(link) if s is not None]
            target = self._nums.get(next((v for v in via if v), ""))
            abstract_id = _val(target, "abstractNumId") if target is not None else None
        return abstract_id if abstract_id in self._abstracts else None

    # ------------------------------------------------------------ levels and counters

    def _levels(self, num, abstract_id: str) -> list:
        return self._abstracts[abstract_id].findall(f"{_W}lvl") + [
            lv for o in num.findall(f"{_W}lvlOverride") for lv in o.findall(f"{_W}lvl")
        ]

    def _level(self, num, abstract_id: str, ilvl: int):
        """A level's definition: a w:lvlOverride's own w:lvl wins over the abstractNum's."""
        found = None
        for lv in self._levels(num, abstract_id):  # overrides come last, so they win
            if _int(lv.get(f"{_W}ilvl"), -1) == ilvl:
                found = lv
        return found

    def _start(self, num, abstract_id: str, ilvl: int) -> int:
        for override in num.findall(f"{_W}lvlOverride"):
            value = _val(override, "startOverride")
            if _int(override.get(f"{_W}ilvl"), 0) == ilvl and value is not None:
                return _int(value, 1)
        return _int(_val(self._level(num, abstract_id, ilvl), "start"), 0)

    def _restart_below(self, num, abstract_id: str, ilvl: int, counters: dict[int, int]) -> None:
        """Deeper levels start over after this one, unless their w:lvlRestart (1-based) limits
        that to levels above this one; w:lvlRestart 0 means never start over."""
        for deeper in [k for k in counters if k > ilvl]:
            restart = _int(_val(self._level(num, abstract_id, deeper), "lvlRestart"), deeper)
            if ilvl < restart:
                del counters[deeper]

    def _render(self, num, abstract_id: str, ilvl: int, counters: dict[int, int]) -> str:
        level = self._level(num, abstract_id, ilvl)
        if level is None or _val(level, "numFmt") in _SILENT:
            return ""
        text = _val(level, "lvlText") or ""
        legal = level.find(f"{_W}isLgl") is not None and _val(level, "isLgl") not in ("0", "false")
        for k in range(9):  # Word has nine levels, %1 to %9
            if f"%{k + 1}" in text:
                other = self._level(num, abstract_id, k)
                value = counters.get(k, self._start(num, abstract_id, k))
                fmt = "decimal" if legal else (_val(other, "numFmt") or "decimal")
                text = text.replace(f"%{k + 1}", format_number(value, fmt))
        return text


def _is_default_paragraph_style(style) -> bool:
    return style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in ("1", "true", "on")


def _by_id(root, tag: str, id_attr: str) -> dict:
    if root is None:
        return {}
    return {e.get(f"{_W}{id_attr}"): e for e in root.findall(f"{_W}{tag}")}
