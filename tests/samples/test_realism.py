"""The generator's realism invariants: the real programmes' trades, levels and patterns, valid
rotas and phases, locks that can hold, and realistic scarcity."""

from __future__ import annotations

import itertools
import time
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from ortools.graph.python import max_flow

from matcher.inputbook import write_problem
from matcher.problem import Cefr, Problem, trade_key
from matcher.reader import read_problem
from matcher.round import solve_checked
from matcher.samples import PROFILES, generate
from matcher.samples.fit import fits


def occupations(problem: Problem) -> set[str]:
    return {p.occupation for p in problem.programmes}


def _own_days(problem: Problem, label: str) -> set[frozenset[int] | None]:
    return {ph.school_days for ph in problem.phases if ph.label == label}


def test_real_programmes_have_their_trades_and_rules() -> None:
    # each follows the source report (the templates quote it; data/samples/README.md says how)
    gloppen = generate(80, seed=1, profile="gloppen")
    assert occupations(gloppen) >= {"Helsefagarbeider", "Plastmakerfaget", "Betongfaget",
                                    "Tannhelsesekretær"}
    assert all(p.school_days == frozenset({0, 1}) for p in gloppen.programmes)
    assert all(p.min_norwegian_level == Cefr.A1 for p in gloppen.programmes)  # none invented
    trial_companies = {t.company_id for t in gloppen.trials}
    hfa_ids = {p.company_id for p in gloppen.places if p.trade == trade_key("Helsefagarbeider")}
    assert trial_companies and trial_companies <= hfa_ids  # no trials in plastics/concrete/dental
    assert _own_days(gloppen, "År 3") == {frozenset({0, 1, 2})}  # year 3 heavier at school
    last = [ph for ph in gloppen.phases if ph.label == "Læretid"]
    assert last and all(not ph.at_school and ph.company_days == 5 and ph.apprenticeship
                        for ph in last)

    oslo = generate(80, seed=1, profile="oslo")
    assert occupations(oslo) == {"Barne- og ungdomsarbeider", "Kokk", "Tømrer"}
    assert all(p.min_with_rights > 0 and p.min_without_rights > 0 for p in oslo.programmes)
    assert all(p.min_norwegian_level == Cefr.A1 for p in oslo.programmes)
    one = oslo.programmes[0].programme_id
    base = [ph for ph in oslo.phases if ph.scenario is None]
    # school every year, company days 1 → 4, the apprenticeship from year 1
    assert [ph.company_days for ph in oslo.base_phases[one]] == [1, 2, 3, 4]
    assert all(ph.at_school and ph.apprenticeship for ph in base)
    assert _own_days(oslo, "År 4") == {frozenset({0})}

    mih = generate(40, seed=1, profile="menn-i-helse")
    labels = [ph.label for ph in mih.base_phases[mih.programmes[0].programme_id]]
    assert labels == ["Helserekrutt/Prøvepraksis", "Sommerjobb", "Vg1", "Vg2", "Sommerjobb",
                      "Lærekontrakt"]  # two summer jobs, as the report lists them
    first = min(mih.phases, key=lambda ph: ph.from_week)
    assert (first.to_week - first.from_week + 1, first.at_school, first.company_days) == (
        12, False, 3)
    assert all(p.min_norwegian_level == Cefr.A1 for p in mih.programmes)

    heffi = generate(200, seed=1, profile="heffi")
    # B1 is a preference ("helst"): no minimum, but most of the intake has B1 or above
    assert all(p.min_norwegian_level == Cefr.A1 for p in heffi.programmes)
    assert all(p.preferred_norwegian_level == Cefr.B1 for p in heffi.programmes)
    b1 = sum(p.norwegian_level >= Cefr.B1 for p in heffi.participants)
    assert b1 > 0.7 * len(heffi.participants)
    assert all(ph.min_days_with_supervisor == 1 for ph in heffi.phases)

    odda = generate(40, seed=1, profile="odda")
    assert occupations(odda) == {"Helsefagarbeider", "Kjemiprosessfaget"}
    assert all(p.min_norwegian_level == Cefr.A2 for p in odda.programmes)
    assert any(p.school_days_to_choose for p in odda.programmes)
    assert "SKIFT-5" in {r.rota_id for r in odda.rotas}
    process = {pl.company_id for pl in odda.places if pl.trade == trade_key("Kjemiprosessfaget")}
    assert len(process) == 2  # Oddas to prosessindustribedrifter
    # both take apprentices from year 1 (the alternative apprenticeship path): approved
    # training companies in every draw, never left out by the few unapproved companies
    for seed in range(1, 6):
        draw = generate(24, seed=seed, profile="odda")
        plants = {pl.company_id for pl in draw.places
                  if pl.trade == trade_key("Kjemiprosessfaget")}
        assert all(c.approved_training_company for c in draw.companies
                   if c.company_id in plants)

    mfy = generate(40, seed=1, profile="mfy")
    assert all(ph.company_days == 4 and ph.min_days_with_supervisor is None for ph in mfy.phases)
    assert all(p.school_days is not None and len(p.school_days) == 1 for p in mfy.programmes)


