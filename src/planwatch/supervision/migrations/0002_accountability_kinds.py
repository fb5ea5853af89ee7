"""The five accountability measures the plan's article names (the office may add or retire kinds)."""

from django.db import migrations

KINDS = ("提醒谈话", "约谈", "通报批评", "限期整改", "移交纪检监察机关")


def add_kinds(apps, schema_editor):
    Kind = apps.get_model("supervision", "AccountabilityKind")
    for position, name in enumerate(KINDS, start=1):
        Kind.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
