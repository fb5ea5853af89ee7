"""The build page's form: the posted fields read into the configuration `save_definition` takes.

Fields: name, method, weighting, note; dimension slots ``dim_name_K`` / ``dim_weight_K``
(K = 0…SLOTS−1, an empty name is an unused slot); per indicator ``dim_ID`` (the slot it is in,
empty: not in the index), ``weight_ID``, ``dir_ID``, ``method_ID`` (empty: the version's),
``target_ID``, ``worst_ID``, ``best_ID``. Every bad number is named in Chinese.
"""

from __future__ import annotations

import math

from .services import DefinitionError, Dimension, Member

SLOTS = 8


def number(text: str, what: str, *, default: float | None = None) -> float | None:
    text = (text or "").strip().replace("，", "").replace(",", "")
    if not text:
        return default
    try:
        value = float(text)
    except ValueError as exc:
        raise DefinitionError(f"{what}“{text[:20]}”不是数字") from exc
    if not math.isfinite(value):
        raise DefinitionError(f"{what}不是有限的数")
    return value


def read_post(post, indicators) -> dict:
    """{name, method, weighting, note, dimensions} from the POSTed form."""
    slots = []
    for k in range(SLOTS):
        name = post.get(f"dim_name_{k}", "").strip()[:50]
        weight = number(post.get(f"dim_weight_{k}", ""), f"维度“{name}”的权重", default=1.0) if name else None
        slots.append((name, weight, []))
    for ind in indicators:
        slot = post.get(f"dim_{ind.pk}", "")
        if not slot:
            continue
        if not slot.isdigit() or int(slot) >= SLOTS or not slots[int(slot)][0]:
            raise DefinitionError(f"指标“{ind.name}”所选的维度还没有名称")
        slots[int(slot)][2].append(_member(post, ind))
    return {
        "name": post.get("name", "").strip()[:100],
        "method": post.get("method", ""),
        "weighting": post.get("weighting", ""),
        "note": post.get("note", "").strip()[:300],
        "dimensions": [Dimension(n, w, tuple(m)) for n, w, m in slots if n],
    }


def _member(post, ind) -> Member:
    key, name = ind.pk, ind.name
    return Member(
        indicator_id=key,
        direction=post.get(f"dir_{key}", ind.direction),
        weight=number(post.get(f"weight_{key}", ""), f"指标“{name}”的权重", default=1.0),
        method=post.get(f"method_{key}", ""),
        target=number(post.get(f"target_{key}", ""), f"指标“{name}”的目标值"),
        worst=number(post.get(f"worst_{key}", ""), f"指标“{name}”的不允许值"),
        best=number(post.get(f"best_{key}", ""), f"指标“{name}”的满意值"),
    )


def initial(config: dict | None, indicators, targets: dict[int, float]) -> dict:
    """What the form shows: the latest version's configuration, or an empty one; every
    indicator of the plan as a row (those not in the index with their own direction)."""
    dims = list(config["dimensions"]) if config else []
    slots = [{"k": k, "name": d.name, "weight": d.weight} for k, d in enumerate(dims)]
    slots += [{"k": k, "name": "", "weight": None} for k in range(len(dims), SLOTS)]
    placed = {m.indicator_id: (k, m) for k, d in enumerate(dims) for m in d.members}
    rows = []
    for ind in indicators:
        k, m = placed.get(ind.pk, (None, None))
        rows.append(
            {
                "indicator": ind,
                "slot": k,
                "direction": m.direction if m else ind.direction,
                "weight": m.weight if m else 1.0,
                "method": m.method if m else "",
                "target": m.target if m and m.target is not None else None,
                "plan_target": targets.get(ind.pk),
                "worst": m.worst if m else None,
                "best": m.best if m else None,
            }
        )
    return {
        "name": config["name"] if config else "",
        "method": config["method"] if config else "efficacy",
        "weighting": config["weighting"] if config else "given",
        "slots": slots,
        "rows": rows,
    }
