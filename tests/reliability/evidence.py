"""``python evidence.py N``: N evidence files on a submission of the first indicator, stored by
the reporting service itself (files under DATA_DIR/evidence, rows with their SHA-256), in the
installation the PLANWATCH_* environment names."""

from __future__ import annotations

import os
import sys


def main(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    import django

    django.setup()
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from planwatch.indicators.models import Indicator
    from planwatch.reporting.models import Submission
    from planwatch.reporting.services.evidence import attach_evidence
    from planwatch.units.models import Unit

    indicator = Indicator.objects.order_by("pk").first()
    unit = Unit.objects.create(name="测试单位")
    item = Submission.objects.create(indicator=indicator, unit=unit, period="2025", period_key=20251212,
                                     value=Decimal(1), entered_value=Decimal(1))  # fmt: skip
    for n in range(count):
        data = b"%PDF-1.4\n" + f"% evidence {n}\n".encode() * (n + 1) + b"%%EOF\n"
        attach_evidence(
            actor=None, item=item, upload=SimpleUploadedFile(f"佐证{n}.pdf", data, "application/pdf")
        )


if __name__ == "__main__":
    main(int(sys.argv[1]))
