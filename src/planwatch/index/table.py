"""The index result as rows: the text table of `planwatch index`, and the rows the page and the
XLSX export show — one source, so the three can never disagree."""

from __future__ import annotations


def fmt(value, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def pct(value) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def year_rows(result: dict) -> list[list]:
    """[年份, 指数, 较上年, 覆盖率, 各维度…] per year (numbers as they are, None for none)."""
    names = [d["name"] for d in result["dimensions"]]
    return [
        [y["year"], y["index"], y["change"], y["coverage"], *(y["dimensions"].get(n) for n in names)]
        for y in result["years"]
    ]


def quarter_rows(result: dict) -> list[list]:
    """[季度, 指数, 较上季, 覆盖率, 各维度…] per quarter, where the figures allow quarters."""
    names = [d["name"] for d in result["dimensions"]]
    return [
        [q["label"], q["index"], q["change"], q["coverage"], *(q["dimensions"].get(n) for n in names)]
        for q in result.get("quarters", [])
    ]


def entity_rows(result: dict) -> list[list]:
    """[单位, 各年指数…] for the plan and every comparison unit (empty without comparison units)."""
    return [[e["name"], *(y["index"] for y in e["years"])] for e in result.get("entities", [])]


def ranking_rows(result: dict) -> list[list]:
    """[名次, 单位, 指数, 覆盖率] of the ranking year (empty without comparison units)."""
    ranking = result.get("ranking")
    return [[r["rank"], r["name"], r["index"], r["coverage"]] for r in ranking["rows"]] if ranking else []


def indicator_rows(result: dict) -> list[dict]:
    """Every indicator with its weight, and per year its figure, score and contribution."""
    rows = []
    for dim in result["dimensions"]:
        for ind in dim["indicators"]:
            key = str(ind["id"])
            rows.append(
                {
                    **ind,
                    "dimension": dim["name"],
                    "years": [
                        {
                            "year": y["year"],
                            "value": y["values"].get(key),
                            "score": y["scores"].get(key),
                            "contribution": y["contributions"].get(key),
                        }
                        for y in result["years"]
                    ],
                }
            )
    return rows


def last_change(result: dict) -> dict | None:
    """The latest year with an index and the year before it with one: what the dashboard line
    and the waterfall show. None without an index yet."""
    years = [y for y in result["years"] if y["index"] is not None]
    if not years:
        return None
    latest = years[-1]
    return {
        "year": latest["year"],
        "index": latest["index"],
        "change": latest["change"],
        "coverage": latest["coverage"],
    }


def render_table(result: dict) -> str:
    names = [d["name"] for d in result["dimensions"]]
    lines = [
        f"{result['name']}（第{result['version']}版，{result['method_label']}，{result['weighting_label']}赋权）",
        *([f"本版已被更新的版本替代，以下为替代时（{result['stored_at'][:10]}）保存的结果"] if result.get("stored_at") else []),
        "",
        "\t".join(["年份", "指数", "较上年", "覆盖率", *names]),
    ]
    for row in year_rows(result):
        year, index, change, coverage, *dims = row
        change_text = "—" if change is None else f"{change:+.2f}"
        lines.append("\t".join([str(year), fmt(index), change_text, pct(coverage), *(fmt(v) for v in dims)]))
    quarters = quarter_rows(result)
    if quarters:
        lines += ["", "\t".join(["季度", "指数", "较上季", "覆盖率", *names])]
        for label, index, change, coverage, *dims in quarters:
            change_text = "—" if change is None else f"{change:+.2f}"
            lines.append("\t".join([label, fmt(index), change_text, pct(coverage), *(fmt(v) for v in dims)]))
    if result.get("ranking"):
        lines += ["", f"{result['ranking']['year']}年对比单位排名："]
        lines += [f"  {rank or '—'}\t{name}\t{fmt(index)}\t覆盖 {pct(cov)}" for rank, name, index, cov in ranking_rows(result)]
    last = next((y for y in reversed(result["years"]) if y["contributions"]), None)
    if last is not None:
        names_by_id = {str(i["id"]): i["name"] for d in result["dimensions"] for i in d["indicators"]}
        lines += [
            "",
            f"{last['year']}年较上年变化 {last['change']:+.4f} 的来源（各指标贡献，合计等于变化）：",
        ]
        ranked = sorted(last["contributions"].items(), key=lambda kv: -abs(kv[1]))
        lines += [f"  {c:+.4f}  {names_by_id[k]}" for k, c in ranked]
    return "\n".join(lines) + "\n"
