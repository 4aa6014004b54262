"""Re-matching a running round from a date with the fewest changes (``matcher rematch``).

The previous result is read (:mod:`.previous`), the round re-planned from the plan date with
the running classes' exemptions (:mod:`.replan`), solved for the re-match's goals (the
keep-cost flow :mod:`.network`, CP-SAT :mod:`.stages`, driven by :mod:`.solve`), each change
classified and explained (:mod:`.changes`, :mod:`.reasons`), the kept trainees' timetables kept
(:mod:`.timetables`), checked, and written with the Changes and Trade-offs sheets
(:mod:`.sheets`, :mod:`.run`).
"""

from matcher.rematch.previous import Previous, previous_from
from matcher.rematch.run import RematchOutcome, RematchRequest, rematch_round, run_rematch

__all__ = ["Previous", "RematchOutcome", "RematchRequest", "previous_from", "rematch_round",
           "run_rematch"]
