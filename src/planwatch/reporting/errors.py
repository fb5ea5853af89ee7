"""Errors of the reporting cycle. Each message is one line of Chinese a unit or the office reads.

They extend `DataError` (a `StoreError`), so commands print them as "错误：…" and the API's
generic handler answers 422 where no edge maps them more precisely. A `StateConflict` (Locked,
UnderReview, an item someone else just reviewed) is also the workflow's `Conflict`: 409.
"""

from __future__ import annotations

from planwatch.indicators.errors import DataError
from planwatch.workflow import Conflict

LOCKED_MESSAGE = "该期数据已审核锁定，如需修改请联系领导小组办公室解锁"
UNDER_REVIEW_MESSAGE = "该期数据已报送，正在审核中；如需修改请联系领导小组办公室退回"
RACE_MESSAGE = "该期数据刚刚由他人同时报送，请刷新页面后查看"


class ReportingError(DataError):
    """A reporting request refused as a whole."""


class StateConflict(Conflict, ReportingError):
    """The item is not in a state the step starts from (often: someone else acted first)."""


class Locked(StateConflict):
    """The (indicator or article, period) is approved and locked."""

    def __init__(self, message: str = LOCKED_MESSAGE) -> None:
        super().__init__(message)


class UnderReview(StateConflict):
    """Submitted and waiting for the office: the unit cannot change it now."""

    def __init__(self, message: str = UNDER_REVIEW_MESSAGE) -> None:
        super().__init__(message)


class Invalid(ReportingError):
    """Field errors: `errors` maps a field name (value, unit, explanation …) to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))


class WorkbookRejected(ReportingError):
    """An Excel upload refused; `errors` lists every problem with its cell (G5：不是数字)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__(f"文件未导入：发现 {len(self.errors)} 处错误，数据未作任何修改")
