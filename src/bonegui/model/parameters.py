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
        "E2_EC50": _c(13.9027, "pg/mL", "half-maximal skeletal E2 signal: bone resorption rises in men below ~20 pg/mL total E2 (Finkelstein 2013 NEJM 369:1011; Khosla 2001 JCEM 86:3555: ~11 pg/mL bioavailable) and ultra-low-dose estradiol (serum E2 ~15-20 pg/mL) gives about half the spine gain of standard doses (Ettinger 2004 Obstet Gynecol 104:443; Prestwood 2003 JAMA 290:1042); fitted"),
        "E2_hill": _c(3.45247, "1", "steepness, so that the signal is ~90 % of its maximum at 50 pg/mL and ~98 % at 100 pg/mL: replacement levels protect fully (CALIBRATION C17, Lindsay 1976/1978); fitted"),
        "E2_rankl_gain": _c(0.504902, "1", "E2 lowers RANKL on osteoblast-lineage cells (Eghbali-Fatourechi 2003 JCI 111:1221: RANKL per marrow cell ~2-3x after menopause); fitted C9"),
        "E2_opg_gain": _c(3.14714, "1", "E2 raises OPG production (Hofbauer 1999 Endocrinology 140:4367; Bord 2003 JCEM 88:3807); fitted C9"),
        "E2_oc_apoptosis_gain": _c(0.670441, "1", "E2 promotes osteoclast apoptosis (Hughes 1996 Nat Med 2:1132; Nakamura 2007 Cell 130:811): deeper erosion without it; fitted C9"),
        "E2_ob_apoptosis_gain": _c(0.107884, "1", "E2 protects osteoblasts from apoptosis (Kousteni 2001 Cell 104:719): the per-cycle formation deficit of estrogen deficiency; fitted C9"),
        # Testosterone through the androgen receptor: direct anabolic, on OBp supply.
        "T_EC50": _c(320.0, "ng/dL", "AR-mediated bone effect half-maximal near the clinical hypogonadism threshold ~300 ng/dL (Bhasin 2018 JCEM 103:1715 guideline), saturated in eugonadal men: supraphysiological doses add little (Bhasin 2001 Am J Physiol 281:E1172); fitted C4/C5"),
        "T_hill": _c(4.0, "1", "steep: little further bone effect above the normal male range (Snyder 1999: effect only when baseline T is low, C5); fitted C4/C5"),
        "T_obu_gain": _c(0.3558, "1", "AR raises osteoblast precursor proliferation/differentiation (Kasperk 1989 Endocrinology 124:1576); fitted: young man (E2 25 pg/mL, T 600 ng/dL) in balance"),
        # GH / IGF-1: the whole remodelling cycle.
        "IGF1_rankl_exponent": _c(0.998813, "1", "IGF-1 raises osteoclastogenesis through osteoblast RANKL (IGF-1 receptor in osteoblasts needed for RANKL/M-CSF expression, Wang 2006 JBMR 21:1350; Rubin 2002 JCEM 87:4273), so turnover rises with RANKL, not beside it; fitted C16 (turnover up)"),
        "IGF1_rankl_half_saturation": _c(0.794115, "1 (IGF-1 rel. to 250 ng/mL)", "the osteoclastogenic action of IGF-1 is permissive: lost in GH deficiency (low turnover, which GH replacement raises ~2-fold, Barake 2014 JCEM 99:852) but nearly saturated in the normal range, so raising IGF-1 above normal in GH-sufficient adults raises resorption only modestly (Papadakis 1996); half-saturation assumed/fitted C16 with GH deficiency's first-year course (no BMD rise in year 1, Barake 2014)"),
        "IGF1_rankl_hill": _c(2.35401, "1", "steepness of that permissive action: osteoclastogenesis collapses only in deficiency; assumed/fitted with the half-saturation"),
        "IGF1_obu_exponent": _c(0.213503, "1", "IGF-1 raises osteoblast precursor supply (Yakar 2002 JCI 110:771; Hock 1988 Endocrinology 122:254); fitted C16 (no lasting gain)"),
        "IGF1_apposition_exponent": _c(0.478662, "1", "IGF-1 raises the rate at which active osteoblasts lay down matrix (collagen synthesis, Canalis 1980 J Clin Invest 66:709; mineral apposition rate up on GH, Bravenboer 1997 Bone 20:269), so cavities refill sooner and the remodelling space shrinks; with age the formation period lengthens as IGF-1 falls (Parfitt 1994). Refill rate x (IGF-1/ref)^a; fitted C16 (6-month spine +1.6 %)"),
        # Mechanical loading after Scheiner 2013 (CMAME 254:181), with accommodation.
        "mech_overload_slope": _c(0.312823, "1", "Scheiner 2013: overload raises OBp proliferation, factor 0.5*[1+1.25*(Psi-Psi_ss)/Psi_ss]; here 1 + lambda*ln(Psi/Psi_ss) relative to the set point (same slope form near Psi_ss, diminishing for large Psi); lambda fitted C8"),
        "mech_overload_cap": _c(4.0, "1", "Scheiner 2013 caps the factor at 2x its set-point value; 4x here so that a post-menopausal skeleton already in overload still answers to training (C8); deviation, assumed"),
        "mech_disuse_rankl": _c(387.386, "pM/d", "Scheiner 2013 form P_RANKL = kappa*(1-Psi/Psi_ss), here kappa*(Psi_ss/Psi-1) (same to first order); kappa rescaled from Scheiner's 1e5 pM/d to this core's RANKL scale (beta_RANKL = 168 pM/d); fitted C19/C6"),
        "mech_disuse_formation_exponent": _c(3.2101, "1", "unloading raises osteocyte sclerostin, which blocks Wnt-driven osteoblastogenesis (Robling 2008 JBC 283:5866; Spatz 2012 JCEM 97:E1736, bed rest), so formation does not follow resorption under disuse: OBu supply x (Psi/Psi_ss)^s below the set point; fitted C19 (bed rest: CTX up, P1NP flat)"),
        "mech_overload_rankl_exponent": _c(1.45986, "1", "loading above the set point lowers osteocyte RANKL (osteocytes are the main RANKL source in remodelling, Xiong 2011 Nat Med 17:1235; strain lowers RANKL and sclerostin, Tu 2012 Bone 50:209): RANKL expression x (Psi/Psi_ss)^-r, so training first closes remodelling space; fitted C8/C18"),
        "mech_bv_exponent": _c(4.98263, "1", "strain energy density at fixed load rises as bone volume falls, Psi ~ BV^-p (stiffness ~ density^2-3, Gibson-Ashby; strain energy ~ stress^2/E); fitted C1"),
        "mech_accommodation_share": _c(0.792151, "1", "share of a rise in loading that becomes the skeleton's customary load (Turner 1998 Bone 23:399, rule 3: bone cells accommodate to customary loading; the rest is the genetic set point of Frost's mechanostat); fitted C18"),
        "mech_accommodation_tau": _c(1.46765, "y", "time constant of that accommodation: gains of training level off within 1-2 years (LIFTMOR 8 months, C8; Turner 1998); fitted C18"),
        # Explicit age terms (docs/model.md).
        "age_loading_onset": _c(54.9754, "y", "muscle mass and strength decline from the fourth decade (Volpi 2004 Curr Opin Clin Nutr Metab Care 7:405; Goodpaster 2006 J Gerontol A 61:1059), accelerating after 50; assumed onset"),
        "age_loading_rate": _c(1.331308e-05, "1/y^3", "stimulus exp(-rate*(age-onset)^3) (strain energy ~ force^2; leg strength -25..-35 % by 80-85 y, Lindle 1997 J Appl Physiol 83:1581); fitted C7/C6/C13"),
        "age_loading_floor": _c(0.2, "1", "lowest age factor: the frail old still bear their weight when they stand and walk (strength ~45 % of young); assumed"),
        "pth_age_gain": _c(4.19848, "1", "secondary hyperparathyroidism of ageing, which estrogen prevents: without E2 intestinal and renal calcium handling fail and PTH rises with age (Riggs 1998 JBMR 13:763, the unitary model; McKane 1996 JCEM 81:1699: estrogen lowers PTH and resorption in elderly women). PTH production x (1 + g*((age-50)/30)^n*(1-s_E2/s_E2,ref)); fitted C7 (estrogen users lose a third less)"),
        "pth_age_onset": _c(50.0, "y", "the slow, late phase of involutional loss (Riggs 1998); assumed"),
        "pth_age_exponent": _c(1.07448, "1", "shape of the rise: serum PTH climbs faster in the old (about +30 % from 30 to 80 y, most of it after 60, Endres 1987 JCEM 65:724; Riggs 1998); fitted C7"),
    }
)

