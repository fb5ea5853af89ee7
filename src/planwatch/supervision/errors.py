from planwatch.plans.errors import StoreError


class SupervisionError(StoreError):
    """Bad input for a supervision step (one line of Chinese): pages show it, the API answers 422,
    commands exit 2."""
