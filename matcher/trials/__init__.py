"""Planning trial placements (prøvepraksis) before a round: ``matcher trials``.

:mod:`.eligible` builds the options, :mod:`.days` the trial days, :mod:`.solve` chooses the plan
(a min-cost max-flow, or CP-SAT stages for several trials per candidate), :mod:`.reasons`
explains who has none, :mod:`.workbook` writes it and :mod:`.run` ties it together with the
independent checker (:mod:`matcher.checker.trials`).
"""

from matcher.trials.plan import PlannedTrial, TrialResult, plan_trials, trial_timetable
from matcher.trials.run import TrialOptions, run_trials, solve_trials_checked
from matcher.trials.solve import Limits

__all__ = ["Limits", "PlannedTrial", "TrialOptions", "TrialResult", "plan_trials",
           "run_trials", "solve_trials_checked", "trial_timetable"]
