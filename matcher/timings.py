"""Seconds per step of a round, as the Summary sheet and the benchmarks report them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings(dict[str, float]):
    """Seconds per step, keyed ``<step>_seconds``, in the order the steps first ran."""

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        """Adds the seconds spent in the block to ``self[name + "_seconds"]``."""
        t = time.perf_counter()
        try:
            yield
        finally:
            key = f"{name}_seconds"
            self[key] = self.get(key, 0.0) + time.perf_counter() - t
