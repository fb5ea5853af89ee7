"""Errors of backup and restore: one line of Chinese, exit status 2 from the commands."""

from planwatch.plans.errors import StoreError


class BackupError(StoreError):
    """A backup or restore refused or failed; nothing was changed in the target."""
