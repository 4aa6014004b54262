"""Each hard rule, broken on its own, is reported under its own code, and only that code."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from matcher.checker import RULE_CHECKS, Violation, assert_valid, check_validity
from matcher.errors import CheckError
from matcher.problem import (
    Cefr,
    FollowUp,
    Holiday,
    Preference,
    Problem,
    Supervisor,
    TravelTime,
    Trial,
)
from matcher.result import Activity, Placement, Solution
from matcher.rules import HardRule

from .conftest import NAMES, START, Base

Case = tuple[Problem, Solution, tuple[Activity, ...] | None]


def day(week: int, weekday: int) -> dt.date:
    """The date of a weekday (0 = Mon) in a programme week."""
    return START + dt.timedelta(days=7 * (week - 1) + weekday)


def placements(base: Base, pid: str, **changes: object) -> Solution:
    """The solution with one participant's placement changed."""
    pls = tuple(replace(p, **changes) if p.participant_id == pid else p  # type: ignore[arg-type]
                for p in base.solution.placements)
    return replace(base.solution, placements=pls)


def drop_row(base: Base, pid: str, when: dt.date) -> tuple[Activity, ...]:
    return tuple(r for r in base.rows if not (r.participant_id == pid and r.date == when))


def swap_row(base: Base, pid: str, when: dt.date, **changes: object) -> tuple[Activity, ...]:
    old = base.row(pid, when)
    return tuple(r._replace(**changes) if r is old else r  # type: ignore[arg-type]
                 for r in base.rows)


def with_company(base: Base, **changes: object) -> Problem:
    return replace(base.problem, companies=(replace(base.problem.companies[0], **changes),))  # type: ignore[arg-type]


def with_programme(base: Base, **changes: object) -> Problem:
    return replace(base.problem, programmes=(replace(base.problem.programmes[0], **changes),))  # type: ignore[arg-type]


def with_phase(base: Base, **changes: object) -> Problem:
    return replace(base.problem, phases=(replace(base.problem.phases[0], **changes),))  # type: ignore[arg-type]


def with_supervisor(base: Base, **changes: object) -> Problem:
    sup = replace(base.problem.supervisors[0], **changes)  # type: ignore[arg-type]
    return replace(base.problem, supervisors=(sup, *base.problem.supervisors[1:]))


def second_supervisor(base: Base, company: str) -> Problem:
    extra = Supervisor("S2", company, "Helsefagarbeider", "R1", max_trainees=2)
    return replace(base.problem, supervisors=(*base.problem.supervisors, extra))



def across_programmes(b: Base) -> Case:
    """A in P1 and B in P2, both training health workers at C1, which has one place."""
    p1 = replace(b.problem.programmes[0], min_without_rights=0)
    p2 = replace(p1, programme_id="P2", min_with_rights=0)
    problem = replace(
        b.with_participant("B", programmes=("P2",)),
        programmes=(p1, p2),
        phases=(*b.problem.phases, replace(b.problem.phases[0], programme_id="P2")),
        places=(replace(b.problem.places[0], places=1),),
    )
    solution = replace(placements(b, "B", programme_id="P2"),
                       school_days={"P1": frozenset({0, 1}), "P2": frozenset({0, 1})})
    return problem, solution, None


def locked_supervisor_same_company(b: Base) -> Case:
    problem = second_supervisor(b, "C1")
    people = b.with_participant("A", locked_supervisor="S2").participants
    return replace(problem, participants=people), b.solution, None


def locked_supervisor_elsewhere(b: Base) -> Case:
    """Locked to S2, who works at C2: placing A at C1 (with S1) breaks the lock twice over."""
    problem = second_supervisor(b, "C2")
    people = b.with_participant("A", locked_supervisor="S2").participants
    return replace(problem, participants=people), b.solution, None


def locked_unplaced(b: Base) -> Case:
    extra = replace(b.problem.participants[0], participant_id="C", locked_company="C1")
    problem = replace(b.problem, participants=(*b.problem.participants, extra))
    return problem, b.solution, None


