"""Handing freed memory back to the operating system between the phases of a large round, and
pausing the cyclic garbage collector through the passes over every timetable row.

Eligibility builds its arrays programme by programme: thousands of blocks of a few hundred
kilobytes each. glibc serves blocks of that size from its heap (its mmap threshold rises to
32 MB once a large array has been freed), and after the blocks are joined into the final
columns the heap stays fragmented: at 20,000 participants about 2.5 GB of freed memory stayed
resident. ``malloc_trim`` returns the free pages. Elsewhere (not glibc) this does nothing.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache


@cache
def _trim() -> object | None:
    """glibc's ``malloc_trim`` from the running process's own symbols, if it has one."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except OSError:
        return None


def release_freed_memory() -> None:
    """Give the heap's free pages back to the operating system (glibc only; cheap)."""
    trim = _trim()
    if trim is not None:
        trim(0)  # type: ignore[operator]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run a block with Python's cyclic garbage collector off, then restore it as it was.

    For the passes over every timetable row of a round (expansion, the independent check, the
    writer): they build hundreds of thousands of small lists, sets and tuples that all stay
    alive until the pass ends, and each automatic collection would walk them again (about half
    the check's time on a 1,000-participant course). Reference counting still frees everything
    that is not in a cycle; cycles made in the block are collected after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def frozen_gc() -> Iterator[None]:
    """The cyclic garbage collector leaves every object alive on entry alone in the block (an
    immutable problem of 20,000 participants is rescanned at every collection otherwise);
    on exit they are collectable again, so a process that solves many rounds does not leak."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
