"""The names of the rules, in one place.

Hard rules (SPEC.md "Rules of a valid result") and soft goals (SPEC.md "What the result
optimises") each have a short code and a readable name. The model, the independent checker and
the explanations in the output all use these same codes and names, so a violation, a binding
limit and an Unplaced reason read the same everywhere.
"""

from __future__ import annotations

from typing import Final

HARD_RULES: Final[dict[str, str]] = {
    "one_placement": "a participant is placed at most once",
    "programme_choice": "the programme is one of the participant's",
    "supervisor_company": "the supervisor works at the company",
    "supervisor_trade": "the supervisor trains the programme's occupation",
    "supervisor_capacity": "the supervisor has no more trainees than max_trainees",
    "company_places": "the company has no more placed participants per occupation than places",
    "follow_up_cap": "the company has no more high follow-up participants than max_high_follow_up",
    "language_level":
        "the participant's Norwegian level meets the company's and programme's minimum",
    "travel_limit": "travel is within the participant's limit where the time is known",
    "rejected_trial": "no placement where a trial was rejected",
    "excluded_pair": "no placement of an excluded pair",
    "locked": "a locked participant is placed at the locked company and supervisor",
    "class_size": "class size is 0 or within [min, max]",
    "rights_minimum": "rights minimums hold when the class runs",
    "school_days": "one set of school days per programme, fixed or N chosen among Mon–Fri "
                   "(and per programme and phase where the phase has its own)",
    "apprenticeship_company":
        "a programme with an apprenticeship week places only at approved training companies",
    "timetable_school": "school on each school day of an at-school week, nothing else",
    "timetable_company_days": "company_days company days on allowed days each week (fewer by "
                              "the dates closed for all)",
    "timetable_supervisor":
        "enough company days on the supervisor's shifts the participant may work",
    "timetable_one_activity": "at most one activity per date",
    "timetable_planned_weeks": "no activity outside the planned weeks",
}

SOFT_GOALS: Final[dict[str, str]] = {
    "placed": "as many participants placed as possible",
    "priority": "higher priority first",
    "approved_trial": "placed where a trial was approved",
    "first_choice_programme": "placed in the first-choice programme",
    "participant_rank": "the participant's rank of the company",
    "company_rank": "the company's rank of the participant",
    "keep_current_company": "kept at the current company",
    "minority_experience": "A1–A2 participants at companies used to minority-language adults",
    "travel": "less travel",
    "supervisor_share": "more company days with the supervisor",
}
