"""The unmodulated Pivonka 2008 core as SBML Level 3, for COPASI, tellurium and libroadrunner.

``bonegui core ... --sbml FILE.xml`` writes the same experiment `bonegui core` runs: the core of
``bonegui.model.bone`` (``core_rhs``/``signals``) with every constant of
``bonegui.model.parameters.CORE`` (value, unit, source in the parameter's name attribute), the
steady state it starts from, and the constant infusions switched on over [from_day, to_day) by
two events (``on`` is 1 inside the window, 0 outside, as in ``run_core``). Cells are species in
a unit-volume compartment (pM), the five cell fluxes are reactions, the regulatory factors are
assignment rules, bone volume is a rate rule (``bv_rel``; the CSV's ``bv_rel`` is the
trapezoid of the same rate on the daily grid).

The model is written as Antimony text (``antimony_text``, readable) and converted by the
``antimony`` package (extra ``sbml``: ``pip install 'bonegui[sbml]'``), which carries libSBML.
tests/test_sbml.py runs the file in libroadrunner against ``run_core``.
"""

from __future__ import annotations

from typing import Mapping

from bonegui import __version__

INFUSION_PARAMETERS = {"PTH": "I_PTH", "OPG": "I_OPG", "RANKL": "I_RANKL", "TGFb": "I_TGFb"}

#: SBML unit ids for the unit strings of parameters.CORE
_UNIT_IDS = {"pM/d": "pM_per_day", "1/d": "per_day", "pM": "pM", "1/pM": "per_pM", "1": "dimensionless"}


class SbmlUnavailable(RuntimeError):
    """The antimony package (extra ``sbml``) is not installed."""


def _num(x: float) -> str:
    return repr(float(x))


