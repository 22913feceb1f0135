"""Where every output goes: files that are never half-written, and standard output.

Every writer path writes through :func:`write_output`: the CLI's merged output and each output
of ``-o DIR/``, the side files of a stage (the dedupe report, review list, PRISMA numbers) and
:func:`risx.api.write`.  So "cannot write" (IO001) is built in one place, and every output
follows the same rules:

* a file goes to a temporary file beside its target (``.NAME.XXXXXXXX.risx-tmp``, created by
  this process only, never through a symbolic link), is flushed and fsynced, and is renamed
  over the target only when the conversion succeeded; on a failure, Ctrl-C or any exception the
  temporary file is removed and the target is left as it was;
* a file whose new bytes equal the existing file's is not replaced, so its modification time
  stays and ``make`` does not rebuild what depends on it; an existing file keeps its
  permissions, a new one gets the usual umask-based mode;
* standard output cannot be taken back, so it streams; when its reader goes away
  (``risx ... | head``) the run stops quietly, as Unix tools do, and fails;
* a text writer gets a UTF-8 text stream that writes line ends as given; a binary writer
  (:attr:`risx.writers.base.Writer.binary`) gets the byte stream under it.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO

from risx.diagnostics import Diagnostic, Report, Severity

STATUS_WRITTEN = "written"
STATUS_UNCHANGED = "unchanged"
STATUS_FAILED = "not written"
STATUS_STREAMED = "streamed"
#: Standard output was closed by its reader before everything was written.
STATUS_CLOSED = "closed"

STDOUT_NAME = "<stdout>"

#: What writes one output: given the open stream (text, or bytes for a binary writer).
Body = Callable[[Any], None]
#: What :func:`write_output` does with a problem: report it (IO001) or raise it (the API).
Errors = Literal["report", "raise"]


def cannot_write(target: str, exc: OSError, what: str = "cannot write") -> Diagnostic:
    """The one IO001 for an output that could not be written (or its directory made)."""
    return Diagnostic(Severity.ERROR, "IO001", f"{what}: {exc.strerror or exc}", target)


def _never_failed() -> bool:
    return False


def write_output(target: Path | None, body: Body, report: Report, *, binary: bool = False,
                 failed: Callable[[], bool] = _never_failed,
                 unwritable: Callable[[], None] | None = None,
                 errors: Errors = "report") -> str:
    """Write one output with ``body`` and return its status (``STATUS_*``).

    ``target`` ``None`` is standard output.  A file is committed when ``body`` returns and
    ``failed()`` is false (the conversion reported no errors, or no warnings under
    ``--strict``), else discarded.  When the temporary file cannot even be created,
    ``unwritable()`` runs after the IO001 (a merged run still reads every input then, so that
    every problem is reported).  With ``errors="raise"`` an OSError is raised instead of
    reported, and ``unwritable`` is not called.
    """
    if target is None:
        return _write_stdout(body, report, binary=binary, errors=errors)
    try:
        pending = PendingOutput(target)
    except OSError as exc:
        if errors == "raise":
            raise
        report(cannot_write(str(target), exc))
        if unwritable is not None:
            unwritable()
        return STATUS_FAILED
    try:
        body(pending.binary if binary else pending.stream)
        if failed():
            pending.discard()
            return STATUS_FAILED
        return pending.commit()
    except OSError as exc:
        pending.discard()
        if errors == "raise":
            raise
        report(cannot_write(str(target), exc))
        return STATUS_FAILED
    except BaseException:
        pending.discard()
        raise


def write_to_stream(stream: IO[Any], body: Body, *, binary: bool) -> None:
    """Write one output with ``body`` to a file object the caller opened (the API), in
    binary or text mode: a text writer writing to a byte stream gets a UTF-8 view of it."""
    is_binary = not isinstance(stream, io.TextIOBase) and (
        isinstance(stream, (io.RawIOBase, io.BufferedIOBase)) or "b" in getattr(stream, "mode", ""))
    if binary:
        if not is_binary:
            raise TypeError("this writer writes bytes: give a path or a file opened in binary "
                            "mode")
        body(stream)
        return
    if not is_binary:
        body(stream)
        return
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    try:
        body(text)
        text.flush()
    finally:
        text.detach()


# Standard output -----------------------------------------------------------------------------


def _write_stdout(body: Body, report: Report, *, binary: bool, errors: Errors) -> str:
    buffer: BinaryIO = sys.stdout.buffer
    text = None if binary else io.TextIOWrapper(buffer, encoding="utf-8", newline="",
                                                write_through=False)
    out: IO[Any] = buffer if text is None else text
    try:
        body(out)
        out.flush()
    except BrokenPipeError:
        if errors == "raise":
            raise
        # The reader of the pipe has gone (``| head``): stop quietly, as Unix tools do, and
        # point stdout at /dev/null so that the interpreter's final flush cannot complain.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, sys.stdout.fileno())
            finally:
                os.close(devnull)
        return STATUS_CLOSED
    except OSError as exc:
        if errors == "raise":
            raise
        report(cannot_write(STDOUT_NAME, exc))
    finally:
        if text is not None:
            with contextlib.suppress(OSError, ValueError):
                text.detach()
    return STATUS_STREAMED


# Files ---------------------------------------------------------------------------------------


class PendingOutput:
    """A temporary file beside ``target`` that becomes ``target`` on :meth:`commit`.

    :attr:`stream` is the text view of the file (UTF-8, line ends as written), :attr:`binary`
    the byte stream under it; an output is written through one of them, never both.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        fd, self.temporary = _create_temporary(target)
        self.binary: BinaryIO = open(fd, "wb")  # noqa: SIM115
        self.stream: TextIO = io.TextIOWrapper(self.binary, encoding="utf-8", newline="")

    def commit(self) -> str:
        """Put the new content in place, unless it equals the existing file's (mtime kept)."""
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        if same_content(self.temporary, self.target):
            self.temporary.unlink()
            return STATUS_UNCHANGED
        os.chmod(self.temporary, _mode_for(self.target))
        os.replace(self.temporary, self.target)
        return STATUS_WRITTEN

    def discard(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.stream.close()
        with contextlib.suppress(FileNotFoundError):
            self.temporary.unlink()


#: How the temporary file is opened: created by this call only, never through a symlink.
_CREATE_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(
    os, "O_BINARY", 0)


def _create_temporary(target: Path) -> tuple[int, Path]:
    """A new, private file beside ``target`` (``.NAME.XXXXXXXX.risx-tmp``), open for writing.

    What ``tempfile.mkstemp`` does; importing :mod:`tempfile` (and the :mod:`shutil`,
    :mod:`random` and compression modules it imports) costs a few milliseconds, at every
    ``risx convert -o FILE`` that make runs.
    """
    for _ in range(100):
        path = target.parent / f".{target.name}.{os.urandom(4).hex()}.risx-tmp"
        try:
            return os.open(path, _CREATE_NEW, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no unused temporary file name beside {target}")


def remove_leftovers(target: Path) -> None:
    """Remove the temporary files beside ``target`` that a process killed while writing it
    left behind (a worker that died: it could not remove its own)."""
    prefix, suffix = f".{target.name}.", ".risx-tmp"
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        middle = entry.name[len(prefix):-len(suffix)]
        if (entry.name.startswith(prefix) and entry.name.endswith(suffix) and len(middle) == 8
                and all(c in "0123456789abcdef" for c in middle)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def same_content(new: Path, existing: Path, chunk: int = 1 << 20) -> bool:
    """True when ``existing`` is a regular file with exactly the bytes of ``new``."""
    try:
        if not existing.is_file() or existing.stat().st_size != new.stat().st_size:
            return False
        with open(new, "rb") as a, open(existing, "rb") as b:
            while True:
                block = a.read(chunk)
                if block != b.read(chunk):
                    return False
                if not block:
                    return True
    except OSError:
        return False


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; new files get the usual umask-based mode."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def is_directory_target(output: str) -> bool:
    """Whether ``-o output`` asks for one output per input: a path ending in ``/``, or an
    existing directory."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()
