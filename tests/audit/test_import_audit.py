"""`planwatch import-plan` writes one audit event per import and per applied revision."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from planwatch.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[3] / "shared" / "plans" / "shizhong-2023-2025.txt"


def import_plan(path, *args):
    call_command(
        "import_plan", str(path), "--name", "shizhong-2023", *args, stdout=StringIO(), stderr=StringIO()
    )


def test_import_and_revision_are_recorded_once_each(tmp_path):
    import_plan(SEED)
    event = AuditEvent.objects.get(action="import")
    assert event.object_type == "plans.plan" and event.actor_name.startswith("命令行")
    assert event.after["status"] == "created" and event.after["counts"]["articles"] == 47
    assert len(event.after["units_created"]) == 39 and event.before is None

    import_plan(SEED)  # unchanged: nothing written, nothing recorded
    assert AuditEvent.objects.filter(action="import").count() == 1

    revised = tmp_path / "正式稿.txt"
    revised.write_text(
        SEED.read_text(encoding="utf-8").replace("突破 180 亿", "突破 200 亿"), encoding="utf-8"
    )
    with pytest.raises(CommandError):
        import_plan(revised)  # a pending revision writes nothing
    assert AuditEvent.objects.filter(action="import").count() == 1

    import_plan(revised, "--apply")
    applied = AuditEvent.objects.filter(action="import").order_by("-id").first()
    assert applied.after["status"] == "applied" and "修改 1 条" in applied.after["changes"]
    assert applied.before["source_name"] == SEED.name and applied.after["source_name"] == "正式稿.txt"