#: Tissue-level remodelling (MODEL.md section 3): basic multicellular units.
REMODELLING: Mapping[str, Constant] = MappingProxyType(
    {
        "refill_delay": _c(110.0, "d", "mean time from excavation of a cavity to its refilling with mineralised bone: resorption 30-40 d, reversal 10-30 d, formation 125-170 d in human trabecular bone (Eriksen 1994 Physiol Rev 74:1; Parfitt 1994 J Cell Biochem 55:273), the open cavity's mean life ~ resorption/2 + reversal + formation/2; assumed. It sets the remodelling space (~6 % of spine bone at reference turnover, Heaney 1994 JBMR 9:1515: 4-8 %)"),
        "hip_space_share": _c(0.239329, "1", "remodelling space per unit of turnover at the hip relative to the spine: the total hip is mostly cortical bone, whose narrow osteonal cavities hold less open space per unit of bone turned over than trabecular surfaces (Parfitt 1983; Heaney 1994 JBMR 9:1515: the remodelling transient is largest at trabecular sites), so estrogen's refill gain is smaller at the hip (PEPI +1.7 % vs spine +3.5..5 %); fitted C3"),
        "overfill_max": _c(0.10, "1", "largest per-cycle overfill of a cavity: in remodelling-based formation osteoblast teams refill what was resorbed, with wall thickness exceeding erosion depth by a tenth at most even under anabolic stimulation (Dempster 2001 JBMR 16:1846; Compston 2007 Bone 40:1447); assumed. A deficit (too few osteoblasts) is not bounded"),
    }
)

