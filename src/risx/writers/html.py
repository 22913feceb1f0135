"""The HTML reference list's entry point (``risx.writers.html:HtmlWriter``); the writer lives
in :mod:`risx.writers.reference_list.html`."""

from risx.writers.reference_list.html import HtmlWriter

__all__ = ["HtmlWriter"]
