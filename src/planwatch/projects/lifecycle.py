"""The states of a project and of its monthly report, on the one workflow (docs/workflow.md).

    project: (new) ─import_<stage>─▶ <stage>   (a ledger row arrives in the stage it states)
             <any other stage> ─to_<stage>─▶ <stage>  (an approved report, or a re-import)
    report:  (new)/draft/returned ─submit─▶ submitted ─approve─▶ approved (locked)
                                              └─return─▶ returned

A stage may move back (the office corrects a ledger row), so every stage is reachable from every
other; each move is a ProjectEvent row and an audit event (project.to_building …), written with
the tasks' recorders in the caller's transaction.
"""

from __future__ import annotations

from django.db.models import Q

from planwatch.reporting.models import Status
from planwatch.tasks.lifecycle import _bulk_recorder, _recorder, _refusal
from planwatch.workflow import NEW, Transition, Workflow

from .models import ProjectEvent, ProjectReportEvent, Stage

_STAGES = frozenset(Stage.values)
PROJECT_TRANSITIONS = tuple(
    Transition(f"import_{s.value}", frozenset({NEW}), s.value, f"导入（{s.label}）") for s in Stage
) + tuple(Transition(f"to_{s.value}", _STAGES - {s.value}, s.value, f"进入{s.label}阶段") for s in Stage)

_OPEN = frozenset({NEW, Status.DRAFT, Status.RETURNED})
_UNLOCKED = Q(locked=False)
REPORT_TRANSITIONS = (
    Transition("submit", _OPEN, Status.SUBMITTED, "报送", _UNLOCKED),
    Transition("approve", frozenset({Status.SUBMITTED}), Status.APPROVED, "审核通过", _UNLOCKED),
    Transition("return", frozenset({Status.SUBMITTED}), Status.RETURNED, "退回", _UNLOCKED),
    Transition("demo", frozenset({NEW}), Status.APPROVED, "生成演示数据"),  # `planwatch demo` only (demo.py)
)

PROJECT_FLOW = Workflow(
    transitions=PROJECT_TRANSITIONS, record=_recorder(ProjectEvent, "project", "stage"),
    refuse=_refusal("重点项目", Stage, "stage"), state_field="stage",
    record_all=_bulk_recorder(ProjectEvent, "project", "stage"),
)  # fmt: skip
REPORT_FLOW = Workflow(
    transitions=REPORT_TRANSITIONS, record=_recorder(ProjectReportEvent, "project_report", "status"),
    refuse=_refusal("项目月报", Status, "status"), record_all=_bulk_recorder(ProjectReportEvent, "project_report", "status"),
)  # fmt: skip
