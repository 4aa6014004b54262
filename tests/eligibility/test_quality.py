"""The preferred Norwegian level (Programmes ``preferred_norwegian_level``): a quality goal that
decides only between otherwise equal results, never at the cost of a placement or a priority."""

from __future__ import annotations

from matcher.eligibility import build_arcs
from matcher.problem import DEFAULT_WEIGHTS, Cefr
from matcher.rules import Goal
from tests.rounds import Round, run, where


def _round(preferred: Cefr | None, places: int = 1, levels: tuple[Cefr, Cefr] = (
        Cefr.A2, Cefr.B1), priority_a: int = 3) -> Round:
    """One Heffi-like class preferring ``preferred``, one company with ``places`` places and a
    supervisor for each; A and B at ``levels``, otherwise alike (same priority unless told,
    no ranks, same travel)."""
    r = Round()
    r.programme("HEF", preferred_norwegian_level=preferred)
    r.company("C1", places)
    for k in range(places):
        r.supervisor(f"S{k + 1}", "C1")
    r.participant("A", norwegian_level=levels[0], priority=priority_a)
    r.participant("B", norwegian_level=levels[1])
    return r


def test_the_preference_scores_its_weight_for_participants_at_or_above_the_level() -> None:
    problem = _round(Cefr.B1).problem()
    arcs = build_arcs(problem)
    quality = {problem.participants[int(i)].participant_id: int(q)
               for i, q in zip(arcs.participant, arcs.quality, strict=True)}
    # B (B1) meets the preferred level and scores the weight (in tenths) more than A (A2).
    assert quality["B"] - quality["A"] == 10 * DEFAULT_WEIGHTS[Goal.PREFERRED_LEVEL]


def test_the_preference_decides_between_two_otherwise_equal_candidates() -> None:
    # One place, two candidates alike but for their level: the one at the preferred B1 gets
    # it, whichever of the two that is (so the preference decides, not the input order).
    assert where(run(_round(Cefr.B1).problem())) == {"B": "C1"}
    assert where(run(_round(Cefr.B1, levels=(Cefr.B2, Cefr.A1)).problem())) == {"A": "C1"}


def test_the_preference_never_costs_a_higher_priority() -> None:
    # A (below the preferred level) has the higher priority: the single place stays A's.
    assert where(run(_round(Cefr.B1, priority_a=5).problem())) == {"A": "C1"}


def test_the_preference_never_costs_a_placement() -> None:
    # Two places: both are placed, the one below the preferred level too.
    result = run(_round(Cefr.B1, places=2).problem())
    assert set(where(result)) == {"A", "B"}
    assert result.placed == 2


def test_a_programme_without_a_preference_scores_nothing_for_the_level() -> None:
    problem = _round(None).problem()
    arcs = build_arcs(problem)
    assert len(set(arcs.quality.tolist())) == 1


def test_the_programmes_sheet_counts_the_placed_at_the_preferred_level() -> None:
    from matcher.report.tables import programmes

    problem = _round(Cefr.B1, places=2).problem()
    columns, rows = programmes(problem, run(problem))
    row = dict(zip((c.header for c in columns), rows[0], strict=True))
    assert (row["preferred_norwegian_level"], row["at_preferred_level"]) == ("B1", 1)
