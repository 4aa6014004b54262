"""Result.as_dict(): one plain record of a result for --json, the Summary sheet and web pages."""

from __future__ import annotations

import json

from matcher.report.tables import RunInfo, summary
from tests.report.tiny import tiny_problem, tiny_result


def test_as_dict_is_the_summary_in_plain_values() -> None:
    problem = tiny_problem()
    result = tiny_result(problem)
    record = result.as_dict()
    assert json.loads(json.dumps(record)) == record  # JSON as it stands
    assert list(record)[:4] == ["status", "participants", "placed", "unplaced"]
    assert (record["status"], record["placed"], record["unplaced"], record["gap"]) == (
        "OPTIMAL", 2, 1, 0)
    assert [record[f"placed_priority_{k}"] for k in (5, 4, 3, 2, 1)] == [1, 0, 1, 0, 0]
    assert record["unplaced_reasons"] == {"capacity": 1}
    assert record["timings"] == {"read": 0.1, "solve": 0.2}
    # the Summary sheet shows the same figures, yes/no for the flag
    _, rows = summary(problem, result, RunInfo("in.xlsx", "0" * 64, "1"))
    sheet = {row[0]: row[1] for row in rows}
    for key, value in record.items():
        if not isinstance(value, dict):
            assert sheet[key] == ("yes" if value is True else "no" if value is False else value)
