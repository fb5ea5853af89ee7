# The plan's data version and the triggers that move it with every change (plans/versions.py).

from django.db import migrations, models

from planwatch.plans import versions


def create_triggers(apps, schema_editor):
    for statement in versions.create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    for statement in versions.drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0004_delete_task'),
        ('indicators', '0006_revision_at_index'),
        ('units', '0002_unit_functions'),
    ]

    operations = [
        migrations.CreateModel(
            name='DataVersion',
            fields=[
                ('plan_id', models.BigIntegerField(primary_key=True, serialize=False, verbose_name='计划')),
                ('version', models.BigIntegerField(verbose_name='数据版本')),
            ],
            options={
                'verbose_name': '数据版本',
                'verbose_name_plural': '数据版本',
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
