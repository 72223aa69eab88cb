"""Case C12: the unmodulated Pivonka 2008 core, through the model's own core runner
(``bonegui.model.bone.run_core``, the function behind `bonegui core`).

If the runner is missing (a model without the lab bench) the case shows "not yet runnable"
instead of a made-up number.
"""

from __future__ import annotations

from typing import Any, Mapping

STATES = ("obp_pm", "oba_pm", "oca_pm")


class CoreNotAvailable(Exception):
    pass


def _runner():
    try:
        from bonegui.model.bone import run_core
    except ImportError:
        raise CoreNotAvailable("the Pivonka core runner (bonegui.model.bone.run_core, issue 3) is not available") from None
    return run_core


def core_measure(spec: Mapping[str, Any]) -> float:
    """One number from the core run from its steady state:

    - ``{"quantity": "steady_state", "state": "obp_pm", "days": D}``: the state after D days
      without perturbation (pM);
    - ``{"quantity": "bv_change_pct", "infuse": "OPG", "rate_pm_per_day": R, "from_day": a,
      "to_day": b, "days": D}``: bone volume change (%) at day D after a constant infusion on
      [a, b).
    """
    run_core = _runner()
    kind = spec.get("quantity")
    if kind == "steady_state":
        state = spec["state"]
        if state not in STATES:
            raise ValueError(f"core state {state!r} is not one of {', '.join(STATES)}")
        out = run_core(float(spec["days"]))
        return float(out[state][-1])
    if kind == "bv_change_pct":
        out = run_core(float(spec["days"]), {spec["infuse"]: float(spec["rate_pm_per_day"])},
                       float(spec["from_day"]), float(spec["to_day"]))
        return 100.0 * (float(out["bv_rel"][-1]) / float(out["bv_rel"][0]) - 1.0)
    raise ValueError(f"core quantity {kind!r} is not one of: steady_state, bv_change_pct")
