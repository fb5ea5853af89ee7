"""Hostile .xlsx files for the upload and load-data tests: a real workbook whose sheet XML is
rewritten to declare a DTD (with or without entities)."""

from __future__ import annotations

import io
import zipfile

LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE worksheet [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
)
DTD_ONLY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet SYSTEM "http://example.invalid/x.dtd">\n'
)


def with_prolog(content: bytes, prolog: str, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook with `part`'s XML declaration replaced by `prolog`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                text = data.decode()
                body = text[text.index("?>") + 2 :] if text.startswith("<?xml") else text
                data = (prolog + body.lstrip()).encode()
            target.writestr(info, data)
    return out.getvalue()
