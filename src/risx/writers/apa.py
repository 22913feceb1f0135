"""The plain-text reference list's entry point (``risx.writers.apa:ApaWriter``); the writer
lives in :mod:`risx.writers.reference_list.text`."""

from risx.writers.reference_list.text import ApaWriter

__all__ = ["ApaWriter"]