def beyond_horizon(b: Base) -> Case:
    """horizon_weeks = 1: week 2 is not planned, so its rows are out of place."""
    problem = replace(b.problem, settings=replace(b.problem.settings, horizon_weeks=1))
    solution = replace(b.solution, placements=tuple(
        replace(p, company_days=p.company_days[:1]) for p in b.solution.placements))
    return problem, solution, b.rows


def shifted_anchor(b: Base, days: int) -> Problem:
    anchor = START + dt.timedelta(days=days)
    return replace(b.problem, settings=replace(b.problem.settings, rota_anchor_date=anchor))


#: (rule expected, case id, how to break the valid base)
BREAKS: list[tuple[str, str, Callable[[Base], Case]]] = [
    ("one_placement", "placed twice",
     lambda b: (b.problem, replace(b.solution, placements=(*b.solution.placements,
                                                           b.solution.placements[0])), b.rows)),
    ("one_placement", "unknown participant",
     lambda b: (b.problem, replace(b.solution, placements=(
         *b.solution.placements, replace(b.solution.placements[0], participant_id="Z"))),
         b.rows)),
    ("programme_choice", "programme not in list",
     lambda b: (b.with_participant("A", programmes=("P9",)), b.solution, None)),
    ("supervisor_company", "supervisor at another company",
     lambda b: (second_supervisor(b, "C2"), placements(b, "A", supervisor_id="S2"), None)),
    ("supervisor_trade", "supervisor of another trade",
     lambda b: (with_supervisor(b, occupation="Kokk"), b.solution, None)),
    ("supervisor_capacity", "max_trainees",
     lambda b: (with_supervisor(b, max_trainees=1), b.solution, None)),
    ("company_places", "too few places",
     lambda b: (replace(b.problem, places=(replace(b.problem.places[0], places=1),)),
                b.solution, None)),
    ("company_places", "no places row for the occupation",
     lambda b: (replace(b.problem, places=(replace(b.problem.places[0], occupation="Kokk"),)),
                b.solution, None)),
    ("company_places", "places counted across programmes", across_programmes),
    ("follow_up_cap", "high follow-up cap",
     lambda b: (replace(b.with_participant("A", follow_up_need=FollowUp.HIGH),
                        companies=(replace(b.problem.companies[0], max_high_follow_up=0),)),
                b.solution, None)),
    ("language_level", "company minimum",
     lambda b: (with_company(b, min_norwegian_level=Cefr.B2), b.solution, None)),
    ("language_level", "programme minimum",
     lambda b: (b.with_participant("B", norwegian_level=Cefr.A1), b.solution, None)),
    ("travel_limit", "participant to company",
     lambda b: (b.with_participant("A", max_travel_minutes=20), b.solution, None)),
    ("travel_limit", "symmetric row",
     lambda b: (replace(b.with_participant("A", max_travel_minutes=20),
                        travel=(TravelTime("bærum", "oslo", 30),)), b.solution, None)),
    ("travel_limit", "both directions: participant to company counts",
     lambda b: (replace(b.with_participant("A", max_travel_minutes=20),
                        travel=(TravelTime("oslo", "bærum", 60), TravelTime("bærum", "oslo", 10))),
                b.solution, None)),
    ("travel_limit", "an area to itself overrides 0",
     lambda b: (replace(b.with_participant("A", area="Bærum", max_travel_minutes=20),
                        travel=(TravelTime("bærum", "bærum", 25),)), b.solution, None)),
    ("rejected_trial", "rejected trial",
     lambda b: (replace(b.problem, trials=(Trial("A", "C1", "rejected"),)), b.solution, None)),
    ("excluded_pair", "excluded pair",
     lambda b: (replace(b.problem, preferences=(Preference("B", "C1", excluded=True),)),
                b.solution, None)),
    ("locked", "locked company",
     lambda b: (b.with_participant("A", locked_company="C2"), b.solution, None)),
    ("locked", "locked supervisor", locked_supervisor_same_company),
    ("locked", "locked supervisor implies its company", locked_supervisor_elsewhere),
    ("locked", "locked but unplaced", locked_unplaced),
    ("class_size", "below minimum",
     lambda b: (with_programme(b, min_class_size=3), b.solution, None)),
    ("class_size", "above maximum",
     lambda b: (with_programme(b, max_class_size=1), b.solution, None)),
    ("rights_minimum", "with rights",
     lambda b: (with_programme(b, min_with_rights=2), b.solution, None)),
    ("rights_minimum", "without rights",
     lambda b: (b.with_participant("B", has_rights=True), b.solution, None)),
    ("school_days", "not the fixed days",
     lambda b: (with_programme(b, school_days=frozenset({0, 4})), b.solution, None)),
    ("school_days", "wrong number chosen",
     lambda b: (with_programme(b, school_days=None, school_days_to_choose=1), b.solution, None)),
    ("school_days", "chosen day outside Mon-Fri", lambda b: (
        with_programme(b, school_days=None, school_days_to_choose=2),
        replace(b.solution, school_days={"P1": frozenset({0, 5})}), None)),
    ("school_days", "missing for a placed programme",
     lambda b: (b.problem, replace(b.solution, school_days={}), None)),
    ("school_days", "given for a phase without its own", lambda b: (
        b.problem, replace(b.solution, phase_school_days={("P1", 1): frozenset({0, 1})}), None)),
    ("school_days", "a phase's fixed days differ", lambda b: (
        with_phase(b, school_days=frozenset({0, 1, 2}), company_days=2),
        replace(b.solution, phase_school_days={("P1", 1): frozenset({0, 1})}), b.rows)),
    ("apprenticeship_company", "apprentice at a company not approved", lambda b: (
        replace(with_phase(b, apprenticeship=True),
                companies=(replace(b.problem.companies[0], approved_training_company=False),)),
        b.solution, None)),
    ("school_days", "given for an unknown programme",
     lambda b: (b.problem, replace(b.solution, school_days={**b.solution.school_days,
                                                            "P9": frozenset({0})}), None)),
    ("timetable_school", "school row missing",
     lambda b: (b.problem, b.solution, drop_row(b, "A", day(1, 1)))),
    ("timetable_school", "school row on a free day",
     lambda b: (b.problem, b.solution, (*b.rows, Activity("B", day(2, 5), 2, "school")))),
    ("timetable_school", "school in a week without school",
     lambda b: (with_phase(b, at_school=False), b.solution, b.rows)),
    ("timetable_school", "school on a date closed for school", lambda b: (
        replace(b.problem, holidays=(Holiday(day(1, 0), closed="school"),)), b.solution, b.rows)),
    ("timetable_school", "school while away", lambda b: (
        b.with_participant("A", away_from=day(2, 1), away_to=day(2, 1)), b.solution, b.rows)),
    ("timetable_company_days", "company day on a date closed for all", lambda b: (
        replace(b.problem, holidays=(Holiday(day(2, 2), day(2, 2)),)),
        b.solution, None)),
    ("timetable_school", "school row with a company",
     lambda b: (b.problem, b.solution, swap_row(b, "A", day(1, 0), company_id="C1"))),
    ("timetable_company_days", "too many company days",
     lambda b: (b.problem, placements(b, "A", company_days=((2, 3, 4), (2, 4))), None)),
    ("timetable_company_days", "company row missing",
     lambda b: (b.problem, b.solution, drop_row(b, "A", day(1, 3)))),
    ("timetable_company_days", "unavailable day",
     lambda b: (b.with_participant("A", unavailable_days=frozenset({3})), b.solution, None)),
    ("timetable_company_days", "not a practice day",
     lambda b: (with_company(b, practice_days=frozenset({0, 1, 2, 3})), b.solution, None)),
    ("timetable_company_days", "row at another company",
     lambda b: (b.problem, b.solution, swap_row(b, "A", day(1, 3), company_id="C2"))),
    ("timetable_company_days", "rows disagree with the placement",
     lambda b: (b.problem, b.solution, swap_row(b, "A", day(1, 3), date=day(1, 4)))),
    ("timetable_company_days", "company_days for the wrong number of weeks",
     lambda b: (b.problem, placements(b, "A", company_days=((2, 3),)), b.rows)),
    ("timetable_supervisor", "too few days with the supervisor",
     lambda b: (with_phase(b, min_days_with_supervisor=2), b.solution, None)),
    ("timetable_supervisor", "shift not allowed",
     lambda b: (b.with_participant("A", allowed_shifts=frozenset({"N"})), b.solution, None)),
    ("timetable_supervisor", "marked with supervisor on the supervisor's day off",
     lambda b: (b.problem, b.solution,
                swap_row(b, "A", day(1, 3), with_supervisor=True, shift="D"))),
    ("timetable_supervisor", "marked shift differs from rota",
     lambda b: (b.problem, b.solution, swap_row(b, "B", day(1, 4), shift="E"))),
    ("timetable_supervisor", "marked shift the participant may not work",
     lambda b: (b.problem, b.solution,
                swap_row(b, "B", day(2, 3), with_supervisor=True, shift="E"))),
    ("timetable_supervisor", "rows name another supervisor",
     lambda b: (b.problem, b.solution, swap_row(b, "B", day(2, 3), supervisor_id="S9"))),
    ("timetable_supervisor", "rota start week shifts the rota",
     lambda b: (with_supervisor(b, rota_start_week=2), b.solution, b.rows)),
    ("timetable_supervisor", "anchor date shifts the rota",
     lambda b: (shifted_anchor(b, -7), b.solution, b.rows)),
    ("timetable_one_activity", "two rows on a date",
     lambda b: (b.problem, b.solution, (*b.rows, b.row("A", day(1, 0))))),
    ("timetable_one_activity", "unknown activity",
     lambda b: (b.problem, b.solution, (*b.rows, Activity("A", day(1, 6), 1, "holiday")))),
    ("timetable_planned_weeks", "row after the last planned week",
     lambda b: (b.problem, b.solution, (*b.rows, Activity("A", day(3, 5), 3, "school")))),
    ("timetable_planned_weeks", "row beyond the horizon", beyond_horizon),
    ("timetable_planned_weeks", "row before the programme starts",
     lambda b: (b.problem, b.solution, (*b.rows, Activity("A", day(0, 5), 0, "school")))),
    ("timetable_planned_weeks", "row for an unplaced participant",
     lambda b: (b.problem, b.solution, (*b.rows, Activity("X", day(1, 5), 1, "school")))),
    ("timetable_planned_weeks", "wrong week number",
     lambda b: (b.problem, b.solution, swap_row(b, "A", day(2, 0), week=1))),
]

