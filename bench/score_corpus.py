"""Score the extraction corpus (tests/extract/corpus/) with the shared scorer: a table and the mean.

usage: .venv/bin/python bench/score_corpus.py [--real | --hand | --held-out] [--show NAME]

Each corpus document has a source and a hand-written gold file beside it:
NAME.txt is read as it is; NAME.docx.txt and NAME.pdf.txt are built into a Word file or a PDF
first (lines starting with | are table rows), as tests/extract/docbuild.py lays them out.
Every extraction is scored by ../shared/tools/score_extract.py against NAME.gold.json.

Three kinds of document: excerpts of real, public plans (their gold's "source" is an object citing
issuer, 文号, date and URL), documents written by hand while the extractor was extended (a
"source" sentence), and held-out real plans (a real document whose gold says "held_out": true).
The extractor was tuned by looking at the real ones, so only the held-out ones measure a plan it
has never seen; they must not be used to tune it. The means are printed for each kind; --real,
--hand or --held-out scores only that kind.
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

from planwatch.extract import ExtractError, extract_plan  # noqa: E402

_SUMMARY = re.compile(r"structure ([\d.]+) units-F1 ([\d.]+) targets-F1 ([\d.]+) fields ([\d.]+)")


def documents() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.txt"))


def gold_of(source: Path) -> Path:
    return CORPUS / (source.name.split(".")[0] + ".gold.json")


def origin_of(source: Path) -> str:
    """"real" when the gold cites its source as an object (issuer, title, 文号, date, url), "held"
    when it is also marked held out, else "hand"."""
    gold = json.loads(gold_of(source).read_text(encoding="utf-8"))
    if not isinstance(gold.get("source"), dict):
        return "hand"
    return "held" if gold.get("held_out") else "real"


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
    try:
        extracted, refused = extract_plan(path).to_dict(), False
    except ExtractError:  # a refused document scores as an empty extraction (0 wherever gold has items)
        extracted, refused = {"chapters": [], "articles": []}, True
    out.write_text(json.dumps(extracted, ensure_ascii=False), encoding="utf-8")
    args = [sys.executable, str(SCORER), str(gold_of(source)), str(out)] + (["--show"] if show else [])
    res = subprocess.run(args, capture_output=True, text=True, check=True)
    if show:
        print(res.stdout)
    structure, units, targets, fields = map(float, _SUMMARY.search(res.stdout).groups())
    return {
        "origin": origin_of(source),
        "format": path.suffix.lstrip("."),
        "structure": structure,
        "units": units,
        "targets": targets,
        "fields": fields,
        "refused": refused,
    }


def score_all(*, show: str | None = None, origin: str | None = None) -> dict[str, dict]:
    """Scores by document name; origin "real", "hand" or "held" keeps only that kind."""
    chosen = [s for s in documents() if origin is None or origin_of(s) == origin]
    with tempfile.TemporaryDirectory() as tmp:
        return {s.name.split(".")[0]: score(s, Path(tmp), show=show == s.name.split(".")[0]) for s in chosen}


def means(results: dict[str, dict]) -> dict[str, float]:
    n = len(results)
    return {k: sum(r[k] for r in results.values()) / n for k in ("structure", "units", "targets", "fields")}


def print_means(label: str, results: dict[str, dict]) -> None:
    if not results:
        return
    m = means(results)
    low = min(min(r["units"], r["targets"]) for r in results.values())
    print(
        f"{label + ' (' + str(len(results)) + ')':44} {'':4} {'':4} {m['structure']:6.3f} {m['units']:6.3f} "
        f"{m['targets']:7.3f} {m['fields']:6.3f}   lowest units/targets {low:.3f}"
    )


def main(argv: list[str]) -> int:
    show = argv[argv.index("--show") + 1] if "--show" in argv else None
    flags = {"--real": "real", "--hand": "hand", "--held-out": "held"}
    origin = next((kind for flag, kind in flags.items() if flag in argv), None)
    results = score_all(show=show, origin=origin)
    print(f"{'document':44} {'kind':4} {'fmt':4} {'struct':>6} {'units':>6} {'targets':>7} {'fields':>6}")
    for name, r in results.items():
        print(
            f"{name:44} {r['origin']:4} {r['format']:4} {r['structure']:6.3f} {r['units']:6.3f} "
            f"{r['targets']:7.3f} {r['fields']:6.3f}" + ("  refused" if r["refused"] else "")
        )
    print_means("mean, real documents", {k: r for k, r in results.items() if r["origin"] == "real"})
    print_means("mean, written by hand", {k: r for k, r in results.items() if r["origin"] == "hand"})
    print_means("mean, held-out", {k: r for k, r in results.items() if r["origin"] == "held"})
    if origin is None:
        print_means("mean, all documents", results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
