"""Compare problems as data: the ``row`` fields (where the reader found a row) and the reader's
warnings are not part of what was written."""

from __future__ import annotations

import dataclasses
from typing import Any


def normalise(obj: Any) -> Any:
    """A plain structure of ``obj`` without ``row`` and ``warnings`` fields."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: normalise(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                if f.name not in ("row", "warnings")}
    if isinstance(obj, list | tuple):
        return [normalise(x) for x in obj]
    if isinstance(obj, dict):
        return {k: normalise(v) for k, v in obj.items()}
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    return obj
