"""One broken hard rule, as the checker reports it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    """A broken hard rule. ``rule`` is a key of :data:`matcher.rules.HARD_RULES`.

    The message names ids only, never names: violations end up in error messages and logs.
    """

    rule: str
    participant_id: str | None
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"
