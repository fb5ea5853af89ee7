"""The evaluation cache: a plan's results kept until anything they are computed from changes.

The key is (plan, date, data version). The data version (`plans.versions`) is one primary-key
read, moved by database triggers in the same transaction as every change an evaluation reads —
figures, targets, indicators, base values, articles, chapters, the plan, article–unit links and
unit names — so a corrected figure, a renamed or merged unit or a moved link gives a new key at
once, in this process and in every other app server behind the same database, at a cost that
does not grow with the plan's data (the aggregate "has anything changed" queries it replaced
took 118–175 ms for 50 plans, issue 20).

Values live in Django's cache framework (`CACHES["evaluation"]`, see settings), shared by every
worker process of the server (diskcache files in the data directory, or Redis): every read
unpickles its own copy, so no request can change what another one sees.

A cold evaluation of a big plan takes seconds, and after every approval many requests arrive at
once: one computes it while the others — in any worker process — wait for its result (`_only_one`, a
claim taken by the cache's atomic `add`), instead of each doing the same work (eight requests took 10–25 s each, issue 20). A
request inside a transaction never waits (it may hold SQLite's write lock), and nobody waits
longer than `_WAIT_SECONDS`: then it computes by itself. The smaller things a page keeps per data
version in this cache (近7天变化) go through the same claim (`computed_once`).

A computation reads several tables while others may write. The version is read before and
after; a result is kept (and returned) only when both agree, i.e. no write landed in between,
so it is never a mix of two states. After a few lost races the last try runs in one consistent
snapshot (SQLite: a transaction, which holds writers back for that moment; PostgreSQL:
REPEATABLE READ).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from datetime import date

from django.core.cache import caches
from django.db import connection, transaction

from planwatch.plans.versions import data_version

CACHE = "evaluation"
_OPTIMISTIC_TRIES = 3
_WAIT_SECONDS = 30.0  # the longest a request waits for another one's computation
_POLL_SECONDS = 0.05


def _store():
    return caches[CACHE]


def _key(plan, as_of: date, version: str) -> str:
    return f"evaluation:{plan.pk}:{as_of.isoformat()}:{version}"


def cached_results(*, plan, as_of: date, compute, version: str | None = None) -> list[dict]:
    """`compute(plan, as_of)`, or the copy kept for the current data (see the module doc).
    `version`: the plan's data version if the caller has just read it (with other plans' in one
    query, `evaluate_plans`); it only chooses what to look up first, every later try reads it
    afresh."""
    results: list[dict] = []
    for attempt in range(_OPTIMISTIC_TRIES + 1):
        last = attempt == _OPTIMISTIC_TRIES
        with _snapshot() if last else nullcontext():
            if attempt or version is None:
                version = data_version(plan.pk)
            if version is None:  # no version row (a plan made before its triggers): never kept
                return compute(plan, as_of)
            key = _key(plan, as_of, version)
            kept = _store().get(key)
            if kept is not None:
                return kept
            with _only_one(key, wait=not connection.in_atomic_block) as kept:
                if kept is not None:
                    return kept
                results = compute(plan, as_of)
                if data_version(plan.pk) == version:
                    _store().set(key, results, timeout=None)
                    return results
    return results  # still racing inside a caller's own transaction on PostgreSQL: not kept


def computed_once(key: str, *, compute: Callable[[], object], unchanged: Callable[[], bool], timeout=None):
    """The value kept under ``key``, or ``compute()``'s, kept when ``unchanged()`` says the data
    it was computed from did not move meanwhile.

    For the smaller things a page keeps per data version beside the evaluation (近7天变化):
    after a change every request that arrives at once misses them together, and each computing
    its own copy made eight simultaneous cold dashboards of a 100,000-figure plan take 1.8× one
    alone (issue 20, bench_cache) — so one computes, the others wait for its result under the
    same claim as an evaluation (`_only_one`)."""
    kept = _store().get(key)
    if kept is not None:
        return kept
    with _only_one(key, wait=not connection.in_atomic_block) as kept:
        if kept is not None:
            return kept
        value = compute()
        if unchanged():
            _store().set(key, value, timeout=timeout)
        return value


@contextmanager
def _only_one(key: str, *, wait: bool = True):
    """Yield the value another request computed for ``key`` meanwhile, or None when this one
    is to compute it (it then holds the claim until it leaves). Without ``wait`` and without the
    claim, yield None at once. A claim expires after `_WAIT_SECONDS`, so a request that died
    frees it by itself."""
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
    # The one before may have kept its result and left between our miss and our claim: computing
    # again then cost a whole second evaluation (seen in bench_cache, eight cold requests).
    kept = store.get(key) if claimed else None
    try:
        yield kept
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


def clear() -> None:
    """Empty the cache (tests that count the queries of a full computation)."""
    _store().clear()
