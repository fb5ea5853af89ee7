"""The `planwatch` console script.

`planwatch extract` runs without Django or a database (it only reads a document); every other
sub-command is a Django management command, so `planwatch migrate`, `planwatch import-plan …`
work like `manage.py`. Dashed names are accepted for our own commands (import-plan → import_plan).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "extract":
        from planwatch.extract.cli import run

        return run(argv[1:])
    return _django(argv)


def _django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    from django.core.management import execute_from_command_line

    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
    execute_from_command_line(["planwatch", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
