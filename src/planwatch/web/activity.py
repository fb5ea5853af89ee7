"""The activity version of a plan: one primary-key read says whether anything the dashboard's
panels of the other loops show has changed — tasks and policies, problems, key projects, the
plan's milestones — or what its 未确定牵头单位的目标 panel reads besides the plan's data (the
office's leads, the units, the department table).

Those panels read tables the plan's data version (`plans.versions`) does not watch: a task
reported on, a problem moved a step or its light refreshed, a project's report approved, a
milestone corrected in the admin. Their rows are written by the workflow engine's conditional
UPDATE, by `QuerySet.update()`, by imports and the admin — so an `updated_at` or a count would
miss some of them. As with the data version, database triggers move this stamp in the same
statement as the change itself, whatever wrote it, and a rolled-back change leaves it where it
was. A change to the units, the department table or a project category's name moves every
plan's (they are read for every plan; such changes are rare).

The stamp is never reused, the same way as the data version's (see `plans.versions` for why):
- SQLite: `random()` on every changed row;
- PostgreSQL: the writing transaction's id, once per plan and statement (statement-level
  triggers with transition tables), plus a per-plan transaction-local counter
  (`planwatch.activity<plan id>`) so the writing transaction sees its own changes.
"""

from __future__ import annotations

from django.db import connection

from planwatch.plans.versions import TABLE as DATA

TABLE = "web_activityversion"
_EVENTS = {"INSERT": ("NEW",), "UPDATE": ("NEW", "OLD"), "DELETE": ("OLD",)}

_BY_TASK = "SELECT t.plan_id FROM {rows} r JOIN tasks_task t ON t.id = r.task_id"
_BY_PROJECT = "SELECT p.plan_id FROM {rows} r JOIN projects_project p ON p.id = r.project_id"
# Where each watched table's rows lead to their plan ({rows}: the trigger's row or transition table).
_PLAN_IDS = {
    "tasks_task": "SELECT r.plan_id FROM {rows} r",
    "tasks_task_co_units": _BY_TASK,
    "tasks_taskreport": _BY_TASK,
    "tasks_taskmilestone": _BY_TASK,
    "tasks_policymeasure": "SELECT r.plan_id FROM {rows} r",
    "problems_problem": "SELECT r.plan_id FROM {rows} r",
    "problems_assignment": "SELECT p.plan_id FROM {rows} r JOIN problems_problem p ON p.id = r.problem_id",
    "projects_project": "SELECT r.plan_id FROM {rows} r",
    "projects_yearplan": _BY_PROJECT,
    "projects_projectreport": _BY_PROJECT,
    "projects_projectsettings": "SELECT r.plan_id FROM {rows} r",
    "plans_milestone": "SELECT a.plan_id FROM {rows} r JOIN plans_article a ON a.id = r.article_id",
    "responsibilities_lead": "SELECT r.plan_id FROM {rows} r",
}
_COLUMNS = {  # what the SQLite row trigger passes on as `r`
    "tasks_task": ["plan_id"], "tasks_task_co_units": ["task_id"], "tasks_taskreport": ["task_id"],
    "tasks_taskmilestone": ["task_id"], "tasks_policymeasure": ["plan_id"], "problems_problem": ["plan_id"],
    "problems_assignment": ["problem_id"], "projects_project": ["plan_id"], "projects_yearplan": ["project_id"],
    "projects_projectreport": ["project_id"], "projects_projectsettings": ["plan_id"],
    "plans_milestone": ["article_id"], "responsibilities_lead": ["plan_id"],
}  # fmt: skip
# Read by every plan's panels: the units (names; the proposals of leads match against them), the
# office's department table, project categories (names).
_EVERY_PLAN = {"units_unit": tuple(_EVENTS), "units_unitfunction": tuple(_EVENTS), "projects_category": ("UPDATE",)}


def _name(table: str, event: str) -> str:
    return f"pw_activity_{table}_{event.lower()}"


def _triggers():
    """(table, event) of every trigger that moves a stamp."""
    for table in _PLAN_IDS:
        for event in _EVENTS:
            yield table, event
    for table, events in _EVERY_PLAN.items():
        for event in events:
            yield table, event


def create_sql(vendor: str) -> list[str]:
    """The statements that create the triggers (and backfill one row per existing plan)."""
    return _sqlite() if vendor == "sqlite" else _postgresql()


