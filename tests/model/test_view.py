"""ArcView: one subset of a round's arcs, its local and global numberings kept apart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from matcher.eligibility import Arcs, build_arcs
from matcher.model.view import ArcView
from matcher.reader import read_problem

COUNTY = Path(__file__).parents[2] / "data" / "samples" / "county.xlsx"
ARCS = build_arcs(read_problem(COUNTY))


def _same(a: Arcs, b: Arcs) -> bool:
    return all(np.array_equal(getattr(a, c), getattr(b, c))
               for c in ("participant", "programme", "supervisor", "options", "quality", "rank"))


@st.composite
def _subsets(draw: st.DrawFn) -> np.ndarray:
    picked = draw(st.lists(st.integers(0, len(ARCS) - 1), min_size=1, max_size=60, unique=True))
    return np.asarray(picked, dtype=np.int64)


@given(_subsets())
def test_local_and_global_numbers_name_the_same_arcs(index: np.ndarray) -> None:
    view = ArcView.of(ARCS, index)
    assert _same(view.arcs, ARCS.subset(index))
    local = list(range(len(view)))[::-1]
    glob = view.to_global(local)
    assert view.to_local(glob) == local
    assert _same(view.arcs.subset(np.asarray(local)), ARCS.subset(np.asarray(glob)))


@given(_subsets(), _subsets())
def test_an_extended_view_keeps_its_local_numbers(index: np.ndarray, more: np.ndarray) -> None:
    view = ArcView.of(ARCS, index)
    wider = view.extended(more)
    assert wider.to_global(range(len(view))) == view.to_global(range(len(view)))
    assert set(wider.index.tolist()) == set(index.tolist()) | set(more.tolist())
    assert len(set(wider.index.tolist())) == len(wider)
    assert _same(wider.arcs, ARCS.subset(wider.index))


@given(_subsets(), _subsets())
def test_a_widened_view_holds_both_in_global_order(index: np.ndarray, more: np.ndarray) -> None:
    wider = ArcView.of(ARCS, index).widened(more)
    assert wider.index.tolist() == sorted(set(index.tolist()) | set(more.tolist()))
    assert _same(wider.arcs, ARCS.subset(wider.index))


def test_the_whole_view_numbers_arcs_as_the_round_does() -> None:
    whole = ArcView.whole(ARCS)
    assert whole.is_whole and whole.arcs is ARCS
    assert whole.to_local([5, 2]) == whole.to_global([5, 2]) == [5, 2]
    assert ArcView.of(ARCS, np.arange(len(ARCS))).arcs is ARCS  # no copy of every arc
    assert not ArcView.of(ARCS, np.arange(1, len(ARCS))).is_whole
    assert whole.extended([0, 1]) is whole
