"""Bone Remodeling Lab: a teaching simulator of how hormones govern bone remodeling.

An educational model of mechanisms, not a medical device; it gives no dosing advice.

The Python API (docs/api.md)::

    import bonegui
    scenario = bonegui.preset("woman_menopause_untreated")   # or bonegui.load_scenario(path)
    result = bonegui.simulate(scenario)                      # a bonegui.Result
    result["bmd_spine_g_cm2"], result.units["bmd_spine_g_cm2"]
    df = result.to_pandas()                                  # needs pandas

``import bonegui`` stays cheap: numpy, scipy and Qt are imported only when a function that
needs them is called (tests/test_api.py checks this in a fresh interpreter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# The one place the version is written: pyproject.toml reads it (dynamic version).
__version__ = "0.1.0"

#: The app id: Wayland app_id / desktop file name (packaging/linux/APP_ID.desktop), macOS bundle id.
APP_ID = "org.boneremodelinglab.bonegui"

DISCLAIMER = (
    "Bone Remodeling Lab is an educational model of mechanisms, not a medical device. "
    "It gives no dosing advice and must not be used to make decisions about anyone's treatment."
)

if TYPE_CHECKING:  # pragma: no cover
    from os import PathLike

    from bonegui.model.result import Result
    from bonegui.scenario import Preset, Scenario, ScenarioError

__all__ = [
    "APP_ID", "DISCLAIMER", "Preset", "Result", "Scenario", "ScenarioError", "SERIES_UNITS", "__version__",
    "cohort", "load_scenario", "preset", "presets", "simulate",
]

# Names resolved on first use (module __getattr__, PEP 562), so `import bonegui` imports nothing heavy.
_LAZY = {
    "Scenario": ("bonegui.scenario", "Scenario"),
    "ScenarioError": ("bonegui.scenario", "ScenarioError"),
    "Preset": ("bonegui.scenario", "Preset"),
    "Result": ("bonegui.model.result", "Result"),
    "SERIES_UNITS": ("bonegui.model.result", "SERIES_UNITS"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'bonegui' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def presets() -> tuple["Preset", ...]:
    """Every shipped preset (``.id``, ``.title``, ``.scenario``), as `bonegui presets` lists them."""
    from bonegui.scenario import presets as _presets

    return _presets()


def preset(preset_id: str) -> "Scenario":
    """The shipped preset's Scenario; an unknown id raises ScenarioError listing the known ones."""
    from bonegui.scenario import load_preset

    return load_preset(preset_id)


def load_scenario(path: "str | PathLike[str]") -> "Scenario":
    """Read a ``.bonelab.json`` scenario file (JSON only, checked field by field)."""
    from bonegui.scenario import load_scenario as _load

    return _load(path)


def simulate(scenario: "Scenario", *, step_days: float = 1.0) -> "Result":
    """Run the model (the same simulate() the window and `bonegui simulate` use).

    Checks the scenario first: bad input raises ScenarioError naming the field and the allowed
    range. ``step_days`` is the model's time step in days (default 1, one row a day)."""
    from bonegui.scenario import Scenario, check_scenario

    if not isinstance(scenario, Scenario):
        hint = f"bonegui.preset({scenario!r})" if isinstance(scenario, str) else "bonegui.preset(id) or bonegui.load_scenario(path)"
        raise TypeError(f"simulate() takes a Scenario, not {type(scenario).__name__}; get one with {hint}")
    check_scenario(scenario)
    from bonegui.model.simulate import simulate as _simulate

    return _simulate(scenario, step_days=step_days)


def cohort(scenario: "Scenario", *, n: int = 1000, seed: int = 1, step_days: float = 7.0):
    """People like the scenario's patient: a virtual cohort of ``n`` (deterministic for ``seed``).
    Returns a CohortResult: ``result[name]`` per output step (``t_years``; ``bmd_spine_g_cm2_p05``,
    ``_p50``, ``_p95`` and so on; ``frac_osteopenia``, ``frac_osteoporosis``,
    ``hip_fracture_10y_p50``, ``major_fracture_10y_p50`` as fractions 0-1), ``.units``,
    ``.to_pandas()``. Bad input raises ScenarioError (the scenario) or ValueError (n)."""
    from bonegui.scenario import Scenario, check_scenario

    if not isinstance(scenario, Scenario):
        raise TypeError(f"cohort() takes a Scenario, not {type(scenario).__name__}; get one with bonegui.preset(id)")
    check_scenario(scenario)
    from bonegui.model.cohort import simulate_cohort

    return simulate_cohort(scenario, n=n, seed=seed, step_days=step_days)
