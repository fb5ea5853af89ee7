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
  sets the row triggers aside and stamps its plans once (`stamped_once`).
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

from django.db import DEFAULT_DB_ALIAS, connection, connections

TABLE = "plans_dataversion"

# Where each table's rows lead to their plan: a SELECT of plan ids from the changed rows `r`
# ({rows} becomes the trigger's row or transition table).
_PLAN_IDS = {
    "plans_chapter": "SELECT r.plan_id FROM {rows} r",
    "plans_article": "SELECT r.plan_id FROM {rows} r",
    "indicators_indicator": "SELECT r.plan_id FROM {rows} r",
    "indicators_target": "SELECT i.plan_id FROM {rows} r JOIN indicators_indicator i ON i.id = r.indicator_id",
    "indicators_observation": "SELECT i.plan_id FROM {rows} r JOIN indicators_indicator i ON i.id = r.indicator_id",
    "indicators_basevalue": "SELECT i.plan_id FROM {rows} r JOIN indicators_indicator i ON i.id = r.indicator_id",
    "units_articleunit": "SELECT a.plan_id FROM {rows} r JOIN plans_article a ON a.id = r.article_id",
}
# A unit's name is shown with every target of its articles: a rename or merge moves all of them.
_UNIT_PLAN_IDS = (
    "SELECT a.plan_id FROM {rows} r JOIN units_articleunit au ON au.unit_id = r.id"
    " JOIN plans_article a ON a.id = au.article_id"
)
_COLUMNS = {  # what the SQLite row trigger passes on as `r`
    "plans_chapter": ["plan_id"], "plans_article": ["plan_id"], "indicators_indicator": ["plan_id"],
    "indicators_target": ["indicator_id"], "indicators_observation": ["indicator_id"],
    "indicators_basevalue": ["indicator_id"], "units_articleunit": ["article_id"], "units_unit": ["id"],
    "plans_plan": ["id"],
}  # fmt: skip
_EVENTS = {"INSERT": ("NEW",), "UPDATE": ("NEW", "OLD"), "DELETE": ("OLD",)}


def _sources():
    """(table, events, plan-id SELECT) for every table the triggers watch."""
    for table, select in _PLAN_IDS.items():
        yield table, tuple(_EVENTS), select
    yield "units_unit", ("UPDATE",), _UNIT_PLAN_IDS
    yield "plans_plan", ("UPDATE",), "SELECT r.id FROM {rows} r"


def create_sql(vendor: str) -> list[str]:
    """The statements that create the triggers (and backfill one row per existing plan)."""
    return _sqlite() if vendor == "sqlite" else _postgresql()


def drop_sql(vendor: str) -> list[str]:
    names = [_name(table, event) for table, events, _ in _sources() for event in events]
    names += [_name("plans_plan", "INSERT"), _name("plans_plan", "DELETE")]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in names]
    tables = {name: table for table, events, _ in _sources() for event in events for name in [_name(table, event)]}
    tables |= {_name("plans_plan", "INSERT"): "plans_plan", _name("plans_plan", "DELETE"): "plans_plan"}
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in tables.items()] + [
        f"DROP FUNCTION IF EXISTS {name}()" for name in tables
    ] + ["DROP FUNCTION IF EXISTS planwatch_bump_versions(bigint[])"]


def _name(table: str, event: str) -> str:
    return f"pw_version_{table}_{event.lower()}"


def _row(ref: str, table: str) -> str:
    return "(SELECT " + ", ".join(f"{ref}.{c} AS {c}" for c in _COLUMNS[table]) + ")"


# SQLite: while a row with this plan id exists the row triggers stand aside (`stamped_once`).
# No plan has the id 0, and the row only ever exists inside the transaction of a bulk write.
_ASIDE = 0
BULK_ROWS = 1000  # statements of at least this many rows are stamped once (`stamped_once`)


