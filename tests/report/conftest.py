"""Fixtures: the tiny round of :mod:`tiny` and its hand-made result."""

from __future__ import annotations

import pytest

from matcher.problem import Problem
from matcher.result import Result

from .tiny import tiny_problem, tiny_result


@pytest.fixture
def problem() -> Problem:
    return tiny_problem()


@pytest.fixture
def result(problem: Problem) -> Result:
    return tiny_result(problem)