def test_samples_have_holidays_shifts_and_unapproved_companies() -> None:
    county = generate(300, seed=0)
    assert {h.label for h in county.holidays} == {"Høstferie", "Juleferie", "Vinterferie"}
    assert all(h.closed == "school" for h in county.holidays)
    assert {s.code for s in county.shifts} == {"D", "E", "N"}
    approved = [c.approved_training_company for c in county.companies]
    assert 0 < approved.count(False) < len(approved) / 4


@pytest.mark.parametrize("profile", PROFILES)
def test_input_rules_hold(profile: str) -> None:
    problem = generate(120, seed=3, profile=profile)
    rotas = problem.rotas_by_id
    for s in problem.supervisors:
        assert 1 <= s.rota_start_week <= rotas[s.rota_id].length
        assert s.company_id in problem.companies_by_id
    for rota in problem.rotas:
        assert rota.length >= 1 and all(len(w) == 7 for w in rota.weeks)
        assert {c for w in rota.weeks for c in w} <= {"D", "E", "N", None}
    for prog in problem.programmes:
        assert prog.start_date.weekday() == 0
        n_class = len(prog.school_days) if prog.school_days else prog.school_days_to_choose
        assert n_class
        by_plan: dict[str | None, list[tuple[int, int]]] = {}
        for ph in problem.phases:
            if ph.programme_id == prog.programme_id:
                by_plan.setdefault(ph.scenario, []).append((ph.from_week, ph.to_week))
                n_school = (len(ph.school_days) if ph.school_days else
                            ph.school_days_to_choose or n_class)
                assert ph.company_days + (n_school if ph.at_school else 0) <= 7
                assert 0 <= ph.supervisor_days <= ph.company_days
        for spans in by_plan.values():
            spans.sort()
            assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))
    for p in problem.participants:
        assert set(p.programmes) <= set(problem.programmes_by_id)
        assert 1 <= p.priority <= 5
    excluded = {(p.participant_id, p.company_id) for p in problem.preferences if p.excluded}
    assert not excluded & {(t.participant_id, t.company_id) for t in problem.trials}


def test_county_has_a_scenario_and_plans_the_whole_course() -> None:
    problem = generate(300, seed=0)
    assert problem.scenarios == ("more company days",)
    assert problem.settings.horizon_weeks is None
    assert max(len(problem.planned_weeks(g.programme_id)) for g in problem.programmes) > 200


@pytest.mark.parametrize("profile", ["county", "scarce", "gloppen"])
def test_locks_can_hold(profile: str) -> None:
    problem = generate(200, seed=2, profile=profile)
    locked = [p for p in problem.participants if p.locked_company]
    assert locked
    load: Counter[str] = Counter()
    for p in locked:
        sups = [s for s in problem.supervisors if s.company_id == p.locked_company
                and (p.locked_supervisor is None or s.supervisor_id == p.locked_supervisor)]
        progs = [problem.programmes_by_id[x] for x in p.programmes]
        assert any(fits(problem, p, prog, s) for prog in progs for s in sups)
        if p.locked_supervisor:
            load[p.locked_supervisor] += 1
    assert all(n <= problem.supervisors_by_id[s].max_trainees for s, n in load.items())


