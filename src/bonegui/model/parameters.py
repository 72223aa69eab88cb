"""Every constant of the bone model: value, unit and source, in one place.

Three groups:
- ``CORE``: the Pivonka et al. 2008 bone-cell model (Bone 43:249), values of the MIT-licensed
  ``bone_models`` 0.1.0 implementation (they reproduce the paper's steady state; the paper's own
  table has typos for beta_RANKL, R_RANKL and K_D8).
- ``MODULATION``: the project's joins (hormones and loading acting on the core). Each is a
  multiplier that is exactly 1 at the reference hormone levels ``REFERENCE_HORMONES``.
  Values marked "fitted" were calibrated against the case named (docs/model.md).
- ``TISSUE``: site turnover, mineralisation lag, marker exponents, BMD reference tables.

The dataclasses built from the tables are what the code uses; the tables are what docs and tests
read, so a constant without a unit and a source cannot exist.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class Constant:
    value: float
    unit: str
    source: str


def _c(value: float, unit: str, source: str) -> Constant:
    return Constant(float(value), unit, source)


_PIV = "Pivonka 2008 Bone 43:249 (value of bone_models 0.1.0)"

#: Pivonka 2008 core, RANKL on precursor osteoblasts, OPG on active osteoblasts.
CORE: Mapping[str, Constant] = MappingProxyType(
    {
        "D_OBu": _c(7.0e-4, "pM/d", _PIV),
        "D_OBp": _c(0.2674077909527713, "1/d", _PIV + "; 5.348/d x correction f0 = 0.05"),
        "D_OCp": _c(2.1e-3, "pM/d", _PIV),
        "A_OBa": _c(0.189, "1/d", _PIV),
        "A_OCa": _c(0.7, "1/d", _PIV),
        "K_D1": _c(4.545454545454545e-3, "pM", _PIV + "; TGF-b activation of OBu"),
        "K_D2": _c(1.415624253823446e-3, "pM", _PIV + "; TGF-b repression of OBp"),
        "K_D3": _c(4.545454545454545e-3, "pM", _PIV + "; TGF-b activation of OCa apoptosis"),
        "K_PTH_act": _c(150.0, "pM", _PIV + "; PTH activation of RANKL expression"),
        "K_PTH_rep": _c(2.225814277099542e-1, "pM", _PIV + "; PTH repression of OPG expression"),
        "K_D8": _c(4.457452802710724, "pM", _PIV + "; RANKL-RANK activation of OCp"),
        "D_PTH": _c(86.0, "1/d", _PIV),
        "D_OPG": _c(0.35, "1/d", _PIV),
        "D_RANKL": _c(1.0132471014805027e1, "1/d", _PIV),
        "D_TGFb": _c(1.0, "1/d", _PIV),
        "OPG_max": _c(2.0e8, "pM", _PIV),
        "RANK": _c(10.0, "pM", _PIV),
        "K_A1": _c(1.0e-3, "1/pM", _PIV + "; RANKL-OPG association"),
        "K_A2": _c(3.411764705882353e-2, "1/pM", _PIV + "; RANKL-RANK association"),
        "beta_PTH": _c(250.0, "pM/d", _PIV + "; systemic PTH production"),
        "beta_RANKL": _c(1.684195714712206e2, "pM/d", _PIV + "; intrinsic RANKL production"),
        "beta_OPG": _c(1.624900337835679e8, "1/d", _PIV + "; OPG production per active OB"),
        "R_RANKL": _c(2.703476379131062e6, "1 (RANKL per OBp)", _PIV + "; max RANKL per cell"),
        "alpha_TGFb": _c(1.0, "1", _PIV + "; TGF-b stored per unit resorbed bone"),
        "k_res": _c(1.0, "1/d", _PIV + "; resorption rate constant"),
    }
)

#: Young-adult reference hormone levels: every hormone modulator is exactly 1 here.
#: The reference person is a young woman (mid-cycle-averaged E2). A young man differs only in
#: his hormone values; the same functions apply to him (see docs/model.md, "reference state").
REFERENCE_HORMONES: Mapping[str, Constant] = MappingProxyType(
    {
        "estradiol_pg_ml": _c(110.0, "pg/mL", "young women, cycle-averaged serum E2 (Stricker 2006 Clin Chem Lab Med 44:883); the endocrine layer's premenopausal level"),
        "testosterone_ng_dl": _c(35.0, "ng/dL", "women ~25 y, serum total T (Davison 2005 JCEM 90:3847); the endocrine layer's young-woman level"),
        "igf1_ng_ml": _c(250.0, "ng/mL", "adults 20-30 y, serum IGF-1 (Bidlingmaier 2014 JCEM 99:1712)"),
    }
)

#: Hormone and loading modulators (MODEL.md section 2).
MODULATION: Mapping[str, Constant] = MappingProxyType(
    {
        # Estradiol: one saturating Hill function of serum E2 shared by both sexes.
        "E2_EC50": _c(10.96, "pg/mL", "high-sensitivity component near Khosla 2001's threshold (bone loss in men below ~11 pg/mL bioavailable E2, JCEM 86:3555); fitted C4/C1"),
        "E2_EC50_low_sensitivity": _c(88.92, "pg/mL", "low-sensitivity component: bone loss starts in the late menopausal transition while serum E2 is still 60-100 pg/mL (SWAN: Greendale 2012 JBMR 27:111; Sowers 2010 JCEM 95:2155); fitted C2"),
        "E2_hill_low_sensitivity": _c(2.0, "1", "shallow; assumed"),
        "E2_low_sensitivity_weight": _c(0.5031, "1", "share of the skeletal E2 signal in the low-sensitivity component; fitted C2"),
        "E2_hill": _c(3.814, "1", "steep threshold (Khosla 2001); fitted C4/C1"),
        "E2_rankl_gain": _c(0.8699, "1", "E2 lowers RANKL on osteoblast-lineage cells (Eghbali-Fatourechi 2003 JCI 111:1221: RANKL per marrow cell ~2-3x after menopause); fitted C9"),
        "E2_opg_gain": _c(0.948, "1", "E2 raises OPG production (Hofbauer 1999 Endocrinology 140:4367; Bord 2003 JCEM 88:3807); fitted C9"),
        "E2_oc_apoptosis_gain": _c(0.8511, "1", "E2 promotes osteoclast apoptosis (Hughes 1996 Nat Med 2:1132; Nakamura 2007 Cell 130:811); fitted C9"),
        "E2_ob_apoptosis_gain": _c(0.6543, "1", "E2 protects osteoblasts from apoptosis (Kousteni 2001 Cell 104:719); sets formation below resorption after menopause; fitted C9"),
        # Testosterone through the androgen receptor: direct anabolic, on OBp supply.
        "T_EC50": _c(320.0, "ng/dL", "AR-mediated bone effect half-maximal near the clinical hypogonadism threshold ~300 ng/dL (Bhasin 2018 JCEM 103:1715 guideline), saturated in eugonadal men; fitted C4/C5"),
        "T_hill": _c(4.0, "1", "steep: little further bone effect above the normal male range (Snyder 1999: effect only when baseline T is low, C5); fitted C4/C5"),
        "T_obu_gain": _c(0.255, "1", "AR raises osteoblast precursor proliferation/differentiation (Kasperk 1989 Endocrinology 124:1576); fitted: young man (E2 25 pg/mL, T 600 ng/dL) in balance"),
        # GH / IGF-1: both sides of turnover.
        "IGF1_obu_exponent": _c(0.34, "1", "IGF-1 raises osteoblast precursor supply (Yakar 2002 JCI 110:771); fitted C13 (premenopausal loss as IGF-1 falls) with the GH dip-then-gain shape"),
        "IGF1_ocp_exponent": _c(1.5, "1", "IGF-1 raises osteoclastogenesis via RANKL/M-CSF (Wang 2006 JBMR 21:1350); set steeper than the OB side so a GH start opens remodelling space first (dip then gain); assumed"),
        # Mechanical loading after Scheiner 2013 (CMAME 254:181).
        "mech_overload_slope": _c(0.8903, "1", "Scheiner 2013: overload raises OBp proliferation, factor 0.5*[1+1.25*(Psi-Psi_ss)/Psi_ss]; here 1 + lambda*ln(Psi/Psi_ss) relative to the set point (same slope form near Psi_ss, diminishing for large Psi); lambda fitted C8 and C1"),
        "mech_overload_cap": _c(4.0, "1", "Scheiner 2013 caps the factor at 2x its set-point value; 4x here so that a post-menopausal skeleton already in overload still answers to training (C8); deviation, assumed"),
        "mech_disuse_rankl": _c(667.1, "pM/d", "Scheiner 2013 form P_RANKL = kappa*(1-Psi/Psi_ss), here kappa*(Psi_ss/Psi-1) (same to first order); kappa rescaled from Scheiner's 1e5 pM/d to this core's RANKL scale (beta_RANKL = 168 pM/d); fitted C7/C6"),
        "mech_bv_exponent": _c(4.14, "1", "strain energy density at fixed load rises as bone volume falls, Psi ~ BV^-p (stiffness ~ density^2-3, Gibson-Ashby; strain energy ~ stress^2/E); fitted C1 (deceleration after FMP+2)"),
        # Explicit age term (docs/model.md): muscle-driven loading falls with age.
        "age_loading_onset": _c(50.0, "y", "muscle strength loss accelerates after ~50 y (Goodpaster 2006 J Gerontol A 61:1059; Lindle 1997 J Appl Physiol 83:1581); assumed onset"),
        "age_loading_rate": _c(1.547e-05, "1/y^3", "stimulus exp(-rate*(age-onset)^3): -2 % at 60 y, -7 % at 67 y, -25 % at 80 y, -48 % at 85 y (strain energy ~ force^2; leg strength -25..-35 % by 80-85 y, Lindle 1997); fitted C7/C6"),
        "age_loading_floor": _c(0.2, "1", "lowest age factor: the frail old still bear their weight when they stand and walk (strength ~45 % of young); reached at ~97 y; assumed"),
    }
)

#: Activity levels as daily strain-energy stimulus relative to a sedentary day (assumed).
ACTIVITY_STIMULUS: Mapping[str, Constant] = MappingProxyType(
    {
        "bed_rest": _c(0.42, "1", "ambulation removed; fitted to LeBlanc 1990 JBMR 5:843 (17 weeks of bed rest: femoral neck -3.6 %)"),
        "sedentary": _c(1.0, "1", "reference"),
        "active": _c(1.15, "1", "assumed: regular walking/recreational activity"),
        "high_intensity": _c(1.566, "1", "assumed: high-intensity resistance and impact training (~80-85 % 1RM + jumps); fitted C8 (LIFTMOR)"),
    }
)

#: Tissue layer: site turnover, mineralisation lag, markers.
TISSUE: Mapping[str, Constant] = MappingProxyType(
    {
        "spine_turnover": _c(0.2139, "1/y", "lumbar spine (DXA) fraction remodelled per year at the reference (trabecular ~25 %/y, cortical shell and posterior elements less; Parfitt 1983); fitted C1/C2 with C9 marker levels"),
        "hip_turnover": _c(0.1597, "1/y", "total hip/femoral neck, more cortical than spine; fitted C1/C13"),
        "mineralisation_lag": _c(60.0, "d", "formation reaches the mineral with the formation-period / mineralisation delay (Parfitt 1994 J Cell Biochem 55:273; Heaney 1994 JBMR 9:1515 remodeling transient); assumed"),
        "p1np_exponent": _c(1.453, "1", "Jorg 2022 eLife 11:e76228: P1NP ~ formation^1.453"),
        "ctx_exponent": _c(1.161, "1", "Jorg 2022 eLife 11:e76228: CTX ~ resorption^1.161"),
        "peak_age": _c(25.0, "y", "young-adult peak bone mass reached (Looker 1998 NHANES III reference age 20-29); history starts here"),
    }
)


@dataclass(frozen=True)
class SiteReference:
    mean_g_cm2: float
    sd_g_cm2: float
    source: str


_NH3 = "NHANES III, non-Hispanic white, age 20-29 (Looker 1998 Osteoporos Int 8:468)"
_NH05 = "NHANES 2005-2008, age 20-30 (Looker 2012 Osteoporos Int 23:1351; tabulated in Front Endocrinol 2026 17:1748490)"

#: Young-adult BMD reference per (site, sex) for T-scores.
BMD_REFERENCE: Mapping[tuple[str, str], SiteReference] = MappingProxyType(
    {
        ("hip", "female"): SiteReference(0.942, 0.122, _NH3 + ", total hip"),
        ("hip", "male"): SiteReference(1.041, 0.144, _NH3 + ", total hip"),
        ("spine", "female"): SiteReference(1.064, 0.106, _NH05 + ", total lumbar spine L1-L4"),
        ("spine", "male"): SiteReference(1.057, 0.110, _NH05 + ", total lumbar spine L1-L4"),
    }
)


def _dataclass_from(name: str, table: Mapping[str, Constant]):
    from dataclasses import make_dataclass

    return make_dataclass(name, [(k, float, c.value) for k, c in table.items()], frozen=True)


CoreParameters = _dataclass_from("CoreParameters", CORE)
CoreParameters.__doc__ = "Pivonka 2008 constants (see ``CORE`` for units and sources)."
ModulationParameters = _dataclass_from("ModulationParameters", MODULATION)
ModulationParameters.__doc__ = "Hormone and loading modulator constants (see ``MODULATION``)."
TissueParameters = _dataclass_from("TissueParameters", TISSUE)
TissueParameters.__doc__ = "Tissue-layer constants (see ``TISSUE``)."


def all_tables() -> dict[str, Mapping[str, Constant]]:
    """Every constant table, for docs and the unit/source test."""
    return {
        "CORE": CORE,
        "REFERENCE_HORMONES": REFERENCE_HORMONES,
        "MODULATION": MODULATION,
        "ACTIVITY_STIMULUS": ACTIVITY_STIMULUS,
        "TISSUE": TISSUE,
    }


def field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))
