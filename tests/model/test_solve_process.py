"""What solving leaves behind in the calling process."""

from __future__ import annotations

import gc

from matcher.model import SolveOptions
from matcher.round import solve_checked
from matcher.samples import generate


def test_solve_leaves_no_frozen_objects() -> None:
    # solve() freezes the GC while it runs; a process that solves many rounds (the fuzz run,
    # compare, a server) must get every object back, or memory grows without bound.
    before = gc.get_freeze_count()
    solve_checked(generate(participants=20, seed=2), SolveOptions(time_limit=2))
    assert gc.get_freeze_count() == before
