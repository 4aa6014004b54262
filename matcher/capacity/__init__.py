"""``matcher capacity``: places against demand per trade, training office and company, with the
bottlenecks named in a training office's words. ``analyse`` computes; the rest prints."""

from matcher.capacity.analysis import analyse
from matcher.capacity.console import render
from matcher.capacity.model import (
    Bottleneck,
    CapacityReport,
    CompanyRow,
    OccupationRow,
    OfficeRow,
)
from matcher.capacity.workbook import write_capacity

__all__ = ["Bottleneck", "CapacityReport", "CompanyRow", "OccupationRow", "OfficeRow",
           "analyse", "render", "write_capacity"]
