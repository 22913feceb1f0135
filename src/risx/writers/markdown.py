"""The Markdown reference list's entry point (``risx.writers.markdown:MarkdownWriter``); the
writer lives in :mod:`risx.writers.reference_list.markdown`."""

from risx.writers.reference_list.markdown import MarkdownWriter

__all__ = ["MarkdownWriter"]