#: Variations of the base that are still valid: the checker must report nothing.
VALID: list[tuple[str, Callable[[Base], Case]]] = [
    ("base", lambda b: (b.problem, b.solution, None)),
    ("base with explicit rows", lambda b: (b.problem, b.solution, b.rows)),
    ("rows in another order", lambda b: (b.problem, b.solution, tuple(reversed(b.rows)))),
    ("nobody placed, no locks", lambda b: (b.problem, Solution((), {}), None)),
    ("travel: the other direction given too",
     lambda b: (replace(b.with_participant("A", max_travel_minutes=20),
                        travel=(TravelTime("oslo", "bærum", 10), TravelTime("bærum", "oslo", 60))),
                b.solution, None)),
    ("travel: same area without a row is 0",
     lambda b: (b.with_participant("A", area="Bærum", max_travel_minutes=0), b.solution, None)),
    ("travel: unknown time has no limit",
     lambda b: (replace(b.with_participant("A", max_travel_minutes=1), travel=()),
                b.solution, None)),
    ("school days chosen",
     lambda b: (with_programme(b, school_days=None, school_days_to_choose=2), b.solution, None)),
    ("no school in the phase", lambda b: (with_phase(b, at_school=False), b.solution, None)),
    ("no school in the phase: company on the class's school days",
     lambda b: (with_phase(b, at_school=False),
                placements(b, "A", company_days=((0, 1), (0, 2))), None)),
    ("class without upper limit",
     lambda b: (with_programme(b, max_class_size=None), b.solution, None)),
    ("approved trial and a ranked preference",
     lambda b: (replace(b.problem, trials=(Trial("A", "C1", "approved"),),
                        preferences=(Preference("B", "C1", participant_rank=1),)),
                b.solution, None)),
    ("locked where placed",
     lambda b: (b.with_participant("A", locked_company="C1", locked_supervisor="S1"),
                b.solution, None)),
    ("rota start week 2, rows expanded again",
     lambda b: (with_supervisor(b, rota_start_week=2), b.solution, None)),
    ("anchor after the start (negative k), rows expanded again",
     lambda b: (shifted_anchor(b, 7), b.solution, None)),
    ("unplaced scenario phases ignored",
     lambda b: (replace(b.problem, phases=(*b.problem.phases, replace(
         b.problem.phases[0], to_week=4, company_days=5, scenario="more"))), b.solution, None)),
]


