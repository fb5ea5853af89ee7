# The plan's activity version and the triggers that move it with every change (web/activity.py).

from django.db import migrations, models

from planwatch.web import activity


def create_triggers(apps, schema_editor):
    for statement in activity.create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    for statement in activity.drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('plans', '0005_data_version'),
        ('tasks', '0002_milestones_policy_delivery'),
        ('problems', '0002_demo'),
        ('projects', '0001_initial'),
        ('units', '0002_unit_functions'),
        ('responsibilities', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ActivityVersion',
            fields=[
                ('plan_id', models.BigIntegerField(primary_key=True, serialize=False, verbose_name='计划')),
                ('version', models.BigIntegerField(verbose_name='动态版本')),
            ],
            options={
                'verbose_name': '动态版本',
                'verbose_name_plural': '动态版本',
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
