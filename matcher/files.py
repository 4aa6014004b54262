"""Safe file handling: outputs appear whole or not at all, inputs are never touched."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from matcher.errors import MatcherError


class OutputPathError(MatcherError):
    """The output path cannot be used (it is the input, or its folder does not exist)."""

    exit_status = 2


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (inputs can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_output_path(output: Path, *inputs: Path) -> None:
    """Refuse an output that would overwrite an input, or that has no folder to go in."""
    out = output.resolve()
    for inp in inputs:
        if inp.exists() and out == inp.resolve():
            raise OutputPathError(f"the output file must not be the input file: {output.name}")
    if not out.parent.is_dir():
        raise OutputPathError(f"the output folder does not exist: {output.parent}")


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it is renamed onto ``target``.

    A killed or failing run leaves either the old file or nothing: never half a workbook.
    A run killed by SIGKILL cannot clean up, so a hidden ``.<stem>.*.tmp.xlsx`` file may stay
    beside the target; it is never the target itself and is safe to delete.
    """
    target = Path(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp.xlsx",
                                    dir=target.resolve().parent)
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp makes the file owner-only (0600); a finished output should carry the same
    # permissions as any other file the user saves, so it follows the umask.
    os.chmod(tmp, 0o666 & ~_current_umask())
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _current_umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp_path)`` and move the finished file onto ``target``."""
    with atomic_path(target) as tmp:
        write(tmp)
