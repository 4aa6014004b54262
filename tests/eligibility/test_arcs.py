"""Arc columns: narrow types without overflow, and the sort-based distinct."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from matcher.eligibility import build_arcs, eligible_candidates
from matcher.eligibility.arcs import distinct
from matcher.problem import Problem
from tests.strategies import placeable


@given(hnp.arrays(np.int64, st.integers(0, 300), elements=st.integers(-2**62, 2**62)))
def test_distinct_is_np_unique(values: np.ndarray) -> None:
    assert np.array_equal(distinct(values), np.unique(values))


@settings(max_examples=40, deadline=None)
@given(placeable(max_participants=12))
def test_narrow_columns_and_candidate_counts(problem: Problem) -> None:
    arcs = build_arcs(problem)
    assert arcs.participant.dtype == np.int32 and arcs.quality.dtype == np.int32
    # candidate counts by brute force over the arcs, as plain Python pairs
    seen = {(problem.supervisors[int(s)].company_id, problem.supervisors[int(s)].trade, int(p))
            for p, s in zip(arcs.participant.tolist(), arcs.supervisor.tolist(), strict=True)}
    expected: dict[tuple[str, str], int] = {}
    for company, trade, _ in seen:
        expected[(company, trade)] = expected.get((company, trade), 0) + 1
    assert eligible_candidates(problem, arcs) == expected
