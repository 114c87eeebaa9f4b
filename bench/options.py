"""Engine options for benchmarks: production's, except what only a benchmark trips."""

from __future__ import annotations

from conversations import EngineOptions

BENCH_OPTIONS = EngineOptions(link_ceiling=10**9)
"""Hundreds of members link within a benchmark's minute; a studio's ceiling on link checks
per minute (a guard against guessing) would refuse them, which is not what is measured."""
