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


def test_all_options_at_once_agree_with_each_option_alone() -> None:
    # Eligibility checks every school-day option of a pair in one pass; each option's verdict
    # and day counts must be what the one-option fit (the explanations use it) gives. Oslo and
    # Odda choose school days per phase, with closed dates and leave over the whole course.
    from matcher.eligibility.arcs import CalendarCache, person_calendar, place_calendar
    from matcher.samples import generate

    problem = generate(60, seed=3, profile="county")
    cache = CalendarCache(problem)
    checked = 0
    for prog in problem.programmes:
        cal = cache.programme(prog)
        sups = [j for j, s in enumerate(problem.supervisors) if s.trade == prog.trade][:3]
        for i in range(0, len(problem.participants), 7):
            person = person_calendar(problem, i)
            for j in sups:
                place = place_calendar(problem, j)
                rota = problem.rotas_by_id[place.rota_id]
                oks, with_sup, days = cal.option_fits(rota, person, place)
                for option in range(len(cal.school_options)):
                    fit = cal.fit(rota, person, place, option)
                    assert (bool(oks[option]), int(with_sup[option]), int(days[option])) == (
                        fit.ok, fit.supervisor_days, fit.company_days)
                    checked += 1
    assert checked > 500