def rules_of(violations: list[Violation]) -> set[str]:
    return {v.rule for v in violations}


@pytest.mark.parametrize(("name", "make"), VALID, ids=[v[0] for v in VALID])
def test_valid_results_report_nothing(base: Base, name: str,
                                      make: Callable[[Base], Case]) -> None:
    problem, solution, rows = make(base)
    assert check_validity(problem, solution, rows) == []
    assert_valid(problem, solution, rows)


@pytest.mark.parametrize(("rule", "name", "make"), BREAKS, ids=[f"{r}-{n}" for r, n, _ in BREAKS])
def test_each_break_reports_exactly_its_rule(base: Base, rule: str, name: str,
                                             make: Callable[[Base], Case]) -> None:
    problem, solution, rows = make(base)
    violations = check_validity(problem, solution, rows)
    assert rules_of(violations) == {rule}
    with pytest.raises(CheckError) as info:
        assert_valid(problem, solution, rows)
    assert info.value.violations == tuple(str(v) for v in violations)
    for v in violations:
        assert all(n not in v.message for n in NAMES)
        assert all(n.split()[0] not in str(v) for n in NAMES)


def test_every_hard_rule_has_a_check_and_a_breaking_case() -> None:
    assert list(RULE_CHECKS) == list(HardRule)
    assert {rule for rule, _, _ in BREAKS} == set(HardRule)


