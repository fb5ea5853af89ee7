"""The one error extraction raises for bad input; its message is shown to the user as is."""


class ExtractError(Exception):
    """A document that cannot be extracted. The message is one line of plain Chinese."""
