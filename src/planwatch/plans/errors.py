"""The error the store's services raise for bad input; commands show its message as is."""


class StoreError(Exception):
    """A request the store refuses (unknown plan, merge of a unit into itself). One line of Chinese."""
