"""Every PLANWATCH_* setting that settings.py reads is documented in docs/settings.md, and back."""

from __future__ import annotations

import re
from pathlib import Path

import planwatch.settings

SETTINGS = Path(planwatch.settings.__file__).read_text(encoding="utf-8")
DOCS = (Path(__file__).resolve().parents[2] / "docs" / "settings.md").read_text(encoding="utf-8")
NAME = re.compile(r"PLANWATCH_[A-Z0-9_]*[A-Z0-9]")


def read_by_settings() -> set[str]:
    names = set(NAME.findall(SETTINGS))
    # A secret may also come from NAME_FILE, which settings.py builds rather than spells out.
    names |= {f"{name}_FILE" for name in re.findall(r'_secret\("(PLANWATCH_[A-Z0-9_]+)"\)', SETTINGS)}
    return names


def test_settings_reads_some_settings():
    assert {"PLANWATCH_DATA_DIR", "PLANWATCH_DATABASE_URL", "PLANWATCH_SECRET_KEY_FILE"} <= read_by_settings()


def test_every_setting_is_documented():
    documented = set(re.findall(r"`(PLANWATCH_[A-Z0-9_]+)`", DOCS))
    missing = read_by_settings() - documented
    assert not missing, f"add these to docs/settings.md: {sorted(missing)}"


def test_docs_describe_no_setting_that_does_not_exist():
    stale = set(NAME.findall(DOCS)) - read_by_settings() - {"PLANWATCH_"}
    assert not stale, f"docs/settings.md mentions settings that settings.py does not read: {sorted(stale)}"
