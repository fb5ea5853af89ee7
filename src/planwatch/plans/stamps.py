"""Per-plan stamps that database triggers move in the same statement as a change: one mechanism
for the plan's data version (`plans.versions`) and its activity version (`web.activity`).

A stamp is a table of (plan_id, version) rows and triggers on the tables it watches. Whatever
writes — the ORM, a bulk UPDATE, the admin, another app server — moves the stamp of every plan
the changed rows lead to, a rolled-back change leaves it where it was, and a stamp is never
reused, so something kept under it can only be that state's:
- SQLite: `random()` (64 bits) on every changed row (row triggers; SQLite writes one
  transaction at a time and updating one row is cheap there);
- PostgreSQL: the writing transaction's id, once per plan and statement (statement-level
  triggers with transition tables: updating one row on every inserted row makes PostgreSQL walk
  an ever longer chain of row versions), plus a per-plan, transaction-local counter (the
  setting ``<setting><plan id>``) that `read` adds, so the writing transaction sees its own
  changes and no one else sees that key.
Every plan has its row: triggers on plans_plan add and remove it, and `create_sql` backfills.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

_EVENTS = {"INSERT": ("NEW",), "UPDATE": ("NEW", "OLD"), "DELETE": ("OLD",)}
_TRANSITION = {"NEW": "new_rows", "OLD": "old_rows"}
_XACT = "pg_current_xact_id()::text::bigint"
ALL_EVENTS = tuple(_EVENTS)


@dataclass(frozen=True)
class Source:
    """A watched table: ``plans`` selects the plan ids of the changed rows ``r`` ({rows} becomes
    the trigger's row or transition table), or is empty when a change moves every plan's stamp;
    ``columns`` are what the SQLite row trigger passes on as ``r``."""

    table: str
    plans: str = ""
    columns: tuple[str, ...] = ()
    events: tuple[str, ...] = ALL_EVENTS


@dataclass(frozen=True)
class PlanStamp:
    """``table`` holds the stamps; triggers are named pw_<name>_<table>_<event>; ``function``
    is the PostgreSQL function that stamps a list of plans."""

    table: str
    name: str
    function: str
    setting: str
    sources: tuple[Source, ...]

    def trigger(self, table: str, event: str) -> str:
        return f"pw_{self.name}_{table}_{event.lower()}"

    def _triggers(self) -> list[tuple[str, str]]:
        watched = [(s.table, event) for s in self.sources for event in s.events]
        return [*watched, ("plans_plan", "INSERT"), ("plans_plan", "DELETE")]

    def create_sql(self, vendor: str) -> list[str]:
        """The statements that create the triggers (and backfill one row per existing plan)."""
        return self._sqlite() if vendor == "sqlite" else self._postgresql()

    def drop_sql(self, vendor: str) -> list[str]:
        pairs = self._triggers()
        if vendor == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {self.trigger(t, e)}" for t, e in pairs]
        return (
            [f"DROP TRIGGER IF EXISTS {self.trigger(t, e)} ON {t}" for t, e in pairs]
            + [f"DROP FUNCTION IF EXISTS {self.trigger(t, e)}()" for t, e in pairs]
            + [f"DROP FUNCTION IF EXISTS {self.function}(bigint[])"]
        )

    def sqlite_row_triggers(self, table: str) -> list[tuple[str, str]]:
        """(name, CREATE statement) of the SQLite row triggers on the watched ``table``."""
        out = []
        for source in (s for s in self.sources if s.table == table):
            for event in source.events:
                where = ""
                if source.plans:
                    row = ", ".join(f"{{ref}}.{c} AS {c}" for c in source.columns)
                    ids = " UNION ".join(source.plans.format(rows=f"(SELECT {row.format(ref=ref)})")
                                         for ref in _EVENTS[event])  # fmt: skip
                    where = f" WHERE plan_id IN ({ids})"
                name = self.trigger(table, event)
                out.append((name, f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW "
                                  f"BEGIN UPDATE {self.table} SET version = random(){where}; END"))  # fmt: skip
        return out

    def _sqlite(self) -> list[str]:
        tables = dict.fromkeys(s.table for s in self.sources)  # in order, each once
        out = [create for table in tables for _, create in self.sqlite_row_triggers(table)]
        out.append(
            f"CREATE TRIGGER {self.trigger('plans_plan', 'INSERT')} AFTER INSERT ON plans_plan FOR EACH ROW "
            f"BEGIN INSERT OR IGNORE INTO {self.table} (plan_id, version) VALUES (NEW.id, random()); END"
        )
        out.append(
            f"CREATE TRIGGER {self.trigger('plans_plan', 'DELETE')} AFTER DELETE ON plans_plan FOR EACH ROW "
            f"BEGIN DELETE FROM {self.table} WHERE plan_id = OLD.id; END"
        )
        out.append(f"INSERT OR IGNORE INTO {self.table} (plan_id, version) SELECT id, random() FROM plans_plan")
        return out

    def _postgresql(self) -> list[str]:
        out = [
            f"""CREATE OR REPLACE FUNCTION {self.function}(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$ DECLARE x bigint := {_XACT}; plan bigint; BEGIN
  UPDATE {self.table} SET version = x WHERE plan_id = ANY(ids) AND version <> x;
  FOREACH plan IN ARRAY ids LOOP
    PERFORM set_config('{self.setting}' || plan,
      (coalesce(nullif(current_setting('{self.setting}' || plan, true), ''), '0')::bigint + 1)::text, true);
  END LOOP;
END $$"""
        ]
        for source in self.sources:
            for event in source.events:
                if source.plans:  # UNION: each plan once
                    ids = " UNION ".join(source.plans.format(rows=_TRANSITION[ref]) for ref in _EVENTS[event])
                else:
                    ids = f"SELECT plan_id FROM {self.table}"
                out += self._pg_trigger(source.table, event, f"PERFORM {self.function}(ARRAY({ids}));")
        out += self._pg_trigger(
            "plans_plan", "INSERT",
            f"INSERT INTO {self.table} (plan_id, version) SELECT id, {_XACT} FROM new_rows ON CONFLICT DO NOTHING;",
        )  # fmt: skip
        out += self._pg_trigger(
            "plans_plan", "DELETE", f"DELETE FROM {self.table} WHERE plan_id IN (SELECT id FROM old_rows);"
        )
        out.append(
            f"INSERT INTO {self.table} (plan_id, version) SELECT id, {_XACT} FROM plans_plan ON CONFLICT DO NOTHING"
        )
        return out

    def _pg_trigger(self, table: str, event: str, body: str) -> list[str]:
        name = self.trigger(table, event)
        refs = " ".join(f"{ref} TABLE AS {_TRANSITION[ref]}" for ref in _EVENTS[event])
        return [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} "
            "RETURN NULL; END $$",
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {refs} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]

    def columns_sql(self, alias: str) -> str:
        """The stamp and, on PostgreSQL, the reading transaction's own counter, from ``alias``."""
        if connection.vendor == "postgresql":
            return f"{alias}.version, current_setting('{self.setting}' || {alias}.plan_id, true)"
        return f"{alias}.version, ''"

    def read(self, plan_id: int) -> str | None:
        """The plan's stamp as a cache-key part (digits and signs only), in one primary-key
        read; None when the plan has no row (then nothing may be kept for it)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {self.columns_sql('s')} FROM {self.table} s WHERE s.plan_id = %s", [plan_id])
            row = cursor.fetchone()
        return None if row is None else shown(row[0], row[1])

    def read_many(self, plan_ids: list[int]) -> dict[int, str]:
        """{plan id: its stamp as `read` gives it} for the plans that have a row, in one query:
        work over many plans pays one round trip instead of one per plan."""
        if not plan_ids:
            return {}
        marks = ", ".join(["%s"] * len(plan_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.plan_id, {self.columns_sql('s')} FROM {self.table} s WHERE s.plan_id IN ({marks})",
                list(plan_ids),
            )
            return {plan_id: shown(version, counter) for plan_id, version, counter in cursor.fetchall()}

    def recreate(self, using: str) -> None:
        """Drop and create the triggers again (after every migrate: on SQLite a migration that
        alters a watched table rebuilds it, and the old table's triggers go with it)."""
        from django.db import connections, transaction

        target = connections[using]
        if self.table not in target.introspection.table_names():
            return  # migrated back before the stamp's table
        with transaction.atomic(using=using), target.cursor() as cursor:
            for statement in self.drop_sql(target.vendor) + self.create_sql(target.vendor):
                cursor.execute(statement)


def shown(version, counter) -> str | None:
    """A stamp as read (version and the transaction's counter) as a cache-key part."""
    return None if version is None else f"{version}.{counter or ''}"