def drop_sql(vendor: str) -> list[str]:
    pairs = [*_triggers(), ("plans_plan", "INSERT"), ("plans_plan", "DELETE")]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {_name(table, event)}" for table, event in pairs]
    return [f"DROP TRIGGER IF EXISTS {_name(t, e)} ON {t}" for t, e in pairs] + [
        f"DROP FUNCTION IF EXISTS {_name(t, e)}()" for t, e in pairs
    ] + ["DROP FUNCTION IF EXISTS planwatch_bump_activity(bigint[])"]


def _row(ref: str, table: str) -> str:
    return "(SELECT " + ", ".join(f"{ref}.{c} AS {c}" for c in _COLUMNS[table]) + ")"


def _sqlite() -> list[str]:
    out = []
    for table, event in _triggers():
        if table in _EVERY_PLAN:
            body = f"UPDATE {TABLE} SET version = random();"
        else:
            ids = " UNION ".join(_PLAN_IDS[table].format(rows=_row(ref, table)) for ref in _EVENTS[event])
            body = f"UPDATE {TABLE} SET version = random() WHERE plan_id IN ({ids});"
        out.append(f"CREATE TRIGGER {_name(table, event)} AFTER {event} ON {table} FOR EACH ROW BEGIN {body} END")
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
_BUMP = f"""CREATE OR REPLACE FUNCTION planwatch_bump_activity(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$ DECLARE x bigint := {_XACT}; plan bigint; BEGIN
  UPDATE {TABLE} SET version = x WHERE plan_id = ANY(ids) AND version <> x;
  FOREACH plan IN ARRAY ids LOOP
    PERFORM set_config('planwatch.activity' || plan,
      (coalesce(nullif(current_setting('planwatch.activity' || plan, true), ''), '0')::bigint + 1)::text, true);
  END LOOP;
END $$"""
_TRANSITION = {"NEW": "new_rows", "OLD": "old_rows"}


def _pg_trigger(table: str, event: str, body: str) -> list[str]:
    name = _name(table, event)
    refs = " ".join(f"{ref} TABLE AS {_TRANSITION[ref]}" for ref in _EVENTS[event])
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} "
        "RETURN NULL; END $$",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {refs} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def _postgresql() -> list[str]:
    out = [_BUMP]
    for table, event in _triggers():
        if table in _EVERY_PLAN:
            ids = f"SELECT plan_id FROM {TABLE}"
        else:
            ids = " UNION ".join(_PLAN_IDS[table].format(rows=_TRANSITION[ref]) for ref in _EVENTS[event])
        out += _pg_trigger(table, event, f"PERFORM planwatch_bump_activity(ARRAY({ids}));")
    out += _pg_trigger(
        "plans_plan", "INSERT",
        f"INSERT INTO {TABLE} (plan_id, version) SELECT id, {_XACT} FROM new_rows ON CONFLICT DO NOTHING;",
    )  # fmt: skip
    out += _pg_trigger("plans_plan", "DELETE", f"DELETE FROM {TABLE} WHERE plan_id IN (SELECT id FROM old_rows);")
    out.append(f"INSERT INTO {TABLE} (plan_id, version) SELECT id, {_XACT} FROM plans_plan ON CONFLICT DO NOTHING")
    return out


def activity_version(plan_id: int) -> str | None:
    """The plan's activity version as a cache-key part (digits and signs only), in one
    primary-key read; None when the plan has no row (then nothing may be kept for it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT version, current_setting('planwatch.activity' || plan_id, true) FROM {TABLE}"
                " WHERE plan_id = %s",
                [plan_id],
            )
        else:
            cursor.execute(f"SELECT version, '' FROM {TABLE} WHERE plan_id = %s", [plan_id])
        row = cursor.fetchone()
    return None if row is None else f"{row[0]}.{row[1] or ''}"


def versions(plan_id: int) -> tuple[str | None, str | None]:
    """(the plan's data version, its activity version) in one read, each as `data_version` and
    `activity_version` give it: a page keyed on both pays one round trip, not two."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT d.version, current_setting('planwatch.writes' || d.plan_id, true), a.version,"
                f" current_setting('planwatch.activity' || d.plan_id, true) FROM {DATA} d"
                f" LEFT JOIN {TABLE} a ON a.plan_id = d.plan_id WHERE d.plan_id = %s",
                [plan_id],
            )
        else:
            cursor.execute(
                f"SELECT d.version, '', a.version, '' FROM {DATA} d LEFT JOIN {TABLE} a ON a.plan_id = d.plan_id"
                " WHERE d.plan_id = %s",
                [plan_id],
            )
        row = cursor.fetchone()
    if row is None:
        return None, activity_version(plan_id)
    return f"{row[0]}.{row[1] or ''}", (None if row[2] is None else f"{row[2]}.{row[3] or ''}")
