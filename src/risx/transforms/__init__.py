"""Pure functions that turn source strings into model values (names, dates, identifiers, keys)."""