def antimony_text(infusion: Mapping[str, float] | None = None, from_day: float = 0.0,
                  to_day: float | None = None, days: float = 140.0) -> str:
    """The core experiment as an Antimony model (``to_day`` None: until the end, i.e. never off)."""
    from bonegui.model.bone import PIVONKA, bone_volume_rate_constants, steady_state
    from bonegui.model.parameters import CORE

    infusion = dict(infusion or {})
    unknown = set(infusion) - set(INFUSION_PARAMETERS)
    if unknown:
        raise ValueError(f"not infusable: {', '.join(sorted(unknown))}; allowed: {', '.join(INFUSION_PARAMETERS)}")
    obp0, oba0, oca0 = steady_state(PIVONKA)
    k_form, k_res_bv = bone_volume_rate_constants(PIVONKA)
    stop = float(days) if to_day is None else float(to_day)

    lines = [
        "// Pivonka et al. 2008 (Bone 43:249) bone-cell core, as run by `bonegui core`",
        f"// exported by bonegui {__version__} (Bone Remodeling Lab); an educational model, not a medical device",
        "model pivonka2008_core",
        "  unit day = 86400 second",
        "  unit pM = 1e-12 mole / litre",
        "  unit pM_per_day = pM / day",
        "  unit per_day = 1 / day",
        "  unit per_pM = 1 / pM",
        "  unit time_unit = day",
        "  unit substance = 1e-12 mole",
        "  unit volume = litre",
        "",
        "  compartment bone = 1; bone has volume",
        "  // cells (pM), from the steady state of the core without infusion",
        f"  species OBp in bone = {_num(obp0)}; OBp has pM",
        f"  species OBa in bone = {_num(oba0)}; OBa has pM",
        f"  species OCa in bone = {_num(oca0)}; OCa has pM",
        '  OBp is "precursor osteoblasts"; OBa is "active osteoblasts"; OCa is "active osteoclasts"',
        "",
        "  // constants: parameters.CORE (value, unit, source)",
    ]
    for name, c in CORE.items():
        unit = _UNIT_IDS.get(c.unit.split(" ")[0], "dimensionless")
        label = f"{c.unit}; {c.source}".replace('"', "'")
        lines.append(f'  {name} = {_num(c.value)}; {name} has {unit}; {name} is "{label}"')
    lines += [
        f"  k_form = {_num(k_form)}; k_form has per_pM_day",
        f"  k_res_bv = {_num(k_res_bv)}; k_res_bv has per_pM_day",
        '  k_form is "bone formation per OBa, fraction of the reference volume per day (bone_volume_rate_constants)"',
        '  k_res_bv is "bone resorption per OCa: trabecular turnover 25 %/y (Parfitt 1983)"',
        "  unit per_pM_day = 1 / (pM * day)",
        "",
        "  // infusions (pM/day), on over [from_day, to_day)",
    ]
    for factor, pid in INFUSION_PARAMETERS.items():
        lines.append(f"  {pid} = {_num(infusion.get(factor, 0.0))}; {pid} has pM_per_day")
    lines += [
        f"  from_day = {_num(from_day)}; from_day has day",
        f"  to_day = {_num(stop)}; to_day has day",
        "  on = 0; on has dimensionless",
        "  var on",
        "  infusion_on: at (time >= from_day), t0=false: on = piecewise(1, time < to_day, 0)",
        "  infusion_off: at (time >= to_day), t0=false: on = 0",
        "",
        "  // regulatory factors, quasi-steady (bone.signals)",
        "  TGFb := (alpha_TGFb * k_res * OCa + on * I_TGFb) / D_TGFb",
        "  PTH := (beta_PTH + on * I_PTH) / D_PTH",
        "  pi_act_PTH := PTH / (PTH + K_PTH_act)",
        "  pi_rep_PTH := K_PTH_rep / (PTH + K_PTH_rep)",
        "  P_OPG := beta_OPG * OBa * pi_rep_PTH",
        "  OPG := (P_OPG + on * I_OPG) * OPG_max / (P_OPG + D_OPG * OPG_max)",
        "  RANKL_eff := R_RANKL * OBp * pi_act_PTH",
        "  RANKL := RANKL_eff / (1 + K_A1 * OPG + K_A2 * RANK) * (beta_RANKL + on * I_RANKL) / (beta_RANKL + D_RANKL * RANKL_eff)",
        "  RANKL_RANK := K_A2 * RANKL * RANK",
        "  pi_act_RANKL := RANKL_RANK / (RANKL_RANK + K_D8)",
        "  pi_act_TGFb_OBu := TGFb / (TGFb + K_D1)",
        "  pi_rep_TGFb_OBp := K_D2 / (TGFb + K_D2)",
        "  pi_act_TGFb_OCa := TGFb / (TGFb + K_D3)",
        "",
        "  // cell fluxes (bone.core_rhs)",
        "  OBu_to_OBp: -> OBp; bone * D_OBu * pi_act_TGFb_OBu",
        "  OBp_to_OBa: OBp -> OBa; bone * D_OBp * OBp * pi_rep_TGFb_OBp",
        "  OBa_apoptosis: OBa -> ; bone * A_OBa * OBa",
        "  OCp_to_OCa: -> OCa; bone * D_OCp * pi_act_RANKL",
        "  OCa_apoptosis: OCa -> ; bone * A_OCa * OCa * pi_act_TGFb_OCa",
        "",
        "  // bone volume relative to day 0",
        "  bv_rel = 1; bv_rel has dimensionless",
        "  bv_rel' = k_form * OBa - k_res_bv * OCa",
        "end",
    ]
    return "\n".join(lines) + "\n"


def sbml_text(infusion: Mapping[str, float] | None = None, from_day: float = 0.0,
              to_day: float | None = None, days: float = 140.0) -> str:
    """The same model as SBML Level 3 (Version 2) XML."""
    try:
        import antimony
    except ImportError:
        raise SbmlUnavailable("SBML export needs the antimony package: pip install 'bonegui[sbml]'") from None
    antimony.clearPreviousLoads()
    if antimony.loadAntimonyString(antimony_text(infusion, from_day, to_day, days)) < 0:
        raise RuntimeError(f"antimony rejected the generated model: {antimony.getLastError()}")
    xml = antimony.getSBMLString("pivonka2008_core")
    if not xml or "level3" not in xml:
        raise RuntimeError(f"antimony produced no SBML Level 3: {antimony.getLastError()}")
    return xml