#: Activity levels as daily strain-energy stimulus relative to a sedentary day (assumed).
ACTIVITY_STIMULUS: Mapping[str, Constant] = MappingProxyType(
    {
        "bed_rest": _c(0.790823, "1", "ambulation removed; fitted to LeBlanc 1990 JBMR 5:843 (17 weeks of bed rest: femoral neck -3.6 %)"),
        "sedentary": _c(1.0, "1", "reference"),
        "active": _c(1.15, "1", "assumed: regular walking/recreational activity"),
        "high_intensity": _c(2.64116, "1", "assumed: high-intensity resistance and impact training (~80-85 % 1RM + jumps); fitted C8 (LIFTMOR)"),
    }
)

#: Tissue layer: site turnover, mineralisation lag, markers.
TISSUE: Mapping[str, Constant] = MappingProxyType(
    {
        "spine_turnover": _c(0.237023, "1/y", "lumbar spine (DXA) fraction remodelled per year at the reference (trabecular ~25 %/y, cortical shell and posterior elements less; Parfitt 1983); fitted C1/C2 with C9 marker levels"),
        "hip_turnover": _c(0.215666, "1/y", "total hip/femoral neck, more cortical than spine; fitted C1/C13"),
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
RemodellingParameters = _dataclass_from("RemodellingParameters", REMODELLING)
RemodellingParameters.__doc__ = "BMU-level remodelling constants (see ``REMODELLING``)."
TissueParameters.__doc__ = "Tissue-layer constants (see ``TISSUE``)."


def all_tables() -> dict[str, Mapping[str, Constant]]:
    """Every constant table, for docs and the unit/source test."""
    return {
        "CORE": CORE,
        "REFERENCE_HORMONES": REFERENCE_HORMONES,
        "MODULATION": MODULATION,
        "REMODELLING": REMODELLING,
        "ACTIVITY_STIMULUS": ACTIVITY_STIMULUS,
        "TISSUE": TISSUE,
    }


def field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))
