"""Unplaced reasons name the binding limit, in both languages, with right plurals: the
participant's own limits, a missing supervisor, rights minimums, every programme of a
multi-programme candidate, and long week lists summarised."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from matcher.explain import explain_participant, lock_issues, week_ranges
from matcher.i18n import messages
from matcher.model import SolveOptions
from matcher.problem import (
    Cefr,
    Company,
    Participant,
    Phase,
    Place,
    Preference,
    Problem,
    Programme,
    Rota,
    Settings,
    Supervisor,
    TravelTime,
)
from matcher.result import Unplaced
from matcher.round import solve_checked
from matcher.rules import Reason
from tests import rounds

START = dt.date(2026, 8, 17)  # a Monday
TRADE = "Helsefagarbeider"


def _round(*people: Participant, language: str = "en", **programme: int) -> Problem:
    """One programme (school Mon+Tue, 3 company days for 4 weeks), a company in Sandane with
    two places and a supervisor working every day, and a company in Eid (90 minutes away)
    with places but no supervisor."""
    return Problem(
        programmes=(Programme("P1", TRADE, START, school_days=frozenset({0, 1}),
                              **programme),  # type: ignore[arg-type]
                    Programme("P2", "Kokk", START, school_days=frozenset({0, 1}),
                              min_norwegian_level=Cefr.C1)),
        phases=(Phase("P1", 1, 4, company_days=3), Phase("P2", 1, 4, company_days=3)),
        participants=people,
        companies=(Company("C1", "Sandane sjukeheim", area="Sandane"),
                   Company("C2", "Eid helsetun", area="Eid"),
                   Company("C3", "Eid kro", area="Eid")),
        places=(Place("C1", TRADE, 2), Place("C2", TRADE, 2), Place("C3", "Kokk", 1)),
        supervisors=(Supervisor("S1", "C1", TRADE, "R1", max_trainees=2),
                     Supervisor("S3", "C3", "Kokk", "R1")),
        rotas=(Rota("R1", (("D",) * 7,)),),
        travel=(TravelTime("sandane", "eid", 90),),
        settings=Settings(time_limit_seconds=5, workers=1, language=language),
    )


def _unplaced(problem: Problem) -> dict[str, Unplaced]:
    solved, _ = solve_checked(problem, SolveOptions(workers=1, time_limit=5))
    return {u.participant_id: u for u in solved.result.unplaced}


def test_the_participants_own_unavailable_days_are_named() -> None:
    busy = Participant("A", ("P1",), Cefr.B1, area="Sandane",
                       unavailable_days=frozenset({2, 3}))
    why = _unplaced(_round(busy))["A"]
    assert why.reason == "unavailable_days"
    assert why.explanation.startswith("the participant's own unavailable days (Wed,Thu)")
    nb = _unplaced(_round(busy, language="nb"))["A"]
    assert nb.explanation.startswith("deltakerens egne utilgjengelige dager (ons,tor)")


def test_a_company_in_reach_without_a_supervisor_is_named() -> None:
    near_eid = Participant("A", ("P1",), Cefr.B1, area="Eid", max_travel_minutes=60)
    why = _unplaced(_round(near_eid))["A"]
    assert why.reason == "no_supervisor"
    assert why.explanation == ("1 company in reach offers Helsefagarbeider places but has no "
                               "supervisor for the trade (Eid helsetun)")


def test_a_class_closed_by_its_rights_minimum_is_explained_as_such() -> None:
    people = [Participant(f"A{k}", ("P1",), Cefr.B1, area="Sandane") for k in range(2)]
    found = _unplaced(_round(*people, min_with_rights=1))
    assert {u.reason for u in found.values()} == {"class_rights"}
    assert found["A0"].explanation == (
        "programme P1 did not run: it needs 1 participant with adult rights (voksenrett) and "
        "too few of its candidates fit")


def test_every_programme_of_a_multi_programme_candidate_is_explained() -> None:
    far = Participant("A", ("P2", "P1"), Cefr.B1, area="Eid", max_travel_minutes=30)
    why = _unplaced(_round(far))["A"]
    assert why.reason == "no_supervisor"
    assert why.explanation == ("P2: level B1 is below the C1 minimum of programme P2; P1: 1 "
                               "company in reach offers Helsefagarbeider places but has no "
                               "supervisor for the trade (Eid helsetun)")


def test_plurals_in_both_languages() -> None:
    people = [Participant(f"A{k}", ("P1",), Cefr.B1, area="Sandane", priority=5 - k)
              for k in range(2)]
    full = _unplaced(_round(*people, max_class_size=1))
    assert full["A1"].explanation == "programme P1 is full (1 place)"
    nb = _unplaced(_round(*people, max_class_size=1, language="nb"))
    assert nb["A1"].explanation == "kull P1 er fullt (1 plass)"
    en, no = messages("en"), messages("nb")
    assert en.plural("{n} company day", "{n} company days", 1) == "1 company day"
    assert no.plural("{n} company day", "{n} company days", 2) == "2 bedriftsdager"


def test_long_week_lists_are_summarised_as_ranges() -> None:
    assert week_ranges((14, 15, 16, 20)) == "weeks 14–16, 20"
    assert week_ranges((2, 5, 8, 11)) == "every 3rd week from 2 to 11"
    weeks = (*range(3, 43, 3), *range(54, 97, 3))
    assert week_ranges(weeks) == "29 weeks from 3 to 96 (weeks 3, 6, 9, …)"
    assert week_ranges(weeks, messages("nb")) == "29 uker fra 3 til 96 (uke 3, 6, 9, …)"
    assert week_ranges((7,)) == "week 7"


def test_the_problem_language_is_settings_then_input() -> None:
    problem = _round(Participant("A", ("P1",), Cefr.B1), language="nb")
    assert problem.language == "nb"
    unset = replace(problem, settings=replace(problem.settings, language=None),
                    input_language="nb")
    assert unset.language == "nb"


def _lock(**fields: object) -> Participant:
    return Participant("L", ("P1",), Cefr.B1, **{"area": "Sandane", **fields})  # type: ignore[arg-type]


def test_locks_that_cannot_hold_are_found_before_solving_with_their_reason() -> None:
    cases = {
        "no_supervisor": (_lock(locked_company="C2"), {}, "no supervisor there trains"),
        "no_places": (_lock(locked_company="C3"), {}, "C3 offers no Helsefagarbeider places"),
        "programme_level": (Participant("L", ("P1",), Cefr.A1, locked_company="C1"),
                            {"min_norwegian_level": Cefr.B1}, "level A1 is below"),
        "travel": (_lock(locked_company="C1", area="Eid", max_travel_minutes=30), {},
                   "further than the participant's 30 minutes"),
        "unavailable_days": (_lock(locked_company="C1", unavailable_days=frozenset({2, 3, 4})),
                             {}, "own unavailable days (Wed,Thu,Fri)"),
    }
    for code, (person, programme, words) in cases.items():
        problem = _round(person, **programme)  # type: ignore[arg-type]
        issues = lock_issues(problem)
        assert len(issues) == 1, code
        assert issues[0].sheet == "Participants" and issues[0].column == "locked_company"
        assert issues[0].message.startswith("the lock to "), issues[0].message
        assert words in issues[0].message, (code, issues[0].message)
    assert lock_issues(_round(_lock(locked_company="C1"))) == []


def test_an_excluded_locked_pair_and_a_locked_supervisor() -> None:
    problem = _round(_lock(locked_supervisor="S1"))
    assert lock_issues(problem) == []
    excluded = replace(problem, preferences=(Preference("L", "C1", excluded=True),))
    issues = lock_issues(excluded)
    assert [i.column for i in issues] == ["locked_supervisor"]
    assert "excluded in Preferences" in issues[0].message


# --- one binding limit per round, with the real solver and the checker --------------

def _class(**minimums: int) -> Programme:
    return Programme("G", TRADE, rounds.MONDAY, school_days=frozenset({0, 1}), **minimums)


def test_the_first_pair_rule_that_leaves_nothing_is_the_reason() -> None:
    # A is below the programme's minimum; B's only company wants B1 and B has A2; C lives
    # 90 minutes away with a 30-minute limit.
    r = rounds.Round()
    r.programme(min_norwegian_level=Cefr.A2)
    r.company("C1", places=3, min_norwegian_level=Cefr.B1)
    r.supervisor("S1", "C1", max_trainees=3)
    r.participant("A", norwegian_level=Cefr.A1)
    r.participant("B", norwegian_level=Cefr.A2)
    r.participant("C", area="Odda", max_travel_minutes=30)
    problem = r.problem(travel=(TravelTime("Odda", "Førde", 90),))
    expected = {"A": (Reason.PROGRAMME_LEVEL,
                      "level A1 is below the A2 minimum of programme G"),
                "B": (Reason.COMPANY_LEVEL, f"no company with {TRADE} places accepts level A2"),
                "C": (Reason.TRAVEL, f"no company within 30 minutes offers {TRADE} to level B1")}
    for i, (pid, (code, sentence)) in enumerate(expected.items()):
        why = explain_participant(problem, i)
        assert (why.participant_id, why.reason, why.explanation) == (pid, code, sentence)


def test_a_rota_that_never_fits_names_the_days_and_weeks() -> None:
    # School Mon–Tue; the only supervisor works Mon–Tue, so no company day is ever with them.
    r = rounds.Round()
    r.programme()
    r.rota("MT", ("D", "D", None, None, None, None, None))
    r.company("C1")
    r.supervisor("S1", "C1", rota="MT")
    r.participant("A")
    result = rounds.run(r.problem())
    assert rounds.reason(result, "A") is Reason.ROTA
    assert rounds.explanation(result, "A") == (
        "no supervisor's rota leaves 2 company days on the supervisor's shifts beside school "
        "on Mon,Tue in weeks 1–3 of G")


def test_places_taken_by_higher_priority_name_the_company() -> None:
    # One place; B has the higher priority and takes it.
    people = [rounds.person("A", priority=2), rounds.person("B", priority=5)]
    result = rounds.run(rounds.make(people, companies=1))
    assert rounds.reason(result, "A") is Reason.CAPACITY
    assert rounds.explanation(result, "A") == (
        f"the 1 {TRADE} place at Company 1 went to higher-priority candidates")


def test_a_full_class_is_class_full() -> None:
    # Room at the companies for three, but the class takes two.
    people = [rounds.person(p) for p in "ABC"]
    result = rounds.run(rounds.make(people, programme=_class(max_class_size=2), places=3,
                                    max_trainees=3))
    unplaced = list(result.unplaced)
    assert len(unplaced) == 1 and unplaced[0].reason is Reason.CLASS_FULL
    assert unplaced[0].explanation == "programme G is full (2 places)"


def test_enough_people_but_not_the_mix_is_the_rights_minimum() -> None:
    # Three candidates for a class of at least two, but it needs one without adult rights.
    people = [rounds.person(p, has_rights=True) for p in "ABC"]
    result = rounds.run(rounds.make(
        people, programme=_class(min_class_size=2, min_without_rights=1), places=3,
        max_trainees=3))
    assert result.placed == 0 and rounds.reason(result, "A") is Reason.CLASS_RIGHTS


def test_too_few_people_for_the_class_size_is_class_not_run() -> None:
    # Two candidates, both with rights, for a class that needs three and one with rights.
    people = [rounds.person(p, has_rights=True) for p in "AB"]
    result = rounds.run(rounds.make(people, programme=_class(min_class_size=3, min_with_rights=1),
                      places=2, max_trainees=2))
    assert result.placed == 0 and rounds.reason(result, "A") is Reason.CLASS_NOT_RUN
    assert rounds.explanation(result, "A") == (
        "programme G did not get the 3 participants it needs to run")


def test_a_class_with_only_a_rights_minimum_its_candidates_meet_is_class_rights() -> None:
    # Two candidates with rights for a class that needs two with rights, but one place: the
    # candidates meet the minimum on paper, yet the class cannot run (not a capacity reason).
    people = [rounds.person(p, has_rights=True) for p in "AB"]
    result = rounds.run(rounds.make(people, programme=_class(min_with_rights=2), companies=1))
    assert result.placed == 0 and rounds.reason(result, "A") is Reason.CLASS_RIGHTS
    assert rounds.explanation(result, "A") == (
        "programme G did not run: it needs 2 participants with adult rights (voksenrett) and "
        "too few of its candidates fit")


def test_a_participant_without_any_known_programme() -> None:
    r = rounds.Round()
    r.programme()
    r.company("C1")
    r.supervisor("S1", "C1")
    r.participant("A", programmes=("NOPE",))
    problem = r.problem()
    assert explain_participant(problem, 0).reason is Reason.NO_PROGRAMME

