"""Re-matching hand-built rounds: each kind of change, its reason, and the optimal moves."""

from __future__ import annotations

import datetime as dt

import pytest

from matcher.errors import InfeasibleError
from matcher.model import SolveOptions
from matcher.rematch import rematch_round
from matcher.rules import ChangeKind
from tests.rematch.rounds import PLAN_FROM, far_from, person, previous, round_of, without

OPTIONS = SolveOptions(time_limit=10, workers=1, seed=0)


def changes(outcome: object) -> dict[str, tuple[str, str]]:
    return {c.participant_id: (c.change, c.reason if c.room_for is None
                               else f"{c.reason} {c.room_for}")
            for c in outcome.changes}  # type: ignore[attr-defined]


def test_company_drop_out_moves_its_trainee_and_keeps_the_others() -> None:
    now = round_of([person("P1"), person("P2"), person("P3")], {"A": 0, "B": 2, "C": 1})
    before = previous({"P1": ("A", "SA"), "P2": ("B", "SB"), "P3": ("C", "SC")})
    outcome = rematch_round(now, before, PLAN_FROM, OPTIONS)
    found = changes(outcome)
    assert found["P1"] == (ChangeKind.MOVED,
                           "the places at company A for Helsefagarbeider were withdrawn")
    assert found["P2"][0] == ChangeKind.KEPT and found["P3"][0] == ChangeKind.KEPT
    assert outcome.counts["moved"] == 1 and outcome.counts["kept"] == 2
    assert outcome.result.status == "OPTIMAL"


def test_supervisor_leaving_gives_a_new_supervisor_at_the_same_company() -> None:
    now = round_of([person("P1"), person("P2")], {"A": 2},
                   supervisors={"S2": ("A", 1), "S3": ("A", 1)})
    before = previous({"P1": ("A", "S1"), "P2": ("A", "S2")})
    found = changes(rematch_round(now, before, PLAN_FROM, OPTIONS))
    assert found["P1"] == (ChangeKind.NEW_SUPERVISOR, "supervisor S1 is gone")
    assert found["P2"][0] == ChangeKind.KEPT


def test_withdrawal_is_left_and_frees_the_place_for_a_newcomer() -> None:
    now = round_of([person("P1"), person("N1")], {"A": 2})
    before = previous({"P1": ("A", "SA"), "P2": ("A", "SA")})
    outcome = rematch_round(now, before, PLAN_FROM, OPTIONS)
    found = changes(outcome)
    assert found["P2"] == (ChangeKind.LEFT, "")
    assert found["N1"][0] == ChangeKind.NEW and found["P1"][0] == ChangeKind.KEPT
    assert dict(outcome.counts) == {"kept": 1, "new_supervisor": 0, "moved": 0, "dropped": 0,
                                    "left": 1, "new": 1}


def test_a_priority_5_newcomer_does_not_push_out_a_current_trainee() -> None:
    now = round_of([person("P1", priority=1), person("N1", priority=5)], {"A": 1})
    outcome = rematch_round(now, previous({"P1": ("A", "SA")}), PLAN_FROM, OPTIONS)
    found = changes(outcome)
    assert found["P1"][0] == ChangeKind.KEPT and "N1" not in found


def test_fewest_moves_is_exact_and_names_whom_room_was_made_for() -> None:
    # A closes; P1 fits only B (travel), B's one place is P2's, P2 also fits C: 2 moves, 0 dropped
    people = [person("P1", area="x", max_travel_minutes=10), person("P2"), person("P3")]
    now = round_of(people, {"A": 0, "B": 1, "C": 1, "D": 1})
    now = far_from(now, "AB")
    before = previous({"P1": ("A", "SA"), "P2": ("B", "SB"), "P3": ("D", "SD")})
    outcome = rematch_round(now, before, PLAN_FROM, OPTIONS)
    found = changes(outcome)
    assert outcome.rematched.goals.moved == 2 and outcome.rematched.goals.dropped == 0
    assert found["P2"] == (ChangeKind.MOVED, "moved to make room for P1")
    assert found["P3"][0] == ChangeKind.KEPT


