"""Output formats. Each module defines one :class:`risx.writers.base.Writer`."""
