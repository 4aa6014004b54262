"""One broken hard rule, as the checker reports it."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.rules import HardRule, TrialRule


@dataclass(frozen=True)
class Violation:
    """A broken hard rule. ``rule`` is the rule it breaks.

    The message names ids only, never names: violations end up in error messages and logs.
    """

    rule: HardRule | TrialRule
    participant_id: str | None
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"
