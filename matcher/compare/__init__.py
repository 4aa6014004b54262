"""``matcher compare``: the base plan, every Phases scenario and school-day alternatives solved
with the same settings and reported side by side, with the best school days per programme."""

from matcher.compare.console import as_dict, render
from matcher.compare.run import Outcome, compare, differences, share_time
from matcher.compare.scenarios import (
    BASE,
    Alternative,
    SchoolDaysError,
    alternatives,
    parse_school_days,
)
from matcher.compare.schooldays import SchoolDayRow, best_school_days
from matcher.compare.workbook import write_compare

__all__ = ["BASE", "Alternative", "Outcome", "SchoolDayRow", "SchoolDaysError", "alternatives",
           "as_dict", "best_school_days", "compare", "differences", "parse_school_days",
           "render", "share_time", "write_compare"]
