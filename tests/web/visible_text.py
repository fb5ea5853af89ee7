"""What a person reads on a page: the text of an HTML document without its tags, scripts and
styles, plus the attributes a browser shows (title tooltips, alt text, placeholders, the labels
of buttons) — and what in it is not Chinese: English words and period codes such as 2024Q4.

Used by tests/web/test_plain_chinese.py; kept apart so the rules can be tested on their own.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never shown as text.
_HIDDEN_CONTENT = {"script", "style", "template", "noscript"}
# Attributes a browser shows to the reader (tooltips, alternatives, empty-field hints, labels).
_SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
# <input type=…> whose value is printed on the page (a button's label, a prefilled field).
_VALUE_SHOWN = {"submit", "button", "reset", "text", "search", "number", "email", "tel", "url", None}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN_CONTENT:
            self._skip += 1
            return
        found = dict(attrs)
        self.parts += [found[name] for name in _SHOWN_ATTRIBUTES if found.get(name)]
        if tag == "input" and found.get("type") in _VALUE_SHOWN and found.get("value"):
            self.parts.append(found["value"])

    def handle_startendtag(self, tag, attrs):
        if tag not in _HIDDEN_CONTENT:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _HIDDEN_CONTENT and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data)


def _read(parser, html: str) -> str:
    """What `parser` collects, one piece per line, runs of white space as one space."""
    parser.feed(html)
    parser.close()
    return "\n".join(" ".join(part.split()) for part in parser.parts)


def visible_text(html: str) -> str:
    """The page's readable text, one piece per line."""
    return _read(_Text(), html)


# A run of Latin letters with the digits and joiners that make one term: PM2.5, R&D, 5G, G104.
_TERM = re.compile(r"[A-Za-z0-9]+(?:[.&][A-Za-z0-9]+)*")
_PERIOD_CODE = re.compile(r"\b(?:\d{4})?[QH][1-4]\b|\b\d{4}-\d{1,2}\b")


def latin_terms(text: str) -> set[str]:
    """Every term with a Latin letter in it."""
    return {term for term in _TERM.findall(text) if re.search(r"[A-Za-z]", term)}


def period_codes(text: str) -> set[str]:
    """Period codes written the machine's way (2024Q4, Q1, 2024H1, 2024-06) rather than in Chinese."""
    return set(_PERIOD_CODE.findall(text))


class _AdminChrome(HTMLParser):
    """Only the admin's own words: headings, field labels, column heads, filter titles, buttons —
    not the rows' data (user names, slugs, stored values are data there, shown as stored)."""

    LABELS = {"h1", "h3", "label", "caption", "legend"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._open: list[str] = []
        self._in_head = 0

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "thead":
            self._in_head += 1
        if tag in self.LABELS or (tag == "th" and self._in_head):
            self._open.append(tag)
        if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
            self.parts.append(found["value"])

    def handle_endtag(self, tag):
        if tag == "thead" and self._in_head:
            self._in_head -= 1
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open and data.strip():
            self.parts.append(data)


def admin_chrome_text(html: str) -> str:
    return _read(_AdminChrome(), html)
