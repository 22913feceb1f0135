"""The BibLaTeX writer's entry point (``risx.writers.biblatex:BiblatexWriter``); the writer
lives in :mod:`risx.writers.bibtex.biblatex`, beside the BibTeX one."""

from risx.writers.bibtex.biblatex import BiblatexWriter

__all__ = ["BiblatexWriter"]
