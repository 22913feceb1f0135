"""Input formats. Each module defines one :class:`risx.readers.base.Reader`."""
