"""Assessment fixtures: the seed plan with demo data (figures and the key-project ledger) up to
30 September 2024, and a scheme for 2024 with all six components assessed on that day."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

AS_OF = date(2024, 9, 30)


@pytest.fixture
def seed_year(db, monkeypatch):
    from planwatch.assessment.services import create_scheme
    from planwatch.indicators.services import replace_demo_data
    from planwatch.projects.demo import fill_demo_projects
    from planwatch.reporting import clock
    from planwatch.web.demo_setup import ensure_plan

    monkeypatch.setattr(clock, "today", lambda: AS_OF)
    plan, _ = ensure_plan()
    with transaction.atomic():
        replace_demo_data(actor=None, plan=plan, as_of=AS_OF)
        fill_demo_projects(actor=None, plan=plan, as_of=AS_OF)
        scheme = create_scheme(actor=None, plan=plan, year=2024)
    scheme.as_of = AS_OF
    scheme.save()
    return scheme
