"""The base of planwatch's own commands: bad input is one line of Chinese and exit status 2.

Services raise `StoreError`, extraction `ExtractError`; both become `CommandError(returncode=2)`
(what `call_command` callers and tests see). On the command line the message is printed as
"错误：…" without Django's English class-name prefix and without a traceback. A database kept
busy by another writer beyond `DB_COMMAND_BUSY_TIMEOUT` is such an error too (planwatch.busy).
"""

from __future__ import annotations

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from planwatch.busy import COMMAND_BUSY_MESSAGE, command_lock_wait, is_busy
from planwatch.extract import ExtractError
from planwatch.plans.errors import StoreError

EXIT_BAD_INPUT = 2


def command_date(text: str) -> date:
    """A date given on the command line (--date, --as-of, --reporting-start): YYYY-MM-DD, in this
    century; anything else is one line of Chinese and exit status 2."""
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期“{text}”无效，应为 YYYY-MM-DD，如 2025-07-03", returncode=EXIT_BAD_INPUT) from exc
    if not 2000 <= day.year <= 2099:
        raise CommandError(f"日期“{text}”应在 2000 年至 2099 年之间", returncode=EXIT_BAD_INPUT)
    return day


class PlanwatchCommand(BaseCommand):
    def execute(self, *args, **options):
        try:
            try:
                with command_lock_wait():
                    return super().execute(*args, **options)
            except (StoreError, ExtractError) as exc:
                raise CommandError(str(exc), returncode=EXIT_BAD_INPUT) from exc
            except OperationalError as exc:
                if not is_busy(exc):
                    raise
                raise CommandError(COMMAND_BUSY_MESSAGE, returncode=EXIT_BAD_INPUT) from exc
        except CommandError as exc:
            if not self._called_from_command_line or options.get("traceback"):
                raise
            self.stderr.write(f"错误：{exc}")
            sys.exit(exc.returncode)
