"""Problem → input workbook: :func:`write_problem`, and the fill-in :func:`write_template`."""

from matcher.inputbook.template import example_problem, write_template
from matcher.inputbook.write import write_problem

__all__ = ["example_problem", "write_problem", "write_template"]
