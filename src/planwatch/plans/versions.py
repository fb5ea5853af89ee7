"""The data version of a plan: one primary-key read says whether anything it shows has changed.

Evaluations and pages are kept under the plan's data version (`DataVersion`). Database triggers
move it in the same statement as the change itself — an observation, target, indicator, base
value, article, chapter or the plan written, an article–unit link made, moved or removed, a unit
renamed or merged — whatever wrote it: the ORM, the bulk loaders' SQL, the admin, a migration,
another app server. Nobody has to remember to call anything, and a rolled-back change leaves
the version where it was. Observation revisions are written with their observation, so they need
no trigger of their own.

The stamp is never reused, so a result kept under it can only be that state's:
- SQLite: `random()` (64 bits) on every changed row. SQLite writes one transaction at a time and
  updating one row is cheap there — but not free: a statement of thousands of rows (load-data)
  is written without the row triggers and stamps its plans once (`stamped_once`).
- PostgreSQL: the writing transaction's id, set once per plan and transaction (updating one row
  on every inserted row makes PostgreSQL walk an ever longer chain of row versions: 100,000
  rows took minutes). Statement-level triggers with transition tables do it once per statement,
  so a COPY of 100,000 rows bumps once. Inside the writing transaction the stamp no longer moves,
  so each statement also counts itself per plan in a transaction-local setting
  (`planwatch.writes<plan id>`) that `data_version` adds: that transaction sees its own changes,
  and no one else sees that key.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

from .stamps import PlanStamp, Source

TABLE = "plans_dataversion"
BULK_ROWS = 1000  # statements of at least this many rows are stamped once (`stamped_once`)

_BY_INDICATOR = "SELECT i.plan_id FROM {rows} r JOIN indicators_indicator i ON i.id = r.indicator_id"
DATA = PlanStamp(
    table=TABLE, name="version", function="planwatch_bump_versions", setting="planwatch.writes",
    sources=(
        Source("plans_chapter", "SELECT r.plan_id FROM {rows} r", ("plan_id",)),
        Source("plans_article", "SELECT r.plan_id FROM {rows} r", ("plan_id",)),
        Source("indicators_indicator", "SELECT r.plan_id FROM {rows} r", ("plan_id",)),
        Source("indicators_target", _BY_INDICATOR, ("indicator_id",)),
        Source("indicators_observation", _BY_INDICATOR, ("indicator_id",)),
        Source("indicators_basevalue", _BY_INDICATOR, ("indicator_id",)),
        Source("units_articleunit", "SELECT a.plan_id FROM {rows} r JOIN plans_article a ON a.id = r.article_id",
               ("article_id",)),
        # a unit's name is shown with every target of its articles: a rename or merge moves all of them
        Source("units_unit", "SELECT a.plan_id FROM {rows} r JOIN units_articleunit au ON au.unit_id = r.id"
               " JOIN plans_article a ON a.id = au.article_id", ("id",), ("UPDATE",)),
        Source("plans_plan", "SELECT r.id FROM {rows} r", ("id",), ("UPDATE",)),
    ),
)  # fmt: skip


def create_sql(vendor: str) -> list[str]:
    return DATA.create_sql(vendor)


def drop_sql(vendor: str) -> list[str]:
    return DATA.drop_sql(vendor)


@contextmanager
def stamped_once(table: str, plan_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS):
    """Around one bulk statement on the watched ``table`` in the caller's transaction: on SQLite
    the table's row triggers are dropped for the statement, made again after it and
    ``plan_ids`` stamped once, instead of the version row being updated for every row written.
    The caller names every plan the statement's rows belong to.

    Dropped, not told to stand aside: a row trigger costs its call on every row even when its
    WHEN clause says no (1.0 of 1.7 s for 100,000 observations, measured) and nothing when it is
    not there. SQLite's DDL is part of the transaction — a rollback brings the triggers back
    with everything else, other connections go on seeing them until the commit, and no one
    else writes meanwhile (SQLite has one writer). PostgreSQL's triggers already fire once per
    statement: nothing changes there."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    triggers = DATA.sqlite_row_triggers(table)
    with connection.cursor() as cursor:
        for name, _ in triggers:
            cursor.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        ids = sorted(set(plan_ids))
        with connection.cursor() as cursor:
            for _, create in triggers:
                cursor.execute(create)
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"UPDATE {DATA.table} SET version = random() WHERE plan_id IN ({marks})", chunk)


def data_version(plan_id: int) -> str | None:
    """The plan's data version as a cache-key part ("-7423428043694536558.", digits and signs
    only), in one primary-key read; None when the plan has no version row (then nothing may be
    kept for it)."""
    return DATA.read(plan_id)


def data_versions(plan_ids: list[int]) -> dict[int, str]:
    """{plan id: its data version as `data_version` gives it} in one query (plans without a
    version row are left out)."""
    return DATA.read_many(plan_ids)
