"""Eligibility: which participant × programme × supervisor arcs satisfy every pair rule.

``build_arcs`` gives the arcs the model chooses from; ``rules`` holds one named function per
pair rule; ``calendar`` decides whether a rota fits the planned weeks; ``quality`` scores goal 3.
"""

from matcher.eligibility.arcs import Arcs, build_arcs, eligible_candidates
from matcher.eligibility.rules import Tables

__all__ = ["Arcs", "Tables", "build_arcs", "eligible_candidates"]
