"""planwatch: run a government action plan (行动计划) from document to accountability."""

__version__ = "0.1.0"
