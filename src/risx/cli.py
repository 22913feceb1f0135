"""The ``risx`` command's entry point, cheap to import: make runs risx once per file.

The console script pip generates runs ``from risx.cli import main; sys.exit(main())``, so every
run imports this module first.  It answers ``risx --version`` itself, without importing click,
and hands everything else to the click group of :mod:`risx.commands` (options, help, exit
codes), which it imports only then.  ``main`` stands for that group: calls and attributes go to
it, so ``click.testing.CliRunner().invoke(main, [...])`` works as on the group itself.

Exit codes (also in ``risx --help`` and the README):

* 0: success (warnings may have been printed);
* 1: input errors, or warnings under ``--strict``; the outputs concerned were not written;
* 2: usage errors (unknown option or format, missing input file, options that do not fit).
"""

from __future__ import annotations

import sys

from risx import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

    import click

#: The command lines answered here, exactly as click's version option would answer them
#: (``risx.commands`` declares ``-V``/``--version``; any other argument goes to click).
VERSION_ARGUMENTS = (["--version"], ["-V"])
VERSION_MESSAGE = f"risx, version {__version__}"


def print_version() -> NoReturn:
    """What click's version option does: the message on stdout, exit 0 (1 if stdout is closed)."""
    out = sys.stdout
    if out is None:  # no stdout at all (click's echo writes nothing then)
        sys.exit(0)
    try:
        out.write(VERSION_MESSAGE + "\n")
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(1)
    sys.exit(0)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush cannot fail again."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def skip_the_collection_at_exit() -> None:
    """Leave what is still alive at exit to the operating system, not to the garbage collector.

    As the interpreter exits it collects every object in a reference cycle: with click's and
    risx's modules loaded that takes 10-15 ms, a sixth of a one-record conversion, to free
    memory the process is about to give back anyway.  Objects frozen at exit (``gc.freeze``,
    registered here so that it runs after the handlers registered later) are left out of that
    collection.  By then every output is complete: files are committed or discarded and standard
    output flushed by the pipeline itself, and nothing of risx relies on a finalizer at exit.
    Only the command does this (this process is its own); ``CliRunner`` and the library do not.
    """
    import atexit
    import gc

    atexit.register(gc.freeze)


class _Command:
    """The ``risx`` click group, imported on first use."""

    @property
    def group(self) -> click.Group:
        from risx.commands import main as group

        return group

    def __call__(self, *args: object, **kwargs: object) -> object:
        if not args and not kwargs and sys.argv[1:] in VERSION_ARGUMENTS:
            print_version()
        skip_the_collection_at_exit()
        return self.group(*args, **kwargs)

    def __getattr__(self, name: str) -> object:
        return getattr(self.group, name)


main = _Command()

if __name__ == "__main__":  # pragma: no cover
    main()
