"""Loading a data file without holding the write lock while it is read and checked.

A load runs in two steps so that the site keeps answering while a large file goes in:

1. `prepare_load` — outside any transaction, reading only: the file is read, every row checked
   against the plan (`loading.prepare_rows`) and compared with the stored figures, and the write
   is turned into prepared statements (`observations.prepare_write`). `--check` stops here: it
   opens no write transaction at all.
2. `commit_load` — in the caller's one transaction, short: it first makes sure nothing it relied
   on changed meanwhile (the plan's indicators, units and formulas, and its stored figures); if
   something did, the rows are checked and compared again inside the transaction, so the result
   is the same as if everything had run under the lock. Then the statements run, derived
   indicators are recomputed and the audit event is recorded — all rows or none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from planwatch.audit.services import record
from planwatch.plans.models import Plan
from planwatch.plans.versions import data_version

from .loading import prepare_rows
from .observations import ObservationInput, PreparedWrite, WriteSummary, prepare_write
from .recompute import recompute_derived
from .tables import read_table

Progress = Callable[[str, int, int], None]
LOAD_DATA, DEMO_DATA = "load_data", "demo_data"  # audit actions (导入指标数据, 生成演示数据)


@dataclass
class LoadResult:
    rows: int
    written: WriteSummary | None  # None for a check only (dry run)
    derived: WriteSummary | None
    partial: dict[str, str] = field(default_factory=dict)  # a part of a name → the indicator taken


@dataclass
class PreparedLoad:
    """A checked file and, unless only checked, its write prepared against ``version``.

    The file's table is not kept: once its rows are checked only they are needed (and, once the
    write is prepared, only its statements and ``count``), so a large file is not held in memory
    three times over; the rare check again under the lock reads the file again (``path``)."""

    name: str
    path: Path
    rows: list[ObservationInput] | None
    partial: dict[str, str]
    count: int
    version: str | None = None
    write: PreparedWrite | None = None

    @property
    def reason(self) -> str:
        return f"导入文件 {self.name}"


def plan_version(plan: Plan) -> str | None:
    """What a prepared load relies on: the plan's data version (`plans.versions`), which moves
    with every change of its indicators (names, units, formulas) and of its stored figures."""
    return data_version(plan.pk)


def check_file(*, plan: Plan, path: str | Path, progress: Progress | None = None) -> PreparedLoad:
    """Read and check every row of a data file against ``plan``; reads only. Any problem
    raises `LoadError` (one line per problem)."""
    table = read_table(path)
    check = (lambda n, total: progress("已校验", n, total)) if progress else None
    prepared = prepare_rows(plan=plan, table=table, progress=check)
    return PreparedLoad(table.name, Path(path), prepared.rows, prepared.partial, len(prepared.rows))


def prepare_load(*, actor, plan: Plan, path: str | Path, progress: Progress | None = None) -> PreparedLoad:
    """`check_file`, then the write compared with the stored figures and prepared; reads only,
    so it runs before the write transaction."""
    version = plan_version(plan)  # first: a change made while the file is checked shows
    loaded = check_file(plan=plan, path=path, progress=progress)
    compare = (lambda n, total: progress("已比对", n, total)) if progress else None
    loaded.version = version
    loaded.write = prepare_write(actor=actor, rows=loaded.rows, reason=loaded.reason, progress=compare, release=True)
    loaded.rows = None  # in the statements now
    return loaded


def commit_load(*, actor, plan: Plan, loaded: PreparedLoad) -> LoadResult:
    """Write a prepared load, in the caller's transaction (all rows or none)."""
    write = loaded.write
    if write is None or plan_version(plan) != loaded.version:
        # The plan or its figures changed since the file was checked: check and compare again,
        # now under the write lock (a file that became wrong is refused as a whole).
        again = prepare_rows(plan=plan, table=read_table(loaded.path))
        loaded.count, loaded.partial = len(again.rows), again.partial
        write = prepare_write(actor=actor, rows=again.rows, reason=loaded.reason, release=True)
    written = write.execute()
    derived = recompute_derived(actor=actor, plan=plan)
    facts = {"file": loaded.name, "rows": loaded.count}
    record_bulk_write(actor, LOAD_DATA, plan, facts, written, derived, loaded.reason)
    return LoadResult(loaded.count, written, derived, loaded.partial)


def load_observations(
    *, actor, plan: Plan, path: str | Path, dry_run: bool = False, progress: Progress | None = None
) -> LoadResult:
    """Load a CSV/XLSX data file into ``plan`` in one go (the caller's transaction around all of
    it); the command splits `prepare_load` and `commit_load` to keep its transaction short."""
    if dry_run:
        checked = check_file(plan=plan, path=path, progress=progress)
        return LoadResult(checked.count, None, None, checked.partial)
    loaded = prepare_load(actor=actor, plan=plan, path=path, progress=progress)
    return commit_load(actor=actor, plan=plan, loaded=loaded)


def record_bulk_write(
    actor, action: str, plan: Plan, facts: dict, written: WriteSummary, derived: WriteSummary, reason: str
):
    """One audit event for a bulk write that changed something; a load that changed nothing
    records nothing (like an admin save without a change)."""
    changed = [n for s in (written, derived) for n in (s.created, s.updated, s.deleted)]
    if not any(changed):
        return
    counts = {"created": written.created, "updated": written.updated, "unchanged": written.unchanged,
              "deleted": written.deleted, "derived": {"created": derived.created, "updated": derived.updated,
                                                      "deleted": derived.deleted}}  # fmt: skip
    record(actor=actor, action=action, obj=plan, after={**facts, **counts}, reason=reason)
