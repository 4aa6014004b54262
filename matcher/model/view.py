"""A view of part of a round's arcs, with its two numberings.

The repair, the neighbourhood search and the integer program each work on a subset of the
eligible arcs (on a large round, each participant's best pairs and those a start needs). An
arc then has two numbers: its position among all the round's arcs ("global", what results and
fills use) and its position in the subset ("local", what a phase's model uses). :class:`ArcView`
keeps the subset and converts between the two, so no phase does that arithmetic by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.eligibility import Arcs

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class ArcView:
    """The arcs at ``index`` (global positions, each once) of ``full``, as ``arcs``: local
    position ``i`` is global arc ``index[i]``."""

    full: Arcs
    index: IntArray
    arcs: Arcs

    @classmethod
    def of(cls, full: Arcs, index: IntArray) -> ArcView:
        """The arcs of ``full`` at ``index``, in that order."""
        index = np.asarray(index, dtype=np.int64)
        whole = len(index) == len(full) and bool(np.all(index == np.arange(len(full))))
        return cls(full, index, full if whole else full.subset(index))

    @classmethod
    def whole(cls, full: Arcs) -> ArcView:
        """Every arc, in order (local and global numbers are the same)."""
        return cls(full, np.arange(len(full), dtype=np.int64), full)

    def __len__(self) -> int:
        return len(self.index)

    @property
    def is_whole(self) -> bool:
        """Whether the view holds every arc of the round."""
        return len(self.index) == len(self.full)

    def to_local(self, chosen: Sequence[int]) -> list[int]:
        """The local positions of the global arcs ``chosen`` (each must be in the view)."""
        if self.arcs is self.full:
            return [int(a) for a in chosen]
        position = {int(a): i for i, a in enumerate(self.index.tolist())}
        return [position[int(a)] for a in chosen]

    def to_global(self, chosen: Sequence[int]) -> list[int]:
        """The global arcs at the local positions ``chosen``."""
        return [int(self.index[a]) for a in chosen]

    def extended(self, more: IntArray | Sequence[int]) -> ArcView:
        """This view with the global arcs of ``more`` it lacks appended (sorted): its local
        positions stay valid in the result."""
        extra = np.setdiff1d(np.asarray(more, dtype=np.int64), self.index)
        if not len(extra):
            return self
        return ArcView.of(self.full, np.concatenate([self.index, extra]))

    def widened(self, more: IntArray) -> ArcView:
        """The view of this view's arcs and those of ``more``, in global order (local
        positions change)."""
        return ArcView.of(self.full, np.union1d(self.index, more))
