"""The one lifecycle mechanism (DESIGN §5): every state change of a row with a lifecycle —
submissions and progress reports now, supervision items, problems and projects later — goes
through `Workflow.run`, which re-reads the row under a lock, changes its state with a
conditional UPDATE, applies the change's side effects and writes its history row, all in the
caller's transaction. Exactly one of several concurrent requests wins; the others get
`Conflict`, which the API answers with 409 and the pages show as a message. See docs/workflow.md.
"""

from .engine import NEW, Conflict, Step, Transition, Workflow

__all__ = ["NEW", "Conflict", "Step", "Transition", "Workflow"]
