"""The registry is the one list: the README's tables, the weights and the checker follow it."""

from __future__ import annotations

import re
from pathlib import Path

from matcher.checker import RULE_CHECKS
from matcher.problem import DEFAULT_WEIGHTS
from matcher.rules import QUALITY_GOALS, Goal, HardRule, Reason, Status

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _codes(heading: str, column: int = 0) -> list[str]:
    """The codes (a cell that is one backticked word) in one column of the section's table."""
    section = README.split(heading + "\n", 1)[1].split("\n## ", 1)[0]
    cells = [line.split("|")[column + 1].strip() for line in section.splitlines()
             if line.startswith("|")]
    return [c.strip("`") for c in cells if re.fullmatch(r"`[a-z_]+`", c)]


def test_a_member_is_its_code() -> None:
    assert HardRule.LOCKED == "locked" and Reason("capacity") is Reason.CAPACITY
    assert f"{Status.OPTIMAL}" == "OPTIMAL" and Goal.TRAVEL.text == "less travel"


def test_the_readme_lists_every_reason_in_the_order_tried() -> None:
    assert _codes("## Why someone was not placed") == list(Reason)


def test_every_quality_goal_has_a_default_weight_and_a_readme_row() -> None:
    assert list(DEFAULT_WEIGHTS) == list(QUALITY_GOALS)
    assert _codes("## The order of goals and the weights", 1) == list(QUALITY_GOALS)
    assert set(QUALITY_GOALS) == set(Goal) - {Goal.PLACED, Goal.PRIORITY}


def test_the_checker_checks_every_hard_rule_in_order() -> None:
    assert list(RULE_CHECKS) == list(HardRule)
