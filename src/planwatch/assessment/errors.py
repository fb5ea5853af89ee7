from planwatch.plans.errors import StoreError


class AssessmentError(StoreError):
    """A request the assessment cannot carry out, said in Chinese (pages show it, the API answers
    422, commands print it)."""
