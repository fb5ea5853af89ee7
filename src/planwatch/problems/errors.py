from planwatch.plans.errors import StoreError


class ProblemError(StoreError):
    """Bad input for a problem's step (one line of Chinese): pages show it, the API answers 422."""
