"""The one error of the reports app: a Chinese sentence the page, the API and the command show."""


class ReportError(ValueError):
    """A report that cannot be made as asked (bad period, unknown kind, a unit outside the plan)."""
