"""The registry is the one list: the documentation's tables and lists, the weights and the
checker follow it."""

from __future__ import annotations

import re
from pathlib import Path

from matcher.checker import RULE_CHECKS
from matcher.problem import DEFAULT_WEIGHTS
from matcher.rules import (
    QUALITY_GOALS,
    BottleneckKind,
    ChangeKind,
    Goal,
    HardRule,
    Reason,
    Status,
    TrialReason,
)

ROOT = Path(__file__).resolve().parents[1]


def _section(page: str, heading: str) -> str:
    text = (ROOT / page).read_text(encoding="utf-8")
    return text.split(heading + "\n", 1)[1].split("\n## ", 1)[0]


def _codes(heading: str, column: int = 0, page: str = "README.md") -> list[str]:
    """The codes (a cell that is one backticked word) in one column of the section's table."""
    cells = [line.split("|")[column + 1].strip() for line in _section(page, heading).splitlines()
             if line.startswith("|")]
    return [c.strip("`") for c in cells if re.fullmatch(r"`[a-z_]+`", c)]


def _named(page: str, heading: str, start: str, codes: list[str]) -> list[str]:
    """``codes`` in the order the section names them in backticks from ``start`` on."""
    text = _section(page, heading)
    text = text[text.index(start):]
    return sorted((c for c in codes if f"`{c}`" in text), key=lambda c: text.index(f"`{c}`"))


def test_a_member_is_its_code() -> None:
    assert HardRule.LOCKED == "locked" and Reason("capacity") is Reason.CAPACITY
    assert f"{Status.OPTIMAL}" == "OPTIMAL" and Goal.TRAVEL.text == "less travel"


def test_the_result_page_lists_every_reason_in_the_order_tried() -> None:
    assert _codes("## Why someone was not placed", page="docs/result.md") == list(Reason)


def test_the_pages_name_every_trial_reason_change_and_bottleneck_in_order() -> None:
    trial = [str(r) for r in TrialReason]
    assert _named("docs/trials.md", "## 3. Read the plan", "NoTrial reasons", trial) == trial
    kinds = [str(k) for k in BottleneckKind]
    assert _named("docs/capacity.md", "## How to read it", "**Bottlenecks**", kinds) == kinds
    changes = [str(c) for c in ChangeKind]
    walk = "## Walk-through: a company has closed its places — what now?"
    assert _named("docs/rematch.md", walk, "`kept`", changes) == changes


def test_every_quality_goal_has_a_default_weight_and_a_readme_row() -> None:
    assert list(DEFAULT_WEIGHTS) == list(QUALITY_GOALS)
    assert _codes("## The order of goals and the weights", 1) == list(QUALITY_GOALS)
    assert set(QUALITY_GOALS) == set(Goal) - {Goal.PLACED, Goal.PRIORITY}


def test_the_checker_checks_every_hard_rule_in_order() -> None:
    assert list(RULE_CHECKS) == list(HardRule)
