"""Constants of the endocrine layer: physiology over age and the feedback loops.

Every constant is a ``Constant(value, unit, source)`` (bonegui.model.parameters); "assumed" sources say why. Drug PK
constants live with their agent in resources/catalogue.json ("pk"), read by pharmacology.py.
Levels are serum totals in the app's units (E2 pg/mL, T ng/dL, P4 ng/mL, IGF-1 ng/mL); LH and GH
are relative to the same-sex young-adult daily mean (= 1).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from bonegui.model.parameters import Constant, _c


# ---------------------------------------------------------------- women: ovary and menopause
E2_PREMENOPAUSAL = _c(100.0, "pg/mL", "cycle-average serum estradiol, premenopausal (follicular 30-100, "
                      "mid-cycle 100-400, luteal 60-250 pg/mL; Stricker 2006 Clin Chem Lab Med 44:883)")
E2_PERIPHERAL_POSTMENOPAUSAL = _c(10.0, "pg/mL", "postmenopausal estradiol from peripheral aromatisation of "
                                  "adrenal androgens, typical 5-20 pg/mL (Randolph 2011 JCEM 96:746, SWAN; "
                                  "Khosla 1998 JCEM 83:2266)")
MENOPAUSE_TRANSITION_SCALE = _c(0.619154, "y", "logistic width of the ovarian estradiol decline around the final "
                                "period: decline starts ~2 y before FMP, is fastest at FMP and stabilises ~2 y "
                                "after (SWAN, Randolph 2011 JCEM 96:746); serum E2 is used here, not Jorg 2022's "
                                "bone-effective e(age), whose slow tail lasts decades")
LUTEAL_LEAD = _c(1.0, "y", "luteal progesterone falls about a year before estradiol in the transition "
                 "(anovulatory cycles; Santoro 1996 JCEM 81:1495); assumed 1 y")
SURGICAL_DROP_TAU = _c(0.5, "d", "time constant of the fall of ovarian steroids after oophorectomy; E2 "
                       "half-life is hours, postmenopausal levels within days; assumed 0.5 d")
P4_PREMENOPAUSAL = _c(5.0, "ng/mL", "cycle-average progesterone (follicular < 1, luteal 5-20 ng/mL; "
                      "Stricker 2006 Clin Chem Lab Med 44:883)")
P4_BASAL = _c(0.2, "ng/mL", "postmenopausal women and men, adrenal origin (< 0.5 ng/mL; Stricker 2006)")
T_FEMALE_YOUNG = _c(35.0, "ng/dL", "total testosterone, women ~25 y (15-70 ng/dL; Davison 2005 JCEM 90:3847)")
T_FEMALE_OVARIAN_SHARE = _c(0.5, "1", "share of a postmenopausal woman's T made by the ovary: oophorectomy "
                            "about halves it (Judd 1974 JCEM 39:1020; Davison 2005 JCEM 90:3847)")
ANDROGEN_DECLINE_FEMALE = _c(0.012, "1/y", "adrenal androgen decline in women from 25 y (T and DHEAS fall "
                             "with age, not at menopause; Davison 2005 JCEM 90:3847); ~1.2 %/y assumed")
HYPOGONADISM_FEMALE_OVARY = _c(0.2, "1", "'hypogonadism' condition in a woman (ovarian insufficiency or "
                                "hypothalamic amenorrhoea): ovarian E2/P4 output factor, giving E2 ~30 pg/mL; "
                                "assumed")
LH_MAX_FEMALE = _c(5.0, "1 (rel.)", "LH without estradiol feedback relative to premenopausal mean: "
                   "postmenopausal LH ~25-35 vs ~6 IU/L (Stricker 2006)")
LH_E2_HILL_FEMALE = _c(1.5, "1", "steepness of estradiol's negative feedback on LH in women; assumed "
                       "(gives postmenopausal LH ~4.4x and ~1.5x on 50 mcg/day transdermal E2)")

# ---------------------------------------------------------------- men: the HPG loop
T_MALE_YOUNG = _c(600.0, "ng/dL", "total testosterone, healthy non-obese men 19-39 y; harmonised range "
                  "264-916 ng/dL (Travison 2017 JCEM 102:1161)")
E2_MALE_YOUNG = _c(25.0, "pg/mL", "serum estradiol in young men, typical 20-40 pg/mL (Khosla 1998 "
                   "JCEM 83:2266; Finkelstein 2013 NEJM 369:1011)")
E2_MALE_ADRENAL_SHARE = _c(0.15, "1", "share of a young man's E2 aromatised from adrenal androgens rather "
                           "than T (about 80-85 % of male E2 comes from T; de Ronde 2011 / MacDonald "
                           "1979); assumed 0.15")
LH_MAX_MALE = _c(10.0, "1 (rel.)", "LH without sex-steroid feedback (castrate) relative to young men: "
                 "castrate LH ~5-10x; fitted to the feedback targets below")
LH_T_WEIGHT = _c(0.08, "1", "share of T itself (AR) in the male negative feedback at the reference state; "
                 "the rest is E2 (ER), which dominates in men (Hayes 2000 JCEM 85:3027); fitted")
LH_T_HILL = _c(6.0, "1", "steepness of T's own feedback: acts mainly at supraphysiological T; fitted")
LH_E2_HILL_MALE = _c(1.9, "1", "steepness of E2 feedback in men; fitted so that an aromatase inhibitor "
                     "(E2 -40 %) raises T by ~45-55 % (Leder 2004 JCEM 89:1174: +67 %; Mauras 2000 JCEM "
                     "85:2370: +58 %) while exogenous T suppresses LH (Nankin 1987)")
LEYDIG_HALF_SAT = _c(6.0, "1 (rel. LH)", "LH at which Leydig T output is half its maximum: large reserve "
                     "(hCG can raise T several-fold); fitted")
LEYDIG_DECLINE = _c(0.020, "1/y", "age-related loss of Leydig capacity from 40 y; with the hypothalamic "
                    "decline below it gives total T about -1 %/y (MMAS: -0.8 %/y cross-sectional, "
                    "-1.6 %/y longitudinal, Feldman 2002 JCEM 87:589) and a modest LH rise")
GNRH_DRIVE_DECLINE = _c(0.006, "1/y", "age-related fall of hypothalamic GnRH drive from 40 y (mixed "
                        "primary/secondary ageing of the axis; Veldhuis 2008); assumed")
PITUITARY_SLOW_SHARE = _c(0.5, "1", "share (as an exponent) of the steroid feedback on LH that acts through "
                          "the gonadotrophs' LH reserve (synthesis, GnRH receptors) rather than at once; "
                          "assumed 0.5")
PITUITARY_RESERVE_TAU = _c(10.0, "d", "time constant of the LH reserve: after sex-steroid suppression LH "
                           "recovers over days to weeks, so one 200 mg injection keeps LH down until T is "
                           "back at baseline on day 13-14 (Nankin 1987); fitted to C10")
HYPOGONADISM_LEYDIG = _c(0.36, "1", "'hypogonadism' condition: Leydig capacity factor; with the drive "
                         "factor gives T below the 264 ng/dL lower limit (Bhasin 2018 Endocrine Society "
                         "guideline) from ~50 y: 285 at 45 y (under the AUA 300 cut-off), 247 at 55, 213 "
                         "at 65, 192 at 72 (TTrials entry < 275, mean ~236 at ~72 y, Snyder 2016 NEJM "
                         "374:611); lower would overshoot C10's 3x peak in hypogonadal men; assumed mixed cause")
HYPOGONADISM_DRIVE = _c(0.6, "1", "'hypogonadism' condition: GnRH drive factor (most men treated have "
                        "secondary or mixed hypogonadism); assumed")
T_MCR_MALE = _c(1000.0, "L/day", "metabolic clearance rate of testosterone in men (~1000 L/day; production "
                "~6-7 mg/day at ~6 ng/mL; textbook value, Vermeulen)")
T_MCR_FEMALE = _c(600.0, "L/day", "metabolic clearance rate of testosterone in women (~500-700 L/day, "
                  "textbook); assumed 600")
AROMATASE_FEMALE_T = _c(0.0333, "(pg/mL E2)/(ng/dL T)", "aromatisation of exogenous T to E2 in women: "
                        "assumed equal to the male ratio (25 x 0.85 / 600)")

# ---------------------------------------------------------------- gonadorelin / pituitary desensitisation
GNRH_EXPOSURE_HALF = _c(0.5, "1 (time fraction)", "fraction of time with GnRH present at which the "
                        "pituitary is half desensitised; physiological pulses (minutes every 1.5-2 h) "
                        "stimulate, continuous exposure desensitises (Belchetz 1978 Science 202:631); "
                        "assumed")
GNRH_DESENS_HILL = _c(4.0, "1", "steepness of desensitisation vs exposure fraction; assumed")
GNRH_DESENS_MAX = _c(0.99, "1", "largest loss of pituitary LH output under continuous GnRH (agonist "
                     "therapy suppresses LH > 90 % and T to castrate levels < 50 ng/dL); assumed")
GNRH_DESENS_ON_TAU = _c(5.0, "d", "time constant of desensitisation onset (flare then suppression in 1-3 "
                        "weeks with GnRH agonists); assumed")
GNRH_DESENS_OFF_TAU = _c(14.0, "d", "time constant of recovery after continuous GnRH stops; assumed")

LEYDIG_RESPONSE_TAU = _c(0.25, "d", "time constant of testicular T output following an LH spike (T peaks "
                         "hours after an LH/hCG pulse); used for gonadorelin spikes in the fine view; assumed")

# ---------------------------------------------------------------- GH / IGF-1
IGF1_YOUNG = _c(250.0, "ng/mL", "median serum IGF-1 at ~25 y, both sexes (Bidlingmaier 2014 JCEM 99:1712)")
GH_DECLINE = _c(0.018, "1/y", "fall of daily GH secretion from 25 y (~14-17 %/decade, Iranmanesh 1991 JCEM "
                "73:1081); calibrated so IGF-1 falls to ~45 % of the young median by 75 y (Bidlingmaier 2014)")
IGF1_GH_HALF_SAT = _c(3.0, "1 (rel. GH)", "GH (rel. to young mean) at which hepatic IGF-1 output is half its "
                      "maximum: IGF1 = IGF1_young * GH (1+K)/(GH+K), so GH 2-10x gives IGF-1 1.5-3x as "
                      "with CJC-1295 (Teichman 2006 JCEM 91:799)")
IGF1_TAU = _c(2.0, "d", "time constant of IGF-1 (and its binding proteins) following GH; IGF-1 rises within "
              "a day of GH and plateaus in days; assumed")
ORAL_E2_IGF1_MAX = _c(0.4, "1", "largest fall of hepatic IGF-1 output with oral estrogen (first pass through "
                      "the liver); oral but not transdermal estrogen lowers IGF-1 by about a quarter to a "
                      "third (Weissberger 1991 JCEM 72:374); assumed maximum")
ORAL_E2_IGF1_HALF = _c(40.0, "pg/mL", "serum E2 from the oral route at which the IGF-1 fall is half its "
                       "maximum: 1 mg/day lowers IGF-1 ~18 %, 2 mg/day ~25 %; assumed")
GH_DEFICIENCY_BASE = _c(0.2, "1", "'gh_deficiency' condition: daily GH relative to age-typical; assumed "
                        "(adult GHD: IGF-1 usually below the age range)")
GH_DEFICIENCY_RESERVE = _c(0.2, "1", "'gh_deficiency' condition: pituitary response to secretagogues "
                           "(somatotrophs lost, so GHRH/ghrelin agonists do little); assumed")
GH_AGE_START = _c(25.0, "y", "age from which GH secretion declines (Iranmanesh 1991)")
HPG_AGE_START = _c(40.0, "y", "age from which male T declines (Feldman 2002 JCEM 87:589)")


def table() -> Mapping[str, Constant]:
    """All constants by name (for the docs / About box)."""
    return MappingProxyType({k: v for k, v in globals().items() if isinstance(v, Constant)})
