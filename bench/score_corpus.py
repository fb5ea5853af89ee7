"""Score the extraction corpus (tests/extract/corpus/) with the shared scorer: a table and the mean.

usage: .venv/bin/python bench/score_corpus.py [--show NAME]

Each corpus document has a source and a hand-written gold file beside it:
NAME.txt is read as it is; NAME.docx.txt and NAME.pdf.txt are built into a Word file or a PDF
first (lines starting with | are table rows), as tests/extract/docbuild.py lays them out.
Every extraction is scored by ../shared/tools/score_extract.py against NAME.gold.json.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "extract" / "corpus"
SCORER = REPO.parent / "shared" / "tools" / "score_extract.py"
sys.path.insert(0, str(REPO))

from tests.extract.docbuild import build_docx, build_pdf, corpus_blocks  # noqa: E402

from planwatch.extract import extract_plan  # noqa: E402

_SUMMARY = re.compile(r"structure ([\d.]+) units-F1 ([\d.]+) targets-F1 ([\d.]+) fields ([\d.]+)")


def documents() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.txt"))


def gold_of(source: Path) -> Path:
    return CORPUS / (source.name.split(".")[0] + ".gold.json")


def build(source: Path, work: Path) -> Path:
    """The file a user would load: the text itself, or the Word file / PDF built from it."""
    fmt = source.suffixes[-2] if len(source.suffixes) >= 2 else ".txt"
    if fmt == ".txt":
        return source
    blocks = corpus_blocks(source.read_text(encoding="utf-8"))
    target = work / (source.name.split(".")[0] + fmt)
    return build_docx(blocks, target) if fmt == ".docx" else build_pdf(blocks, target)


def score(source: Path, work: Path, *, show: bool = False) -> dict:
    """Extract one document and score it; returns the scorer's summary figures."""
    path = build(source, work)
    out = work / (source.name + ".json")
    out.write_text(json.dumps(extract_plan(path).to_dict(), ensure_ascii=False), encoding="utf-8")
    args = [sys.executable, str(SCORER), str(gold_of(source)), str(out)] + (["--show"] if show else [])
    res = subprocess.run(args, capture_output=True, text=True, check=True)
    if show:
        print(res.stdout)
    structure, units, targets, fields = map(float, _SUMMARY.search(res.stdout).groups())
    return {
        "format": path.suffix.lstrip("."),
        "structure": structure,
        "units": units,
        "targets": targets,
        "fields": fields,
    }


def score_all(*, show: str | None = None) -> dict[str, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        return {
            s.name.split(".")[0]: score(s, Path(tmp), show=show == s.name.split(".")[0]) for s in documents()
        }


def main(argv: list[str]) -> int:
    show = argv[argv.index("--show") + 1] if "--show" in argv else None
    results = score_all(show=show)
    print(f"{'document':44} {'fmt':4} {'struct':>6} {'units':>6} {'targets':>7} {'fields':>6}")
    for name, r in results.items():
        print(
            f"{name:44} {r['format']:4} {r['structure']:6.3f} {r['units']:6.3f} {r['targets']:7.3f} {r['fields']:6.3f}"
        )
    n = len(results)
    means = {k: sum(r[k] for r in results.values()) / n for k in ("structure", "units", "targets", "fields")}
    print(
        f"{'mean over ' + str(n) + ' documents':44} {'':4} {means['structure']:6.3f} {means['units']:6.3f} "
        f"{means['targets']:7.3f} {means['fields']:6.3f}"
    )
    low = min(min(r["units"], r["targets"]) for r in results.values())
    print(f"lowest units or targets F1 of any document: {low:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
