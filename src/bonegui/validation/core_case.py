"""Case C12: the unmodulated Pivonka 2008 core, run through the model engineer's core runner.

The core runner belongs to the model (issue 3). Until it is importable this module raises
CoreNotAvailable, and the case shows as "not yet runnable" instead of a made-up number.
"""

from __future__ import annotations

from typing import Any, Mapping


class CoreNotAvailable(Exception):
    pass


def _runner():
    raise CoreNotAvailable("the Pivonka core runner (issue 3) is not in bonegui.model yet")


def core_measure(spec: Mapping[str, Any]) -> float:
    """One number from the core: ``{"quantity": "steady_state", "state": "obp_pm"}`` or
    ``{"quantity": "bv_change_pct", "infuse": "OPG", "rate_pm_per_day": 2e5, ...}``."""
    _runner()
    raise AssertionError("unreachable")
