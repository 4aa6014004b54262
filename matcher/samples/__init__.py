"""Realistic synthetic rounds modelled on the real programmes (``generate(...) -> Problem``)."""

from matcher.samples.catalogue import PROFILES
from matcher.samples.generate import generate

__all__ = ["PROFILES", "generate"]