def _sqlite() -> list[str]:
    out = []
    aside = f"NOT EXISTS (SELECT 1 FROM {TABLE} WHERE plan_id = {_ASIDE})"
    for table, events, select in _sources():
        for event in events:
            ids = " UNION ".join(select.format(rows=_row(ref, table)) for ref in _EVENTS[event])
            out.append(
                f"CREATE TRIGGER {_name(table, event)} AFTER {event} ON {table} FOR EACH ROW WHEN {aside} "
                f"BEGIN UPDATE {TABLE} SET version = random() WHERE plan_id IN ({ids}); END"
            )
    out.append(
        f"CREATE TRIGGER {_name('plans_plan', 'INSERT')} AFTER INSERT ON plans_plan FOR EACH ROW BEGIN "
        f"INSERT OR IGNORE INTO {TABLE} (plan_id, version) VALUES (NEW.id, random()); END"
    )
    out.append(
        f"CREATE TRIGGER {_name('plans_plan', 'DELETE')} AFTER DELETE ON plans_plan FOR EACH ROW BEGIN "
        f"DELETE FROM {TABLE} WHERE plan_id = OLD.id; END"
    )
    out.append(f"INSERT OR IGNORE INTO {TABLE} (plan_id, version) SELECT id, random() FROM plans_plan")
    return out


_XACT = "pg_current_xact_id()::text::bigint"
_BUMP = f"""CREATE OR REPLACE FUNCTION planwatch_bump_versions(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$ DECLARE x bigint := {_XACT}; plan bigint; BEGIN
  UPDATE {TABLE} SET version = x WHERE plan_id = ANY(ids) AND version <> x;
  FOREACH plan IN ARRAY ids LOOP
    PERFORM set_config('planwatch.writes' || plan,
      (coalesce(nullif(current_setting('planwatch.writes' || plan, true), ''), '0')::bigint + 1)::text, true);
  END LOOP;
END $$"""
_TRANSITION = {"NEW": "new_rows", "OLD": "old_rows"}


def _pg_trigger(table: str, event: str, body: str) -> list[str]:
    name = _name(table, event)
    refs = " ".join(f"{'NEW' if ref == 'NEW' else 'OLD'} TABLE AS {_TRANSITION[ref]}" for ref in _EVENTS[event])
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} "
        "RETURN NULL; END $$",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {refs} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def _postgresql() -> list[str]:
    out = [_BUMP]
    for table, events, select in _sources():
        for event in events:
            ids = " UNION ".join(select.format(rows=_TRANSITION[ref]) for ref in _EVENTS[event])  # distinct
            out += _pg_trigger(table, event, f"PERFORM planwatch_bump_versions(ARRAY({ids}));")
    out += _pg_trigger(
        "plans_plan", "INSERT",
        f"INSERT INTO {TABLE} (plan_id, version) SELECT id, {_XACT} FROM new_rows ON CONFLICT DO NOTHING;",
    )  # fmt: skip
    out += _pg_trigger("plans_plan", "DELETE", f"DELETE FROM {TABLE} WHERE plan_id IN (SELECT id FROM old_rows);")
    out.append(f"INSERT INTO {TABLE} (plan_id, version) SELECT id, {_XACT} FROM plans_plan ON CONFLICT DO NOTHING")
    return out


@contextmanager
def stamped_once(plan_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS):
    """Around one bulk statement in the caller's transaction: on SQLite the row triggers stand
    aside and ``plan_ids`` are stamped once afterwards, instead of the version row being updated
    for every row written (about 1 s per 100,000 rows: a fifth of a large load). The caller
    names every plan the statement's rows belong to. A rollback undoes all of it, and the row
    that sets the triggers aside is never seen outside the transaction. PostgreSQL's triggers
    already fire once per statement: nothing changes there."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (plan_id, version) VALUES ({_ASIDE}, 0)")
    try:
        yield
    finally:
        ids = sorted(set(plan_ids))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE plan_id = {_ASIDE}")
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"UPDATE {TABLE} SET version = random() WHERE plan_id IN ({marks})", chunk)


def data_version(plan_id: int) -> str | None:
    """The plan's data version as a cache-key part ("-7423428043694536558.", digits and signs
    only), in one primary-key read; None when the plan has no version row (then nothing may be
    kept for it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT version, current_setting('planwatch.writes' || plan_id, true) FROM {TABLE}"
                " WHERE plan_id = %s",
                [plan_id],
            )
        else:
            cursor.execute(f"SELECT version, '' FROM {TABLE} WHERE plan_id = %s", [plan_id])
        row = cursor.fetchone()
    return None if row is None else f"{row[0]}.{row[1] or ''}"
