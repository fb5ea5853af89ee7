"""The site's own table: the activity version of each plan (web/activity.py)."""

from __future__ import annotations

from django.db import models


class ActivityVersion(models.Model):
    """A stamp that changes in the same transaction as anything the dashboard's panels of the
    other loops read (tasks, policies, problems, key projects, milestones), and the office's
    leads, the units and the department table (未确定牵头单位的目标). Database triggers
    set it (`web/activity.py`), so every write path moves it. No foreign key: the triggers may
    touch it while the plan itself is being deleted."""

    plan_id = models.BigIntegerField("计划", primary_key=True)
    version = models.BigIntegerField("动态版本")

    class Meta:
        verbose_name = "动态版本"
        verbose_name_plural = "动态版本"
