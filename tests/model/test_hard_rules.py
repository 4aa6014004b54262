"""One tiny hand-built round per rule, solved by the real solver and re-checked by the checker.

Each test says in a comment why the expected placement is the only right one.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from matcher.errors import InfeasibleError
from matcher.problem import (
    Cefr,
    Company,
    FollowUp,
    Phase,
    Place,
    Preference,
    Programme,
    Rota,
    Supervisor,
    TravelTime,
    Trial,
)
from tests.rounds import MONDAY, TRADE, make, person, reason, run, where


def test_one_placement_even_with_two_programmes() -> None:
    # Two programmes of the same trade and free places everywhere: still one placement.
    second = Programme("G2", TRADE, MONDAY, school_days=frozenset({3, 4}))
    p = make([person("A", programmes=("G", "G2"))], places=2, max_trainees=2)
    p = replace(p, programmes=(*p.programmes, second),
                phases=(*p.phases, Phase("G2", 1, 3, 2)))
    result = run(p)
    assert result.placed == 1
    # the first choice programme scores higher
    assert result.solution.placements[0].programme_id == "G"


def test_supervisor_capacity() -> None:
    # One company with 3 places but its only supervisor takes one trainee.
    result = run(make([person("A"), person("B")], companies=1, places=3, max_trainees=1))
    assert result.placed == 1 and result.upper_bound == 1


def test_company_places() -> None:
    # Two supervisors with room, but the company offers a single place.
    sups = (Supervisor("S1", "C1", TRADE, "OFFICE"), Supervisor("S2", "C1", TRADE, "OFFICE"))
    result = run(make([person("A"), person("B")], companies=1, places=1, supervisors=sups))
    assert result.placed == 1
    assert reason(result, "B" if "A" in where(result) else "A") == "capacity"


def test_supervisor_must_train_the_trade() -> None:
    # The only supervisor trains cooks: no Helsefagarbeider placement is possible, and the
    # reason is the missing supervisor (the company does offer Helsefagarbeider places).
    sups = (Supervisor("S1", "C1", "Kokk", "OFFICE"),)
    result = run(make([person("A")], companies=1, supervisors=sups))
    assert result.placed == 0 and reason(result, "A") == "no_supervisor"


def test_follow_up_cap_spreads_high_needs() -> None:
    # Both need high follow-up; company 1 takes at most one, so one goes to company 2.
    p = make([person("A", follow_up_need=FollowUp.HIGH), person("B", follow_up_need=FollowUp.HIGH)],
             places=2, max_trainees=2)
    p = replace(p, companies=(replace(p.companies[0], max_high_follow_up=1),
                              replace(p.companies[1], max_high_follow_up=0)))
    result = run(p)
    assert result.placed == 1
    assert set(where(result).values()) == {"C1"}


def test_company_language_minimum() -> None:
    # Both companies ask for B1; an A2 participant cannot go.
    p = make([person("A", norwegian_level=Cefr.A2)])
    p = replace(p, companies=tuple(replace(c, min_norwegian_level=Cefr.B1) for c in p.companies))
    result = run(p)
    assert result.placed == 0 and reason(result, "A") == "company_level"
    assert "accepts level A2" in result.unplaced[0].explanation


def test_programme_language_minimum() -> None:
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}),
                     min_norwegian_level=Cefr.B2)
    result = run(make([person("A")], programme=prog))
    assert result.placed == 0 and reason(result, "A") == "programme_level"


def test_travel_limit_and_unknown_travel() -> None:
    # A lives in Stryn, 45 min from Førde: beyond a 30-minute limit. B's area is blank: unknown
    # travel does not block.
    p = make([person("A", area="Stryn", max_travel_minutes=30),
              person("B", area=None, max_travel_minutes=30)], places=2, max_trainees=2,
             travel=(TravelTime("Stryn", "Førde", 45),))
    result = run(p)
    assert "B" in where(result) and "A" not in where(result)
    assert reason(result, "A") == "travel"
    assert "within 30 minutes" in result.unplaced[0].explanation


def test_rejected_trial_and_excluded_pair() -> None:
    # A was rejected at C1 and excluded from C2: nowhere to go.
    p = make([person("A")], trials=(Trial("A", "C1", "rejected"),),
             preferences=(Preference("A", "C2", excluded=True),))
    result = run(p)
    assert result.placed == 0 and reason(result, "A") == "excluded"


def test_approved_trial_is_preferred() -> None:
    # Everything else equal, the company that approved A's trial wins.
    result = run(make([person("A")], trials=(Trial("A", "C2", "approved"),)))
    assert where(result) == {"A": "C2"}


def test_lock_is_honoured_over_quality() -> None:
    # A's trial was approved at C2, but the coordinator locked A to C1.
    result = run(make([person("A", locked_company="C1")], trials=(Trial("A", "C2", "approved"),)))
    assert where(result) == {"A": "C1"}


def test_locked_supervisor() -> None:
    sups = (Supervisor("S1", "C1", TRADE, "OFFICE"), Supervisor("S2", "C1", TRADE, "OFFICE"))
    result = run(make([person("A", locked_supervisor="S2")], companies=1, places=2,
                      supervisors=sups))
    assert result.solution.placements[0].supervisor_id == "S2"


def test_conflicting_locks_are_named() -> None:
    # Two participants locked to one supervisor who takes one trainee: exit 3, both named.
    with pytest.raises(InfeasibleError) as err:
        run(make([person("A", locked_supervisor="S1"), person("B", locked_supervisor="S1")]))
    assert "A" in str(err.value) and "B" in str(err.value)


def test_lock_that_cannot_hold() -> None:
    # Locked to a company whose level minimum the participant does not meet.
    p = make([person("A", norwegian_level=Cefr.A1, locked_company="C1")])
    p = replace(p, companies=(replace(p.companies[0], min_norwegian_level=Cefr.B1),
                              p.companies[1]))
    with pytest.raises(InfeasibleError, match="locked to C1"):
        run(p)


def test_min_class_size_keeps_a_small_class_closed() -> None:
    # Only two candidates for a class that needs three: the class does not run.
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), min_class_size=3)
    result = run(make([person("A"), person("B")], programme=prog, places=2, max_trainees=2))
    assert result.placed == 0
    assert reason(result, "A") == "class_not_run"
    # the class can never reach three, so even the bound knows nobody can be placed
    assert result.upper_bound == 0 and result.status == "OPTIMAL"


def test_class_minimum_within_reach_uses_the_search() -> None:
    # Three candidates, min class 3, but A and B prefer... all three fit, so all are placed even
    # though the flow alone might not care about the minimum.
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), min_class_size=3)
    result = run(make([person("A"), person("B"), person("C")], programme=prog, places=2,
                      max_trainees=2))
    assert result.placed == 3 and result.upper_bound == 3


def test_max_class_size() -> None:
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), max_class_size=1)
    result = run(make([person("A", priority=2), person("B", priority=4)], programme=prog,
                      places=2, max_trainees=2))
    # one seat in the class: the higher priority takes it
    assert where(result).keys() == {"B"}
    assert reason(result, "A") == "class_full"


def test_rights_minimum_when_class_runs() -> None:
    # One place; the class needs one participant with adult rights, so B (priority 1, rights)
    # is placed over A (priority 5, no rights).
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), min_with_rights=1)
    result = run(make([person("A", priority=5), person("B", priority=1, has_rights=True)],
                      programme=prog, companies=1))
    assert where(result) == {"B": "C1"}


def test_chosen_school_days_follow_the_rota() -> None:
    # The supervisor works Mon–Tue only; the tool must put the two school days elsewhere.
    rota = Rota("MT", (("D", "D", None, None, None, None, None),))
    prog = Programme("G", TRADE, MONDAY, school_days_to_choose=2)
    result = run(make([person("A")], programme=prog, rotas=(rota,), companies=1))
    assert result.placed == 1
    school = result.solution.school_days["G"]
    assert not school & {0, 1}
    assert result.solution.placements[0].company_days == ((0, 1),) * 3


def test_fixed_school_days_against_the_rota() -> None:
    # School Mon–Tue and the supervisor works only Mon–Tue: no company day with supervisor.
    rota = Rota("MT", (("D", "D", None, None, None, None, None),))
    result = run(make([person("A")], rotas=(rota,), companies=1))
    assert result.placed == 0 and reason(result, "A") == "rota"
    assert "beside school on Mon,Tue" in result.unplaced[0].explanation


def test_min_days_with_supervisor_and_allowed_shifts() -> None:
    # Two-week care rota: week 1 D on Wed/Thu, week 2 N on Wed/Thu and D on Fri. A may not work
    # nights. With min 1 day with the supervisor, A fits (Fri in week 2); with 2 it does not.
    rota = Rota("CARE", (("D", "D", "D", "D", None, None, None),
                         (None, None, "N", "N", "D", None, None)))
    ok = make([person("A", allowed_shifts=frozenset({"D", "E"}))], rotas=(rota,), companies=1,
              phases=(Phase("G", 1, 2, 2, min_days_with_supervisor=1),))
    result = run(ok)
    assert result.placed == 1
    strict = replace(ok, phases=(Phase("G", 1, 2, 2),))
    result = run(strict)
    # the participant's own limit (no nights) is what binds: named as such
    assert result.placed == 0 and reason(result, "A") == "allowed_shifts"


def test_unavailable_days_and_practice_days() -> None:
    # The company takes trainees Wed–Thu only and A cannot come on Thursdays: one free day,
    # two needed.
    p = make([person("A", unavailable_days=frozenset({3}))], companies=1)
    p = replace(p, companies=(replace(p.companies[0], practice_days=frozenset({2, 3})),))
    result = run(p)
    # without A's own unavailable Thursday the company's two days would do: named as such
    assert result.placed == 0 and reason(result, "A") == "unavailable_days"


def test_phase_without_school_uses_school_days() -> None:
    # A summer job phase (no school, 5 company days) fits an office rota.
    phases = (Phase("G", 1, 2, 2), Phase("G", 3, 4, 5, at_school=False, label="Sommerjobb"))
    result = run(make([person("A")], phases=phases, companies=1))
    days = result.solution.placements[0].company_days
    assert days == ((2, 3), (2, 3), (0, 1, 2, 3, 4), (0, 1, 2, 3, 4))


def test_priority_order() -> None:
    # One place, three candidates: the priority-5 candidate gets it.
    result = run(make([person("A", priority=3), person("B", priority=5), person("C", priority=1)],
                      companies=1))
    assert where(result) == {"B": "C1"} and result.priority_profile == (1, 0, 0, 0, 0)
    assert "higher-priority" in next(u.explanation for u in result.unplaced)


def test_more_placed_beats_priority() -> None:
    # B (priority 5) can go to C1 or C2, A (priority 1) only to C1. Placing both beats placing
    # B at C1 alone: goal 1 before goal 2.
    p = make([person("A", priority=1), person("B", priority=5)],
             preferences=(Preference("A", "C2", excluded=True),))
    result = run(p)
    assert where(result) == {"A": "C1", "B": "C2"}


def test_keeps_current_company() -> None:
    result = run(make([person("A", current_company="C2")]))
    assert where(result) == {"A": "C2"}


def test_rerun_gives_same_placements() -> None:
    p = make([person(f"P{i}", priority=1 + i % 5) for i in range(6)], places=2, max_trainees=2)
    assert run(p).solution == run(p).solution


def test_locked_participant_keeps_a_short_class_open() -> None:
    # A is locked into G, which needs 3. B and C prefer G2 (their first choice), where the flow
    # alone would put them; the class rule and the lock force both into G with A.
    g2 = Programme("G2", "Kokk", MONDAY, school_days=frozenset({0, 1}))
    prog = Programme("G", TRADE, MONDAY, school_days=frozenset({0, 1}), min_class_size=3)
    p = make([person("A", locked_company="C1"), person("B", programmes=("G2", "G")),
              person("C", programmes=("G2", "G"))], programme=prog, companies=1, places=3,
             max_trainees=3)
    p = replace(p, programmes=(*p.programmes, g2), phases=(*p.phases, Phase("G2", 1, 3, 2)),
                companies=(*p.companies, Company("K1", "Kantine", area="Førde")),
                places=(*p.places, Place("K1", "Kokk", 2)),
                supervisors=(*p.supervisors, Supervisor("SK", "K1", "Kokk", "OFFICE",
                                                        max_trainees=2)))
    result = run(p)
    assert {pl.programme_id for pl in result.solution.placements} == {"G"}
    assert result.placed == 3 and result.status == "OPTIMAL"


def test_ranks_steer_the_match() -> None:
    # A ranks C2 first; C1 ranks B first: each goes where the ranks point.
    p = make([person("A"), person("B")],
             preferences=(Preference("A", "C2", participant_rank=1),
                          Preference("B", "C1", company_rank=1)))
    assert where(run(p)) == {"A": "C2", "B": "C1"}
