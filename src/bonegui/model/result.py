"""Result: the named time series a simulation produces, each with its unit. Plain numpy."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping

import numpy as np

#: Every series a Result carries, in CSV column order, with its unit. The CLI, the plots and the
#: docs all read this table, so a new series is added here once.
SERIES_UNITS: Mapping[str, str] = MappingProxyType(
    {
        "t_years": "y",
        "age_years": "y",
        "estradiol_pg_ml": "pg/mL",
        "testosterone_ng_dl": "ng/dL",
        "igf1_ng_ml": "ng/mL",
        "progesterone_ng_ml": "ng/mL",
        "lh_rel": "1 (relative to young adult)",
        "gh_rel": "1 (relative to young adult)",
        "loading_rel": "1 (relative to habitual)",
        "rankl_pm": "pM",
        "opg_pm": "pM",
        "rankl_opg_ratio": "1 (relative to reference)",
        "obp_pm": "pM",
        "oba_pm": "pM",
        "oca_pm": "pM",
        "formation_rel": "1 (relative to reference)",
        "resorption_rel": "1 (relative to reference)",
        "ctx_rel": "1 (relative to young-adult reference)",
        "p1np_rel": "1 (relative to young-adult reference)",
        "bmd_spine_g_cm2": "g/cm2",
        "bmd_hip_g_cm2": "g/cm2",
        "tscore_spine": "SD",
        "tscore_hip": "SD",
    }
)


@dataclass(frozen=True)
class Result:
    """Time series on a common grid (``t_years``), all float64 arrays of equal length.

    A table: ``len(result)`` is the number of rows and iterating gives one ``{name: float}``
    dict per row, so ``pd.DataFrame(result)`` and ``list(result)`` see rows x series (pandas
    turns any mapping that is not a ``dict`` into a one-column frame of its keys, so a Mapping
    would not do). Columns by name: ``result[name]``, ``result.name``, ``name in result``,
    ``result.keys()``/``items()``, and ``dict(result)`` is ``{name: array}``.
    """

    series: Mapping[str, np.ndarray]
    units: Mapping[str, str] = field(default_factory=lambda: SERIES_UNITS)

    def __post_init__(self) -> None:
        n = {len(v) for v in self.series.values()}
        if len(n) > 1:
            raise ValueError(f"series lengths differ: { {k: len(v) for k, v in self.series.items()} }")
        object.__setattr__(self, "series", MappingProxyType(dict(self.series)))

    def __getitem__(self, name: str) -> np.ndarray:
        return self.series[name]

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self.__dict__["series"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __len__(self) -> int:
        return len(self.series["t_years"]) if "t_years" in self.series else 0

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.series)

    def keys(self) -> tuple[str, ...]:
        """The series names (with ``__getitem__`` this makes ``dict(result)`` and ``**result``
        give ``{name: array}``)."""
        return self.names

    def items(self) -> Iterator[tuple[str, np.ndarray]]:
        return iter(self.series.items())

    def __contains__(self, name: object) -> bool:
        return name in self.series

    def __iter__(self) -> Iterator[dict[str, float]]:
        """One ``{name: value}`` dict per row, in time order."""
        names = self.names
        for row in zip(*(self.series[n].tolist() for n in names)):
            yield dict(zip(names, row))

    def to_pandas(self, index: str | None = "t_years"):
        """A pandas DataFrame: one float64 column per series, indexed by ``index`` (default
        ``t_years``; ``None`` keeps it a column under a 0..n-1 index, as ``pd.DataFrame(result)``
        does). ``df.attrs["units"]`` maps every column (and the index) to its unit."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "Result.to_pandas() needs pandas, which bonegui does not install: pip install pandas"
            ) from None
        if index is not None and index not in self.series:
            raise KeyError(f"index: {index!r} is not a series; choose one of {', '.join(self.names)}")
        df = pd.DataFrame({n: np.asarray(v, dtype=np.float64) for n, v in self.series.items()})
        if index is not None:
            df = df.set_index(index)
        df.attrs["units"] = {n: self.units.get(n, "") for n in self.names}
        return df

    def at(self, t_years: float) -> dict[str, float]:
        """Every series linearly interpolated at ``t_years`` (the cursor readout)."""
        t = self.series["t_years"]
        return {k: float(np.interp(t_years, t, v)) for k, v in self.series.items()}

    def slice(self, start: int, stop: int) -> "Result":
        return Result({k: v[start:stop] for k, v in self.series.items()}, self.units)

    def every(self, step: int) -> "Result":
        """Every ``step``-th row (for coarser CSV output); always keeps the last row."""
        n = len(self)
        idx = np.unique(np.r_[np.arange(0, n, step), n - 1]) if n else np.arange(0)
        return Result({k: v[idx] for k, v in self.series.items()}, self.units)

    @staticmethod
    def concat(parts: Iterable["Result"]) -> "Result":
        parts = list(parts)
        if not parts:
            raise ValueError("nothing to concatenate")
        if len(parts) == 1:
            return parts[0]  # a Result is not changed after it is made: no copy needed
        keys = parts[0].names
        return Result({k: np.concatenate([p.series[k] for p in parts]) for k in keys}, parts[0].units)

    def equals(self, other: "Result") -> bool:
        """Bit-identical series (the determinism check)."""
        return self.names == other.names and all(
            np.array_equal(self.series[k], other.series[k]) for k in self.names
        )