def test_company_day_on_a_school_day(base: Base) -> None:
    """A company row on a school day cannot break one rule alone: the date has two rows."""
    extra = base.row("A", day(1, 2))._replace(date=day(1, 1))
    violations = check_validity(base.problem, base.solution, (*base.rows, extra))
    assert rules_of(violations) == {"timetable_company_days", "timetable_one_activity"}
    assert any("a school day" in v.message for v in violations)


def test_violations_name_the_participant(base: Base) -> None:
    problem = base.with_participant("B", norwegian_level=Cefr.A1)
    (violation,) = check_validity(problem, base.solution)
    assert violation.participant_id == "B"
    assert "B" in violation.message and "A1" in violation.message


@pytest.mark.parametrize("placement", [
    Placement("A", "P9", "C1", "S1", ((2, 3), (2, 4))),
    Placement("A", "P1", "C9", "S1", ((2, 3), (2, 4))),
    Placement("A", "P1", "C1", "S9", ((2, 3), (2, 4))),
    Placement("A", "P1", "C1", "S1", ()),
    Placement("A", "P1", "C1", "S1", ((7, 9, 9), (2, 4), (1,))),
    Placement("Z", "P9", "C9", "S9", ()),
])
def test_malformed_placements_are_reported_not_raised(base: Base, placement: Placement) -> None:
    solution = replace(base.solution, placements=(placement, base.solution.placements[1]))
    assert check_validity(base.problem, solution)
    with pytest.raises(CheckError):
        assert_valid(base.problem, solution)


def test_school_days_that_are_no_weekdays_are_reported_not_raised(base: Base) -> None:
    solution = replace(base.solution, school_days={"P1": frozenset({0, 9})})
    rules = rules_of(check_validity(base.problem, solution, base.rows))
    assert {"school_days", "timetable_school"} <= rules


def test_broken_rota_is_reported_not_raised(base: Base) -> None:
    problem = replace(base.problem, rotas=(replace(base.problem.rotas[0], weeks=()),))
    assert rules_of(check_validity(problem, base.solution, base.rows)) == {"timetable_supervisor"}


def test_checker_is_independent_of_the_solver() -> None:
    """The checker must not share code with the model or eligibility: that is its point."""
    package = Path(__file__).parents[2] / "matcher" / "checker"
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("matcher.model", "matcher.eligibility",
                                            "ortools")), (source.name, name)
