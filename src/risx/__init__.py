"""risx: a faithful RIS reader and converters to CSL-JSON, BibTeX, APA 7 and Markdown."""

from risx.model import Contributor, Date, Name, RawTag, Record, SourceLocation

__version__ = "0.1.0"

__all__ = ["Contributor", "Date", "Name", "RawTag", "Record", "SourceLocation", "__version__"]
