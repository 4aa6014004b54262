"""Broken workbooks never crash, hang or give unlocated messages.

Every case starts from a valid generated round and breaks it (:mod:`fuzz.mutations`): the
command must end in exit 0 (the change happened to keep the round valid) or 1 (every problem
listed, located), and ``match`` may also end in 3 (conflicting locks or class rules). The long
run outside CI is ``.venv/bin/python fuzz/run.py --cases 10000``.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.mutations import (
    ALL_MUTATIONS,
    BASES,
    BILLION_LAUGHS,
    CONTAINER_MUTATIONS,
    EXTERNAL_ENTITY,
    REMOTE_DTD,
    _members,
    _zip,
    base_workbook,
    build_case,
    run_case,
)

CASE_TIMEOUT = 20.0

mutation_lists = st.lists(st.sampled_from(ALL_MUTATIONS), min_size=1, max_size=3)
bases = st.integers(0, len(BASES) - 1)


def _check(names: list[str], base: int, rng: random.Random, match: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="matcher-fuzz-test-") as folder:
        path, done, container = build_case(base, names, rng, Path(folder) / "case.xlsx")
        outcome = run_case(path, container, match, CASE_TIMEOUT)
    assert outcome.good, f"{outcome.kind}: {outcome.detail} after {'; '.join(done)}"


def test_the_bases_are_valid() -> None:
    """Every starting round validates, so each failure below comes from the mutation."""
    with tempfile.TemporaryDirectory() as folder:
        for index in range(len(BASES)):
            path = Path(folder) / f"base{index}.xlsx"
            path.write_bytes(base_workbook(index))
            assert run_case(path, False, match=index == 0).kind == "ok"


@pytest.mark.parametrize("name", ALL_MUTATIONS)
def test_each_mutation_alone(name: str) -> None:
    """Each way of breaking a workbook, once on a fixed seed, through validate and match."""
    _check([name], ALL_MUTATIONS.index(name) % len(BASES), random.Random(name), match=True)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(names=mutation_lists, base=bases, rng=st.randoms(use_true_random=False))
def test_validate_survives_random_damage(names: list[str], base: int,
                                         rng: random.Random) -> None:
    _check(names, base, rng, match=False)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(names=mutation_lists, base=bases, rng=st.randoms(use_true_random=False))
def test_match_survives_random_damage(names: list[str], base: int, rng: random.Random) -> None:
    _check(names, base, rng, match=True)


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY, REMOTE_DTD],
                         ids=["billion-laughs", "external-entity", "remote-dtd"])
@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml",
                                  "xl/sharedStrings.xml", "xl/styles.xml", "_rels/.rels",
                                  "xl/_rels/workbook.xml.rels"])
def test_unsafe_xml_is_refused_whole(tmp_path: Path, payload: bytes, part: str) -> None:
    """Every part the reader parses goes through defusedxml, which refuses DTDs and entities:
    a short workbook-level message, nothing expanded, no file or URL opened. (Parts it never
    parses, such as docProps and the theme, cannot do harm.)"""
    from tests.safety.conftest import invoke

    members = _with_shared_strings(_members(base_workbook(0)))
    assert part in members
    members[part] = payload
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_zip(members))
    result = invoke("validate", str(path))
    assert result.exit_code == 1, result.output
    assert "root:" not in result.output and "lol" not in result.output
    assert "workbook" in result.stderr


def _with_shared_strings(members: dict[str, bytes]) -> dict[str, bytes]:
    """The base's parts plus a (valid, empty) shared-strings part that the workbook refers
    to, so the reader parses it."""
    rels = "xl/_rels/workbook.xml.rels"
    members = dict(members)
    members["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" '
        b'uniqueCount="0"/>')
    members[rels] = members[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSST" Target="sharedStrings.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>')
    return members


def test_container_mutations_are_listed() -> None:
    """The suite covers the container-level damage the issue names."""
    assert {"truncate", "flip_bytes", "drop_member", "replace_member", "control_chars",
            "decompression_bomb"} <= set(CONTAINER_MUTATIONS)
