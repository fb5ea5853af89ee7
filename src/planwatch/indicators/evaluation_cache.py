"""The evaluation cache: a plan's results kept until anything they are computed from changes.

The key is (plan, date, fingerprint, generation). The fingerprint is read from the database on
every call and covers every row an evaluation reads: the plan, its chapters and articles, its
indicators and targets (every stored field), the approved figures and their revisions, base
values, and the article–unit links with the units' names. So a corrected figure, a renamed or
merged unit or a moved link gives a new key in this process and in every other app server
behind the same database. Merges and renames also bump the generation (`forget`), which drops
what this process kept at once.

Values live in Django's cache framework (`CACHES["evaluation"]`, a LocMemCache per process):
its lock makes it safe for waitress's threads, and every read unpickles its own copy, so no
request can change what another one sees.

A cold evaluation of a big plan takes seconds, and after every approval many requests arrive at
once: one computes it while the others wait for its result (`_only_one`, a claim in the same
cache), instead of each doing the same work (eight requests took 10–25 s each, issue 20). A
request inside a transaction never waits (it may hold SQLite's write lock), and nobody waits
longer than `_WAIT_SECONDS`: then it computes by itself.

A computation reads several tables while others may write. The fingerprint is read before and
after; a result is kept (and returned) only when both agree, i.e. no write landed in between,
so it is never a mix of two states. After a few lost races the last try runs in one consistent
snapshot (SQLite: a transaction, which holds writers back for that moment; PostgreSQL:
REPEATABLE READ).
"""

from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager, nullcontext
from datetime import date

from django.core.cache import caches
from django.db import connection, models, transaction
from django.db.models import Count, Max, Q, Sum

from planwatch.plans.models import Article, Chapter, Plan
from planwatch.units.models import ArticleUnit

from .models import BaseValue, Indicator, Observation, ObservationRevision, ObservationStatus, Target

CACHE = "evaluation"
_GENERATION = "evaluation:generation"
_OPTIMISTIC_TRIES = 3
_WAIT_SECONDS = 30.0  # the longest a request waits for another one's computation
_POLL_SECONDS = 0.05


def _fields(model, prefix: str = "", *, prose: bool = True) -> list[str]:
    """Every stored column of `model` (its long prose left out when `prose` is False): a field
    added later is in the fingerprint without anyone remembering to add it here."""
    return [
        prefix + f.attname
        for f in model._meta.concrete_fields
        if prose or not isinstance(f, models.TextField)
    ]


def _digest(rows) -> str:
    return hashlib.blake2b(repr(list(rows)).encode(), digest_size=16).hexdigest()


def fingerprint(plan) -> tuple:
    """Everything an evaluation of `plan` reads, in five queries: aggregates of the (many)
    figures, and a digest of the (few) target, indicator, article, chapter, plan and unit rows."""
    figures = Observation.objects.filter(indicator__plan=plan).aggregate(
        n=Count("pk"), last=Max("pk"), at=Max("entered_at"), total=Sum("value"),
        approved=Count("pk", filter=Q(status=ObservationStatus.APPROVED)),
        demo=Count("pk", filter=Q(is_demo=True)),
    )  # fmt: skip
    revisions = ObservationRevision.objects.filter(observation__indicator__plan=plan).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    bases = BaseValue.objects.filter(indicator__plan=plan).aggregate(
        n=Count("pk"), at=Max("set_at"), total=Sum("value")
    )
    columns = [
        *_fields(Target),
        *_fields(Indicator, "indicator__"),
        *_fields(Article, "indicator__article__", prose=False),
        *_fields(Chapter, "indicator__article__chapter__", prose=False),
        *_fields(Plan, "indicator__plan__", prose=False),
    ]
    targets = Target.objects.filter(indicator__plan=plan).order_by("pk").values_list(*columns)
    links = (
        ArticleUnit.objects.filter(article__plan=plan)
        .order_by("pk")
        .values_list("article_id", "unit_id", "role", "position", "unit__name")
    )
    return (
        *figures.values(), *revisions.values(), *bases.values(), _digest(targets), _digest(links),
    )  # fmt: skip


def _store():
    return caches[CACHE]


def _key(plan, as_of: date, version: tuple) -> str:
    generation = _store().get_or_set(_GENERATION, 0, timeout=None)
    return f"evaluation:{plan.pk}:{as_of.isoformat()}:{generation}:{_digest(version)}"


def cached_results(*, plan, as_of: date, compute) -> list[dict]:
    """`compute(plan, as_of)`, or the copy kept for the current data (see the module doc)."""
    results: list[dict] = []
    for attempt in range(_OPTIMISTIC_TRIES + 1):
        last = attempt == _OPTIMISTIC_TRIES
        with _snapshot() if last else nullcontext():
            version = fingerprint(plan)
            key = _key(plan, as_of, version)
            kept = _store().get(key)
            if kept is not None:
                return kept
            with _only_one(key, wait=not connection.in_atomic_block) as kept:
                if kept is not None:
                    return kept
                results = compute(plan, as_of)
                if fingerprint(plan) == version:
                    _store().set(key, results, timeout=None)
                    return results
    return results  # still racing inside a caller's own transaction on PostgreSQL: not kept


@contextmanager
def _only_one(key: str, *, wait: bool = True):
    """Yield the value another request computed for ``key`` meanwhile, or None when this one
    is to compute it (it then holds the claim until it leaves). Without ``wait``, yield None at
    once. A claim expires after `_WAIT_SECONDS`, so a request that died frees it by itself."""
    store, claim = _store(), f"{key}:computing"
    deadline = time.monotonic() + _WAIT_SECONDS
    claimed = store.add(claim, 1, timeout=_WAIT_SECONDS)
    while wait and not claimed and time.monotonic() < deadline:
        time.sleep(_POLL_SECONDS)
        kept = store.get(key)
        if kept is not None:
            yield kept
            return
        claimed = store.add(claim, 1, timeout=_WAIT_SECONDS)  # the other one gave up or lost a race
    try:
        yield None
    finally:
        if claimed:
            store.delete(claim)


@contextmanager
def _snapshot():
    """One consistent view of the database for the reads inside (see the module doc)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def forget() -> None:
    """Drop every kept evaluation of this process (a new generation; old entries age out)."""
    store = _store()
    try:
        store.incr(_GENERATION)
    except ValueError:  # not there yet (or evicted): a value no earlier key can have used
        store.set(_GENERATION, time.time_ns(), timeout=None)


def clear() -> None:
    """Empty the cache (tests that count the queries of a full computation)."""
    _store().clear()
