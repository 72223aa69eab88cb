"""Every catalogue agent has a PK model, and every PK constant a value, a unit and a source."""

import numpy as np
import pytest

from bonegui.catalogue import catalogue
from bonegui.model import endocrine_params
from bonegui.model.pharmacology import AGENT_KIND, exposures, pk_value
from bonegui.scenario.model import Therapy


def test_every_agent_has_a_pk_model_with_sourced_constants():
    assert set(AGENT_KIND) == set(catalogue())
    for a in catalogue().values():
        assert a.pk, a.id
        for name, entry in a.pk.items():
            assert set(entry) == {"value", "unit", "source"}, (a.id, name)
            assert isinstance(entry["value"], (int, float)) and entry["unit"] and len(entry["source"]) > 10


def test_every_agent_produces_an_exposure():
    t = np.arange(0.0, 30.0)
    for a in catalogue().values():
        for route in a.routes:
            th = Therapy(a.id, a.usual_dose, a.dose_unit, route, a.usual_interval_days, 0.0, 0.05)
            ex = exposures([th], "male", t, 1.0)
            total = sum(float(np.sum(getattr(ex, f))) for f in ex.__dataclass_fields__)
            assert total > 0.0, (a.id, route)


def test_physiology_constants_have_units_and_sources():
    table = endocrine_params.table()
    assert len(table) > 30
    for name, c in table.items():
        assert c.unit and len(c.source) > 10, name


def test_time_units_convert_to_days():
    assert pk_value("ipamorelin", "half_life") == pytest.approx(2.0 / 24.0, rel=1e-12)
    assert pk_value("gonadorelin", "half_life") == pytest.approx(4.0 / (24.0 * 60.0), rel=1e-12)
    assert pk_value("testosterone_cypionate", "half_life") == pytest.approx(4.5, rel=1e-12)