def placeable_share(problem: Problem) -> float:
    """Max flow participants → fitting supervisors → places: an upper bound on placements
    (class sizes and rights minimums left out)."""
    flow = max_flow.SimpleMaxFlow()
    nodes: dict[tuple[str, str], int] = {}

    def node(kind: str, key: str) -> int:
        return nodes.setdefault((kind, key), len(nodes) + 2)

    for s in problem.supervisors:
        key = f"{s.company_id}|{s.trade}"
        if (s.company_id, s.trade) in problem.places_by_key:
            flow.add_arc_with_capacity(node("s", s.supervisor_id), node("c", key), s.max_trainees)
    for (cid, trade), n in problem.places_by_key.items():
        flow.add_arc_with_capacity(node("c", f"{cid}|{trade}"), 1, n)
    for p in problem.participants:
        flow.add_arc_with_capacity(0, node("p", p.participant_id), 1)
        for prog in (problem.programmes_by_id[x] for x in p.programmes):
            for s in problem.supervisors:
                if s.trade == prog.trade and fits(problem, p, prog, s):
                    flow.add_arc_with_capacity(node("p", p.participant_id),
                                               node("s", s.supervisor_id), 1)
    flow.solve(0, 1)
    return flow.optimal_flow() / len(problem.participants)


def test_realistic_scarcity() -> None:
    county = placeable_share(generate(150, seed=1))
    scarce = placeable_share(generate(150, seed=1, profile="scarce"))
    assert 0.7 <= county <= 0.95
    assert 0.45 <= scarce < county


def test_language_levels_lean_to_a2_b1() -> None:
    levels = Counter(p.norwegian_level for p in generate(2000, seed=0).participants)
    assert levels[Cefr.A2] + levels[Cefr.B1] > 0.5 * 2000
    assert levels[Cefr.A1] > 0 and levels[Cefr.C1] > 0


def test_travel_covers_every_pair_of_areas() -> None:
    problem = generate(300, seed=0)
    pairs = {frozenset((t.from_area, t.to_area)) for t in problem.travel}
    assert len(pairs) == len(problem.travel)
    people = {p.area: p for p in problem.participants if p.area}
    places = {c.area: c for c in problem.companies if c.area}
    assert len(people) > 10
    for person in people.values():
        for company in places.values():
            assert problem.travel_minutes(person, company) is not None


@pytest.mark.slow
def test_large_rounds_are_fast() -> None:
    start = time.perf_counter()
    problem = generate(20000, seed=0)
    assert len(problem.participants) == 20000
    assert time.perf_counter() - start < 6.0


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        generate(10, profile="nowhere")
    with pytest.raises(ValueError):
        generate(0)



def test_sample_rotas_write_days_off_as_workplaces_do(tmp_path: Path) -> None:
    # The Rotas sheet of a written sample holds the usual day-off codes (care F1 and FRI,
    # kitchens FRI, the process industry's X, two-shift plans 0), and the reader makes each a
    # day off again without a warning: the round read back has the generator's rotas.
    problem = generate(200, seed=2, profile="county")
    path = tmp_path / "county.xlsx"
    write_problem(problem, path)
    sheet = openpyxl.load_workbook(path, read_only=True)["Rotas"]
    written = {str(c) for row in sheet.iter_rows(min_row=2, min_col=3, values_only=True)
               for c in row if c is not None}
    assert {"F1", "FRI", "X", "0"} <= written
    read = read_problem(path)
    assert {r.rota_id: r.weeks for r in read.rotas} == {r.rota_id: r.weeks for r in problem.rotas}
    assert not any("working shifts" in w.message for w in read.warnings)


def test_odda_read_back_never_puts_anyone_with_a_supervisor_on_a_day_off(
        tmp_path: Path) -> None:
    # Odda's process industry writes its five-shift plan's days off as X: solved from the
    # workbook (through the independent checker), no row is with the supervisor on an X day,
    # and some company days do fall on the supervisor's X days (so the codes are exercised).
    path = tmp_path / "odda.xlsx"
    write_problem(generate(24, seed=5, profile="odda"), path)
    odda = read_problem(path)
    _, rows = solve_checked(odda)
    sups = odda.supervisors_by_id
    company = [r for r in rows if r.activity == "company" and r.supervisor_id is not None]
    off = [r for r in company if odda.rota_shift(sups[r.supervisor_id], r.date) is None]
    assert off and not any(r.with_supervisor for r in off)
    assert company and all(r.with_supervisor == (r.shift is not None) for r in company)
