"""Set kind (flow/stock) and frequency on indicators imported before those fields existed,
from each indicator's first target, as import now does for new indicators."""

from django.db import migrations


def infer(apps, schema_editor):
    from planwatch.indicators.kinds import infer_frequency, infer_kind

    Indicator = apps.get_model("indicators", "Indicator")
    Target = apps.get_model("indicators", "Target")
    first = {}
    for t in Target.objects.order_by("indicator_id", "position", "pk").only("indicator_id", "basis"):
        first.setdefault(t.indicator_id, t.basis)
    for indicator in Indicator.objects.filter(pk__in=first).only("pk", "name"):
        basis = first[indicator.pk]
        indicator.kind = infer_kind(basis=basis, name=indicator.name)
        indicator.frequency = infer_frequency(basis=basis)
        indicator.save(update_fields=["kind", "frequency"])


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_observations")]

    operations = [migrations.RunPython(infer, migrations.RunPython.noop)]
