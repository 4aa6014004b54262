"""Safe file handling: outputs appear whole or not at all, inputs are never touched."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
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


def check_output_path(output: Path, *inputs: Path, suffix: str | None = ".xlsx",
                      force: bool = True) -> None:
    """Refuse an output that would overwrite an input, that has no folder to go in or a
    folder that cannot be written, that does not end in ``suffix``, or (unless ``force``)
    that already exists. Checked before any work, so a long run never ends unwritten."""
    out = output.resolve()
    for inp in inputs:
        if inp.exists() and out == inp.resolve():
            raise OutputPathError(f"the output file must not be the input file: {output.name}")
    if suffix is not None and output.suffix.casefold() != suffix:
        raise OutputPathError(f"the output file must end in {suffix}: {output.name} (e.g. "
                              f"{output.with_suffix(suffix).name})")
    if not out.parent.is_dir():
        raise OutputPathError(f"the output folder does not exist: {output.parent}")
    if output.exists() and not force:
        raise OutputPathError(f"{output.name} already exists and was left as it is; choose "
                              "another name, or add --force to replace it")
    if not os.access(out.parent, os.W_OK) or (output.exists() and not os.access(out, os.W_OK)):
        raise OutputPathError(cannot_write(output))


def cannot_write(output: Path) -> str:
    """What to tell a coordinator whose output cannot be written."""
    return (f"cannot write {output.name}: the file is open in another program (such as Excel) "
            "or the folder is read-only; close the file, or choose another file or folder "
            "with -o, and run again")


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it is renamed onto ``target``.

    A killed or failing run leaves either the old file or nothing: never half a workbook.
    A run killed by SIGKILL cannot clean up, so a hidden ``.<stem>.*.tmp.xlsx`` file may stay
    beside the target; it is never the target itself and is safe to delete.
    """
    target = Path(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp.xlsx",
                                        dir=target.resolve().parent)
    except PermissionError as exc:
        raise OutputPathError(cannot_write(target)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp makes the file owner-only (0600); a finished output should carry the same
    # permissions as any other file the user saves, so it follows the umask.
    os.chmod(tmp, 0o666 & ~_current_umask())
    try:
        yield tmp
        try:
            os.replace(tmp, target)
        except PermissionError as exc:  # Windows: the target is open in Excel
            raise OutputPathError(cannot_write(target)) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _current_umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
