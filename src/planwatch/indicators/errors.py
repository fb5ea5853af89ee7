"""Errors the indicator data services raise; commands show their messages as they are."""

from __future__ import annotations

from planwatch.plans.errors import StoreError


class DataError(StoreError):
    """A request about indicator data that is refused. One line of Chinese."""


class LoadError(DataError):
    """A data file refused as a whole: `errors` holds one line per problem, with its file line."""

    def __init__(self, errors: list[str], *, file_name: str = "") -> None:
        self.errors = list(errors)
        self.file_name = file_name
        where = f"文件 {file_name} " if file_name else "文件"
        super().__init__(f"{where}未导入：发现 {len(self.errors)} 处错误，数据库未作任何修改")

    def lines(self, limit: int | None = None) -> list[str]:
        """The summary, then one line per error (at most ``limit``, then how many were left out)."""
        shown = self.errors if limit is None else self.errors[:limit]
        more = len(self.errors) - len(shown)
        return [str(self), *shown, *([f"……另有 {more} 处错误未列出"] if more > 0 else [])]
