"""The web jobs' results: what the pages show, in the page's language."""

from __future__ import annotations

from multiprocessing import Pipe
from pathlib import Path

from matcher.inputbook import write_problem
from matcher.web.jobs import INPUT, RunOptions, _capacity
from tests.capacity.test_capacity import round_with_bottleneck


def test_capacity_findings_are_worded_in_both_languages(tmp_path: Path) -> None:
    write_problem(round_with_bottleneck(), tmp_path / INPUT)
    receive, send = Pipe(duplex=False)
    _capacity(tmp_path, RunOptions(), send)
    kind, data = receive.recv()
    assert kind == "done"
    en, nb = data["worded"]["en"], data["worded"]["nb"]
    assert en == [b["message"] for b in data["bottlenecks"]] and len(nb) == len(en) > 0
    assert any(m.startswith("6 kandidater med norsknivå A1–A2") for m in nb)
    assert not any("candidates" in m for m in nb)
