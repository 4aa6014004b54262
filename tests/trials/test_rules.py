"""One hand-built round per trial rule (SPEC.md "Planning trial placements"): the plan keeps
the rule, passes the independent checker, and NoTrial names the rule that binds."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from matcher.problem import (
    Cefr,
    Company,
    Place,
    Preference,
    Programme,
    Rota,
    Settings,
    Supervisor,
    TravelTime,
    Trial,
    TrialWindow,
)

from .rounds import HFA, JUNE, START, base, plan, reason, where


def _one_person(**changes: object):  # type: ignore[no-untyped-def]
    p = base()
    return replace(p, participants=(replace(p.participants[0], **changes),))


def test_both_candidates_get_a_trial_and_it_is_proven_best() -> None:
    result, days = plan(base())
    assert sorted(where(result)) == ["P1", "P2"]
    assert result.status == "OPTIMAL" and result.upper_bound == result.candidates_with_trial == 2
    assert len(days) == 2 * 2 * 5 and {d.activity for d in days} == {"trial"}
    assert all(d.with_supervisor and d.shift == "D" for d in days)
    assert {d.week for d in days} == {1, 2}


def test_programme_without_trials_gives_no_trial() -> None:
    p = base()
    p = replace(p, programmes=(replace(p.programmes[0], trials=False),))
    result, _ = plan(p)
    assert result.trials == () and reason(result, "P1") == "no_trial_programme"


def test_programme_level_is_required() -> None:
    p = base()
    p = replace(p, programmes=(replace(p.programmes[0], min_norwegian_level=Cefr.B2),))
    result, _ = plan(p)
    assert result.trials == () and reason(result, "P2") == "programme_level"


def test_only_the_trades_of_programmes_allowing_trials_count() -> None:
    p = base()
    kokk = Programme("K1", "Kokk", START, frozenset({0}), trials=False)
    p = replace(p, programmes=(*p.programmes, kokk), phases=(*p.phases, replace(
        p.phases[0], programme_id="K1")),
        participants=(replace(p.participants[0], programmes=("K1", "G1")),),
        supervisors=(Supervisor("S1", "C1", "Kokk", "DAY"), p.supervisors[1]),
        places=(Place("C1", "Kokk", 1), p.places[1]))
    result, _ = plan(p)
    assert where(result) == {"P1": [("W1", "C2")]}


def test_company_level() -> None:
    p = base()
    p = replace(p, companies=(replace(p.companies[0], min_norwegian_level=Cefr.C1),
                              replace(p.companies[1], min_norwegian_level=Cefr.C1)))
    result, _ = plan(p)
    assert result.trials == () and reason(result, "P1") == "company_level"


def test_travel_limit_where_known() -> None:
    p = _one_person(max_travel_minutes=30)
    p = replace(p, companies=(replace(p.companies[0], area="Førde"), p.companies[1]),
                travel=(TravelTime("sandane", "førde", 90),))
    result, _ = plan(p)
    assert where(result) == {"P1": [("W1", "C2")]}
    far = replace(p, companies=(p.companies[0], replace(p.companies[1], area="Førde")))
    result, _ = plan(far)
    assert result.trials == () and reason(result, "P1") == "travel"


def test_any_trials_row_and_exclusions_block_the_pair() -> None:
    for outcome in ("approved", "rejected", "planned"):
        p = replace(_one_person(), trials=(Trial("P1", "C1", outcome),),
                    preferences=(Preference("P1", "C2", excluded=True),))
        result, _ = plan(p)
        assert result.trials == () and reason(result, "P1") == "earlier_trial", outcome


def test_lock_allows_only_the_locked_company_any_supervisor_there() -> None:
    p = _one_person(locked_supervisor="S3")
    p = replace(p, supervisors=(*p.supervisors, Supervisor("S3", "C2", HFA, "DAY",
                                                           max_trainees=0)))
    result, _ = plan(p)
    assert [(t.company_id, t.supervisor_id) for t in result.trials] == [("C2", "S2")]
    locked = replace(_one_person(locked_company="C1"),
                     places=(Place("C1", HFA, 2, trial_places=0), Place("C2", HFA, 1)))
    result, _ = plan(locked)
    assert result.trials == () and reason(result, "P1") == "locked"


def test_window_is_for_its_trades_only() -> None:
    p = base()
    p = replace(p, trial_windows=(TrialWindow("W1", JUNE, occupations=frozenset({"kokk"})),))
    result, _ = plan(p)
    assert result.trials == () and reason(result, "P1") == "window"


def test_rota_rule_in_every_trial_week() -> None:
    two_days = Rota("DAY", (("D", "D", None, None, None, None, None),))
    p = replace(base(), rotas=(two_days,))
    result, _ = plan(p)
    assert result.trials == () and reason(result, "P1") == "calendar"
    relaxed = replace(p, trial_windows=(TrialWindow("W1", JUNE, min_days_with_supervisor=2),))
    result, days = plan(relaxed)
    assert len(result.trials) == 2
    mine = [d for d in days if d.participant_id == "P1"]
    assert len(mine) == 10 and sum(d.with_supervisor for d in mine) == 4
    unavailable = _one_person(unavailable_days=frozenset({0}))
    unavailable = replace(unavailable, rotas=(two_days,), trial_windows=relaxed.trial_windows)
    result, _ = plan(unavailable)
    assert result.trials == () and reason(result, "P1") == "calendar"


def test_closed_dates_lower_the_week_and_are_never_trial_days() -> None:
    closed = frozenset({JUNE, JUNE + dt.timedelta(days=1)})
    result, days = plan(_one_person(), closed=lambda person: closed)
    mine = sorted(d.date for d in days)
    assert len(result.trials) == 1 and not closed & set(mine)
    assert len([d for d in mine if d < JUNE + dt.timedelta(days=7)]) == 3
    whole = frozenset(JUNE + dt.timedelta(days=i) for i in range(14))
    result, days = plan(_one_person(), closed=lambda person: whole)
    assert result.trials == () and reason(result, "P1") == "calendar"


def test_trial_places_per_window_and_company_reused_in_a_later_window() -> None:
    p = replace(base(), companies=base().companies[:1], places=base().places[:1],
                supervisors=(replace(base().supervisors[0], max_trainees=2),))
    result, _ = plan(p)
    assert len(result.trials) == 1
    loser = "P2" if "P1" in where(result) else "P1"
    assert reason(result, loser) == "trial_places_taken"
    later = replace(p, trial_windows=(*p.trial_windows,
                                      TrialWindow("W2", JUNE + dt.timedelta(days=14))))
    result, _ = plan(later)
    assert sorted(w for ts in where(result).values() for w, _ in ts) == ["W1", "W2"]
    assert result.status == "OPTIMAL" and result.upper_bound == 2


def test_trial_places_default_to_places_and_may_differ() -> None:
    p = base()
    p = replace(p, places=(Place("C1", HFA, 0, trial_places=2), Place("C2", HFA, 5,
                                                                      trial_places=0)),
                supervisors=(replace(p.supervisors[0], max_trainees=2), p.supervisors[1]))
    result, _ = plan(p)
    assert {c for ts in where(result).values() for _, c in ts} == {"C1"}
    assert len(result.trials) == 2


def test_supervisor_max_trainees_per_window() -> None:
    p = base()
    p = replace(p, companies=p.companies[:1], places=(Place("C1", HFA, 2),),
                supervisors=p.supervisors[:1])
    result, _ = plan(p)
    assert len(result.trials) == 1
    loser = "P2" if "P1" in where(result) else "P1"
    assert reason(result, loser) == "supervisors_taken"


def test_several_trials_at_distinct_companies_in_windows_that_do_not_overlap() -> None:
    p = _one_person()
    p = replace(p, settings=Settings(rota_anchor_date=START, trials_per_candidate=3),
                trial_windows=(TrialWindow("W1", JUNE), TrialWindow("W2", JUNE + dt.timedelta(
                    days=7)), TrialWindow("W3", JUNE + dt.timedelta(days=14))))
    result, _ = plan(p)
    got = where(result)["P1"]
    assert len(got) == 2 and {c for _, c in got} == {"C1", "C2"}
    assert {w for w, _ in got} == {"W1", "W3"}
    assert result.status == "OPTIMAL" and result.trials_bound == 2


def test_goal_order_candidates_before_trials() -> None:
    p = base()
    p = replace(p, settings=Settings(rota_anchor_date=START, trials_per_candidate=2),
                trial_windows=(TrialWindow("W1", JUNE), TrialWindow("W2", JUNE + dt.timedelta(
                    days=14))),
                preferences=(Preference("P2", "C2", excluded=True),))
    result, _ = plan(p)
    assert sorted(where(result)) == ["P1", "P2"]
    assert len(result.trials) == 3  # P1 at both companies, P2 at C1 in the other window


def test_priority_before_quality() -> None:
    p = base()
    p = replace(p, companies=p.companies[:1], places=p.places[:1], supervisors=p.supervisors[:1],
                participants=(p.participants[0], replace(p.participants[1], priority=5)),
                preferences=(Preference("P1", "C1", 1, 1),))
    result, _ = plan(p)
    assert list(where(result)) == ["P2"]
    assert result.priority_profile == (1, 0, 0, 0, 0)


def test_quality_prefers_ranked_companies() -> None:
    p = replace(_one_person(), preferences=(Preference("P1", "C2", participant_rank=1),))
    result, _ = plan(p)
    assert where(result) == {"P1": [("W1", "C2")]}
    minority = replace(_one_person(norwegian_level=Cefr.A2), companies=(
        base().companies[0], replace(base().companies[1], minority_experience=True)))
    result, _ = plan(minority)
    assert where(result) == {"P1": [("W1", "C2")]}


def test_company_without_places_row_takes_no_trial() -> None:
    p = replace(base(), places=base().places[:1], companies=(
        *base().companies, Company("C3", "Ny", "Sandane")))
    result, _ = plan(p)
    assert {c for ts in where(result).values() for _, c in ts} == {"C1"}


ASCENSION_WEEK = dt.date(2026, 5, 11)  # Ascension Day Thu 14 May, 17 May a Sunday, Whit Sunday 24


def test_public_holidays_close_trial_days_unless_turned_off() -> None:
    p = replace(_one_person(), trial_windows=(TrialWindow("MAY", ASCENSION_WEEK),))
    result, days = plan(p)
    dates = {d.date for d in days}
    assert len(result.trials) == 1 and dt.date(2026, 5, 14) not in dates
    assert len([d for d in dates if d < ASCENSION_WEEK + dt.timedelta(days=7)]) == 4
    assert len(dates) == 9
    off = replace(p, settings=Settings(rota_anchor_date=START, public_holidays="none"))
    result, days = plan(off)
    assert len(days) == 10 and dt.date(2026, 5, 14) in {d.date for d in days}


def test_holidays_rows_and_away_dates_close_trial_days() -> None:
    from matcher.problem import Holiday

    p = replace(_one_person(away_from=JUNE + dt.timedelta(days=7)),
                holidays=(Holiday(JUNE, JUNE + dt.timedelta(days=1)),))
    result, days = plan(p)
    assert len(result.trials) == 1
    assert sorted(d.date for d in days) == [JUNE + dt.timedelta(days=i) for i in (2, 3, 4)]
    school_only = replace(_one_person(), holidays=(Holiday(JUNE, closed="school"),))
    _, days = plan(school_only)
    assert JUNE in {d.date for d in days}


def test_apprenticeship_programmes_try_only_approved_training_companies() -> None:
    from matcher.problem import Phase

    p = _one_person()
    p = replace(p, phases=(Phase("G1", 1, 10, 3, apprenticeship=True),),
                companies=(replace(p.companies[0], approved_training_company=False),
                           p.companies[1]))
    result, _ = plan(p)
    assert where(result) == {"P1": [("W1", "C2")]}
    none = replace(p, companies=(p.companies[0], replace(p.companies[1],
                                                         approved_training_company=False)))
    result, _ = plan(none)
    assert result.trials == () and reason(result, "P1") == "approved_company"
    other = Programme("G2", HFA, START, frozenset({0, 1}))
    both = replace(none, programmes=(*none.programmes, other),
                   phases=(*none.phases, Phase("G2", 1, 10, 3)),
                   participants=(replace(none.participants[0], programmes=("G1", "G2")),))
    result, _ = plan(both)
    assert len(result.trials) == 1