def test_dropped_when_nowhere_is_left_and_the_trade_offs_show_no_gain() -> None:
    now = round_of([person("P1"), person("P2")], {"A": 0, "B": 1})
    outcome = rematch_round(now, previous({"P1": ("A", "SA"), "P2": ("B", "SB")}), PLAN_FROM,
                            OPTIONS)
    assert changes(outcome)["P1"][0] == ChangeKind.DROPPED
    assert [t.placed for t in outcome.rematched.trade_offs] == [1] * 6


def test_allow_moves_places_more_and_trade_offs_count_them() -> None:
    # N1 fits only B (travel); B is P1's, who also fits C. No move: N1 unplaced; one move: both.
    people = [person("P1"), person("N1", area="x", max_travel_minutes=10)]
    now = round_of(people, {"B": 1, "C": 1})
    now = far_from(now, "B")
    before = previous({"P1": ("B", "SB")})
    plain = rematch_round(now, before, PLAN_FROM, OPTIONS)
    assert plain.rematched.goals.placed == 1
    assert [t.placed for t in plain.rematched.trade_offs][:2] == [1, 2]
    moved = rematch_round(now, before, PLAN_FROM, OPTIONS, allow_moves=1)
    found = changes(moved)
    assert found["P1"] == (ChangeKind.MOVED, "moved to make room for N1")
    assert found["N1"][0] == ChangeKind.NEW


def test_only_weeks_from_the_plan_date_are_planned() -> None:
    now = round_of([person("P1"), person("P2")], {"A": 2})
    outcome = rematch_round(now, previous({"P1": ("A", "SA"), "P2": ("A", "SA")}), PLAN_FROM,
                            OPTIONS)
    assert min(a.date for a in outcome.timetable) == PLAN_FROM
    assert {a.week for a in outcome.timetable} == {4, 5, 6}


def test_a_running_class_below_its_minimum_still_runs() -> None:
    now = without(round_of([person("P1"), person("P2")], {"A": 2}), "P2")
    outcome = rematch_round(now, previous({"P1": ("A", "SA"), "P2": ("A", "SA")}), PLAN_FROM,
                            OPTIONS)
    assert changes(outcome)["P1"][0] == ChangeKind.KEPT  # min_class_size 2 no longer applies


def test_class_rules_the_flow_cannot_hold_go_to_cp_sat() -> None:
    # room for three, but the running class holds at most two: the newcomer stays out, proven
    now = round_of([person("P1"), person("P2"), person("N1", priority=5)], {"A": 3},
                   max_class=2)
    outcome = rematch_round(now, previous({"P1": ("A", "SA"), "P2": ("A", "SA")}), PLAN_FROM,
                            OPTIONS)
    found = changes(outcome)
    assert found["P1"][0] == found["P2"][0] == ChangeKind.KEPT and "N1" not in found
    assert outcome.result.status == "OPTIMAL" and outcome.rematched.flow_goals.placed == 3


def test_a_lock_to_a_closed_company_is_named() -> None:
    now = round_of([person("P1", locked_company="A"), person("P2")], {"A": 0, "B": 2})
    with pytest.raises(InfeasibleError) as caught:
        rematch_round(now, previous({"P1": ("A", "SA")}), PLAN_FROM, OPTIONS)
    assert caught.value.conflicts[0].startswith("participant P1 is locked to A")


def test_leave_keeps_the_placement_and_empties_the_weeks_away() -> None:
    away_from = PLAN_FROM + dt.timedelta(days=7)
    away_to = away_from + dt.timedelta(days=6)
    now = round_of([person("P1", away_from=away_from, away_to=away_to), person("P2")], {"A": 2})
    outcome = rematch_round(now, previous({"P1": ("A", "SA"), "P2": ("A", "SA")}), PLAN_FROM,
                            OPTIONS)
    assert {c.change for c in outcome.changes} == {ChangeKind.KEPT}
    days = {a.date for a in outcome.timetable if a.participant_id == "P1"}
    assert days and not any(away_from <= d <= away_to for d in days)
    assert any(away_from <= a.date <= away_to for a in outcome.timetable
               if a.participant_id == "P2")


def test_a_newcomer_on_leave_to_the_end_is_placed_without_activity() -> None:
    now = round_of([person("P1"), person("N1", away_from=PLAN_FROM)], {"A": 2})
    outcome = rematch_round(now, previous({"P1": ("A", "SA")}), PLAN_FROM, OPTIONS)
    assert changes(outcome)["N1"][0] == ChangeKind.NEW
    assert not [a for a in outcome.timetable if a.participant_id == "N1"]
